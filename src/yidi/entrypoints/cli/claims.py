"""CLI group ``yidi claims``: staff batch work over the same services as the API.

Output is JSON on stdout; refusals and bad input are JSON on stderr with exit code 2. The
database is ``YIDI_DATABASE_URL`` or the SQLite file under ``$YIDI_DATA_DIR``; ``--today``
runs a step as of another day (back-office catch-up, tests).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from yidi.domain.errors import InvalidInput
from yidi.entrypoints.cli.errors import cli_errors
from yidi.entrypoints.cli.staff import (
    ActorOpt,
    ChannelOpt,
    TodayOpt,
    business_day,
    run_json,
    staff_actor,
    staff_uow,
)

app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="手工报销：材料清单、提交、受理、退回、审核、审批、拨付、超期清单",
)


def _json(path: Path) -> Any:
    """A JSON document from a file, or from standard input for ``-``."""
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInput.of(str(path), f"无法读取 JSON：{exc}", f"cannot read JSON: {exc}") from None


def _services() -> Any:
    from yidi.service_layer import claims_services

    return claims_services


@app.command("types")
def types() -> None:
    """报销类型及其一次性告知材料清单。"""
    run_json(lambda: _services().describe_types())


@app.command("materials")
def materials(claim_type: str) -> None:
    """某类报销所需的全部材料。"""
    run_json(lambda: _services().describe_materials(claim_type))


@app.command("submit")
def submit(
    request: Annotated[
        Path, typer.Argument(help="JSON 文件（同 POST /api/v1/claims 的请求体），- 为标准输入")
    ],
    actor: ActorOpt = None,
    channel: ChannelOpt = "counter",
    today: TodayOpt = None,
) -> None:
    """提交报销申请（单位经办人员窗口代办为默认）。"""

    def go() -> Any:
        body = _json(request)
        if not isinstance(body, dict) or "id_number" not in body or "claim_type" not in body:
            raise InvalidInput.of(
                "<request>", "须含 id_number 和 claim_type", "id_number and claim_type required"
            )
        idn = str(body.pop("id_number"))
        return _services().submit_claim(staff_uow(today), staff_actor(actor, channel), idn, **body)

    run_json(go)


def _step(name: str, claim_id: str, actor: str | None, channel: str, today: str | None, **kw: Any) -> None:
    run_json(
        lambda: getattr(_services(), name)(staff_uow(today), staff_actor(actor, channel), claim_id, **kw)
    )


@app.command("accept")
def accept(
    claim_id: str, actor: ActorOpt = None, channel: ChannelOpt = "counter", today: TodayOpt = None
) -> None:
    """受理（材料齐全）。"""
    _step("accept_claim", claim_id, actor, channel, today)


@app.command("return")
def return_(
    claim_id: str,
    problem: Annotated[
        list[str] | None, typer.Option("--problem", help="不合格须重交的材料代码，可多次")
    ] = None,
    note: Annotated[str, typer.Option("--note")] = "",
    actor: ActorOpt = None,
    channel: ChannelOpt = "counter",
    today: TodayOpt = None,
) -> None:
    """退回补正（至多一次，列全所缺材料）。"""
    _step("return_claim", claim_id, actor, channel, today, problems=problem or [], note=note)


@app.command("resubmit")
def resubmit(
    claim_id: str,
    material: Annotated[list[str], typer.Option("--material", help="补交的材料代码，可多次")],
    actor: ActorOpt = None,
    channel: ChannelOpt = "counter",
    today: TodayOpt = None,
) -> None:
    """补正材料后重新提交。"""
    _step("resubmit_claim", claim_id, actor, channel, today, materials=material)


@app.command("review")
def review(
    claim_id: str,
    refund_fen: Annotated[int | None, typer.Option("--refund-fen", help="个人账户返还金额（分）")] = None,
    evidence: Annotated[
        Path | None,
        typer.Option("--evidence", help="按病历录入的急危重病证据 JSON（disease, facts, outcome）"),
    ] = None,
    actor: ActorOpt = None,
    channel: ChannelOpt = "counter",
    today: TodayOpt = None,
) -> None:
    """审核：核对急危重病证据、计算金额。"""
    with cli_errors():
        facts = _json(evidence) if evidence else None
    _step("review_claim", claim_id, actor, channel, today, refund_fen=refund_fen, evidence=facts)


@app.command("approve")
def approve(
    claim_id: str, actor: ActorOpt = None, channel: ChannelOpt = "counter", today: TodayOpt = None
) -> None:
    """审批同意（须与审核人不同）。"""
    _step("approve_claim", claim_id, actor, channel, today)


@app.command("reject")
def reject(
    claim_id: str,
    reason: Annotated[str, typer.Option("--reason", help="不予报销理由（中文）")] = "",
    clause: Annotated[str, typer.Option("--clause", help="依据条款")] = "",
    actor: ActorOpt = None,
    channel: ChannelOpt = "counter",
    today: TodayOpt = None,
) -> None:
    """不予报销（理由与条款；留空则采用审核结论）。"""
    _step("reject_claim", claim_id, actor, channel, today, reason_zh=reason, clause=clause)


@app.command("pay")
def pay(
    claim_id: str, actor: ActorOpt = None, channel: ChannelOpt = "counter", today: TodayOpt = None
) -> None:
    """拨付（更新本年累计，扣减待遇差）。"""
    _step("pay_claim", claim_id, actor, channel, today)


@app.command("show")
def show(claim_id: str) -> None:
    """申请详情、回执、金额说明与历史。"""
    run_json(lambda: _services().get_claim(staff_uow(), claim_id))


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option("--status")] = None,
    id_number: Annotated[str | None, typer.Option("--id-number")] = None,
) -> None:
    """待办队列或某人的申请。"""
    run_json(lambda: _services().list_claims(staff_uow(), status=status, id_number=id_number))


@app.command("overdue")
def overdue(today: TodayOpt = None) -> None:
    """超过承诺办结日期的申请。"""
    run_json(lambda: _services().overdue_claims(staff_uow(today), business_day(today)))


@app.command("release-holds")
def release_holds(actor: ActorOpt = None, today: TodayOpt = None) -> None:
    """每日任务：备案材料已补齐的承诺制申请恢复审核。"""
    run_json(lambda: _services().release_holds(staff_uow(today), staff_actor(actor, "system")))


@app.command("annual-subsidy")
def annual_subsidy(year: Annotated[int, typer.Option("--year", help="自然年度")]) -> None:
    """重特大疾病医疗费用年度补助：该年度直接结算的个人负担按人汇总后的补助清单（辽医保中心发〔2021〕45号 三(一)）。"""
    from yidi.service_layer.annual_subsidy import catastrophic_subsidies

    run_json(lambda: catastrophic_subsidies(staff_uow(), year))
