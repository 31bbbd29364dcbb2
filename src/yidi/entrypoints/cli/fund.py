"""`yidi fund import FILE.csv` (region,month,balance,expenditure in yuan) and `yidi fund reserve
--region R --json` (months of reserve, warning below six: seed 004 二). docs/operations.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from yidi.domain.errors import InvalidInput
from yidi.entrypoints.cli.errors import cli_errors
from yidi.entrypoints.cli.staff import ActorOpt, staff_uow

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True)


@app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(help="CSV：region,month,balance,expenditure（元）")],
    actor: ActorOpt = None,
) -> None:
    """导入各统筹区每月基金累计结余和当月基金支出（整份文件有错则不导入，并列出全部错误）。"""
    from yidi.entrypoints.cli.staff import staff_actor
    from yidi.service_layer.fund_services import import_figures

    with cli_errors():
        if not file.is_file():
            raise InvalidInput.of("FILE", f"找不到文件：{file}", f"file not found: {file}")
        text = file.read_text(encoding="utf-8")
        who = staff_actor(actor, "counter").user
        result = import_figures(staff_uow(), text, file.name, who)
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2))


@app.command("reserve")
def reserve_cmd(
    region: Annotated[str, typer.Option("--region", help="统筹区代码")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """基金累计结余可支付月数 = 最新累计结余 ÷ 最近12个记录月的月均支出；少于6个月预警。"""
    from yidi.service_layer.fund_services import reserve

    with cli_errors():
        r = reserve(staff_uow(), region)
    body = r.as_json()
    if as_json:
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    months = body["months"] or "—（无支出）"
    typer.echo(
        f"{region}：截至 {r.as_of:%Y-%m} 累计结余 {body['balance']} 元，近 {r.months_averaged} 个记录月"
        f"月均支出 {body['avg_monthly_expenditure']} 元，可支付 {months} 个月"
        + ("。预警：少于6个月，应加强基金运行风险防范（2025年通知 二）" if r.warning else "")
    )
