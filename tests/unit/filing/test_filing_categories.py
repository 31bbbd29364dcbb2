"""Categories, channels, materials and places — one scenario per clause."""

from __future__ import annotations

from datetime import date

import pytest

from yidi.domain.actors import Actor, Channel
from yidi.domain.errors import FilingRefused, InvalidInput
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import MaterialIn, NewFiling, create_filing
from yidi.domain.filing.filing import FilingStatus
from yidi.domain.filing.materials import MaterialKind as K

D2026 = date(2026, 3, 2)
FORM = {"phone": "13800000000", "signed_by": "本人"}


def test_seed001_三二_2_long_term_needs_id_and_one_residence_proof_all_missing_told_at_once(
    person, rules, actor
):
    p = person("211200")
    filing, reasons = create_filing(
        p,
        NewFiling(Category.LONG_TERM_RESIDENT, "110100", form=FORM),
        actor(Channel.COUNTER),
        D2026,
        rules("211200"),
    )
    assert filing.status is FilingStatus.DRAFT
    notice = reasons[0]
    assert notice.rule_id == "materials.one_time_notice"
    assert "就医地居住证 或 就医地户口 或 本人名下房产证" in notice.zh
    assert str(notice.clause).endswith("一(一)")  # 2025 provincial list governs in 2026


def test_seed001_三二_2_long_term_with_hukou_is_active_at_once(person, rules, actor):
    p = person("211200")
    req = NewFiling(
        Category.LONG_TERM_RESIDENT, "110100", materials=(MaterialIn(K.HUKOU, "户口簿"),), form=FORM
    )
    filing, reasons = create_filing(p, req, actor(Channel.COUNTER), D2026, rules("211200"))
    assert filing.status is FilingStatus.ACTIVE and filing.end_date is None and reasons == []


@pytest.mark.parametrize("proof", [K.POSTING_PROOF, K.LABOUR_CONTRACT])
def test_seed001_二_4_posted_worker_posting_proof_or_labour_contract(person, rules, actor, proof):
    p = person("211200", psn_type="11")
    req = NewFiling(
        Category.POSTED_WORKER, "310100", materials=(MaterialIn(proof),), posting_months=8, form=FORM
    )
    filing, _ = create_filing(p, req, actor(Channel.COUNTER), D2026, rules("211200"))
    assert filing.status is FilingStatus.ACTIVE


def test_seed001_二_4_posting_shorter_than_6_months_refused(person, rules, actor):
    p = person("211200", psn_type="11")
    req = NewFiling(
        Category.POSTED_WORKER, "310100", materials=(MaterialIn(K.POSTING_PROOF),), posting_months=5
    )
    with pytest.raises(FilingRefused) as exc:
        create_filing(p, req, actor(Channel.SELF_SERVICE), D2026, rules("211200"))
    assert exc.value.reason.params["min_months"] == 6


def test_seed002_第八条三_posted_worker_needed_one_year_under_2017_rules(person, rules, actor):
    p = person("219900", psn_type="11")
    req = NewFiling(
        Category.POSTED_WORKER, "310100", materials=(MaterialIn(K.POSTING_PROOF),), posting_months=8
    )
    with pytest.raises(FilingRefused) as exc:
        create_filing(p, req, actor(Channel.SELF_SERVICE), date(2019, 3, 1), rules("219900"))
    assert exc.value.reason.params["min_months"] == 12
    assert str(exc.value.reason.clause) == "辽社险办〔2017〕29号 第八条(三)"
    # from 2021-06-01 the 2021 notice governs: 6 months suffice
    filing, _ = create_filing(p, req, actor(Channel.SELF_SERVICE), date(2022, 3, 1), rules("219900"))
    assert filing.in_force


def test_seed002_第八条一_retiree_category_needs_a_retired_person(person, rules, actor):
    p = person("211200", psn_type="11")
    with pytest.raises(FilingRefused) as exc:
        create_filing(
            p,
            NewFiling(Category.LONG_TERM_RETIREE, "110100"),
            actor(Channel.SELF_SERVICE),
            D2026,
            rules("211200"),
        )
    assert exc.value.code == "CATEGORY_CONDITION"


def test_seed001_四_5_student_needs_student_card_and_admission_letter(person, rules, actor):
    p = person("211200", psn_type="13", insutype="390")
    req = NewFiling(
        Category.STUDENT,
        "210100",
        materials=(MaterialIn(K.STUDENT_CARD, valid_until=date(2029, 7, 1)),),
        form=FORM,
    )
    filing, reasons = create_filing(p, req, actor(Channel.COUNTER), D2026, rules("211200"))
    assert filing.status is FilingStatus.DRAFT and "大学录取通知书" in reasons[0].zh
    req2 = NewFiling(
        Category.STUDENT,
        "210100",
        materials=(MaterialIn(K.STUDENT_CARD, valid_until=date(2029, 7, 1)), MaterialIn(K.ADMISSION_LETTER)),
    )
    p2 = person("211200", psn_type="13", insutype="390")
    filing2, _ = create_filing(p2, req2, actor(Channel.SELF_SERVICE), D2026, rules("211200"))
    assert filing2.status is FilingStatus.ACTIVE and filing2.end_date == date(2029, 7, 1)


def test_seed001_四_7_maternity_is_filed_at_admission_for_women_employees(person, rules, actor):
    woman = person("211200", psn_type="11", female=True)
    req = NewFiling(Category.MATERNITY, "210100", admitted_on=D2026)
    filing, _ = create_filing(woman, req, actor(Channel.HOSPITAL_ADMISSION), D2026, rules("211200"))
    assert filing.status is FilingStatus.ACTIVE and filing.start_date == D2026
    man = person("211200", psn_type="11")
    with pytest.raises(FilingRefused):
        create_filing(man, req, actor(Channel.HOSPITAL_ADMISSION), D2026, rules("211200"))


def test_seed001_二_1_referral_only_by_agency_or_authorised_hospital(person, rules, actor):
    p = person("211200", psn_type="11")
    req = NewFiling(Category.REFERRAL, "210100", materials=(MaterialIn(K.DIAGNOSIS_RECORD, "病历"),))
    with pytest.raises(FilingRefused) as exc:
        create_filing(p, req, actor(Channel.SELF_SERVICE), D2026, rules("211200"))
    assert exc.value.code == "CHANNEL_NOT_ALLOWED"
    filing, _ = create_filing(p, req, actor(Channel.REFERRAL_HOSPITAL), D2026, rules("211200"))
    assert filing.status is FilingStatus.ACTIVE


def test_seed001_二_2_emergency_flag_counts_as_a_filing(person, rules, actor):
    p = person("211200", psn_type="11")
    req = NewFiling(Category.EMERGENCY, "110100", admitted_on=D2026)
    filing, _ = create_filing(p, req, actor(Channel.EMERGENCY_FLAG), D2026, rules("211200"))
    assert filing.status is FilingStatus.ACTIVE and filing.channel is Channel.EMERGENCY_FLAG


def test_seed000_二二_counter_filing_records_the_附件1_form(person, rules, actor):
    p = person()
    req = NewFiling(Category.TEMPORARY, "110100", temporary_reason=TemporaryReason.BUSINESS_TRIP)
    with pytest.raises(InvalidInput) as exc:
        create_filing(p, req, actor(Channel.COUNTER), D2026, rules("219900"))
    assert "联系电话" in exc.value.problems[0].zh
    filing, _ = create_filing(
        p, NewFiling(Category.TEMPORARY, "110100", temporary_reason=TemporaryReason.STUDY, form=FORM),
        actor(Channel.COUNTER), D2026, rules("219900"),
    )  # fmt: skip
    assert filing.form == FORM


def test_seed000_附件1_temporary_filing_needs_a_reason(person, rules, actor):
    with pytest.raises(FilingRefused) as exc:
        create_filing(
            person(),
            NewFiling(Category.TEMPORARY, "110100"),
            actor(Channel.SELF_SERVICE),
            D2026,
            rules("219900"),
        )
    assert exc.value.reason.field == "temporary_reason"


def test_seed003_一三_filing_is_to_a_city_never_to_a_hospital(person, rules, actor):
    req = NewFiling(Category.TEMPORARY, "H11010500001", temporary_reason=TemporaryReason.TRAVEL)
    with pytest.raises(FilingRefused) as exc:
        create_filing(person(), req, actor(Channel.SELF_SERVICE), D2026, rules("219900"))
    assert exc.value.code == "HOSPITAL_NOT_A_PLACE"


def test_seed003_一三_a_county_code_files_the_whole_city(person, rules, actor):
    req = NewFiling(Category.TEMPORARY, "110105", temporary_reason=TemporaryReason.TRAVEL)
    filing, _ = create_filing(person(), req, actor(Channel.SELF_SERVICE), D2026, rules("219900"))
    assert filing.treatment_region == "110100"


def test_seed003_一三_province_wide_filing_is_allowed(person, rules, actor):
    req = NewFiling(Category.TEMPORARY, "320000", temporary_reason=TemporaryReason.TRAVEL)
    filing, _ = create_filing(person(), req, actor(Channel.SELF_SERVICE), D2026, rules("219900"))
    assert filing.treatment_region == "320000"


def test_seed000_四二_long_term_chooses_an_outpatient_hospital_in_the_filed_city(person, rules, actor):
    req = NewFiling(
        Category.LONG_TERM_RETIREE, "110100", outpatient_hospital="H11010500001", chronic_hospital="H11010800002",
        materials=(MaterialIn(K.PROPERTY_CERTIFICATE),),
    )  # fmt: skip
    filing, _ = create_filing(person(), req, actor(Channel.SELF_SERVICE), D2026, rules("219900"))
    assert filing.outpatient_hospital == "H11010500001" and filing.chronic_hospital == "H11010800002"
    bad = NewFiling(Category.LONG_TERM_RETIREE, "110100", outpatient_hospital="H31010500001")
    with pytest.raises(InvalidInput):
        create_filing(person(), bad, actor(Channel.SELF_SERVICE), D2026, rules("219900"))


def test_seed000_四二_temporary_filers_do_not_choose_a_pooling_hospital(person, rules, actor):
    req = NewFiling(
        Category.TEMPORARY,
        "110100",
        temporary_reason=TemporaryReason.TRAVEL,
        outpatient_hospital="H11010500001",
    )
    with pytest.raises(FilingRefused):
        create_filing(person(), req, actor(Channel.SELF_SERVICE), D2026, rules("219900"))


def test_seed000_一_care_in_the_insured_region_needs_no_filing(person, rules, actor):
    req = NewFiling(Category.TEMPORARY, "211221", temporary_reason=TemporaryReason.TRAVEL)
    with pytest.raises(FilingRefused) as exc:
        create_filing(person("211200"), req, actor(Channel.SELF_SERVICE), D2026, rules("211200"))
    assert exc.value.code == "NOT_CROSS_REGION"


def test_actor_role_must_fit_the_channel() -> None:
    with pytest.raises(InvalidInput):
        Actor.parse("citizen:me", "counter")
    assert Actor.parse("hospital:H21010200001", "emergency_flag").channel is Channel.EMERGENCY_FLAG


def test_seed004_一二_hospital_auto_filing_only_where_opened(person, rules, actor):
    req = NewFiling(
        Category.TEMPORARY, "110100", temporary_reason=TemporaryReason.OTHER, admitted_on=date(2022, 5, 1)
    )
    with pytest.raises(FilingRefused) as exc:
        create_filing(
            person("219900"), req, actor(Channel.HOSPITAL_ADMISSION), date(2022, 5, 1), rules("219900")
        )
    assert exc.value.code == "CHANNEL_NOT_OPEN"
    # Tieling opened 免申即享 before the province (seed 001 二.3)
    f, _ = create_filing(
        person("211200"), req, actor(Channel.HOSPITAL_ADMISSION), date(2024, 5, 1), rules("211200")
    )
    assert f.in_force
