"""In-memory stand-ins for storage, so a use case whose subject is not the database is tested
without one (cosmicpython's ``FakeRepository`` / ``FakeUnitOfWork``).

``FakeUnitOfWork`` keeps the promise of the real one: work inside ``with uow:`` happens on a copy
of the committed data, ``commit()`` publishes it, leaving without commit discards it. So "a refused
operation changes nothing" holds here for the same reason it holds on a database, not because the
domain happened to refuse before changing anything. Unit-of-work instances made by one
``FakeDatabase.uow_factory`` share one ``FakeDatabase``, as real ones share a database.

What the fake does not do — locking, SQL types, constraints, migrations, the ORM mapping — is
what the integration tests (``tests/integration``) check on SQLite and PostgreSQL.

Add a fake repository here when the unit of work gains a repository a converted test needs.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from yidi.domain.filing.commitment import CommitmentStatus
from yidi.domain.filing.filing import IN_FORCE, HistoryEntry
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.rules import RuleBook
from yidi.domain.short_refs import RefKind, format_ref
from yidi.policy.filing import packaged_rule_book
from yidi.service_layer.unit_of_work import AbstractUnitOfWork


@dataclass
class Clock:
    """A settable 'today' so deadlines can be tested without waiting six months."""

    today: date = date(2026, 1, 10)

    def __call__(self) -> date:
        return self.today


@dataclass
class Tables:
    """What a database would hold for the filing use cases."""

    persons: dict[str, InsuredPerson] = field(default_factory=dict)
    history: list[HistoryEntry] = field(default_factory=list)
    results: dict[str, dict[str, object]] = field(default_factory=dict)
    ref_counters: dict[tuple[str, date], int] = field(default_factory=dict)

    def copy(self) -> Tables:
        # pickle, not deepcopy: it is how SQLAlchemy supports copying mapped instances
        copied: Tables = pickle.loads(pickle.dumps(self))
        return copied


class FakePersonRepository:
    """``SqlAlchemyPersonRepository``'s contract on ``Tables``."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    def add(self, person: InsuredPerson) -> None:
        self.tables.persons[person.id_number] = person

    def get(self, id_number: str, *, for_update: bool = False) -> InsuredPerson | None:
        person = self.tables.persons.get(id_number)
        if person is not None:  # the mapping loads filings ordered by (filed_on, id)
            person.filings.sort(key=lambda f: (f.filed_on, f.id))
        return person

    def next_ref(self, kind: RefKind, day: date) -> str:
        seq = self.tables.ref_counters.get((str(kind), day), 0) + 1
        self.tables.ref_counters[(str(kind), day)] = seq
        return format_ref(kind, day, seq)

    def id_for_ref(self, key: str) -> str:
        found = (f.id for p in self.tables.persons.values() for f in p.filings if f.ref_no == key)
        return next(found, key)

    def ref_of(self, filing_id: str) -> str | None:
        return next((f.ref_no for p in self.tables.persons.values() for f in p.filings if f.id == filing_id), None)

    def owner_of(self, filing_id: str) -> str | None:
        return next(
            (p.id_number for p in self.tables.persons.values() for f in p.filings if f.id == filing_id), None
        )

    def list_ids(self, limit: int = 1000, offset: int = 0) -> list[str]:
        return sorted(self.tables.persons)[offset : offset + limit]

    def ids_with_deadline_work(self) -> list[str]:
        return sorted(
            p.id_number
            for p in self.tables.persons.values()
            if any(
                (f.commitment is not None and f.commitment.status == CommitmentStatus.OPEN)
                or (f.status in IN_FORCE and f.end_date is not None)
                for f in p.filings
            )
        )

    def add_history(self, entry: HistoryEntry) -> None:
        entry.id = len(self.tables.history) + 1  # the autoincrement key
        self.tables.history.append(entry)

    def history(self, *, filing_id: str | None = None, person: str | None = None) -> list[HistoryEntry]:
        return [
            h
            for h in self.tables.history
            if (filing_id is None or h.filing_id == filing_id)
            and (person is None or h.person_id_number == person)
        ]

    def stored_result(self, key: str) -> dict[str, object] | None:
        stored = self.tables.results.get(key)
        return None if stored is None else dict(stored)

    def store_result(self, key: str, operation: str, person: str, result: dict[str, object]) -> None:
        if key in self.tables.results:
            raise KeyError(f"duplicate idempotency key {key}")  # the primary key refuses it too
        # a JSON column: what comes back is what JSON can carry
        self.tables.results[key] = json.loads(json.dumps(result))


class FakeHospitalRegistry:
    """The hospital registry's lookup by code (rows as dicts, e.g. ``{"hosp_lv": "3A"}``)."""

    def __init__(self, rows: dict[str, dict[str, object]]) -> None:
        self.rows = rows

    def hospital(self, code: str) -> dict[str, object] | None:
        return self.rows.get(code)


class FakeDatabase:
    """The committed state that fake units of work share."""

    def __init__(self) -> None:
        self.tables = Tables()
        self.commits = 0
        self.hospitals: dict[str, dict[str, object]] = {}  # the hospital registry: code → row

    def uow_factory(
        self, *, clock: Callable[[], date] = date.today, rules: RuleBook | None = None
    ) -> Callable[[], FakeUnitOfWork]:
        return lambda: FakeUnitOfWork(self, clock=clock, rules=rules)


class FakeUnitOfWork(AbstractUnitOfWork):
    persons: FakePersonRepository

    def __init__(
        self, database: FakeDatabase, *, clock: Callable[[], date] = date.today, rules: RuleBook | None = None
    ) -> None:
        self.database = database
        self.rules = rules or packaged_rule_book()
        self.clock = clock

    def __enter__(self) -> FakeUnitOfWork:
        self.persons = FakePersonRepository(self.database.tables.copy())
        self.hospital = FakeHospitalRegistry(self.database.hospitals)
        return self

    def commit(self) -> None:
        self.database.tables = self.persons.tables.copy()
        self.database.commits += 1

    def rollback(self) -> None:
        # the work in progress starts again from what is committed
        self.persons = FakePersonRepository(self.database.tables.copy())
