"""Eligibility query: covered? under which category, benefits, reasons with clauses."""

from __future__ import annotations

from datetime import date

from yidi.domain.actors import Channel
from yidi.domain.filing import eligibility
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import MaterialIn, NewFiling, create_filing
from yidi.domain.filing.materials import MaterialKind as K


def test_seed000_一_省直_temporary_patients_in_8_cities_need_no_filing(person, book):
    p = person("219900")
    for city in ["210300", "210400", "210500", "210700", "211100", "210900", "211000", "211300"]:
        e = eligibility.check(p, book.for_region("219900"), date(2022, 5, 1), region=city)
        assert e.covered and e.basis == "no_filing_region"
        assert str(e.reasons[0].clause) == "辽医保中心发〔2021〕45号 一"
    dalian = eligibility.check(p, book.for_region("219900"), date(2022, 5, 1), region="210200")
    assert not dalian.covered and dalian.basis == "none"


def test_seed004_一二_from_2025_temporary_inpatients_are_auto_filed(person, book):
    e = eligibility.check(person("219900"), book.for_region("219900"), date(2026, 5, 1), region="210200")
    assert e.covered and e.basis == "auto_filing" and e.category == "temporary"
    out = eligibility.check(
        person("211200"), book.for_region("211200"), date(2026, 5, 1), region="210200", care="outpatient"
    )
    assert not out.covered  # auto filing is for inpatient stays


def test_filing_covers_by_hospital_code_with_benefits_and_clauses(person, rules, actor, book):
    p = person("211200")
    req = NewFiling(
        Category.LONG_TERM_RETIREE,
        "110100",
        materials=(MaterialIn(K.HUKOU),),
        outpatient_hospital="H11010500001",
    )
    f, _ = create_filing(p, req, actor(Channel.SELF_SERVICE), date(2026, 1, 10), rules("211200"))
    e = eligibility.check(p, book.for_region("211200"), date(2026, 2, 1), hospital="H11010800009")
    assert e.covered and e.filing_id == f.id and e.category == "long_term_retiree"
    assert e.benefits["benefit_class"] == "long_term" and e.benefits["home_benefits"] == "two_way"
    o = eligibility.check(
        p, book.for_region("211200"), date(2026, 2, 1), hospital="H11010800009", care="outpatient"
    )
    assert o.benefits["outpatient_pooling"] is False  # seed 000 四(二): only at the chosen hospital
    before = eligibility.check(p, book.for_region("211200"), date(2026, 1, 9), region="110100")
    assert before.basis != "filing"


def test_seed001_四7_maternity_out_of_province_is_manual(person, rules, actor, book):
    woman = person("211200", psn_type="11", female=True)
    _f, _ = create_filing(
        woman, NewFiling(Category.MATERNITY, "110100", admitted_on=date(2026, 2, 1)),
        actor(Channel.HOSPITAL_ADMISSION), date(2026, 2, 1), rules("211200"),
    )  # fmt: skip
    e = eligibility.check(woman, book.for_region("211200"), date(2026, 2, 3), region="110100")
    assert e.covered and e.benefits["settlement_mode"] == "manual"


def test_local_care_is_not_cross_region(person, book):
    e = eligibility.check(person("219900"), book.for_region("219900"), date(2026, 2, 3), region="210102")
    assert e.covered and e.basis == "local"


def test_admission_inside_validity_still_covered_after_the_end(person, rules, actor, book):
    p = person("219900")
    create_filing(
        p, NewFiling(Category.TEMPORARY, "110100", temporary_reason=TemporaryReason.TRAVEL),
        actor(Channel.SELF_SERVICE), date(2022, 1, 10), rules("219900"),
    )  # fmt: skip
    r = book.for_region("219900")
    assert (
        eligibility.check(p, r, date(2022, 7, 15), region="110100", admitted_on=date(2022, 7, 1)).basis
        == "filing"
    )
    assert eligibility.check(p, r, date(2022, 7, 15), region="110100").basis == "none"


def test_seed000_四一_省直_outpatient_personal_account_needs_no_filing(person, book):
    e = eligibility.check(
        person("219900"), book.for_region("219900"), date(2026, 5, 1), region="210200", care="outpatient"
    )
    assert e.covered and e.basis == "personal_account"
    assert str(e.reasons[0].clause) == "辽医保中心发〔2021〕45号 四(一)"
    t = eligibility.check(
        person("211200"), book.for_region("211200"), date(2026, 5, 1), region="210200", care="outpatient"
    )
    assert not t.covered
