"""Seed 000 四(一): 省直 members need no filing to pay outpatient costs from the personal account
("无需备案…使用个人账户基金直接结算"): 2201 registers them without a filing, 2207 settles with no
fund share and the account paying within its balance; 铁岭 has no such rule and is still refused."""

from __future__ import annotations

from decimal import Decimal

from hospital_his import His
from outpatient_flow import otp_fees, otp_settle, registration, visit_info
from tests.integration.hospital.conftest import add_hospital


def dalian(huow_factory, insuplc: str) -> His:
    add_hospital(huow_factory, "H21020000001", "3", "大连演示三级医院")
    his = His(huow_factory, "H21020000001", "210200")
    his.sign_in()
    his.insuplc = insuplc
    return his


def test_provincial_member_settles_outpatient_costs_from_the_account(person, huow_factory):
    his = dalian(huow_factory, "219900")
    idn = person(region="219900", balance=50_000)  # 500 yuan in the account
    mdtrt_id = his.ok("2201", registration(idn))["output"]["data"]["mdtrt_id"]
    his.ok("2203", visit_info(idn, mdtrt_id))
    body = otp_fees(idn, mdtrt_id)
    his.ok("2204", body)
    total = sum(Decimal(r["det_item_fee_sumamt"]) for r in body["feedetail"])
    out = his.ok("2207", otp_settle(idn, mdtrt_id, str(total)))["output"]
    s = out["setlinfo"]
    assert s["fund_pay_sumamt"] == "0.00" and s["hifp_pay"] == "0.00"
    assert Decimal(s["acct_pay"]) == min(Decimal("500.00"), total)
    assert Decimal(s["psn_cash_pay"]) == total - Decimal(s["acct_pay"])
    assert any("四(一)" in str(e) for e in out["explanation"])


def test_tieling_member_without_a_filing_is_still_refused(person, huow_factory):
    his = dalian(huow_factory, "211200")
    idn = person()
    refused = his.call("2201", registration(idn))
    assert refused["infcode"] == -1 and "备案" in refused["err_msg"]
