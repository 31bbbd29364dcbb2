"""Seed 004 一(二): the 待遇差 enjoyed under a commitment filing that is then revoked "在参保人后续医保
结算时予以扣减" — at a later direct settlement too, not only from a manual claim's payment. The
deduction is a negative 其他支出 line the person pays in cash (A-SET-19); the funds' own amounts and
the year-to-date accumulators stay the kernel's; a reversal makes the amount due again and 2601
deducts it again."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hospital_flow import admission, fees, settle_data, total
from tests.integration.hospital.test_hospital_clawback import commitment_filing, settle_stay

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.filing.settlements import clawback_due
from yidi.domain.national.identities import violations
from yidi.service_layer import filing_services as fs

JOB = Actor("job", Role.SYSTEM, Channel.SYSTEM)


def fen(text: str) -> int:
    return int(Decimal(text) * 100)


def due(uow, idn):
    with uow:
        total_due, refs = clawback_due(uow.persons.get(idn))
        return total_due, [r.settlement_id for r in refs]


def test_a_later_direct_settlement_deducts_the_benefit_difference(hospital, person, uow, clock):
    idn = person()
    commitment_filing(hospital, idn, clock)
    _, first = settle_stay(hospital, idn)
    owed = fen(next(e for e in first["explanation"] if e["field"] == "benefit_difference")["amount"])
    clock.today = date(2026, 8, 1)  # the commitment is broken: revoked, the difference falls due
    fs.run_deadlines(uow, JOB)
    assert due(uow, idn) == (owed, [first["setlinfo"]["setl_id"]])

    clock.today = date(2027, 8, 2)  # after the suspension of direct settlement (seed 001 三(二).3)
    mdtrt_id = hospital.ok("2401", admission(idn, ipt_no="ZY0009"))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    pre = hospital.ok("2303", settle_data(idn, mdtrt_id, total(body)))["output"]
    assert fen(pre["setlinfo"]["oth_pay"]) == -owed and due(uow, idn)[0] == owed  # 2303 shows, stores nothing
    out = hospital.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]
    s = out["setlinfo"]
    assert fen(s["oth_pay"]) == -owed
    funds = fen(s["hifp_pay"]) + fen(s["hifob_pay"]) + fen(s["cvlserv_pay"])
    assert fen(s["fund_pay_sumamt"]) == funds - owed
    assert fen(s["psn_part_amt"]) == fen(s["medfee_sumamt"]) - funds + owed
    assert violations(s, out["setldetail"]) == []
    item = next(e for e in out["explanation"] if e["field"] == "clawback_deducted")
    assert "后续医保结算时予以扣减" in item["rule"] and item["assumption_id"] == "A-SET-19"
    assert due(uow, idn) == (0, [])

    # the reversal makes it due again; 2601 of the reversal deducts it again
    env = hospital.envelope("2305", {"data": {"mdtrt_id": mdtrt_id, "setl_id": s["setl_id"], "psn_no": idn}})
    assert hospital.send(env)["infcode"] == 0
    assert due(uow, idn) == (owed, [first["setlinfo"]["setl_id"]])
    hospital.ok("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2305"}})
    assert due(uow, idn) == (0, [])


def test_nothing_is_deducted_without_a_revoked_commitment(hospital, person, uow):
    idn = person()
    hospital.insuplc = "211200"
    _, out = settle_stay(hospital, idn)
    assert out["setlinfo"]["oth_pay"] == "0.00"
    assert all(e["field"] != "clawback_deducted" for e in out["explanation"])
