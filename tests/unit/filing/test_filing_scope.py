"""What a filing may be for: 香港、澳门、台湾 are outside 异地就医 (seed 001 一), a place must exist,
dates must be plausible (A-FIL-12) — for filings and for manual claims."""

from __future__ import annotations

from datetime import date

import pytest

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.claims.claim import Bill
from yidi.domain.errors import FilingRefused, InvalidInput
from yidi.domain.filing import eligibility
from yidi.domain.filing.admission import admit
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import MaterialIn, NewFiling, create_filing
from yidi.domain.filing.lifecycle import change
from yidi.domain.filing.materials import MaterialKind as K

D2026 = date(2026, 3, 2)
HOSPITAL = Actor("H21010000001", Role.HOSPITAL, Channel.HOSPITAL_ADMISSION)


def _temporary(region: str, **kw) -> NewFiling:
    return NewFiling(Category.TEMPORARY, region, temporary_reason=TemporaryReason.TRAVEL, **kw)


@pytest.mark.parametrize("place", ["810000", "820000", "710000"])
def test_seed001_一_hong_kong_macau_taiwan_filing_refused(person, rules, actor, place):
    p = person("211200")
    with pytest.raises(FilingRefused) as exc:
        create_filing(p, _temporary(place), actor(Channel.SELF_SERVICE), D2026, rules("211200"))
    assert exc.value.code == "OUTSIDE_CROSS_REGION"
    assert str(exc.value.clause) == "铁岭市参保人员异地就医联网结算服务指南 一"
    assert "不属于异地就医范围" in exc.value.problems[0].zh
    assert p.filings == []


@pytest.mark.parametrize("place", ["810000", "710000"])
def test_seed001_一_no_auto_filing_in_hong_kong_or_taiwan(person, rules, place):
    p = person("219900")
    answer = eligibility.check(p, rules("219900"), D2026, region=place)
    assert not answer.covered and answer.basis == "none"
    assert answer.reasons[0].rule_id == "place.outside_cross_region"
    with pytest.raises(FilingRefused, match="OUTSIDE_CROSS_REGION"):
        admit(p, _temporary(place, admitted_on=D2026), HOSPITAL, rules("219900"))
    assert p.filings == []


def test_seed001_一_a_long_term_filing_cannot_move_to_macau(person, rules, actor):
    p = person("211200")
    req = NewFiling(Category.LONG_TERM_RESIDENT, "110100", materials=(MaterialIn(K.HUKOU, "户口簿"),))
    filing, _ = create_filing(p, req, actor(Channel.SELF_SERVICE), date(2025, 6, 2), rules("211200"))
    with pytest.raises(FilingRefused, match="OUTSIDE_CROSS_REGION"):
        change(p, filing.id, D2026, rules("211200"), treatment_region="820000")
    assert filing.treatment_region == "110100"


@pytest.mark.parametrize("place", ["999900", "990000", "219800"])
def test_unknown_region_code_refused_for_filings(person, rules, actor, place):
    with pytest.raises(InvalidInput) as exc:
        create_filing(person("211200"), _temporary(place), actor(Channel.SELF_SERVICE), D2026, rules("211200"))
    assert exc.value.problems[0].field == "treatment_region"
    assert "未知的区划代码" in exc.value.problems[0].zh


def test_a_county_of_a_known_city_is_still_accepted(person, rules, actor):
    filing, _ = create_filing(
        person("211200"), _temporary("110105"), actor(Channel.SELF_SERVICE), D2026, rules("211200")
    )
    assert filing.treatment_region == "110100"


@pytest.mark.parametrize("field", ["start_date", "admitted_on"])
def test_A_FIL_12_a_date_in_2999_is_refused(person, rules, field):
    req = _temporary("110100", **{field: date(2999, 1, 1)})
    who = HOSPITAL if field == "admitted_on" else Actor("c", Role.CITIZEN, Channel.SELF_SERVICE)
    with pytest.raises(FilingRefused) as exc:
        create_filing(person("211200"), req, who, D2026, rules("211200"))
    assert exc.value.code == "DATE_IMPLAUSIBLE" and exc.value.problems[0].field == field


def test_A_FIL_12_a_start_within_a_year_is_accepted(person, rules, actor):
    filing, _ = create_filing(
        person("211200"), _temporary("110100", start_date=date(2027, 3, 1)), actor(Channel.SELF_SERVICE),
        D2026, rules("211200"),
    )  # fmt: skip
    assert filing.start_date == date(2027, 3, 1)


BILL = {
    "medfee_sumamt": "100.00", "fulamt_ownpay_amt": "0", "overlmt_selfpay": "0", "preselfpay_amt": "0",
    "inscp_scp_amt": "100.00", "hosp_lv": "3", "treatment_region": "110100",
    "care_start": "2026-01-05", "care_end": "2026-01-10",
}  # fmt: skip


def test_unknown_region_code_refused_for_claims():
    with pytest.raises(InvalidInput) as exc:
        Bill.parse({**BILL, "treatment_region": "999900"})
    assert exc.value.problems[0].field == "bill.treatment_region"
    assert Bill.parse(BILL).treatment_region == "110100"


def test_seed002_第十六条_a_referral_filing_bound_to_a_stay_does_not_cover_another(person, rules):
    from yidi.domain.filing import stays

    p = person("211200")
    staff = Actor("s", Role.STAFF, Channel.REFERRAL_AGENCY)
    req = NewFiling(
        Category.REFERRAL, "210100",
        materials=(MaterialIn(K.DIAGNOSIS_RECORD, "病历"), MaterialIn(K.REFERRAL_CERTIFICATE, "证明")),
        diagnosis="急性心肌梗死", referring_hospital="H21120000001",
    )  # fmt: skip
    f, _ = create_filing(p, req, staff, D2026, rules("211200"))
    assert stays.bind_stay(p, f.id, date(2026, 3, 5)) is not None
    assert stays.bind_stay(p, f.id, date(2026, 3, 5)) is None  # once
    same = eligibility.check(p, rules("211200"), date(2026, 3, 6), region="210100", admitted_on=date(2026, 3, 5))
    assert same.covered and same.filing_id == f.id
    other = eligibility.check(p, rules("211200"), date(2026, 4, 2), region="210100", admitted_on=date(2026, 4, 1))
    assert not other.covered and other.reasons[0].rule_id == "referral.one_stay"
    assert str(other.reasons[0].clause) == "辽社险办〔2017〕29号 第十六条"
    change = stays.end_with_stay(p, f.id, date(2026, 3, 20))
    assert change is not None and f.status.value == "completed"


def test_seed001_三二_3_credit_defaulter_may_not_file_during_the_period(person, rules, actor):
    from yidi.domain.filing.credit import DirectSettlementSuspended

    p = person("211200")
    p.record_credit_default(date(2026, 1, 5), "commitment broken", 12)
    with pytest.raises(DirectSettlementSuspended) as exc:
        create_filing(p, _temporary("110100"), actor(Channel.SELF_SERVICE), D2026, rules("211200"))
    assert exc.value.code == "DIRECT_SETTLEMENT_SUSPENDED" and "不能办理异地就医备案" in exc.value.problems[0].zh
    assert str(exc.value.clause) == "铁岭市参保人员异地就医联网结算服务指南 三(二).3"
    filing, _ = create_filing(p, _temporary("110100"), actor(Channel.SELF_SERVICE), date(2027, 1, 5), rules("211200"))
    assert filing.start_date == date(2027, 1, 5)  # the period is over


def test_seed001_二_1_a_referral_by_a_hospital_needs_the_delegation(rules):
    from dataclasses import replace as dc_replace

    from yidi.domain.filing.referral_basis import check_delegation
    from yidi.domain.rules import DatedValue

    tieling = rules("211200")
    check_delegation("H21120000009", tieling, D2026)  # default: every designated hospital (A-FIL-13)
    listed = DatedValue("referral_delegated_hospitals", ("H21120000001",), date(2026, 1, 1), None,
                        tieling.get("referral_delegated_hospitals", D2026).citation)  # fmt: skip
    own = dc_replace(tieling, values={**tieling.values, "referral_delegated_hospitals": (listed,)})
    check_delegation("H21120000001", own, D2026)
    with pytest.raises(FilingRefused) as exc:
        check_delegation("H21120000009", own, D2026)
    assert exc.value.code == "REFERRAL_NOT_DELEGATED" and exc.value.field == "hospital"
