"""Fund safety and operations (issue 18): recorded fund figures per region and month, named
基金测算 scenarios with their run state and result, the 每日报错治理 worklist, and the national
endpoint's unexpected server errors. Money columns are BIGINT fen.

Written from ``adapters/orm_fund.py`` and checked against it with Alembic's compare_metadata
(``tests/integration/fund/test_fund_tables.py``); later changes need a new revision.

Revision ID: 0870_fund_ops
Revises: 0820_seed_settlement
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0870_fund_ops"
down_revision = "0820_seed_settlement"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "fund_figures",
        sa.Column("region", sa.String(length=6), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("expenditure", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("region", "month"),
    )
    op.create_table(
        "fund_scenarios",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=6), nullable=False),
        sa.Column("month_from", sa.String(length=7), nullable=False),
        sa.Column("month_to", sa.String(length=7), nullable=False),
        sa.Column("overlay", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region", "name", name="uq_fund_scenarios_name"),
    )
    op.create_table(
        "ops_error_work",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("fixmedins_code", sa.String(length=12), nullable=False),
        sa.Column("infno", sa.String(length=5), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", "fixmedins_code", "infno", "kind"),
    )
    op.create_table(
        "ops_server_errors",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fixmedins_code", sa.String(length=12), nullable=False),
        sa.Column("infno", sa.String(length=5), nullable=False),
        sa.Column("msgid", sa.String(length=30), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_ops_server_errors_at", "ops_server_errors", ["at"])


def downgrade() -> None:
    op.drop_index("ix_ops_server_errors_at", table_name="ops_server_errors")
    op.drop_table("ops_server_errors")
    op.drop_table("ops_error_work")
    op.drop_table("fund_scenarios")
    op.drop_table("fund_figures")
