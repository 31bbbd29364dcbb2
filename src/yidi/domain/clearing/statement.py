"""The monthly statement (清算单) of one (参保地, 就医地) pair and its lines.

Figures (national names): ``psntime`` 人次, ``medfee_sumamt`` 医疗费总额, ``fund_pay_sumamt``
基金支付总额 split by ``fund_pay_type``, ``acct_pay`` 个人账户支付, ``cash_payamt`` 现金支付. The
cleared amount is the fund part plus, under A-CLR-13, the account part; returns (deductions and
claw-backs decided before the month closed) and disputed lines are taken off it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from yidi.domain.clearing.errors import AmountsDoNotReconcile
from yidi.domain.clearing.lifecycle import StatementStatus
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.parameters import DEFAULTS, ClearingParameters


def statement_id(month: Month, insured_region: str, treatment_region: str) -> str:
    """Deterministic id, so building a month twice cannot create a second statement."""
    return f"{month.compact}-{insured_region}-{treatment_region}"


class LineStatus(StrEnum):
    INCLUDED = "included"  # cleared by its statement
    CARRIED = "carried"  # disputed: waits for the next month's statement
    SUPERVISION = "supervision"  # disputed: handed to supervision, out of clearing until decided


class DisputeRoute(StrEnum):
    NEXT_MONTH = "next_month"
    SUPERVISION = "supervision"


ROUTE_STATUS = {DisputeRoute.NEXT_MONTH: LineStatus.CARRIED, DisputeRoute.SUPERVISION: LineStatus.SUPERVISION}


@dataclass(frozen=True)
class Dispute:
    """A named settlement the 参保地 (or, by 3261, the hospital) does not accept this month."""

    setl_id: str
    reason: str
    route: DisputeRoute = DisputeRoute.NEXT_MONTH


@dataclass(frozen=True)
class Line:
    setl_id: str
    statement_id: str
    mdtrt_id: str
    psn_no: str
    hospital_code: str
    setl_time: datetime
    refd_setl_flag: str  # "1" a reversal (退费结算), "0" a settlement
    medfee_sumamt: int
    fund_pay_sumamt: int
    acct_pay: int
    cash_payamt: int
    status: LineStatus

    def cleared(self, params: ClearingParameters = DEFAULTS) -> int:
        return self.fund_pay_sumamt + (self.acct_pay if params.clear_account_part else 0)


@dataclass(frozen=True)
class Statement:
    id: str
    month: Month
    insuplc_admdvs: str
    mdtrtarea_admvs: str
    psntime: int
    medfee_sumamt: int
    fund_pay_sumamt: int
    acct_pay: int
    cash_payamt: int
    cleared_amount: int  # fund (+ account, A-CLR-13) of all its lines as built
    returns_amount: int
    disputed_amount: int
    status: StatementStatus
    built_on: date
    confirm_by: date
    funds: Mapping[str, int] = field(default_factory=dict)
    confirmed_on: date | None = None
    paid_on: date | None = None
    hospitals_paid_on: date | None = None

    @property
    def accepted_amount(self) -> int:
        """What the 参保地 owes for the lines it accepted (the statement entry's amount)."""
        return self.cleared_amount - self.disputed_amount

    @property
    def payable(self) -> int:
        """What moves from the 参保地 to the 就医地 for this statement, before advance refunds."""
        return self.accepted_amount - self.returns_amount


def totals_problems(s: Statement, params: ClearingParameters = DEFAULTS) -> dict[str, int]:
    """The identities a built statement must hold, as named differences in fen (empty: fine)."""
    out = {
        "funds - fund_pay_sumamt": sum(s.funds.values()) - s.fund_pay_sumamt,
        "medfee_sumamt - (fund_pay_sumamt + acct_pay + cash_payamt)": (
            s.medfee_sumamt - s.fund_pay_sumamt - s.acct_pay - s.cash_payamt
        ),
        "cleared_amount - cleared part": s.cleared_amount
        - s.fund_pay_sumamt
        - (s.acct_pay if params.clear_account_part else 0),
    }
    return {k: v for k, v in out.items() if v}


def check_totals(s: Statement, params: ClearingParameters = DEFAULTS) -> None:
    problems = totals_problems(s, params)
    if problems:
        raise AmountsDoNotReconcile(
            f"清算单 {s.id} 金额不平：" + "；".join(f"{k} 相差 {v} 分" for k, v in problems.items()),
            f"statement {s.id} does not add up: " + "; ".join(f"{k} = {v} fen" for k, v in problems.items()),
            statement=s.id,
            differences=problems,
        )


def compare_totals(what_zh: str, what_en: str, ours: Mapping[str, int], theirs: Mapping[str, int]) -> None:
    """Refuse figures someone sends (a 参保地's confirmation, a hospital's 3203) that differ from
    ours, naming each difference (theirs − ours, fen). Fields they do not send are not compared."""
    diff = {
        k: int(theirs[k]) - int(ours.get(k, 0))
        for k in sorted(theirs)
        if int(theirs[k]) != int(ours.get(k, 0))
    }
    if diff:
        raise AmountsDoNotReconcile(
            f"{what_zh}与清算数据不符：" + "；".join(f"{k} 相差 {v} 分" for k, v in diff.items()),
            f"{what_en} does not match the clearing data: "
            + "; ".join(f"{k} differs by {v} fen" for k, v in diff.items()),
            differences=diff,
        )
