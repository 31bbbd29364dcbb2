"""Tables of manual reimbursement (手工报销), on the same metadata as the filing tables.

``claims`` holds one row per claim: the bill's split totals and every computed amount as
BIGINT **fen** (SQLite would store NUMERIC as REAL), the promise and the state; lists and the
explanation are JSON. ``claim_history`` is append-only (the migration adds triggers refusing
UPDATE and DELETE): who, through which channel, when, from/to state, why, rule ids, clauses.
``adapters.claims_repository`` converts rows to and from the plain domain ``Claim``.
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
)

from yidi.adapters.orm import HistoryId, metadata
from yidi.domain.claims.claim import BILL_AMOUNTS
from yidi.domain.settlement.amounts import YTD_AMOUNTS

# amounts a priced claim carries (fen): the kernel's totals, the year-to-date parts, the refund
AMOUNTS = ("medfee_sumamt", "fund_pay_sumamt", "psn_part_amt", *YTD_AMOUNTS, "reimbursement")

claims = Table(
    "claims",
    metadata,
    Column("id", String(32), primary_key=True),
    Column(
        "person_id_number", String(18), ForeignKey("insured_persons.id_number"), nullable=False, index=True
    ),
    Column("claim_type", String(40), nullable=False),
    Column("route", String(40), nullable=True),
    Column("insured_region", String(6), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("submitted_on", Date, nullable=False),
    Column("filing_id", String(32), nullable=True),
    Column("refund_year", Integer, nullable=True),
    *(Column(f"bill_{name}", BigInteger, nullable=True) for name in BILL_AMOUNTS),
    Column("bill_hosp_lv", String(8), nullable=True),
    Column("bill_treatment_region", String(6), nullable=True),
    Column("bill_hospital_code", String(30), nullable=True),
    Column("care_start", Date, nullable=True),
    Column("care_end", Date, nullable=True),
    Column("evidence", JSON, nullable=False),
    Column("materials", JSON, nullable=False),
    Column("returns", Integer, nullable=False, default=0),
    Column("return_notice", JSON, nullable=False),
    Column("accepted_on", Date, nullable=True),
    Column("promised_on", Date, nullable=True, index=True),
    Column("paused_working_days", Integer, nullable=True),
    Column("held", Boolean, nullable=False, default=False),
    Column("reviewed_by", String(80), nullable=True),
    Column("recommendation", JSON, nullable=True),
    *(Column(f"amt_{name}", BigInteger, nullable=True) for name in AMOUNTS),
    Column("settlement", JSON, nullable=False),
    Column("decision", JSON, nullable=True),
    Column("paid_on", Date, nullable=True),
    Column("paid_fen", BigInteger, nullable=True),
    Column("deducted_fen", BigInteger, nullable=False, default=0),
    Column("version", Integer, nullable=False, default=0),
    Column("ref_no", String(24), nullable=True),  # BX20261203-0001 (0920)
    Index("ux_claims_ref_no", "ref_no", unique=True),
)

claim_history = Table(
    "claim_history",
    metadata,
    Column("id", HistoryId, primary_key=True, autoincrement=True),
    Column("claim_id", String(32), ForeignKey("claims.id"), nullable=False),
    Column("person_id_number", String(18), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("business_day", Date, nullable=False),
    Column("actor", String(120), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("action", String(40), nullable=False),
    Column("from_status", String(16), nullable=True),
    Column("to_status", String(16), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("rule_id", Text, nullable=True),
    Column("clause", Text, nullable=True),
    Column("details", JSON, nullable=False),
    Index("ix_claim_history_claim", "claim_id", "id"),
    Index("ix_claim_history_person", "person_id_number", "id"),
)
