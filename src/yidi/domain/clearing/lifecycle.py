"""The statement's lifecycle (清算流程) and its deadlines.

built (清算单生成) → confirmed by the 参保地, with disputed lines moved to the next month or to
supervision (or deemed confirmed when the deadline passes in silence, A-CLR-03) → paid by the
参保地 to the 就医地, net of returns and advance-fund refunds → paid by the 就医地 to its
hospitals (closed). Deadlines are parameters (A-CLR-03…05). The hospital sees the status as
``clr_stas`` 10 已申请 / 20 已受理 / 50 已清算 (A-CLR-14).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from yidi.domain.clearing.errors import ClearingForbidden, IllegalTransition
from yidi.domain.clearing.parameters import DEFAULTS, ClearingParameters


class StatementStatus(StrEnum):
    BUILT = "built"
    CONFIRMED = "confirmed"
    PAID = "paid"  # 参保地 → 就医地
    CLOSED = "closed"  # 就医地 → hospitals


class Step(StrEnum):
    DISPUTE = "dispute"
    CONFIRM = "confirm"
    PAY = "pay"
    PAY_HOSPITALS = "pay_hospitals"


# step → (status it needs, status it leaves, whose step: the pair's insured or treatment side)
TRANSITIONS: dict[Step, tuple[StatementStatus, StatementStatus, str]] = {
    Step.DISPUTE: (StatementStatus.BUILT, StatementStatus.BUILT, "insured"),
    Step.CONFIRM: (StatementStatus.BUILT, StatementStatus.CONFIRMED, "insured"),
    Step.PAY: (StatementStatus.CONFIRMED, StatementStatus.PAID, "insured"),
    Step.PAY_HOSPITALS: (StatementStatus.PAID, StatementStatus.CLOSED, "treatment"),
}

STEP_ZH = {
    Step.DISPUTE: "提出异议",
    Step.CONFIRM: "确认",
    Step.PAY: "拨付清算款",
    Step.PAY_HOSPITALS: "向医疗机构拨付",
}
STATUS_ZH = {
    StatementStatus.BUILT: "待确认",
    StatementStatus.CONFIRMED: "已确认，待拨付",
    StatementStatus.PAID: "参保地已拨付",
    StatementStatus.CLOSED: "已清算",
}
CLR_STAS = {  # A-CLR-14
    StatementStatus.BUILT: "10",
    StatementStatus.CONFIRMED: "20",
    StatementStatus.PAID: "20",
    StatementStatus.CLOSED: "50",
}


def advance(
    status: StatementStatus, step: Step, *, actor_region: str | None, insured: str, treatment: str
) -> StatementStatus:
    """The status after ``step``; refuses a step out of order or by a region not party to it
    (``actor_region`` None: the system itself, e.g. the deadline job)."""
    needs, leaves, side = TRANSITIONS[step]
    owner = insured if side == "insured" else treatment
    if actor_region is not None and actor_region != owner:
        raise ClearingForbidden(
            f"只有{'参保地' if side == 'insured' else '就医地'} {owner} 可以{STEP_ZH[step]}",
            f"only the {side} region {owner} may {step}",
            step=str(step),
            region=actor_region,
        )
    if status is not needs:
        raise IllegalTransition(
            f"清算单{STATUS_ZH[status]}，不能{STEP_ZH[step]}",
            f"a statement that is {status} cannot take the step {step}",
            status=str(status),
            step=str(step),
        )
    return leaves


@dataclass(frozen=True)
class Deadlines:
    confirm_by: date
    pay_by: date | None
    hospitals_by: date | None


def deadlines(
    built_on: date, confirmed_on: date | None, paid_on: date | None, params: ClearingParameters = DEFAULTS
) -> Deadlines:
    return Deadlines(
        built_on + timedelta(days=params.confirm_days),
        None if confirmed_on is None else confirmed_on + timedelta(days=params.pay_days),
        None if paid_on is None else paid_on + timedelta(days=params.hospital_pay_days),
    )


def deemed_confirmed(
    status: StatementStatus, confirm_by: date, today: date, params: ClearingParameters = DEFAULTS
) -> bool:
    """True when the 参保地 let the confirmation deadline pass and silence counts as consent."""
    return params.deemed_confirmed and status is StatementStatus.BUILT and today > confirm_by


def overdue(status: StatementStatus, d: Deadlines, today: date) -> Step | None:
    """The step that is late today, if any."""
    if status is StatementStatus.BUILT and today > d.confirm_by:
        return Step.CONFIRM
    if status is StatementStatus.CONFIRMED and d.pay_by is not None and today > d.pay_by:
        return Step.PAY
    if status is StatementStatus.PAID and d.hospitals_by is not None and today > d.hospitals_by:
        return Step.PAY_HOSPITALS
    return None
