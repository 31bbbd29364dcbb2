"""2601 of the cancellations (2305, 2208) re-instates the original settlement exactly, and 2601
of an outpatient 2207 undoes it like 2208; a cancellation followed by anything the original
amounts did not see cannot be reversed."""

from __future__ import annotations

from hospital_flow import admission, fees, settle_data, total
from outpatient_flow import filed_person, open_visit, otp_fees, otp_settle
from sqlalchemy import select
from tests.integration.hospital.test_hospital_idempotency import count_settlements, stay, ytd

from yidi.adapters.orm_hospital import fee_details, settlements


def state(factory, idn, mdtrt_id):
    """Everything a settlement or its cancellation touches, to compare before and after."""
    with factory() as uow:
        rows = uow.session.execute(
            select(settlements.c.setl_id, settlements.c.kind, settlements.c.status, settlements.c.cancelled_by)
            .where(settlements.c.id_number == idn).order_by(settlements.c.setl_id)
        ).all()  # fmt: skip
        lines = uow.session.execute(
            select(fee_details.c.feedetl_sn, fee_details.c.setl_id)
            .where(fee_details.c.mdtrt_id == mdtrt_id).order_by(fee_details.c.feedetl_sn)
        ).all()  # fmt: skip
        bal = int(uow.hospital.person_row(idn)["account_balance_fen"])
    return {"settlements": rows, "lines": lines, "balance": bal, "ytd": ytd(factory, idn)}


def test_2601_of_2305_reinstates_the_settlement(hospital, person, huow_factory):
    idn, mdtrt_id, medfee = stay(hospital, person)
    s = hospital.ok("2304", settle_data(idn, mdtrt_id, medfee))["output"]["setlinfo"]
    before = state(huow_factory, idn, mdtrt_id)
    env = hospital.envelope("2305", {"data": {"mdtrt_id": mdtrt_id, "setl_id": s["setl_id"], "psn_no": idn}})
    assert hospital.send(env)["infcode"] == 0
    assert state(huow_factory, idn, mdtrt_id) != before
    rev = hospital.ok("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2305"}})
    assert rev["output"]["rslt"] == "1"
    assert state(huow_factory, idn, mdtrt_id) == before
    q = hospital.ok("5203", {"data": {"psn_no": idn, "setl_id": s["setl_id"], "mdtrt_id": mdtrt_id}})
    assert q["output"]["setlinfo"]["vali_flag"] == "1"
    again = hospital.call("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2305"}})
    assert again["infcode"] == -1 and "已被" in again["err_msg"]
    # the re-instated settlement can be cancelled again normally
    hospital.ok("2305", {"data": {"mdtrt_id": mdtrt_id, "setl_id": s["setl_id"], "psn_no": idn}})
    assert ytd(huow_factory, idn)["settlements"] == 0


def test_2601_of_2305_is_refused_after_a_later_settlement(hospital, person, huow_factory):
    idn, mdtrt_id, medfee = stay(hospital, person)
    s = hospital.ok("2304", settle_data(idn, mdtrt_id, medfee))["output"]["setlinfo"]
    env = hospital.envelope("2305", {"data": {"mdtrt_id": mdtrt_id, "setl_id": s["setl_id"], "psn_no": idn}})
    hospital.send(env)
    hospital.ok("2304", settle_data(idn, mdtrt_id, medfee))  # settled again meanwhile
    before = state(huow_factory, idn, mdtrt_id)
    err = hospital.call("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2305"}})
    assert err["infcode"] == -1 and "不能冲正" in err["err_msg"]
    assert state(huow_factory, idn, mdtrt_id) == before


def test_2601_of_2305_is_refused_when_the_lines_are_gone(hospital, person, huow_factory):
    idn, mdtrt_id, medfee = stay(hospital, person)
    s = hospital.ok("2304", settle_data(idn, mdtrt_id, medfee))["output"]["setlinfo"]
    env = hospital.envelope("2305", {"data": {"mdtrt_id": mdtrt_id, "setl_id": s["setl_id"], "psn_no": idn}})
    hospital.send(env)
    hospital.ok("2302", {"data": {"feedetl_sn": "0000", "mdtrt_id": mdtrt_id, "psn_no": idn}})
    err = hospital.call("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2305"}})
    assert err["infcode"] == -1 and "费用明细" in err["err_msg"]


def test_2601_of_outpatient_2207_and_2208(hospital, person, uow, clock, huow_factory):
    idn = filed_person(person, uow, clock)
    mdtrt_id = open_visit(hospital, idn)
    body = otp_fees(idn, mdtrt_id)
    hospital.ok("2204", body)
    before = state(huow_factory, idn, mdtrt_id)
    env = hospital.envelope("2207", otp_settle(idn, mdtrt_id, total(body)))
    s = hospital.send(env)["output"]["setlinfo"]  # the answer was lost
    hospital.ok("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2207"}})
    after = state(huow_factory, idn, mdtrt_id)
    assert after["ytd"]["settlements"] == 0 and after["balance"] == before["balance"]
    assert after["lines"] == before["lines"] and count_settlements(huow_factory) == 2  # settlement + reversal
    s = hospital.ok("2207", otp_settle(idn, mdtrt_id, total(body)))["output"]["setlinfo"]
    settled = state(huow_factory, idn, mdtrt_id)
    env = hospital.envelope("2208", {"data": {"setl_id": s["setl_id"], "mdtrt_id": mdtrt_id, "psn_no": idn}})
    assert hospital.send(env)["infcode"] == 0
    hospital.ok("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2208"}})
    assert state(huow_factory, idn, mdtrt_id) == settled


def test_inpatient_and_outpatient_cancellations_do_not_mix(hospital, person, uow, clock):
    idn = filed_person(person, uow, clock)
    hospital.insuplc = "211200"
    stay_id = hospital.ok("2401", admission(idn, ipt_no="ZY0007"))["output"]["result"]["mdtrt_id"]
    body = fees(idn, stay_id)
    hospital.ok("2301", body)
    s = hospital.ok("2304", settle_data(idn, stay_id, total(body)))["output"]["setlinfo"]
    err = hospital.call("2208", {"data": {"setl_id": s["setl_id"], "mdtrt_id": stay_id, "psn_no": idn}})
    assert err["infcode"] == -1 and "住院" in err["err_msg"]
