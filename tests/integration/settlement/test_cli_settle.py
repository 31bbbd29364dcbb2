"""The settlement CLI end to end: files, stdin, exit codes, batch tables (Parquet and CSV)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from typer.testing import CliRunner

from yidi.demo_data.synthetic import claims_table
from yidi.entrypoints.cli.demo import demo_request
from yidi.entrypoints.cli.main import app

runner = CliRunner()


def test_settle_file_prints_result_json(tmp_path: Path) -> None:
    path = tmp_path / "req.json"
    path.write_text(json.dumps(demo_request(), ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["settle", str(path)])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["setlinfo"]["hifp_pay"] == "16606.14"
    assert {d["fund_pay_type"] for d in body["setldetail"]} == {"310100", "330100", "320100"}
    assert all(len(d["setl_proc_info"]) <= 4000 for d in body["setldetail"])
    assert any(
        p["source"].startswith("辽医保中心发〔2021〕45号")
        for e in body["explanation"]
        for p in e["parameters"]
    )


def test_settle_stdin_and_bad_input_exit_2() -> None:
    ok = runner.invoke(app, ["settle", "-"], input=json.dumps(demo_request()))
    assert ok.exit_code == 0
    bad = dict(demo_request(), hosp_lv="9")
    result = runner.invoke(app, ["settle"], input=json.dumps(bad))
    assert result.exit_code == 2
    err = json.loads(result.stderr)
    assert err["problems"][0]["field"] == "hosp_lv" and "医院等级" in err["problems"][0]["message_zh"]
    broken = runner.invoke(app, ["settle"], input="{not json")
    assert broken.exit_code == 2 and "JSON" in broken.stderr
    missing = runner.invoke(app, ["settle", "/nonexistent.json"])
    assert missing.exit_code == 2


def test_settle_batch_parquet_and_csv(tmp_path: Path) -> None:
    table = claims_table(2_000, seed=5)
    src = tmp_path / "claims.parquet"
    pq.write_table(table, src)
    out = tmp_path / "out.parquet"
    result = runner.invoke(app, ["settle-batch", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    priced = pq.read_table(out)
    assert priced.num_rows == 2_000 and "out_hifp_pay" in priced.column_names
    assert priced.column("error").null_count == 2_000

    csv_in = tmp_path / "claims.csv"
    import pyarrow.csv as pacsv

    pacsv.write_csv(table, csv_in)
    csv_out = tmp_path / "out.csv"
    result = runner.invoke(app, ["settle-batch", str(csv_in), "-o", str(csv_out)])
    assert result.exit_code == 0, result.output
    from_csv = pacsv.read_csv(csv_out)
    assert from_csv.column("out_hifp_pay").to_pylist() == [
        float(v) for v in priced.column("out_hifp_pay").to_pylist()
    ]


def test_settle_batch_with_reform_overlay(tmp_path: Path) -> None:
    table = claims_table(500, seed=9)
    src, base_out, reform_out = tmp_path / "c.parquet", tmp_path / "b.parquet", tmp_path / "r.parquet"
    pq.write_table(table, src)
    overlay = tmp_path / "reform.yaml"
    overlay.write_text(
        '"219900":\n  pooled_ratio:\n    - {value: 0.99, from: 2021-06-01, source: 测算方案, assumption: true}\n',
        encoding="utf-8",
    )
    assert runner.invoke(app, ["settle-batch", str(src), "-o", str(base_out)]).exit_code == 0
    assert (
        runner.invoke(
            app, ["settle-batch", str(src), "-o", str(reform_out), "--overlay", str(overlay)]
        ).exit_code
        == 0
    )
    base, reform = pq.read_table(base_out), pq.read_table(reform_out)
    # 省直 rows, and 铁岭 employees' referrals to 沈阳, settled under 省直 rules (seed 001 四.1)
    rows = zip(*(table.column(c).to_pylist() for c in ("insuplc_admdvs", "mdtrtarea_admvs", "insutype", "filing_category")), strict=True)  # fmt: skip
    provincial = [r == "219900" or (r, a, i, c) == ("211200", "210100", "310", "referral") for r, a, i, c in rows]
    b, r = base.column("out_hifp_pay").to_pylist(), reform.column("out_hifp_pay").to_pylist()
    assert sum(r[i] for i, p in enumerate(provincial) if p) > sum(b[i] for i, p in enumerate(provincial) if p)
    assert all(r[i] == b[i] for i, p in enumerate(provincial) if not p)


def test_settle_batch_missing_column_exit_2(tmp_path: Path) -> None:
    src = tmp_path / "c.parquet"
    pq.write_table(claims_table(10).drop_columns(["hosp_lv"]), src)
    result = runner.invoke(app, ["settle-batch", str(src), "-o", str(tmp_path / "o.parquet")])
    assert result.exit_code == 2 and "hosp_lv" in result.stderr


def test_policy_and_demo_commands() -> None:
    listed = runner.invoke(app, ["policy", "list", "--json"])
    assert [p["region"] for p in json.loads(listed.stdout)] == ["211200", "219900"]
    shown = runner.invoke(app, ["policy", "show", "219900", "--date", "2024-01-01", "--json"])
    values = json.loads(shown.stdout)
    assert any(v["name"] == "deductible" and v["value"] == "1300.00" for v in values)
    assert runner.invoke(app, ["policy", "show", "219900", "--date", "2024-13-01"]).exit_code == 2
    demo = runner.invoke(app, ["demo"])
    assert demo.exit_code == 0 and "16606.14" in demo.stdout and "结算说明" in demo.stdout
