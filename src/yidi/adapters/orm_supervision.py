"""Tables of supervision (基金监管), on the one metadata of ``orm.py``.

Review runs and their rule hits (idempotent per settlement, rule and line), the reviewers'
queue, decisions, the deductions clearing books as returns to the insured region, 协查 cases
with their answers and history, 问题协同 tickets with their history, and inspections with
their findings. Money is BIGINT fen. The two history tables are append-only (the migration adds
triggers refusing UPDATE and DELETE, as for the filing history).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from yidi.adapters.orm import HistoryId, metadata

review_runs = Table(
    "supervision_runs",
    metadata,
    Column("run_id", String(40), primary_key=True),
    Column("month", String(7), nullable=False, index=True),  # YYYY-MM
    Column("kind", String(10), nullable=False),  # online | batch
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("settlements", Integer, nullable=False, default=0),
    Column("hits", Integer, nullable=False, default=0),
    Column("params", JSON, nullable=False, default=dict),  # every rule's parameters as used
)

rule_hits = Table(
    "supervision_rule_hits",
    metadata,
    Column("id", HistoryId, primary_key=True, autoincrement=True),
    Column("run_id", String(40), ForeignKey("supervision_runs.run_id"), nullable=False),
    Column("month", String(7), nullable=False),
    Column("setl_id", String(30), nullable=False),
    Column("mdtrt_id", String(30), nullable=False),
    Column("line_sn", String(30), nullable=False, default=""),  # feedetl_sn; "" = the whole settlement
    Column("rule", String(10), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("clause", String(200), nullable=False),
    Column("detail", Text, nullable=False),
    Column("params", JSON, nullable=False),
    Column("facts", JSON, nullable=False),
    Column("hospital_code", String(12), nullable=False),
    Column("insured_region", String(6), nullable=False),
    Column("treatment_region", String(6), nullable=False),
    Column("found_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("setl_id", "rule", "line_sn", name="uq_supervision_rule_hits"),
    Index("ix_supervision_rule_hits_month", "month", "hospital_code"),
    Index("ix_supervision_rule_hits_setl", "setl_id"),
)

review_queue = Table(
    "supervision_queue",
    metadata,
    Column("setl_id", String(30), primary_key=True),
    Column("month", String(7), nullable=False),
    Column("hospital_code", String(12), nullable=False),
    Column("insured_region", String(6), nullable=False),
    Column("treatment_region", String(6), nullable=False),
    Column("medfee_sumamt", BigInteger, nullable=False),
    Column("reasons", JSON, nullable=False),  # rule | amount | random
    Column("rules", JSON, nullable=False),
    Column("status", String(16), nullable=False),  # pending | decided | referred
    Column("enqueued_at", DateTime(timezone=True), nullable=False),
    Column("assigned_to", String(64), nullable=True),
    Index("ix_supervision_queue_region", "treatment_region", "status"),
)

decisions = Table(
    "supervision_decisions",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("key", String(64), nullable=False, unique=True),  # idempotency key of the request
    Column("setl_id", String(30), nullable=False, index=True),
    Column("feedetl_sn", String(30), nullable=True),
    Column("outcome", String(10), nullable=False),  # accept | deduct | refer
    Column("amount_fen", BigInteger, nullable=False),
    Column("reason", Text, nullable=False),
    Column("rule", String(10), nullable=False),
    Column("decided_by", String(120), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),  # final | pending_second
    Column("approved_by", String(120), nullable=True),
    Column("approved_at", DateTime(timezone=True), nullable=True),
)

deductions = Table(
    "supervision_deductions",
    metadata,
    Column("id", HistoryId, primary_key=True, autoincrement=True),
    Column("source_id", String(40), nullable=False, unique=True),  # decision id or 协查 case id
    Column("source", String(12), nullable=False),  # decision | xiecha | inspection
    Column("settlement_id", String(30), nullable=False, index=True),
    Column("insured_region", String(6), nullable=False),
    Column("treatment_region", String(6), nullable=False),
    Column("hospital_code", String(12), nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("reason", Text, nullable=False),
    Column("rule", String(10), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("clearing_ref", String(40), nullable=True),  # set when clearing books the return
    Index("ix_supervision_deductions_clearing", "treatment_region", "insured_region", "clearing_ref"),
)

xiecha_cases = Table(
    "supervision_xiecha_cases",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("setl_id", String(30), nullable=False, index=True),
    Column("insured_region", String(6), nullable=False),
    Column("treatment_region", String(6), nullable=False),
    Column("hospital_code", String(12), nullable=False),
    Column("medfee_fen", BigInteger, nullable=False),
    Column("fund_fen", BigInteger, nullable=False),
    Column("questions", JSON, nullable=False),
    Column("opened_by", String(120), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("deadline", Date, nullable=False),
    Column("status", String(12), nullable=False),  # open | answered | escalated | confirmed | cleared
    Column("confirmed_fen", BigInteger, nullable=False, default=0),
    Index("ix_supervision_xiecha_regions", "treatment_region", "status"),
)

xiecha_answers = Table(
    "supervision_xiecha_answers",
    metadata,
    Column("case_id", String(40), ForeignKey("supervision_xiecha_cases.id"), primary_key=True),
    Column("findings", Text, nullable=False),
    Column("attachments", JSON, nullable=False),
    Column("suspected_fen", BigInteger, nullable=False),
    Column("answered_by", String(120), nullable=False),
    Column("answered_at", DateTime(timezone=True), nullable=False),
    Column("late", Boolean, nullable=False),
)


def _history(name: str, parent: str, ref: str) -> Table:
    """An append-only history of a case or ticket: who did what, when, with a note."""
    return Table(
        name,
        metadata,
        Column("id", HistoryId, primary_key=True, autoincrement=True),
        Column(parent, String(40), ForeignKey(ref), nullable=False, index=True),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("by", String(120), nullable=False),
        Column("action", String(20), nullable=False),
        Column("note", Text, nullable=False, default=""),
    )


xiecha_history = _history("supervision_xiecha_history", "case_id", "supervision_xiecha_cases.id")

tickets = Table(
    "supervision_tickets",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(24), nullable=False),
    Column("raised_by_kind", String(10), nullable=False),
    Column("raised_by_code", String(12), nullable=False, index=True),
    Column("addressed_kind", String(10), nullable=False),
    Column("addressed_code", String(12), nullable=False, index=True),
    Column("subject", Text, nullable=False),
    Column("setl_id", String(30), nullable=True),
    Column("filing_id", String(32), nullable=True),
    Column("msgid", String(30), nullable=True),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("respond_by", DateTime(timezone=True), nullable=False),
    Column("resolve_by", DateTime(timezone=True), nullable=False),
    Column("responded_at", DateTime(timezone=True), nullable=True),
    Column("status", String(12), nullable=False),
    Column("reopened", Integer, nullable=False, default=0),
)

ticket_history = _history("supervision_ticket_history", "ticket_id", "supervision_tickets.id")

inspections = Table(
    "supervision_inspections",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("hospital_code", String(12), nullable=False),
    Column("institution_kind", String(12), nullable=False),  # hospital | pharmacy
    Column("kind", String(10), nullable=False),  # routine | special | key | flying | expert
    Column("year", Integer, nullable=False),
    Column("planned_on", Date, nullable=False),
    Column("done_on", Date, nullable=True),
    Index("ix_supervision_inspections_year", "year", "hospital_code"),
)

inspection_findings = Table(
    "supervision_inspection_findings",
    metadata,
    Column("inspection_id", String(40), ForeignKey("supervision_inspections.id"), primary_key=True),
    Column("item", String(20), primary_key=True),
    Column("compliant", Boolean, nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("deduction_ids", JSON, nullable=False, default=list),
    Column("recorded_by", String(120), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

APPEND_ONLY = ("supervision_xiecha_history", "supervision_ticket_history")

reviewed = Table(
    "supervision_reviewed",
    metadata,
    # one row per settlement reviewed by the rules (online or batch) or by a person: the numerator
    # of the 审核率 (seed 004 三(一): 不断提高审核率，实现审查全覆盖)
    Column("setl_id", String(30), primary_key=True),
    Column("month", String(7), nullable=False),
    Column("by_rules_at", DateTime(timezone=True), nullable=True),
    Column("by_person_at", DateTime(timezone=True), nullable=True),
    Column("run_id", String(40), nullable=True),
    Index("ix_supervision_reviewed_month", "month"),
)
