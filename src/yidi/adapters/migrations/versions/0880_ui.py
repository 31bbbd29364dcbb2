"""Help contacts changed by an administrator (issue 19 scope 5): ``agency_contacts``, one row per
pooling region over the packaged defaults. Written from ``adapters/orm_contacts.py`` and checked
against it (``tests/integration/web/test_web_help.py``); later changes need a new revision.

Revision ID: 0880_ui
Revises: 0860_supervision_b
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0880_ui"
down_revision = "0860_supervision_b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency_contacts",
        sa.Column("region", sa.String(length=6), nullable=False),
        sa.Column("agency", sa.String(length=60), nullable=False),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("address", sa.String(length=120), nullable=False),
        sa.Column("hours", sa.String(length=120), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("region"),
    )


def downgrade() -> None:
    op.drop_table("agency_contacts")
