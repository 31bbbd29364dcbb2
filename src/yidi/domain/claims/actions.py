"""The steps a staff member may take on a claim now (可办理的操作).

Asked before a page offers a button, with the same conditions the workflow and the decisions
check, so no step is offered that would then be refused: 审批同意 and 审批不同意 never to the
member who reviewed (初审/审批 by two people, seed 002 附表1), review and payment not while the
claim waits for a commitment (Tieling guide 三(二).3), a second return not after the one-time
notice (异地就医结算问题清单 三(一)). A reviewed claim's final decision — also 不予报销 on a
review that recommends it — is left to the second member, so the reviewer is offered nothing.
"""

from __future__ import annotations

from datetime import date

from yidi.domain.claims.catalogue import ClaimsPolicy
from yidi.domain.claims.claim import Claim
from yidi.domain.claims.kinds import ClaimStatus
from yidi.domain.claims.notice import missing

ACTION_ZH = {
    "accept": "受理",
    "return": "退回补正",
    "reject": "不予报销",
    "review": "审核（计算金额）",
    "approve": "审批同意",
    "disapprove": "审批不同意",
    "pay": "支付",
}
DONE_ZH = {
    "accept": "已受理",
    "return": "已退回补正",
    "reject": "已决定不予报销",
    "review": "已审核并计算金额",
    "approve": "已审批同意",
    "disapprove": "已审批不同意",
    "pay": "已支付",
}


def staff_actions(claim: Claim, user: str, policy: ClaimsPolicy, today: date) -> list[str]:
    """The actions ``user`` (a staff member) may take on ``claim`` today, in the order offered:
    受理 only when the materials are complete (else the one return, or 不予报销)."""
    can_return = claim.returns < policy.value("max_returns", today)
    if claim.status is ClaimStatus.SUBMITTED:
        complete = not missing(policy, claim.claim_type, claim.materials)
        return [*(["accept"] if complete else []), *(["return"] if can_return else []), "reject"]
    if claim.status is ClaimStatus.ACCEPTED:
        return [*([] if claim.held else ["review"]), *(["return"] if can_return else [])]
    if claim.status is ClaimStatus.REVIEWED:
        if user == claim.reviewed_by:
            return []
        recommends = (claim.recommendation or {}).get("decision")
        return ["reject"] if recommends == "reject" else ["approve", "disapprove"]
    if claim.status is ClaimStatus.APPROVED and not claim.held:
        return ["pay"]
    return []


def waiting_for(claim: Claim, user: str) -> str:
    """Plain words for who the claim waits on when ``user`` is offered nothing."""
    if claim.status is ClaimStatus.REVIEWED and user == claim.reviewed_by:
        return "您已审核此申请，审批须由另一位经办人员办理"
    if claim.held and claim.status in (ClaimStatus.ACCEPTED, ClaimStatus.APPROVED):
        return "参保人的承诺事项尚未完成，审核和支付暂缓"
    if claim.status is ClaimStatus.RETURNED:
        return "已退回补正，等待参保人补交材料"
    return ""
