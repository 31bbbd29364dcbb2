"""2401 cross-region cover: existing filing, 即申即享 auto filing, the emergency flag with its
criteria evidence (warning when not met), referral without a referral filing, and pay_loc."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

from hospital_flow import admission, fees, settle_data, total
from hospital_his import His
from tests.integration.hospital.conftest import STAFF, add_hospital

from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import MaterialKind
from yidi.service_layer import filing_services as fs

FORM = {"phone": "13800000000", "signed_by": "张三"}
ACS_MET = {"ck_mb_hours_from_onset": 12, "ck_mb_rising": True, "ck_mb": 100, "ck_mb_uln": 25}
ACS_NOT_MET = {"ck_mb_hours_from_onset": 6, "ck_mb_rising": False, "ck_mb": 200, "ck_mb_uln": 25,
               "troponin_hours_from_onset": 6, "troponin_rising": False, "troponin": 1, "troponin_uln": 0.1}  # fmt: skip


def visit(factory, mdtrt_id):
    with factory() as uow:
        return asdict(uow.hospital.visit(mdtrt_id))


def filings(uow, idn):
    with uow:
        return [(str(f.category), str(f.channel), str(f.status)) for f in uow.persons.get(idn).filings]


def test_auto_filing_at_admission(hospital, person, huow_factory, uow):
    idn = person()
    hospital.insuplc = "211200"
    resp = hospital.ok("2401", admission(idn))
    v = visit(huow_factory, resp["output"]["result"]["mdtrt_id"])
    assert (v["filing_basis"], v["filing_category"], v["pay_loc"]) == ("auto_filing", "temporary", "3")
    assert filings(uow, idn) == [("temporary", "hospital_admission", "active")]
    with uow:
        assert any("【2401】" in h.reason for h in uow.persons.history(person=idn))


def test_existing_long_term_filing_is_used(hospital, person, huow_factory, uow, clock):
    idn = person()
    clock.today = date(2026, 1, 2)
    fs.file(
        uow,
        STAFF,
        idn,
        NewFiling(
            Category.LONG_TERM_RETIREE, "210100", materials=(MaterialIn(MaterialKind.HUKOU),), form=FORM
        ),
    )
    clock.today = date(2026, 1, 10)
    hospital.insuplc = "211200"
    resp = hospital.ok("2401", admission(idn))
    v = visit(huow_factory, resp["output"]["result"]["mdtrt_id"])
    assert (v["filing_basis"], v["filing_category"]) == ("filing", "long_term_retiree")
    assert len(filings(uow, idn)) == 1


def test_emergency_with_evidence_that_meets_the_criteria(hospital, person, huow_factory, uow):
    idn = person()
    hospital.insuplc = "211200"
    exp = {"er_flag": "1", "emergency_disease": "acute_coronary_syndrome", "emergency_facts": ACS_MET}
    resp = hospital.ok("2401", admission(idn, med_type="24", exp_content=json.dumps(exp)))
    assert resp["warn_msg"] == ""
    v = visit(huow_factory, resp["output"]["result"]["mdtrt_id"])
    assert v["filing_category"] == "emergency" and v["er_flag"]
    assert v["detail"]["emergency_evidence"]["verdict"] == "qualifies"
    assert filings(uow, idn) == [("emergency", "emergency_flag", "active")]


def test_emergency_evidence_not_met_warns(hospital, person, huow_factory):
    idn = person()
    hospital.insuplc = "211200"
    exp = {"er_flag": "1", "emergency_disease": "急性冠脉综合征", "emergency_facts": ACS_NOT_MET}
    resp = hospital.ok("2401", admission(idn, exp_content=exp))
    assert "未达到急危重病种标准" in resp["warn_msg"]
    v = visit(huow_factory, resp["output"]["result"]["mdtrt_id"])
    assert v["filing_category"] == "emergency" and v["warnings"] == [resp["warn_msg"]]
    # and without any evidence
    idn2 = person()
    resp = hospital.ok("2401", admission(idn2, ipt_no="ZY0002", med_type="24"))
    assert "未提供急危重病种证据" in resp["warn_msg"]


def test_emergency_unknown_disease_names_the_field(hospital, person):
    idn = person()
    hospital.insuplc = "211200"
    exp = {"er_flag": "1", "emergency_disease": "感冒", "emergency_facts": {}}
    resp = hospital.call("2401", admission(idn, exp_content=exp))
    assert resp["infcode"] == -1 and "exp_content.emergency_disease" in resp["err_msg"]


def test_referral_without_referral_filing_warns(hospital, person, huow_factory):
    idn = person()
    hospital.insuplc = "211200"
    resp = hospital.ok("2401", admission(idn, med_type="23"))
    assert "未找到有效的转诊备案" in resp["warn_msg"]
    assert visit(huow_factory, resp["output"]["result"]["mdtrt_id"])["filing_category"] == "temporary"


def test_treatment_catalogue_insured_policy(person, huow_factory):
    """A 省直 patient in a Dalian 二级 hospital: Dalian's catalogue, the 219900 policy, pay_loc 3."""
    add_hospital(huow_factory, "H21020000007", "2", "大连演示二级医院")
    his = His(huow_factory, "H21020000007", "210200")
    his.sign_in()
    idn = person(region="219900", psn_type="11")
    his.insuplc = "219900"
    resp = his.ok("2401", admission(idn))
    mdtrt_id = resp["output"]["result"]["mdtrt_id"]
    v = visit(huow_factory, mdtrt_id)
    assert v["pay_loc"] == "3" and v["filing_category"] == "temporary"
    body = fees(idn, mdtrt_id)
    rows = his.ok("2301", body)["output"]["result"]
    assert rows[0]["pric_uplmt_amt"] == "63.00"  # Dalian's catalogue, not Shenyang's
    out = his.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]
    assert "219900" in out["explanation"][0]["rule"]  # 参保地政策: the provincial-direct scheme's policy


def test_change_admission_details(hospital, person, huow_factory):
    idn = person()
    hospital.insuplc = "211200"
    exp = {"er_flag": "1", "emergency_disease": "acute_coronary_syndrome", "emergency_facts": ACS_NOT_MET}
    resp = hospital.ok("2401", admission(idn, exp_content=exp))
    mdtrt_id = resp["output"]["result"]["mdtrt_id"]
    assert resp["warn_msg"]
    body = admission(
        idn, exp_content={**exp, "emergency_facts": ACS_MET}, dscg_maindiag_name="急性冠脉综合征"
    )
    body["adminfo"] = {**body.pop("mdtrtinfo"), "mdtrt_id": mdtrt_id}
    changed = hospital.ok("2403", body)
    assert changed["warn_msg"] == ""  # the corrected evidence meets the criteria
    v = visit(huow_factory, mdtrt_id)
    assert v["warnings"] == [] and v["dscg_maindiag_name"] == "急性冠脉综合征"
    body["adminfo"] = {**body["adminfo"], "exp_content": {}}
    refused = hospital.call("2403", body)
    assert refused["infcode"] == -1 and "2404" in refused["err_msg"]
