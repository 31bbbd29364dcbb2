"""Promised dates and the commitment hold (承诺办结日期、承诺制暂缓).

On acceptance the promise is ``promised_working_days`` working days from that day (or what was
left when a reviewer returned the claim). A claim under a filing whose commitment is still open
is accepted but has no promise: review and payment wait for the filing's materials (seed 001
三(二).3). A credit defaulter's claim is flagged for full review and claw-back at payment.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from yidi.domain.claims.catalogue import ClaimsPolicy
from yidi.domain.claims.claim import Claim
from yidi.domain.claims.claimant import Claimant
from yidi.domain.claims.refusal import COMMITMENT_CLAUSE, reason
from yidi.domain.claims.workcalendar import WorkingCalendar
from yidi.domain.filing.clauses import Reason


def start_promise(
    claim: Claim, claimant: Claimant, today: date, policy: ClaimsPolicy, calendar: WorkingCalendar
) -> tuple[list[Reason], dict[str, Any]]:
    reasons: list[Reason] = []
    if claimant.credit_default:
        reasons.append(
            reason(
                "claims.credit_default", "本人为医保失信人员：逐项审核，拨付时扣减承诺制备案享受的待遇差",
                "credit defaulter: full review, benefit difference deducted at payment", COMMITMENT_CLAUSE,
            )
        )  # fmt: skip
    if is_held(claim, claimant, policy, today):
        claim.held, claim.promised_on = True, None
        reasons.append(hold_reason())
        return reasons, {"held": True}
    claim.held = False
    n = (
        claim.paused_working_days
        if claim.paused_working_days is not None
        else policy.value("promised_working_days", today)
    )
    claim.promised_on, claim.paused_working_days = calendar.add_working_days(today, n), None
    reasons.append(promise_reason(claim.promised_on, n, today, policy, calendar))
    return reasons, {"promised_on": claim.promised_on.isoformat(), "working_days": n}


def promise_reason(
    promised: date, n: int, today: date, policy: ClaimsPolicy, calendar: WorkingCalendar
) -> Reason:
    gap = "" if calendar.covers(promised) else f"（{promised.year} 年节假日未收录，仅跳过周末）"
    return reason(
        "claims.promise", f"承诺 {n} 个工作日内办结，即 {promised.isoformat()} 前{gap}",
        f"promised within {n} working days: by {promised.isoformat()}",
        policy.param("promised_working_days", today).clause, None,
        working_days=n, holidays=calendar.sources(today, promised),
    )  # fmt: skip


def is_held(claim: Claim, claimant: Claimant, policy: ClaimsPolicy, today: date) -> bool:
    """Under a commitment filing whose materials are not complete yet (seed 001 三(二).3)."""
    filing = claimant.filing(claim.filing_id)
    return bool(filing and filing.commitment_open and policy.value("commitment_holds_claims", today))


def hold_reason() -> Reason:
    return reason(
        "claims.commitment.hold",
        "承诺制备案材料尚未补齐：报销材料先行受理，待备案材料补充齐全后再审核结算拨付",
        "filed under a commitment: accepted, reviewed and paid once the filing's materials are complete",
        COMMITMENT_CLAUSE,
    )
