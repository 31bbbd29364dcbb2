"""No double payment (重复报销): a bill already claimed, a year already refunded, or a stay
already settled directly at the hospital cannot be claimed again.

未持卡 inpatient claims (seed 000 五(一)) exist because the stay was *not* settled directly; if
the hospital interface holds a valid direct settlement of an inpatient visit overlapping the
claimed stay, the claim is refused. The emergency and relief routes are the same stay, so they
are one family. Rejected and withdrawn claims do not count: the person may claim again.
"""

from __future__ import annotations

from collections.abc import Iterable

from yidi.domain.claims.claim import Claim
from yidi.domain.claims.eligibility import Application
from yidi.domain.claims.kinds import ClaimStatus, ClaimType
from yidi.domain.claims.refusal import DOC_2021_45, refuse

CLOSED_WITHOUT_PAYMENT = frozenset({ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN})
INPATIENT = frozenset(
    {ClaimType.INPATIENT_EMERGENCY, ClaimType.INPATIENT_RELIEF, ClaimType.MATERNITY_OUT_OF_PROVINCE}
)


def family(claim_type: ClaimType) -> frozenset[ClaimType]:
    return INPATIENT if claim_type in INPATIENT else frozenset({claim_type})


def same_bill(app: Application, claim: Claim) -> bool:
    a, b = app.bill, claim.bill
    if a is None or b is None:
        return app.refund_year is not None and app.refund_year == claim.refund_year
    return (a.care_start, a.care_end, a.medfee_sumamt, a.treatment_region) == (
        b.care_start, b.care_end, b.medfee_sumamt, b.treatment_region,
    )  # fmt: skip


def check_duplicates(
    app: Application, existing: Iterable[Claim], overlapping_direct_settlements: int = 0
) -> None:
    """Refuse a claim that would pay the same costs twice (``DUPLICATE_CLAIM`` / ``ALREADY_SETTLED_DIRECTLY``)."""
    kinds = family(app.claim_type)
    for claim in existing:
        if (
            claim.status in CLOSED_WITHOUT_PAYMENT
            or claim.claim_type not in kinds
            or not same_bill(app, claim)
        ):
            continue
        raise refuse(
            "DUPLICATE_CLAIM", "claims.duplicate",
            f"同一费用已有报销申请 {claim.id}（状态：{claim.status}），不能重复申请；被退回的请补正原申请",
            f"the same costs are already claimed in {claim.id} ({claim.status})", None, "bill",
            claim_id=claim.id, status=str(claim.status),
        )  # fmt: skip
    if app.claim_type in INPATIENT and overlapping_direct_settlements:
        raise refuse(
            "ALREADY_SETTLED_DIRECTLY", "claims.duplicate.direct",
            f"该住院期间已有 {overlapping_direct_settlements} 笔有效的直接结算，手工报销限未直接结算的费用",
            "an overlapping inpatient stay was settled directly at the hospital", f"{DOC_2021_45} 五",
            "bill", settlements=overlapping_direct_settlements,
        )  # fmt: skip
