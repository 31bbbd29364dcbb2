"""CLI groups ``yidi clearing`` (月结清算) and ``yidi ledger`` (清算账簿) over the clearing use cases.

Keep exactly (issue 16, scope 6): ``clearing run --month YYYY-MM [--today YYYY-MM-DD] [--json]``,
``clearing show --month --insuplc --mdtrtarea --json``, ``ledger check --json``; JSON on stdout,
amounts as two-decimal strings; refusals (an open month names the day it closes) exit 2 with the
problem document on stderr. Without ``--json`` a short table is printed for people.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from yidi.entrypoints.cli.errors import cli_errors
from yidi.entrypoints.cli.staff import TodayOpt, business_day, staff_uow

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, help="月结清算：生成清算单、查看明细")
ledger_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, help="清算账簿：检查借贷平衡")

JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]
MonthOpt = Annotated[str, typer.Option("--month", help="清算年月 YYYY-MM")]


def _services() -> Any:
    from yidi.service_layer import clearing

    return clearing


def _print(result: dict[str, Any]) -> None:
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2))


@app.command("run")
def run(month: MonthOpt, today: TodayOpt = None, as_json: JsonOpt = False) -> None:
    """生成已结束月份的清算单（可重复运行，结果不变）。"""
    with cli_errors():
        result = _services().run_month(staff_uow(today), month, business_day(today))
    if as_json:
        _print(result)
        return
    typer.echo(f"{result['month']} 清算单 {len(result['statements'])} 张")
    for s in result["statements"]:
        typer.echo(
            f"  {s['insuplc_admdvs']} → {s['mdtrtarea_admvs']}  人次 {s['psntime']}  "
            f"医疗费 {s['medfee_sumamt']}  基金 {s['fund_pay_sumamt']}  账户 {s['acct_pay']}  "
            f"现金 {s['cash_payamt']}  状态 {s['clr_stas']}"
        )


@app.command("show")
def show(
    month: MonthOpt,
    insuplc: Annotated[str, typer.Option("--insuplc", help="参保地区划")],
    mdtrtarea: Annotated[str, typer.Option("--mdtrtarea", help="就医地区划")],
    as_json: JsonOpt = False,
) -> None:
    """某参保地—就医地清算单的结算明细。"""
    with cli_errors():
        result = _services().show_lines(staff_uow(), month, insuplc, mdtrtarea)
    if as_json:
        _print(result)
        return
    for line in result["lines"]:
        flag = "退费" if line["refd_setl_flag"] == "1" else "结算"
        typer.echo(
            f"{line['setl_time']}  {line['setl_id']}  {line['psn_no']}  {flag}  "
            f"医疗费 {line['medfee_sumamt']}  基金 {line['fund_pay_sumamt']}"
        )


@ledger_app.command("check")
def check(as_json: JsonOpt = False) -> None:
    """检查清算账簿：每张凭证借贷相等、往来对应、冲正相抵；不平时退出码 1。"""
    with cli_errors():
        result = _services().check_ledger(staff_uow())
    if as_json:
        _print(result)
    else:
        typer.echo(f"{'平衡' if result['balanced'] else '不平衡'}：凭证 {result['entries']} 张")
        for p in result["problems"]:
            typer.echo(f"  {p}")
    if not result["balanced"]:
        raise typer.Exit(code=1)


@app.command("assign")
def assign(
    username: Annotated[str, typer.Argument(help="经办人员登录名")],
    region: Annotated[str, typer.Option("--region", help="所属经办机构的区划（参保地/就医地）")],
) -> None:
    """指定经办人员在清算中代表的经办机构（只能确认、异议、拨付本机构的清算单）。"""
    from yidi.domain.actors import Actor, Channel, Role
    from yidi.service_layer import clearing_agency

    actor = Actor("cli", Role.SYSTEM, Channel.SYSTEM)
    with cli_errors():
        result = clearing_agency.assign(staff_uow(), actor, username, region)
    _print(result)


@app.command("confirm-overdue")
def confirm_overdue(today: TodayOpt = None) -> None:
    """期限任务：逾期未确认的清算单视同确认（A-CLR-03）。"""
    from yidi.domain.actors import Actor, Channel, Role
    from yidi.service_layer import clearing_agency

    actor = Actor("cli", Role.SYSTEM, Channel.SYSTEM)
    with cli_errors():
        result = clearing_agency.confirm_overdue(staff_uow(today), actor)
    _print(result)


@app.command("return")
def add_return(
    return_id: Annotated[str, typer.Option("--id", help="返还编号（稽核决定号、追回单号），幂等")],
    kind: Annotated[str, typer.Option("--kind", help="deduction 违规扣款 / clawback 追回")],
    setl_id: Annotated[str, typer.Option("--setl-id", help="结算ID")],
    amount: Annotated[str, typer.Option("--amount", help="返还金额（元）")],
    reason: Annotated[str, typer.Option("--reason", help="返还原因")],
    today: TodayOpt = None,
) -> None:
    """登记返还参保地的扣款或追回款，纳入下一次生成的清算单。"""
    from yidi.domain.money import parse_fen
    from yidi.service_layer import clearing_returns

    with cli_errors():
        result = clearing_returns.book_return(
            staff_uow(today), return_id=return_id, kind=kind, setl_id=setl_id,
            amount_fen=parse_fen(amount, "--amount"), reason=reason,
        )  # fmt: skip
    _print(result)
