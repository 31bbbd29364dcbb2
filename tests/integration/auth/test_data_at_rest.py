"""Data at rest (issue 13 scope 8): a SQLite database yidi creates is 0600 with its -wal and -shm
(they hold password hashes, hospital secrets and the national message log with ID numbers), in a
0700 directory."""

from __future__ import annotations

import stat
from pathlib import Path

from sqlalchemy import text

from yidi.adapters.db import close_engine, make_engine


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_files_are_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "data" / "yidi.db"
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    keep = engine.connect()  # the write-ahead log exists while a connection is open
    for name in ("yidi.db", "yidi.db-wal", "yidi.db-shm"):
        assert mode(db.parent / name) == 0o600, name
    assert mode(db.parent) == 0o700
    keep.close()
    close_engine(engine)
