"""Registering insured persons (参保人员登记). The insured registry is the agency's; yidi keeps
the fields filing and settlement need, validated (ID per GB 11643, insutype 310/390)."""

from __future__ import annotations

from datetime import date

from yidi.domain import access
from yidi.domain.actors import Actor
from yidi.domain.filing.filing import HistoryEntry
from yidi.domain.filing.lifecycle import Change
from yidi.domain.filing.person import InsuredPerson
from yidi.service_layer.queries import person_view
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork, WriteConflict

FIELDS = (
    "name", "insutype", "psn_type", "insured_region", "civil_servant", "account_balance_fen", "assistance_group",
)  # fmt: skip


def register_person(uow: SqlAlchemyUnitOfWork, actor: Actor, **data: object) -> dict[str, object]:
    """Create the person, or update their fields; both are recorded in the history."""
    from datetime import UTC, datetime

    access.check_act(actor, access.Act.REGISTER_PERSON, str(data.get("id_number", "")))
    person = InsuredPerson.register(**data)  # type: ignore[arg-type]
    for attempt in range(2):
        try:
            with uow:
                existing = uow.persons.get(person.id_number, for_update=True)
                before = person_view(existing) if existing else None
                target = existing or person
                if existing:
                    for f in FIELDS:
                        setattr(existing, f, getattr(person, f))
                else:
                    uow.persons.add(person)
                after = person_view(target)
                uow.persons.add_history(
                    HistoryEntry(
                        person_id_number=person.id_number, filing_id=None, at=datetime.now(UTC), actor=str(actor),
                        channel=str(actor.channel), action="person_update" if existing else "person_register",
                        before=before, after=after,
                    )
                )  # fmt: skip
                uow.commit()
                return after
        except WriteConflict:
            # a concurrent first registration won the insert: retry as an update
            if attempt:
                raise
    raise AssertionError("unreachable")


def change_status(
    uow: SqlAlchemyUnitOfWork, actor: Actor, id_number: str, event: str, *, request_id: str | None = None
) -> dict[str, object]:
    """参保状态变更 (retire, suspend, resume, terminate; seed 002 第十三条(二)) reported by the
    employer or the agency: the person and every filing it touches change in one transaction,
    each filing's history naming the clause, and the person's own history the before and after."""
    from datetime import UTC, datetime

    from yidi.domain.filing import person_status
    from yidi.service_layer.filing_services import apply

    def op(person: InsuredPerson, _rules: object, today: date) -> tuple[dict[str, object], list[Change]]:
        before = person_view(person)
        changes = person_status.change_status(person, event, today)
        uow.persons.add_history(
            HistoryEntry(
                person_id_number=person.id_number, filing_id=None, at=datetime.now(UTC), actor=str(actor),
                channel=str(actor.channel), action=f"person_{event}", before=before, after=person_view(person),
                clause=str(person_status.CLAUSE),
            )
        )  # fmt: skip
        result: dict[str, object] = {
            "person": person_view(person),
            "filings": [{"filing": c.filing.snapshot(), "action": c.action} for c in changes],
        }
        return result, changes

    return apply(uow, actor, id_number, "person_status", op, request_id=request_id)

