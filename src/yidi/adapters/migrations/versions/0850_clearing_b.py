"""Clearing phase B (issue 16): the agency a staff account acts for in clearing
(``clearing_agency_staff``), so a region confirms, disputes and pays only its own statements.

Revision ID: 0850_clearing_b
Revises: 0870_fund_ops
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0850_clearing_b"
down_revision = "0870_fund_ops"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clearing_agency_staff",
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=6), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("username"),
    )


def downgrade() -> None:
    op.drop_table("clearing_agency_staff")
