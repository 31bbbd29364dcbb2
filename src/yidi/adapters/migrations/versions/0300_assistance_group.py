"""Assistance group (困难群体) of the insured person: 特困 / 低保 / 返贫致贫 / 监测帮扶, for the
continued deductible in an in-province referral chain (起付线连续计算, seed 001 四.3; issue 5).

Revision ID: 0300_assistance_group
Revises: 0400_users (see note)
Create Date: 2026-11-23

Note: planned as ``down_revision = "0200_claims"``, but ``0400_users`` (web sign-in, issue 7)
already revises ``0200_claims``; two heads would break ``alembic upgrade head``, so this revision
follows ``0400_users`` until the two are ordered by whoever merges them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0300_assistance_group"
down_revision = "0400_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("insured_persons") as batch:
        batch.add_column(sa.Column("assistance_group", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("insured_persons") as batch:
        batch.drop_column("assistance_group")
