"""The fund commands of issue 18 §6 on a real database (SQLite, and PostgreSQL when configured):
``yidi fund import/reserve``, ``yidi projection run``, ``yidi policy compliance``,
``yidi ops daily`` — keys exactly as the issue fixes them, amounts and ratios as strings — and
the migration of the fund tables."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from tests.integration.databases import DEMO
from typer.testing import CliRunner

from yidi.adapters.migrate import alembic_config, current_revision
from yidi.adapters.orm import metadata
from yidi.entrypoints.cli.main import app as root

FUND_TABLES = {"fund_figures", "fund_scenarios", "ops_error_work", "ops_server_errors"}
TOTAL_KEYS = {"claims", "fund_pay_sumamt", "hifp_pay", "hifob_pay", "cvlserv_pay", "psn_part_amt"}


@pytest.fixture
def database_template() -> str:
    return DEMO  # the demo: eight hospitals, persons, and stays settled through the national interface


@pytest.fixture
def cli(db_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("YIDI_DATABASE_URL", db_url)
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> Any:
        result = runner.invoke(root, list(args))
        assert result.exit_code == code, (result.stdout, result.stderr)
        return json.loads(result.stdout) if code == 0 else json.loads(result.stderr)

    return run


def test_the_fund_tables_are_the_mapped_ones_at_the_head(engine: Engine) -> None:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert current_revision(engine) == head
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in diffs if any(t in str(d) for t in FUND_TABLES)] == []


def test_import_then_months_of_reserve(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "figures.csv"
    lines = ["region,month,balance,expenditure"]
    lines += [
        f"211200,2025-{m:02d},{1_000_000 - m * 10_000}.00,{150_000 + m * 1000}.50" for m in range(1, 13)
    ]
    lines += ["211200,2024-12,2000000.00,999999.99"]  # 13 months: the oldest is outside the 12
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli("fund", "import", str(csv)) == {"imported": 13, "regions": ["211200"]}
    body = cli("fund", "reserve", "--region", "211200", "--json")
    assert set(body) == {"region", "balance", "avg_monthly_expenditure", "months", "warning"}
    # balance 880000.00; average of 151000.50 … 162000.50 = 156500.50; 5.6229… → "5.62" (towards zero)
    assert body == {
        "region": "211200",
        "balance": "880000.00",
        "avg_monthly_expenditure": "156500.50",
        "months": "5.62",
        "warning": True,
    }


def test_a_bad_import_names_every_bad_cell_and_records_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "bad.csv"
    csv.write_text("region,month,balance,expenditure\n21120,2025-13,abc,-5\n219900,2025-01,-10.00,1.00\n")
    err = cli("fund", "import", str(csv), code=2)
    fields = [p["field"] for p in err["problems"]]
    assert fields == ["line 2.region", "line 2.month", "line 2.balance", "line 2.expenditure"]
    assert cli("fund", "reserve", "--region", "219900", "--json", code=2)["code"] == "NOT_FOUND"


def test_projection_without_overlay_reproduces_every_recorded_settlement(cli, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    from yidi.adapters.db import session_factory
    from yidi.service_layer import fund_projection as fp
    from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

    with engine.connect() as conn:
        regions = [r for (r,) in conn.execute(text("select distinct insured_region from hospital_visits"))]
        year = conn.execute(text("select min(year) from hospital_settlements")).scalar_one()
    assert regions
    for region in regions:
        run = fp.run(
            SqlAlchemyUnitOfWork(session_factory(engine)), region, fp.window(f"{year}-01", f"{year}-12")
        )
        assert run.projection.baseline.claims > 0 and run.unreproduced == []
        body = cli(
            "projection", "run", "--region", region, "--from", f"{year}-01", "--to", f"{year}-12", "--json"
        )
        assert set(body) == {"baseline", "reform", "delta", "reserve_months"}
        assert set(body["baseline"]) == TOTAL_KEYS and body["baseline"] == body["reform"]
        assert all(v in (0, "0.00") for v in body["delta"].values())
        assert body["reserve_months"] == {"before": None, "after": None}  # no figures recorded
        with engine.connect() as conn:
            hifp = conn.execute(
                text(
                    "select sum(s.hifp_pay) from hospital_settlements s join hospital_visits v using (mdtrt_id)"
                    " where v.insured_region = :r and s.kind = 'settle' and s.status = 'valid'"
                ),
                {"r": region},
            ).scalar_one()
        hifp = int(hifp)
        assert body["baseline"]["hifp_pay"] == f"{hifp // 100}.{hifp % 100:02d}"


def test_projection_of_a_reform_moves_the_fund_and_the_reserve(cli, engine: Engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        year = conn.execute(text("select min(year) from hospital_settlements")).scalar_one()
    overlay = tmp_path / "reform.yaml"
    overlay.write_text(
        '"211200":\n  pooled_ratio:\n    - when: {filing_category: temporary}\n      value: 0.30\n'
        f"      from: {year}-01-01\n      source: 测算方案\n      assumption: true\n",
        encoding="utf-8",
    )
    csv = tmp_path / "f.csv"
    csv.write_text("region,month,balance,expenditure\n211200,2025-01,12000.00,2000.00\n", encoding="utf-8")
    cli("fund", "import", str(csv))
    body = cli(
        "projection", "run", "--region", "211200", "--from", f"{year}-01", "--to", f"{year}-12",
        "--overlay", str(overlay), "--json",
    )  # fmt: skip
    assert body["delta"]["claims"] == 0
    assert body["delta"]["hifp_pay"].startswith("-") and not body["delta"]["psn_part_amt"].startswith("-")
    assert body["reserve_months"]["before"] == "6.00"
    assert float(body["reserve_months"]["after"]) > 6  # spending less: more months (display only)


def test_compliance_keys_and_arithmetic(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    body = cli("policy", "compliance", "--region", "211200", "--date", "2025-06-01", "--json")
    assert set(body) == {"region", "date", "items"} and body["date"] == "2025-06-01"
    keys = {"parameter", "category", "level", "value", "local_value", "guidance", "deviation", "tolerance",
            "compliant", "local_is_assumption"}  # fmt: skip
    assert all(set(i) == keys for i in body["items"])
    first = body["items"][0]
    assert first == {
        "parameter": "deductible", "category": "referral", "level": "3", "value": "1750.00",
        "local_value": "700.00", "guidance": "2.5", "deviation": "2.5000", "tolerance": "0.5",
        "compliant": True, "local_is_assumption": True,
    }  # fmt: skip
    temporary = [
        i for i in body["items"] if i["category"] == "temporary" and i["parameter"] == "pooled_ratio"
    ]
    assert {i["guidance"] for i in temporary} == {"-20"}
    # 省直 runs one temporary type: −10 for all; its local standard is an assumption (A-FND-04)
    sz = cli("policy", "compliance", "--region", "219900", "--date", "2025-06-01", "--json")
    ratio = [i for i in sz["items"] if i["parameter"] == "pooled_ratio"]
    assert {i["guidance"] for i in ratio} == {"-10"} and all(i["local_is_assumption"] for i in sz["items"])
    assert ratio[0]["deviation"] == "-14.00" and ratio[0]["compliant"] is False
    overlay = tmp_path / "o.yaml"
    overlay.write_text(
        '"219900":\n  pooled_ratio:\n    - when: {filing_category: temporary}\n      by_hosp_lv: {l3: 0.79, l2: 0.84, l1: 0.85}\n'
        "      from: 2025-01-01\n      source: 测算方案\n      assumption: true\n",
        encoding="utf-8",
    )
    checked = cli(
        "policy",
        "compliance",
        "--region",
        "219900",
        "--date",
        "2025-06-01",
        "--overlay",
        str(overlay),
        "--json",
    )
    l3 = [i for i in checked["items"] if i["parameter"] == "pooled_ratio" and i["level"] == "3"]
    assert l3[0]["value"] == "0.7900" and l3[0]["deviation"] == "-10.00" and l3[0]["compliant"] is True


def test_ops_daily_groups_refused_transactions(cli, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from yidi.adapters.orm_fund import ops_server_errors
    from yidi.adapters.orm_hospital import message_log

    at = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 Beijing time on 2 March
    refused = {"infcode": -1, "err_msg": "FSI-缺少必填字段 mdtrt_id（就诊ID）［字段 input.data.mdtrt_id］"}
    with engine.begin() as conn:
        for i in range(3):
            conn.execute(
                message_log.insert().values(
                    hospital_code="H21120000001", msgid=f"M{i:029d}", infno="2304", inf_refmsgid=f"R{i}",
                    infcode=-1, psn_no="", received_at=at, request={}, response=refused,
                )
            )  # fmt: skip
        conn.execute(
            ops_server_errors.insert().values(
                at=at, fixmedins_code="H21120000001", infno="2301", msgid="MX", path="/fsi", error="boom"
            )
        )
    body = cli("ops", "daily", "--date", "2026-03-02", "--json")
    assert body == {
        "date": "2026-03-02",
        "total": 4,
        "errors": [
            {"fixmedins_code": "H21120000001", "infno": "2304", "kind": "missing_field", "count": 3,
             "example_msgid": f"M{0:029d}"},
            {"fixmedins_code": "H21120000001", "infno": "2301", "kind": "server_error", "count": 1,
             "example_msgid": "MX"},
        ],
    }  # fmt: skip
    assert cli("ops", "daily", "--date", "2026-03-01", "--json") == {
        "date": "2026-03-01",
        "total": 0,
        "errors": [],
    }
    assert date(2026, 3, 2)  # the day is Beijing time
