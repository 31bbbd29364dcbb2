"""Storage of the short reference numbers (``domain/short_refs.py``): one counter row per kind
and business day in ``ref_counters``, taken with a single upsert (``INSERT … ON CONFLICT DO
UPDATE … RETURNING``) in the caller's transaction. On PostgreSQL a concurrent transaction waits on
the counter row until the first commits or rolls back, then continues from its value; SQLite holds
the database write lock for the whole transaction. The unique keys on ``filings.ref_no`` and
``claims.ref_no`` stay as the last guard.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Connection, Date, Integer, String, Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from yidi.adapters.orm import metadata
from yidi.domain.short_refs import RefKind, format_ref

ref_counters = Table(
    "ref_counters",
    metadata,
    Column("kind", String(2), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("last", Integer, nullable=False),
)


def next_ref(conn: Connection, kind: RefKind, day: date) -> str:
    """The next reference number of ``kind`` on ``day``, counted in this transaction."""
    insert_ = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    upsert = (
        insert_(ref_counters)
        .values(kind=str(kind), day=day, last=1)
        .on_conflict_do_update(
            index_elements=[ref_counters.c.kind, ref_counters.c.day], set_={"last": ref_counters.c.last + 1}
        )
        .returning(ref_counters.c.last)
    )
    return format_ref(kind, day, int(conn.execute(upsert).scalar_one()))
