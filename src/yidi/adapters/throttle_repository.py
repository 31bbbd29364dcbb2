"""Failed sign-ins as stored (``orm_security.sign_in_throttle``): one row per key
(``account:<name>`` or ``address:<ip>``) with its failure count and lock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from yidi.adapters.orm_security import sign_in_throttle as t


def _aware(at: datetime | None) -> datetime | None:
    return at if at is None or at.tzinfo else at.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Failures:
    count: int
    last_at: datetime
    locked_until: datetime | None


class ThrottleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> Failures | None:
        row = self.session.execute(select(t).where(t.c.key == key)).first()
        if row is None:
            return None
        last = _aware(row.last_failure_at)
        assert last is not None
        return Failures(row.failures, last, _aware(row.locked_until))

    def put(self, key: str, count: int, at: datetime, locked_until: datetime | None) -> None:
        values = {"failures": count, "last_failure_at": at, "locked_until": locked_until}
        done = self.session.execute(update(t).where(t.c.key == key).values(**values))
        if not done.rowcount:  # type: ignore[attr-defined]
            self.session.execute(insert(t).values(key=key, **values))

    def clear(self, key: str) -> None:
        self.session.execute(delete(t).where(t.c.key == key))
