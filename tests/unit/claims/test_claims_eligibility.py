"""Submission checks (申请条件) per claim type, each refusal naming its clause."""

from __future__ import annotations

from datetime import date

import pytest
from claims_fixtures import (
    INPATIENT_MATERIALS,
    OUTPATIENT_MATERIALS,
    REFUND_MATERIALS,
    SHOCK,
    bill,
    claimant,
    filing,
    submit,
)

from yidi.domain.claims import ClaimRefused, ClaimType, Evidence, Outcome
from yidi.domain.errors import InvalidInput

MATERNITY = ClaimType.MATERNITY_OUT_OF_PROVINCE


def _refused(fn) -> ClaimRefused:  # type: ignore[no-untyped-def]
    with pytest.raises(ClaimRefused) as exc:
        fn()
    return exc.value


def test_a_type_exists_only_in_its_regions_and_from_its_date(policy) -> None:
    r = _refused(
        lambda: submit(policy, claimant(region="211200"), ClaimType.INPATIENT_RELIEF, [], bill=bill())
    )
    assert (
        r.code == "CLAIM_TYPE_NOT_AVAILABLE"
        and str(r.reason.clause)
        == "辽医保中心发〔2021〕45号 五(一)（不符合急诊住院抢救相关规定的，按照省直医保非直接结算住院医疗费用年度救助政策执行）"
    )
    early = bill(care_start="2021-05-01", care_end="2021-05-20")
    r = _refused(lambda: submit(policy, claimant(), ClaimType.INPATIENT_RELIEF, [], bill=early))
    assert r.code == "CLAIM_TYPE_NOT_AVAILABLE"


def test_maternity_is_for_women_in_employee_insurance_outside_the_province(policy) -> None:
    r = _refused(lambda: submit(policy, claimant(region="211200"), MATERNITY, [], bill=bill()))
    assert r.code == "NOT_ELIGIBLE" and r.reason.rule_id == "claims.requires.female"
    r = _refused(
        lambda: submit(
            policy, claimant(region="211200", female=True), MATERNITY, [], bill=bill(region="210100")
        )
    )
    assert r.reason.rule_id == "claims.requires.out_of_province" and "直接结算" in r.reason.zh
    assert str(r.reason.clause) == "铁岭市参保人员异地就医联网结算服务指南 四.7"


def test_emergency_outpatient_needs_a_filing_and_an_admission_or_death(policy) -> None:
    ev = Evidence("休克", SHOCK, Outcome.ADMITTED)
    r = _refused(
        lambda: submit(policy, claimant(), ClaimType.EMERGENCY_OUTPATIENT, [], bill=bill(), evidence=ev)
    )
    assert r.reason.rule_id == "claims.requires.filing"
    no_outcome = Evidence("休克", SHOCK)
    r = _refused(
        lambda: submit(
            policy, claimant(filing()), ClaimType.EMERGENCY_OUTPATIENT, [], bill=bill(), evidence=no_outcome
        )
    )
    assert r.reason.rule_id == "claims.requires.outcome"
    late = claimant(filing(start=date(2026, 4, 1)))
    r = _refused(lambda: submit(policy, late, ClaimType.EMERGENCY_OUTPATIENT, [], bill=bill(), evidence=ev))
    assert r.reason.rule_id == "claims.requires.filing"


def test_emergency_evidence_must_name_a_known_disease_and_facts(policy) -> None:
    with pytest.raises(InvalidInput) as exc:
        submit(policy, claimant(), ClaimType.INPATIENT_EMERGENCY, [], bill=bill(), evidence=Evidence(None))
    assert exc.value.problems[0].field == "evidence.disease"
    with pytest.raises(InvalidInput):
        submit(
            policy,
            claimant(),
            ClaimType.INPATIENT_EMERGENCY,
            [],
            bill=bill(),
            evidence=Evidence("休克", {"lactic": 3}),
        )


def test_chronic_costs_need_a_long_term_filing_and_the_chosen_hospital(policy) -> None:
    chronic = ClaimType.CHRONIC_OUTPATIENT
    r = _refused(lambda: submit(policy, claimant(filing(category="temporary")), chronic, [], bill=bill()))
    assert r.reason.zh.endswith("限异地长期居住人员")
    r = _refused(lambda: submit(policy, claimant(filing()), chronic, [], bill=bill()))
    assert r.reason.rule_id == "claims.requires.chronic_hospital"
    other = bill(hospital_code="H11010100002")
    r = _refused(
        lambda: submit(policy, claimant(filing(chronic_hospital="H11010100001")), chronic, [], bill=other)
    )
    assert "不是选定的门诊特慢病定点医院" in r.reason.zh


@pytest.mark.parametrize("today", [date(2025, 12, 31), date(2026, 1, 21), date(2027, 1, 5)])
def test_the_refund_is_applied_for_between_1_and_20_january_of_the_next_year(policy, today) -> None:
    who = claimant(filing(region="110000", start=date(2024, 1, 1)))
    r = _refused(
        lambda: submit(policy, who, ClaimType.ACCOUNT_REFUND, REFUND_MATERIALS, refund_year=2025, today=today)
    )
    assert r.code == "OUTSIDE_APPLICATION_WINDOW" and "第二十二条" in str(r.reason.clause)


@pytest.mark.parametrize("today", [date(2026, 1, 1), date(2026, 1, 20)])
def test_the_refund_window_includes_both_ends(policy, today) -> None:
    who = claimant(filing(region="110000", start=date(2024, 1, 1)))
    claim = submit(policy, who, ClaimType.ACCOUNT_REFUND, REFUND_MATERIALS, refund_year=2025, today=today)
    assert claim.refund_year == 2025 and claim.filing_id == "F1"


def test_the_refund_needs_a_cross_province_filing_and_no_direct_inpatient_costs(policy) -> None:
    today = date(2026, 1, 6)
    in_province = claimant(filing(region="210100", start=date(2024, 1, 1)))
    r = _refused(
        lambda: submit(policy, in_province, ClaimType.ACCOUNT_REFUND, [], refund_year=2025, today=today)
    )
    assert r.reason.rule_id == "claims.requires.filing"
    who = claimant(filing(region="110000", start=date(2024, 1, 1)))
    r = _refused(lambda: submit(
        policy, who, ClaimType.ACCOUNT_REFUND, [], refund_year=2025, today=today, direct_inpatient_settlements=2
    ))  # fmt: skip
    assert r.reason.rule_id == "claims.requires.no_direct_inpatient"


def test_materials_must_be_on_the_types_list(policy) -> None:
    with pytest.raises(InvalidInput) as exc:
        submit(policy, claimant(), ClaimType.INPATIENT_RELIEF, [*INPATIENT_MATERIALS, "hukou"], bill=bill())
    assert exc.value.problems[0].field == "materials[4]"
    with pytest.raises(InvalidInput):
        submit(policy, claimant(), ClaimType.INPATIENT_RELIEF, OUTPATIENT_MATERIALS, bill=bill())


def test_a_bill_must_add_up(policy) -> None:
    with pytest.raises(InvalidInput) as exc:
        submit(policy, claimant(), ClaimType.INPATIENT_RELIEF, [], bill=bill(medfee_sumamt="10000.01"))
    assert exc.value.problems[0].field == "bill.medfee_sumamt"
    with pytest.raises(InvalidInput):
        submit(policy, claimant(), ClaimType.INPATIENT_RELIEF, [], bill=bill(care_end="2026-03-01"))


def test_the_same_costs_cannot_be_claimed_twice(policy, calendar) -> None:
    from claims_fixtures import CHIEF

    from yidi.domain.claims import decisions

    who = claimant()
    first = submit(policy, who, ClaimType.INPATIENT_RELIEF, INPATIENT_MATERIALS, bill=bill())
    r = _refused(
        lambda: submit(
            policy,
            who,
            ClaimType.INPATIENT_EMERGENCY,
            [],
            bill=bill(),
            evidence=Evidence("休克", SHOCK),
            existing=[first],
        )
    )
    assert r.code == "DUPLICATE_CLAIM" and r.reason.params["claim_id"] == "C1"
    other_stay = submit(
        policy, who, ClaimType.INPATIENT_RELIEF, [], bill=bill(care_end="2026-03-11"), existing=[first]
    )
    assert other_stay.status.value == "submitted"
    decisions.reject(first, CHIEF, date(2026, 3, 16), reason_zh="票据不实", clause="五(一)")
    again = submit(policy, who, ClaimType.INPATIENT_RELIEF, [], bill=bill(), existing=[first])
    assert again.status.value == "submitted"


def test_a_stay_settled_directly_is_not_claimed_by_hand(policy) -> None:
    r = _refused(
        lambda: submit(
            policy, claimant(), ClaimType.INPATIENT_RELIEF, [], bill=bill(), overlapping_direct_settlements=1
        )
    )
    assert r.code == "ALREADY_SETTLED_DIRECTLY" and "五" in str(r.reason.clause)


def test_a_year_is_refunded_once(policy) -> None:
    who = claimant(filing(region="110000", start=date(2024, 1, 1)))
    today = date(2026, 1, 6)
    first = submit(policy, who, ClaimType.ACCOUNT_REFUND, REFUND_MATERIALS, refund_year=2025, today=today)
    r = _refused(
        lambda: submit(
            policy, who, ClaimType.ACCOUNT_REFUND, [], refund_year=2025, today=today, existing=[first]
        )
    )
    assert r.code == "DUPLICATE_CLAIM"


def test_issue15_unknown_region_and_care_in_2999_refused_for_claims(policy) -> None:
    with pytest.raises(InvalidInput) as exc:
        submit(policy, claimant(), ClaimType.INPATIENT_RELIEF, [], bill=bill(region="999900"))
    assert exc.value.problems[0].field == "bill.treatment_region"
    future = bill(care_start="2999-01-01", care_end="2999-01-05")
    with pytest.raises(InvalidInput) as exc:
        submit(policy, claimant(), ClaimType.INPATIENT_RELIEF, [], bill=future)
    assert exc.value.problems[0].field == "bill.care_end"
    assert "只能报销已经发生的医疗费用" in exc.value.problems[0].zh
