"""Test databases copied from templates built once per test session.

Migrating a database takes ~0.2 s on SQLite and ~1 s on PostgreSQL, and the demo data (eight
hospitals, five persons, a filing, five accounts, two stays settled through the national
transactions) takes seconds more; a copy takes a millisecond on SQLite (a file copy) and tens of
milliseconds on PostgreSQL (a schema). So each kind of database is built once, by the code a real
installation runs (``upgrade_database``, ``demo_seed.seed``), and every test gets its own copy:
tests stay independent and never see each other's rows.

Kinds: ``None`` (empty), ``MIGRATED`` (the schema of the Alembic migrations and the rows they
write) and ``DEMO`` (migrated, then ``demo_seed.seed``: the demo hospitals, persons, filing,
accounts and settlements).
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text

MIGRATED = "migrated"
DEMO = "demo"


def migrated(url: str) -> Engine:
    from yidi.adapters.migrate import upgrade_database

    return upgrade_database(url)


def demo(url: str) -> Engine:
    from yidi.adapters.db import session_factory
    from yidi.service_layer.demo_seed import seed
    from yidi.service_layer.hospital.uow import HospitalUnitOfWork

    engine = migrated(url)
    sessions = session_factory(engine)
    seed(lambda: HospitalUnitOfWork(sessions))
    return engine


BUILDERS: dict[str, Callable[[str], Engine]] = {MIGRATED: migrated, DEMO: demo}


class SqliteCopies:
    """Template files under the session's temporary directory, copied per test."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.templates: dict[str, Path] = {}

    def new(self, kind: str | None, where: Path) -> str:
        target = where / "yidi-test.db"
        if kind is not None:
            shutil.copyfile(self._template(kind), target)
        return f"sqlite:///{target}"

    def _template(self, kind: str) -> Path:
        if kind not in self.templates:
            path = self.workdir / f"template-{kind}.db"
            BUILDERS[kind](f"sqlite:///{path}").dispose()
            with closing(sqlite3.connect(path)) as conn:  # all of the WAL into the file that is copied
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.templates[kind] = path
        return self.templates[kind]

    def discard(self, url: str) -> None:
        """Nothing to do: the file is in the test's tmp_path."""

    def close(self) -> None:
        """Nothing to do: the templates are in the session's temporary directory."""


@dataclass
class SchemaTemplate:
    """A PostgreSQL template: the schema built once, the DDL its migrations sent, which of its
    tables hold rows (in an order foreign keys accept) and where its sequences stand."""

    schema: str
    ddl: list[tuple[str, Any]]
    tables: list[str]
    sequences: list[tuple[str, int, bool]]

    def copy_into(self, conn: Connection, schema: str) -> None:
        """Build ``schema`` as a copy, inside the caller's transaction."""
        conn.exec_driver_sql(f'SET LOCAL search_path TO "{schema}"')
        cursor = conn.connection.cursor()  # the driver's own: each statement exactly as migrating sent it
        for statement, parameters in self.ddl:
            cursor.execute(statement, parameters)
        for table in self.tables:
            cursor.execute(f'INSERT INTO "{schema}"."{table}" SELECT * FROM "{self.schema}"."{table}"')
        for sequence, value, called in self.sequences:
            cursor.execute("SELECT setval(%s, %s, %s)", (f'"{schema}"."{sequence}"', value, called))
        cursor.close()


class PostgresCopies:
    """Template schemas in the database of ``YIDI_TEST_DATABASE_URL``; each test gets a schema of
    its own, built from the DDL the migrations sent (captured while building the template) and the
    template's rows. A schema, not a database: PostgreSQL 15 checkpoints on ``DROP DATABASE``,
    seconds on a busy server, while ``DROP SCHEMA`` takes milliseconds."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.admin = create_engine(url)
        self.templates: dict[str, SchemaTemplate] = {}
        self.schemas: dict[str, str] = {}

    def url_of(self, schema: str) -> str:
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}options=-csearch_path%3D{schema}"

    def new(self, kind: str | None) -> str:
        schema = f"yidi_t_{uuid.uuid4().hex[:12]}"
        template = self._template(kind) if kind is not None else None
        with self.admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            if template is not None:
                template.copy_into(conn, schema)
        url = self.url_of(schema)
        self.schemas[url] = schema
        return url

    def discard(self, url: str) -> None:
        self._drop(self.schemas.pop(url))

    def _drop(self, schema: str) -> None:
        with self.admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

    def _template(self, kind: str) -> SchemaTemplate:
        if kind not in self.templates:
            schema = f"yidi_tpl_{kind}_{uuid.uuid4().hex[:8]}"
            with self.admin.begin() as conn:
                conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            ddl = _ddl_of(lambda: BUILDERS[kind](self.url_of(schema)).dispose())
            with self.admin.connect() as conn:
                self.templates[kind] = SchemaTemplate(
                    schema, ddl, _tables_with_rows(conn, schema), _sequences(conn, schema)
                )
        return self.templates[kind]

    def close(self) -> None:
        for template in self.templates.values():
            self._drop(template.schema)
        self.admin.dispose()


def _ddl_of(build: Callable[[], None]) -> list[tuple[str, Any]]:
    """The statements that shaped the schema, as the driver received them while ``build`` ran
    (reads and row changes are left out: the rows are copied from the template)."""
    sent: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if statement.split(None, 1)[0].upper() not in ("SELECT", "SHOW", "INSERT", "UPDATE", "DELETE"):
            assert not many, statement
            sent.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", capture)
    try:
        build()
    finally:
        event.remove(Engine, "before_cursor_execute", capture)
    unexpected = [
        s for s, _ in sent if s.split(None, 1)[0].upper() not in ("CREATE", "ALTER", "COMMENT", "DROP")
    ]
    assert not unexpected, f"statements a template copy cannot replay: {unexpected}"
    return sent


def _tables_with_rows(conn: Connection, schema: str) -> list[str]:
    """The template's tables that hold rows, parents before children (``metadata`` order)."""
    from yidi.adapters import orm_claims, orm_hospital, orm_users  # noqa: F401  (their tables)
    from yidi.adapters.orm import metadata

    names = conn.execute(
        text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"), {"s": schema}
    ).scalars()
    order = {t.name: i for i, t in enumerate(metadata.sorted_tables)}
    return [
        name
        for name in sorted(names, key=lambda n: order.get(n, -1))
        if conn.execute(text(f'SELECT EXISTS (SELECT 1 FROM "{schema}"."{name}")')).scalar()
    ]


def _sequences(conn: Connection, schema: str) -> list[tuple[str, int, bool]]:
    """Where the template's sequences stand (the copied rows keep their ids; new ones follow)."""
    rows = conn.execute(
        text(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = :s AND last_value IS NOT NULL"
        ),
        {"s": schema},
    )
    return [(name, int(value), True) for name, value in rows]
