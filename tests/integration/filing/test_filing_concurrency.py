"""Real concurrency: threads racing for one person never leave two overlapping filings in force.

The use case holds the person's row lock (``SELECT … FOR UPDATE`` on PostgreSQL; ``BEGIN
IMMEDIATE`` on SQLite) from before it reads the person's filings until it commits. The race
window is widened on purpose (a sleep between the read and the write) so that, without the lock,
the race is lost every time — the control test proves the test would catch a missing lock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from yidi.adapters.person_repository import SqlAlchemyPersonRepository
from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.errors import FilingRefused
from yidi.domain.filing import creation
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import NewFiling
from yidi.service_layer import filing_services as fs
from yidi.service_layer import queries as q
from yidi.service_layer.person_services import register_person

CITIZEN = Actor("me", Role.CITIZEN, Channel.SELF_SERVICE)
STAFF = Actor("wang", Role.STAFF, Channel.COUNTER)
PLACES = ["110100", "120100", "310100", "320100", "330100", "440100", "500100", "510100"]


@pytest.fixture
def slow_decisions(monkeypatch: pytest.MonkeyPatch) -> None:
    real = creation.create_filing

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.05)  # widen the read→write window
        return real(*args, **kwargs)

    monkeypatch.setattr(fs, "create_filing", slow)


def race(uow_factory: Callable, idn: str, n: int) -> tuple[int, int, list[BaseException]]:  # type: ignore[type-arg]
    barrier = threading.Barrier(n)
    ok, refused, errors = [0], [0], []
    lock = threading.Lock()

    def worker(i: int) -> None:
        req = NewFiling(Category.TEMPORARY, PLACES[i % len(PLACES)], temporary_reason=TemporaryReason.TRAVEL)
        barrier.wait()
        try:
            fs.file(uow_factory(), CITIZEN, idn, req)
            with lock:
                ok[0] += 1
        except FilingRefused:
            with lock:
                refused[0] += 1
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return ok[0], refused[0], errors


def in_force(uow_factory: Callable, idn: str) -> int:  # type: ignore[type-arg]
    return sum(f["status"] in ("active", "pending_commitment") for f in q.list_filings(uow_factory(), idn))


def test_concurrent_filings_for_one_person_leave_exactly_one_in_force(
    uow_factory, new_id_number, slow_decisions
):
    for _round in range(3):
        idn = new_id_number()
        register_person(
            uow_factory(),
            STAFF,
            id_number=idn,
            name="并发",
            insutype="310",
            psn_type="12",
            insured_region="219900",
        )
        ok, refused, errors = race(uow_factory, idn, 8)
        assert errors == []
        assert (ok, refused) == (1, 7)
        assert in_force(uow_factory, idn) == 1


@pytest.mark.postgres
def test_control_without_the_row_lock_the_race_is_lost(pg_url, monkeypatch, slow_decisions, new_id_number):
    """Proves the test above has teeth: with FOR UPDATE switched off, PostgreSQL (READ COMMITTED)
    lets several requests read 'no filing' and insert overlapping filings."""
    from yidi.adapters.db import session_factory
    from yidi.adapters.migrate import upgrade_database
    from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

    engine = upgrade_database(pg_url)
    sessions = session_factory(engine)
    real_get = SqlAlchemyPersonRepository.get
    monkeypatch.setattr(
        SqlAlchemyPersonRepository, "get", lambda self, idn, for_update=False: real_get(self, idn)
    )
    idn = new_id_number()
    factory = lambda: SqlAlchemyUnitOfWork(sessions)  # noqa: E731
    register_person(
        factory(), STAFF, id_number=idn, name="对照", insutype="310", psn_type="12", insured_region="219900"
    )
    ok, _refused, errors = race(factory, idn, 8)
    engine.dispose()
    assert errors == []
    assert ok > 1  # several overlapping filings: exactly what the lock prevents


def test_concurrent_first_registration_of_one_person(uow_factory, new_id_number):
    idn = new_id_number()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            register_person(
                uow_factory(),
                STAFF,
                id_number=idn,
                name="同时",
                insutype="310",
                psn_type="11",
                insured_region="211200",
            )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert q.get_person(uow_factory(), idn)["name"] == "同时"
