"""Repository, unit of work, migrations and history on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError
from tests.filing_setup import CITIZEN, STAFF, register

from yidi.adapters.migrate import alembic_config, current_revision, upgrade_database
from yidi.adapters.orm import (
    commitments,
    filing_history,
    filing_materials,
    filings,
    idempotency_keys,
    insured_persons,
    metadata,
    settlement_refs,
)
from yidi.adapters.orm_outbox import filing_outbox
from yidi.domain.errors import FilingRefused
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.commitment import CommitmentStatus
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.filing import FilingStatus
from yidi.domain.filing.materials import MaterialKind
from yidi.service_layer import filing_services as fs
from yidi.service_layer import queries as q

FILING_TABLES = {
    t.name
    for t in (
        insured_persons,
        filings,
        filing_materials,
        commitments,
        settlement_refs,
        filing_history,
        idempotency_keys,
        filing_outbox,
    )
}


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def _table_of(diff: object) -> str | None:
    """The table a compare_metadata diff is about (diffs are tuples, or lists of tuples)."""
    item = diff[0] if isinstance(diff, list) else diff
    for part in item[1:]:  # type: ignore[index]
        name = getattr(part, "name", None) if not isinstance(part, str) else None
        table = getattr(part, "table", None)
        if table is not None:
            return str(table.name)
        if name and hasattr(part, "columns"):
            return str(name)
    return str(item[2]) if len(item) > 2 and isinstance(item[2], str) else None  # type: ignore[arg-type, index]


def test_migrations_build_exactly_the_mapped_filing_schema(engine):
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    # other issues add their own tables to the same metadata and migrations; judge ours only
    assert [d for d in diffs if _table_of(d) in FILING_TABLES] == []
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) >= FILING_TABLES


def test_the_migrations_build_an_empty_database_to_the_head(db_url):
    engine = upgrade_database(db_url)  # db_url alone: an empty database (the other tests get a copy)
    try:
        assert current_revision(engine) == head_revision()
        assert set(inspect(engine).get_table_names()) >= FILING_TABLES
    finally:
        engine.dispose()


def test_upgrade_is_idempotent(db_url, engine):
    upgrade_database(db_url).dispose()
    assert current_revision(engine) == head_revision()


def test_person_and_filing_round_trip_with_enums_and_fen(uow, uow_factory, new_id_number):
    idn = new_id_number()
    register(uow, idn)
    res = fs.file(
        uow, CITIZEN, idn, NewFiling(Category.LONG_TERM_RETIREE, "110100", outpatient_hospital="H11010500001")
    )
    fid = str(res["filing"]["id"])  # type: ignore[index]
    fresh = uow_factory()
    with fresh:
        p = fresh.persons.get(idn)
        assert p is not None and p.account_balance_fen == 123_456
        f = p.filing(fid)
        assert f.category is Category.LONG_TERM_RETIREE and f.status is FilingStatus.PENDING_COMMITMENT
        assert f.commitment is not None and f.commitment.status is CommitmentStatus.OPEN
        assert [m.kind for m in f.materials] == [MaterialKind.ID_CARD]
    assert q.get_filing(uow, fid)["outpatient_hospital"] == "H11010500001"


def test_money_is_stored_as_integer_fen(engine, uow, new_id_number):
    idn = new_id_number()
    register(uow, idn)
    with engine.connect() as conn:
        value = conn.execute(
            text("select account_balance_fen from insured_persons where id_number=:i"), {"i": idn}
        ).scalar()
    assert value == 123_456 and isinstance(value, int)


def test_a_refused_operation_changes_nothing(uow, new_id_number):
    idn = new_id_number()
    register(uow, idn)
    fs.file(
        uow, CITIZEN, idn, NewFiling(Category.TEMPORARY, "110100", temporary_reason=TemporaryReason.TRAVEL)
    )
    with pytest.raises(FilingRefused):
        fs.file(
            uow,
            CITIZEN,
            idn,
            NewFiling(Category.TEMPORARY, "310100", temporary_reason=TemporaryReason.TRAVEL),
        )
    assert len(q.list_filings(uow, idn)) == 1
    assert [h["action"] for h in q.person_history(uow, idn)] == ["person_register", "create"]


def test_history_records_who_channel_when_why_before_after_and_is_append_only(
    engine, uow, clock, new_id_number
):
    idn = new_id_number()
    register(uow, idn)
    res = fs.file(
        uow, CITIZEN, idn, NewFiling(Category.TEMPORARY, "110100", temporary_reason=TemporaryReason.STUDY)
    )
    fid = str(res["filing"]["id"])  # type: ignore[index]
    fs.cancel(uow, STAFF, fid, "本人申请取消")
    hist = q.filing_history(uow, fid)
    assert [h["action"] for h in hist] == ["create", "cancel"]
    cancel = hist[1]
    assert (
        cancel["actor"] == "staff:wang"
        and cancel["channel"] == "counter"
        and "本人申请取消" in str(cancel["reason"])
    )
    assert cancel["before"]["status"] == "active" and cancel["after"]["status"] == "cancelled"  # type: ignore[index]
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(text("update filing_history set action='x'"))
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(text("delete from filing_history"))


def test_supply_materials_and_change_persist(uow, clock, new_id_number):
    idn = new_id_number()
    register(uow, idn)
    res = fs.file(uow, CITIZEN, idn, NewFiling(Category.LONG_TERM_RETIREE, "110100"))
    fid = str(res["filing"]["id"])  # type: ignore[index]
    out = fs.supply_materials(uow, CITIZEN, fid, (MaterialIn(MaterialKind.HUKOU, "户口簿 110"),))
    assert out["filing"]["status"] == "active"  # type: ignore[index]
    clock.today = date(2026, 8, 1)
    fs.change(
        uow, CITIZEN, fid, treatment_region="120100", items=(MaterialIn(MaterialKind.PROPERTY_CERTIFICATE),)
    )
    f = q.get_filing(uow, fid)
    assert f["treatment_region"] == "120100" and f["place_effective_from"] == "2026-08-01"
    assert [h["action"] for h in q.filing_history(uow, fid)] == ["create", "supply_materials", "change"]
