"""A settlement under a commitment filing records its benefit difference on the filing (second
kernel run at the temporary standard); a revoked commitment then exposes the amount due; a
reversal drops the reference and 2601 of the reversal records it again."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hospital_flow import admission, fees, settle_data, total
from tests.integration.hospital.test_hospital_filings import designation

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.filing.settlements import clawback_due
from yidi.domain.settlement.request import parse_request
from yidi.service_layer import filing_services as fs
from yidi.service_layer.desk import settle_request


def refs(uow, idn):
    with uow:
        return [(s.settlement_id, s.benefit_difference_fen, s.under_commitment)
                for f in uow.persons.get(idn).filings for s in f.settlements]  # fmt: skip


def commitment_filing(hospital, idn, clock):
    """A long-term filing for Shenyang under the commitment (no materials yet), from 2026-01-02."""
    hospital.insuplc = "211200"
    clock.today = date(2026, 1, 2)
    hospital.ok("2505", designation(idn, hospital.code, begndate="2026-01-02"))
    clock.today = date(2026, 1, 10)


def settle_stay(hospital, idn, ipt_no="ZY0001"):
    mdtrt_id = hospital.ok("2401", admission(idn, ipt_no=ipt_no))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    return mdtrt_id, hospital.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]


def test_settlement_under_commitment_records_the_difference(hospital, person, uow, clock):
    idn = person()
    commitment_filing(hospital, idn, clock)
    _, out = settle_stay(hospital, idn)
    s = out["setlinfo"]
    owed = [e for e in out["explanation"] if e["field"] == "benefit_difference"]
    assert len(owed) == 1 and "临时外出就医" in owed[0]["rule"]
    diff = int(Decimal(owed[0]["amount"]) * 100)
    assert diff > 0
    assert diff == int(Decimal(s["fund_pay_sumamt"]) * 100) - int(
        Decimal(owed[0]["values"]["baseline_fund_pay_sumamt"]) * 100
    )
    assert refs(uow, idn) == [(s["setl_id"], diff, True)]
    # an independent kernel run at the temporary standard gives the same baseline
    req = parse_request({"insuplc_admdvs": "211200", "mdtrtarea_admvs": "210100", "insutype": "310", "psn_type": "12",
                         "cvlserv_flag": "0", "filing_category": "temporary", "hosp_lv": "3", "setl_time": "2026-01-10",
                         "med_type": "21", "medfee_sumamt": s["medfee_sumamt"], "fulamt_ownpay_amt": s["fulamt_ownpay_amt"],
                         "overlmt_selfpay": s["overlmt_selfpay"], "preselfpay_amt": s["preselfpay_amt"],
                         "inscp_scp_amt": s["inscp_scp_amt"], "acct_used_flag": "1", "acct_balc": "1500.00"})  # fmt: skip
    base = settle_request(req).amounts["fund_pay_sumamt"]
    assert owed[0]["values"]["baseline_fund_pay_sumamt"] == f"{Decimal(base) / 100:.2f}"
    # the commitment is not honoured: the filing is revoked and the difference becomes due
    clock.today = date(2026, 8, 1)
    fs.run_deadlines(uow, Actor("job", Role.SYSTEM, Channel.SYSTEM))
    with uow:
        due, due_refs = clawback_due(uow.persons.get(idn))
        due_ids = [r.settlement_id for r in due_refs]
    assert due == diff and due_ids == [s["setl_id"]]


def test_reversal_drops_the_reference_and_2601_restores_it(hospital, person, uow, clock):
    idn = person()
    commitment_filing(hospital, idn, clock)
    mdtrt_id, out = settle_stay(hospital, idn)
    before = refs(uow, idn)
    assert len(before) == 1
    env = hospital.envelope(
        "2305", {"data": {"mdtrt_id": mdtrt_id, "setl_id": out["setlinfo"]["setl_id"], "psn_no": idn}}
    )
    assert hospital.send(env)["infcode"] == 0
    assert refs(uow, idn) == []
    hospital.ok("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2305"}})
    assert refs(uow, idn) == before


def test_no_reference_without_a_commitment(hospital, person, uow):
    idn = person()
    hospital.insuplc = "211200"
    _, out = settle_stay(hospital, idn)  # 即申即享 temporary filing: already the baseline standard
    assert refs(uow, idn) == [] and all(e["field"] != "benefit_difference" for e in out["explanation"])
