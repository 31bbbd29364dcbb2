"""``yidi demo``: settle the bundled demo bill and print it, explained, in Chinese; ``yidi demo
request`` prints that bill's request, ``yidi demo claims`` writes a synthetic claims file for
``yidi settle-batch``, and ``yidi demo remove`` takes the demo's public accounts and hospital
secrets out of a database that is to serve for real."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer

from yidi.domain.errors import InvalidInput
from yidi.entrypoints.cli.errors import cli_errors

app = typer.Typer(rich_markup_mode=None, help="演示：示例结算、示例数据文件、移除演示账号")


def demo_request() -> dict[str, Any]:
    text = (resources.files("yidi") / "demo_data" / "desk_request.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def render(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from yidi.domain.settlement.result import SETLINFO_LABELS

    out = Console()
    info = Table(title="一单制结算结果（setlinfo）")
    info.add_column("项目")
    info.add_column("字段")
    info.add_column("金额（元）", justify="right")
    for key, value in result["setlinfo"].items():
        info.add_row(SETLINFO_LABELS.get(key, key), key, value)
    out.print(info)
    funds = Table(title="基金支付明细（setldetail）", show_lines=True)
    for col in ("基金", "政策范围内", "本次可支付限额", "支付", "结算过程"):
        funds.add_column(col, overflow="fold")
    for d in result["setldetail"]:
        funds.add_row(
            f"{d['fund_pay_type']} {d['fund_pay_type_name']}",
            d["inscp_scp_amt"],
            d["crt_payb_lmt_amt"] or "不设限额",
            d["fund_payamt"],
            d["setl_proc_info"],
        )
    out.print(funds)
    out.print("[bold]结算说明[/bold]")
    for item in result["explanation"]:
        amount = f"{item['amount']} 元 " if item["amount"] is not None else ""
        out.print(f"• [cyan]{item['field']}[/cyan] {amount}{item['rule']}")
        for p in item["parameters"]:
            flag = "（假设参数）" if p["assumption"] else ""
            out.print(f"    - {p['label']} = {p['value']}，{p['source']}，自 {p['from']}{flag}")


@app.callback(invoke_without_command=True)
def demo_cmd(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False
) -> None:
    """演示：结算一张示例住院账单（省直退休人员在沈阳三级医院），并逐项说明依据。"""
    if ctx.invoked_subcommand is not None:
        return
    from rich.console import Console

    from yidi.service_layer import desk

    request = demo_request()
    result = desk.settle(request)
    if as_json:
        typer.echo(json.dumps({"request": request, "result": result}, ensure_ascii=False, indent=2))
        return
    Console().print(
        "[bold]示例结算请求[/bold]：省直（219900）退休职工、公务员，异地安置，沈阳（210100）三级医院住院，2024-05-20 结算"
    )
    render(result)


@app.command("request")
def request_cmd() -> None:
    """输出示例结算请求 JSON（可作为 yidi settle 的输入）。"""
    typer.echo(json.dumps(demo_request(), ensure_ascii=False, indent=2))


@app.command("claims")
def claims_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件：.parquet 或 .csv")],
    rows: Annotated[int, typer.Option("--rows", min=1, max=50_000_000, help="行数（笔数）")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="随机种子（相同种子得到相同数据）")] = 0,
) -> None:
    """写出合成的批量结算输入（合成数据，非真实人员），供 yidi settle-batch 使用。"""
    with cli_errors():
        if output.suffix.lower() not in (".parquet", ".pq", ".csv"):
            raise InvalidInput.of(
                "--output",
                "输出文件应以 .parquet 或 .csv 结尾",
                "the output file must end in .parquet or .csv",
            )
        from yidi.adapters.claims_table import write_table
        from yidi.demo_data.synthetic import claims_table

        try:
            write_table(claims_table(rows, seed=seed), output)
        except OSError as exc:
            raise InvalidInput.of(
                "--output", f"无法写出 {output}（{exc.strerror}）", f"cannot write {output}: {exc.strerror}"
            ) from None
    typer.echo(f"已写出 {rows:,} 笔合成结算数据 → {output}", err=True)


@app.command("remove")
def remove_cmd() -> None:
    """删除仍使用演示密码的演示账号并停用仍使用演示密钥的演示医院（正式启用前运行）。"""
    from yidi.adapters.db import session_factory
    from yidi.entrypoints.cli.staff import migrated_engine, run_json
    from yidi.service_layer import demo_credentials
    from yidi.service_layer.hospital.uow import HospitalUnitOfWork

    sessions = session_factory(migrated_engine())
    run_json(lambda: {"removed": demo_credentials.remove(lambda: HospitalUnitOfWork(sessions)).as_dict()})


@app.command("supervision")
def supervision_cmd() -> None:
    """写入本月基金监管演示数据（先写入演示医院、人员和账号）：命中主要审核规则的结算、跨省住院3万元以上的协查、问题协同与检查计划。"""
    from yidi.adapters.db import session_factory
    from yidi.entrypoints.cli.staff import migrated_engine, run_json
    from yidi.service_layer.demo_supervision import seed_supervision
    from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

    sessions = session_factory(migrated_engine())

    def go() -> object:
        from yidi.service_layer.demo_seed import seed

        factory = lambda: SqlAlchemyUnitOfWork(sessions)  # noqa: E731
        seed(factory)  # the demo hospitals, persons and accounts first (idempotent)
        return seed_supervision(factory)

    run_json(go)
