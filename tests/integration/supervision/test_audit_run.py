"""``yidi audit run`` / ``yidi audit xiecha`` over a month of settlements in the database (SQLite,
and PostgreSQL when configured): the exact JSON, idempotent re-runs, the queue, the 审核率."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime

import pytest
from sqlalchemy import Engine, func, select
from tests.integration.supervision.audit_rows import ASPIRIN, CBC, PCI, Stay, add, march
from typer.testing import CliRunner

from yidi.adapters import orm_supervision as t
from yidi.adapters import supervision_frames
from yidi.entrypoints.cli.main import app
from yidi.service_layer import supervision_review as sr
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

BEIJING = "110100"  # insured in another province: pay_loc 4
TIELING = "211200"  # insured in the province: pay_loc 3
Factory = Callable[[], SqlAlchemyUnitOfWork]


def _month(engine: Engine, new_id_number: Callable[..., str]) -> dict[str, str]:
    """A March: a cross-province stay above 30 000 yuan, an in-province stay billed twice for one
    blood count, a small clean one; and a February stay that is not the month's."""
    big = add(engine, Stay(new_id_number(), BEIJING, march(2), march(10),
                           [(PCI, "1", 3_200_000), (ASPIRIN, "10", 10_000)]))  # fmt: skip
    dup = add(engine, Stay(new_id_number(), TIELING, march(3), march(6), [(CBC, "1", 2_500), (CBC, "1", 2_500)],
                           pay_loc="3"))  # fmt: skip
    clean = add(engine, Stay(new_id_number(), TIELING, march(12), march(15), [(ASPIRIN, "10", 10_000)], pay_loc="3"))
    feb = add(engine, Stay(new_id_number(), BEIJING, datetime(2026, 2, 1, 9), datetime(2026, 2, 20, 9),
                           [(PCI, "1", 4_000_000)]))  # fmt: skip
    return {"big": big, "dup": dup, "clean": clean, "feb": feb}


def test_run_finds_the_rules_hits_and_is_idempotent(engine: Engine, uow_factory: Factory, new_id_number) -> None:  # type: ignore[no-untyped-def]
    ids = _month(engine, new_id_number)
    first = sr.run_month(uow_factory(), "2026-03", today=date(2026, 4, 2))
    assert set(first) == {"hits", "reviewed_ratio"}
    assert first["reviewed_ratio"] == "1.00"
    found = {(h["setl_id"], h["rule"]) for h in first["hits"]}
    assert (ids["big"], "R-XC") in found
    assert (ids["dup"], "R-DUP") in found
    assert not any(s == ids["feb"] for s, _ in found)
    assert all(set(h) == {"setl_id", "rule", "severity", "clause", "detail"} for h in first["hits"])
    xc = next(h for h in first["hits"] if h["rule"] == "R-XC")
    assert xc["severity"] == "info" and "32100.00" in xc["detail"] and "三(二)" in xc["clause"]
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(t.rule_hits)).scalar_one()
        queued = set(conn.execute(select(t.review_queue.c.setl_id)).scalars())
    assert stored == len(first["hits"])
    assert {ids["big"], ids["dup"]} <= queued  # an amount above 20 000 yuan; a violation
    again = sr.run_month(uow_factory(), "2026-03", today=date(2026, 4, 2))
    assert again == first
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.rule_hits)).scalar_one() == stored
        assert set(conn.execute(select(t.review_queue.c.setl_id)).scalars()) == queued
        runs = conn.execute(select(func.count()).select_from(t.review_runs)).scalar_one()
    assert runs == 2


def test_bulk_writes_store_what_row_writes_store(engine: Engine, uow_factory: Factory, new_id_number, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A month's hits and queue entries go in by ``COPY`` on PostgreSQL (``copy_rows``, from
    ``COPY_FROM`` rows; here from one): the same rows, empty line numbers and JSON intact."""
    monkeypatch.setattr(supervision_frames, "COPY_FROM", 1)
    test_run_finds_the_rules_hits_and_is_idempotent(engine, uow_factory, new_id_number)
    with engine.connect() as conn:
        hits = conn.execute(select(t.rule_hits.c.rule, t.rule_hits.c.line_sn, t.rule_hits.c.facts)).all()
        queue = conn.execute(select(t.review_queue.c.reasons, t.review_queue.c.rules)).all()
    assert any(h.line_sn == "" for h in hits) and any(h.line_sn for h in hits)
    assert all(isinstance(h.facts, dict) for h in hits)
    assert all(isinstance(q.reasons, list) and q.reasons for q in queue)


def _stored(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """What a run wrote, without what differs between two runs (run ids, clock times)."""
    def plain(row: object) -> tuple[object, ...]:
        return tuple(json.dumps(v, sort_keys=True) if isinstance(v, dict | list) else v for v in row)  # type: ignore[attr-defined]

    h, q, r = t.rule_hits.c, t.review_queue.c, t.reviewed.c
    with engine.connect() as conn:
        return {
            "hits": sorted(plain(x) for x in conn.execute(select(
                h.setl_id, h.mdtrt_id, h.line_sn, h.rule, h.severity, h.clause, h.detail, h.params, h.facts,
                h.hospital_code, h.insured_region, h.treatment_region))),
            "queue": sorted(plain(x) for x in conn.execute(select(
                q.setl_id, q.month, q.hospital_code, q.insured_region, q.treatment_region, q.medfee_sumamt, q.reasons,
                q.rules, q.status))),
            "reviewed": sorted(plain(x) for x in conn.execute(select(
                r.setl_id, r.month, r.by_rules_at.is_not(None), r.by_person_at.is_not(None)))),
        }  # fmt: skip


def test_bulk_writes_equal_row_writes_row_for_row(engine: Engine, uow_factory: Factory, new_id_number, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The monthly run's bulk writes on PostgreSQL (``COPY`` of hits and queue entries, the reviewed
    marks from a copied id list) store exactly what the row-by-row writes store, a settlement a
    person reviewed before the rules included (it gains the rules' mark, keeps the person's)."""
    ids = _month(engine, new_id_number)

    def run() -> dict[str, list[tuple[object, ...]]]:
        with engine.begin() as conn:
            for table in (t.rule_hits, t.review_queue, t.reviewed, t.review_runs):
                conn.execute(table.delete())
        with uow_factory() as uow:
            uow.supervision.mark_reviewed_by_person(ids["clean"], "2026-03", datetime(2026, 3, 20, 9))
            uow.commit()
        sr.run_month(uow_factory(), "2026-03", today=date(2026, 4, 2))
        return _stored(engine)

    monkeypatch.setattr(supervision_frames, "COPY_FROM", 1)
    bulk = run()
    monkeypatch.setattr(supervision_frames, "COPY_FROM", 10**9)
    monkeypatch.setattr(supervision_frames, "mark_reviewed", lambda *a: False)
    assert run() == bulk
    assert (ids["clean"], "2026-03", True, True) in bulk["reviewed"]
    assert len(bulk["reviewed"]) == 3 and bulk["hits"] and bulk["queue"]


def test_reviewed_ratio_counts_what_the_rules_have_seen(engine: Engine, uow_factory: Factory, new_id_number) -> None:  # type: ignore[no-untyped-def]
    ids = _month(engine, new_id_number)
    # as of 8 March only the stay that ended on 6 March was settled: reviewed 1 of the month's 3
    early = sr.run_month(uow_factory(), "2026-03", today=date(2026, 3, 8))
    assert {h["setl_id"] for h in early["hits"]} <= {ids["dup"]}
    assert early["reviewed_ratio"] == "1.00"  # as of 8 March: the one stay settled by then
    later = sr.month_ratio(uow_factory(), "2026-03", today=date(2026, 4, 1))
    assert (later["settlements"], later["reviewed"], later["reviewed_ratio"]) == (3, 1, "0.33")
    assert sr.run_month(uow_factory(), "2026-03", today=date(2026, 4, 1))["reviewed_ratio"] == "1.00"
    assert sr.run_month(uow_factory(), "2025-07")["reviewed_ratio"] == "1.00"  # nothing to review


def test_xiecha_lists_cross_province_stays_above_30000(engine: Engine, uow_factory: Factory, new_id_number) -> None:  # type: ignore[no-untyped-def]
    ids = _month(engine, new_id_number)
    exactly = add(engine, Stay(new_id_number(), BEIJING, march(20), march(25), [(PCI, "1", 3_000_000)]))
    out = sr.xiecha_candidates(uow_factory(), "2026-03")
    assert out == {"candidates": [{"setl_id": ids["big"], "insuplc_admdvs": BEIJING, "mdtrtarea_admvs": "210100",
                                   "medfee_sumamt": "32100.00"}]}  # fmt: skip
    assert exactly not in json.dumps(out)
    with engine.connect() as conn:  # reads only
        assert conn.execute(select(func.count()).select_from(t.rule_hits)).scalar_one() == 0


@pytest.fixture
def cli(db_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    monkeypatch.setenv("YIDI_DATABASE_URL", db_url)
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> object:
        result = runner.invoke(app, ["audit", *args])
        assert result.exit_code == code, (result.stdout, result.stderr)
        return json.loads(result.stderr if code else result.stdout)

    return run


def test_cli_prints_exactly_the_interface(cli, engine: Engine, new_id_number) -> None:  # type: ignore[no-untyped-def]
    ids = _month(engine, new_id_number)
    out = cli("run", "--month", "2026-03", "--today", "2026-04-02", "--json")
    assert out["reviewed_ratio"] == "1.00" and (ids["big"], "R-XC") in {(h["setl_id"], h["rule"]) for h in out["hits"]}
    assert cli("run", "--month", "2026-03", "--today", "2026-04-02", "--json") == out
    xc = cli("xiecha", "--month", "2026-03", "--json")
    assert [c["setl_id"] for c in xc["candidates"]] == [ids["big"]]
    bad = cli("run", "--month", "2026-13", "--json", code=2)
    assert "month" in json.dumps(bad, ensure_ascii=False)


def test_month_run_adds_reasons_to_an_entry_already_queued(engine: Engine, uow_factory: Factory, new_id_number) -> None:  # type: ignore[no-untyped-def]
    """A settlement queued before the run (and already decided) keeps its status and gains the
    run's reasons and rules; the month's other entries are added."""
    ids = _month(engine, new_id_number)
    with engine.begin() as conn:
        conn.execute(t.review_queue.insert().values(
            setl_id=ids["dup"], month="2026-03", hospital_code="H", insured_region=TIELING, treatment_region="210100",
            medfee_sumamt=5_000, reasons=["random"], rules=[], status="decided", enqueued_at=datetime(2026, 3, 7)))  # fmt: skip
    sr.run_month(uow_factory(), "2026-03", today=date(2026, 4, 2))
    with engine.connect() as conn:
        rows = {r.setl_id: r for r in conn.execute(select(t.review_queue))}
    dup = rows[ids["dup"]]
    assert (dup.status, dup.hospital_code, "R-DUP" in dup.rules) == ("decided", "H", True)
    assert set(dup.reasons) == {"random", "rule"}
    assert rows[ids["big"]].status == "pending"
