"""Reviewers' decisions (人工审核) behind the unit of work: accept, deduct, refer; four-eyes on
large deductions; deductions recorded for clearing as returns to the insured region.

Seed 004 三(一): the treatment region's agency deducts the costs of irregularities and returns
them to the insured region through the settlement platform. The rules of a decision are the
domain's (``domain.supervision.decisions``: only the treatment region decides, a deduction never
exceeds the fund part, a large one waits for a second reviewer, the same key answers the same);
this module loads the settlement's facts, stores the decision, marks the settlement reviewed by
a person, settles its queue entry and, for a final deduction, writes the ``supervision_deductions``
row and stages the return in clearing (``clearing_returns.record_return``, same transaction;
``clearing_ref`` names it).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from yidi.domain.errors import InvalidInput, NotFound, Problem
from yidi.domain.supervision import decisions as dec
from yidi.domain.supervision.parties import Party, SettlementFacts
from yidi.policy.supervision import supervision_policy
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Result = dict[str, Any]


class ReviewSettlementNotFound(NotFound):
    def __init__(self, setl_id: str) -> None:
        super().__init__("setl_id", setl_id, f"未找到有效的直接结算：{setl_id}")


class DecisionNotFound(NotFound):
    def __init__(self, decision_id: str) -> None:
        super().__init__("decision_id", decision_id, f"未找到审核结论：{decision_id}")


def _facts(uow: SqlAlchemyUnitOfWork, setl_id: str) -> SettlementFacts:
    facts = uow.supervision.settlement_facts(setl_id)
    if facts is None:
        raise ReviewSettlementNotFound(setl_id)
    return facts


def _request(body: dict[str, Any]) -> dec.DecisionRequest:
    problems = []
    try:
        outcome = dec.Outcome(str(body.get("outcome", "")))
    except ValueError:
        problems.append(("outcome", "结论应为 accept、deduct 或 refer", "outcome must be accept, deduct or refer"))
        outcome = dec.Outcome.ACCEPT
    amount = body.get("amount_fen", 0)
    if isinstance(amount, bool) or not isinstance(amount, int):
        problems.append(("amount_fen", "金额应为整数（分）", "amount_fen must be an integer (fen)"))
        amount = 0
    key = str(body.get("key") or "").strip()
    if not key or len(key) > 64:
        problems.append(("key", "请求编号应为 1–64 个字符", "key must have 1-64 characters"))
    if problems:
        raise InvalidInput([Problem(f, zh, en) for f, zh, en in problems])
    sn = body.get("feedetl_sn")
    return dec.DecisionRequest(key, str(body.get("setl_id", "")), outcome, amount, str(body.get("reason") or ""),
                               str(body.get("rule") or ""), None if sn in (None, "") else str(sn))  # fmt: skip


def view(d: dec.Decision) -> Result:
    return {"id": d.id, "key": d.key, "setl_id": d.setl_id, "feedetl_sn": d.feedetl_sn, "outcome": str(d.outcome),
            "amount_fen": d.amount_fen, "reason": d.reason, "rule": d.rule, "decided_by": d.decided_by,
            "decided_at": d.decided_at.isoformat(), "status": str(d.status), "approved_by": d.approved_by,
            "approved_at": d.approved_at.isoformat() if d.approved_at else None}  # fmt: skip


def _after(uow: SqlAlchemyUnitOfWork, d: dec.Decision, facts: SettlementFacts, at: datetime) -> None:
    """A final decision: reviewed by a person, queue settled, a deduction recorded for clearing."""
    if d.status is not dec.DecisionStatus.FINAL:
        return
    month = uow.supervision.settlement_month(d.setl_id) or f"{at:%Y-%m}"
    uow.supervision.mark_reviewed_by_person(d.setl_id, month, at)
    if uow.supervision.queue_entry(d.setl_id) is not None:
        status = "referred" if d.outcome is dec.Outcome.REFER else "decided"
        uow.supervision.set_queue_status(d.setl_id, status)
    deduction = dec.deduction(d, facts)
    if deduction is not None:
        send_to_clearing(uow, deduction, "decision", d.id)


def send_to_clearing(uow: SqlAlchemyUnitOfWork, deduction: dec.Deduction, source: str, source_id: str) -> None:
    """The deduction recorded here and staged in clearing as a return to the insured region, in
    the same transaction (``clearing_returns.record_return``; its id is the decision or case id)."""
    from yidi.service_layer.clearing_returns import record_return

    uow.supervision.add_deduction(deduction, source, source_id)
    if deduction.insured_region != deduction.treatment_region:
        record_return(uow, return_id=source_id, kind="deduction", setl_id=deduction.settlement_id,
                      amount_fen=deduction.amount_fen, reason=deduction.reason, decided_at=deduction.decided_at)  # fmt: skip
        uow.supervision.set_clearing_ref(source_id, source_id)


def decide(uow: SqlAlchemyUnitOfWork, reviewer: Party, body: dict[str, Any], *, now: datetime | None = None) -> Result:
    """Record a reviewer's decision (idempotent on ``key``)."""
    req = _request(body)
    at = now or datetime.now(UTC)
    with uow:
        facts = _facts(uow, req.setl_id)
        existing = uow.supervision.decisions_of(req.setl_id, key=req.key)
        four_eyes = supervision_policy().value("four_eyes_fen", at.date(), dec.FOUR_EYES_FEN)
        d = dec.decide(facts, existing, req, reviewer, at, f"D{uuid.uuid4().hex[:20]}", four_eyes_fen=four_eyes)
        if any(e.id == d.id for e in existing):
            return view(d)  # the same request again: the first answer
        uow.supervision.save_decision(d, new=True)
        _after(uow, d, facts, at)
        uow.commit()
    return view(d)


def approve(uow: SqlAlchemyUnitOfWork, decision_id: str, approver: Party, *, now: datetime | None = None) -> Result:
    """The second reviewer's approval of a large deduction (四眼原则)."""
    at = now or datetime.now(UTC)
    with uow:
        d = uow.supervision.decision(decision_id)
        if d is None:
            raise DecisionNotFound(decision_id)
        facts = _facts(uow, d.setl_id)
        done = dec.approve(d, facts, approver, at)
        if done == d:
            return view(d)
        uow.supervision.save_decision(done, new=False)
        _after(uow, done, facts, at)
        uow.commit()
    return view(done)


def settlement_review(uow: SqlAlchemyUnitOfWork, setl_id: str, *, hospital: str | None = None) -> Result:
    """A settlement's review: its hits, queue entry, decisions and deductions (a hospital: its own)."""
    with uow:
        facts = _facts(uow, setl_id)
        if hospital is not None and facts.hospital_code != hospital:
            raise ReviewSettlementNotFound(setl_id)  # another hospital's: as if it did not exist
        hits = uow.supervision.hits_of(setl_id)
        out: Result = {
            "setl_id": setl_id, "insured_region": facts.insured_region, "treatment_region": facts.treatment_region,
            "hospital_code": facts.hospital_code, "pay_loc": facts.pay_loc, "medfee_fen": facts.medfee_fen,
            "fund_fen": facts.fund_fen,
            "hits": [{k: h[k] for k in ("rule", "severity", "clause", "detail", "line_sn", "facts")} for h in hits],
            "queue": uow.supervision.queue_entry(setl_id),
            "decisions": [view(d) for d in uow.supervision.decisions_of(setl_id)],
            "deductions": uow.supervision.deductions_of(setl_id),
        }  # fmt: skip
    return out


def queue(uow: SqlAlchemyUnitOfWork, treatment_region: str | None, status: str | None = "pending") -> list[Result]:
    """The reviewers' queue of a treatment region (largest bills first)."""
    with uow:
        return uow.supervision.queue(treatment_region, status)
