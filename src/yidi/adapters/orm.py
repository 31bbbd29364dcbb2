"""Tables (SQLAlchemy Core) and the imperative mapping of the plain domain classes onto them.

Money is integer fen (BIGINT) — SQLite would store NUMERIC as REAL, losing exactness. Enumerations
are stored as their string values and loaded back as the domain's ``StrEnum`` members.
The history table is append-only: the migration adds triggers refusing UPDATE and DELETE.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

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
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import registry, relationship
from sqlalchemy.types import TypeDecorator

from yidi.domain.actors import Channel
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.commitment import ClawbackStatus, Commitment, CommitmentStatus, SettlementRef
from yidi.domain.filing.filing import Filing, FilingStatus, HistoryEntry
from yidi.domain.filing.materials import Material, MaterialKind
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.person_number import new_psn_no

metadata = MetaData()
mapper_registry = registry(metadata=metadata)

# INTEGER PRIMARY KEY autoincrements on SQLite; BIGSERIAL on PostgreSQL.
HistoryId = BigInteger().with_variant(Integer(), "sqlite")


class StrEnumType(TypeDecorator[StrEnum]):
    """A ``StrEnum`` stored as VARCHAR and loaded back as the enum member."""

    impl = String(32)
    cache_ok = True

    def __init__(self, enum: type[StrEnum]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else str(self.enum(value))

    def process_result_value(self, value: Any, dialect: Any) -> StrEnum | None:
        return None if value is None else self.enum(value)


insured_persons = Table(
    "insured_persons",
    metadata,
    Column("id_number", String(18), primary_key=True),
    Column("name", String(60), nullable=False),
    Column("insutype", String(3), nullable=False),
    Column("psn_type", String(2), nullable=False),
    Column("civil_servant", Boolean, nullable=False, default=False),
    Column("insured_region", String(6), nullable=False),
    Column("account_balance_fen", BigInteger, nullable=False, default=0),
    Column("credit_default_on", Date, nullable=True),
    Column("credit_default_reason", String(200), nullable=True),
    Column("assistance_group", String(20), nullable=True),  # 特困/低保/返贫致贫/监测帮扶 (0300)
    Column("credit_restricted_until", Date, nullable=True),  # 暂停直接结算的最后一天 (0820)
    Column("insurance_status", String(12), nullable=False, default="active", server_default="active"),  # (0830)
    # 人员编号 psn_no: opaque platform number (domain/person_number.py, migration 0900); the default
    # covers Core inserts, the domain object assigns its own at registration
    Column("psn_no", String(30), nullable=False, default=new_psn_no),
    Index("ux_insured_persons_psn_no", "psn_no", unique=True),
)

filings = Table(
    "filings",
    metadata,
    Column("id", String(32), primary_key=True),
    Column(
        "person_id_number", String(18), ForeignKey("insured_persons.id_number"), nullable=False, index=True
    ),
    Column("category", StrEnumType(Category), nullable=False),
    Column("channel", StrEnumType(Channel), nullable=False),
    Column("insured_region", String(6), nullable=False),
    Column("treatment_region", String(6), nullable=False),
    Column("filed_on", Date, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=True),
    Column("status", StrEnumType(FilingStatus), nullable=False, index=True),
    Column("place_effective_from", Date, nullable=False),
    Column("temporary_reason", StrEnumType(TemporaryReason), nullable=True),
    Column("outpatient_hospital", String(12), nullable=True),
    Column("chronic_hospital", String(12), nullable=True),
    Column("admission_date", Date, nullable=True),
    Column("discharge_date", Date, nullable=True),
    Column("ended_on", Date, nullable=True),
    Column("end_reason", String(64), nullable=True),
    Column("linked_filing_id", String(32), nullable=True),
    Column("form", JSON, nullable=False, default=dict),
    Column("ref_no", String(24), nullable=True),  # BA20261203-0001 (0920)
    Index("ux_filings_ref_no", "ref_no", unique=True),
)

filing_materials = Table(
    "filing_materials",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("filing_id", String(32), ForeignKey("filings.id"), nullable=False, index=True),
    Column("kind", StrEnumType(MaterialKind), nullable=False),
    Column("reference", String(200), nullable=False, default=""),
    Column("supplied_on", Date, nullable=False),
    Column("valid_until", Date, nullable=True),
)

commitments = Table(
    "commitments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("filing_id", String(32), ForeignKey("filings.id"), nullable=False, unique=True),
    Column("signed_on", Date, nullable=False),
    Column("due_on", Date, nullable=False, index=True),
    Column("missing", JSON, nullable=False),
    Column("status", StrEnumType(CommitmentStatus), nullable=False),
    Column("reminders_sent", JSON, nullable=False),
    Column("closed_on", Date, nullable=True),
)

settlement_refs = Table(
    "settlement_refs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("filing_id", String(32), ForeignKey("filings.id"), nullable=False, index=True),
    Column("settlement_id", String(64), nullable=False, unique=True),
    Column("settled_on", Date, nullable=False),
    Column("benefit_difference_fen", BigInteger, nullable=False),
    Column("under_commitment", Boolean, nullable=False),
    Column("clawback", StrEnumType(ClawbackStatus), nullable=False),
    Column("recovered_on", Date, nullable=True),
)

filing_history = Table(
    "filing_history",
    metadata,
    Column("id", HistoryId, primary_key=True, autoincrement=True),
    Column("person_id_number", String(18), nullable=False),
    Column("filing_id", String(32), nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(120), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("action", String(40), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("rule_id", Text, nullable=True),
    Column("clause", Text, nullable=True),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
    Index("ix_filing_history_person", "person_id_number", "id"),
    Index("ix_filing_history_filing", "filing_id", "id"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("operation", String(40), nullable=False),
    Column("person_id_number", String(18), nullable=False),
    Column("result", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

_started = False


def start_mappers() -> None:
    """Map the domain classes onto the tables (once per process)."""
    global _started
    if _started:
        return
    _started = True
    mapper_registry.map_imperatively(Material, filing_materials)
    mapper_registry.map_imperatively(Commitment, commitments)
    mapper_registry.map_imperatively(SettlementRef, settlement_refs)
    mapper_registry.map_imperatively(HistoryEntry, filing_history)
    mapper_registry.map_imperatively(
        Filing,
        filings,
        properties={
            # joined into the query that loads the filings (a few materials, at most one
            # commitment each): a person's aggregate in three statements instead of five, read
            # by every settlement of the hospital interface (issue 14 §5)
            "materials": relationship(
                Material,
                cascade="all, delete-orphan",
                order_by=filing_materials.c.supplied_on,
                lazy="joined",
            ),
            "commitment": relationship(
                Commitment, uselist=False, cascade="all, delete-orphan", lazy="joined"
            ),
            "settlements": relationship(
                SettlementRef,
                cascade="all, delete-orphan",
                order_by=settlement_refs.c.settled_on,
                lazy="selectin",
            ),
        },
    )
    mapper_registry.map_imperatively(
        InsuredPerson,
        insured_persons,
        properties={
            "filings": relationship(
                Filing,
                cascade="all, delete-orphan",
                order_by=(filings.c.filed_on, filings.c.id),
                lazy="selectin",
            )
        },
    )
