"""Tables of accountability and sign-in abuse (security review, issue 13), on the same metadata.

``audit_log``: who did or read what about whom — every change to a hospital's access (onboarding,
secret rotation, disabling) and every read of a person's records by staff and hospitals (who,
whom, when, which page or transaction), searchable by the administrator (个人信息保护法 review).
``sign_in_throttle``: failed sign-ins per account and per address, with the time until which
further attempts are refused (back-off).
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, Index, Integer, String, Table

from yidi.adapters.orm import HistoryId, metadata

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", HistoryId, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(120), nullable=False),  # role:username, hospital:<code>, cli
    Column("action", String(40), nullable=False),  # person.read, hospital.add, hospital.rotate_secret …
    Column("subject", String(64), nullable=False),  # the person's ID number, the hospital's code
    Column("via", String(200), nullable=False, default=""),  # page path, REST path, transaction, CLI
    Column("detail", JSON, nullable=False, default=dict),
    Index("ix_audit_log_subject", "subject", "at"),
    Index("ix_audit_log_actor", "actor", "at"),
)

sign_in_throttle = Table(
    "sign_in_throttle",
    metadata,
    Column("key", String(200), primary_key=True),  # account:<name> or address:<ip>
    Column("failures", Integer, nullable=False, default=0),
    Column("last_failure_at", DateTime(timezone=True), nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
)
