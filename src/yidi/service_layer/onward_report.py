"""Draining the outbox of filing events to the onward receiver (seed 002 第十四条: 新增和变更等备案
信息实时上报至部级经办机构).

The filing use cases write the events in their own transaction (``adapters.person_repository``);
``drain`` delivers what is due, oldest first: claim (short transaction), deliver (no transaction
open), record the outcome (another). Delivery is at least once and the event id is stable, so a
retried or repeated delivery is deduplicated by the receiver. A failed delivery is recorded with
its error and retried with back-off (``BACKOFF``: 1 minute, doubling, at most 1 hour apart; A-FIL-15)
until it succeeds or staff retry it at once (``retry``; the staff page and ``yidi filing outbox``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from yidi.adapters.onward_receivers import OnwardReceiver
from yidi.domain import access
from yidi.domain.actors import Actor
from yidi.domain.errors import NotFound
from yidi.domain.filing.onward_report import DeliveryStatus
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

# A-FIL-15: first retry after 1 minute, doubling, at most an hour apart
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=1)
# how long a drainer holds a claimed event before another drainer may take it (an operating choice:
# longer than one delivery takes)
LEASE = timedelta(minutes=5)
UNDELIVERED = (str(DeliveryStatus.PENDING), str(DeliveryStatus.FAILED))

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed delivery (1, 2, 4 … minutes, at most an hour)."""
    return min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def drain(
    uow: SqlAlchemyUnitOfWork,
    actor: Actor,
    receiver: OnwardReceiver,
    *,
    limit: int = 500,
    now: Clock = _now,
    event_id: str | None = None,
) -> dict[str, object]:
    """Deliver the due events (or the one ``event_id``): counts and the failures with their error."""
    access.check_act(actor, access.Act.JOB, None)
    delivered, failed = 0, list[dict[str, object]]()
    while delivered + len(failed) < limit:
        with uow:
            outbox = uow.outbox
            batch = outbox.claim_due(now(), LEASE, min(50, limit - delivered - len(failed)), event_id)
            uow.commit()
        if not batch:
            break
        for row in batch:
            try:
                receiver.deliver(row.payload)
                error = None
            except Exception as exc:  # any failure of the receiver is recorded and retried
                error = f"{type(exc).__name__}: {exc}"
            with uow:
                outbox = uow.outbox
                if error is None:
                    outbox.mark_delivered(row.event_id, now())
                    delivered += 1
                else:
                    outbox.mark_failed(row.event_id, error, now() + backoff(row.attempts + 1))
                    failed.append({"event_id": row.event_id, "error": error, "attempts": row.attempts + 1})
                uow.commit()
        if event_id is not None:
            break
    return {"receiver": receiver.name, "delivered": delivered, "failed": failed}


def retry(
    uow: SqlAlchemyUnitOfWork, actor: Actor, event_id: str, receiver: OnwardReceiver, *, now: Clock = _now
) -> dict[str, object]:
    """Staff retry an undelivered event at once (whatever its back-off says)."""
    access.check_act(actor, access.Act.JOB, None)
    with uow:
        outbox = uow.outbox
        if outbox.get(event_id) is None:
            raise NotFound("onward report event", event_id)
        due = outbox.due_now(event_id, now())
        uow.commit()
    if not due:
        return {"receiver": receiver.name, "delivered": 0, "failed": [], "already_delivered": event_id}
    return drain(uow, actor, receiver, now=now, event_id=event_id)


def listing(
    uow: SqlAlchemyUnitOfWork, actor: Actor, statuses: tuple[str, ...] = UNDELIVERED, limit: int = 200
) -> dict[str, object]:
    """The events in ``statuses`` (newest first) and the count per status, for staff — without
    the person's ID number (the filing id leads to it through the audited person pages)."""
    access.check_act(actor, access.Act.QUEUE, None)
    with uow:
        outbox = uow.outbox
        rows = outbox.listing(statuses, limit)
        return {
            "counts": outbox.counts(),
            "events": [
                {
                    "event_id": r.event_id, "kind": r.kind, "action": r.action, "filing_id": r.filing_id,
                    "status": r.status, "attempts": r.attempts,
                    "created_at": r.created_at.isoformat(), "next_attempt_at": r.next_attempt_at.isoformat(),
                    "last_error": r.last_error,
                    "delivered_at": r.delivered_at.isoformat() if r.delivered_at else None,
                }
                for r in rows
            ],
        }  # fmt: skip
