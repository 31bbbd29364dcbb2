"""Help on every page (issue 19 scope 5): where to call or go, for everyone without signing in.

``/ui/help`` lists the national service line (12393) and every pooling region's agency — the signed-in
insured person's own first; the footer of every page links here and names 12393; confirmations
show the person's own agency (``templates/_help.html``). The contacts are data: an administrator
changes them on ``/ui/admin/contacts`` (``service_layer.contacts``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.accounts import WebRole, WebUser
from yidi.domain.actors import Channel
from yidi.domain.contacts import AgencyContact
from yidi.domain.errors import NotFound, YidiError
from yidi.entrypoints.web.common import (
    LARGE_COOKIE,
    Form,
    actor,
    current_user,
    render,
    require,
    set_cookie,
    uow,
)
from yidi.entrypoints.web.errors import form_errors
from yidi.service_layer import contacts, queries

router = APIRouter(prefix="/ui", include_in_schema=False)
Admin = Annotated[WebUser, Depends(require(WebRole.ADMIN))]
FIELDS = ("agency", "phone", "address", "hours")


def own_region(request: Request) -> str | None:
    """The signed-in insured person's pooling region, or None (anyone else, or no record)."""
    user = current_user(request)
    if user is None or user.role is not WebRole.INSURED or not user.id_number:
        return None
    try:
        person = queries.get_person(uow(request), user.id_number, actor=actor(user, Channel.SELF_SERVICE))
    except YidiError:
        return None
    return str(person["insured_region"])


def agency_contact(request: Request, region: object = None) -> AgencyContact | None:
    """For templates: the agency of ``region`` (default: the signed-in person's own)."""
    code = str(region) if region else own_region(request)
    return contacts.contact_for(uow(request), code) if code else None


@router.get("/help", response_class=HTMLResponse)
def help_page(request: Request) -> Response:
    everyone = contacts.all_contacts(uow(request))
    mine = own_region(request)
    own = next((c for c in everyone if mine and c.region == (mine if mine == "219900" else mine[:4] + "00")), None)
    return render(request, "help.html", contacts=everyone, own=own)


@router.get("/large")
def large_text(request: Request, on: str = "1", next: str = "/ui/") -> Response:
    """长辈版: large text and controls on or off, kept for a year in a cookie (works without JS)."""
    target = next if next.startswith("/ui") and "//" not in next and "\\" not in next else "/ui/"
    response = RedirectResponse(target, status_code=303)
    set_cookie(request, response, LARGE_COOKIE, "1" if on == "1" else "0", max_age=365 * 24 * 3600)
    return response


@router.get("/admin/contacts", response_class=HTMLResponse)
def contacts_admin(request: Request, user: Admin) -> Response:
    return render(request, "admin/contacts.html", contacts=contacts.all_contacts(uow(request)), done=request.query_params.get("done"))


def _one(request: Request, region: str) -> AgencyContact:
    found = next((c for c in contacts.all_contacts(uow(request)) if c.region == region), None)
    if found is None:
        raise NotFound("contact", region, f"没有统筹区 {region} 的联系方式")
    return found


def _edit(request: Request, c: AgencyContact, status_code: int = 200, **ctx: Any) -> Response:
    values = ctx.pop("values", None) or {k: getattr(c, k) for k in FIELDS}
    return render(request, "admin/contact.html", status_code=status_code, c=c, values=values, **ctx)


@router.get("/admin/contacts/{region}", response_class=HTMLResponse)
def contact_page(request: Request, user: Admin, region: str) -> Response:
    return _edit(request, _one(request, region))


@router.post("/admin/contacts/{region}", response_class=HTMLResponse)
def contact_save(request: Request, user: Admin, form: Form, region: str) -> Response:
    c = _one(request, region)
    values = {k: str(form.get(k, "")) for k in FIELDS}
    try:
        contacts.save(uow(request), region, *(values[k] for k in FIELDS), by=user.username)
    except YidiError as exc:
        return _edit(request, c, 422, values=values, errors=form_errors(exc, FIELDS))
    return RedirectResponse(f"/ui/admin/contacts?done={region}", status_code=303)
