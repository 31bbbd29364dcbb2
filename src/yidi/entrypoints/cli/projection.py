"""`yidi projection run --region R --from YYYY-MM --to YYYY-MM [--overlay FILE] --json`: 基金测算 over
the settlements recorded for persons insured in R (docs/projection.md). An overlay is checked
against the 2025 guidance first; items off the guidance are listed on stderr (the projection
still runs: the policy maker decides)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from yidi.entrypoints.cli.errors import cli_errors
from yidi.entrypoints.cli.staff import staff_uow

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True)


@app.command("run")
def run_cmd(
    region: Annotated[str, typer.Option("--region", help="参保地统筹区代码")],
    first: Annotated[str, typer.Option("--from", help="起始月份 YYYY-MM（按结算日期）")],
    last: Annotated[str, typer.Option("--to", help="结束月份 YYYY-MM")],
    overlay: Annotated[Path | None, typer.Option("--overlay", help="政策调整方案 YAML")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """用同一结算内核重算所选月份已记录的结算：现行政策（基线）与调整方案对比，及对可支付月数的影响。"""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from yidi.entrypoints.cli.policy import _overlays
    from yidi.service_layer import fund_projection as fp

    err = Console(stderr=True)
    with cli_errors():
        w = fp.window(first, last)
        overlays = _overlays(overlay)
        if overlays:
            _warn_compliance(region, w, overlays, err)
        with Progress(
            TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err, transient=True
        ) as bar:
            task = bar.add_task("读取结算记录", total=5)

            def step(stage: str, n: int) -> None:
                bar.update(task, advance=1, description=f"{stage}完成（{n:,} 笔）")

            result = fp.run(staff_uow(), region, w, overlays, step)
    if result.unreproduced:
        err.print(
            f"注意：{len(result.unreproduced)} 笔结算或手工报销未能按原记录重现：{', '.join(result.unreproduced[:10])}"
        )
    body = result.as_json()
    if as_json:
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    labels = {"claims": "结算与手工报销笔数", "fund_pay_sumamt": "基金支付合计", "hifp_pay": "统筹基金", "hifob_pay": "大额",
              "cvlserv_pay": "公务员补助", "psn_part_amt": "个人负担"}  # fmt: skip
    for key, label in labels.items():
        typer.echo(
            f"{label}：基线 {body['baseline'][key]}，方案 {body['reform'][key]}，变化 {body['delta'][key]}"
        )
    rm = body["reserve_months"]
    typer.echo(f"可支付月数：{rm['before'] or '—'} → {rm['after'] or '—'}")


def _warn_compliance(region: str, w: object, overlays: dict[str, object], err: object) -> None:
    """The overlay against the 2025 guidance, on the last day of the window, before projecting."""
    from yidi.domain.errors import YidiError
    from yidi.service_layer.fund_compliance import compliance
    from yidi.service_layer.fund_projection import Window

    assert isinstance(w, Window)
    try:
        body = compliance(region, w.end, overlays)  # type: ignore[arg-type]
    except YidiError:
        return  # no local standard recorded for the region: nothing to hold the overlay against
    off = [i for i in body["items"] if i["compliant"] is False]
    if off:
        err.print(  # type: ignore[attr-defined]
            f"调整方案有 {len(off)} 项不在2025年通知的指导范围内"
            f"（全部：yidi policy compliance --region {region} --date {w.end} --overlay FILE）：",
            soft_wrap=True,
        )
    for i in off[:5]:
        err.print(  # type: ignore[attr-defined]
            f"  {i['parameter']} {i['category']} {i['level']}：取值 {i['value']}，本地 {i['local_value']}，"
            f"偏离 {i['deviation']}（指导 {i['guidance']}±{i['tolerance']}）",
            soft_wrap=True,
        )
