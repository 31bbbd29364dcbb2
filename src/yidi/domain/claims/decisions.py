"""Review, approval, rejection and payment (审核、审批、拨付).

Review checks the emergency evidence with the criteria evaluator (seed 000 五(一)(二)): met →
the claimed route; not met → the type's ``otherwise`` route (未持卡住院 → annual relief) or a
recommendation to reject; undetermined → refused, naming the facts that would decide it. It
then prices the claim with the settlement kernel. Approval — and its refusal, 审批不同意 — needs a
second person (初审/审批, seed 002 附表1). Payment re-prices with the year-to-date amounts of that day, deducts a
credit defaulter's claw-back due (seed 004 一(二)) and returns what the accumulators gain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from yidi.domain.actors import Actor
from yidi.domain.claims.amounts import YTD_KEYS
from yidi.domain.claims.catalogue import ClaimsPolicy, Pricer
from yidi.domain.claims.claim import Claim, Evidence
from yidi.domain.claims.claimant import Claimant
from yidi.domain.claims.kinds import STATUS_ZH, ClaimStatus
from yidi.domain.claims.promise import hold_reason, is_held
from yidi.domain.claims.refusal import COMMITMENT_CLAUSE, DOC_2017_29, reason, refuse
from yidi.domain.claims.workflow import STAFF, ensure, record, require_role
from yidi.domain.filing.clauses import Clause, Reason
from yidi.domain.money import fmt_fen

FOUR_EYES = Clause(DOC_2017_29, "附表1（省社保局意见：初审、复核、审批）")


def _criteria(claim: Claim, policy: ClaimsPolicy, treat_undetermined_as_not_met: bool) -> tuple[bool, Reason]:
    from yidi.domain.criteria import Verdict, evaluate

    spec = policy.spec(claim.claim_type)
    ev = evaluate(policy.emergency_criteria(), claim.evidence.disease or "", dict(claim.evidence.facts))
    name = ev.disease.name
    if ev.verdict is Verdict.UNDETERMINED and not treat_undetermined_as_not_met:
        facts = "、".join(ev.missing)
        raise refuse(
            "EVIDENCE_UNDETERMINED", "claims.criteria.undetermined",
            f"{name}：关键标准缺少事实，无法判定（缺：{facts}）；可退回补正相关检查报告",
            f"{name}: the key criteria cannot be decided; missing facts {list(ev.missing)}",
            spec.clause, "evidence.facts", suggestion={"operation": "return", "problems": ["exam_reports_copy"]},
            missing=list(ev.missing),
        )  # fmt: skip
    met = ev.verdict is Verdict.QUALIFIES
    zh = f"{name}：{'符合' if met else '不符合'}急危重病种关键标准（{ev.disease.source_text}）"
    return met, reason("claims.criteria", zh, f"{name}: criteria {'met' if met else 'not met'}", spec.clause,
                       "evidence", verdict=str(ev.verdict), disease=ev.disease.code)  # fmt: skip


def review(
    claim: Claim, claimant: Claimant, actor: Actor, today: date, policy: ClaimsPolicy, *,
    ytd: dict[str, int] | None = None, refund_fen: int | None = None, evidence: Evidence | None = None,
    direct_inpatient_settlements: int = 0, treat_undetermined_as_not_met: bool = False, price: Pricer | None = None,
) -> Claim:  # fmt: skip
    """Check evidence and conditions, price the claim (``price``, else the policy's pricer: the
    settlement kernel, assembled by the service layer) and recommend approval or rejection."""
    require_role(actor, STAFF, "审核")
    ensure(claim, ClaimStatus.REVIEWED, "审核")
    if is_held(claim, claimant, policy, today):
        why = hold_reason()
        raise refuse(
            "COMMITMENT_PENDING",
            why.rule_id,
            why.zh,
            why.en,
            why.clause,
            "filing_id",
            filing_id=claim.filing_id,
        )
    if evidence is not None:
        claim.evidence = evidence
    spec = policy.spec(claim.claim_type)
    reasons: list[Reason] = []
    reject: list[Reason] = []
    filing = claimant.filing(claim.filing_id)
    if filing is not None and filing.status == "revoked":
        reject.append(reason(
            "claims.filing.revoked", f"备案 {filing.id} 因未按承诺补齐材料已撤销，不能按该备案报销",
            "the filing was revoked for a broken commitment", COMMITMENT_CLAUSE, "filing_id",
        ))  # fmt: skip
    if spec.requires.get("no_direct_inpatient") and direct_inpatient_settlements:
        reject.append(reason(
            "claims.requires.no_direct_inpatient",
            f"{claim.refund_year} 年度已发生直接结算住院医疗费用 {direct_inpatient_settlements} 笔", "direct inpatient costs that year",
            spec.clause,
        ))  # fmt: skip
    if spec.requires.get("emergency_criteria"):
        met, why = _criteria(claim, policy, treat_undetermined_as_not_met)
        reasons.append(why)
        if not met and spec.otherwise is not None:
            claim.route = spec.otherwise
            other = policy.spec(spec.otherwise)
            reasons.append(reason("claims.route.otherwise", f"不符合急诊住院抢救相关规定，按“{other.label}”办理",
                                  f"criteria not met: handled as {other.type}", other.clause))  # fmt: skip
        elif not met:
            reject.append(why)
    if not reject:
        claim.amounts, claim.settlement = policy.price_with(price)(
            claim, claimant, policy, ytd=ytd, refund_fen=refund_fen
        )
        reasons.append(reason("claims.amount", f"报销金额 {fmt_fen(claim.amounts['reimbursement'])} 元",
                              f"reimbursement {fmt_fen(claim.amounts['reimbursement'])}", policy.spec(claim.effective_type).clause))  # fmt: skip
    decision = "reject" if reject else "approve"
    claim.recommendation = {"decision": decision, "reasons": [r.as_dict() for r in reasons + reject]}
    claim.reviewed_by = actor.user
    record(claim, actor, today, "review", ClaimStatus.REVIEWED, reasons + reject, recommendation=decision,
           amounts={k: fmt_fen(v) for k, v in claim.amounts.items()})  # fmt: skip
    return claim


def approve(claim: Claim, actor: Actor, today: date) -> Claim:
    require_role(actor, STAFF, "审批")
    ensure(claim, ClaimStatus.APPROVED, "审批同意")
    if actor.user == claim.reviewed_by:
        raise refuse("SAME_REVIEWER", "claims.four_eyes", "审核与审批须由不同经办人员办理",
                     "review and approval need two different staff members", FOUR_EYES, "actor")  # fmt: skip
    if claim.recommendation and claim.recommendation["decision"] == "reject":
        raise refuse("REVIEW_RECOMMENDS_REJECTION", "claims.approve.recommendation",
                     "审核结论为不予报销，不能审批同意（可重新提交新的申请）", "the review recommends rejection",
                     None, "status", reasons=claim.recommendation["reasons"])  # fmt: skip
    why = reason(
        "claims.approve",
        f"审批同意，报销 {fmt_fen(claim.amounts.get('reimbursement', 0))} 元",
        "approved",
        FOUR_EYES,
    )
    record(claim, actor, today, "approve", ClaimStatus.APPROVED, [why])
    claim.decision = {"decision": "approved", "by": actor.user, "on": today.isoformat(), **why.as_dict()}
    return claim


def reject(
    claim: Claim, actor: Actor, today: date, *, reason_zh: str = "", reason_en: str = "", clause: str = ""
) -> Claim:
    """Refuse the claim with a reason and a clause — the review's, or the staff member's own."""
    require_role(actor, STAFF, "不予报销")
    ensure(claim, ClaimStatus.REJECTED, "不予报销")
    recommended = [
        r
        for r in (claim.recommendation or {}).get("reasons", [])
        if claim.recommendation and claim.recommendation["decision"] == "reject"
    ]
    if not (reason_zh.strip() and clause.strip()) and not recommended:
        raise refuse("REASON_REQUIRED", "claims.reject.reason", "不予报销须写明理由和依据条款", "a rejection needs a reason and a clause",
                     None, "reason")  # fmt: skip
    if reason_zh.strip() and clause.strip():
        why = reason(
            "claims.reject",
            reason_zh.strip(),
            reason_en.strip() or reason_zh.strip(),
            clause.strip(),
            "reason",
        )
    else:
        r = recommended[-1]
        why = reason(str(r["rule_id"]), str(r["message_zh"]), str(r["message_en"]), r["clause"], r["field"])
    record(claim, actor, today, "reject", ClaimStatus.REJECTED, [why])
    claim.decision = {"decision": "rejected", "by": actor.user, "on": today.isoformat(), **why.as_dict()}
    claim.promised_on = None
    return claim


def disapprove(claim: Claim, actor: Actor, today: date, *, reason_zh: str, clause: str = "") -> Claim:
    """审批不同意: the approver refuses a reviewed claim the review recommended paying. Like the
    approval it needs a second staff member (初审/审批, seed 002 附表1) and, as any refusal, a
    written reason; the clause is the staff member's, else the approval step's own."""
    require_role(actor, STAFF, "审批不同意")
    if claim.status is not ClaimStatus.REVIEWED:  # only a reviewed claim is before the approver
        raise refuse("INVALID_STATE", "claims.state.transition",
                     f"报销申请当前状态为“{STATUS_ZH[claim.status]}”，只有已审核的申请才能审批不同意",
                     f"claim is {claim.status}; only a reviewed claim can be disapproved", None, "status",
                     status=str(claim.status))  # fmt: skip
    if actor.user == claim.reviewed_by:
        raise refuse("SAME_REVIEWER", "claims.four_eyes", "审核与审批须由不同经办人员办理",
                     "review and approval need two different staff members", FOUR_EYES, "actor")  # fmt: skip
    if not reason_zh.strip():
        raise refuse("REASON_REQUIRED", "claims.disapprove.reason", "审批不同意须写明理由",
                     "a disapproval needs a reason", None, "reason")  # fmt: skip
    why = reason("claims.disapprove", f"审批不同意：{reason_zh.strip()}", "disapproved at approval",
                 clause.strip() or FOUR_EYES, "reason")  # fmt: skip
    record(claim, actor, today, "disapprove", ClaimStatus.REJECTED, [why])
    claim.decision = {"decision": "disapproved", "by": actor.user, "on": today.isoformat(), **why.as_dict()}
    claim.promised_on = None
    return claim


@dataclass(frozen=True)
class Payment:
    paid_fen: int
    deducted_fen: int
    recovered: tuple[str, ...]  # settlement ids whose claw-back this payment deducted
    ytd_delta: dict[str, int]  # what the person's year-to-date accumulators gain (fen)
    year: int | None


def pay(
    claim: Claim, claimant: Claimant, actor: Actor, today: date, policy: ClaimsPolicy, *,
    ytd: dict[str, int] | None = None, clawback: list[tuple[str, int]] | None = None, price: Pricer | None = None,
) -> Payment:  # fmt: skip
    """Pay the approved amount (拨付): re-priced with today's year-to-date amounts, minus the
    claw-back due (whole settlements, oldest first, as far as the payment covers them)."""
    require_role(actor, STAFF, "拨付")
    ensure(claim, ClaimStatus.PAID, "拨付")
    if is_held(claim, claimant, policy, today):
        why = hold_reason()
        raise refuse("COMMITMENT_PENDING", why.rule_id, why.zh, why.en, why.clause, "filing_id")
    details: dict[str, Any] = {}
    if claim.bill is not None:
        before = dict(claim.amounts)
        claim.amounts, claim.settlement = policy.price_with(price)(claim, claimant, policy, ytd=ytd)
        if claim.amounts != before:
            details["repriced"] = {"reviewed": {k: fmt_fen(v) for k, v in before.items()}}
    gross = claim.amounts.get("reimbursement", 0)
    recovered: list[str] = []
    deducted = 0
    reasons = []
    if clawback and policy.value("clawback_deducted_from_claims", today):
        for settlement_id, fen in clawback:
            if deducted + fen <= gross:
                deducted += fen
                recovered.append(settlement_id)
        if recovered:
            reasons.append(reason(
                "claims.clawback", f"扣减承诺制备案享受的待遇差 {fmt_fen(deducted)} 元（结算 {'、'.join(recovered)}）",
                "claw-back deducted", policy.param("clawback_deducted_from_claims", today).clause,
                deducted=deducted, settlements=recovered,
            ))  # fmt: skip
    claim.paid_fen, claim.paid_on, claim.deducted_fen = gross - deducted, today, deducted
    reasons.insert(
        0, reason("claims.pay", f"拨付 {fmt_fen(claim.paid_fen)} 元", f"paid {fmt_fen(claim.paid_fen)}")
    )
    record(claim, actor, today, "pay", ClaimStatus.PAID, reasons, paid=fmt_fen(claim.paid_fen), **details)
    delta = {k: claim.amounts[k] for k in YTD_KEYS if k in claim.amounts}
    year = claim.bill.care_end.year if claim.bill else None
    return Payment(claim.paid_fen, deducted, tuple(recovered), delta, year)
