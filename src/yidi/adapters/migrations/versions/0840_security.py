"""Security (issue 13): hospital secrets encrypted at rest with a rotation grace period, a session
version per account, the audit log and the sign-in throttle.

The column list is frozen here (not imported from the ORM modules) so later model changes need a
new revision.

Revision ID: 0840_security
Revises: 0850_clearing_b
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0840_security"
down_revision = "0850_clearing_b"
branch_labels = None
depends_on = None

HistoryId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("hospitals") as batch:
        batch.alter_column("secret", type_=sa.Text(), existing_type=sa.String(128), existing_nullable=False)
        batch.add_column(sa.Column("previous_secret", sa.Text(), nullable=True))
        batch.add_column(sa.Column("previous_secret_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("web_users") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "audit_log",
        sa.Column("id", HistoryId, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("via", sa.String(200), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_index("ix_audit_log_subject", "audit_log", ["subject", "at"])
    op.create_index("ix_audit_log_actor", "audit_log", ["actor", "at"])
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("sign_in_throttle")
    op.drop_index("ix_audit_log_actor", table_name="audit_log")
    op.drop_index("ix_audit_log_subject", table_name="audit_log")
    op.drop_table("audit_log")
    with op.batch_alter_table("web_users") as batch:
        batch.drop_column("session_version")
    with op.batch_alter_table("hospitals") as batch:
        batch.drop_column("previous_secret_until")
        batch.drop_column("previous_secret")
        batch.alter_column("secret", type_=sa.String(128), existing_type=sa.Text(), existing_nullable=False)
