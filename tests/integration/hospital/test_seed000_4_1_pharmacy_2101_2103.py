"""Seed 000 四(一) at a designated retail pharmacy: 2101 药店预结算 stores nothing, 2102 药店结算
settles a 省直 member's purchase from the personal account without a filing (no fund share), 2103
reverses it exactly (account and accumulators restored); a 铁岭 member without a filing is refused."""

from __future__ import annotations

from decimal import Decimal

from hospital_his import His
from tests.integration.hospital.conftest import add_hospital

DRUGS = [("XC10AAA059A001010100000", "30", "9.9")]  # 他汀, 乙类


def pharmacy(huow_factory, insuplc: str) -> His:
    add_hospital(huow_factory, "H21020000009", "1", "大连演示定点药店")
    his = His(huow_factory, "H21020000009", "210200")
    his.sign_in()
    his.insuplc = insuplc
    return his


def purchase(idn: str, total: str = "297.00") -> dict:
    return {
        "data": {"psn_no": idn, "mdtrt_cert_type": "02", "mdtrt_cert_no": idn, "insutype": "310",
                 "medfee_sumamt": total, "acct_used_flag": "1"},
        "drugdetail": [{"feedetl_sn": f"D{i:03d}", "med_list_codg": code, "medins_list_codg": f"P-{code[:8]}",
                        "cnt": cnt, "pric": pric, "det_item_fee_sumamt": str(Decimal(cnt) * Decimal(pric)),
                        "rxno": "", "rx_circ_flag": "0"} for i, (code, cnt, pric) in enumerate(DRUGS)],
    }  # fmt: skip


def balance(huow_factory, idn: str) -> int:
    with huow_factory() as uow:
        return int(uow.hospital.person_row(idn)["account_balance_fen"])


def test_pharmacy_purchase_from_the_account_and_its_reversal(person, huow_factory):
    shop = pharmacy(huow_factory, "219900")
    idn = person(region="219900", balance=20_000)  # 200 yuan
    pre = shop.ok("2101", purchase(idn))["output"]["setlinfo"]
    assert pre["fund_pay_sumamt"] == "0.00" and pre["acct_pay"] == "200.00" and pre["psn_cash_pay"] == "97.00"
    assert balance(huow_factory, idn) == 20_000  # 2101 stores nothing
    out = shop.ok("2102", purchase(idn))["output"]
    s = out["setlinfo"]
    assert (s["fund_pay_sumamt"], s["acct_pay"], s["psn_cash_pay"]) == ("0.00", "200.00", "97.00")
    assert any("四(一)" in str(e) for e in out["explanation"])
    assert balance(huow_factory, idn) == 0
    shop.ok("2103", {"data": {"setl_id": s["setl_id"], "psn_no": idn}})
    assert balance(huow_factory, idn) == 20_000


def test_tieling_member_without_a_filing_is_refused(person, huow_factory):
    shop = pharmacy(huow_factory, "211200")
    idn = person()
    refused = shop.call("2102", purchase(idn))
    assert refused["infcode"] == -1 and "四(一)" in refused["err_msg"]


def test_2601_reverses_2102_and_2103(person, huow_factory):
    shop = pharmacy(huow_factory, "219900")
    idn = person(region="219900", balance=20_000)
    env = shop.envelope("2102", purchase(idn))
    assert shop.send(env)["infcode"] == 0 and balance(huow_factory, idn) == 0
    shop.ok("2601", {"data": {"psn_no": idn, "omsgid": env["msgid"], "oinfno": "2102"}})
    assert balance(huow_factory, idn) == 20_000  # the purchase is undone
    s = shop.ok("2102", purchase(idn))["output"]["setlinfo"]
    cancel = shop.envelope("2103", {"data": {"setl_id": s["setl_id"], "psn_no": idn}})
    assert shop.send(cancel)["infcode"] == 0 and balance(huow_factory, idn) == 20_000
    shop.ok("2601", {"data": {"psn_no": idn, "omsgid": cancel["msgid"], "oinfno": "2103"}})
    assert balance(huow_factory, idn) == 0  # the cancelled purchase stands again
