"""Short reference numbers on a real database (issue 19 scope 6): BA…/BX… per kind and day,
taken in the creating transaction, unique under concurrency, accepted where an id is, and given
to the rows that existed before migration 0920_short_refs."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text
from tests.filing_setup import CITIZEN, register

from yidi.adapters.migrate import alembic_config, upgrade_database
from yidi.adapters.orm import filings
from yidi.adapters.short_refs import ref_counters
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import NewFiling
from yidi.domain.short_refs import RefKind, parse_ref
from yidi.service_layer import filing_services as fs
from yidi.service_layer import queries as q


def _file(uow, idn: str, region: str = "110100") -> dict:  # type: ignore[no-untyped-def]
    register(uow, idn)
    return fs.file(uow, CITIZEN, idn, NewFiling(Category.LONG_TERM_RETIREE, region))["filing"]  # type: ignore[return-value]


def test_each_filing_gets_the_next_number_of_its_day_and_is_found_by_it(uow, clock, new_id_number):
    first, second = _file(uow, new_id_number()), _file(uow, new_id_number())
    day = f"{clock():%Y%m%d}"
    assert str(first["ref_no"]).startswith(f"BA{day}-") and str(second["ref_no"]).startswith(f"BA{day}-")
    assert int(str(second["ref_no"])[-4:]) == int(str(first["ref_no"])[-4:]) + 1
    found = q.get_filing(uow, str(second["ref_no"]))
    assert found["id"] == second["id"] and found["ref_no"] == second["ref_no"]
    typed = q.get_filing(uow, str(second["ref_no"]).lower().replace("-", " "))  # as read over the phone
    assert typed["id"] == second["id"]
    history = q.filing_history(uow, str(second["ref_no"]))
    assert history[0]["after"]["ref_no"] == second["ref_no"]  # type: ignore[index]
    with uow:  # the staff claim page names a claim's filing by this number
        assert uow.persons.ref_of(str(second["id"])) == second["ref_no"]


def test_numbers_taken_at_once_are_all_different(uow_factory):
    """Sixteen transactions at once (threads, own connections): every number once, none skipped."""

    def take(_: int) -> str:
        u = uow_factory()
        with u:
            ref = u.persons.next_ref(RefKind.CLAIM, date(2031, 5, 6))
            u.commit()
        return ref

    with ThreadPoolExecutor(max_workers=8) as pool:
        refs = list(pool.map(take, range(16)))
    assert sorted(refs) == [f"BX20310506-{n:04d}" for n in range(1, 17)]


def test_a_rolled_back_transaction_gives_its_number_back(uow_factory):
    u = uow_factory()
    with u:
        u.persons.next_ref(RefKind.FILING, date(2031, 5, 7))  # left without commit: rolled back
    u = uow_factory()
    with u:
        assert u.persons.next_ref(RefKind.FILING, date(2031, 5, 7)) == "BA20310507-0001"


def test_the_migration_numbers_the_rows_that_were_there(db_url, new_id_number):
    # rows written just before this revision (the one it revises, whatever the chain is then)
    before = ScriptDirectory.from_config(alembic_config("sqlite://")).get_revision("0920_short_refs")
    engine = upgrade_database(db_url, str(before.down_revision))
    idn = new_id_number()
    person = {"id_number": idn, "name": "李四", "insutype": "310", "psn_type": "12", "civil_servant": False,
              "insured_region": "211200", "account_balance_fen": 0, "insurance_status": "active"}  # fmt: skip
    if "psn_no" in {c["name"] for c in inspect(engine).get_columns("insured_persons")}:
        person["psn_no"] = "P0000000000000000920"
    try:
        with engine.begin() as conn:
            conn.execute(sa.table("insured_persons", *(sa.column(k) for k in person)).insert(), person)
            for fid, day in (("f2", "2026-03-02"), ("f1", "2026-03-02"), ("f3", "2026-03-05")):
                conn.execute(text(
                    "INSERT INTO filings (id, person_id_number, category, channel, insured_region, treatment_region,"
                    " filed_on, start_date, status, place_effective_from, form)"
                    " VALUES (:id, :p, 'long_term_retiree', 'counter', '211200', '110100', :d, :d, 'active', :d, '{}')"
                ), {"id": fid, "p": idn, "d": date.fromisoformat(day)})  # fmt: skip
        upgrade_database(db_url).dispose()
        with engine.connect() as conn:
            refs = dict(conn.execute(select(filings.c.id, filings.c.ref_no)).all())
            counters = {(r.kind, r.day): r.last for r in conn.execute(select(ref_counters))}
        assert refs == {"f1": "BA20260302-0001", "f2": "BA20260302-0002", "f3": "BA20260305-0001"}
        assert counters == {("BA", date(2026, 3, 2)): 2, ("BA", date(2026, 3, 5)): 1}
    finally:
        engine.dispose()


def test_a_typed_reference_is_read_generously():
    assert parse_ref(" ba20261203 0001 ") == (RefKind.FILING, "BA20261203-0001")
    assert parse_ref("BX20261203-12345") == (RefKind.CLAIM, "BX20261203-12345")
    assert parse_ref("0123456789abcdef0123456789abcdef") is None
