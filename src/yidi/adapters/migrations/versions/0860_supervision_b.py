"""Supervision phase B (issue 17): which settlements were reviewed, by the rules or by a person —
the numerator of the monthly 审核率 (seed 004 三(一)).

Revision ID: 0860_supervision_b
Revises: 0840_security
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0860_supervision_b"
down_revision = "0840_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supervision_reviewed",
        sa.Column("setl_id", sa.String(length=30), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("by_rules_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("by_person_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("run_id", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("setl_id"),
    )
    op.create_index("ix_supervision_reviewed_month", "supervision_reviewed", ["month"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_supervision_reviewed_month", table_name="supervision_reviewed")
    op.drop_table("supervision_reviewed")
