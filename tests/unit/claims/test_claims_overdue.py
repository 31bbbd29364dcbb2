"""The promised date and the overdue list (超期清单)."""

from __future__ import annotations

from datetime import date

from claims_fixtures import CHIEF, CLERK, INPATIENT_MATERIALS, bill, claimant, filing, submit

from yidi.domain.claims import ClaimType, decisions, workflow
from yidi.domain.claims.deadlines import is_overdue, overdue


def _accepted(policy, calendar, on: date, who=None):  # type: ignore[no-untyped-def]
    who = who or claimant()
    claim = submit(
        policy, who, ClaimType.INPATIENT_RELIEF, INPATIENT_MATERIALS, bill=bill(), today=on, filing_id=None
    )
    workflow.accept(claim, who, CLERK, on, policy, calendar)
    return who, claim


def test_a_promise_across_the_spring_festival(policy, calendar) -> None:
    _, claim = _accepted(policy, calendar, date(2026, 2, 2))
    # from Mon 02-02: 02-03…02-13 (9), Sat 02-14 调休 (10), 春节 02-15…02-23, 02-24…02-27 (14),
    # Sat 02-28 调休 (15), 03-02…03-06 (20)
    assert claim.promised_on == date(2026, 3, 6)
    assert "2026" in claim.events[-1].details["reasons"][-1]["params"]["holidays"][0]


def test_overdue_lists_open_claims_past_their_promise_longest_first(policy, calendar) -> None:
    _, old = _accepted(policy, calendar, date(2026, 1, 5))
    who, newer = _accepted(policy, calendar, date(2026, 2, 2))
    newer.id = "C2"
    _, fresh = _accepted(policy, calendar, date(2026, 3, 9))
    fresh.id = "C3"
    listed = overdue([fresh, newer, old], date(2026, 3, 10), calendar)
    assert [o.claim_id for o in listed] == ["C1", "C2"]
    assert listed[0].working_days_late == calendar.working_days_between(old.promised_on, date(2026, 3, 10))
    assert "已超期" in listed[0].as_dict()["message_zh"]
    decisions.review(newer, who, CLERK, date(2026, 3, 10), policy)
    decisions.approve(newer, CHIEF, date(2026, 3, 10))
    assert is_overdue(newer, date(2026, 3, 10))  # approved but not paid: still the agency's
    decisions.pay(newer, who, CHIEF, date(2026, 3, 10), policy)
    assert not is_overdue(newer, date(2026, 3, 10))


def test_held_claims_are_not_overdue(policy, calendar) -> None:
    who = claimant(filing(commitment_open=True))
    claim = submit(policy, who, ClaimType.INPATIENT_RELIEF, INPATIENT_MATERIALS, bill=bill(), filing_id="F1")
    workflow.accept(claim, who, CLERK, date(2026, 1, 5), policy, calendar)
    assert claim.held and overdue([claim], date(2026, 12, 1), calendar) == []
