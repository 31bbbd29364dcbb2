"""Commitment filing (承诺制备案) and claw-back of settlements made under it.

Missing materials are allowed against a signed commitment to supply them within 6 months
(seed 001 三(二).3, seed 004 一(二)). Supplying them completes the filing; reminders go out before
the deadline; past the deadline the filing is revoked, direct settlements made under it are
marked for claw-back of the benefit difference (待遇差予以扣减, seed 004 一(二)) and the person
becomes a credit defaulter (失信) who may not use commitment again (seed 001 三(二).3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum


class CommitmentStatus(StrEnum):
    OPEN = "open"  # 待补材料
    FULFILLED = "fulfilled"  # 已补齐
    BROKEN = "broken"  # 逾期未补，已撤销备案
    WITHDRAWN = "withdrawn"  # filing cancelled before the deadline


class ClawbackStatus(StrEnum):
    NONE = "none"
    DUE = "due"  # 待追回/待扣减
    RECOVERED = "recovered"  # 已扣减


@dataclass(eq=False)
class Commitment:
    """A signed commitment: which material groups are owed and by when."""

    id: str
    signed_on: date
    due_on: date  # last day on which the materials may be supplied
    missing: list[list[str]] = field(default_factory=list)
    status: CommitmentStatus = CommitmentStatus.OPEN
    reminders_sent: list[str] = field(default_factory=list)
    closed_on: date | None = None

    def reminders_due(self, today: date, days_before: tuple[int, ...]) -> list[int]:
        """Reminder offsets (days before the deadline) reached today and not yet sent.

        When the job missed a day and several are reached at once, only the most urgent one is
        sent; the earlier ones are returned too so they are marked as sent and never repeated.
        """
        if self.status is not CommitmentStatus.OPEN or today > self.due_on:
            return []
        return sorted(
            (
                d
                for d in days_before
                if today >= self.due_on - timedelta(days=d) and str(d) not in self.reminders_sent
            ),
        )

    def overdue(self, today: date) -> bool:
        return self.status is CommitmentStatus.OPEN and today > self.due_on


@dataclass(eq=False)
class SettlementRef:
    """A direct settlement made under a filing, with its benefit difference in fen (待遇差).

    Settlement itself is another issue's; it records here what a revocation must claw back.
    """

    id: str
    settlement_id: str
    settled_on: date
    benefit_difference_fen: int
    under_commitment: bool = False
    clawback: ClawbackStatus = ClawbackStatus.NONE
    recovered_on: date | None = None
