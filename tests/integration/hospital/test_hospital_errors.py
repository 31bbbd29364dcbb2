"""Each transaction's refusals: ``infcode -1``, a Chinese ``err_msg`` naming the field, and
nothing changed."""

from __future__ import annotations

from hospital_flow import admission, fee_line, fees, settle_data, total
from hospital_his import His
from tests.integration.hospital.conftest import add_hospital


def err(resp):
    assert resp["infcode"] == -1, resp
    assert resp["err_msg"].startswith("FSI-")
    return resp["err_msg"]


def test_envelope_errors_name_the_field(hospital):
    env = hospital.envelope("1101", {"data": {}})
    del env["opter_name"]
    assert "opter_name" in err(hospital.send(env))
    assert "msgid" in err(hospital.send(hospital.envelope("1101", {}, msgid="H21010000001202601")))
    assert "前 12 位" in err(
        hospital.send(hospital.envelope("1101", {}, msgid="H99999999999202601051200000001"))
    )
    assert "inf_time" in err(hospital.call("1101", {}, inf_time="2026-01-05T12:00:00"))
    assert "暂不支持交易" in err(hospital.call("4101", {"data": {}}))
    assert "fixmedins_code" in err(
        hospital.call("1101", {}, fixmedins_code="H21010000002", msgid="H21010000002202601051200000001")
    )
    assert "mdtrtarea_admvs" in err(hospital.call("1101", {"data": {}}, mdtrtarea_admvs="210200"))
    assert "sign_no" in err(hospital.call("1101", {"data": {}}, sign_no=""))
    assert "sign_no" in err(
        hospital.call("1101", {"data": {}}, sign_no="Q210100000000000000000000000000"[:30])
    )
    assert "input" in err(hospital.call("1101", None))


def test_sign_out_ends_the_session(hospital):
    hospital.ok("9002", {"signOut": {"sign_no": hospital.sign_no, "opter_no": "001"}})
    assert "sign_no" in err(hospital.call("1101", {"data": {"mdtrt_cert_type": "02", "mdtrt_cert_no": "x"}}))


def test_person_info_errors(hospital, new_id_number):
    assert "未查询到参保信息" in err(
        hospital.call("1101", {"data": {"mdtrt_cert_type": "02", "mdtrt_cert_no": new_id_number()}})
    )
    assert "mdtrt_cert_no" in err(
        hospital.call("1101", {"data": {"mdtrt_cert_type": "02", "mdtrt_cert_no": "123"}})
    )
    assert "mdtrt_cert_type" in err(
        hospital.call("1101", {"data": {"mdtrt_cert_type": "09", "mdtrt_cert_no": "1"}})
    )


def test_admission_errors(hospital, person):
    idn = person()
    assert "insuplc_admdvs" in err(hospital.call("2401", admission(idn)))
    hospital.insuplc = "219900"
    assert "不一致" in err(hospital.call("2401", admission(idn)))
    hospital.insuplc = "211200"
    bad = admission(idn)
    bad["diseinfo"][0]["maindiag_flag"] = "0"
    assert "主诊断" in err(hospital.call("2401", bad))
    bad = admission(idn)
    del bad["mdtrtinfo"]["adm_bed"]
    assert "input.mdtrtinfo.adm_bed" in err(hospital.call("2401", bad))
    assert "input.mdtrtinfo.med_type" in err(hospital.call("2401", admission(idn, med_type="11")))
    hospital.ok("2401", admission(idn))
    assert "住院号" in err(hospital.call("2401", admission(idn)))


def test_local_patient_is_not_cross_region(hospital, person):
    idn = person(region="219900")  # 省直 members are at home in Shenyang
    hospital.insuplc = "219900"
    assert "本地就医" in err(hospital.call("2401", admission(idn)))


def test_fee_upload_unknown_code_fails_only_its_line(hospital, person):
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id, [("001103000010000-110300001", "1", "30"), ("NOPE000001", "1", "10.00")])
    resp = hospital.ok("2301", body)
    rows = resp["output"]["result"]
    assert rows[0]["memo"] == "" and rows[0]["inscp_scp_amt"] == "30.00"
    assert "不在就医地 210100 目录中" in rows[1]["memo"] and rows[1]["chrgitm_lv"] == ""
    assert "1 条明细未通过" in resp["warn_msg"]
    # the same feedetl_sn again refuses the upload, naming it (tests/.../test_hospital_fee_lines.py)
    again = hospital.call("2301", fees(idn, mdtrt_id, [("001103000010000-110300001", "1", "30")]))
    assert "F0001" in err(again) and "已上传" in again["err_msg"]
    # only the accepted line counts
    assert "100.00" not in err(hospital.call("2303", settle_data(idn, mdtrt_id, "40.00")))
    hospital.ok("2303", settle_data(idn, mdtrt_id, "30.00"))


def test_fee_line_errors_name_the_line(hospital, person):
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    line = fee_line(idn, mdtrt_id, "F1", "001103000010000-110300001", "2", "30", det_item_fee_sumamt="70.00")
    assert "input.feedetail[0].det_item_fee_sumamt" in err(hospital.call("2301", {"feedetail": [line]}))
    line = fee_line(idn, mdtrt_id, "F1", "001103000010000-110300001", "1", "30.1234567")
    assert "input.feedetail[0].pric" in err(hospital.call("2301", {"feedetail": [line]}))
    line = fee_line(idn, mdtrt_id, "F1", "001103000010000-110300001", "1", "30", etip_flag="1")
    assert "etip_hosp_code" in err(hospital.call("2301", {"feedetail": [line]}))
    line = fee_line(
        idn, mdtrt_id, "F1", "001103000010000-110300001", "1", "30", fee_ocur_time="2026-02-30 10:00:00"
    )
    assert "fee_ocur_time" in err(hospital.call("2301", {"feedetail": [line]}))


def test_fee_cancel_and_settlement_checks(hospital, person):
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    assert "medfee_sumamt" in err(hospital.call("2304", settle_data(idn, mdtrt_id, "1.00")))
    assert "preselfpay_amt" in err(
        hospital.call("2304", settle_data(idn, mdtrt_id, total(body), preselfpay_amt="1.00"))
    )
    hospital.ok("2302", {"data": {"feedetl_sn": "F0001", "mdtrt_id": mdtrt_id, "psn_no": idn}})
    assert "F0001" in err(
        hospital.call("2302", {"data": {"feedetl_sn": "F0001", "mdtrt_id": mdtrt_id, "psn_no": idn}})
    )
    hospital.ok("2302", {"data": {"feedetl_sn": "0000", "mdtrt_id": mdtrt_id, "psn_no": idn}})
    assert "没有未结算的费用明细" in err(hospital.call("2304", settle_data(idn, mdtrt_id, "0.00")))


def test_discharge_and_cancellations(hospital, person, uow):
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    data = {"data": {"mdtrt_id": mdtrt_id, "psn_no": idn}}
    dscg = {"dscginfo": {"mdtrt_id": mdtrt_id, "psn_no": idn, "insutype": "310", "endtime": "2026-01-09 10:00:00",
                         "dscg_dept_codg": "A03", "dscg_dept_name": "心内科", "dscg_way": "1"},
            "diseinfo": admission(idn)["diseinfo"]}  # fmt: skip
    assert "不能撤销出院" in err(hospital.call("2405", data))
    bad = {**dscg, "dscginfo": {**dscg["dscginfo"], "endtime": "2026-01-01 10:00:00"}}
    assert "早于入院" in err(hospital.call("2402", bad))
    hospital.ok("2402", dscg)
    assert "不能办理出院" in err(hospital.call("2402", dscg))
    hospital.ok("2301", fees(idn, mdtrt_id))
    hospital.ok("2405", data)
    assert "2302" in err(hospital.call("2404", data))
    hospital.ok("2302", {"data": {"feedetl_sn": "0000", "mdtrt_id": mdtrt_id, "psn_no": idn}})
    hospital.ok("2404", data)
    with uow:
        filings = uow.persons.get(idn).filings
        assert [str(f.status) for f in filings] == ["cancelled"]  # the auto filing went with the admission
    assert "cancelled" in err(hospital.call("2301", fees(idn, mdtrt_id)))


def test_a_hospital_sees_only_its_own_visits(hospital, person, huow_factory):
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    hospital.ok("2301", fees(idn, mdtrt_id))
    add_hospital(huow_factory, "H21010000002", "2")
    other = His(huow_factory, "H21010000002", "210100")
    other.sign_in()
    other.insuplc = "211200"
    assert "未找到本机构的就诊ID" in err(other.call("2303", settle_data(idn, mdtrt_id, "100.00")))
    assert "未找到本机构的就诊ID" in err(
        other.call("2302", {"data": {"feedetl_sn": "0000", "mdtrt_id": mdtrt_id, "psn_no": idn}})
    )
    assert "未找到本机构的就诊ID" in err(other.call("2301", fees(idn, mdtrt_id, start=50)))
    # another hospital's sign_no is not valid here
    assert "sign_no" in err(other.call("1101", {"data": {}}, sign_no=hospital.sign_no))
