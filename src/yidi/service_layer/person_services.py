"""Registering insured persons (参保人员登记). The insured registry is the agency's; yidi keeps
the fields filing and settlement need, validated (ID per GB 11643, insutype 310/390)."""

from __future__ import annotations

from yidi.domain import access
from yidi.domain.actors import Actor
from yidi.domain.filing.filing import HistoryEntry
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
