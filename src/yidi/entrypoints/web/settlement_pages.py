"""Settlement lookup (结算查询) and the settlement statement (结算单).

* 经办人员 ``/ui/staff/settlements``: search by ID number, 结算ID, 就诊ID, hospital code, dates,
  type, status and source (direct settlement or paid manual claim), paged, newest first;
* 参保人 ``/ui/me/settlements`` 我的结算 and 医疗机构 ``/ui/desk/settlements`` 本院结算;
* ``/ui/settlements/{setl_id}``: one settlement with the explanation and its reversal chain;
* ``/ui/print/settlement/{setl_id}``: the 结算单, as a print view or, with ``?format=pdf``, a PDF.

The pages only parse, call ``service_layer.settlement_queries`` and render.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from yidi.domain.accounts import WebRole, WebUser
from yidi.domain.errors import YidiError
from yidi.domain.money import fmt_fen
from yidi.domain.regions import is_cross_province
from yidi.entrypoints.web.common import AnyUser, Insured, Staff, render, require, uow
from yidi.entrypoints.web.errors import add, form_errors
from yidi.entrypoints.web.exports import Table, download
from yidi.entrypoints.web.pdf import print_view
from yidi.service_layer import settlement_queries as sq
from yidi.service_layer.accounts import actor_for

router = APIRouter(include_in_schema=False)
FIELDS = (
    "id_number",
    "setl_id",
    "mdtrt_id",
    "hospital_code",
    "date_from",
    "date_to",
    "kind",
    "status",
    "source",
)
LABELS: dict[str, Any] = {"kinds": sq.KINDS, "statuses": sq.STATUSES, "sources": sq.SOURCES}
Hospital = Annotated[WebUser, Depends(require(WebRole.HOSPITAL))]


def _page_number(raw: str | None, errors: dict[str, str]) -> int:
    try:
        return min(max(1, int(raw or "1")), 100_000)  # a huge page number would overflow the offset
    except ValueError:
        errors["_"] = "页码应为正整数"
        return 1


def _list(request: Request, user: WebUser, template: str, **ctx: Any) -> Response:
    values = {k: request.query_params.get(k, "").strip() for k in FIELDS}
    errors: dict[str, str] = {}
    page = _page_number(request.query_params.get("page"), errors)
    result = None
    try:
        criteria = sq.parse_criteria(values)
        result = sq.search_settlements(
            uow(request), criteria, page=page, page_size=sq.PAGE_SIZE, actor=actor_for(user)
        )
    except YidiError as exc:  # a field of the form beside it, anything else (page, size) on top
        add(errors, form_errors(exc, FIELDS))
    base = urlencode({k: v for k, v in values.items() if v})
    return render(
        request, template, status_code=422 if errors else 200, values=values, errors=errors, result=result,
        query=base, **LABELS, **ctx,
    )  # fmt: skip


@router.get("/ui/staff/settlements", response_class=HTMLResponse)
def staff_settlements(request: Request, user: Staff) -> Response:
    """结算查询 (staff, admin)."""
    return _list(request, user, "settlements/search.html")


@router.get("/ui/me/settlements", response_class=HTMLResponse)
def my_settlements(request: Request, user: Insured) -> Response:
    """我的结算 (the insured person's own settlements)."""
    return _list(request, user, "settlements/mine.html")


@router.get("/ui/desk/settlements", response_class=HTMLResponse)
def desk_settlements(request: Request, user: Hospital) -> Response:
    """本院结算 (the hospital's own settlements)."""
    return _list(request, user, "settlements/desk.html")


EXPORT_HEADERS = ("结算ID", "结算时间", "就诊ID", "住院号", "姓名", "身份证号", "医疗费总额", "基金支付", "个人负担", "状态")
EXPORT_PAGES = 50  # at most 5 000 rows a download; narrow the dates for more


@router.get("/ui/desk/settlements/export.{fmt}")
def desk_settlements_export(request: Request, user: Hospital, fmt: str) -> Response:
    """本院结算 as CSV or Excel: every row the filters match (amounts in yuan, exact)."""
    values = {k: request.query_params.get(k, "").strip() for k in FIELDS}
    criteria, rows, page, pages = sq.parse_criteria(values), [], 1, 1
    while page <= min(pages, EXPORT_PAGES):
        found = sq.search_settlements(uow(request), criteria, page=page, page_size=sq.MAX_PAGE_SIZE, actor=actor_for(user))
        rows += found["items"]
        page, pages = page + 1, found["pages"]
    table = Table("settlements", "本院结算", EXPORT_HEADERS, [_export_row(r) for r in rows])
    return download([table], fmt, f"本院结算-{values['date_from'] or '全部'}-{values['date_to'] or '至今'}")


def _export_row(r: dict[str, Any]) -> list[object]:
    a = r["amounts"]
    state = "撤销记录" if r["kind"] == "reversal" else "已撤销" if r["status"] == "cancelled" else "有效"
    return [r["setl_id"], r["setl_time"], r["mdtrt_id"], r.get("ipt_no"), r["psn_name"], r["id_number"],
            *(fmt_fen(a.get(k, 0)) for k in ("medfee_sumamt", "fund_pay_sumamt", "psn_part_amt")), state]  # fmt: skip


def _settlement(request: Request, user: WebUser, setl_id: str) -> dict[str, Any]:
    # not found → 404, not the account's (domain.access) → 403: the web's error page (web.errors)
    return sq.get_settlement(uow(request), setl_id, actor=actor_for(user))


@router.get("/ui/settlements/{setl_id}", response_class=HTMLResponse)
def settlement_detail(request: Request, user: AnyUser, setl_id: str) -> Response:
    """One settlement with the explanation (every role, within its scope)."""
    item = _settlement(request, user, setl_id)
    back = {WebRole.INSURED: "/ui/me/settlements", WebRole.HOSPITAL: "/ui/desk/settlements"}
    return render(
        request, "settlements/detail.html", s=item, back=back.get(user.role, "/ui/staff/settlements"),
        claim_label=item["visit"].get("claim_label"), **LABELS,
    )  # fmt: skip


def statement_title(item: dict[str, Any]) -> str:
    """跨省/省内 (``regions.is_cross_province``), 住院/门诊 (医疗类别 2x / 1x), or 手工报销."""
    v = item["visit"]
    if item["source"] == "manual_claim":
        return "异地就医手工报销结算单"
    scope = (
        "跨省"
        if v["treatment_region"] and is_cross_province(v["insured_region"], v["treatment_region"])
        else "省内"
    )
    care = "住院" if str(v["med_type"]).startswith("2") else "门诊"
    return f"{scope}异地就医直接结算{care}费用结算单"


@router.get("/ui/print/settlement/{setl_id}", response_class=HTMLResponse)
def settlement_statement(request: Request, user: AnyUser, setl_id: str) -> Response:
    """结算单 (print view; ``?format=pdf`` downloads it)."""
    item = _settlement(request, user, setl_id)
    return print_view(
        request, "print/settlement.html", f"结算单-{item['setl_id']}.pdf", s=item, title=statement_title(item),
        claim_label=item["visit"].get("claim_label"), back_href=f"/ui/settlements/{item['setl_id']}", **LABELS,
    )  # fmt: skip
