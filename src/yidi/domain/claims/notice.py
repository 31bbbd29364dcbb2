"""The one-time notice (一次性告知): the complete materials of a claim type, shown before
submission and printed on the receipt, and the list of what is still missing.

Seed 003 三(一) names the problem this answers: materials not told at once. The lists are data
with their clause (seed 000 五(一)(二)(三), seed 002 第二十二条; assumptions say so).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from yidi.domain.claims.catalogue import ClaimsPolicy
from yidi.domain.claims.claim import Claim
from yidi.domain.claims.kinds import STATUS_ZH, ClaimType
from yidi.domain.errors import InvalidInput
from yidi.domain.money import fmt_fen


def notice(policy: ClaimsPolicy, claim_type: ClaimType) -> dict[str, Any]:
    """Everything a claimant must bring, with the clause — the same list every time."""
    spec = policy.spec(claim_type)
    items = [{"kind": k, "label": policy.label(k)} for k in spec.materials.kinds]
    text = "；".join(f"{i + 1}. {m['label']}" for i, m in enumerate(items))
    return {
        "claim_type": str(claim_type),
        "label": spec.label,
        "clause": spec.clause,
        "materials": items,
        "materials_clause": spec.materials.clause,
        "assumption": spec.materials.assumption,
        "note": spec.materials.note or None,
        "text_zh": f"{spec.label}所需材料（一次性告知，依据 {spec.materials.clause}）：{text}。",
    }


def check_kinds(policy: ClaimsPolicy, claim_type: ClaimType, kinds: Iterable[str], field: str) -> list[str]:
    """Materials named by a client must be on the type's list (names the field if not)."""
    allowed = policy.spec(claim_type).materials.kinds
    out = []
    for i, k in enumerate(kinds):
        if k not in allowed:
            raise InvalidInput.of(
                f"{field}[{i}]",
                f"“{k}”不是{policy.spec(claim_type).label}的材料；应为：{'、'.join(allowed)}",
                f"{k!r} is not a material of {claim_type}; expected one of {list(allowed)}",
            )
        if k not in out:
            out.append(k)
    return out


def missing(policy: ClaimsPolicy, claim_type: ClaimType, supplied: Iterable[str]) -> list[str]:
    have = set(supplied)
    return [k for k in policy.spec(claim_type).materials.kinds if k not in have]


def receipt(claim: Claim, policy: ClaimsPolicy) -> dict[str, Any]:
    """The receipt (回执): the full notice, what was received, what is missing, the promise."""
    n = notice(policy, claim.claim_type)
    lacking = missing(policy, claim.claim_type, claim.materials)
    lines = [
        f"报销申请 {claim.ref_no or claim.id}（{n['label']}），状态：{STATUS_ZH[claim.status]}。",
        n["text_zh"],
        "已收材料：" + ("、".join(policy.label(k) for k in claim.materials) or "无") + "。",
        "尚缺材料：" + ("、".join(policy.label(k) for k in lacking) or "无") + "。",
    ]
    if claim.promised_on:
        lines.append(f"承诺办结日期：{claim.promised_on.isoformat()}（工作日计算，遇法定节假日顺延）。")
    if claim.held:
        lines.append("本人备案为承诺制且材料尚未补齐：报销材料已受理，待备案材料补齐后审核结算拨付。")
    if claim.paid_fen is not None:
        lines.append(f"已拨付 {fmt_fen(claim.paid_fen)} 元。")
    return {"notice": n, "received": list(claim.materials), "missing": lacking, "text_zh": "\n".join(lines)}
