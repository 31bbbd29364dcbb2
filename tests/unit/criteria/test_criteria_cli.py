"""`yidi criteria …` through Typer's CliRunner: readable Chinese by default, JSON with --json,
exit code 2 with a bilingual message for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yidi.entrypoints.cli.main import app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def facts_file(tmp_path: Path) -> Path:
    file = tmp_path / "facts.json"
    file.write_text(json.dumps({"systolic_bp": 80, "lactate": 3}), encoding="utf-8")
    return file


def test_list(runner: CliRunner) -> None:
    result = runner.invoke(app, ["criteria", "list"])
    assert result.exit_code == 0, result.output
    assert "辽医保发〔2020〕13号" in result.output
    assert "休克" in result.output and "急性喉炎/会厌炎" in result.output
    assert "共 12 个系统、56 个病种。" in result.output


def test_list_json(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["criteria", "list", "--json"]).output)
    assert data["document"] == "辽医保发〔2020〕13号" and data["effective_from"] == "2021-06-01"
    assert len(data["diseases"]) == 56
    assert data["diseases"][5]["name"] == "休克" and data["diseases"][5]["section"] == "一（六）"


def test_show_prints_source_text_reference_and_rule(runner: CliRunner) -> None:
    result = runner.invoke(app, ["criteria", "show", "休克"])
    assert result.exit_code == 0, result.output
    assert "原文：关键标准：收缩压 ≤ 80mmHg 伴乳酸 > 3mmol/L。" in result.output
    assert "一、循环系统（六）休克" in result.output
    assert "├── 收缩压 ≤ 80 mmHg" in result.output
    assert "└── 血乳酸 > 3 mmol/L" in result.output


def test_show_json(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["criteria", "show", "ards", "--json"]).output)
    assert data["name"] == "急性呼吸窘迫综合征"
    assert data["rule"]["children"][1]["description"] == "氧合指数 PaO₂/FiO₂ < 200 mmHg"
    assert sorted(data["facts"]) == ["fio2", "imaging_findings", "pao2"]


def test_facts_prints_the_vocabulary_as_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["criteria", "facts"])
    assert result.exit_code == 0
    facts = {f["key"]: f for f in json.loads(result.output)["facts"]}
    assert facts["body_temperature"] == {"key": "body_temperature", "label": "体温", "type": "number",
                                         "unit": "°C", "min": 30.0, "max": 45.0}  # fmt: skip


def test_evaluate_readable(runner: CliRunner, facts_file: Path) -> None:
    result = runner.invoke(app, ["criteria", "evaluate", "--disease", "休克", "--facts", str(facts_file)])
    assert result.exit_code == 0, result.output
    assert "休克：不符合" in result.output
    assert "✔ 收缩压 ≤ 80 mmHg 【实际：80】" in result.output
    assert "✘ 血乳酸 > 3 mmol/L 【实际：3】" in result.output


def test_evaluate_json_from_stdin(runner: CliRunner) -> None:
    stdin = json.dumps({"systolic_bp": 80})
    result = runner.invoke(
        app, ["criteria", "evaluate", "--disease", "shock", "--facts", "-", "--json"], input=stdin
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["verdict"] == "undetermined" and data["missing"] == ["lactate"]
    assert data["tree"]["children"][0] == {
        "kind": "compare", "text": "收缩压 ≤ 80mmHg", "description": "收缩压 ≤ 80 mmHg",
        "result": "met", "result_zh": "满足", "fact": "systolic_bp", "value": 80.0,
    }  # fmt: skip


def test_evaluate_undetermined_names_missing_facts_in_chinese(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["criteria", "evaluate", "--disease", "休克", "--facts", "-"], input='{"systolic_bp": 70}'
    )
    assert "休克：待定（缺少事实）" in result.output
    assert "需补充的事实：血乳酸（lactate）" in result.output


def test_screen(runner: CliRunner) -> None:
    stdin = json.dumps({"systolic_bp": 70, "lactate": 5, "procedures": ["cpr"]})
    result = runner.invoke(app, ["criteria", "screen", "--facts", "-"], input=stdin)
    assert result.exit_code == 0, result.output
    assert "符合：心脏骤停、休克" in result.output
    data = json.loads(
        runner.invoke(app, ["criteria", "screen", "--facts", "-", "--json"], input=stdin).output
    )
    assert [d["code"] for d in data["qualifies"]] == ["cardiac_arrest", "shock"]


@pytest.mark.parametrize(
    ("args", "stdin", "field"),
    [
        (["evaluate", "--disease", "休克", "--facts", "-"], '{"blood_ph": 9}', "facts.blood_ph"),
        (["evaluate", "--disease", "休克", "--facts", "-"], '{"lactic": 3}', "facts.lactic"),
        (["evaluate", "--disease", "休克", "--facts", "-"], "{not json", "facts"),
        (["evaluate", "--disease", "休可", "--facts", "-"], "{}", "disease"),
        (["evaluate", "--disease", "休克", "--facts", "/nonexistent/facts.json"], "", "--facts"),
        (["screen", "--facts", "-"], '{"temperature": 38}', "facts.temperature"),
        (["show", "不存在的病"], "", "disease"),
        (["list", "--on", "2021-13-01"], "", "--on"),
        (["list", "--on", "2020-01-01"], "", "date"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    runner: CliRunner, args: list[str], stdin: str, field: str
) -> None:
    result = runner.invoke(app, ["criteria", *args], input=stdin)
    assert result.exit_code == 2
    body = json.loads(result.stderr)
    assert [p["field"] for p in body["problems"]] == [field]
    assert body["problems"][0]["message_zh"] and body["problems"][0]["message_en"]
