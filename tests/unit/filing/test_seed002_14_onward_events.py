"""Seed 002 第十四条 (新增和变更等备案信息实时上报): which history entries become onward-report
events, as which kind; entries that change no filing information are not reported."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from yidi.domain.filing.filing import HistoryEntry
from yidi.domain.filing.onward_report import EventKind, event_for

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _entry(action: str, filing_id: str | None = "F1") -> HistoryEntry:
    return HistoryEntry(
        person_id_number="210102195001011234", filing_id=filing_id, at=AT, actor="staff:wang",
        channel="counter", action=action, after={"id": "F1", "status": "active"},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("action", "kind"),
    [("create", "new"), ("resume_long_term", "new"), ("change", "changed"), ("supply_materials", "changed"),
     ("person_retire", "changed"), ("cancel", "cancelled"), ("person_terminate", "cancelled"),
     ("revoke", "ended"), ("expire", "ended"), ("complete", "ended"), ("end_for_third_city", "ended")],
)  # fmt: skip
def test_seed002_第十四条_filing_changes_are_reported(action: str, kind: str) -> None:
    event = event_for(_entry(action))
    assert event is not None and event.kind is EventKind(kind)
    payload = event.payload()
    assert payload["clause"] == "辽社险办〔2017〕29号 第十四条" and payload["filing"] == {
        "id": "F1",
        "status": "active",
    }
    assert payload["occurred_at"] == "2026-03-02T09:30:00+00:00" and len(str(payload["event_id"])) == 32


@pytest.mark.parametrize("action", ["commitment_reminder", "bind_stay", "clawback_recovered"])
def test_seed002_第十四条_no_filing_information_changed_not_reported(action: str) -> None:
    assert event_for(_entry(action)) is None


def test_person_entries_without_a_filing_are_not_reported() -> None:
    assert event_for(_entry("person_register", filing_id=None)) is None
    assert event_for(_entry("create")).event_id != event_for(_entry("create")).event_id  # type: ignore[union-attr]
