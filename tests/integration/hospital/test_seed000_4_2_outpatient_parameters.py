"""Seed 000 四(二) / 铁岭指南 三(五): an outpatient settlement (2206/2207) under a filing is priced
with outpatient parameters (A-SET-22: 门诊统筹 no deductible, 50 %; 门诊慢特病 no deductible, the
category's ratio), not the inpatient deductible and ratio."""

from __future__ import annotations

from outpatient_flow import filed_person, otp_fees, otp_settle, registration, visit_info


def settle(hospital, idn, med_type: str, otp_no: str) -> dict:
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2201", registration(idn, otp_no))["output"]["data"]["mdtrt_id"]
    extra = {"dise_codg": "M00100", "dise_name": "高血压"} if med_type == "14" else {}
    hospital.ok("2203", visit_info(idn, mdtrt_id, med_type=med_type, **extra))
    body = otp_fees(idn, mdtrt_id)
    hospital.ok("2204", body)
    from decimal import Decimal

    total = sum(Decimal(r["det_item_fee_sumamt"]) for r in body["feedetail"])
    return hospital.ok("2207", otp_settle(idn, mdtrt_id, str(total), med_type=med_type))["output"]


def test_outpatient_pooling_uses_outpatient_parameters(hospital, person, uow, clock):
    idn = filed_person(person, uow, clock)
    out = settle(hospital, idn, "11", "MZ0101")
    s = out["setlinfo"]
    assert s["act_pay_dedc"] == "0.00" and s["pool_prop_selfpay"] == "0.5000"  # inpatient: 700 / 90 %
    assert "A-SET-22" in str(out["explanation"])


def test_chronic_visits_use_the_category_ratio_without_deductible(hospital, person, uow, clock):
    idn = filed_person(person, uow, clock)
    s = settle(hospital, idn, "14", "MZ0102")["setlinfo"]
    assert s["act_pay_dedc"] == "0.00" and s["pool_prop_selfpay"] == "0.9000"  # 铁岭 local, retired
