"""CLI group ``yidi filing outbox``: the onward report of filing events (seed 002 第十四条) —
deliver what is due (``drain``, e.g. every minute from cron), list the undelivered, retry one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from yidi.entrypoints.cli.staff import ActorOpt, run_json, staff_actor, staff_uow

if TYPE_CHECKING:
    from yidi.adapters.onward_receivers import OnwardReceiver

app = typer.Typer(
    rich_markup_mode=None,
    no_args_is_help=True,
    help="备案信息上报（上报至部级经办机构）：发送、查看未上报、重试",
)


def _receiver() -> OnwardReceiver:
    from yidi import settings
    from yidi.adapters.onward_receivers import receiver_for

    return receiver_for(settings.current())


@app.command("drain")
def drain(
    actor: ActorOpt = "system:onward-report",
    limit: Annotated[int, typer.Option(min=1, help="本次最多发送条数")] = 500,
) -> None:
    """发送到期的备案事件（失败的按退避间隔重试）."""
    from yidi.service_layer import onward_report as report

    run_json(lambda: report.drain(staff_uow(), staff_actor(actor, "system"), _receiver(), limit=limit))


@app.command("list")
def list_events(
    actor: ActorOpt = "",
    status: Annotated[
        list[str] | None, typer.Option(help="pending / failed / delivered，可重复；默认未上报的")
    ] = None,
    limit: int = 200,
) -> None:
    """列出备案事件及其上报状态、失败原因."""
    from yidi.service_layer import onward_report as report

    statuses = tuple(status) if status else report.UNDELIVERED
    run_json(lambda: report.listing(staff_uow(), staff_actor(actor, "counter"), statuses, limit))


@app.command("retry")
def retry(event_id: str, actor: ActorOpt = "") -> None:
    """立即重试一条未上报的事件."""
    from yidi.service_layer import onward_report as report

    run_json(lambda: report.retry(staff_uow(), staff_actor(actor, "counter"), event_id, _receiver()))
