"""Reviewer decisions (审核结论) and the deductions they produce (扣除费用), and the review rate.

Seed 004 三(一): the treatment region's agency reviews cross-region bills like local ones and
deducts the costs of irregularities, returning them to the insured region through the
settlement platform. A decision is about a settlement or one of its lines: accept, deduct
(amount, reason, rule) or refer to inspection. A deduction never exceeds what the funds paid
(the person's own part is not the fund's to recover); a large one needs a second reviewer
(four-eyes, as for manual claims: 初审、复核); a decision is idempotent on its request key.
A final deduction becomes a ``Deduction`` record — what clearing books as a return to the
insured region.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from yidi.domain.errors import FieldProblem, InvalidInput
from yidi.domain.supervision.basis import DAILY_REVIEW, Assumption, refuse
from yidi.domain.supervision.parties import Party, SettlementFacts, who

FOUR_EYES_FEN = 1_000_000
FOUR_EYES_BASIS = Assumption(
    "A-SUP-08", "种子文件未给出复核金额；1万元及以上的扣除须第二人复核，与手工报销的初审、复核一致"
)


class Outcome(StrEnum):
    ACCEPT = "accept"  # 审核通过
    DEDUCT = "deduct"  # 扣除
    REFER = "refer"  # 移交核查检查


class DecisionStatus(StrEnum):
    FINAL = "final"
    PENDING_SECOND = "pending_second"  # 待复核


@dataclass(frozen=True)
class DecisionRequest:
    key: str  # idempotency key chosen by the caller (e.g. a form token)
    setl_id: str
    outcome: Outcome
    amount_fen: int = 0
    reason: str = ""
    rule: str = ""  # review rule code the deduction rests on, if any
    feedetl_sn: str | None = None


@dataclass(frozen=True)
class Decision:
    id: str
    key: str
    setl_id: str
    feedetl_sn: str | None
    outcome: Outcome
    amount_fen: int
    reason: str
    rule: str
    decided_by: str
    decided_at: datetime
    status: DecisionStatus
    approved_by: str | None = None
    approved_at: datetime | None = None


@dataclass(frozen=True)
class Deduction:
    """A deduction for clearing: returned by the treatment region to the insured region."""

    settlement_id: str
    insured_region: str
    treatment_region: str
    hospital_code: str
    amount_fen: int
    reason: str
    rule: str
    decision_id: str
    decided_at: datetime


def _form_problems(req: DecisionRequest, facts: SettlementFacts) -> list[FieldProblem]:
    out = []
    if req.outcome is Outcome.DEDUCT:
        if req.amount_fen <= 0:
            out.append(FieldProblem("amount_fen", "扣除金额应大于 0", "a deduction needs an amount > 0"))
        if not req.reason.strip():
            out.append(FieldProblem("reason", "扣除须写明原因", "a deduction needs a reason"))
    elif req.amount_fen != 0:
        out.append(FieldProblem("amount_fen", "只有扣除结论填写金额", "only a deduction has an amount"))
    if req.feedetl_sn is not None and req.feedetl_sn not in facts.lines_fen:
        out.append(
            FieldProblem("feedetl_sn", f"该结算没有明细 {req.feedetl_sn}", f"no line {req.feedetl_sn}")
        )
    elif req.feedetl_sn is not None and req.amount_fen > facts.lines_fen[req.feedetl_sn]:
        out.append(FieldProblem("amount_fen", "扣除金额超过该明细金额", "deduction above the line's amount"))
    return out


def decide(
    facts: SettlementFacts, existing: Sequence[Decision], req: DecisionRequest, reviewer: Party, now: datetime,
    decision_id: str, *, four_eyes_fen: int = FOUR_EYES_FEN,
) -> Decision:  # fmt: skip
    """A reviewer's decision, or the earlier one with the same key (idempotent)."""
    for d in existing:
        if d.key == req.key:
            same = (d.setl_id, d.feedetl_sn, d.outcome, d.amount_fen) == (
                req.setl_id,
                req.feedetl_sn,
                req.outcome,
                req.amount_fen,
            )
            if same:
                return d
            raise refuse(
                "KEY_REUSED",
                "supervision.decision.key",
                "该请求编号已用于另一结论",
                "key used for another decision",
                None,
                "key",
            )
    if not reviewer.is_agency_of(facts.treatment_region):
        raise refuse("OTHER_REGION", "supervision.decision.region", "只有就医地经办机构可以审核该结算",
                     "only the treatment region's agency reviews this settlement", DAILY_REVIEW, "setl_id",
                     treatment_region=facts.treatment_region)  # fmt: skip
    problems = _form_problems(req, facts)
    if problems:
        raise InvalidInput(problems)
    if req.outcome is Outcome.DEDUCT:
        before = sum(
            d.amount_fen for d in existing if d.outcome is Outcome.DEDUCT and d.setl_id == facts.setl_id
        )
        if before + req.amount_fen > facts.fund_fen:
            raise refuse("DEDUCTION_ABOVE_FUND", "supervision.decision.fund_cap",
                         f"扣除合计 {(before + req.amount_fen) / 100:.2f} 元超过基金支付 {facts.fund_fen / 100:.2f} 元",
                         "deductions would exceed what the funds paid", DAILY_REVIEW, "amount_fen",
                         fund_fen=facts.fund_fen, deducted_fen=before)  # fmt: skip
    pending = req.outcome is Outcome.DEDUCT and req.amount_fen >= four_eyes_fen
    return Decision(decision_id, req.key, req.setl_id, req.feedetl_sn, req.outcome, req.amount_fen, req.reason.strip(),
                    req.rule, who(reviewer), now, DecisionStatus.PENDING_SECOND if pending else DecisionStatus.FINAL)  # fmt: skip


def approve(decision: Decision, facts: SettlementFacts, approver: Party, now: datetime) -> Decision:
    """The second reviewer's confirmation of a large deduction (another person, same agency)."""
    if decision.status is DecisionStatus.FINAL:
        if decision.approved_by == who(approver):
            return decision  # repeated approval: idempotent
        raise refuse(
            "NOT_PENDING",
            "supervision.decision.approve",
            "该结论无需复核或已复核",
            "not awaiting approval",
            FOUR_EYES_BASIS,
        )
    if not approver.is_agency_of(facts.treatment_region):
        raise refuse(
            "OTHER_REGION",
            "supervision.decision.region",
            "只有就医地经办机构可以复核",
            "only the treatment region approves",
            DAILY_REVIEW,
        )
    if who(approver) == decision.decided_by:
        raise refuse("SAME_REVIEWER", "supervision.four_eyes", "审核与复核须由不同经办人员办理",
                     "review and approval need two different staff members", FOUR_EYES_BASIS, "actor")  # fmt: skip
    return replace(decision, status=DecisionStatus.FINAL, approved_by=who(approver), approved_at=now)


def deduction(decision: Decision, facts: SettlementFacts) -> Deduction | None:
    """The clearing record of a final deduction (None for anything else)."""
    if decision.outcome is not Outcome.DEDUCT or decision.status is not DecisionStatus.FINAL:
        return None
    at = decision.approved_at or decision.decided_at
    return Deduction(facts.setl_id, facts.insured_region, facts.treatment_region, facts.hospital_code,
                     decision.amount_fen, decision.reason, decision.rule, decision.id, at)  # fmt: skip


def reviewed_ratio(cross_region: int, reviewed: int) -> Decimal:
    """审核率 = cross-region settlements reviewed (by rules or people) ÷ cross-region settlements,
    two decimals half-up (004 三(一): 不断提高审核率，实现审查全覆盖; the goal is 1.00). A month
    without cross-region settlements has nothing unreviewed: 1.00."""
    if reviewed < 0 or reviewed > cross_region:
        raise InvalidInput.of(
            "reviewed", "已审核笔数应在 0 与结算笔数之间", "reviewed must be within 0..total"
        )
    if cross_region == 0:
        return Decimal("1.00")
    return (Decimal(reviewed) / Decimal(cross_region)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
