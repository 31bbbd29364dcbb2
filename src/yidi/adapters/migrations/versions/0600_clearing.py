"""Clearing between agencies (issue 16): the journal (entries, postings; append-only), monthly
statements with their fund split, lines and disputes, returns, advance-fund notices, and the
hospital side (3203 applications, 3261 confirmations).

Money columns are BIGINT fen. Generated from ``adapters/orm_clearing.py`` with Alembic's
autogenerate and reviewed; the column lists are frozen here, so later changes need a new revision.

Revision ID: 0600_clearing
Revises: 0500_api_tokens
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0600_clearing"
down_revision = "0500_api_tokens"
branch_labels = None
depends_on = None


APPEND_ONLY = ("clearing_journal_entries", "clearing_postings")


def _append_only() -> None:
    """The journal is immutable on both backends: corrections are reversing entries."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION clearing_journal_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'the clearing journal is append-only'; END;
            $$ LANGUAGE plpgsql
            """
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION clearing_journal_append_only()"
            )
        return
    for table in APPEND_ONLY:
        for what in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{what.lower()} BEFORE {what} ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'the clearing journal is append-only'); END"
            )


def upgrade() -> None:
    op.create_table(
        "clearing_advance_notices",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("insuplc_admdvs", sa.String(length=6), nullable=False),
        sa.Column("mdtrtarea_admvs", sa.String(length=6), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("change", sa.BigInteger(), nullable=False),
        sa.Column("basis", sa.BigInteger(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "insuplc_admdvs", "mdtrtarea_admvs", "year", "seq", name="uq_clearing_advance_seq"
        ),
    )
    op.create_table(
        "clearing_hospital_applications",
        sa.Column("clr_appy_evt_id", sa.String(length=30), nullable=False),
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("clr_optins", sa.String(length=6), nullable=False),
        sa.Column("clr_type", sa.String(length=4), nullable=False),
        sa.Column("setlym", sa.String(length=6), nullable=False),
        sa.Column("psntime", sa.BigInteger(), nullable=False),
        sa.Column("medfee_sumamt", sa.BigInteger(), nullable=False),
        sa.Column("med_sumfee", sa.BigInteger(), nullable=False),
        sa.Column("fund_appy_sum", sa.BigInteger(), nullable=False),
        sa.Column("cash_payamt", sa.BigInteger(), nullable=False),
        sa.Column("acct_pay", sa.BigInteger(), nullable=False),
        sa.Column("begndate", sa.Date(), nullable=False),
        sa.Column("enddate", sa.Date(), nullable=False),
        sa.Column("clr_stas", sa.String(length=10), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("clr_appy_evt_id"),
    )
    op.create_index(
        "ix_clearing_hospital_applications_month",
        "clearing_hospital_applications",
        ["hospital_code", "setlym"],
        unique=False,
    )

    op.create_table(
        "clearing_hospital_confirmations",
        sa.Column("inf_refmsgid", sa.String(length=30), nullable=False),
        sa.Column("setl_id", sa.String(length=30), nullable=False),
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("cnfm_flag", sa.String(length=1), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rolled_back_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("inf_refmsgid", "setl_id"),
    )
    op.create_index(
        "ix_clearing_hospital_confirmations_period",
        "clearing_hospital_confirmations",
        ["hospital_code", "period"],
        unique=False,
    )

    op.create_table(
        "clearing_journal_entries",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("ref_kind", sa.String(length=20), nullable=False),
        sa.Column("ref_id", sa.String(length=64), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("reverses", sa.String(length=32), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["reverses"],
            ["clearing_journal_entries.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
        sa.UniqueConstraint("reverses"),
    )
    op.create_index(
        "ix_clearing_journal_entries_ref", "clearing_journal_entries", ["ref_kind", "ref_id"], unique=False
    )

    op.create_table(
        "clearing_lines",
        sa.Column("setl_id", sa.String(length=30), nullable=False),
        sa.Column("statement_id", sa.String(length=24), nullable=False),
        sa.Column("insuplc_admdvs", sa.String(length=6), nullable=False),
        sa.Column("mdtrtarea_admvs", sa.String(length=6), nullable=False),
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("mdtrt_id", sa.String(length=30), nullable=False),
        sa.Column("psn_no", sa.String(length=30), nullable=False),
        sa.Column("insutype", sa.String(length=3), nullable=False),
        sa.Column("setl_time", sa.DateTime(), nullable=False),
        sa.Column("refd_setl_flag", sa.String(length=1), nullable=False),
        sa.Column("medfee_sumamt", sa.BigInteger(), nullable=False),
        sa.Column("fund_pay_sumamt", sa.BigInteger(), nullable=False),
        sa.Column("acct_pay", sa.BigInteger(), nullable=False),
        sa.Column("cash_payamt", sa.BigInteger(), nullable=False),
        sa.Column("hifp_pay", sa.BigInteger(), nullable=False),
        sa.Column("hifob_pay", sa.BigInteger(), nullable=False),
        sa.Column("hifmi_pay", sa.BigInteger(), nullable=False),
        sa.Column("cvlserv_pay", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("setl_id"),
    )
    op.create_index("ix_clearing_lines_statement", "clearing_lines", ["statement_id"], unique=False)
    op.create_index(
        "ix_clearing_lines_waiting",
        "clearing_lines",
        ["status"],
        unique=False,
        postgresql_where=sa.text("status <> 'included'"),
        sqlite_where=sa.text("status <> 'included'"),
    )

    op.create_table(
        "clearing_returns",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("setl_id", sa.String(length=30), nullable=False),
        sa.Column("insuplc_admdvs", sa.String(length=6), nullable=False),
        sa.Column("mdtrtarea_admvs", sa.String(length=6), nullable=False),
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("statement_id", sa.String(length=24), nullable=True),
        sa.CheckConstraint("amount > 0", name="ck_clearing_returns_amount"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_clearing_returns_statement", "clearing_returns", ["statement_id"], unique=False)

    op.create_table(
        "clearing_runs",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("built_on", sa.Date(), nullable=False),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("statements", sa.Integer(), nullable=False),
        sa.Column("lines", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("month"),
    )
    op.create_table(
        "clearing_statements",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("insuplc_admdvs", sa.String(length=6), nullable=False),
        sa.Column("mdtrtarea_admvs", sa.String(length=6), nullable=False),
        sa.Column("psntime", sa.BigInteger(), nullable=False),
        sa.Column("medfee_sumamt", sa.BigInteger(), nullable=False),
        sa.Column("fund_pay_sumamt", sa.BigInteger(), nullable=False),
        sa.Column("acct_pay", sa.BigInteger(), nullable=False),
        sa.Column("cash_payamt", sa.BigInteger(), nullable=False),
        sa.Column("cleared_amount", sa.BigInteger(), nullable=False),
        sa.Column("returns_amount", sa.BigInteger(), nullable=False),
        sa.Column("disputed_amount", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("built_on", sa.Date(), nullable=False),
        sa.Column("confirm_by", sa.Date(), nullable=False),
        sa.Column("confirmed_on", sa.Date(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("hospitals_paid_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("month", "insuplc_admdvs", "mdtrtarea_admvs", name="uq_clearing_statements_pair"),
    )
    op.create_index(
        "ix_clearing_statements_insured", "clearing_statements", ["insuplc_admdvs", "month"], unique=False
    )
    op.create_index(
        "ix_clearing_statements_treatment", "clearing_statements", ["mdtrtarea_admvs", "month"], unique=False
    )

    op.create_table(
        "clearing_disputes",
        sa.Column("statement_id", sa.String(length=24), nullable=False),
        sa.Column("setl_id", sa.String(length=30), nullable=False),
        sa.Column("by_party", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("route", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("disputed_on", sa.Date(), nullable=False),
        sa.Column("inf_refmsgid", sa.String(length=30), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["clearing_statements.id"],
        ),
        sa.PrimaryKeyConstraint("statement_id", "setl_id"),
    )
    op.create_table(
        "clearing_postings",
        sa.Column("entry_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=120), nullable=False),
        sa.Column("party", sa.String(length=40), nullable=False),
        sa.Column("side", sa.String(length=1), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("side IN ('D', 'C')", name="ck_clearing_postings_side"),
        sa.CheckConstraint("amount > 0", name="ck_clearing_postings_amount"),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["clearing_journal_entries.id"],
        ),
        sa.PrimaryKeyConstraint("entry_id", "seq"),
    )
    op.create_index("ix_clearing_postings_account", "clearing_postings", ["account"], unique=False)

    op.create_table(
        "clearing_statement_funds",
        sa.Column("statement_id", sa.String(length=24), nullable=False),
        sa.Column("fund_pay_type", sa.String(length=6), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["clearing_statements.id"],
        ),
        sa.PrimaryKeyConstraint("statement_id", "fund_pay_type"),
    )
    _append_only()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
        op.execute("DROP FUNCTION IF EXISTS clearing_journal_append_only()")
    # dropping a table drops its indexes; children before parents
    for table in (
        "clearing_statement_funds", "clearing_postings", "clearing_disputes", "clearing_statements",
        "clearing_runs", "clearing_returns", "clearing_lines", "clearing_journal_entries",
        "clearing_hospital_confirmations", "clearing_hospital_applications", "clearing_advance_notices",
    ):  # fmt: skip
        op.drop_table(table)
