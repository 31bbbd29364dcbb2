"""Each claim type of the seeds, end to end in the domain: submitted → accepted → reviewed →
approved → paid, with the amounts the settlement kernel gives and the clause in the explanation."""

from __future__ import annotations

from datetime import date

import pytest
from claims_fixtures import (
    CHIEF,
    CLERK,
    INPATIENT_MATERIALS,
    NOT_SHOCK,
    OUTPATIENT_MATERIALS,
    REFUND_MATERIALS,
    SHOCK,
    bill,
    claimant,
    filing,
    submit,
    to_paid,
)

from yidi.domain.claims import ClaimStatus, ClaimType, Evidence, Outcome, decisions, workflow
from yidi.domain.claims.notice import receipt


def test_inpatient_without_card_meeting_the_criteria_gets_temporary_standards(policy, calendar) -> None:
    """seed 000 五(一): 参照临时外出就医人员待遇标准 — 三级 起付1500, 统筹75%."""
    who = claimant()
    claim = submit(
        policy,
        who,
        ClaimType.INPATIENT_EMERGENCY,
        INPATIENT_MATERIALS,
        bill=bill(),
        evidence=Evidence("休克", SHOCK),
    )
    payment = to_paid(claim, who, policy, calendar)
    assert claim.status is ClaimStatus.PAID and claim.effective_type is ClaimType.INPATIENT_EMERGENCY
    assert claim.amounts["act_pay_dedc"] == 150_000 and claim.amounts["hifp_pay"] == 637_500
    assert payment.paid_fen == 637_500 and payment.ytd_delta["hifp_pay"] == 637_500 and payment.year == 2026
    basis = claim.settlement["explanation"][0]
    assert basis["clause"] == "辽医保中心发〔2021〕45号 五(一)"
    assert any(e["field"] == "hifp_pay" for e in claim.settlement["explanation"])
    assert claim.settlement["setlinfo"]["pool_prop_selfpay"] == "0.7500"
    review = next(e for e in claim.events if e.action == "review")
    assert "claims.criteria" in (review.rule_id or "") and "符合" in review.reason


def test_inpatient_without_card_not_meeting_the_criteria_goes_to_the_relief_policy(policy, calendar) -> None:
    """seed 000 五(一) second half: 不符合的按年度救助政策 (assumed: 50% above the temporary deductible)."""
    who = claimant(civil_servant=True)
    claim = submit(
        policy,
        who,
        ClaimType.INPATIENT_EMERGENCY,
        INPATIENT_MATERIALS,
        bill=bill(),
        evidence=Evidence("休克", NOT_SHOCK),
    )
    to_paid(claim, who, policy, calendar)
    assert claim.route is ClaimType.INPATIENT_RELIEF
    assert claim.amounts["reimbursement"] == 425_000  # (10000 − 1500) × 50%, no subsidy under relief
    assert claim.amounts["cvlserv_pay"] == 0
    basis = claim.settlement["explanation"][0]
    assert basis["assumption"] is True and "年度救助" in basis["rule"]
    assert any(r["rule_id"] == "claims.route.otherwise" for r in claim.recommendation["reasons"])


def test_relief_can_be_claimed_directly(policy, calendar) -> None:
    who = claimant()
    claim = submit(policy, who, ClaimType.INPATIENT_RELIEF, INPATIENT_MATERIALS, bill=bill(hosp_lv="2"))
    to_paid(claim, who, policy, calendar)
    assert claim.amounts["act_pay_dedc"] == 80_000 and claim.amounts["reimbursement"] == 460_000


@pytest.mark.parametrize("outcome", [Outcome.ADMITTED, Outcome.DIED])
def test_emergency_outpatient_costs_of_an_admission_or_a_death(policy, calendar, outcome) -> None:
    """seed 000 五(二): 两类人员, criteria met, 急诊转住院或抢救无效去世; own category, no 2nd deductible."""
    who = claimant(filing(category="long_term_resident"))
    claim = submit(
        policy, who, ClaimType.EMERGENCY_OUTPATIENT, OUTPATIENT_MATERIALS,
        bill=bill("2000.00"), evidence=Evidence("休克", SHOCK, outcome),
    )  # fmt: skip
    to_paid(claim, who, policy, calendar)
    assert claim.filing_id == "F1"
    assert claim.amounts["act_pay_dedc"] == 0 and claim.amounts["hifp_pay"] == 178_000  # 2000 × 89%


def test_emergency_outpatient_not_meeting_the_criteria_is_recommended_for_rejection(policy, calendar) -> None:
    who = claimant(filing(category="temporary"))
    claim = submit(
        policy, who, ClaimType.EMERGENCY_OUTPATIENT, OUTPATIENT_MATERIALS,
        bill=bill("2000.00"), evidence=Evidence("休克", NOT_SHOCK, Outcome.DIED),
    )  # fmt: skip
    workflow.accept(claim, who, CLERK, date(2026, 3, 16), policy, calendar)
    decisions.review(claim, who, CLERK, date(2026, 3, 16), policy)
    assert claim.recommendation["decision"] == "reject" and not claim.amounts
    decisions.reject(claim, CHIEF, date(2026, 3, 17))
    assert claim.status is ClaimStatus.REJECTED
    assert (
        claim.decision["clause"] == "辽医保中心发〔2021〕45号 五(二)"
        and "不符合" in claim.decision["message_zh"]
    )


def test_chronic_outpatient_costs_paid_in_advance(policy, calendar) -> None:
    """seed 000 五(三): long-term filer, chosen chronic-disease hospital; 二级 94%, no deductible (assumed)."""
    who = claimant(filing(chronic_hospital="H11010100001"))
    claim = submit(
        policy, who, ClaimType.CHRONIC_OUTPATIENT, OUTPATIENT_MATERIALS,
        bill=bill("1000.00", hosp_lv="2", hospital_code="H11010100001"),
    )  # fmt: skip
    to_paid(claim, who, policy, calendar)
    assert claim.amounts["reimbursement"] == 94_000


def test_maternity_outside_the_province_at_local_standards(policy, calendar) -> None:
    """seed 001 四.7: 省外生育住院 免申即享自动备案手工报销, 执行参保地本地就医待遇标准 (铁岭 local)."""
    who = claimant(region="211200", female=True)
    claim = submit(policy, who, ClaimType.MATERNITY_OUT_OF_PROVINCE, INPATIENT_MATERIALS, bill=bill())
    to_paid(claim, who, policy, calendar)
    assert claim.amounts["act_pay_dedc"] == 70_000 and claim.amounts["hifp_pay"] == 790_500  # (10000−700)×85%


def test_personal_account_refund_applied_in_january(policy, calendar) -> None:
    """seed 002 第二十二条: no direct-settled inpatient costs in 2025, applied 2026-01-05."""
    who = claimant(
        filing(category="long_term_retiree", region="110100", start=date(2024, 5, 1)), psn_type="12"
    )
    today = date(2026, 1, 5)
    claim = submit(policy, who, ClaimType.ACCOUNT_REFUND, REFUND_MATERIALS, refund_year=2025, today=today)
    payment = to_paid(claim, who, policy, calendar, today=today, refund_fen=123_456)
    assert payment.paid_fen == 123_456 and payment.ytd_delta == {} and payment.year is None
    assert claim.settlement["explanation"][0]["clause"] == "辽社险办〔2017〕29号 第二十二条"


def test_the_receipt_prints_the_complete_notice_and_the_promise(policy, calendar) -> None:
    who = claimant()
    claim = submit(policy, who, ClaimType.INPATIENT_RELIEF, INPATIENT_MATERIALS[:2], bill=bill())
    text = receipt(claim, policy)["text_zh"]
    for label in ("住院病历原件", "有效医疗票据", "有效费用明细", "医保卡或身份证复印件"):
        assert label in text
    assert "尚缺材料：有效费用明细、医保卡或身份证复印件" in text
