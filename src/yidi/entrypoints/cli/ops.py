"""`yidi ops daily --date YYYY-MM-DD --json`: 每日报错治理 — the day's failed national transactions
(infcode -1) and server errors grouped by hospital, transaction and kind (docs/operations.md)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from yidi.entrypoints.cli.errors import cli_errors
from yidi.entrypoints.cli.staff import staff_uow

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True)


@app.command("daily")
def daily_cmd(
    on: Annotated[str, typer.Option("--date", help="日期 YYYY-MM-DD（北京时间）")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """某日报错：按医疗机构、交易、错误类型分组的次数与示例报文ID，及报错率突增预警。"""
    from yidi.domain.filing.dates import parse_date
    from yidi.service_layer.ops_daily import daily

    with cli_errors():
        report = daily(staff_uow(), parse_date(on, "--date"))
    if as_json:
        typer.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return
    typer.echo(f"{report.day.isoformat()} 报错合计 {report.total} 次")
    for g in report.groups:
        typer.echo(
            f"  {g.fixmedins_code} {g.infno} {g.kind}：{g.count} 次，近7日 {g.trend_7}，例 {g.example_msgid}"
        )
    for a in report.alerts:
        typer.echo(f"  预警：{a.fixmedins_code} 报错率突增（当日 {a.refused}/{a.transactions}）")
