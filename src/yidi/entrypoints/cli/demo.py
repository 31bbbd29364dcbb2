"""`yidi demo`: settle the bundled demo bill and print it, explained, in Chinese."""

from __future__ import annotations

import json
from importlib import resources
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from yidi.domain.settlement.result import SETLINFO_LABELS
from yidi.service_layer import desk

out = Console()


def demo_request() -> dict[str, Any]:
    text = (resources.files("yidi") / "demo_data" / "desk_request.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def render(result: dict[str, Any]) -> None:
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


def demo_cmd(as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False) -> None:
    """演示：结算一张示例住院账单（省直退休人员在沈阳三级医院），并逐项说明依据。"""
    request = demo_request()
    result = desk.settle(request)
    if as_json:
        typer.echo(json.dumps({"request": request, "result": result}, ensure_ascii=False, indent=2))
        return
    out.print(
        "[bold]示例结算请求[/bold]：省直（219900）退休职工、公务员，异地安置，沈阳（210100）三级医院住院，2024-05-20 结算"
    )
    render(result)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_cmd)
