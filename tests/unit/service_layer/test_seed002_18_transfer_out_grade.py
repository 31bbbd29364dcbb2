"""Seed 002 第十八条: a person in care at the filed treatment place who must be transferred out of
it (当地没有诊治条件) is referred by a 三级甲等 hospital there (省直); the grade comes from the
hospital registry. Other regions name no grade (A-FIL-14)."""

from __future__ import annotations

from datetime import date

import pytest
from tests.filing_setup import CITIZEN, register

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.errors import FilingRefused
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import MaterialKind as K
from yidi.service_layer import filing_services as fs

AGENCY = Actor("wang", Role.STAFF, Channel.REFERRAL_AGENCY)
SHANGHAI_HOSPITAL = "H31010100001"  # in the treatment place 310100
HOME_HOSPITAL = "H21010200001"  # in Shenyang, not a treatment place the person filed for


def _living_in_shanghai(uow, clock, new_id_number, region: str = "219900") -> str:  # type: ignore[no-untyped-def]
    clock.today = date(2026, 3, 2)
    idn: str = new_id_number()
    register(uow, idn, region)
    req = NewFiling(Category.LONG_TERM_RETIREE, "310100", materials=(MaterialIn(K.HUKOU, "户口簿"),))
    assert fs.file(uow, CITIZEN, idn, req)["filing"]["status"] == "active"  # type: ignore[index]
    return idn


def _transfer(hospital: str, to: str = "110100") -> NewFiling:
    return NewFiling(
        Category.REFERRAL, to, diagnosis="复杂先天性心脏病", referring_hospital=hospital,
        materials=(MaterialIn(K.DIAGNOSIS_RECORD, "病历"), MaterialIn(K.REFERRAL_CERTIFICATE, "转往外地就医材料")),
    )  # fmt: skip


@pytest.mark.parametrize("grade", ["3B", "3", "2", None])
def test_seed002_第十八条_transfer_out_of_the_treatment_place_needs_a_3A_hospital(
    uow, clock, new_id_number, fake_database, grade
):
    idn = _living_in_shanghai(uow, clock, new_id_number)
    if grade:
        fake_database.hospitals[SHANGHAI_HOSPITAL] = {"hosp_lv": grade}
    with pytest.raises(FilingRefused) as exc:
        fs.file(uow, AGENCY, idn, _transfer(SHANGHAI_HOSPITAL))
    assert exc.value.code == "TRANSFER_OUT_GRADE" and exc.value.field == "referring_hospital"
    assert str(exc.value.clause) == "辽社险办〔2017〕29号 第十八条"
    assert "三级甲等" in exc.value.problems[0].zh and "310100" in exc.value.problems[0].zh
    assert exc.value.details["params"]["grade"] == grade  # type: ignore[index]


def test_seed002_第十八条_a_3A_hospital_refers_the_person_out(uow, clock, new_id_number, fake_database):
    idn = _living_in_shanghai(uow, clock, new_id_number)
    fake_database.hospitals[SHANGHAI_HOSPITAL] = {"hosp_lv": "3A"}
    out = fs.file(uow, AGENCY, idn, _transfer(SHANGHAI_HOSPITAL))
    referral = out["filing"]
    assert referral["status"] == "active" and referral["treatment_region"] == "110100"  # type: ignore[index]
    why = next(r for r in out["reasons"] if r["rule_id"] == "referral.transfer_out_grade")  # type: ignore[union-attr]
    assert why["clause"] == "辽社险办〔2017〕29号 第十八条" and why["params"]["place_left"] == "310100"
    # like the third-city operation: the long-term filing ends where the referral starts, linked
    with uow:
        person = uow.persons.get(idn)
        assert person is not None
        left = next(f for f in person.filings if f.category is Category.LONG_TERM_RETIREE)
        assert left.status.value == "cancelled" and left.ended_on == date(2026, 3, 2)
        assert person.filing(str(referral["id"])).linked_filing_id == left.id  # type: ignore[index]


def test_seed002_第十八条_a_referral_from_home_is_no_transfer_out(uow, clock, new_id_number, fake_database):
    """Referred from home by a hospital of any grade: no treatment place is left."""
    clock.today = date(2026, 3, 2)
    idn: str = new_id_number()
    register(uow, idn, "219900")
    fake_database.hospitals[HOME_HOSPITAL] = {"hosp_lv": "2"}
    out = fs.file(uow, AGENCY, idn, _transfer(HOME_HOSPITAL))
    assert out["filing"]["status"] == "active"  # type: ignore[index]
    assert all(r["rule_id"] != "referral.transfer_out_grade" for r in out["reasons"])  # type: ignore[union-attr]


def test_A_FIL_14_other_regions_name_no_grade(uow, clock, new_id_number, fake_database):
    idn = _living_in_shanghai(uow, clock, new_id_number, region="211300")
    fake_database.hospitals[SHANGHAI_HOSPITAL] = {"hosp_lv": "2"}
    out = fs.file(uow, AGENCY, idn, _transfer(SHANGHAI_HOSPITAL))
    assert out["filing"]["status"] == "active"  # type: ignore[index]
