"""What each institution settles directly (issue 19 scope 10, seed 003 三(三)): ``hospitals.services``,
a comma-separated subset of ``inpatient``, ``outpatient``, ``pharmacy``, for the public list of
institutions per city. Existing rows settle inpatient stays (they are on the national interface);
outpatient and pharmacy service is recorded by the agency (A-WEB-12).

Revision ID: 0940_public_desk
Revises: 0950_security_b
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0940_public_desk"
down_revision = "0950_security_b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hospitals") as batch:
        batch.add_column(
            sa.Column("services", sa.String(length=64), nullable=False, server_default="inpatient")
        )


def downgrade() -> None:
    with op.batch_alter_table("hospitals") as batch:
        batch.drop_column("services")
