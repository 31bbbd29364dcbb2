"""The suspension of direct settlement of a credit defaulter (医保失信人员, seed 001 三(二).3;
issue 15): ``insured_persons.credit_restricted_until``, the last day of the suspension.

A person already recorded as a defaulter gets the default period (12 months from the record of
default, assumption A-SET-17) so the rule holds for them too.

Revision ID: 0820_seed_settlement
Revises: 0700_supervision
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from yidi.domain.filing.credit import restricted_until

revision = "0820_seed_settlement"
down_revision = "0700_supervision"
branch_labels = None
depends_on = None

DEFAULT_MONTHS = 12  # A-SET-17, the value of credit_restriction_months when this column arrived


def upgrade() -> None:
    with op.batch_alter_table("insured_persons") as batch:
        batch.add_column(sa.Column("credit_restricted_until", sa.Date, nullable=True))
    persons = sa.table(
        "insured_persons",
        sa.column("id_number", sa.String),
        sa.column("credit_default_on", sa.Date),
        sa.column("credit_restricted_until", sa.Date),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(persons.c.id_number, persons.c.credit_default_on).where(
            persons.c.credit_default_on.is_not(None)
        )
    ).all()
    for id_number, on in rows:
        bind.execute(
            persons.update()
            .where(persons.c.id_number == id_number)
            .values(credit_restricted_until=restricted_until(on, DEFAULT_MONTHS))
        )


def downgrade() -> None:
    with op.batch_alter_table("insured_persons") as batch:
        batch.drop_column("credit_restricted_until")
