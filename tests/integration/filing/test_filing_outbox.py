"""Seed 002 第十四条 (新增和变更等备案信息实时上报至部级经办机构): every filing change writes an
onward-report event in its own transaction; the drainer delivers it at least once, idempotent by
event id, records failures and retries them with back-off (A-FIL-15). SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.filing_setup import CITIZEN, STAFF, SYSTEM, register

from yidi.adapters.onward_receivers import LogReceiver, receiver_for
from yidi.adapters.orm import filing_history
from yidi.adapters.orm_outbox import filing_outbox
from yidi.domain.access import AccessDenied
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import NewFiling
from yidi.service_layer import filing_services as fs
from yidi.service_layer import onward_report as report

TRIP = NewFiling(Category.TEMPORARY, "110100", temporary_reason=TemporaryReason.TRAVEL)


class Flaky:
    """A receiver that fails ``failures`` times, then records what it gets."""

    name = "flaky"

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.got: list[str] = []

    def deliver(self, payload: Mapping[str, object]) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("部级平台无响应")
        self.got.append(str(payload["event_id"]))


def _rows(uow):  # type: ignore[no-untyped-def]
    with uow:
        return list(uow.session.execute(select(filing_outbox).order_by(filing_outbox.c.id)))


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_seed002_第十四条_new_and_cancelled_filings_write_events_in_their_transaction(uow, new_id_number):
    idn = new_id_number()
    register(uow, idn)
    filed = fs.file(uow, CITIZEN, idn, TRIP)["filing"]
    fs.cancel(uow, CITIZEN, str(filed["id"]), "行程取消")  # type: ignore[index]
    rows = _rows(uow)
    assert [(r.kind, r.action, r.status) for r in rows] == [
        ("new", "create", "pending"),
        ("cancelled", "cancel", "pending"),
    ]
    first = rows[0].payload
    assert first["event_id"] == rows[0].event_id and len(rows[0].event_id) == 32
    assert (
        first["clause"] == "辽社险办〔2017〕29号 第十四条" and first["filing"]["treatment_region"] == "110100"
    )
    assert rows[1].payload["filing"]["status"] == "cancelled"


def test_seed002_第十四条_the_event_is_rolled_back_with_the_filing(uow, new_id_number, monkeypatch):
    idn = new_id_number()
    register(uow, idn)

    def broken(*args: object) -> None:
        raise RuntimeError("the idempotency store fails after the change was written")

    monkeypatch.setattr(type(uow.persons), "store_result", broken, raising=False)
    with pytest.raises(RuntimeError):
        fs.file(uow, CITIZEN, idn, TRIP, request_id="r-1")
    assert _rows(uow) == []
    with uow:
        assert (
            uow.session.execute(select(filing_history).where(filing_history.c.filing_id.is_not(None))).first()
            is None
        )


def test_seed002_第十四条_drain_delivers_each_event_once_to_the_log(uow, new_id_number, tmp_path):
    idn = new_id_number()
    register(uow, idn)
    fs.file(uow, CITIZEN, idn, TRIP)
    log = tmp_path / "filing-events.jsonl"
    out = report.drain(uow, SYSTEM, LogReceiver(log))
    assert out == {"receiver": "log", "delivered": 1, "failed": []}
    assert report.drain(uow, SYSTEM, LogReceiver(log))["delivered"] == 0  # nothing due any more
    (row,) = _rows(uow)
    assert row.status == "delivered" and row.attempts == 1 and row.delivered_at is not None
    # at least once: the same event delivered again (a drainer died before recording) is deduped
    LogReceiver(log).deliver(row.payload)
    assert [line["event_id"] for line in _lines(log)] == [row.event_id]


def test_seed002_第十四条_failure_recorded_retried_with_backoff(uow, new_id_number):
    idn = new_id_number()
    register(uow, idn)
    fs.file(uow, CITIZEN, idn, TRIP)
    t0 = datetime.now(UTC) + timedelta(seconds=1)
    down = Flaky(failures=2)
    out = report.drain(uow, SYSTEM, down, now=lambda: t0)
    assert out["delivered"] == 0 and out["failed"][0]["error"] == "ConnectionError: 部级平台无响应"  # type: ignore[index]
    (row,) = _rows(uow)
    assert (row.status, row.attempts, row.last_error) == ("failed", 1, "ConnectionError: 部级平台无响应")
    # A-FIL-15: not due before a minute has passed, then retried; the next wait doubles
    assert report.drain(uow, SYSTEM, down, now=lambda: t0 + timedelta(seconds=59))["failed"] == []
    assert report.drain(uow, SYSTEM, down, now=lambda: t0 + timedelta(seconds=61))["failed"]
    (row,) = _rows(uow)
    assert (
        row.attempts == 2
        and report.backoff(2) == timedelta(minutes=2)
        and report.backoff(9) == timedelta(hours=1)
    )
    listed = report.listing(uow, STAFF)
    assert listed["counts"] == {"failed": 1} and listed["events"][0]["last_error"].startswith(
        "ConnectionError"
    )  # type: ignore[index]
    # staff retry at once, whatever the back-off says
    out = report.retry(uow, STAFF, row.event_id, down, now=lambda: t0 + timedelta(seconds=62))
    assert out["delivered"] == 1 and down.got == [row.event_id]
    assert report.listing(uow, STAFF)["events"] == []


def test_onward_report_is_staff_work(uow):
    citizen = type(CITIZEN)("me", CITIZEN.role, CITIZEN.channel, subject="x")
    with pytest.raises(AccessDenied):
        report.drain(uow, citizen, Flaky())
    with pytest.raises(AccessDenied):
        report.listing(uow, citizen)


def test_the_setting_selects_the_receiver(tmp_path, monkeypatch):
    from yidi import settings as config
    from yidi.settings import SettingsError

    monkeypatch.setenv("YIDI_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("YIDI_ONWARD_REPORT", "log")
    receiver = receiver_for(config.Settings())
    assert (
        isinstance(receiver, LogReceiver)
        and receiver.path == tmp_path / "onward-report" / "filing-events.jsonl"
    )
    monkeypatch.setenv("YIDI_ONWARD_REPORT", f"{__name__}:_flaky_factory")
    assert isinstance(receiver_for(config.Settings()), Flaky)
    monkeypatch.setenv("YIDI_ONWARD_REPORT", "ftp://ministry")
    with pytest.raises(SettingsError, match="YIDI_ONWARD_REPORT"):
        config.load()
    config.reset()


def _flaky_factory(settings: object) -> Flaky:
    return Flaky()


def test_seed002_第十四条_cli_outbox_list_drain(db_url, tmp_path, monkeypatch, new_id_number):
    from typer.testing import CliRunner

    from yidi.entrypoints.cli.main import app

    monkeypatch.setenv("YIDI_DATABASE_URL", db_url)
    monkeypatch.setenv("YIDI_DATA_DIR", str(tmp_path))
    runner = CliRunner()

    def cli(*args: str) -> dict[str, object]:
        result = runner.invoke(app, ["filing", *args])
        assert result.exit_code == 0, (result.stdout, result.stderr)
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    cli("db", "upgrade")
    idn = new_id_number()
    cli("person-add", idn, "赵六", "--insured-region", "211200", "--psn-type", "12")
    cli("create", idn, "temporary", "110100", "--reason", "travel", "--channel", "self_service")
    listed = cli("outbox", "list")
    assert listed["counts"] == {"pending": 1} and listed["events"][0]["kind"] == "new"  # type: ignore[index]
    assert cli("outbox", "drain") == {"receiver": "log", "delivered": 1, "failed": []}
    (line,) = _lines(tmp_path / "onward-report" / "filing-events.jsonl")
    assert line["event_id"] == listed["events"][0]["event_id"]  # type: ignore[index]
    assert cli("outbox", "list")["events"] == []
    assert len(cli("outbox", "list", "--status", "delivered")["events"]) == 1  # type: ignore[arg-type]


@pytest.mark.postgres
def test_two_drainers_never_claim_one_event(pg_url, new_id_number):
    """FOR UPDATE SKIP LOCKED: while one drainer holds its claim open, another claims the rest."""
    from yidi.adapters.db import session_factory
    from yidi.adapters.migrate import upgrade_database
    from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

    sessions = session_factory(upgrade_database(pg_url))
    factory = lambda: SqlAlchemyUnitOfWork(sessions)  # noqa: E731
    for _ in range(2):
        idn = new_id_number()
        register(factory(), idn)
        fs.file(factory(), CITIZEN, idn, TRIP)
    now = datetime.now(UTC) + timedelta(seconds=1)
    first, second = factory(), factory()
    with first:
        mine = first.outbox.claim_due(now, report.LEASE, 1)
        with second:
            theirs = second.outbox.claim_due(now, report.LEASE, 10)
            second.commit()
        first.commit()
    assert len(mine) == 1 and len(theirs) == 1 and mine[0].event_id != theirs[0].event_id


def test_the_log_is_readable_by_its_owner_only(tmp_path):
    log = tmp_path / "onward-report" / "filing-events.jsonl"
    LogReceiver(log).deliver({"event_id": "e1", "person_id_number": "x"})
    assert log.stat().st_mode & 0o777 == 0o600
