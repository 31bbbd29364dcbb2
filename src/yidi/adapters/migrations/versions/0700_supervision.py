"""Supervision (基金监管, issue 17): review runs and rule hits, the review queue, decisions,
deductions returned to the insured region, 协查 cases with answers and history, 问题协同 tickets
with history, inspections and findings. Money columns are BIGINT fen; the two history tables
are append-only (triggers refuse UPDATE and DELETE on both backends).

Generated from ``adapters/orm_supervision.py`` with Alembic's autogenerate and reviewed; the
column lists are frozen here, so later changes to those tables need a new revision.

Revision ID: 0700_supervision
Revises: 0600_clearing
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0700_supervision"
down_revision = "0600_clearing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supervision_decisions",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("setl_id", sa.String(length=30), nullable=False),
        sa.Column("feedetl_sn", sa.String(length=30), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rule", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=120), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("approved_by", sa.String(length=120), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index(
        op.f("ix_supervision_decisions_setl_id"), "supervision_decisions", ["setl_id"], unique=False
    )
    op.create_table(
        "supervision_deductions",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("source_id", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("settlement_id", sa.String(length=30), nullable=False),
        sa.Column("insured_region", sa.String(length=6), nullable=False),
        sa.Column("treatment_region", sa.String(length=6), nullable=False),
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rule", sa.String(length=10), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("clearing_ref", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source_id"),
    )
    op.create_index(
        "ix_supervision_deductions_clearing",
        "supervision_deductions",
        ["treatment_region", "insured_region", "clearing_ref"],
        unique=False,
    )
    op.create_index(
        op.f("ix_supervision_deductions_settlement_id"),
        "supervision_deductions",
        ["settlement_id"],
        unique=False,
    )
    op.create_table(
        "supervision_inspections",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("institution_kind", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_supervision_inspections_year", "supervision_inspections", ["year", "hospital_code"], unique=False
    )
    op.create_table(
        "supervision_queue",
        sa.Column("setl_id", sa.String(length=30), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("insured_region", sa.String(length=6), nullable=False),
        sa.Column("treatment_region", sa.String(length=6), nullable=False),
        sa.Column("medfee_sumamt", sa.BigInteger(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("enqueued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_to", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("setl_id"),
    )
    op.create_index(
        "ix_supervision_queue_region", "supervision_queue", ["treatment_region", "status"], unique=False
    )
    op.create_table(
        "supervision_runs",
        sa.Column("run_id", sa.String(length=40), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("settlements", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("run_id"),
    )
    op.create_index(op.f("ix_supervision_runs_month"), "supervision_runs", ["month"], unique=False)
    op.create_table(
        "supervision_tickets",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("raised_by_kind", sa.String(length=10), nullable=False),
        sa.Column("raised_by_code", sa.String(length=12), nullable=False),
        sa.Column("addressed_kind", sa.String(length=10), nullable=False),
        sa.Column("addressed_code", sa.String(length=12), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("setl_id", sa.String(length=30), nullable=True),
        sa.Column("filing_id", sa.String(length=32), nullable=True),
        sa.Column("msgid", sa.String(length=30), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("respond_by", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolve_by", sa.DateTime(timezone=True), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reopened", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_supervision_tickets_addressed_code"), "supervision_tickets", ["addressed_code"], unique=False
    )
    op.create_index(
        op.f("ix_supervision_tickets_raised_by_code"), "supervision_tickets", ["raised_by_code"], unique=False
    )
    op.create_table(
        "supervision_xiecha_cases",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("setl_id", sa.String(length=30), nullable=False),
        sa.Column("insured_region", sa.String(length=6), nullable=False),
        sa.Column("treatment_region", sa.String(length=6), nullable=False),
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("medfee_fen", sa.BigInteger(), nullable=False),
        sa.Column("fund_fen", sa.BigInteger(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("opened_by", sa.String(length=120), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("confirmed_fen", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_supervision_xiecha_cases_setl_id"), "supervision_xiecha_cases", ["setl_id"], unique=False
    )
    op.create_index(
        "ix_supervision_xiecha_regions",
        "supervision_xiecha_cases",
        ["treatment_region", "status"],
        unique=False,
    )
    op.create_table(
        "supervision_inspection_findings",
        sa.Column("inspection_id", sa.String(length=40), nullable=False),
        sa.Column("item", sa.String(length=20), nullable=False),
        sa.Column("compliant", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("deduction_ids", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["supervision_inspections.id"],
        ),
        sa.PrimaryKeyConstraint("inspection_id", "item"),
    )
    op.create_table(
        "supervision_rule_hits",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("run_id", sa.String(length=40), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("setl_id", sa.String(length=30), nullable=False),
        sa.Column("mdtrt_id", sa.String(length=30), nullable=False),
        sa.Column("line_sn", sa.String(length=30), nullable=False),
        sa.Column("rule", sa.String(length=10), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("clause", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("hospital_code", sa.String(length=12), nullable=False),
        sa.Column("insured_region", sa.String(length=6), nullable=False),
        sa.Column("treatment_region", sa.String(length=6), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["supervision_runs.run_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("setl_id", "rule", "line_sn", name="uq_supervision_rule_hits"),
    )
    op.create_index(
        "ix_supervision_rule_hits_month", "supervision_rule_hits", ["month", "hospital_code"], unique=False
    )
    op.create_index("ix_supervision_rule_hits_setl", "supervision_rule_hits", ["setl_id"], unique=False)
    _history("supervision_ticket_history", "ticket_id", "supervision_tickets")
    op.create_table(
        "supervision_xiecha_answers",
        sa.Column("case_id", sa.String(length=40), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("suspected_fen", sa.BigInteger(), nullable=False),
        sa.Column("answered_by", sa.String(length=120), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["supervision_xiecha_cases.id"],
        ),
        sa.PrimaryKeyConstraint("case_id"),
    )
    _history("supervision_xiecha_history", "case_id", "supervision_xiecha_cases")
    for table in APPEND_ONLY:
        _append_only(table)


APPEND_ONLY = ("supervision_xiecha_history", "supervision_ticket_history")


def _history(table: str, parent: str, parent_table: str) -> None:
    """An append-only history of a case or ticket (``orm_supervision._history``)."""
    op.create_table(
        table,
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column(parent, sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint([parent], [f"{parent_table}.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f(f"ix_{table}_{parent}"), table, [parent], unique=False)


def _append_only(table: str) -> None:
    """History is append-only: the database itself refuses UPDATE and DELETE on it."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION {table}_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{table} is append-only'; END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
    else:
        for what in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{what.lower()} BEFORE {what} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
    op.drop_index(op.f("ix_supervision_xiecha_history_case_id"), table_name="supervision_xiecha_history")
    op.drop_table("supervision_xiecha_history")
    op.drop_table("supervision_xiecha_answers")
    op.drop_index(op.f("ix_supervision_ticket_history_ticket_id"), table_name="supervision_ticket_history")
    op.drop_table("supervision_ticket_history")
    op.drop_index("ix_supervision_rule_hits_setl", table_name="supervision_rule_hits")
    op.drop_index("ix_supervision_rule_hits_month", table_name="supervision_rule_hits")
    op.drop_table("supervision_rule_hits")
    op.drop_table("supervision_inspection_findings")
    op.drop_index("ix_supervision_xiecha_regions", table_name="supervision_xiecha_cases")
    op.drop_index(op.f("ix_supervision_xiecha_cases_setl_id"), table_name="supervision_xiecha_cases")
    op.drop_table("supervision_xiecha_cases")
    op.drop_index(op.f("ix_supervision_tickets_raised_by_code"), table_name="supervision_tickets")
    op.drop_index(op.f("ix_supervision_tickets_addressed_code"), table_name="supervision_tickets")
    op.drop_table("supervision_tickets")
    op.drop_index(op.f("ix_supervision_runs_month"), table_name="supervision_runs")
    op.drop_table("supervision_runs")
    op.drop_index("ix_supervision_queue_region", table_name="supervision_queue")
    op.drop_table("supervision_queue")
    op.drop_index("ix_supervision_inspections_year", table_name="supervision_inspections")
    op.drop_table("supervision_inspections")
    op.drop_index(op.f("ix_supervision_deductions_settlement_id"), table_name="supervision_deductions")
    op.drop_index("ix_supervision_deductions_clearing", table_name="supervision_deductions")
    op.drop_table("supervision_deductions")
    op.drop_index(op.f("ix_supervision_decisions_setl_id"), table_name="supervision_decisions")
    op.drop_table("supervision_decisions")
