"""Staff pages of clearing (清算) under ``/ui/clearing``: the months, each month's statements per
(参保地, 就医地) pair with drill-down to the settlements, confirm and dispute (for the account's own
region), the payments, advance-fund balances with usage and warning, the ledger per account;
清算单 and 预付金通知书 print views and PDFs (the print pipeline, ``web.pdf``); CSV and Excel
export of a month. Decisions stay in ``service_layer.clearing*``; refusals show on the page.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.actors import Channel
from yidi.domain.errors import YidiError
from yidi.entrypoints.web.clearing_export import csv_response, xlsx_response
from yidi.entrypoints.web.common import Form, Staff, actor, render, uow
from yidi.entrypoints.web.errors import form_errors
from yidi.entrypoints.web.pdf import print_view
from yidi.service_layer import clearing as run_services
from yidi.service_layer import clearing_advance as adv
from yidi.service_layer import clearing_agency as agency

router = APIRouter(prefix="/ui/clearing", include_in_schema=False)
PAGE = 100


def _who(request: Request, user: Any) -> tuple[Any, str | None]:
    who = actor(user, Channel.COUNTER)
    return who, agency.whoami(uow(request), who)["region"]


@router.get("", response_class=HTMLResponse)
def months_page(request: Request, user: Staff) -> Response:
    return months(request, user)


def months(request: Request, user: Any, **ctx: Any) -> Response:
    who, region = _who(request, user)
    return render(request, "clearing/months.html", months=agency.months(uow(request), who)["months"],
                  region=region, **ctx)  # fmt: skip


@router.post("/run", response_class=HTMLResponse)
def run(request: Request, user: Staff, form: Form) -> Response:
    agency.require_staff(actor(user, Channel.COUNTER))
    month = str(form.get("month", "")).strip()
    try:
        run_services.run_month(uow(request), month)
    except YidiError as exc:
        return months(request, user, errors=form_errors(exc, ("month",)), values={"month": month})
    return RedirectResponse(f"/ui/clearing/months/{month}", status_code=303)


@router.get("/months/{month}", response_class=HTMLResponse)
def month_page(request: Request, user: Staff, month: str) -> Response:
    who, region = _who(request, user)
    data = agency.statements(uow(request), who, month)
    return render(request, "clearing/month.html", region=region, **data)


@router.get("/months/{month}/export.csv")
def month_csv(request: Request, user: Staff, month: str) -> Response:
    data = agency.statements(uow(request), actor(user, Channel.COUNTER), month)
    return csv_response(data, f"清算单-{month}.csv")


@router.get("/months/{month}/export.xlsx")
def month_xlsx(request: Request, user: Staff, month: str) -> Response:
    who = actor(user, Channel.COUNTER)
    data = agency.statements(uow(request), who, month)
    lines = {
        s["id"]: agency.statement(uow(request), who, s["id"], 0, None)["lines"] for s in data["statements"]
    }
    return xlsx_response(data, lines, f"清算单-{month}.xlsx")


def _statement_page(request: Request, user: Any, statement_id: str, offset: int = 0, **ctx: Any) -> Response:
    who, region = _who(request, user)
    s = agency.statement(uow(request), who, statement_id, max(offset, 0), PAGE)
    return render(request, "clearing/statement.html", s=s, region=region, page=PAGE, **ctx)


@router.get("/statements/{statement_id}", response_class=HTMLResponse)
def statement_page(request: Request, user: Staff, statement_id: str, offset: int = 0) -> Response:
    return _statement_page(request, user, statement_id, offset)


@router.get("/statements/{statement_id}/lines.csv")
def statement_csv(request: Request, user: Staff, statement_id: str) -> Response:
    s = agency.statement(uow(request), actor(user, Channel.COUNTER), statement_id, 0, None)
    return csv_response({"lines": s["lines"]}, f"清算明细-{statement_id}.csv")


@router.post("/statements/{statement_id}/{step}", response_class=HTMLResponse)
def statement_step(request: Request, user: Staff, form: Form, statement_id: str, step: str) -> Response:
    who = actor(user, Channel.COUNTER)
    try:
        if step == "confirm":
            agency.confirm(uow(request), who, statement_id)
        elif step == "dispute":
            item = {"setl_id": str(form.get("setl_id", "")).strip(), "reason": str(form.get("reason", "")),
                    "route": str(form.get("route", "next_month"))}  # fmt: skip
            agency.dispute(uow(request), who, statement_id, [item])
        elif step == "pay":
            agency.pay(uow(request), who, statement_id)
        elif step == "pay-hospitals":
            agency.pay_hospitals(uow(request), who, statement_id)
        else:
            return _statement_page(request, user, statement_id, errors={"_": f"未知操作：{step}"})
    except YidiError as exc:
        fields = ("setl_id", "reason", "route")
        errors = form_errors(exc, fields, rename=lambda f: f.rsplit(".", 1)[-1] if f else f)
        return _statement_page(
            request, user, statement_id, errors=errors, values=form, status_code=exc.kind.status
        )
    return RedirectResponse(f"/ui/clearing/statements/{statement_id}?done={step}", status_code=303)


@router.get("/advance", response_class=HTMLResponse)
def advance_get(request: Request, user: Staff) -> Response:
    return advance_page(request, user)


def advance_page(request: Request, user: Any, **ctx: Any) -> Response:
    who, region = _who(request, user)
    return render(request, "clearing/advance.html", region=region, **adv.overview(uow(request), who), **ctx)


@router.post("/advance/{step}", response_class=HTMLResponse)
def advance_step(request: Request, user: Staff, form: Form, step: str) -> Response:
    who = actor(user, Channel.COUNTER)
    try:
        if step == "assess":
            raw = str(form.get("year", "")).strip()
            year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None
            if year is None:
                return advance_page(request, user, errors={"year": "年度应为四位数字"}, values=form)
            adv.assess(uow(request), who, year)
        elif step == "top-up":
            adv.top_up(uow(request), who, str(form.get("insuplc", "")), str(form.get("mdtrtarea", "")))
        else:
            return advance_page(request, user, errors={"_": f"未知操作：{step}"})
    except YidiError as exc:
        return advance_page(request, user, errors=form_errors(exc, ("year",)), values=form)
    return RedirectResponse("/ui/clearing/advance", status_code=303)


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(request: Request, user: Staff, party: str = "", account: str = "") -> Response:
    who = actor(user, Channel.COUNTER)
    data = agency.ledger(uow(request), who)
    parties = sorted({a["party"] for a in data["accounts"]})
    shown = [a for a in data["accounts"] if not party or a["party"] == party]
    postings = agency.account_postings(uow(request), who, account)["postings"] if account else []
    return render(request, "clearing/ledger.html", accounts=shown, parties=parties, party=party,
                  check=data["check"], account=account, postings=postings)  # fmt: skip


@router.get("/print/statement/{statement_id}", response_class=HTMLResponse)
def print_statement(request: Request, user: Staff, statement_id: str) -> Response:
    """清算单: one pair's month, its figures, fund split, returns, disputes and hospital shares."""
    s = agency.statement(uow(request), actor(user, Channel.COUNTER), statement_id, 0, 0)
    return print_view(request, "clearing/print_statement.html", f"清算单-{statement_id}.pdf", s=s,
                      back_href=f"/ui/clearing/statements/{statement_id}")  # fmt: skip


@router.get("/print/advance/{notice_id}", response_class=HTMLResponse)
def print_notice(request: Request, user: Staff, notice_id: str) -> Response:
    """预付金通知书: the advance a pair's 参保地 holds with the 就医地 for a year, and the change."""
    n = adv.notice(uow(request), actor(user, Channel.COUNTER), notice_id)
    return print_view(request, "clearing/print_notice.html", f"预付金通知书-{notice_id}.pdf", n=n,
                      back_href="/ui/clearing/advance")  # fmt: skip
