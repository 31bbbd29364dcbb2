"""CLI group `yidi criteria`: the 急危重病种标准 — list, show, facts, evaluate, screen.

Thin: read the facts file, call ``yidi.domain.criteria``, print readable Chinese (or JSON with
``--json``). Bad input exits with code 2 through ``cli_errors()``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from yidi.domain.errors import InvalidInput
from yidi.entrypoints.cli.errors import cli_errors

if TYPE_CHECKING:
    from rich.console import Console

    from yidi.domain.criteria import CriteriaSet

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, help="急危重病种标准：查询、判定与筛查")

JsonOpt = typer.Option(False, "--json", help="输出 JSON（供程序使用）")
OnOpt = typer.Option(None, "--on", help="按该日期生效的版本（YYYY-MM-DD），默认最新版本")
FactsOpt = typer.Option(..., "--facts", help="事实 JSON 文件，`-` 表示标准输入")


def _console() -> Console:
    from rich.console import Console

    return Console(soft_wrap=True, highlight=False)


def _criteria(on: str | None) -> CriteriaSet:
    from yidi.policy.criteria import load_criteria

    if on is None:
        return load_criteria()
    try:
        day = dt.date.fromisoformat(on)
    except ValueError:
        raise InvalidInput.of("--on", f"日期“{on}”格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD") from None
    return load_criteria(day)


def _read_facts(source: str) -> object:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput.of(
            "--facts", f"无法读取事实文件“{source}”", f"cannot read {source}: {exc}"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput.of(
            "facts", f"事实不是有效的 JSON：{exc}", f"facts are not valid JSON: {exc}"
        ) from None


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.command("list")
def list_diseases(as_json: bool = JsonOpt, on: str | None = OnOpt) -> None:
    """列出全部系统与病种。"""
    from rich.table import Table

    with cli_errors():
        criteria = _criteria(on)
        if as_json:
            _print_json({**criteria.summary(), "diseases": [d.as_dict() for d in criteria.diseases]})
            return
        table = Table(title=f"{criteria.title}（{criteria.document}，{criteria.effective_from} 起）")
        table.add_column("章节", no_wrap=True)
        table.add_column("病种", no_wrap=True)
        table.add_column("代码", overflow="fold")
        for system in criteria.systems:
            table.add_row(f"[bold]{system.section}[/bold]", f"[bold]{system.name}[/bold]", system.code)
            for disease in system.diseases:
                table.add_row(disease.section, disease.name, disease.code)
        _console().print(table)
        _console().print(f"共 {len(criteria.systems)} 个系统、{len(criteria.diseases)} 个病种。")


@app.command("show")
def show(disease: str = typer.Argument(..., help="病种名称或代码，如 休克"), as_json: bool = JsonOpt,
         on: str | None = OnOpt) -> None:  # fmt: skip
    """显示一个病种的关键标准、原文和出处。"""
    from yidi.domain.criteria.wording import tree_lines

    with cli_errors():
        criteria = _criteria(on)
        found = criteria.find(disease)
        if as_json:
            _print_json({**found.as_dict(), "rule": found.rule.explain({}).as_dict()})
            return
        console = _console()
        console.print(f"[bold]{found.section} {found.name}[/bold]（{found.system_name}，代码 {found.code}）")
        console.print(f"原文：{found.source_text}")
        console.print(f"出处：{found.source_ref}")
        for note in found.notes:
            console.print(f"说明：{note}")
        console.print("判定规则：")
        for line in tree_lines(found.rule.explain({}), criteria.vocabulary, with_result=False):
            console.print("  " + line, markup=False)


@app.command("facts")
def facts(on: str | None = OnOpt) -> None:
    """以 JSON 输出事实词表（键、中文名、类型、单位、允许范围、代码）。"""
    with cli_errors():
        _print_json(_criteria(on).vocabulary.as_dict())


@app.command("evaluate")
def evaluate_cmd(disease: str = typer.Option(..., "--disease", help="病种名称或代码"),
                 facts_file: str = FactsOpt, as_json: bool = JsonOpt, on: str | None = OnOpt) -> None:  # fmt: skip
    """按事实判定一个病种是否符合关键标准，并给出判定过程。"""
    from yidi.domain.criteria import evaluate
    from yidi.domain.criteria.wording import missing_labels, tree_lines

    with cli_errors():
        criteria = _criteria(on)
        result = evaluate(criteria, disease, _read_facts(facts_file))
        if as_json:
            _print_json(result.as_dict())
            return
        console = _console()
        console.print(f"[bold]{result.disease.name}：{result.verdict.zh}[/bold]")
        if result.missing:
            console.print(f"需补充的事实：{missing_labels(result.missing, criteria.vocabulary)}")
        console.print(f"原文：{result.disease.source_text}")
        console.print("判定过程：")
        for line in tree_lines(result.trace, criteria.vocabulary, with_result=True):
            console.print("  " + line, markup=False)


@app.command("screen")
def screen_cmd(facts_file: str = FactsOpt, as_json: bool = JsonOpt, on: str | None = OnOpt) -> None:
    """按事实筛查全部病种：符合、待定（缺少哪些事实）、不符合。"""
    from yidi.domain.criteria import screen
    from yidi.domain.criteria.wording import missing_labels

    with cli_errors():
        criteria = _criteria(on)
        result = screen(criteria, _read_facts(facts_file))
        if as_json:
            _print_json(result.as_dict())
            return
        console = _console()
        console.print("[bold]符合[/bold]：" + ("、".join(d.name for d in result.qualifies) or "无"))
        for found, missing in result.undetermined:
            console.print(f"待定：{found.name}，需补充 {missing_labels(missing, criteria.vocabulary)}")
        console.print("不符合：" + ("、".join(d.name for d in result.not_met) or "无"))
        console.print(f"未涉及（未提供任何相关事实）：{len(result.not_assessed)} 个病种")
