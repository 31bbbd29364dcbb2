"""The outbox of filing events for the onward report (``filing_outbox``; seed 002 第十四条):
written with the filing change it reports, drained by ``service_layer.onward_report``."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Index, Integer, String, Table, Text

from yidi.adapters.orm import HistoryId, metadata

filing_outbox = Table(
    "filing_outbox",
    metadata,
    Column("id", HistoryId, primary_key=True, autoincrement=True),  # delivery order
    Column("event_id", String(32), nullable=False, unique=True),  # stable: the receiver dedupes on it
    Column("kind", String(12), nullable=False),  # new, changed, cancelled, ended
    Column("action", String(40), nullable=False),
    Column("person_id_number", String(18), nullable=False),
    Column("filing_id", String(32), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("status", String(12), nullable=False),  # pending, failed, delivered
    Column("attempts", Integer, nullable=False, default=0),
    # due for (another) attempt from then on; a drainer's claim pushes it out by the lease
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_error", Text, nullable=True),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    Index("ix_filing_outbox_due", "status", "next_attempt_at"),
)
