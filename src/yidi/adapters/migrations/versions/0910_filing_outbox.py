"""The outbox of filing events for the onward report (seed 002 第十四条; issue 15): ``filing_outbox``,
written from ``adapters/orm_outbox.py`` and checked against it (``tests/integration/filing/test_filing_db.py``).

Revision ID: 0910_filing_outbox
Revises: 0900_opaque_psn_no
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0910_filing_outbox"
down_revision = "0900_opaque_psn_no"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "filing_outbox",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("event_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("person_id_number", sa.String(length=18), nullable=False),
        sa.Column("filing_id", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    op.create_index("ix_filing_outbox_due", "filing_outbox", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_filing_outbox_due", table_name="filing_outbox")
    op.drop_table("filing_outbox")
