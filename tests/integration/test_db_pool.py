"""Pooled PostgreSQL connections: pinged only after being idle (adapters/db.py, issue 14 §5).

``pool_pre_ping`` cost a round trip before every transaction; now a connection idle for longer
than ``IDLE_PING_SECONDS`` is pinged and, when its server side is gone, replaced — so a restart of
the database or a dropped idle connection still costs no request."""

from __future__ import annotations

import os
from typing import Any

import pytest
from sqlalchemy import text

from yidi.adapters import db

PG_URL = os.environ.get("YIDI_TEST_DATABASE_URL")
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="YIDI_TEST_DATABASE_URL not set"),
]


def test_a_connection_in_steady_use_is_not_pinged(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = db.make_engine(PG_URL)
    pings: list[Any] = []
    real = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda c: pings.append(c) or real(c))
    try:
        for _ in range(5):
            with engine.begin() as conn:
                assert conn.execute(text("SELECT 41 + 1")).scalar_one() == 42
                record = conn.connection._connection_record  # type: ignore[attr-defined]
        assert pings == []
        record.info["idle_since"] -= db.IDLE_PING_SECONDS + 1
        with engine.begin() as conn:
            conn.execute(text("SELECT 1"))
        assert len(pings) == 1
    finally:
        engine.dispose()


def test_an_idle_connection_whose_server_side_is_gone_is_replaced() -> None:
    engine = db.make_engine(PG_URL)
    other = db.make_engine(PG_URL)
    try:
        with engine.connect() as conn:
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
            record = conn.connection._connection_record  # type: ignore[attr-defined]
        with other.begin() as admin:  # the database drops the connection (a restart, a firewall)
            admin.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        record.info["idle_since"] -= db.IDLE_PING_SECONDS + 1  # it has been idle long enough
        with engine.begin() as conn:  # no error: a fresh connection replaced the dead one
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
    finally:
        engine.dispose()
        other.dispose()
