"""2501/2502: the referring hospital files a referral; the destination hospital's 2401 with
med_type 23 then uses it (cover category referral)."""

from __future__ import annotations

from datetime import date

from hospital_flow import admission, fees, settle_data, total
from hospital_his import His
from tests.integration.hospital.conftest import add_hospital

from yidi.domain.national.external_ids import filing_id


def refmedin(idn, dest="210100", **extra):
    return {"refmedin": {"psn_no": idn, "insutype": "310", "diag_code": "I21.900", "diag_name": "急性心肌梗死",
                         "reflin_medins_no": "H21010000001", "reflin_medins_name": "沈阳演示三级医院",
                         "mdtrtarea_admdvs": dest, "hosp_agre_refl_flag": "1", "refl_type": "1",
                         "refl_date": "2026-01-04", "refl_rea": "病情需要", "refl_opnn": "同意转诊", **extra}}  # fmt: skip


def tieling(huow_factory):
    add_hospital(huow_factory, "H21120000001", "3", "铁岭演示三级医院")
    his = His(huow_factory, "H21120000001", "211200")
    his.sign_in()
    his.insuplc = "211200"
    return his


def test_referral_filed_by_the_referring_hospital_is_used_at_admission(
    hospital, person, huow_factory, uow, clock
):
    idn = person()
    home = tieling(huow_factory)
    clock.today = date(2026, 1, 4)
    sn = home.ok("2501", refmedin(idn))["output"]["result"]["trt_dcla_detl_sn"]
    clock.today = date(2026, 1, 10)
    with uow:
        f = uow.persons.get(idn).filings[0]
        assert (str(f.category), str(f.channel), f.treatment_region) == (
            "referral",
            "referral_hospital",
            "210100",
        )
    hospital.insuplc = "211200"
    resp = hospital.ok("2401", admission(idn, med_type="23"))
    assert resp["warn_msg"] == ""
    mdtrt_id = resp["output"]["result"]["mdtrt_id"]
    with huow_factory() as h:
        v = h.hospital.visit(mdtrt_id)
        assert (v.filing_category, v.filing_id) == ("referral", filing_id(sn)) and len(sn) <= 30
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    out = hospital.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]
    assert "转诊" in out["explanation"][0]["rule"]  # settled under the referral category


def test_referral_cancel_only_by_its_hospital(hospital, person, huow_factory, uow, clock):
    idn = person()
    home = tieling(huow_factory)
    clock.today = date(2026, 1, 4)
    sn = home.ok("2501", refmedin(idn))["output"]["result"]["trt_dcla_detl_sn"]
    hospital.insuplc = "211200"
    other = hospital.call("2502", {"data": {"trt_dcla_detl_sn": sn, "psn_no": idn, "memo": ""}})
    assert other["infcode"] == -1 and "本机构办理的转院备案" in other["err_msg"]
    home.ok("2502", {"data": {"trt_dcla_detl_sn": sn, "psn_no": idn, "memo": "患者放弃转院"}})
    with uow:
        assert str(uow.persons.get(idn).filings[0].status) == "cancelled"


def test_referral_errors(person, huow_factory):
    idn = person()
    home = tieling(huow_factory)
    early = home.call(
        "2501", refmedin(idn)
    )  # the referral cannot start before it is filed (today 2026-01-10)
    assert early["infcode"] == -1 and "input.refmedin.begndate" in early["err_msg"]
    bad = home.call("2501", refmedin(idn, refl_date="2026-13-01"))
    assert bad["infcode"] == -1 and "input.refmedin.refl_date" in bad["err_msg"]
    body = refmedin(idn)
    del body["refmedin"]["refl_rea"]
    assert "input.refmedin.refl_rea" in home.call("2501", body)["err_msg"]


def test_seed002_第十六条_one_referral_filing_one_stay(hospital, person, huow_factory, uow, clock):
    idn = person()
    home = tieling(huow_factory)
    clock.today = date(2026, 1, 4)
    sn = home.ok("2501", refmedin(idn))["output"]["result"]["trt_dcla_detl_sn"]
    clock.today = date(2026, 1, 10)
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn, med_type="23"))["output"]["result"]["mdtrt_id"]
    with uow:
        f = uow.persons.get(idn).filings[0]
        assert f.admission_date == date(2026, 1, 5)  # bound to this stay
    dscg = {"dscginfo": {"mdtrt_id": mdtrt_id, "psn_no": idn, "insutype": "310", "endtime": "2026-01-09 10:00:00",
                         "dscg_dept_codg": "A03", "dscg_dept_name": "心内科", "dscg_way": "1"},
            "diseinfo": admission(idn)["diseinfo"]}  # fmt: skip
    hospital.ok("2402", dscg)
    with uow:
        f = uow.persons.get(idn).filings[0]
        assert (str(f.status), f.discharge_date) == ("completed", date(2026, 1, 9))
        actions = [h.action for h in uow.persons.history(filing_id=filing_id(sn))]
        assert "bind_stay" in actions and "complete" in actions
    # the settlement of that stay still uses the referral filing
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    out = hospital.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]
    assert "转诊" in out["explanation"][0]["rule"]
    # a second stay is not settled under it: it is an ordinary (auto-filed) temporary stay
    again = admission(idn, ipt_no="ZY0002", med_type="23", begntime="2026-01-20 09:00:00")
    clock.today = date(2026, 1, 20)
    resp = hospital.ok("2401", again)
    with huow_factory() as h:
        v = h.hospital.visit(resp["output"]["result"]["mdtrt_id"])
        assert v.filing_id != sn and v.filing_category != "referral"


def _in_shanghai(person, uow, clock):  # type: ignore[no-untyped-def]
    """A 省直 retiree living in Shanghai (long-term filing in force there)."""
    from tests.filing_setup import CITIZEN

    from yidi.domain.filing.categories import Category
    from yidi.domain.filing.creation import MaterialIn, NewFiling
    from yidi.domain.filing.materials import MaterialKind
    from yidi.service_layer import filing_services as fs

    idn = person(region="219900")
    clock.today = date(2026, 1, 4)
    req = NewFiling(
        Category.LONG_TERM_RETIREE, "310100", materials=(MaterialIn(MaterialKind.HUKOU, "户口簿"),)
    )
    fs.file(uow, CITIZEN, idn, req)
    return idn


def test_seed002_第十八条_2501_transfer_out_of_the_treatment_place_needs_a_3A_hospital(
    person, huow_factory, uow, clock
):
    idn = _in_shanghai(person, uow, clock)
    for code, grade in (("H31010100002", "3B"), ("H31010100001", "3A")):
        add_hospital(huow_factory, code, grade, f"上海演示医院{grade}")
    lower = His(huow_factory, "H31010100002", "310101")
    lower.sign_in()
    lower.insuplc = "219900"
    refused = lower.call("2501", refmedin(idn, dest="110100"))
    assert refused["infcode"] == -1 and "三级甲等" in refused["err_msg"]
    top = His(huow_factory, "H31010100001", "310101")
    top.sign_in()
    top.insuplc = "219900"
    top.ok("2501", refmedin(idn, dest="110100"))
    with uow:
        filings = {str(f.category): f for f in uow.persons.get(idn).filings}
        assert str(filings["long_term_retiree"].status) == "cancelled"  # ended where the referral starts
        assert filings["referral"].linked_filing_id == filings["long_term_retiree"].id
