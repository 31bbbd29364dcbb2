"""The same msgid twice returns the first response and changes nothing; 2601 reverses by msgid;
2305 and 2601 restore the year-to-date accumulators exactly."""

from __future__ import annotations

from decimal import Decimal

from hospital_flow import admission, fees, settle_data, total
from sqlalchemy import func, select

from yidi.adapters.orm_hospital import settlements, ytd_accumulators


def count_settlements(factory):
    with factory() as uow:
        return uow.session.execute(select(func.count()).select_from(settlements)).scalar_one()


def ytd(factory, idn):
    with factory() as uow:
        row = (
            uow.session.execute(select(ytd_accumulators).where(ytd_accumulators.c.id_number == idn))
            .mappings()
            .first()
        )
        return (
            None
            if row is None
            else {k: row[k] for k in ("act_pay_dedc", "hifp_pay", "hifob_pay", "cvlserv_pay", "settlements")}
        )


def stay(hospital, person, ipt_no="ZY0001"):
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn, ipt_no=ipt_no))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    return idn, mdtrt_id, total(body)


def test_same_msgid_returns_the_first_response(hospital, person, huow_factory):
    idn, mdtrt_id, medfee = stay(hospital, person)
    env = hospital.envelope("2304", settle_data(idn, mdtrt_id, medfee))
    first = hospital.send(env)
    assert first["infcode"] == 0
    again = hospital.send(env)
    assert again == first
    assert count_settlements(huow_factory) == 1 and ytd(huow_factory, idn)["settlements"] == 1
    # a retry may refresh envelope fields and reorder keys: still the same request
    data = hospital.with_psn_nos(settle_data(idn, mdtrt_id, medfee))["data"]
    reordered = {"data": dict(reversed(list(data.items())))}
    assert hospital.send({**env, "inf_time": "2026-01-06 08:00:00", "input": reordered}) == first


def test_same_msgid_with_another_body_is_refused_and_changes_nothing(hospital, person, huow_factory):
    idn, mdtrt_id, medfee = stay(hospital, person)
    env = hospital.envelope("2304", settle_data(idn, mdtrt_id, medfee))
    first = hospital.send(env)
    assert first["infcode"] == 0
    refused = hospital.send({**env, "input": settle_data(idn, mdtrt_id, medfee, invono="INV2")})
    assert refused["infcode"] == -1
    assert "内容不同" in refused["err_msg"] and "msgid" in refused["err_msg"]
    assert count_settlements(huow_factory) == 1 and ytd(huow_factory, idn)["settlements"] == 1
    assert hospital.send(env) == first  # the stored answer is untouched by the refusal


def test_a_2304_msgid_reused_for_another_stay_is_refused(hospital, person, huow_factory):
    idn1, stay1, medfee1 = stay(hospital, person)
    idn2, stay2, medfee2 = stay(hospital, person, ipt_no="ZY0002")
    env = hospital.envelope("2304", settle_data(idn1, stay1, medfee1))
    first = hospital.send(env)
    assert first["infcode"] == 0 and first["output"]["setlinfo"]["mdtrt_id"] == stay1
    collision = hospital.send({**env, "input": settle_data(idn2, stay2, medfee2)})
    assert collision["infcode"] == -1 and not collision.get("output")
    assert "报文ID" in collision["err_msg"]
    assert count_settlements(huow_factory) == 1 and ytd(huow_factory, idn2) is None
    # stay 2 is still open: settled under a fresh msgid it gets its own settlement
    second = hospital.ok("2304", settle_data(idn2, stay2, medfee2))
    assert second["output"]["setlinfo"]["mdtrt_id"] == stay2


def test_a_refusal_is_replayed_too_and_changes_nothing(hospital, person, huow_factory):
    idn, mdtrt_id, _ = stay(hospital, person)
    env = hospital.envelope("2304", settle_data(idn, mdtrt_id, "1.00"))
    first = hospital.send(env)
    assert first["infcode"] == -1
    assert hospital.send(env) == first
    assert count_settlements(huow_factory) == 0 and ytd(huow_factory, idn) is None


def test_2305_restores_the_accumulators_exactly(hospital, person, huow_factory):
    idn, mdtrt_id, medfee = stay(hospital, person)
    out1 = hospital.ok("2304", settle_data(idn, mdtrt_id, medfee))["output"]
    s1 = out1["setlinfo"]
    after_first = ytd(huow_factory, idn)
    # a second stay of the same person in the same year builds on the first
    mdtrt_2 = hospital.ok("2401", admission(idn, ipt_no="ZY0002"))["output"]["result"]["mdtrt_id"]
    body2 = fees(idn, mdtrt_2)
    hospital.ok("2301", body2)
    out2 = hospital.ok("2304", settle_data(idn, mdtrt_2, total(body2)))["output"]
    s2 = out2["setlinfo"]
    # the pooled fund's remaining annual cap reflects the first settlement (read under the lock)
    cap1, cap2 = (Decimal(o["setldetail"][0]["crt_payb_lmt_amt"]) for o in (out1, out2))
    assert cap1 - cap2 == Decimal(s1["hifp_pay"])
    hospital.ok("2305", {"data": {"mdtrt_id": mdtrt_2, "setl_id": s2["setl_id"], "psn_no": idn}})
    assert ytd(huow_factory, idn) == after_first
    err = hospital.call("2305", {"data": {"mdtrt_id": mdtrt_2, "setl_id": s2["setl_id"], "psn_no": idn}})
    assert err["infcode"] == -1 and "已撤销" in err["err_msg"]
    hospital.ok("2305", {"data": {"mdtrt_id": mdtrt_id, "setl_id": s1["setl_id"], "psn_no": idn}})
    assert ytd(huow_factory, idn) == dict.fromkeys(
        ("act_pay_dedc", "hifp_pay", "hifob_pay", "cvlserv_pay", "settlements"), 0
    )


def test_2601_reverses_a_lost_settlement(hospital, person, huow_factory):
    idn, mdtrt_id, medfee = stay(hospital, person)
    env = hospital.envelope("2304", settle_data(idn, mdtrt_id, medfee))
    lost = hospital.send(env)  # the answer never reached the HIS
    q = hospital.ok(
        "5203",
        {"data": {"psn_no": idn, "setl_id": lost["output"]["setlinfo"]["setl_id"], "mdtrt_id": mdtrt_id}},
    )
    assert q["output"]["setlinfo"]["vali_flag"] == "1"
    rev = hospital.ok("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2304"}})
    assert rev["output"]["rslt"] == "1"
    assert ytd(huow_factory, idn)["hifp_pay"] == 0 and ytd(huow_factory, idn)["settlements"] == 0
    again = hospital.call("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2304"}})
    assert again["infcode"] == -1 and "已被" in again["err_msg"]
    assert (
        "oinfno"
        in hospital.call("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2301"}})[
            "err_msg"
        ]
    )
    q = hospital.ok(
        "5203",
        {"data": {"psn_no": idn, "setl_id": lost["output"]["setlinfo"]["setl_id"], "mdtrt_id": mdtrt_id}},
    )
    assert q["output"]["setlinfo"]["vali_flag"] == "0"
    hospital.ok("2304", settle_data(idn, mdtrt_id, medfee))  # the stay can be settled again


def test_2601_before_the_original_arrives_blocks_it(hospital, person, huow_factory):
    idn, mdtrt_id, medfee = stay(hospital, person)
    env = hospital.envelope("2304", settle_data(idn, mdtrt_id, medfee))
    rev = hospital.ok("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2304"}})
    assert rev["output"]["rslt"] == "0" and "未到达" in rev["warn_msg"]
    late = hospital.send(env)
    assert late["infcode"] == -1 and "冲正" in late["err_msg"]
    assert count_settlements(huow_factory) == 0


def test_2601_reverses_an_admission(hospital, person, uow):
    idn = person()
    hospital.insuplc = "211200"
    env = hospital.envelope("2401", admission(idn))
    mdtrt_id = hospital.send(env)["output"]["result"]["mdtrt_id"]
    hospital.ok("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2401"}})
    err = hospital.call("2301", fees(idn, mdtrt_id))
    assert err["infcode"] == -1 and "cancelled" in err["err_msg"]
    with uow:
        assert [str(f.status) for f in uow.persons.get(idn).filings] == ["cancelled"]


def test_2601_of_a_failed_original_needs_nothing(hospital, person, huow_factory):
    idn, mdtrt_id, _ = stay(hospital, person)
    env = hospital.envelope("2304", settle_data(idn, mdtrt_id, "1.00"))
    assert hospital.send(env)["infcode"] == -1
    rev = hospital.ok("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2304"}})
    assert rev["output"]["rslt"] == "0" and "无需冲正" in rev["warn_msg"]
    assert count_settlements(huow_factory) == 0


def test_a_msgid_reused_for_another_transaction_is_refused(hospital, person, huow_factory):
    idn, mdtrt_id, medfee = stay(hospital, person)
    env = hospital.envelope("2304", settle_data(idn, mdtrt_id, medfee))
    first = hospital.send(env)
    assert first["infcode"] == 0
    query = {
        **env,
        "infno": "5203",
        "input": {"data": {"psn_no": hospital.psn_no(idn), "mdtrt_id": mdtrt_id}},
    }
    refused = hospital.send(query)
    assert refused["infcode"] == -1 and "已用于交易 2304" in refused["err_msg"]
    assert count_settlements(huow_factory) == 1 and ytd(huow_factory, idn)["settlements"] == 1
