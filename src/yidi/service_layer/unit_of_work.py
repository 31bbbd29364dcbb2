"""Unit of work: one use case = one transaction (cosmicpython ch. 6).

Leaving the ``with`` block without ``commit()`` rolls back, so a refused operation changes nothing.
The use cases reach storage only through the repositories it opens on its session (all in
``yidi.adapters``): ``persons`` (the filing aggregate, its history, idempotency keys),
``claims`` (manual claims), ``hospital`` (the hospital interface: hospitals, visits, fee lines,
settlements, year-to-date totals, the message log), ``accounts`` and ``tokens`` (sign-in accounts,
REST tokens), ``patients`` (本机构患者), ``settlements`` (the settlement lookup's read model),
``clearing`` (清算: statements, the journal, advance funds, the hospital side), ``supervision``
(基金监管: review input, hits, queue, decisions), ``contacts`` (the help contacts an
administrator changed) and ``outbox`` (filing events for the onward report, seed 002 第十四条).
``AbstractUnitOfWork`` is what a use case relies on; ``SqlAlchemyUnitOfWork`` keeps it in a
database, the tests' ``FakeUnitOfWork`` (``tests/fakes.py``) in memory, so a use case whose subject
is not the storage is tested without one.
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from datetime import date
from types import TracebackType
from typing import Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from yidi.adapters.accounts_repository import AccountRepository, TokenRepository
from yidi.adapters.audit_repository import AuditRepository
from yidi.adapters.claims_repository import ClaimRepository
from yidi.adapters.clearing_repository import ClearingRepository
from yidi.adapters.contacts_repository import ContactRepository
from yidi.adapters.db import make_engine, session_factory
from yidi.adapters.fund_repository import FundRepository
from yidi.adapters.hospital_repository import HospitalRepository
from yidi.adapters.ops_read_model import OpsReadModel
from yidi.adapters.outbox_repository import FilingOutbox
from yidi.adapters.patient_relation import PatientRelation
from yidi.adapters.person_repository import SqlAlchemyPersonRepository
from yidi.adapters.settlement_read_model import SettlementReadModel
from yidi.adapters.supervision_repository import SupervisionRepository
from yidi.adapters.throttle_repository import ThrottleRepository
from yidi.domain.filing.filing import HistoryEntry
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.rules import RuleBook
from yidi.domain.short_refs import RefKind
from yidi.policy.filing import packaged_rule_book


class WriteConflict(Exception):
    """The database refused a write that breaks a unique key: in practice a concurrent
    transaction committed the same key first (a msgid, a nonce, a first registration). The
    transaction is rolled back; the caller answers as the first one did, or retries."""


class PersonRepository(Protocol):
    """The insured persons (filing aggregate roots), their history and stored results."""

    def add(self, person: InsuredPerson) -> None: ...
    def get(self, id_number: str, *, for_update: bool = False) -> InsuredPerson | None: ...
    def owner_of(self, filing_id: str) -> str | None: ...
    def ref_of(self, filing_id: str) -> str | None: ...
    def next_ref(self, kind: RefKind, day: date) -> str: ...
    def id_for_ref(self, key: str) -> str: ...
    def list_ids(self, limit: int = 1000, offset: int = 0) -> list[str]: ...
    def ids_with_deadline_work(self) -> list[str]: ...
    def add_history(self, entry: HistoryEntry) -> None: ...
    def history(self, *, filing_id: str | None = None, person: str | None = None) -> list[HistoryEntry]: ...
    def stored_result(self, key: str) -> dict[str, object] | None: ...
    def store_result(self, key: str, operation: str, person: str, result: dict[str, object]) -> None: ...


class AbstractUnitOfWork(abc.ABC):
    """One transaction: ``with uow:`` … ``uow.commit()``; leaving without commit rolls back."""

    persons: PersonRepository
    rules: RuleBook
    clock: Callable[[], date]

    @abc.abstractmethod
    def __enter__(self) -> AbstractUnitOfWork: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.rollback()

    @abc.abstractmethod
    def commit(self) -> None: ...

    @abc.abstractmethod
    def rollback(self) -> None: ...


class SqlAlchemyUnitOfWork(AbstractUnitOfWork):
    persons: SqlAlchemyPersonRepository
    claims: ClaimRepository
    hospital: HospitalRepository
    accounts: AccountRepository
    tokens: TokenRepository
    patients: PatientRelation
    settlements: SettlementReadModel
    supervision: SupervisionRepository
    fund: FundRepository
    ops: OpsReadModel
    audit: AuditRepository
    throttle: ThrottleRepository
    outbox: FilingOutbox

    def __init__(
        self,
        factory: sessionmaker[Session] | None = None,
        *,
        rules: RuleBook | None = None,
        clock: Callable[[], date] = date.today,
    ) -> None:
        self.sessions = factory or session_factory(make_engine())
        self.rules = rules or packaged_rule_book()
        self.clock = clock

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        self.session = session = self.sessions()
        self.persons = SqlAlchemyPersonRepository(session)
        self.claims = ClaimRepository(session)
        self.hospital = HospitalRepository(session)
        self.accounts = AccountRepository(session)
        self.tokens = TokenRepository(session)
        self.patients = PatientRelation(session)
        self.settlements = SettlementReadModel(session)
        self.supervision = SupervisionRepository(session)
        self._clearing: ClearingRepository | None = None
        self.fund = FundRepository(session)
        self.contacts = ContactRepository(session)
        self.ops = OpsReadModel(session)
        self.audit = AuditRepository(session)
        self.throttle = ThrottleRepository(session)
        self.outbox = FilingOutbox(session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.session.rollback()
        self.session.close()
        if isinstance(exc, IntegrityError):
            raise WriteConflict(str(exc.orig)) from exc

    @property
    def clearing(self) -> ClearingRepository:
        """Clearing on this session, with the parameters in force on the business day (the dated
        rule data of ``policy/data/clearing``: deadlines, advance sizing, warning threshold)."""
        if self._clearing is None:
            from yidi.policy.clearing import clearing_parameters

            self._clearing = ClearingRepository(self.session, clearing_parameters(self.clock()))
        return self._clearing

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
