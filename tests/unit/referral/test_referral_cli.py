"""`yidi referral …`: readable Chinese by default, JSON with --json, exit 2 on bad input."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from yidi.entrypoints.cli.main import app

runner = CliRunner()


def test_search_readable() -> None:
    result = runner.invoke(app, ["referral", "search", "肝移植", "--region", "211300", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "朝阳市" in result.output
    assert "101" in result.output
    assert "精确" in result.output


def test_search_json() -> None:
    result = runner.invoke(app, ["referral", "search", "gyz", "--region", "211300", "--json", "-n", "5"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["catalogue"]["region"] == "211300"
    assert data["catalogue"]["row_count"] == 177
    assert len(data["hits"]) == 5
    first = data["hits"][0]
    assert (first["row"], first["text"], first["match"]) == (101, "肝移植/手术及术后治疗", "pinyin")
    assert 0 <= first["score"] <= 100


def test_search_without_hits() -> None:
    result = runner.invoke(app, ["referral", "search", "量子计算机", "--region", "211300"])
    assert result.exit_code == 0
    assert "没有找到" in result.output


def test_list_json_has_all_rows() -> None:
    result = runner.invoke(app, ["referral", "list", "--region", "211300", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    assert len(rows) == 177
    assert rows[44] == {"row": 45, "department": "循环内科", "text": "冠脉搭桥术"}


def test_list_readable() -> None:
    result = runner.invoke(app, ["referral", "list", "--region", "211300"])
    assert result.exit_code == 0, result.output
    assert "冠脉搭桥术" in result.output
    assert "177" in result.output


def test_regions() -> None:
    result = runner.invoke(app, ["referral", "regions", "--json"])
    assert result.exit_code == 0, result.output
    regions = json.loads(result.output)["regions"]
    assert [r["region"] for r in regions] == ["211300"]
    assert regions[0]["effective_from_assumption"] is True
    assert "211300" in runner.invoke(app, ["referral", "regions"]).output


def test_check_json() -> None:
    result = runner.invoke(app, ["referral", "check", "主动脉夹层（Stanford A型）", "-r", "211300", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["listed"] is True
    assert data["best"]["row"] == 79


def test_region_without_catalogue_exits_2() -> None:
    result = runner.invoke(app, ["referral", "search", "肝移植", "--region", "211200"])
    assert result.exit_code == 2
    assert "该统筹区没有转诊目录" in result.output


def test_bad_input_exits_2() -> None:
    assert runner.invoke(app, ["referral", "search", "", "--region", "211300"]).exit_code == 2
    assert runner.invoke(app, ["referral", "search", "肝" * 201, "--region", "211300"]).exit_code == 2
    assert runner.invoke(app, ["referral", "search", "肝", "--region", "21130"]).exit_code == 2
    assert (
        runner.invoke(app, ["referral", "search", "肝", "--region", "211300", "--limit", "0"]).exit_code == 2
    )
    assert runner.invoke(app, ["referral", "list"]).exit_code == 2  # --region is required
