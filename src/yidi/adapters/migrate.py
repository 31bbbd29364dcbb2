"""Run the Alembic migrations programmatically (``yidi filing db-upgrade``; tests use it too,
so the migrations are what the tests exercise)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from yidi.adapters.db import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # passed as an attribute, not an ini option, so '%' in passwords needs no escaping
    cfg.attributes["url"] = url
    return cfg


def upgrade_database(url: str | None = None, revision: str = "head") -> Engine:
    """``alembic upgrade head`` on the database at ``url`` (default: the configured one)."""
    engine = make_engine(url)
    cfg = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)
    return engine


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
