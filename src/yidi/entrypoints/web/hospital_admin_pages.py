"""Hospital onboarding (医疗机构接入管理) for administrators: list, add, rotate a secret, disable or
enable — the rules are ``service_layer.hospital_onboarding``'s, the same as ``yidi hospitals``.

A new secret is shown on the answer page of the POST that made it, once, and never put in an
address, a redirect or a log; the page is not cached (``Cache-Control: no-store``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.accounts import WebRole, WebUser
from yidi.domain.errors import NotFound, YidiError
from yidi.domain.national.codes import HOSP_LV_NAMES
from yidi.entrypoints.web.common import Form, render, require, uow
from yidi.entrypoints.web.errors import form_errors
from yidi.service_layer import hospital_onboarding as onboarding

router = APIRouter(prefix="/ui/admin/hospitals", include_in_schema=False)
Admin = Annotated[WebUser, Depends(require(WebRole.ADMIN))]
FIELDS = ("code", "name", "hosp_lv", "uscc")
DONE_ZH = {"disabled": "已停用：该机构的接口请求随即被拒绝。", "enabled": "已重新启用。"}


def _page(request: Request, status_code: int = 200, **ctx: Any) -> Response:
    ctx.setdefault("values", {})
    page = render(
        request, "admin/hospitals.html", status_code=status_code,
        hospitals=onboarding.list_hospitals(lambda: uow(request)), levels=HOSP_LV_NAMES, **ctx,
    )  # fmt: skip
    page.headers["Cache-Control"] = "no-store"
    return page


@router.get("", response_class=HTMLResponse)
def list_page(request: Request, user: Admin, done: str = "") -> Response:
    return _page(request, done=DONE_ZH.get(done))


@router.post("", response_class=HTMLResponse)
def add(request: Request, user: Admin, form: Form) -> Response:
    values = {k: str(form.get(k, "")).strip() for k in FIELDS}
    try:
        added = onboarding.add(
            lambda: uow(request), code=values["code"], name=values["name"], hosp_lv=values["hosp_lv"],
            uscc=values["uscc"], by=f"admin:{user.username}", via="/ui/admin/hospitals",
        )  # fmt: skip
    except YidiError as exc:
        return _page(request, 422, values=values, errors=form_errors(exc, FIELDS))
    return _page(request, 201, shown=added)


@router.post("/{code}/{action}", response_class=HTMLResponse)
def act(request: Request, user: Admin, code: str, action: str, form: Form) -> Response:
    by, via = f"admin:{user.username}", f"/ui/admin/hospitals/{code}/{action}"
    if action == "rotate-secret":
        return _page(request, shown=onboarding.rotate_secret(lambda: uow(request), code, by=by, via=via))
    if action not in ("disable", "enable"):
        raise NotFound("action", action, "没有这个操作")
    onboarding.set_active(lambda: uow(request), code, action == "enable", by=by, via=via)
    return RedirectResponse(f"/ui/admin/hospitals?done={action}d", status_code=303)
