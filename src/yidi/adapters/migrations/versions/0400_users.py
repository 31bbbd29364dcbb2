"""Web sign-in accounts (issue 7): one table, passwords as argon2 hashes only.

The column list is frozen here (not imported from ``adapters/orm_users.py``) so later model
changes need a new revision.

Revision ID: 0400_users
Revises: 0200_claims
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0400_users"
down_revision = "0200_claims"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=True),
        sa.Column("hospital_code", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("web_users")
