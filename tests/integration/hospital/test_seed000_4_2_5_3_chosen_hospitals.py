"""Seed 000 四(二): a long-term resident chooses one outpatient hospital at filing and has 门诊统筹
only there; 五(三): chronic-disease (门诊特慢病) care only at the chosen chronic hospital. 2201 and
2203 at another hospital are refused, naming the clause; at the chosen one they pass."""

from __future__ import annotations

from datetime import date

from hospital_his import His
from outpatient_flow import registration, visit_info
from tests.integration.hospital.conftest import add_hospital

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import MaterialKind
from yidi.service_layer import filing_services as fs

CHOSEN, OTHER = "H21010000001", "H21010000002"


def chosen_filing(person, uow, clock, **chosen: str) -> str:
    idn = str(person())
    clock.today = date(2026, 1, 2)
    req = NewFiling(Category.LONG_TERM_RETIREE, "210100", materials=(MaterialIn(MaterialKind.HUKOU),),
                    form={"phone": "13800000000", "signed_by": "张三"}, **chosen)  # fmt: skip
    fs.file(uow, Actor("w", Role.STAFF, Channel.COUNTER), idn, req)
    clock.today = date(2026, 1, 10)
    return idn


def other_hospital(huow_factory) -> His:
    add_hospital(huow_factory, OTHER, "3", "沈阳另一家医院")
    his = His(huow_factory, OTHER, "210100")
    his.sign_in()
    his.insuplc = "211200"
    return his


def test_outpatient_pooling_only_at_the_chosen_hospital(hospital, person, uow, clock, huow_factory):
    idn = chosen_filing(person, uow, clock, outpatient_hospital=CHOSEN)
    other = other_hospital(huow_factory)
    refused = other.call("2201", registration(idn))
    assert refused["infcode"] == -1 and "门诊统筹" in refused["err_msg"] and "四(二)" in refused["err_msg"]
    hospital.insuplc = "211200"
    hospital.ok("2201", registration(idn))


def test_chronic_care_only_at_the_chosen_chronic_hospital(hospital, person, uow, clock, huow_factory):
    idn = chosen_filing(person, uow, clock, chronic_hospital=OTHER)
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2201", registration(idn))["output"]["data"]["mdtrt_id"]
    refused = hospital.call("2203", visit_info(idn, mdtrt_id, med_type="14", dise_codg="M00100", dise_name="高血压"))
    assert refused["infcode"] == -1 and "门诊慢特病" in refused["err_msg"] and "五(三)" in refused["err_msg"]
    hospital.ok("2203", visit_info(idn, mdtrt_id, med_type="11"))  # ordinary outpatient care stays open
    other = other_hospital(huow_factory)
    mdtrt_other = other.ok("2201", registration(idn, otp_no="MZ0002"))["output"]["data"]["mdtrt_id"]
    other.ok("2203", visit_info(idn, mdtrt_other, med_type="14", dise_codg="M00100", dise_name="高血压"))


def test_provincial_member_elsewhere_pays_from_the_account(person, uow, clock, huow_factory):
    """省直 (四(一) and 四(二) together): away from the chosen outpatient hospital there is no 门诊统筹,
    but the personal account still settles directly; at the chosen one the filing's pooling applies."""
    chosen, other = "H21020000001", "H21020000002"
    for code in (chosen, other):
        add_hospital(huow_factory, code, "3", f"大连医院{code[-1]}")
    idn = str(person(region="219900"))
    clock.today = date(2026, 1, 2)
    M = MaterialKind
    req = NewFiling(Category.LONG_TERM_RESIDENT, "210200", outpatient_hospital=chosen,
                    materials=tuple(MaterialIn(k) for k in (M.ID_CARD, M.PROPERTY_CERTIFICATE, M.APPLICATION_FORM, M.APPLICATION_LETTER)),
                    form={"phone": "13800000000", "signed_by": "张三"})  # fmt: skip
    fs.file(uow, Actor("w", Role.STAFF, Channel.COUNTER), idn, req)
    clock.today = date(2026, 1, 10)
    visits = {}
    for code in (chosen, other):
        his = His(huow_factory, code, "210200")
        his.sign_in()
        his.insuplc = "219900"
        out = his.ok("2201", registration(idn, otp_no=f"MZ{code[-1]}"))
        visits[code] = (out["output"]["data"]["mdtrt_id"], out["warn_msg"])
    with huow_factory() as huow:
        at_chosen, elsewhere = (huow.hospital.visit(visits[c][0]) for c in (chosen, other))
    assert at_chosen.filing_basis == "filing" and at_chosen.filing_id
    assert elsewhere.filing_basis == "personal_account" and "个人账户" in visits[other][1]
