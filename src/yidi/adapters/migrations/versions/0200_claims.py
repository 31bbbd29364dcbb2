"""Manual reimbursement (手工报销, issue 6): claims and their append-only history.

Money columns are BIGINT fen. The column lists are frozen here (not imported from
``adapters/orm_claims.py``) so later model changes need a new revision.

Revision ID: 0200_claims
Revises: 0100_hospital_interface
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0200_claims"
down_revision = "0100_hospital_interface"
branch_labels = None
depends_on = None

BILL_AMOUNTS = ("medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt")
AMOUNTS = (
    "medfee_sumamt", "fund_pay_sumamt", "psn_part_amt", "act_pay_dedc", "hifp_pay", "hifob_pay",
    "cvlserv_pay", "reimbursement",
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "person_id_number", sa.String(18), sa.ForeignKey("insured_persons.id_number"), nullable=False
        ),
        sa.Column("claim_type", sa.String(40), nullable=False),
        sa.Column("route", sa.String(40), nullable=True),
        sa.Column("insured_region", sa.String(6), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("filing_id", sa.String(32), nullable=True),
        sa.Column("refund_year", sa.Integer(), nullable=True),
        *(sa.Column(f"bill_{name}", sa.BigInteger(), nullable=True) for name in BILL_AMOUNTS),
        sa.Column("bill_hosp_lv", sa.String(8), nullable=True),
        sa.Column("bill_treatment_region", sa.String(6), nullable=True),
        sa.Column("bill_hospital_code", sa.String(30), nullable=True),
        sa.Column("care_start", sa.Date(), nullable=True),
        sa.Column("care_end", sa.Date(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("materials", sa.JSON(), nullable=False),
        sa.Column("returns", sa.Integer(), nullable=False),
        sa.Column("return_notice", sa.JSON(), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("promised_on", sa.Date(), nullable=True),
        sa.Column("paused_working_days", sa.Integer(), nullable=True),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.Column("reviewed_by", sa.String(80), nullable=True),
        sa.Column("recommendation", sa.JSON(), nullable=True),
        *(sa.Column(f"amt_{name}", sa.BigInteger(), nullable=True) for name in AMOUNTS),
        sa.Column("settlement", sa.JSON(), nullable=False),
        sa.Column("decision", sa.JSON(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paid_fen", sa.BigInteger(), nullable=True),
        sa.Column("deducted_fen", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_claims_person_id_number", "claims", ["person_id_number"])
    op.create_index("ix_claims_status", "claims", ["status"])
    op.create_index("ix_claims_promised_on", "claims", ["promised_on"])
    op.create_table(
        "claim_history",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
        sa.Column("claim_id", sa.String(32), sa.ForeignKey("claims.id"), nullable=False),
        sa.Column("person_id_number", sa.String(18), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("from_status", sa.String(16), nullable=True),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rule_id", sa.Text(), nullable=True),
        sa.Column("clause", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
    )
    op.create_index("ix_claim_history_claim", "claim_history", ["claim_id", "id"])
    op.create_index("ix_claim_history_person", "claim_history", ["person_id_number", "id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION claim_history_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'claim_history is append-only'; END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER claim_history_no_change BEFORE UPDATE OR DELETE ON claim_history "
            "FOR EACH ROW EXECUTE FUNCTION claim_history_append_only()"
        )
    else:
        for what in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER claim_history_no_{what.lower()} BEFORE {what} ON claim_history "
                "BEGIN SELECT RAISE(ABORT, 'claim_history is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS claim_history_no_change ON claim_history")
        op.execute("DROP FUNCTION IF EXISTS claim_history_append_only()")
    op.drop_table("claim_history")
    op.drop_table("claims")
