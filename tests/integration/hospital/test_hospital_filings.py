"""2503/2504 chronic-disease filing, 2505/2506 designated-hospital filing (08 异地安置登记, 03, 01)
and the 5301/5302 queries, all through the filing domain (its rules refuse, its history records)."""

from __future__ import annotations

from datetime import date

from outpatient_flow import filed_person, open_visit
from tests.integration.hospital.conftest import add_hospital

from yidi.domain.national.external_ids import filing_id


def designation(psn_no: str, code: str, biz: str = "08", **extra: str) -> dict:
    return {"data": {"psn_no": psn_no, "tel": "13800000000", "addr": "沈阳", "biz_appy_type": biz,
                     "begndate": "2026-01-10", "enddate": "", "fix_srt_no": "1", "fixmedins_code": code,
                     "fixmedins_name": "演示医院", "memo": "", **extra}}  # fmt: skip


def chronic(psn_no: str, code: str, dise: str = "M00100", **extra: str) -> dict:
    return {"data": {"psn_no": psn_no, "insutype": "310", "opsp_dise_code": dise, "opsp_dise_name": "高血压",
                     "tel": "", "addr": "", "insu_optins": "211200", "ide_fixmedins_no": code,
                     "ide_fixmedins_name": "演示医院", "hosp_ide_date": "2026-01-08", "diag_dr_codg": "D001",
                     "diag_dr_name": "李医生", "begndate": "2026-01-10", "enddate": "", **extra}}  # fmt: skip


def filings(uow, idn):
    with uow:
        return [(str(f.category), str(f.status), f.outpatient_hospital, f.chronic_hospital)
                for f in uow.persons.get(idn).filings]  # fmt: skip


def test_2505_08_files_a_retiree_settlement_filing(hospital, person, uow):
    idn = person()
    hospital.insuplc = "211200"
    resp = hospital.ok("2505", designation(idn, hospital.code))
    sn = resp["output"]["result"]["trt_dcla_detl_sn"]
    assert len(sn) <= 30  # char 30: a HIS column of the reference length keeps it whole
    assert "承诺" in resp["warn_msg"]  # no materials yet: filed under the commitment (告知承诺制)
    assert filings(uow, idn) == [("long_term_retiree", "pending_commitment", hospital.code, None)]
    with uow:
        assert any("【2505】异地安置登记" in h.reason for h in uow.persons.history(filing_id=filing_id(sn)))
    rows = hospital.ok("5302", {"data": {"psn_no": idn, "biz_appy_type": "08"}})["output"]["psnfixmedin"]
    assert [r["trt_dcla_detl_sn"] for r in rows] == [sn]
    # the filing serves the outpatient transactions at once
    assert open_visit(hospital, idn)
    # the filing rules decide: a second overlapping filing is refused
    dup = hospital.call("2505", designation(idn, hospital.code))
    assert dup["infcode"] == -1


def test_2506_cancels_under_the_filing_rules(hospital, person, uow, clock):
    idn = person()
    hospital.insuplc = "211200"
    sn = hospital.ok("2505", designation(idn, hospital.code))["output"]["result"]["trt_dcla_detl_sn"]
    clock.today = date(2026, 1, 20)
    locked = hospital.call("2506", {"data": {"trt_dcla_detl_sn": sn, "psn_no": idn, "memo": "回原籍"}})
    assert locked["infcode"] == -1 and "6 个月内不得取消" in locked["err_msg"]  # seed 004 一(一)
    clock.today = date(2026, 7, 10)
    hospital.ok("2506", {"data": {"trt_dcla_detl_sn": sn, "psn_no": idn, "memo": "回原籍"}})
    assert filings(uow, idn)[0][1] == "cancelled"
    unknown = hospital.call("2506", {"data": {"trt_dcla_detl_sn": "nope", "psn_no": idn}})
    assert unknown["infcode"] == -1 and "trt_dcla_detl_sn" in unknown["err_msg"]


def test_2505_03_and_01_choose_hospitals_of_the_long_term_filing(hospital, person, uow, clock):
    idn = filed_person(person, uow, clock)
    hospital.insuplc = "211200"
    sn = hospital.ok("2505", designation(idn, hospital.code, "03"))["output"]["result"]["trt_dcla_detl_sn"]
    hospital.ok("2505", designation(idn, hospital.code, "01"))
    assert filings(uow, idn) == [("long_term_retiree", "active", hospital.code, hospital.code)]
    rows = hospital.ok("5302", {"data": {"psn_no": idn, "biz_appy_type": "03"}})["output"]["psnfixmedin"]
    assert [r["fixmedins_code"] for r in rows] == [hospital.code]
    hospital.ok("2506", {"data": {"trt_dcla_detl_sn": sn, "psn_no": idn}})
    assert filings(uow, idn) == [("long_term_retiree", "active", None, None)]
    far = add_hospital(hospital.factory, "H21020000001")
    assert far
    away = hospital.call("2505", designation(idn, "H21020000001", "03"))
    assert away["infcode"] == -1 and "fixmedins_code" in away["err_msg"]
    nobody = person()
    none = hospital.call("2505", designation(nobody, hospital.code, "01"))
    assert none["infcode"] == -1 and "08" in none["err_msg"]


def test_2503_2504_and_5301(hospital, person, uow, clock):
    idn = filed_person(person, uow, clock)
    hospital.insuplc = "211200"
    sn = hospital.ok("2503", chronic(idn, hospital.code))["output"]["result"]["trt_dcla_detl_sn"]
    hospital.ok("2503", chronic(idn, hospital.code, dise="M00200", opsp_dise_name="糖尿病"))
    assert filings(uow, idn)[0][3] == hospital.code
    rows = hospital.ok("5301", {"data": {"psn_no": idn}})["output"]["feedetail"]
    assert sorted((r["opsp_dise_code"], r["begndate"]) for r in rows) == [
        ("M00100", "2026-01-10"),
        ("M00200", "2026-01-10"),
    ]
    dup = hospital.call("2503", chronic(idn, hospital.code))
    assert dup["infcode"] == -1 and "opsp_dise_code" in dup["err_msg"]
    bad = hospital.call(
        "2503", chronic(idn, hospital.code, dise="M00300", begndate="2026-02-01", enddate="2026-01-01")
    )
    assert bad["infcode"] == -1 and "enddate" in bad["err_msg"]
    hospital.ok("2504", {"data": {"trt_dcla_detl_sn": sn, "psn_no": idn, "memo": "误录"}})
    rows = hospital.ok("5301", {"data": {"psn_no": idn}})["output"]["feedetail"]
    assert [r["opsp_dise_code"] for r in rows] == ["M00200"]
    again = hospital.call("2504", {"data": {"trt_dcla_detl_sn": sn, "psn_no": idn}})
    assert again["infcode"] == -1
    unfiled = person()
    refused = hospital.call("2503", chronic(unfiled, hospital.code))
    assert refused["infcode"] == -1 and "备案" in refused["err_msg"]
    with uow:
        assert any("【2504】" in h.reason for h in uow.persons.history(person=idn))
