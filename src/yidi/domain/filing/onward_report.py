"""The onward report of filing events (备案信息上报; seed 002 第十四条: 跨省异地就医参保人员新增和
变更等备案信息由省社保局实时上报至部级经办机构).

Every new, changed, cancelled or ended filing becomes one event, written in the same transaction
as the change (a transactional outbox next to the filing's history), and delivered afterwards by
an adapter — at least once, so an event carries a stable id the receiver deduplicates on. Which
history actions are reported, and as which kind, is decided here; reminders and the binding of a
referral to its stay change no filing information and are not reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import uuid4

from yidi.domain.filing.clauses import DOC_2017_29, Clause
from yidi.domain.filing.filing import HistoryEntry

CLAUSE = Clause(DOC_2017_29, "第十四条")


class EventKind(StrEnum):
    NEW = "new"  # 新增
    CHANGED = "changed"  # 变更
    CANCELLED = "cancelled"  # 取消
    ENDED = "ended"  # 终止（到期、撤销、结算完成、第三地就医）


KIND_OF_ACTION: dict[str, EventKind] = {
    "create": EventKind.NEW,
    "resume_long_term": EventKind.NEW,
    "change": EventKind.CHANGED,
    "supply_materials": EventKind.CHANGED,
    "person_retire": EventKind.CHANGED,
    "person_suspend": EventKind.CHANGED,
    "person_resume": EventKind.CHANGED,
    "cancel": EventKind.CANCELLED,
    "person_terminate": EventKind.CANCELLED,
    "revoke": EventKind.ENDED,
    "expire": EventKind.ENDED,
    "complete": EventKind.ENDED,
    "end_for_third_city": EventKind.ENDED,
}
# history actions that change no filing information (reported: anything else touching a filing)
NOT_REPORTED = frozenset({"commitment_reminder", "bind_stay", "clawback_recovered"})


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # 待上报
    FAILED = "failed"  # 上报失败，等待重试
    DELIVERED = "delivered"  # 已上报


@dataclass(frozen=True)
class FilingEvent:
    """One event to report: its stable id, kind, the history action it comes from and the
    filing as it stands after the change."""

    event_id: str
    kind: EventKind
    action: str
    person_id_number: str
    filing_id: str
    occurred_at: datetime
    filing: dict[str, object]

    def payload(self) -> dict[str, object]:
        """What the receiver gets (JSON): the event and the filing, with the clause it rests on."""
        return {
            "event_id": self.event_id,
            "kind": str(self.kind),
            "action": self.action,
            "occurred_at": self.occurred_at.isoformat(),
            "person_id_number": self.person_id_number,
            "filing_id": self.filing_id,
            "filing": self.filing,
            "clause": str(CLAUSE),
        }


def event_for(entry: HistoryEntry) -> FilingEvent | None:
    """The event a history entry reports, or None (no filing, or no filing information changed)."""
    if entry.filing_id is None or entry.action in NOT_REPORTED:
        return None
    return FilingEvent(
        event_id=uuid4().hex,
        kind=KIND_OF_ACTION.get(entry.action, EventKind.CHANGED),
        action=entry.action,
        person_id_number=entry.person_id_number,
        filing_id=entry.filing_id,
        occurred_at=entry.at,
        filing=dict(entry.after or entry.before or {}),
    )
