"""问题协同 — tickets between agencies and hospitals (seed 004 三(二): 问题协同的发起、问题响应和处理).

Any party raises a ticket of a kind to another party, linked to a settlement, filing or message.
Its SLA (first response, resolution) comes from the kind. Life: open → responded → in progress →
resolved → closed; the raiser may reopen a resolved or closed ticket (new deadlines). Every step
is an event in the ticket's history. A hospital sees the tickets it raised or received; an
agency those of its region.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from yidi.domain.errors import FieldProblem, InvalidInput
from yidi.domain.supervision.basis import ASSISTED_INVESTIGATION, Assumption, refusal
from yidi.domain.supervision.parties import Event, Party, who


class TicketKind(StrEnum):
    SETTLEMENT_FAILURE = "settlement_failure"  # 结算失败
    FILING_MISMATCH = "filing_mismatch"  # 备案信息不符
    FEE_DISPUTE = "fee_dispute"  # 费用争议
    SYSTEM = "system"  # 系统问题

    @property
    def zh(self) -> str:
        return {"settlement_failure": "结算失败", "filing_mismatch": "备案信息不符", "fee_dispute": "费用争议",
                "system": "系统问题"}[self.value]  # fmt: skip


# (first response in hours, resolution in days)
SLA: dict[TicketKind, tuple[int, int]] = {
    TicketKind.SETTLEMENT_FAILURE: (4, 2),  # a patient may be waiting at the desk
    TicketKind.FILING_MISMATCH: (24, 3),
    TicketKind.FEE_DISPUTE: (48, 15),
    TicketKind.SYSTEM: (4, 3),
}
SLA_BASIS = Assumption(
    "A-SUP-13", "种子文件未给出问题协同时限；结算失败、系统问题4小时响应，其余按影响程度设定"
)


class TicketStatus(StrEnum):
    OPEN = "open"
    RESPONDED = "responded"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


_NEXT = {
    "respond": ({TicketStatus.OPEN}, TicketStatus.RESPONDED),
    "handle": (
        {TicketStatus.OPEN, TicketStatus.RESPONDED, TicketStatus.IN_PROGRESS},
        TicketStatus.IN_PROGRESS,
    ),
    "resolve": ({TicketStatus.RESPONDED, TicketStatus.IN_PROGRESS}, TicketStatus.RESOLVED),
}


@dataclass
class Ticket:
    id: str
    kind: TicketKind
    raised_by: Party
    addressed_to: Party
    subject: str
    setl_id: str | None
    filing_id: str | None
    msgid: str | None
    opened_at: datetime
    respond_by: datetime
    resolve_by: datetime
    status: TicketStatus = TicketStatus.OPEN
    responded_at: datetime | None = None
    reopened: int = 0
    history: list[Event] = field(default_factory=list)


_refused = refusal("ticket", ASSISTED_INVESTIGATION)


def raise_ticket(
    ticket_id: str, kind: TicketKind, raised_by: Party, addressed_to: Party, subject: str, now: datetime, *,
    setl_id: str | None = None, filing_id: str | None = None, msgid: str | None = None,
) -> Ticket:  # fmt: skip
    problems = []
    if not subject.strip():
        problems.append(FieldProblem("subject", "请描述问题", "a subject is required"))
    if not (setl_id or filing_id or msgid):
        problems.append(
            FieldProblem("link", "请关联结算、备案或报文", "link a settlement, filing or message")
        )
    if raised_by.kind == addressed_to.kind and raised_by.code == addressed_to.code:
        problems.append(
            FieldProblem("addressed_to", "不能向本单位发起问题协同", "a ticket goes to another party")
        )
    if problems:
        raise InvalidInput(problems)
    hours, days = SLA[kind]
    t = Ticket(ticket_id, kind, raised_by, addressed_to, subject.strip(), setl_id, filing_id, msgid, now,
               now + timedelta(hours=hours), now + timedelta(days=days))  # fmt: skip
    t.history.append(Event(now, who(raised_by), "raise", subject.strip()))
    return t


def _same_org(a: Party, b: Party) -> bool:
    return a.kind == b.kind and a.code == b.code


def step(ticket: Ticket, action: str, party: Party, note: str, now: datetime) -> Ticket:
    """respond / handle / resolve — by the addressed party — in the order of the life above."""
    allowed, to = _NEXT[action]
    if not _same_org(party, ticket.addressed_to):
        raise _refused("NOT_ADDRESSEE", "只有被协同方可以响应和处理", "only the addressed party acts on it")
    if ticket.status not in allowed:
        raise _refused("BAD_STATE", f"问题状态为 {ticket.status}，不能{action}", f"ticket is {ticket.status}")
    if action == "resolve" and not note.strip():
        raise InvalidInput.of("note", "请填写处理结果", "a resolution note is required")
    if ticket.responded_at is None:
        ticket.responded_at = now
    ticket.status = to
    ticket.history.append(Event(now, who(party), action, note.strip()))
    return ticket


def close(ticket: Ticket, party: Party, now: datetime) -> Ticket:
    if not _same_org(party, ticket.raised_by):
        raise _refused("NOT_RAISER", "只有发起方可以关闭问题", "only the raiser closes it")
    if ticket.status is not TicketStatus.RESOLVED:
        raise _refused("BAD_STATE", "问题尚未处理完毕，不能关闭", "only a resolved ticket closes")
    ticket.status = TicketStatus.CLOSED
    ticket.history.append(Event(now, who(party), "close"))
    return ticket


def reopen(ticket: Ticket, party: Party, reason: str, now: datetime) -> Ticket:
    if not _same_org(party, ticket.raised_by):
        raise _refused("NOT_RAISER", "只有发起方可以重新打开问题", "only the raiser reopens it")
    if ticket.status not in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
        raise _refused("BAD_STATE", "问题仍在处理中，无需重新打开", "the ticket is still open")
    if not reason.strip():
        raise InvalidInput.of("reason", "请说明重新打开的原因", "a reason is required")
    hours, days = SLA[ticket.kind]
    ticket.status, ticket.responded_at, ticket.reopened = TicketStatus.OPEN, None, ticket.reopened + 1
    ticket.respond_by, ticket.resolve_by = now + timedelta(hours=hours), now + timedelta(days=days)
    ticket.history.append(Event(now, who(party), "reopen", reason.strip()))
    return ticket


def breaches(ticket: Ticket, now: datetime) -> list[str]:
    """Which SLA deadlines the ticket has missed: 'response', 'resolution'."""
    out = []
    if ticket.responded_at is None and now > ticket.respond_by and ticket.status is TicketStatus.OPEN:
        out.append("response")
    if ticket.status not in (TicketStatus.RESOLVED, TicketStatus.CLOSED) and now > ticket.resolve_by:
        out.append("resolution")
    return out


def visible_to(ticket: Ticket, party: Party) -> bool:
    return _same_org(party, ticket.raised_by) or _same_org(party, ticket.addressed_to)
