"""Two settlements of one person at the same moment can never both use the same remaining annual
cap (issue 5 §5): the person row is locked (``SELECT … FOR UPDATE`` on PostgreSQL, the write
lock of ``BEGIN IMMEDIATE`` on SQLite) before the accumulators are read."""

from __future__ import annotations

import threading
from decimal import Decimal

from hospital_flow import admission, discharge, fees, settle_data, total
from hospital_his import His

CAP = 150_000_00  # 铁岭 employee pooled-fund annual cap (fen)
LEFT = 1_000_00


def test_concurrent_settlements_share_the_remaining_cap(hospital, person, huow_factory):
    idn = person()
    hospital.insuplc = "211200"
    stays = []
    for ipt, begin, end in (("ZY1", "01-05", "01-06"), ("ZY2", "01-07", "01-08")):
        stay = admission(idn, ipt_no=ipt, begntime=f"2026-{begin} 09:30:00")
        mdtrt_id = hospital.ok("2401", stay)["output"]["result"]["mdtrt_id"]
        body = fees(idn, mdtrt_id)
        hospital.ok("2301", body)
        # one stay at a time: the first is discharged before the second admission
        hospital.ok("2402", discharge(idn, mdtrt_id, f"2026-{end} 09:00:00"))
        stays.append((mdtrt_id, total(body)))
    with huow_factory() as uow:
        uow.persons.get(idn, for_update=True)
        uow.hospital.add_to_ytd(idn, 2026, {"hifp_pay": CAP - LEFT}, 0)
        uow.commit()

    barrier, results = threading.Barrier(2), []

    def settle(mdtrt_id: str, medfee: str) -> None:
        his = His(huow_factory, hospital.code, hospital.region)
        his.sign_no, his.insuplc = hospital.sign_no, "211200"
        env = his.envelope("2304", settle_data(idn, mdtrt_id, medfee))
        barrier.wait()
        results.append(his.send(env))

    threads = [threading.Thread(target=settle, args=stay) for stay in stays]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r["infcode"] for r in results] == [0, 0], [r["err_msg"] for r in results]
    paid = sorted(Decimal(r["output"]["setlinfo"]["hifp_pay"]) for r in results)
    assert paid == [Decimal("0.00"), Decimal("1000.00")]
    with huow_factory() as uow:
        acc = uow.hospital.ytd(idn, 2026)
    assert acc["hifp_pay"] == CAP and acc["settlements"] == 2


def test_the_same_msgid_twice_at_once_settles_once(hospital, person, huow_factory):
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    env = hospital.envelope("2304", settle_data(idn, mdtrt_id, total(body)))
    barrier, results = threading.Barrier(2), []

    def send() -> None:
        barrier.wait()
        results.append(hospital.send(env))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == results[1] and results[0]["infcode"] == 0
    with huow_factory() as uow:
        assert uow.hospital.ytd(idn, 2026)["settlements"] == 1
        assert len(uow.hospital.settlements_of_visit(mdtrt_id)) == 1
