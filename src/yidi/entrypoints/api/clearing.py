"""Clearing routes under ``/api/v1/clearing`` (清算) for agency staff: the same data as
``yidi clearing run|show`` and ``yidi ledger check``, the statements with their lines, the
参保地's confirmation or dispute (another region's statement → 403), the payments, the advance
funds and the ledger. Amounts are two-decimal yuan strings; refusals are the one problem JSON.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from yidi.domain.money import parse_fen
from yidi.entrypoints.api.deps import MAX_OFFSET, ActorDep, UowDep
from yidi.service_layer import clearing as run_services
from yidi.service_layer import clearing_advance as adv
from yidi.service_layer import clearing_agency as agency
from yidi.service_layer import clearing_returns as returns

router = APIRouter(prefix="/api/v1/clearing", tags=["clearing 清算"])
Result = dict[str, Any]
MonthQ = Annotated[str, Query(description="清算年月 YYYY-MM")]


class RunBody(BaseModel):
    today: date | None = Field(None, description="业务日期（默认今天）")


class ConfirmBody(BaseModel):
    totals: dict[str, Any] | None = Field(
        None,
        description="参保地自己的合计（可选）：psntime, medfee_sumamt, fund_pay_sumamt, acct_pay, cash_payamt",
    )


class DisputeItem(BaseModel):
    setl_id: str
    reason: str = Field(..., max_length=500)
    route: str = Field("next_month", description="next_month 转下月 / supervision 转稽核")


class DisputeBody(BaseModel):
    disputes: list[DisputeItem]


class PairBody(BaseModel):
    insuplc_admdvs: str
    mdtrtarea_admvs: str


class ReturnBody(BaseModel):
    id: str = Field(..., max_length=40, description="返还编号（稽核决定号、追回单号），幂等")
    kind: str = Field(..., description="deduction 违规扣款 / clawback 追回")
    setl_id: str = Field(..., max_length=30)
    amount: str = Field(..., description="返还金额（元，两位小数）")
    reason: str = Field(..., max_length=500)


class AssessBody(BaseModel):
    year: int = Field(..., ge=2000, le=2100)


@router.get("/months")
def months(actor: ActorDep, uow: UowDep) -> Result:
    """已清算的月份."""
    return agency.months(uow, actor)


@router.post("/months/{month}/run")
def run(month: str, body: RunBody, actor: ActorDep, uow: UowDep) -> Result:
    """生成已结束月份的清算单（幂等，同 yidi clearing run）."""
    agency.require_staff(actor)
    return run_services.run_month(uow, month, body.today)


@router.get("/months/{month}/statements")
def statements(month: str, actor: ActorDep, uow: UowDep) -> Result:
    """该月各参保地—就医地清算单（含状态、期限、确认与返还金额）."""
    return agency.statements(uow, actor, month)


@router.get("/months/{month}/lines")
def lines(
    month: str,
    actor: ActorDep,
    uow: UowDep,
    insuplc: Annotated[str, Query(description="参保地区划")],
    mdtrtarea: Annotated[str, Query(description="就医地区划")],
) -> Result:
    """某对清算单的结算明细（同 yidi clearing show）."""
    agency.require_staff(actor)
    return run_services.show_lines(uow, month, insuplc, mdtrtarea)


@router.get("/statements/{statement_id}")
def statement(
    statement_id: str,
    actor: ActorDep,
    uow: UowDep,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Result:
    """清算单及其明细（分页）、异议、返还、各医疗机构应拨金额."""
    return agency.statement(uow, actor, statement_id, offset, limit)


@router.post("/statements/{statement_id}/confirm")
def confirm(statement_id: str, body: ConfirmBody, actor: ActorDep, uow: UowDep) -> Result:
    """参保地确认清算单（可附本方合计，不一致时逐项说明差额）；他方清算单 403."""
    return agency.confirm(uow, actor, statement_id, body.totals)


@router.post("/statements/{statement_id}/dispute")
def dispute(statement_id: str, body: DisputeBody, actor: ActorDep, uow: UowDep) -> Result:
    """参保地对指定结算提出异议：转下月或转稽核."""
    return agency.dispute(uow, actor, statement_id, [d.model_dump() for d in body.disputes])


@router.post("/statements/{statement_id}/pay")
def pay(statement_id: str, actor: ActorDep, uow: UowDep) -> Result:
    """参保地向就医地拨付清算款（扣除返还款和应退预付金）."""
    return agency.pay(uow, actor, statement_id)


@router.post("/statements/{statement_id}/pay-hospitals")
def pay_hospitals(statement_id: str, actor: ActorDep, uow: UowDep) -> Result:
    """就医地向定点医疗机构拨付."""
    return agency.pay_hospitals(uow, actor, statement_id)


@router.post("/jobs/confirm-overdue")
def confirm_overdue(actor: ActorDep, uow: UowDep) -> Result:
    """逾期未确认的清算单视同确认（A-CLR-03）."""
    return agency.confirm_overdue(uow, actor)


@router.get("/advance")
def advance(
    actor: ActorDep, uow: UowDep, year: Annotated[int | None, Query(ge=2000, le=2100)] = None
) -> Result:
    """预付金：各对的已拨金额、最近一月使用率与预警."""
    return adv.overview(uow, actor, year)


@router.post("/advance/assess")
def assess(body: AssessBody, actor: ActorDep, uow: UowDep) -> Result:
    """年度预付金核定：按上年月均基金支付生成预付金通知书."""
    return adv.assess(uow, actor, body.year)


@router.post("/advance/top-up")
def top_up(body: PairBody, actor: ActorDep, uow: UowDep) -> Result:
    """按最近一月使用率发出预付金补足通知（达到预警线时）."""
    return adv.top_up(uow, actor, body.insuplc_admdvs, body.mdtrtarea_admvs)


@router.get("/advance/notices/{notice_id}")
def notice(notice_id: str, actor: ActorDep, uow: UowDep) -> Result:
    """预付金通知书."""
    return adv.notice(uow, actor, notice_id)


@router.post("/returns")
def add_return(body: ReturnBody, actor: ActorDep, uow: UowDep) -> Result:
    """登记返还参保地的扣款或追回款（纳入下一次生成的清算单）."""
    agency.require_staff(actor)
    return returns.book_return(
        uow,
        return_id=body.id,
        kind=body.kind,
        setl_id=body.setl_id,
        amount_fen=parse_fen(body.amount, "amount"),
        reason=body.reason,
    )


@router.get("/returns")
def pending_returns(actor: ActorDep, uow: UowDep) -> Result:
    """尚未纳入清算单的返还款."""
    return agency.pending_returns(uow, actor)


@router.get("/ledger")
def ledger(actor: ActorDep, uow: UowDep, party: Annotated[str | None, Query()] = None) -> Result:
    """清算账簿：各账户余额（按正常方向）与平衡检查."""
    return agency.ledger(uow, actor, party)


@router.get("/ledger/check")
def ledger_check(actor: ActorDep, uow: UowDep) -> Result:
    """同 yidi ledger check."""
    agency.require_staff(actor)
    return run_services.check_ledger(uow)


@router.get("/ledger/accounts/{account:path}")
def account(account: str, actor: ActorDep, uow: UowDep) -> Result:
    """某账户的记账明细（最近 200 笔）."""
    return agency.account_postings(uow, actor, account)
