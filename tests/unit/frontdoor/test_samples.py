"""The sample inputs the README points at: ``yidi demo claims`` writes a claims file that ``yidi
settle-batch`` settles without an error row, and ``examples/patient_facts.json`` screens."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from yidi.entrypoints.cli.main import app

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_demo_claims_feed_settle_batch(tmp_path: Path, suffix: str) -> None:
    runner = CliRunner()
    claims, priced = tmp_path / f"claims{suffix}", tmp_path / f"priced{suffix}"
    made = runner.invoke(app, ["demo", "claims", "-o", str(claims), "--rows", "300", "--seed", "7"])
    assert made.exit_code == 0, made.stderr
    settled = runner.invoke(app, ["settle-batch", str(claims), "-o", str(priced)])
    assert settled.exit_code == 0, settled.stderr
    assert "已结算 300 行，0 行有错误" in settled.stderr


def test_demo_claims_are_reproducible_by_seed(tmp_path: Path) -> None:
    runner = CliRunner()
    for name, seed in (("a", "3"), ("b", "3"), ("c", "4")):
        args = ["demo", "claims", "-o", str(tmp_path / f"{name}.parquet"), "--rows", "50", "--seed", seed]
        assert runner.invoke(app, args).exit_code == 0
    a, b, c = (pq.read_table(tmp_path / f"{n}.parquet") for n in "abc")
    assert a.equals(b) and not a.equals(c)


def test_demo_claims_refuses_an_unknown_file_type(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "claims", "-o", str(tmp_path / "claims.xlsx")])
    assert result.exit_code == 2 and json.loads(result.stderr)["problems"][0]["field"] == "--output"


def test_demo_request_is_what_settle_takes(tmp_path: Path) -> None:
    runner = CliRunner()
    request = runner.invoke(app, ["demo", "request"])
    (tmp_path / "request.json").write_text(request.stdout, encoding="utf-8")
    settled = runner.invoke(app, ["settle", str(tmp_path / "request.json")])
    assert settled.exit_code == 0 and json.loads(settled.stdout)["setlinfo"]["medfee_sumamt"]


def test_example_patient_facts_screen() -> None:
    facts = str(EXAMPLES / "patient_facts.json")
    result = CliRunner().invoke(app, ["criteria", "screen", "--facts", facts, "--json"])
    assert result.exit_code == 0, result.stderr
    assert "shock" in {d["code"] for d in json.loads(result.stdout)["qualifies"]}


def test_example_reform_applies(tmp_path: Path) -> None:
    runner = CliRunner()
    claims = tmp_path / "claims.parquet"
    assert runner.invoke(app, ["demo", "claims", "-o", str(claims), "--rows", "200"]).exit_code == 0
    base, reform = tmp_path / "base.parquet", tmp_path / "reform.parquet"
    assert runner.invoke(app, ["settle-batch", str(claims), "-o", str(base)]).exit_code == 0
    overlay = ["--overlay", str(EXAMPLES / "reform.yaml")]
    assert runner.invoke(app, ["settle-batch", str(claims), "-o", str(reform), *overlay]).exit_code == 0
    before, after = pq.read_table(base), pq.read_table(reform)
    assert before.column("out_hifp_pay") != after.column("out_hifp_pay")
