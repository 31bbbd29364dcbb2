"""医保失信人员 (credit defaulter): the period of suspended direct settlement (seed 001 三(二).3).

A person who does not supply the committed materials by the deadline has the filing revoked and
is listed as a credit defaulter; "依情节给予一定时期内暂停医保直接结算、限制定点医疗机构医保结算及
办理异地就医备案". The guide leaves the period open: it is the dated filing parameter
``credit_restriction_months`` (assumption A-SET-17, default 12 months from the day the default is
recorded). During the period the hospital transactions refuse admission (2401) and settlement
(2303 / 2304) with ``DirectSettlementSuspended`` — the person settles by manual claim instead —
and the filing services refuse a new filing. One predicate serves them all:
``InsuredPerson.direct_settlement_suspended(on)``, which calls ``suspended`` here.
"""

from __future__ import annotations

from datetime import date, timedelta

from yidi.domain.errors import Kind, Problem, YidiError
from yidi.domain.filing.clauses import DOC_TIELING
from yidi.domain.filing.dates import add_months
from yidi.domain.rules import Clause

CLAUSE = Clause(DOC_TIELING, "三(二).3")


def restricted_until(recorded_on: date, months: int) -> date:
    """The last day of the suspension: ``months`` after the day the default was recorded, less
    one day (recorded 2026-07-11, 12 months → suspended through 2027-07-10)."""
    return add_months(recorded_on, months) - timedelta(days=1)


def suspended(until: date | None, on: date) -> bool:
    """Whether direct settlement is suspended on ``on`` (the last day ``until`` included)."""
    return until is not None and on <= until


class DirectSettlementSuspended(YidiError):
    """A credit defaulter within the suspension period (暂停医保直接结算): 409, the clause named."""

    code = "DIRECT_SETTLEMENT_SUSPENDED"
    kind = Kind.CONFLICT

    def __init__(
        self,
        until: date,
        field: str | None = "psn_no",
        what_zh: str = "暂停医保直接结算，请按手工报销办理",
        what_en: str = "direct settlement suspended; use a manual claim",
    ) -> None:
        super().__init__(
            Problem(
                field,
                f"该参保人员已列为医保失信人员，{until} 前{what_zh}",
                f"credit defaulter until {until}: {what_en}",
            ),
            clause=CLAUSE,
            details={"credit_restricted_until": until.isoformat()},
        )
        self.until = until
