"""Shared by the settlement lookup tests: the demo settlements by role, and a paid manual claim."""

from __future__ import annotations

from typing import Any

from yidi.domain.actors import Actor, Channel, Role
from yidi.service_layer import claims_services as cs
from yidi.service_layer import settlement_queries as sq
from yidi.service_layer.demo_seed import HOSPITALS, PERSONS

CLERK = Actor("li", Role.STAFF, Channel.COUNTER)
CHIEF = Actor("zhao", Role.STAFF, Channel.COUNTER)
CANBAO = PERSONS[0].id_number  # the demo insured account (settled in Chaoyang)
TIELING = PERSONS[4].id_number  # settled, reversed and settled again at the demo hospital account's hospital
YIYUAN = HOSPITALS[0][0]


def demo(factory: Any) -> dict[str, dict[str, Any]]:
    """The demo settlements by role: canbao's, and the Tieling resident's original, reversal, resettlement."""
    rows = sq.search_settlements(factory(), {})["items"]
    tieling = [r for r in rows if r["id_number"] == TIELING]
    return {
        "canbao": next(r for r in rows if r["id_number"] == CANBAO),
        "cancelled": next(r for r in tieling if r["status"] == "cancelled"),
        "reversal": next(r for r in tieling if r["kind"] == "reversal"),
        "valid": next(r for r in tieling if r["kind"] == "settle" and r["status"] == "valid"),
    }


def paid_claim(factory: Any, idn: str = CANBAO) -> str:
    """A 未持卡 emergency inpatient claim in Beijing, accepted, reviewed, approved and paid."""
    bill = {
        "medfee_sumamt": "12000.00", "fulamt_ownpay_amt": "500.00", "overlmt_selfpay": "0.00",
        "preselfpay_amt": "300.00", "inscp_scp_amt": "11200.00", "hosp_lv": "3", "treatment_region": "110100",
        "care_start": "2026-01-02", "care_end": "2026-01-08",
    }  # fmt: skip
    materials = ["inpatient_record_original", "medical_receipts", "fee_details", "card_or_id_copy"]
    evidence = {"disease": "shock", "facts": {"systolic_bp": 78, "lactate": 3.4}}
    claim = cs.submit_claim(
        factory(),
        CLERK,
        idn,
        claim_type="inpatient_emergency",
        bill=bill,
        evidence=evidence,
        materials=materials,
    )
    cid = str(claim["id"])
    cs.accept_claim(factory(), CLERK, cid)
    cs.review_claim(factory(), CLERK, cid)
    cs.approve_claim(factory(), CHIEF, cid)
    cs.pay_claim(factory(), CHIEF, cid)
    return cid
