"""Promised dates and the overdue list (超期清单).

A claim's promise runs from acceptance (``promised_working_days`` working days, holidays as
data) while it is with the agency: accepted, reviewed or approved. A return after acceptance
pauses it (the rest resumes at re-acceptance); a claim held for its filing's commitment has no
promise until the hold is released. Seed 003 三(一): claims took over half a year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from yidi.domain.claims.claim import Claim
from yidi.domain.claims.kinds import OPEN, STATUS_ZH
from yidi.domain.claims.workcalendar import WorkingCalendar


@dataclass(frozen=True)
class Overdue:
    claim_id: str
    person_id_number: str
    status: str
    promised_on: date
    working_days_late: int
    calendar_days_late: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "claim_id": self.claim_id,
            "person_id_number": self.person_id_number,
            "status": self.status,
            "status_zh": STATUS_ZH[self.status],  # type: ignore[index]
            "promised_on": self.promised_on.isoformat(),
            "working_days_late": self.working_days_late,
            "calendar_days_late": self.calendar_days_late,
            "message_zh": f"报销申请 {self.claim_id} 承诺 {self.promised_on} 办结，已超期 {self.working_days_late} 个工作日",
        }


def is_overdue(claim: Claim, today: date) -> bool:
    return (
        claim.status in OPEN
        and not claim.held
        and claim.promised_on is not None
        and today > claim.promised_on
    )


def overdue(claims: Iterable[Claim], today: date, calendar: WorkingCalendar) -> list[Overdue]:
    """Claims past their promised date, the longest overdue first."""
    out = [
        Overdue(
            c.id,
            c.person_id_number,
            str(c.status),
            c.promised_on,
            calendar.working_days_between(c.promised_on, today),
            (today - c.promised_on).days,
        )
        for c in claims
        if is_overdue(c, today) and c.promised_on is not None
    ]
    return sorted(out, key=lambda o: (o.promised_on, o.claim_id))
