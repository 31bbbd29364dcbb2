"""Server errors of every entry point for 每日报错治理 (seed 004 四; issue 18): ``ops_server_errors``
gains ``kind`` (``server_error`` for an unexpected exception, the error kind — ``internal``,
``unavailable`` — for a named server-side refusal) and ``request_id`` (the id the answer carried
in ``X-Request-ID``), so REST and web errors are kept beside the national endpoint's.

Revision ID: 0970_ops_errors
Revises: 0830_seed_filing
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0970_ops_errors"
down_revision = "0830_seed_filing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ops_server_errors") as batch:
        batch.add_column(sa.Column("kind", sa.String(32), nullable=False, server_default="server_error"))
        batch.add_column(sa.Column("request_id", sa.String(64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("ops_server_errors") as batch:
        batch.drop_column("request_id")
        batch.drop_column("kind")
