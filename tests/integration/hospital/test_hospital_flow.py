"""The whole inpatient flow through the national interface: 1101 → 2401 → 2301 → 2303 → 2304
→ 5203 → 2305 → 3201, with the identities on every settlement and the accumulators."""

from __future__ import annotations

from decimal import Decimal

from hospital_flow import admission, fees, settle_data, total
from sqlalchemy import select

from yidi.adapters.orm_hospital import ytd_accumulators
from yidi.domain.national.identities import violations


def ytd_row(factory, idn):
    with factory() as uow:
        row = (
            uow.session.execute(select(ytd_accumulators).where(ytd_accumulators.c.id_number == idn))
            .mappings()
            .first()
        )
        return dict(row) if row else None


def balance(factory, idn):
    with factory() as uow:
        return uow.persons.get(idn).account_balance_fen


def test_full_flow(hospital, person, huow_factory):
    idn = person()
    info = hospital.ok("1101", {"data": {"mdtrt_cert_type": "02", "mdtrt_cert_no": idn, "psn_name": "张三"}})
    insu = info["output"]["insuinfo"][0]
    psn = info["output"]["baseinfo"]["psn_no"]
    # psn_no is the platform's opaque person number (issue 14 item 3), not the ID number; the HIS
    # takes it from 1101 and sends it as given from here on
    assert insu["insuplc_admdvs"] == "211200" and psn != idn and idn not in psn and len(psn) <= 30
    assert info["output"]["baseinfo"]["certno"] == idn
    hospital.insuplc, hospital.learn_psn_no = insu["insuplc_admdvs"], False

    adm = hospital.ok("2401", admission(psn, mdtrt_cert_no=idn))
    mdtrt_id = adm["output"]["result"]["mdtrt_id"]
    assert len(mdtrt_id) == 30

    body = fees(psn, mdtrt_id)
    up = hospital.ok("2301", body)
    rows = {r["feedetl_sn"]: r for r in up["output"]["result"]}
    assert rows["F0001"]["overlmt_amt"] == "120.00" and rows["F0001"]["chrgitm_lv"] == "1"
    assert rows["F0002"]["preselfpay_amt"] == "1800.00" and rows["F0002"]["selfpay_prop"] == "0.1000"
    assert rows["F0003"]["overlmt_amt"] == "200.00" and rows["F0003"]["preselfpay_amt"] == "280.00"
    assert rows["F0005"]["fulamt_ownpay_amt"] == "2480.00"
    for r in rows.values():
        parts = sum(
            Decimal(r[k]) for k in ("fulamt_ownpay_amt", "overlmt_amt", "preselfpay_amt", "inscp_scp_amt")
        )
        assert parts == Decimal(r["det_item_fee_sumamt"])

    medfee = total(body)
    pre = hospital.ok("2303", settle_data(psn, mdtrt_id, medfee))
    assert "setl_id" not in pre["output"]["setlinfo"]
    assert ytd_row(huow_factory, idn) is None  # 2303 stores nothing

    setl = hospital.ok(
        "2304",
        settle_data(
            psn,
            mdtrt_id,
            medfee,
            **{
                k: pre["output"]["setlinfo"][k]
                for k in ("fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt")
            },
        ),
    )
    info = setl["output"]["setlinfo"]
    assert violations(info, setl["output"]["setldetail"]) == []
    assert info["medfee_sumamt"] == medfee and info["medins_setl_id"] and info["clr_type"] == "21"
    assert all(d["setl_proc_info"] for d in setl["output"]["setldetail"])
    assert {k: info[k] for k in info if k in pre["output"]["setlinfo"] and k != "setl_time"} == {
        k: v for k, v in pre["output"]["setlinfo"].items() if k not in ("setl_time", "medins_setl_id")
    } | {"medins_setl_id": info["medins_setl_id"]}
    acc = ytd_row(huow_factory, idn)
    assert acc is not None and acc["hifp_pay"] == int(Decimal(info["hifp_pay"]) * 100)
    assert acc["act_pay_dedc"] == int(Decimal(info["act_pay_dedc"]) * 100) and acc["settlements"] == 1
    assert balance(huow_factory, idn) == 150_000 - int(Decimal(info["acct_pay"]) * 100)

    q = hospital.ok("5203", {"data": {"psn_no": psn, "setl_id": info["setl_id"], "mdtrt_id": mdtrt_id}})
    assert (
        q["output"]["setlinfo"]["pay_loc"] == "3" and q["output"]["setlinfo"]["hifp_pay"] == info["hifp_pay"]
    )

    recon = {"insutype": "310", "clr_type": "21", "setl_optins": "210100", "stmt_begndate": "2026-01-01",
             "stmt_enddate": "2026-01-31", "medfee_sumamt": medfee, "fund_pay_sumamt": info["fund_pay_sumamt"],
             "acct_pay": info["acct_pay"], "fixmedins_setl_cnt": "1", "refd_setl_flag": "0"}  # fmt: skip
    assert hospital.ok("3201", {"data": recon})["output"]["stmtinfo"]["stmt_rslt"] == "0"

    cancel = hospital.ok("2305", {"data": {"mdtrt_id": mdtrt_id, "setl_id": info["setl_id"], "psn_no": psn}})
    rev = cancel["output"]["setlinfo"]
    assert rev["setl_id"] != info["setl_id"] and rev["medfee_sumamt"] == "-" + medfee
    acc = ytd_row(huow_factory, idn)
    assert acc is not None
    assert (
        acc["hifp_pay"],
        acc["hifob_pay"],
        acc["cvlserv_pay"],
        acc["act_pay_dedc"],
        acc["settlements"],
    ) == (0, 0, 0, 0, 0)
    assert balance(huow_factory, idn) == 150_000

    # after the cancel: with refunds the period nets to zero in two records; without, nothing is valid
    assert (
        hospital.ok(
            "3201",
            {
                "data": {
                    **recon,
                    "refd_setl_flag": "1",
                    "medfee_sumamt": "0.00",
                    "fund_pay_sumamt": "0.00",
                    "acct_pay": "0.00",
                    "fixmedins_setl_cnt": "2",
                }
            },
        )["output"]["stmtinfo"]["stmt_rslt"]
        == "0"
    )
    assert hospital.ok("3201", {"data": recon})["output"]["stmtinfo"]["stmt_rslt"] == "2"

    # the lines are free again: the stay can be settled anew, with the same result
    again = hospital.ok("2304", settle_data(psn, mdtrt_id, medfee))
    assert again["output"]["setlinfo"]["hifp_pay"] == info["hifp_pay"]


def test_2304_checks_the_2303_amounts_it_carries_to_the_fen(hospital, person):
    """2304 may echo 2303's split (reference: 2304 input carries the 2303 amounts); yidi compares
    them in fen with what it computes now (typed, issue 14 item 4) and refuses any difference."""
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    pre = hospital.ok("2303", settle_data(idn, mdtrt_id, total(body)))["output"]["setlinfo"]
    echo = {k: pre[k] for k in ("fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt")}
    off = {**echo, "preselfpay_amt": str(Decimal(pre["preselfpay_amt"]) + Decimal("0.01"))}
    bad = hospital.call("2304", settle_data(idn, mdtrt_id, total(body), **off))
    assert bad["infcode"] == -1 and "input.data.preselfpay_amt" in bad["err_msg"]
    assert pre["preselfpay_amt"] in bad["err_msg"]
    ok = hospital.ok("2304", settle_data(idn, mdtrt_id, total(body), **echo))["output"]["setlinfo"]
    assert {k: ok[k] for k in echo} == echo
