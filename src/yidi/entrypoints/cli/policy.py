"""`yidi policy list` and `yidi policy show REGION [--date D]`: the benefit policy as a Chinese
table, every value with its effective dates and source; `yidi policy compliance --region R --date D
[--overlay FILE] --json`: the temporary-visit values against the 2025 guidance (docs/operations.md)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from yidi.domain.errors import InvalidInput
from yidi.entrypoints.cli.errors import cli_errors

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True)


@app.command("list")
def list_cmd(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """列出有待遇政策数据的统筹区。"""
    from rich.console import Console
    from rich.table import Table

    from yidi.policy.loader import available_regions, load_region

    with cli_errors():
        rows = [load_region(r) for r in available_regions()]
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "region": p.region,
                        "name": p.name,
                        "valid_from": p.valid_from.isoformat(),
                        "insutypes": list(p.schemes),
                    }
                    for p in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table(title="待遇政策（统筹区）")
    for col in ("统筹区", "名称", "数据起始日期", "险种"):
        table.add_column(col)
    for p in rows:
        table.add_row(
            p.region,
            p.name,
            p.valid_from.isoformat(),
            "、".join(f"{k} {s.name}" for k, s in p.schemes.items()),
        )
    Console().print(table)


def _parse_day(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput.of(
            "--date", f"日期无效：{text}（应为 YYYY-MM-DD）", f"invalid date {text}: use YYYY-MM-DD"
        ) from None


@app.command("show")
def show_cmd(
    region: Annotated[str, typer.Argument(help="统筹区代码，如 219900")],
    on: Annotated[str | None, typer.Option("--date", help="取值日期，默认今天")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """显示某统筹区在某日有效的全部待遇参数及其来源。"""
    from rich.console import Console
    from rich.table import Table

    from yidi.domain.settlement.explain import param_entry
    from yidi.domain.settlement.parameters import DIMENSION_LABELS, DIMENSIONS, PARAMS
    from yidi.policy.loader import load_region

    out = Console()
    with cli_errors():
        policy = load_region(region)
        day = _parse_day(on)
    values = [v for name in PARAMS for v in policy.params[name] if v.covers(day)]
    if as_json:
        typer.echo(
            json.dumps(
                [{**param_entry(v), "when": {d: sorted(c) for d, c in v.selector}} for v in values],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    table = Table(title=f"{policy.name}（{policy.region}）待遇政策，{day.isoformat()} 有效", show_lines=False)
    for col in ("参数", "适用范围", "取值", "生效", "来源", "假设"):
        table.add_column(col, overflow="fold")
    for v in values:
        entry = param_entry(v)
        scope = (
            "；".join("/".join(sorted(policy.class_label(d, k) for k in c)) for d, c in v.selector) or "全部"
        )
        shown = (
            f"{v.value / 100:g}%"
            if PARAMS[v.name].kind == "ratio" and isinstance(v.value, int)
            else entry["value"]
        )
        table.add_row(
            entry["label"],
            scope,
            shown,
            f"{entry['from']}～{entry['to'] or ''}",
            entry["source"],
            "是" if v.assumption else "",
        )
    out.print(table)
    for insutype, scheme in policy.schemes.items():
        maps = "；".join(
            f"{DIMENSION_LABELS[dim]}：" + "，".join(f"{k}→{m.label}" for k, m in scheme.maps[dim].items())
            for dim in DIMENSIONS[1:]
        )
        out.print(f"[bold]{insutype} {scheme.name}[/bold] {maps}")


@app.command("compliance")
def compliance_cmd(
    region: Annotated[str, typer.Option("--region", help="统筹区代码，如 211200")],
    on: Annotated[str, typer.Option("--date", help="对照日期 YYYY-MM-DD")],
    overlay: Annotated[
        Path | None, typer.Option("--overlay", help="政策调整方案 YAML（先对照再测算）")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """对照2025年通知：临时就医起付标准约为本地同级2.5倍、支付比例下调约10（20）个百分点。"""
    from yidi.service_layer.fund_compliance import compliance

    with cli_errors():
        day = _parse_day(on)
        overlays = _overlays(overlay)
        body = compliance(region, day, overlays)
    if as_json:
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{region} 临时就医待遇对照2025年通知（{day.isoformat()}）")
    for col in (
        "参数",
        "类别",
        "医院等级",
        "取值",
        "本地同级",
        "指导",
        "偏离",
        "容差",
        "符合",
        "本地值为假设",
    ):
        table.add_column(col)
    for i in body["items"]:
        ok = {True: "是", False: "否", None: "—"}[i["compliant"]]
        table.add_row(
            {"deductible": "起付标准", "pooled_ratio": "统筹比例"}[i["parameter"]],
            {"referral": "转诊", "emergency": "急诊", "temporary": "临时外出"}[i["category"]], i["level"],
            i["value"], i["local_value"], i["guidance"],
            str(i["deviation"]), i["tolerance"], ok, "是" if i["local_is_assumption"] else "",
        )  # fmt: skip
    Console().print(table)


def _overlays(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    from yidi.policy.overlay import overlays_from_text

    if not path.is_file():
        raise InvalidInput.of("--overlay", f"找不到文件：{path}", f"file not found: {path}")
    return overlays_from_text(path.read_text(encoding="utf-8"), path.name)
