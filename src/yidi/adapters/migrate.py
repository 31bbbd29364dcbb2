"""Run the Alembic migrations programmatically (``yidi filing db upgrade``, ``yidi serve``; tests
use it too, so the migrations are what the tests exercise) and check that a database is migrated
before a server uses it."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

from yidi.adapters.db import make_engine
from yidi.domain.errors import FieldProblem, InvalidInput

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
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        try:
            with connection.begin():
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, revision)
                if sqlite:
                    _refuse_dangling_references(connection)
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)
    return engine


def _sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    """SQLite ALTERs in batch mode copy a table and drop the old one; with foreign keys enforced,
    dropping a table that other rows reference (``insured_persons`` under filings and visits)
    fails. SQLite's documented procedure: switch enforcement off outside the transaction (the
    pragma is a no-op inside one), migrate, check every reference, switch it back on. Sent on the
    driver's connection, so it is not wrapped in the transaction SQLAlchemy would begin."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    finally:
        cursor.close()


def _refuse_dangling_references(connection: Connection) -> None:
    """Inside the migration's transaction: a reference left without its row rolls it all back."""
    dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if dangling:
        raise RuntimeError(f"migration left {len(dangling)} dangling references, e.g. {tuple(dangling[0])}")


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision the migrations of this version of yidi know."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("")).get_current_head()


class DatabaseNotMigrated(InvalidInput):
    """The database lacks yidi's tables or is at an older revision: a server would answer every
    request with an error, so it does not start (the configured database is the bad input)."""

    def __init__(self, database: str, revision: str | None, head: str | None) -> None:
        super().__init__(
            FieldProblem(
                "database",
                f"数据库 {database} 尚未建立或不是最新版本（当前 {revision or '无'}，应为 {head}）："
                "请先运行 yidi filing db upgrade（yidi serve 启动时会自动升级）",
                f"database {database} is not migrated (revision {revision or 'none'}, expected {head}): "
                "run `yidi filing db upgrade` first (`yidi serve` upgrades by itself)",
            )
        )

    def __str__(self) -> str:
        return f"{self.problems[0].zh}\n{self.problems[0].en}"


def require_current(engine: Engine) -> None:
    """Refuse (``DatabaseNotMigrated``) a database whose revision is not the migrations' head."""
    revision, head = current_revision(engine), head_revision()
    if revision != head:
        raise DatabaseNotMigrated(engine.url.render_as_string(hide_password=True), revision, head)
