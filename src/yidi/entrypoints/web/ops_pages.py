"""运行监测 pages for staff: 每日报错治理 (the day's refused national transactions and server errors,
grouped, with trends, alerts and the worklist; the daily report as PDF) — seed 004 四."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.errors import YidiError
from yidi.domain.fund.daily_errors import CST
from yidi.entrypoints.web.charts import sparkline
from yidi.entrypoints.web.common import Form, Staff, render, templates, uow
from yidi.entrypoints.web.pdf import print_view
from yidi.service_layer.ops_daily import STATUSES, DailyReport, daily, update_work

router = APIRouter(include_in_schema=False)


def _cst_time(at: datetime | None, zone: tzinfo) -> str:
    """A stored instant as Beijing time (naive values are UTC, as the database keeps them)."""
    if at is None:
        return ""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(zone).strftime("%m-%d %H:%M:%S")


templates.env.filters["cst_time"] = _cst_time
KINDS_ZH = {
    "missing_field": "缺少必填字段", "invalid_field": "字段无效", "sign_in": "签到", "duplicate": "报文重复",
    "not_found": "未找到", "state": "状态不允许", "eligibility": "备案与待遇", "other": "其他",
    "server_error": "系统内部错误", "internal": "系统数据错误", "unavailable": "功能暂不可用",
}  # fmt: skip
# server errors of this platform's own REST interface and pages (no hospital; docs/operations.md)
ENTRY_POINTS_ZH = {"api": "平台接口", "web": "平台网页"}


def _day(text: str, request: Request) -> date:
    try:
        return date.fromisoformat(text) if text else uow(request).clock()
    except ValueError:
        return uow(request).clock()


def _context(report: DailyReport) -> dict[str, Any]:
    return {
        "report": report, "kinds": KINDS_ZH, "statuses": STATUSES, "cst": CST, "entry_points": ENTRY_POINTS_ZH,
        "sparks": {g.key: sparkline(g.trend_7, f"近7日每日次数：{'、'.join(map(str, g.trend_7))}") for g in report.groups},
        "previous": report.day - timedelta(days=1), "next": report.day + timedelta(days=1),
    }  # fmt: skip


@router.get("/ui/ops/daily", response_class=HTMLResponse)
def daily_page(request: Request, user: Staff, on: str = "", done: str = "") -> Response:
    report = daily(uow(request), _day(on, request))
    return render(request, "ops/daily.html", done=done, **_context(report))


@router.post("/ui/ops/daily/work", response_class=HTMLResponse)
def work(request: Request, user: Staff, form: Form) -> Response:
    day = _day(str(form.get("on", "")), request)
    key = (str(form.get("fixmedins_code", "")), str(form.get("infno", "")), str(form.get("kind", "")))
    try:
        update_work(
            uow(request), day, key, str(form.get("owner", "")), str(form.get("status", "open")),
            str(form.get("note", "")), user.username,
        )  # fmt: skip
    except YidiError:
        report = daily(uow(request), day)
        return render(
            request, "ops/daily.html", status_code=422, errors={"_": "状态无效"}, **_context(report)
        )
    return RedirectResponse(
        f"/ui/ops/daily?on={day.isoformat()}&done=work#g-{'-'.join(key)}", status_code=303
    )


@router.get("/ui/print/ops-daily", response_class=HTMLResponse)
def daily_print(request: Request, user: Staff, on: str = "") -> Response:
    report = daily(uow(request), _day(on, request))
    return print_view(
        request, "print/ops_daily.html", f"每日报错-{report.day.isoformat()}.pdf",
        back_href=f"/ui/ops/daily?on={report.day.isoformat()}", **_context(report),
    )  # fmt: skip
