"""A person's insurance status (参保状态: active, suspended, terminated; seed 002 第十三条(二);
issue 15): ``insured_persons.insurance_status``, every existing person active.

Revision ID: 0830_seed_filing
Revises: 0880_ui
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0830_seed_filing"
down_revision = "0880_ui"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("insured_persons") as batch:
        batch.add_column(
            sa.Column("insurance_status", sa.String(12), nullable=False, server_default="active")
        )


def downgrade() -> None:
    with op.batch_alter_table("insured_persons") as batch:
        batch.drop_column("insurance_status")
