"""Database engine: SQLite by default (a file under the data directory), PostgreSQL via
``YIDI_DATABASE_URL`` (``postgresql+psycopg://user@host:5432/db``) — both from ``yidi.settings``.

SQLite serialises writers; each transaction starts with ``BEGIN IMMEDIATE`` so a read-then-write
use case holds the write lock from its first statement — the SQLite counterpart of the
``SELECT … FOR UPDATE`` on the person row that PostgreSQL uses. SQLite runs in WAL mode; when the
server stops, ``close_engine`` folds the write-ahead log back into the database file, so that file
alone is a complete copy.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from yidi import settings


def database_url() -> str:
    """The configured database (``YIDI_DATABASE_URL`` or ``yidi.db`` in ``YIDI_DATA_DIR``)."""
    return settings.current().database()


def make_engine(url: str | None = None, pool_size: int | None = None) -> Engine:
    """The engine of ``url`` (default: the configured database); ``pool_size`` PostgreSQL
    connections kept open (``YIDI_DATABASE_POOL_SIZE``, passed by the server)."""
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            _owner_only_file(Path(path))
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _sqlite_pragmas(engine)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    pool = pool_size or settings.DEFAULT_POOL_SIZE
    engine = create_engine(url, pool_size=pool, max_overflow=pool)
    _ping_when_idle(engine)
    return engine


IDLE_PING_SECONDS = 10.0


def _ping_when_idle(engine: Engine) -> None:
    """A pooled connection idle for more than ``IDLE_PING_SECONDS`` is pinged before use and
    replaced when the server no longer answers (it restarted, a firewall dropped the idle
    connection) — instead of ``pool_pre_ping``'s round trip before every transaction, which cost
    the hospital interface about a tenth of its time under load (issue 14 §5). A connection in
    steady use is not pinged: if the server goes away between two uses milliseconds apart, that
    one transaction fails like any other mid-transaction failure (the national endpoint answers
    FSI-系统内部错误 and the HIS retries with the same msgid)."""

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the pool drops this connection and checks out a fresh one
            raise DisconnectionError("idle connection no longer answers") from exc


def _owner_only_file(path: Path) -> None:
    """Create a missing database file (and its directory) readable by its owner only — 0600 in a
    0700 directory: it holds password hashes, hospital secrets and the national message log with ID
    numbers. SQLite gives its -wal and -shm files the database file's permissions. An existing
    file keeps the permissions its operator chose."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # another process made it first
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite would defer it)
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    from yidi.adapters.orm import start_mappers

    start_mappers()
    return sessionmaker(bind=engine, expire_on_commit=False)


def close_engine(engine: Engine) -> None:
    """Close every pooled connection; on SQLite first checkpoint the write-ahead log into the
    database file and truncate it (``PRAGMA wal_checkpoint(TRUNCATE)``), so copying ``yidi.db``
    alone after a clean stop copies everything."""
    engine.dispose()  # idle pooled connections first: a checkpoint cannot pass their snapshots
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()  # autocommit (see _sqlite_pragmas), outside any BEGIN
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        engine.dispose()
