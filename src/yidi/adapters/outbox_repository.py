"""The outbox of filing events (``filing_outbox``): written with the filing change in the same
session (``add``), claimed and marked by the drainer, listed and retried by staff.

A drainer claims due events by pushing their ``next_attempt_at`` out by a lease in its own short
transaction — ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two drainers never claim one event;
SQLite serialises writers anyway — then delivers outside any transaction and records the outcome
in another. A drainer that dies between delivery and the record leaves the event due again after
the lease: delivered twice, never lost (the receiver dedupes on ``event_id``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.orm import Session

from yidi.adapters.orm_outbox import filing_outbox
from yidi.domain.filing.onward_report import DeliveryStatus, FilingEvent

_OPEN = (str(DeliveryStatus.PENDING), str(DeliveryStatus.FAILED))


class FilingOutbox:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, event: FilingEvent) -> None:
        self.session.execute(
            filing_outbox.insert().values(
                event_id=event.event_id, kind=str(event.kind), action=event.action,
                person_id_number=event.person_id_number, filing_id=event.filing_id, payload=event.payload(),
                created_at=event.occurred_at, status=str(DeliveryStatus.PENDING), attempts=0,
                next_attempt_at=event.occurred_at,
            )
        )  # fmt: skip

    def claim_due(
        self, now: datetime, lease: timedelta, limit: int, event_id: str | None = None
    ) -> list[Row[Any]]:
        """Claim up to ``limit`` events due at ``now`` (oldest first) for ``lease``; the caller commits."""
        stmt = (
            select(filing_outbox)
            .where(filing_outbox.c.status.in_(_OPEN), filing_outbox.c.next_attempt_at <= now)
            .order_by(filing_outbox.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if event_id is not None:
            stmt = stmt.where(filing_outbox.c.event_id == event_id)
        rows = list(self.session.execute(stmt))
        if rows:
            self.session.execute(
                update(filing_outbox)
                .where(filing_outbox.c.id.in_([r.id for r in rows]))
                .values(next_attempt_at=now + lease)
            )
        return rows

    def mark_delivered(self, event_id: str, at: datetime) -> None:
        self.session.execute(
            update(filing_outbox)
            .where(filing_outbox.c.event_id == event_id)
            .values(status=str(DeliveryStatus.DELIVERED), attempts=filing_outbox.c.attempts + 1,
                    delivered_at=at, last_error=None)
        )  # fmt: skip

    def mark_failed(self, event_id: str, error: str, retry_at: datetime) -> None:
        self.session.execute(
            update(filing_outbox)
            .where(filing_outbox.c.event_id == event_id)
            .values(status=str(DeliveryStatus.FAILED), attempts=filing_outbox.c.attempts + 1,
                    last_error=error[:2000], next_attempt_at=retry_at)
        )  # fmt: skip

    def due_now(self, event_id: str, now: datetime) -> bool:
        """Make an undelivered event due at once (a staff retry); False if delivered or unknown."""
        done = self.session.execute(
            update(filing_outbox)
            .where(filing_outbox.c.event_id == event_id, filing_outbox.c.status.in_(_OPEN))
            .values(next_attempt_at=now)
        )
        return bool(getattr(done, "rowcount", 0))

    def get(self, event_id: str) -> Row[Any] | None:
        return self.session.execute(select(filing_outbox).where(filing_outbox.c.event_id == event_id)).first()

    def listing(self, statuses: Sequence[str], limit: int = 200) -> list[Row[Any]]:
        stmt = (
            select(filing_outbox)
            .where(filing_outbox.c.status.in_(list(statuses)))
            .order_by(filing_outbox.c.id.desc())
            .limit(limit)
        )
        return list(self.session.execute(stmt))

    def counts(self) -> dict[str, int]:
        stmt = select(filing_outbox.c.status, func.count()).group_by(filing_outbox.c.status)
        return {str(status): int(n) for status, n in self.session.execute(stmt)}
