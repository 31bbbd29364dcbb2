"""What the staff-scripting CLIs (`yidi filing`, `yidi claims`) share: the acting user and
channel, the business date, a unit of work on the configured database, and JSON output with the
core's refusals turned into exit code 2."""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from yidi.domain.actors import Actor
from yidi.domain.filing.dates import parse_date
from yidi.entrypoints.cli.errors import cli_errors

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

ActorOpt = Annotated[str | None, typer.Option("--actor", help="role:user，默认 staff:$USER")]
ChannelOpt = Annotated[str, typer.Option("--channel", help="办理渠道，默认 counter")]
TodayOpt = Annotated[str | None, typer.Option("--today", help="按此日期办理（YYYY-MM-DD），默认今天")]


def run_json(fn: Callable[[], Any]) -> None:
    """Run a use case and print its result as JSON; refusals and bad input exit with code 2."""
    with cli_errors():
        result = fn()
    typer.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))


def staff_actor(actor: str | None, channel: str) -> Actor:
    return Actor.parse(actor or f"staff:{_login_name()}", channel)


def _login_name() -> str:
    """The operating-system user running the command (the default acting staff member)."""
    try:
        return getpass.getuser()
    except OSError:  # no login name (a container without a passwd entry)
        return "cli"


def business_day(text: str | None) -> date | None:
    return parse_date(text, "today") if text else None


def migrated_engine() -> Engine:
    """The configured database, which must be migrated: otherwise the reason (run ``yidi filing db
    upgrade``) on stderr and exit code 2, not a "no such table" traceback."""
    from yidi.adapters.db import make_engine
    from yidi.adapters.migrate import DatabaseNotMigrated, require_current

    engine = make_engine()
    try:
        require_current(engine)
    except DatabaseNotMigrated as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=2) from None
    return engine


def staff_uow(today: str | None = None) -> SqlAlchemyUnitOfWork:
    """A unit of work on ``YIDI_DATABASE_URL`` (or the SQLite file), its clock fixed to ``today``."""
    from yidi.adapters.db import session_factory
    from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork as Uow

    day = business_day(today)
    clock: Callable[[], date] = (lambda: day) if day else date.today
    return Uow(session_factory(migrated_engine()), clock=clock)
