"""Security, second part (issue 13): drop ``web_users.session_version``. Sessions are server-side
(``service_layer/web_sessions.py``: a session is a revocable token), so logout, a password reset,
a role change and disabling end them by revoking the account's tokens; the per-account version
number 0840 added was never read.

Revision ID: 0950_security_b
Revises: 0920_short_refs
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0950_security_b"
down_revision = "0920_short_refs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("web_users") as batch:
        batch.drop_column("session_version")


def downgrade() -> None:
    with op.batch_alter_table("web_users") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))
