"""2001 benefit check, 1201 institution info, 5201/5204/5302 queries, and lines
obtained at another institution (外检, seed 001 四.2) settling with the stay."""

from __future__ import annotations

from datetime import date

from hospital_flow import admission, fee_line, fees, settle_data, total

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import MaterialKind
from yidi.domain.national.external_ids import filing_sn
from yidi.service_layer import filing_services as fs


def test_benefit_check_before_admission(hospital, person):
    idn = person()
    hospital.insuplc = "211200"
    body = {"data": {"psn_no": idn, "insutype": "310", "fixmedins_code": hospital.code, "med_type": "21",
                     "begntime": "2026-01-05 09:00:00", "endtime": "", "dise_codg": "", "dise_name": ""}}  # fmt: skip
    row = hospital.ok("2001", body)["output"]["trtinfo"][0]
    assert (
        row["trt_enjymnt_flag"] == "1"
        and row["fund_pay_type"] == "310100"
        and "即申即享" in row["trt_chk_rslt"]
    )
    local = person(region="219900")
    hospital.insuplc = "219900"
    row = hospital.ok("2001", {"data": {**body["data"], "psn_no": local}})["output"]["trtinfo"][0]
    assert "local" in row["trt_chk_rslt"]
    resp = hospital.call("2001", {"data": {**body["data"], "psn_no": local, "insutype": "390"}})
    assert resp["infcode"] == -1 and "insutype" in resp["err_msg"]


def test_institution_info(hospital):
    rows = hospital.ok(
        "1201", {"medinsinfo": {"fixmedins_type": "1", "fixmedins_name": "", "fixmedins_code": ""}}
    )
    assert rows["output"]["medinsinfo"][0]["fixmedins_code"] == hospital.code
    assert rows["output"]["medinsinfo"][0]["hosp_lv"] == "3"
    none = hospital.ok("1201", {"medinsinfo": {"fixmedins_code": "H99999999999"}})
    assert none["output"]["medinsinfo"] == []


def test_visit_and_fee_queries(hospital, person):
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    visits = hospital.ok("5201", {"data": {"psn_no": idn}})["output"]["mdtrtinfo"]
    assert [v["mdtrt_id"] for v in visits] == [mdtrt_id] and visits[0]["inhosp_stas"] == "1"
    assert visits[0]["pay_loc"] == "3" and visits[0]["trt_dcla_detl_sn"]
    unsettled = hospital.ok("5204", {"data": {"psn_no": idn, "mdtrt_id": mdtrt_id}})["output"]["feedetail"]
    assert len(unsettled) == 5 and all(r["setl_id"] == "" for r in unsettled)
    setl = hospital.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]["setlinfo"]
    settled = hospital.ok("5204", {"data": {"psn_no": idn, "mdtrt_id": mdtrt_id, "setl_id": setl["setl_id"]}})
    assert {r["setl_id"] for r in settled["output"]["feedetail"]} == {setl["setl_id"]}
    assert hospital.ok("5204", {"data": {"psn_no": idn, "mdtrt_id": mdtrt_id}})["output"]["feedetail"] == []
    resp = hospital.call("5201", {"data": {"psn_no": idn, "mdtrt_id": "M0"}})
    assert resp["infcode"] == -1 and "input.data.mdtrt_id" in resp["err_msg"]


def test_external_tests_settle_with_the_stay(hospital, person):
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    ext = fee_line(
        idn,
        mdtrt_id,
        "E1",
        "002202030020000-220203002",
        "1",
        "150.00",
        etip_flag="1",
        etip_hosp_code="H21010000099",
    )
    body = {"feedetail": [*fees(idn, mdtrt_id)["feedetail"], ext]}
    hospital.ok("2301", body)
    setl = hospital.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]["setlinfo"]
    assert setl["medfee_sumamt"] == total(body)
    rows = hospital.ok("5204", {"data": {"psn_no": idn, "mdtrt_id": mdtrt_id, "setl_id": setl["setl_id"]}})
    assert any(
        r["etip_flag"] == "1" and r["etip_hosp_code"] == "H21010000099" for r in rows["output"]["feedetail"]
    )


def test_designated_info_shows_the_retiree_settlement_filing(hospital, person, uow, clock):
    idn = person()
    clock.today = date(2026, 1, 2)
    req = NewFiling(Category.LONG_TERM_RETIREE, "210100", outpatient_hospital=hospital.code,
                    materials=(MaterialIn(MaterialKind.HUKOU),), form={"phone": "13800000000", "signed_by": "张三"})  # fmt: skip
    filing = fs.file(uow, Actor("w", Role.STAFF, Channel.COUNTER), idn, req)["filing"]
    clock.today = date(2026, 1, 10)
    hospital.insuplc = "211200"
    rows = hospital.ok("5302", {"data": {"psn_no": idn, "biz_appy_type": "08"}})["output"]["psnfixmedin"]
    assert [(r["trt_dcla_detl_sn"], r["fixmedins_code"]) for r in rows] == [(filing_sn(filing["id"]), hospital.code)]
    assert rows[0]["fixmedins_name"] == "沈阳演示三级医院" and "异地安置退休人员" in rows[0]["memo"]
    assert (
        hospital.ok("5302", {"data": {"psn_no": idn, "biz_appy_type": "01"}})["output"]["psnfixmedin"] == []
    )
    bad = hospital.call("5302", {"data": {"psn_no": idn, "biz_appy_type": "02"}})
    assert bad["infcode"] == -1 and "biz_appy_type" in bad["err_msg"]
