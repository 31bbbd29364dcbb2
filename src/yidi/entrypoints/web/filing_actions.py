"""The insured person's actions on an own filing: cancel it, or supply the materials promised
under a commitment. Whether it may be cancelled now (locks, dates) and whether the supplied
materials complete it is decided by ``filing_services``; refusals are shown on the filing's card.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from yidi.domain.filing.channels import Channel
from yidi.domain.filing.creation import MaterialIn
from yidi.domain.filing.materials import MaterialKind
from yidi.entrypoints.web.common import REFUSALS, Form, Insured, actor, errors_of, render, uow
from yidi.entrypoints.web.insured_pages import _id_number, _person
from yidi.service_layer import filing_services, queries
from yidi.service_layer.web_users import WebUser

router = APIRouter(prefix="/ui/me/filings", include_in_schema=False)


def _own(request: Request, user: WebUser, filing_id: str) -> None:
    """Only the person's own filings (403 otherwise, 404 when unknown)."""
    try:
        filing = queries.get_filing(uow(request), filing_id)
    except REFUSALS:
        raise HTTPException(404, "未找到该备案") from None
    if filing.get("person_id_number") != _id_number(user):
        raise HTTPException(403, "只能办理本人的备案")


def _back(request: Request, user: WebUser, filing_id: str, exc: Exception) -> Response:
    who = actor(user, Channel.SELF_SERVICE)
    filings = queries.list_filings(uow(request), _id_number(user), actor=who)
    message = next(iter(errors_of(exc).values()))
    return render(
        request, "me/filings.html", status_code=422, person=_person(request, user), filings=filings,
        created=None, errors={filing_id: message},
    )  # fmt: skip


@router.post("/{filing_id}/cancel")
def cancel(request: Request, user: Insured, form: Form, filing_id: str) -> Response:
    _own(request, user, filing_id)
    why = str(form.get("why", "")).strip() or "本人申请取消"
    try:
        filing_services.cancel(uow(request), actor(user, Channel.SELF_SERVICE), filing_id, why)
    except REFUSALS as exc:
        return _back(request, user, filing_id, exc)
    return RedirectResponse("/ui/me/filings", status_code=303)


@router.post("/{filing_id}/supply")
def supply(request: Request, user: Insured, form: Form, filing_id: str) -> Response:
    _own(request, user, filing_id)
    ticked = form.get("materials", [])
    kinds = ticked if isinstance(ticked, list) else [ticked] if ticked else []
    reference = str(form.get("reference", "")).strip()
    try:
        items = tuple(MaterialIn(MaterialKind(k), reference) for k in kinds)
        if not items:
            raise HTTPException(422, "请勾选要补充的材料")
        filing_services.supply_materials(uow(request), actor(user, Channel.SELF_SERVICE), filing_id, items)
    except ValueError:
        raise HTTPException(422, "未知的材料类型") from None
    except REFUSALS as exc:
        return _back(request, user, filing_id, exc)
    return RedirectResponse("/ui/me/filings", status_code=303)
