"""Alembic environment: uses the connection handed over by ``upgrade_database`` or opens one
from ``config.attributes['url']`` / ``YIDI_DATABASE_URL``. SQLite ALTERs run in batch mode."""

from __future__ import annotations

from alembic import context

from yidi.adapters import (  # noqa: F401  (register their tables for autogenerate)
    orm_claims,
    orm_clearing,
    orm_contacts,
    orm_fund,
    orm_hospital,
    orm_outbox,
    orm_security,
    orm_supervision,
    orm_users,
)
from yidi.adapters.db import make_engine
from yidi.adapters.orm import metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.attributes.get("url"))
    with engine.begin() as conn:
        _run(conn)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
