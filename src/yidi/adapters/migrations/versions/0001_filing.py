"""Filing: insured persons, filings, materials, commitments, settlement references, history.

Revision ID: 0001_filing
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_filing"
down_revision = None
branch_labels = None
depends_on = None

HistoryId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "insured_persons",
        sa.Column("id_number", sa.String(18), primary_key=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("insutype", sa.String(3), nullable=False),
        sa.Column("psn_type", sa.String(2), nullable=False),
        sa.Column("civil_servant", sa.Boolean, nullable=False),
        sa.Column("insured_region", sa.String(6), nullable=False),
        sa.Column("account_balance_fen", sa.BigInteger, nullable=False),
        sa.Column("credit_default_on", sa.Date, nullable=True),
        sa.Column("credit_default_reason", sa.String(200), nullable=True),
    )
    op.create_table(
        "filings",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "person_id_number", sa.String(18), sa.ForeignKey("insured_persons.id_number"), nullable=False
        ),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("insured_region", sa.String(6), nullable=False),
        sa.Column("treatment_region", sa.String(6), nullable=False),
        sa.Column("filed_on", sa.Date, nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("end_date", sa.Date, nullable=True),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("place_effective_from", sa.Date, nullable=False),
        sa.Column("temporary_reason", sa.String(32), nullable=True),
        sa.Column("outpatient_hospital", sa.String(12), nullable=True),
        sa.Column("chronic_hospital", sa.String(12), nullable=True),
        sa.Column("admission_date", sa.Date, nullable=True),
        sa.Column("discharge_date", sa.Date, nullable=True),
        sa.Column("ended_on", sa.Date, nullable=True),
        sa.Column("end_reason", sa.String(64), nullable=True),
        sa.Column("linked_filing_id", sa.String(32), nullable=True),
        sa.Column("form", sa.JSON, nullable=False),
    )
    op.create_index("ix_filings_person_id_number", "filings", ["person_id_number"])
    op.create_index("ix_filings_status", "filings", ["status"])
    op.create_table(
        "filing_materials",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("filing_id", sa.String(32), sa.ForeignKey("filings.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("supplied_on", sa.Date, nullable=False),
        sa.Column("valid_until", sa.Date, nullable=True),
    )
    op.create_index("ix_filing_materials_filing_id", "filing_materials", ["filing_id"])
    op.create_table(
        "commitments",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("filing_id", sa.String(32), sa.ForeignKey("filings.id"), nullable=False, unique=True),
        sa.Column("signed_on", sa.Date, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("missing", sa.JSON, nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("reminders_sent", sa.JSON, nullable=False),
        sa.Column("closed_on", sa.Date, nullable=True),
    )
    op.create_index("ix_commitments_due_on", "commitments", ["due_on"])
    op.create_table(
        "settlement_refs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("filing_id", sa.String(32), sa.ForeignKey("filings.id"), nullable=False),
        sa.Column("settlement_id", sa.String(64), nullable=False, unique=True),
        sa.Column("settled_on", sa.Date, nullable=False),
        sa.Column("benefit_difference_fen", sa.BigInteger, nullable=False),
        sa.Column("under_commitment", sa.Boolean, nullable=False),
        sa.Column("clawback", sa.String(32), nullable=False),
        sa.Column("recovered_on", sa.Date, nullable=True),
    )
    op.create_index("ix_settlement_refs_filing_id", "settlement_refs", ["filing_id"])
    op.create_table(
        "filing_history",
        sa.Column("id", HistoryId, primary_key=True, autoincrement=True),
        sa.Column("person_id_number", sa.String(18), nullable=False),
        sa.Column("filing_id", sa.String(32), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("rule_id", sa.Text, nullable=True),
        sa.Column("clause", sa.Text, nullable=True),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
    )
    op.create_index("ix_filing_history_person", "filing_history", ["person_id_number", "id"])
    op.create_index("ix_filing_history_filing", "filing_history", ["filing_id", "id"])
    op.create_table(
        "idempotency_keys",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("operation", sa.String(40), nullable=False),
        sa.Column("person_id_number", sa.String(18), nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    _append_only_history()


def _append_only_history() -> None:
    """History is append-only: the database itself refuses UPDATE and DELETE on it."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION filing_history_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'filing_history is append-only'; END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER filing_history_no_change BEFORE UPDATE OR DELETE ON filing_history "
            "FOR EACH ROW EXECUTE FUNCTION filing_history_append_only()"
        )
    else:
        for what in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER filing_history_no_{what.lower()} BEFORE {what} ON filing_history "
                "BEGIN SELECT RAISE(ABORT, 'filing_history is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS filing_history_no_change ON filing_history")
        op.execute("DROP FUNCTION IF EXISTS filing_history_append_only()")
    for table in (
        "idempotency_keys",
        "filing_history",
        "settlement_refs",
        "commitments",
        "filing_materials",
        "filings",
        "insured_persons",
    ):
        op.drop_table(table)
