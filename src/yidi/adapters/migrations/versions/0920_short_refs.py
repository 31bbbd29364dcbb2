"""Short reference numbers (issue 19 scope 6): ``filings.ref_no`` (BA…) and ``claims.ref_no``
(BX…) with unique indexes, the per-kind daily counter ``ref_counters`` (adapters/short_refs.py),
and numbers for every existing row: per kind and business day (filed_on / submitted_on) in the
order the rows were created there (then by id), the counters left at the last number given.

Revision ID: 0920_short_refs
Revises: 0910_filing_outbox
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0920_short_refs"
down_revision = "0910_filing_outbox"
branch_labels = None
depends_on = None

_TABLES = (("filings", "filed_on", "BA"), ("claims", "submitted_on", "BX"))


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def upgrade() -> None:
    op.create_table(
        "ref_counters",
        sa.Column("kind", sa.String(length=2), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "day"),
    )
    for table, _day_column, _kind in _TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("ref_no", sa.String(length=24), nullable=True))
    conn = op.get_bind()
    counters = sa.table(
        "ref_counters", sa.column("kind", sa.String), sa.column("day", sa.Date), sa.column("last", sa.Integer)
    )
    for table, day_column, kind in _TABLES:
        rows = conn.execute(sa.text(f"SELECT id, {day_column} FROM {table} ORDER BY {day_column}, id")).all()
        last: dict[date, int] = defaultdict(int)
        for row_id, raw_day in rows:
            day = _day(raw_day)
            last[day] += 1
            ref = f"{kind}{day:%Y%m%d}-{last[day]:04d}"
            conn.execute(
                sa.text(f"UPDATE {table} SET ref_no = :ref WHERE id = :id"), {"ref": ref, "id": row_id}
            )
        if last:
            op.bulk_insert(counters, [{"kind": kind, "day": d, "last": n} for d, n in last.items()])
        op.create_index(f"ux_{table}_ref_no", table, ["ref_no"], unique=True)


def downgrade() -> None:
    for table, _day_column, _kind in _TABLES:
        op.drop_index(f"ux_{table}_ref_no", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("ref_no")
    op.drop_table("ref_counters")
