"""Test databases copied from templates built once per test session.

Migrating a database takes ~0.2 s on SQLite and ~0.5–1 s on PostgreSQL, and the demo data (eight
hospitals, five persons, a filing, five accounts, two stays settled through the national
transactions) takes seconds more; copying a built database takes a millisecond on SQLite (a file
copy) and ~0.1 s on PostgreSQL (``CREATE DATABASE … TEMPLATE …``). So each kind of database is
built once, by the same code a real installation runs (``upgrade_database``, ``demo_seed.seed``),
and every test gets its own copy: tests stay independent and never see each other's rows.

Kinds: ``None`` (an empty database), ``MIGRATED`` (the schema of the Alembic migrations, no rows
but what they insert) and ``DEMO`` (migrated, then ``demo_seed.seed``: the demo hospitals, persons,
filing, accounts and settlements).

PostgreSQL: each copy is a database of its own (``yidi_t_…``), dropped after its test in a
background thread (PostgreSQL 15 checkpoints on ``DROP DATABASE``, which is slow to wait for); the
templates (``yidi_tpl_…``) are dropped at the end of the session.
"""

from __future__ import annotations

import queue
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine, create_engine, make_url, text

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


class PostgresCopies:
    """Template databases on the server of ``YIDI_TEST_DATABASE_URL``, cloned per test."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.templates: dict[str, str] = {}
        self.lock = threading.Lock()
        self.drops: queue.Queue[str | None] = queue.Queue()
        self.dropper = threading.Thread(target=self._drop_loop, name="drop-test-databases", daemon=True)
        self.dropper.start()

    def url_of(self, database: str) -> str:
        return self.url.set(database=database).render_as_string(hide_password=False)

    def new(self, kind: str | None) -> str:
        name = f"yidi_t_{uuid.uuid4().hex[:12]}"
        template = f' TEMPLATE "{self._template(kind)}"' if kind is not None else ""
        self._execute(f'CREATE DATABASE "{name}"{template}')
        return self.url_of(name)

    def _template(self, kind: str) -> str:
        with self.lock:
            if kind not in self.templates:
                name = f"yidi_tpl_{kind}_{uuid.uuid4().hex[:8]}"
                self._execute(f'CREATE DATABASE "{name}"')
                BUILDERS[kind](self.url_of(name)).dispose()  # no connection may stay: it is copied
                self.templates[kind] = name
            return self.templates[kind]

    def discard(self, url: str) -> None:
        self.drops.put(make_url(url).database)

    def _drop_loop(self) -> None:
        while (name := self.drops.get()) is not None:
            self._drop(name)

    def _drop(self, name: str) -> None:
        # FORCE: a test may leave a connection open (an engine it did not dispose)
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def close(self) -> None:
        self.drops.put(None)
        self.dropper.join()
        for name in self.templates.values():
            self._drop(name)
        self.admin.dispose()
