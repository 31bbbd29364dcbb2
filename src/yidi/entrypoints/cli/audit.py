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


def _screening() -> Any:
    from yidi.service_layer import supervision_screening

    return supervision_screening


@app.command("sample")
def sample(
    hospital: Annotated[str, typer.Option("--hospital", help="定点医疗机构编码")],
    month: MonthOpt,
    size: Annotated[int, typer.Option("--size", help="样本量（另加最高金额层全部）")] = 30,
    extrapolate: Annotated[bool, typer.Option("--extrapolate", help="抽中的结算审核完后，外推本月差错率与追回额")] = False,
    json_: JsonOpt = True,
) -> None:
    """按金额分层随机抽取某医院某月的异地结算（同一医院同一月份抽中的相同），或外推审核结果。"""
    s = _screening()
    run_json(lambda: (s.extrapolate if extrapolate else s.sample)(staff_uow(), hospital, month, size))


@app.command("screen")
def screen(month: MonthOpt, json_: JsonOpt = True) -> None:
    """异常筛查：次均费用、住院日、自费比例、乙类占比明显高于同级同类的，其最大几笔进入审核队列。"""
    run_json(lambda: _screening().screen_month(staff_uow(), month))


@app.command("escalate")
def escalate(today: TodayOpt = None, json_: JsonOpt = True) -> None:
    """逾期未答复的协查升级督办（每日运行）。"""

    def go() -> Any:
        from datetime import UTC, datetime, time

        from yidi.service_layer import supervision_xiecha

        day = business_day(today)
        now = datetime.combine(day, time(12), tzinfo=UTC) if day else None
        return {"escalated": supervision_xiecha.escalate_overdue(staff_uow(today), now=now)}

    run_json(go)
