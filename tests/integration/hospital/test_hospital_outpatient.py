"""Outpatient 2201–2208: registration needs a filing in force, batches settle by the kernel with
clearing type 11, identities hold, accumulators and account move with 2207 and back with 2208,
the same msgid replays, and 3201 reconciles the outpatient settlements."""

from __future__ import annotations

from decimal import Decimal

from hospital_flow import admission, total
from outpatient_flow import filed_person, open_visit, otp_fees, otp_settle, registration, visit_info
from tests.integration.hospital.test_hospital_idempotency import count_settlements, ytd

from yidi.domain.national.identities import violations


def balance(factory, idn):
    with factory() as uow:
        return int(uow.hospital.person_row(idn)["account_balance_fen"])


def test_outpatient_flow_settles_a_batch(hospital, person, uow, clock, huow_factory):
    idn = filed_person(person, uow, clock)
    mdtrt_id = open_visit(hospital, idn)
    body = otp_fees(idn, mdtrt_id)
    res = hospital.ok("2204", body)["output"]["result"]
    assert [r["memo"] for r in res] == ["", "", ""] and res[2]["chrgitm_lv"] == "3"
    pre = hospital.ok("2206", otp_settle(idn, mdtrt_id, total(body)))["output"]
    assert "setl_id" not in pre["setlinfo"] and count_settlements(huow_factory) == 0
    before = balance(huow_factory, idn)
    out = hospital.ok("2207", otp_settle(idn, mdtrt_id, total(body), fulamt_ownpay_amt=pre["setlinfo"]["fulamt_ownpay_amt"]))["output"]  # fmt: skip
    s = out["setlinfo"]
    assert s["clr_type"] == "11" and s["med_type"] == "11" and s["setl_id"]
    assert {k: s[k] for k in ("medfee_sumamt", "fund_pay_sumamt")} == {
        k: pre["setlinfo"][k] for k in ("medfee_sumamt", "fund_pay_sumamt")
    }
    assert violations(s, out["setldetail"]) == []
    assert Decimal(s["medfee_sumamt"]) == Decimal(total(body))
    assert ytd(huow_factory, idn)["settlements"] == 1
    assert ytd(huow_factory, idn)["hifp_pay"] == int(Decimal(s["hifp_pay"]) * 100)
    assert before - balance(huow_factory, idn) == int(Decimal(s["acct_pay"]) * 100)
    # nothing left unsettled in the batch
    again = hospital.call("2207", otp_settle(idn, mdtrt_id, total(body)))
    assert again["infcode"] == -1 and "chrg_bchno" in again["err_msg"]
    q = hospital.ok("5203", {"data": {"psn_no": idn, "setl_id": s["setl_id"], "mdtrt_id": mdtrt_id}})
    assert q["output"]["setlinfo"]["pay_loc"] == "3" and q["output"]["setlinfo"]["dise_codg"] == "I10.x00"


def test_batches_settle_separately_and_2208_restores_exactly(hospital, person, uow, clock, huow_factory):
    idn = filed_person(person, uow, clock)
    mdtrt_id = open_visit(hospital, idn)
    b1 = otp_fees(idn, mdtrt_id, "B001")
    b2 = otp_fees(idn, mdtrt_id, "B002", lines=[("XC10AAA059A001010100000", "10", "9.9")])
    hospital.ok("2204", b1)
    hospital.ok("2204", b2)
    s1 = hospital.ok("2207", otp_settle(idn, mdtrt_id, total(b1), "B001"))["output"]["setlinfo"]
    after_first, bal_first = ytd(huow_factory, idn), balance(huow_factory, idn)
    s2 = hospital.ok("2207", otp_settle(idn, mdtrt_id, total(b2), "B002"))["output"]["setlinfo"]
    assert Decimal(s2["medfee_sumamt"]) == Decimal(total(b2))
    rev = hospital.ok("2208", {"data": {"setl_id": s2["setl_id"], "mdtrt_id": mdtrt_id, "psn_no": idn}})[
        "output"
    ]
    assert violations(rev["setlinfo"], rev["setldetail"]) == []
    assert Decimal(rev["setlinfo"]["medfee_sumamt"]) == -Decimal(s2["medfee_sumamt"])
    assert ytd(huow_factory, idn) == after_first and balance(huow_factory, idn) == bal_first
    err = hospital.call("2208", {"data": {"setl_id": s2["setl_id"], "mdtrt_id": mdtrt_id, "psn_no": idn}})
    assert err["infcode"] == -1 and "已撤销" in err["err_msg"]
    # the freed batch can be removed (2205) and the registration cannot be cancelled while B001 is settled
    hospital.ok("2205", {"data": {"mdtrt_id": mdtrt_id, "chrg_bchno": "B002", "psn_no": idn}})
    busy = hospital.call("2202", {"data": {"psn_no": idn, "mdtrt_id": mdtrt_id, "ipt_otp_no": "MZ0001"}})
    assert busy["infcode"] == -1 and "2208" in busy["err_msg"]
    hospital.ok("2208", {"data": {"setl_id": s1["setl_id"], "mdtrt_id": mdtrt_id, "psn_no": idn}})
    hospital.ok("2205", {"data": {"mdtrt_id": mdtrt_id, "chrg_bchno": "0000", "psn_no": idn}})
    hospital.ok("2202", {"data": {"psn_no": idn, "mdtrt_id": mdtrt_id, "ipt_otp_no": "MZ0001"}})
    assert ytd(huow_factory, idn)["settlements"] == 0 and ytd(huow_factory, idn)["hifp_pay"] == 0
    gone = hospital.call("2203", visit_info(idn, mdtrt_id))
    assert gone["infcode"] == -1 and "已撤销" in gone["err_msg"]


def test_outpatient_errors(hospital, person, uow, clock):
    unfiled = person()
    hospital.insuplc = "211200"
    err = hospital.call("2201", registration(unfiled))
    assert err["infcode"] == -1 and "备案" in err["err_msg"] and "psn_no" in err["err_msg"]
    idn = filed_person(person, uow, clock)
    mdtrt_id = open_visit(hospital, idn)
    dup = hospital.call("2201", registration(idn))
    assert dup["infcode"] == -1 and "ipt_otp_no" in dup["err_msg"]
    bad_type = hospital.call("2203", visit_info(idn, mdtrt_id, med_type="21"))
    assert bad_type["infcode"] == -1 and "med_type" in bad_type["err_msg"]
    chronic = hospital.call("2203", visit_info(idn, mdtrt_id, med_type="14"))
    assert chronic["infcode"] == -1 and "dise_codg" in chronic["err_msg"]
    body = otp_fees(
        idn, mdtrt_id, lines=[("NO-SUCH-CODE", "1", "10.00"), ("XC10AAA059A001010100000", "1", "9.9")]
    )
    res = hospital.ok("2204", body)
    assert res["output"]["result"][0]["memo"] and res["output"]["result"][1]["memo"] == "" and res["warn_msg"]
    no_batch = otp_fees(idn, mdtrt_id)
    del no_batch["feedetail"][0]["chrg_bchno"]
    assert "chrg_bchno" in hospital.call("2204", no_batch)["err_msg"]
    wrong_total = hospital.call("2207", otp_settle(idn, mdtrt_id, "1.00"))
    assert wrong_total["infcode"] == -1 and "medfee_sumamt" in wrong_total["err_msg"]
    wrong_med = hospital.call("2207", otp_settle(idn, mdtrt_id, "9.90", med_type="13"))
    assert wrong_med["infcode"] == -1 and "med_type" in wrong_med["err_msg"]
    missing = hospital.call("2205", {"data": {"mdtrt_id": mdtrt_id, "chrg_bchno": "B999", "psn_no": idn}})
    assert missing["infcode"] == -1 and "chrg_bchno" in missing["err_msg"]
    # outpatient and inpatient transactions do not mix
    assert "2206" in hospital.call("2303", {"data": {"psn_no": idn, "mdtrt_cert_type": "02", "medfee_sumamt": "9.90",
                                                      "psn_setlway": "01", "mdtrt_id": mdtrt_id, "insutype": "310"}})["err_msg"]  # fmt: skip
    stay = hospital.ok("2401", admission(idn, ipt_no="ZY0009"))["output"]["result"]["mdtrt_id"]
    assert "住院" in hospital.call("2204", otp_fees(idn, stay))["err_msg"]


def test_same_msgid_2207_settles_once_and_3201_balances(hospital, person, uow, clock, huow_factory):
    idn = filed_person(person, uow, clock)
    mdtrt_id = open_visit(hospital, idn)
    body = otp_fees(idn, mdtrt_id)
    hospital.ok("2204", body)
    env = hospital.envelope("2207", otp_settle(idn, mdtrt_id, total(body)))
    first = hospital.send(env)
    assert first["infcode"] == 0 and hospital.send(env) == first
    assert count_settlements(huow_factory) == 1 and ytd(huow_factory, idn)["settlements"] == 1
    s = first["output"]["setlinfo"]
    recon = {"insutype": "310", "clr_type": "11", "setl_optins": "210100", "stmt_begndate": "2026-01-10",
             "stmt_enddate": "2026-01-10", "medfee_sumamt": s["medfee_sumamt"], "fund_pay_sumamt": s["fund_pay_sumamt"],
             "acct_pay": s["acct_pay"], "fixmedins_setl_cnt": "1", "refd_setl_flag": "1"}  # fmt: skip
    assert hospital.ok("3201", {"data": recon})["output"]["stmtinfo"]["stmt_rslt"] == "0"
    inpatient = {**recon, "clr_type": "21"}
    assert hospital.ok("3201", {"data": inpatient})["output"]["stmtinfo"]["stmt_rslt"] != "0"
