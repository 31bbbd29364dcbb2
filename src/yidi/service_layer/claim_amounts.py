"""Price a manual claim with the one settlement kernel (报销金额): the claim's bill becomes a desk
request (``domain.claims.amounts``), settled by ``desk.settle_request`` against the insured
region's benefit policy with the claim type's overlay (e.g. the assumed annual-relief ratio), so
desk, batch and manual claims share every rule. The reimbursement is the fund part.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from yidi.domain.claims.amounts import annual_relief, basis, claim_amounts, refund, settlement_request
from yidi.domain.claims.catalogue import ClaimsPolicy, ClaimTypeSpec
from yidi.domain.claims.claim import Claim
from yidi.domain.claims.claimant import Claimant
from yidi.domain.claims.kinds import ClaimType
from yidi.domain.settlement.policy import RegionPolicy
from yidi.domain.settlement.request import parse_request
from yidi.policy.loader import load_region
from yidi.policy.overlay import apply_overlay
from yidi.service_layer.desk import settle_request

RELIEF_PAID = "relief_paid"  # the person-year's annual relief already paid (ytd key of a relief claim)


@cache
def _policy(region: str, claim_type: ClaimType, overlay_key: str) -> RegionPolicy:
    overlay = yaml.safe_load(overlay_key)
    base = load_region(region)
    return apply_overlay(base, overlay, name=f"手工报销 {claim_type}") if overlay else base


def region_policy(spec: ClaimTypeSpec, region: str, base: RegionPolicy | None = None) -> RegionPolicy:
    """The region's benefit policy with the claim type's overlay (built once per type and region).

    ``base`` replaces the region's policy in force — a 基金测算 reform (``fund_manual_claims``):
    the claim type's own overlay still applies on top of it."""
    if base is not None:
        overlay = spec.settlement.overlay
        return apply_overlay(base, overlay, name=f"手工报销 {spec.type}") if overlay else base
    key = yaml.safe_dump(spec.settlement.overlay, sort_keys=True, allow_unicode=True)
    return _policy(region, spec.type, key)


def price(
    claim: Claim,
    claimant: Claimant,
    policy: ClaimsPolicy,
    *,
    ytd: dict[str, int] | None = None,
    refund_fen: int | None = None,
    base: RegionPolicy | None = None,
) -> tuple[dict[str, int], dict[str, Any]]:
    """(amounts in fen, settlement result with explanation) for the claim's effective type.

    The result keeps the year-to-date amounts the claim was priced with (``ytd``, fen), so a
    基金测算 can re-price it later exactly as it was (docs/projection.md)."""
    spec = policy.spec(claim.effective_type)
    if spec.settlement.kind == "account_refund":
        return refund(spec, refund_fen)
    raw = settlement_request(claim, claimant, spec, ytd or {})
    settled = settle_request(parse_request(raw), region_policy(spec, claimant.insured_region, base))
    result = settled.result()
    result["ytd"] = {k: int(v) for k, v in sorted((ytd or {}).items())}
    result["explanation"].insert(0, basis(spec))
    amounts = claim_amounts(settled.amounts)
    if spec.type is ClaimType.INPATIENT_RELIEF and claim.bill is not None:
        day = claim.bill.care_end
        cap = policy.param("relief_annual_cap", day)
        amounts, item = annual_relief(
            amounts, int(cap.value) * 100, (ytd or {}).get(RELIEF_PAID, 0), cap.clause
        )
        result["explanation"].append(item)
    return amounts, result
