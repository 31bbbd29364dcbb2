"""Pricing a claim (报销金额) with the settlement kernel, so a manual claim gets exactly the
amounts and the explanation a direct settlement would have had — with the right benefits:

* 未持卡住院 meeting the emergency criteria → temporary-outing standards (seed 000 五(一));
* not meeting them → the annual relief policy (assumed parameters, overlay on the kernel);
* emergency outpatient / chronic outpatient → the claimant's own filing category (五(二)(三));
* maternity outside the province → the insured region's local standards (seed 001 四.7);
* the personal-account refund is the account amount entered by staff (seed 002 第二十二条).

The reimbursement is the fund part (``fund_pay_sumamt``); the person already paid the bill.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from yidi.domain.claims.catalogue import ClaimsPolicy, ClaimTypeSpec
from yidi.domain.claims.claim import Claim
from yidi.domain.claims.claimant import Claimant
from yidi.domain.claims.kinds import MED_TYPE, ClaimType
from yidi.domain.money import fmt_fen

if TYPE_CHECKING:
    from yidi.policy.model import RegionPolicy

YTD_KEYS = ("act_pay_dedc", "hifp_pay", "hifob_pay", "cvlserv_pay")  # the accumulators a claim adds to
Settle = Callable[..., Any]  # yidi.service_layer.desk.settle_request


@cache
def _policy(region: str, claim_type: ClaimType, overlay_key: str) -> RegionPolicy:
    import yaml

    from yidi.policy.loader import load_region
    from yidi.policy.overlay import apply_overlay

    overlay = yaml.safe_load(overlay_key)
    base = load_region(region)
    return apply_overlay(base, overlay, name=f"手工报销 {claim_type}") if overlay else base


def region_policy(spec: ClaimTypeSpec, region: str) -> RegionPolicy:
    import yaml

    key = yaml.safe_dump(spec.settlement.overlay, sort_keys=True, allow_unicode=True)
    return _policy(region, spec.type, key)


def settlement_request(
    claim: Claim, claimant: Claimant, spec: ClaimTypeSpec, ytd: dict[str, int]
) -> dict[str, Any]:
    """The desk request (national field names) for a claim's bill."""
    bill = claim.bill
    assert bill is not None
    category = spec.settlement.filing_category
    if category == "from_filing":
        filing = claimant.filing(claim.filing_id)
        category = filing.category if filing else "temporary"
        category = {"student": "long_term_resident", "maternity": "temporary"}.get(category, category)
    return {
        "insuplc_admdvs": claimant.insured_region,
        "mdtrtarea_admvs": _known(bill.treatment_region),
        "insutype": claimant.insutype,
        "psn_type": claimant.psn_type,
        "cvlserv_flag": "1" if claimant.civil_servant else "0",
        "filing_category": category,
        "hosp_lv": bill.hosp_lv,
        "setl_time": bill.care_end.isoformat(),
        "med_type": MED_TYPE[spec.type],
        "medfee_sumamt": fmt_fen(bill.medfee_sumamt),
        "fulamt_ownpay_amt": fmt_fen(bill.fulamt_ownpay_amt),
        "overlmt_selfpay": fmt_fen(bill.overlmt_selfpay),
        "preselfpay_amt": fmt_fen(bill.preselfpay_amt),
        "inscp_scp_amt": fmt_fen(bill.inscp_scp_amt),
        "acct_used_flag": "0",
        "acct_balc": "0.00",
        "ytd": {k: fmt_fen(ytd.get(k, 0)) for k in YTD_KEYS},
        "psn_no": claimant.id_number,
    }


def price(
    claim: Claim,
    claimant: Claimant,
    policy: ClaimsPolicy,
    *,
    ytd: dict[str, int] | None = None,
    refund_fen: int | None = None,
    settle: Settle | None = None,
) -> tuple[dict[str, int], dict[str, Any]]:
    """(amounts in fen, settlement result with explanation) for the claim's effective type."""
    spec = policy.spec(claim.effective_type)
    if spec.settlement.kind == "account_refund":
        return _refund(spec, refund_fen)
    from yidi.domain.settlement.request import parse_request

    run = settle
    if run is None:  # the desk's settlement: the same kernel and explanation as direct settlement
        from yidi.service_layer.desk import settle_request

        run = settle_request
    raw = settlement_request(claim, claimant, spec, ytd or {})
    settled = run(parse_request(raw), region_policy(spec, claimant.insured_region))
    result = settled.result()
    result["explanation"].insert(0, _basis(spec))
    r = settled.amounts
    amounts = {k: int(r[k]) for k in ("medfee_sumamt", "fund_pay_sumamt", "psn_part_amt", *YTD_KEYS)}
    amounts["reimbursement"] = amounts["fund_pay_sumamt"]
    return amounts, result


def _known(code: str) -> str:
    """The settlement request knows pooling regions and provinces: a city elsewhere → its province."""
    from yidi.domain.regions import region_name

    return code if region_name(code) is not None or code.startswith("21") else code[:2] + "0000"


def _basis(spec: ClaimTypeSpec) -> dict[str, Any]:
    s = spec.settlement
    return {
        "field": "claim_basis",
        "amount": None,
        "rule": f"手工报销：{spec.label}，按 {s.source} 计算；报销金额 = 基金支付总额（统筹 + 大额 + 公务员补助）。"
        + (f"假设：{s.note}" if s.assumption else s.note),
        "parameters": [],
        "values": {},
        "clause": spec.clause,
        "assumption": s.assumption,
    }


def _refund(spec: ClaimTypeSpec, refund_fen: int | None) -> tuple[dict[str, int], dict[str, Any]]:
    from yidi.domain.errors import InvalidInput

    if refund_fen is None or isinstance(refund_fen, bool) or refund_fen < 0:
        raise InvalidInput.of(
            "refund_fen",
            "请录入个人账户系统记载的该年度返还金额（分，非负整数）",
            "refund_fen (>= 0 fen) is required",
        )
    explanation = [
        _basis(spec),
        {
            "field": "reimbursement",
            "amount": fmt_fen(refund_fen),
            "rule": f"个人账户基金返还 {fmt_fen(refund_fen)} 元（{spec.clause}：一个自然年度内没有发生直接结算住院医疗费用的，可申请返还个人账户基金）。",
            "parameters": [],
            "values": {},
        },
    ]
    return {"reimbursement": refund_fen}, {"explanation": explanation}
