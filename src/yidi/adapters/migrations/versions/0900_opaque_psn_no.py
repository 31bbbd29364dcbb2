"""人员编号 psn_no becomes the platform's opaque number (issue 14 item 3): a new column
``insured_persons.psn_no`` (unique), an id assigned to every existing person, and the psn_no
stored on visits, settlements, clearing lines and the message log (until now the ID number)
rewritten to it. Format and reasons: ``domain/person_number.py``.

Revision ID: 0900_opaque_psn_no
Revises: 0970_ops_errors
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0900_opaque_psn_no"
down_revision = "0970_ops_errors"
branch_labels = None
depends_on = None

# tables whose psn_no held the ID number, and how each row finds its person's ID number
_BY_ID_NUMBER = ("hospital_visits", "hospital_settlements")


def _new_psn_no(taken: set[str]) -> str:
    # the same format as domain/person_number.new_psn_no (a migration does not import the app)
    while True:
        value = f"P{secrets.randbelow(10**19):019d}"
        if value not in taken:
            taken.add(value)
            return value


def upgrade() -> None:
    with op.batch_alter_table("insured_persons") as batch:
        batch.add_column(sa.Column("psn_no", sa.String(30), nullable=True))
    conn = op.get_bind()
    persons = sa.table("insured_persons", sa.column("id_number"), sa.column("psn_no"))
    ids = [r[0] for r in conn.execute(sa.select(persons.c.id_number))]
    taken: set[str] = set()
    if ids:
        conn.execute(
            persons.update()
            .where(persons.c.id_number == sa.bindparam("idn"))
            .values(psn_no=sa.bindparam("psn")),
            [{"idn": idn, "psn": _new_psn_no(taken)} for idn in ids],
        )
    with op.batch_alter_table("insured_persons") as batch:
        batch.alter_column("psn_no", existing_type=sa.String(30), nullable=False)
        batch.create_index("ux_insured_persons_psn_no", ["psn_no"], unique=True)
    for name in _BY_ID_NUMBER:
        op.execute(
            f"UPDATE {name} SET psn_no = (SELECT p.psn_no FROM insured_persons p WHERE p.id_number = {name}.id_number)"
            f" WHERE EXISTS (SELECT 1 FROM insured_persons p WHERE p.id_number = {name}.id_number)"
        )
    # clearing lines and the message log name the person only by the old psn_no (= ID number)
    for name in ("clearing_lines", "national_message_log"):
        op.execute(
            f"UPDATE {name} SET psn_no = (SELECT p.psn_no FROM insured_persons p WHERE p.id_number = {name}.psn_no)"
            f" WHERE EXISTS (SELECT 1 FROM insured_persons p WHERE p.id_number = {name}.psn_no)"
        )


def downgrade() -> None:
    for name in _BY_ID_NUMBER:
        op.execute(f"UPDATE {name} SET psn_no = id_number")
    for name in ("clearing_lines", "national_message_log"):
        op.execute(
            f"UPDATE {name} SET psn_no = (SELECT p.id_number FROM insured_persons p WHERE p.psn_no = {name}.psn_no)"
            f" WHERE EXISTS (SELECT 1 FROM insured_persons p WHERE p.psn_no = {name}.psn_no)"
        )
    with op.batch_alter_table("insured_persons") as batch:
        batch.drop_index("ux_insured_persons_psn_no")
        batch.drop_column("psn_no")
