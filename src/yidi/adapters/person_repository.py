"""Repository of insured persons (the filing aggregate roots) and their history.

``get(..., for_update=True)`` takes the per-person lock: ``SELECT … FOR UPDATE`` on the person
row on PostgreSQL (SQLite already holds the write lock from ``BEGIN IMMEDIATE``). Every
change to a person's filings happens under that lock, so two concurrent requests for one person
are serialised and can never both add an overlapping filing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from yidi.adapters.orm import commitments, filing_history, filings, idempotency_keys, insured_persons
from yidi.adapters.outbox_repository import FilingOutbox
from yidi.adapters.short_refs import next_ref
from yidi.domain.filing import onward_report
from yidi.domain.filing.commitment import CommitmentStatus
from yidi.domain.filing.filing import IN_FORCE, HistoryEntry
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.short_refs import RefKind, parse_ref


class SqlAlchemyPersonRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, person: InsuredPerson) -> None:
        self.session.add(person)

    def get(self, id_number: str, *, for_update: bool = False) -> InsuredPerson | None:
        stmt = select(InsuredPerson).where(insured_persons.c.id_number == id_number)
        if for_update:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return self.session.scalars(stmt).one_or_none()

    def get_by_psn_no(self, psn_no: str, *, for_update: bool = False) -> InsuredPerson | None:
        """The person of a platform person number (人员编号, the hospital interface's psn_no)."""
        stmt = select(InsuredPerson).where(insured_persons.c.psn_no == psn_no)
        if for_update:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return self.session.scalars(stmt).one_or_none()

    def exists(self, id_number: str) -> bool:
        """Whether a person with this ID number is registered (without loading the aggregate)."""
        stmt = select(insured_persons.c.id_number).where(insured_persons.c.id_number == id_number)
        return self.session.execute(stmt).first() is not None

    def next_ref(self, kind: RefKind, day: date) -> str:
        """A new short reference number, counted in this transaction (adapters/short_refs.py)."""
        return next_ref(self.session.connection(), kind, day)

    def id_for_ref(self, key: str) -> str:
        """The internal id of a filing given by its id or by its short reference number."""
        ref = parse_ref(key)
        if ref is None or ref[0] is not RefKind.FILING:
            return key
        return self.session.scalar(select(filings.c.id).where(filings.c.ref_no == ref[1])) or key

    def ref_of(self, filing_id: str) -> str | None:
        """The short reference number people quote for a filing (None before it had one)."""
        return self.session.scalar(select(filings.c.ref_no).where(filings.c.id == filing_id))

    def owner_of(self, filing_id: str) -> str | None:
        return self.session.scalar(select(filings.c.person_id_number).where(filings.c.id == filing_id))

    def names_of(self, id_numbers: list[str]) -> dict[str, str]:
        """ID number → name for a page of rows (a queue), in one query."""
        if not id_numbers:
            return {}
        stmt = select(insured_persons.c.id_number, insured_persons.c.name).where(
            insured_persons.c.id_number.in_(sorted(set(id_numbers)))
        )
        return {str(i): str(n) for i, n in self.session.execute(stmt)}

    def list_ids(self, limit: int = 1000, offset: int = 0) -> list[str]:
        stmt = (
            select(insured_persons.c.id_number)
            .order_by(insured_persons.c.id_number)
            .limit(limit)
            .offset(offset)
        )
        return list(self.session.scalars(stmt))

    def ids_with_deadline_work(self) -> list[str]:
        """Persons with an open commitment or a filing in force that has an end date."""
        open_c = (
            select(filings.c.person_id_number)
            .join(commitments, commitments.c.filing_id == filings.c.id)
            .where(commitments.c.status == str(CommitmentStatus.OPEN))
        )
        ending = select(filings.c.person_id_number).where(
            filings.c.status.in_([str(s) for s in IN_FORCE]), filings.c.end_date.is_not(None)
        )
        return sorted(set(self.session.scalars(open_c)) | set(self.session.scalars(ending)))

    def add_history(self, entry: HistoryEntry) -> None:
        """Record the change; a change of filing information also becomes an onward-report event
        in the outbox, in this same transaction (seed 002 第十四条)."""
        self.session.add(entry)
        event = onward_report.event_for(entry)
        if event is not None:
            FilingOutbox(self.session).add(event)

    def history(self, *, filing_id: str | None = None, person: str | None = None) -> list[HistoryEntry]:
        stmt = select(HistoryEntry).order_by(filing_history.c.id)
        if filing_id is not None:
            stmt = stmt.where(filing_history.c.filing_id == filing_id)
        if person is not None:
            stmt = stmt.where(filing_history.c.person_id_number == person)
        return list(self.session.scalars(stmt))

    def stored_result(self, key: str) -> dict[str, object] | None:
        row = self.session.execute(
            select(idempotency_keys.c.result).where(idempotency_keys.c.key == key)
        ).one_or_none()
        return None if row is None else dict(row[0])

    def store_result(self, key: str, operation: str, person: str, result: dict[str, object]) -> None:
        self.session.execute(
            idempotency_keys.insert().values(
                key=key,
                operation=operation,
                person_id_number=person,
                result=result,
                created_at=datetime.now(UTC),
            )
        )
