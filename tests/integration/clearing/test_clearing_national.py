"""The hospital's clearing transactions through the national dispatcher: 3260 pages, 3261
confirm/reject (others' settlements and wrong amounts refused by name), 3262 roll-back by the
3261's inf_refmsgid, 3203 application (refused unless its figures equal ours), 3204, 3205A."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine
from tests.fakes import Clock
from tests.integration.clearing.world import PAIRS, World
from tests.integration.hospital.hospital_his import His

from yidi.adapters.db import session_factory
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.statement import LineStatus, statement_id
from yidi.service_layer.hospital.uow import HospitalUnitOfWork

JAN = Month(2026, 1)
CODE = "H21010000001"  # treated in 210100: PAIRS[1] is (211200 → 210100)


@pytest.fixture
def his(engine: Engine, clock: Clock) -> His:
    clock.today = date(2026, 2, 7)
    sessions = session_factory(engine)

    def factory() -> HospitalUnitOfWork:
        return HospitalUnitOfWork(sessions, clock=clock)

    with engine.begin() as conn:
        World(conn).setup()
    h = His(factory, CODE, "210100")
    h.sign_in()
    return h


@pytest.fixture
def settled(engine: Engine) -> dict[str, Any]:
    with engine.begin() as conn:
        w = World(conn).setup()
        mine = [w.settle(PAIRS[1], 0, datetime(2026, 1, 1 + d % 28, 8, d % 60), 1_000 + d, 100, 50)
                for d in range(105)]  # fmt: skip
        other = w.settle(PAIRS[1], 1, datetime(2026, 1, 9, 8), 9_000, 0, 100)  # the other hospital
    return {"mine": mine, "other": other}


def _build(engine: Engine) -> None:
    from yidi.adapters.clearing_repository import ClearingRepository

    with engine.begin() as conn:
        ClearingRepository(conn).build_month(JAN, date(2026, 2, 6))


def _failed(resp: dict[str, Any]) -> str:
    assert resp["infcode"] == -1, resp
    return str(resp["err_msg"])


def test_details_confirm_and_roll_back(engine: Engine, his: His, settled: dict[str, Any], uow_factory: Callable[[], Any]) -> None:  # fmt: skip
    period = {"trt_year": "2026", "trt_month": "01"}
    assert "尚未清分" in _failed(his.call("3260", {"data": {**period, "startrow": "1"}}))
    _build(engine)
    first = his.ok("3260", {"data": {**period, "startrow": "1"}})["output"]
    assert first["totalrow"] == 105 and len(first["data"]) == 100
    row = first["data"][0]
    assert row["medins_no"] == CODE and row["mdtrtarea"] == "210100" and row["seqno"] == 1
    assert row["optins_pay_sumamt"] == "11.00"  # fund 10.00 + account 1.00 (A-CLR-13)
    rest = his.ok("3260", {"data": {**period, "startrow": "101"}})["output"]["data"]
    assert [r["seqno"] for r in rest] == [101, 102, 103, 104, 105]
    every = first["data"] + rest
    assert settled["other"].setl_id not in {r["setl_sn"] for r in every}

    def detail(r: dict[str, Any], flag: str, **over: str) -> dict[str, Any]:
        keys = ("certno", "mdtrt_id", "mdtrt_setl_time", "setl_sn", "medfee_sumamt", "optins_pay_sumamt")
        return {**{k: r[k] for k in keys}, "cnfm_flag": flag, **over}

    foreign = {**detail(row, "1"), "setl_sn": settled["other"].setl_id}
    msg = _failed(his.call("3261", {"data": {**period, "totalrow": "1"}, "detail": [foreign]}))
    assert settled["other"].setl_id in msg and "不是本机构" in msg
    wrong = detail(row, "1", optins_pay_sumamt="12.00")
    assert "相差 1.00 元" in _failed(his.call("3261", {"data": period, "detail": [wrong]}))
    ok = his.ok("3261", {"data": {**period, "totalrow": "2"},
                         "detail": [detail(every[0], "1"), detail(every[1], "0", memo="患者对费用有异议")]})  # fmt: skip
    assert ok["output"]["result"] == {"totalrow": 2, "cnfm_cnt": 1, "reject_cnt": 1}
    sid = statement_id(JAN, *PAIRS[1])
    with uow_factory() as uow:
        lines = {x.setl_id: x.status for x in uow.clearing.lines(sid)}
        assert lines[every[1]["setl_sn"]] is LineStatus.CARRIED
        assert uow.clearing.statement(sid).disputed_amount == int(
            every[1]["optins_pay_sumamt"].replace(".", "")
        )
    his.ok("3262", {"data": {**period, "otransid": ok["inf_refmsgid"]}})
    with uow_factory() as uow:
        assert uow.clearing.statement(sid).disputed_amount == 0
    assert "未找到" in _failed(his.call("3262", {"data": {**period, "otransid": ok["inf_refmsgid"]}}))


def test_application_cancel_and_status(engine: Engine, his: His, settled: dict[str, Any]) -> None:
    n = len(settled["mine"])
    fund = sum(1_000 + d for d in range(n))
    body = {"clr_type": "21", "setlym": "202601", "psntime": str(n), "medfee_sumamt": f"{(fund + 150 * n) / 100:.2f}",
            "med_sumfee": f"{(fund + 150 * n) / 100:.2f}", "fund_appy_sum": f"{fund / 100:.2f}",
            "cash_payamt": f"{50 * n / 100:.2f}", "acct_pay": f"{100 * n / 100:.2f}",
            "begndate": "2026-01-01", "enddate": "2026-01-31"}  # fmt: skip
    msg = _failed(his.call("3203", {"data": {**body, "fund_appy_sum": "1.00"}}))
    assert "fund_appy_sum 相差" in msg
    evt = his.ok("3203", {"data": body})["output"]["result"]["clr_appy_evt_id"]
    status = his.ok("3205A", {"data": {"clr_ym": "202601"}})["output"]["data"]
    assert [(s["clr_appy_evt_id"], s["clr_stas"]) for s in status] == [(evt, "10")]
    his.ok("3204", {"data": {"clr_appy_evt_id": evt}})
    assert his.ok("3205A", {"data": {"clr_ym": "202601"}})["output"]["data"] == []
    evt2 = his.ok("3203", {"data": body})["output"]["result"]["clr_appy_evt_id"]
    _build(engine)
    from yidi.adapters.clearing_repository import ClearingRepository

    with engine.begin() as conn:
        ClearingRepository(conn).confirm(statement_id(JAN, *PAIRS[1]), date(2026, 2, 8))
    status = his.ok("3205A", {"data": {"clr_ym": "202601"}})["output"]["data"]
    assert [(s["clr_appy_evt_id"], s["clr_stas"]) for s in status] == [(evt2, "20")]
    assert "不能撤销" in _failed(his.call("3204", {"data": {"clr_appy_evt_id": evt2}}))
