"""CLI group ``yidi audit`` (基金监管): the monthly review run and the 协查 candidates.

Keep exactly (issue 17 §8): ``yidi audit run --month YYYY-MM [--today YYYY-MM-DD] --json`` prints
``{"hits": [{"setl_id", "rule", "severity", "clause", "detail"}], "reviewed_ratio": "0.00".."1.00"}``
(idempotent: a re-run stores nothing new and prints the same); ``yidi audit xiecha --month YYYY-MM
--json`` prints ``{"candidates": [{"setl_id", "insuplc_admdvs", "mdtrtarea_admvs",
"medfee_sumamt"}]}``. Refusals exit 2 with the problem document on stderr.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from yidi.entrypoints.cli.staff import TodayOpt, business_day, run_json, staff_uow

app = typer.Typer(rich_markup_mode=None, no_args_is_help=True, help="基金监管：智能审核、协查对象")

MonthOpt = Annotated[str, typer.Option("--month", help="结算月份 YYYY-MM")]
JsonOpt = Annotated[bool, typer.Option("--json", help="以 JSON 输出（默认即 JSON）")]


def _review() -> Any:
    from yidi.service_layer import supervision_review

    return supervision_review


@app.command("run")
def run(month: MonthOpt, today: TodayOpt = None, json_: JsonOpt = True) -> None:
    """对某月全部异地结算运行审核规则（可重复运行），输出命中与审核率。"""

    def go() -> Any:
        review = _review()
        month_ = review.parse_month(month)
        return review.run_month(staff_uow(today), month_, today=business_day(today))

    run_json(go)


@app.command("xiecha")
def xiecha(month: MonthOpt, json_: JsonOpt = True) -> None:
    """某月跨省住院费用超过协查金额的结算（协查对象）。"""
    run_json(lambda: _review().xiecha_candidates(staff_uow(), month))
