"""``yidi clearing run|show`` and ``yidi ledger check`` on a real database (SQLite, and
PostgreSQL when configured): the keys and formats the issue fixes, idempotent runs, the open
month refused naming the day it closes, and two runs at once building the month once."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from typing import Any

import pytest
import typer
from sqlalchemy import Engine, func, select
from tests.integration.clearing.world import PAIRS, World
from typer.testing import CliRunner

from yidi.adapters.db import session_factory
from yidi.adapters.orm_clearing import lines
from yidi.entrypoints.cli import clearing
from yidi.service_layer import clearing as services
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

STATEMENT_KEYS = ["insuplc_admdvs", "mdtrtarea_admvs", "psntime", "medfee_sumamt", "fund_pay_sumamt", "acct_pay",
                  "cash_payamt", "funds", "clr_stas"]  # fmt: skip
LINE_KEYS = [
    "setl_id",
    "mdtrt_id",
    "psn_no",
    "setl_time",
    "medfee_sumamt",
    "fund_pay_sumamt",
    "refd_setl_flag",
]


@pytest.fixture
def cli(db_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("YIDI_DATABASE_URL", db_url)
    runner = CliRunner()
    root = typer.Typer()
    root.add_typer(clearing.app, name="clearing")
    root.add_typer(clearing.ledger_app, name="ledger")

    def run(*args: str, code: int = 0) -> Any:
        result = runner.invoke(root, list(args))
        assert result.exit_code == code, (result.stdout, result.stderr)
        return json.loads(result.stdout) if code in (0, 1) else json.loads(result.stderr)

    return run


@pytest.fixture
def january(engine: Engine) -> dict[str, Any]:
    with engine.begin() as conn:
        w = World(conn).setup()
        a = w.settle(PAIRS[0], 0, datetime(2026, 1, 5, 9, 30), 10_000, 2_000, 3_005)
        w.settle(PAIRS[0], 1, datetime(2026, 1, 20, 9), 50_000, 0, 5_000, cvlserv=1_000)
        r = w.reverse(a, datetime(2026, 1, 25, 16))
        c = w.settle(PAIRS[3], 0, datetime(2026, 1, 31, 23, 59, 59), 80_000, 0, 1_000)
        w.settle(PAIRS[0], 0, datetime(2026, 2, 1, 0, 0), 7_000, 0, 0)  # February: not in January
    return {"a": a, "r": r, "c": c}


def test_run_prints_the_statements_with_the_fixed_keys(cli: Any, january: dict[str, Any]) -> None:
    out = cli("clearing", "run", "--month", "2026-01", "--today", "2026-02-06", "--json")
    assert out["month"] == "2026-01"
    first, cross = out["statements"]
    assert list(first) == STATEMENT_KEYS
    assert first == {
        "insuplc_admdvs": "210100", "mdtrtarea_admvs": "211200", "psntime": 1,  # 2 settlements − 1 reversal
        "medfee_sumamt": "550.00", "fund_pay_sumamt": "500.00", "acct_pay": "0.00", "cash_payamt": "50.00",
        "funds": {"310100": "390.00", "320100": "10.00", "330100": "100.00"}, "clr_stas": "10",
    }  # fmt: skip
    assert (cross["insuplc_admdvs"], cross["mdtrtarea_admvs"], cross["fund_pay_sumamt"]) == (
        "211300", "110100", "800.00",
    )  # fmt: skip
    again = cli("clearing", "run", "--month", "2026-01", "--today", "2026-02-20", "--json")
    assert again == out  # idempotent: a second run changes nothing and prints the same

    shown = cli(
        "clearing", "show", "--month", "2026-01", "--insuplc", "210100", "--mdtrtarea", "211200", "--json"
    )
    assert [list(x) for x in shown["lines"]] == [LINE_KEYS] * 3
    a = shown["lines"][0]
    assert a["setl_id"] == january["a"].setl_id and a["setl_time"] == "2026-01-05 09:30:00"
    assert (a["medfee_sumamt"], a["fund_pay_sumamt"], a["refd_setl_flag"]) == ("150.05", "100.00", "0")
    rev = shown["lines"][2]
    assert (rev["setl_id"], rev["refd_setl_flag"], rev["medfee_sumamt"]) == (
        january["r"].setl_id,
        "1",
        "-150.05",
    )
    assert cli("ledger", "check", "--json") == {"balanced": True, "entries": 0, "problems": []}


def test_open_month_and_bad_input_are_refused(cli: Any, january: dict[str, Any]) -> None:
    refused = cli("clearing", "run", "--month", "2026-01", "--today", "2026-02-05", "--json", code=2)
    assert refused["code"] == "MONTH_NOT_CLOSED" and "2026-02-06" in refused["message_zh"]
    assert refused["facts"]["opens_on"] == "2026-02-06" and refused["clause"] == "A-CLR-02"
    assert cli("clearing", "run", "--month", "2026-13", code=2)["code"] == "INVALID_INPUT"
    assert cli("clearing", "run", "--month", "2026-02", "--today", "2026-03-06", code=2)["code"] == (
        "MONTH_OUT_OF_ORDER"
    )
    args = (
        "clearing",
        "show",
        "--month",
        "2026-01",
        "--insuplc",
        "210100",
        "--mdtrtarea",
        "211200",
        "--json",
    )
    assert cli(*args, code=2)["code"] == "MONTH_NOT_BUILT"
    cli("clearing", "run", "--month", "2026-01", "--today", "2026-02-06", "--json")
    missing = (
        "clearing",
        "show",
        "--month",
        "2026-01",
        "--insuplc",
        "210100",
        "--mdtrtarea",
        "210200",
        "--json",
    )
    assert cli(*missing, code=2)["code"] == "NOT_FOUND"


def test_two_runs_at_once_build_the_month_once(engine: Engine, january: dict[str, Any]) -> None:
    sessions = session_factory(engine)
    results: list[dict[str, Any]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run() -> None:
        try:
            start.wait()
            results.append(services.run_month(SqlAlchemyUnitOfWork(sessions), "2026-01", date(2026, 2, 6)))
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 2 and results[0] == results[1]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(lines)).scalar_one() == 4
