"""The audit log search (查阅与变更记录; 基金监管 审核 is audit_pages) for administrators: who read or changed what about whom,
when and through which page, API address or command (``service_layer.audit``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from yidi.domain.accounts import WebRole, WebUser
from yidi.entrypoints.web.common import render, require, uow
from yidi.service_layer import audit

router = APIRouter(prefix="/ui/admin/audit", include_in_schema=False)
Admin = Annotated[WebUser, Depends(require(WebRole.ADMIN))]
FIELDS = ("subject", "actor", "action", "date_from", "date_to")


def _day(text: str, errors: dict[str, str], name: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
    except ValueError:
        errors[name] = "日期格式应为 年-月-日"
        return None


@router.get("", response_class=HTMLResponse)
def search_page(request: Request, user: Admin) -> Response:
    values = {k: request.query_params.get(k, "").strip()[:120] for k in FIELDS}
    errors: dict[str, str] = {}
    since = _day(values["date_from"], errors, "date_from")
    until = _day(values["date_to"], errors, "date_to")
    entries = [] if errors else audit.search(
        lambda: uow(request), subject=values["subject"] or None, actor=values["actor"] or None,
        action=values["action"] or None, since=since, until=until + timedelta(days=1) if until else None,
    )  # fmt: skip
    return render(request, "admin/audit.html", values=values, errors=errors, entries=entries)
