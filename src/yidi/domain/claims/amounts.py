"""Pricing a claim (报销金额): the pure parts. The service layer
(``service_layer/claim_amounts.py``) runs the settlement kernel on the request built here, so a
manual claim gets exactly the amounts and the explanation a direct settlement would have had —
with the right benefits:

* 未持卡住院 meeting the emergency criteria → temporary-outing standards (seed 000 五(一));
* not meeting them → the annual relief policy (assumed parameters, overlay on the kernel);
* emergency outpatient / chronic outpatient → the claimant's own filing category (五(二)(三));
* maternity outside the province → the insured region's local standards (seed 001 四.7);
* the personal-account refund is the account amount entered by staff (seed 002 第二十二条).

The reimbursement is the fund part (``fund_pay_sumamt``); the person already paid the bill.
"""

from __future__ import annotations

from typing import Any

from yidi.domain.claims.catalogue import ClaimTypeSpec
from yidi.domain.claims.claim import Claim
from yidi.domain.claims.claimant import Claimant
from yidi.domain.claims.kinds import MED_TYPE
from yidi.domain.errors import InvalidInput
from yidi.domain.money import fmt_fen
from yidi.domain.regions import region_name
from yidi.domain.settlement.amounts import YTD_AMOUNTS

YTD_KEYS = YTD_AMOUNTS  # the accumulators a claim adds to


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
        category = {"student": "long_term_resident"}.get(category, category)
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


def claim_amounts(settled: dict[str, int]) -> dict[str, int]:
    """What a claim records of the kernel's row; the reimbursement is the fund part."""
    amounts = {k: int(settled[k]) for k in ("medfee_sumamt", "fund_pay_sumamt", "psn_part_amt", *YTD_KEYS)}
    amounts["reimbursement"] = amounts["fund_pay_sumamt"]
    return amounts


def _known(code: str) -> str:
    """The settlement request knows pooling regions and provinces: a city elsewhere → its province."""
    return code if region_name(code) is not None or code.startswith("21") else code[:2] + "0000"


def basis(spec: ClaimTypeSpec) -> dict[str, Any]:
    """The first explanation item: which claim type, priced on what basis."""
    s = spec.settlement
    on = f"按 {s.citation} 计算" if s.citation.clause is not None else str(s.citation)
    return {
        "field": "claim_basis",
        "amount": None,
        "rule": f"手工报销：{spec.label}，{on}；报销金额 = 基金支付总额（统筹 + 大额 + 公务员补助）。"
        + (f"假设：{s.note}" if s.assumption else s.note),
        "parameters": [],
        "values": {},
        "clause": spec.clause,
        "assumption": s.assumption,
        **({"assumption_id": s.citation.assumption_id} if s.citation.assumption_id else {}),
    }


def refund(spec: ClaimTypeSpec, refund_fen: int | None) -> tuple[dict[str, int], dict[str, Any]]:
    """The personal-account refund: the amount staff entered from the account system."""
    if refund_fen is None or isinstance(refund_fen, bool) or refund_fen < 0:
        raise InvalidInput.of(
            "refund_fen",
            "请录入个人账户系统记载的该年度返还金额（分，非负整数）",
            "refund_fen (>= 0 fen) is required",
        )
    explanation = [
        basis(spec),
        {
            "field": "reimbursement",
            "amount": fmt_fen(refund_fen),
            "rule": f"个人账户基金返还 {fmt_fen(refund_fen)} 元（{spec.clause}：一个自然年度内没有发生直接结算住院医疗费用的，可申请返还个人账户基金）。",
            "parameters": [],
            "values": {},
        },
    ]
    return {"reimbursement": refund_fen}, {"explanation": explanation}


def annual_relief(
    amounts: dict[str, int], cap_fen: int, paid_this_year_fen: int, citation: object
) -> tuple[dict[str, int], dict[str, Any]]:
    """The 非直接结算住院 annual relief (seed 000 五(一)) aggregated over the person-year: this
    claim pays its fund part (the ratio, A-CLM-02) up to what remains of the annual cap
    (A-CLM-07) after the relief already paid to the person for the same year."""
    remaining = max(cap_fen - paid_this_year_fen, 0)
    pays = min(amounts["reimbursement"], remaining)
    cut = amounts["reimbursement"] - pays  # what the cap withholds stays the person's, and is not
    out = {  # counted as pooled-fund use in the year-to-date totals (the relief pays only hifp_pay)
        **amounts, "reimbursement": pays, "fund_pay_sumamt": amounts["fund_pay_sumamt"] - cut,
        "hifp_pay": amounts["hifp_pay"] - cut, "psn_part_amt": amounts["psn_part_amt"] + cut,
    }
    item = {
        "field": "annual_relief",
        "amount": fmt_fen(pays),
        "rule": (
            f"年度救助按年度累计：年度限额 {fmt_fen(cap_fen)} 元，本年度已拨付年度救助 {fmt_fen(paid_this_year_fen)} 元，"
            f"尚余 {fmt_fen(remaining)} 元；本次按比例计算 {fmt_fen(amounts['reimbursement'])} 元，拨付 {fmt_fen(pays)} 元"
            f"（{citation}）。"
        ),
        "parameters": [],
        "values": {"annual_cap": fmt_fen(cap_fen), "paid_this_year": fmt_fen(paid_this_year_fen)},
        "assumption_id": "A-CLM-07",
    }
    return out, item
