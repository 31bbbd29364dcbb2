"""The in-memory unit of work keeps the real one's promise: commit publishes, leaving without
commit discards, and what a JSON column would not carry back does not come back."""

from __future__ import annotations

from datetime import UTC, date, datetime

from yidi.domain.filing.filing import HistoryEntry
from yidi.domain.filing.person import InsuredPerson


def person(idn: str) -> InsuredPerson:
    return InsuredPerson.register(
        id_number=idn, name="王五", insutype="310", psn_type="11", insured_region="211200"
    )


def test_commit_publishes_and_leaving_without_commit_discards(uow_factory, new_id_number):
    idn = new_id_number()
    with uow_factory() as uow:
        uow.persons.add(person(idn))
        uow.commit()
    with uow_factory() as uow:
        p = uow.persons.get(idn)
        assert p is not None
        p.name = "改了没提交"
        uow.persons.add(person(new_id_number()))
    with uow_factory() as uow:
        assert uow.persons.get(idn).name == "王五"
        assert uow.persons.list_ids() == [idn]


def test_rollback_inside_the_block_starts_again_from_what_is_committed(uow_factory, new_id_number):
    idn = new_id_number()
    with uow_factory() as uow:
        uow.persons.add(person(idn))
        uow.rollback()
        assert uow.persons.get(idn) is None


def test_history_ids_ascend_and_results_come_back_as_json(uow_factory, new_id_number):
    idn = new_id_number()
    with uow_factory() as uow:
        for action in ("person_register", "create"):
            uow.persons.add_history(HistoryEntry(idn, None, datetime.now(UTC), "staff:w", "counter", action))
        uow.persons.store_result("k", "create", idn, {"on": date(2026, 1, 10).isoformat(), "ids": ("a", "b")})
        uow.commit()
    with uow_factory() as uow:
        assert [(h.id, h.action) for h in uow.persons.history(person=idn)] == [
            (1, "person_register"),
            (2, "create"),
        ]
        assert uow.persons.stored_result("k") == {"on": "2026-01-10", "ids": ["a", "b"]}
        assert uow.persons.stored_result("other") is None
