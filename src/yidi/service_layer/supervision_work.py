"""问题协同 tickets and inspections (seed 004 三(一)(二)) behind the unit of work.

Tickets: raised by any party (an agency of a region, a hospital) to another, linked to a
settlement, filing or message; the addressee responds, handles and resolves within the SLA of the
kind; the raiser closes or reopens; a party sees only tickets it raised or received. Inspections:
a plan per hospital and year, findings per checklist item, completion, and the yearly indicator
(every hospital with cross-region patients inspected at least once a year).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from yidi.domain.errors import InvalidInput, NotFound
from yidi.domain.filing.dates import parse_date
from yidi.domain.supervision import inspections as ins
from yidi.domain.supervision import tickets as tk
from yidi.domain.supervision.parties import Party, PartyKind
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Result = dict[str, Any]


class TicketNotFound(NotFound):
    def __init__(self, ticket_id: str) -> None:
        super().__init__("ticket_id", ticket_id, f"未找到问题协同：{ticket_id}")


class InspectionNotFound(NotFound):
    def __init__(self, inspection_id: str) -> None:
        super().__init__("inspection_id", inspection_id, f"未找到检查：{inspection_id}")


def ticket_view(t: tk.Ticket, now: datetime) -> Result:
    return {"id": t.id, "kind": str(t.kind), "kind_zh": t.kind.zh, "subject": t.subject, "status": str(t.status),
            "raised_by": {"kind": str(t.raised_by.kind), "code": t.raised_by.code},
            "addressed_to": {"kind": str(t.addressed_to.kind), "code": t.addressed_to.code},
            "setl_id": t.setl_id, "filing_id": t.filing_id, "msgid": t.msgid, "opened_at": t.opened_at.isoformat(),
            "respond_by": t.respond_by.isoformat(), "resolve_by": t.resolve_by.isoformat(), "reopened": t.reopened,
            "breaches": tk.breaches(t, now),
            "history": [{"at": e.at.isoformat(), "by": e.by, "action": e.action, "note": e.note} for e in t.history]}  # fmt: skip


def _party(body: dict[str, Any]) -> Party:
    try:
        kind = PartyKind(str(body.get("addressed_kind") or ""))
    except ValueError:
        raise InvalidInput.of("addressed_kind", "被协同方应为 agency 或 hospital", "agency or hospital") from None
    code = str(body.get("addressed_code") or "").strip()
    if not code:
        raise InvalidInput.of("addressed_code", "请填写被协同方（统筹区代码或医疗机构编码）", "addressee required")
    return Party(kind, code, "")


def raise_ticket(uow: SqlAlchemyUnitOfWork, raiser: Party, body: dict[str, Any], *, now: datetime | None = None) -> Result:
    at = now or datetime.now(UTC)
    try:
        kind = tk.TicketKind(str(body.get("kind") or ""))
    except ValueError:
        raise InvalidInput.of("kind", "问题类型应为 settlement_failure、filing_mismatch、fee_dispute 或 system",
                              "unknown ticket kind") from None  # fmt: skip
    link = {k: (str(body[k]) if body.get(k) else None) for k in ("setl_id", "filing_id", "msgid")}
    t = tk.raise_ticket(f"T{uuid.uuid4().hex[:20]}", kind, raiser, _party(body), str(body.get("subject") or ""), at,
                        **link)  # fmt: skip
    with uow:
        uow.supervision.save_ticket(t, 0, new=True)
        uow.commit()
    return ticket_view(t, at)


def _ticket(uow: SqlAlchemyUnitOfWork, ticket_id: str, party: Party | None) -> tk.Ticket:
    t = uow.supervision.ticket(ticket_id)
    if t is None or (party is not None and not tk.visible_to(t, party)):
        raise TicketNotFound(ticket_id)
    return t


def act(uow: SqlAlchemyUnitOfWork, ticket_id: str, action: str, party: Party, note: str = "",
        *, now: datetime | None = None) -> Result:  # fmt: skip
    """respond / handle / resolve (the addressee), close / reopen (the raiser)."""
    at = now or datetime.now(UTC)
    with uow:
        t = _ticket(uow, ticket_id, party)
        known = len(t.history)
        if action in ("respond", "handle", "resolve"):
            tk.step(t, action, party, note, at)
        elif action == "close":
            tk.close(t, party, at)
        elif action == "reopen":
            tk.reopen(t, party, note, at)
        else:
            raise InvalidInput.of("action", f"未知操作：{action}", f"unknown action {action}")
        uow.supervision.save_ticket(t, known, new=False)
        uow.commit()
    return ticket_view(t, at)


def ticket(uow: SqlAlchemyUnitOfWork, ticket_id: str, party: Party | None = None) -> Result:
    with uow:
        return ticket_view(_ticket(uow, ticket_id, party), datetime.now(UTC))


def tickets(uow: SqlAlchemyUnitOfWork, party: Party | None = None) -> list[Result]:
    """A party's tickets (raised or received); staff without a party: all."""
    now = datetime.now(UTC)
    with uow:
        return [ticket_view(_ticket(uow, i, None), now) for i in uow.supervision.ticket_ids(party)]


def inspection_view(i: ins.Inspection) -> Result:
    items = ins.CHECKLIST[i.institution_kind]
    return {"id": i.id, "hospital_code": i.hospital_code, "institution_kind": i.institution_kind, "kind": str(i.kind),
            "kind_zh": i.kind.zh, "year": i.year, "planned_on": i.planned_on.isoformat(),
            "done_on": i.done_on.isoformat() if i.done_on else None,
            "checklist": [{"item": c.code, "zh": c.zh, "basis": str(c.basis),
                           "finding": None if c.code not in i.findings else {
                               "compliant": i.findings[c.code].compliant, "note": i.findings[c.code].note,
                               "deduction_ids": list(i.findings[c.code].deduction_ids)}} for c in items]}  # fmt: skip


def plan(uow: SqlAlchemyUnitOfWork, body: dict[str, Any], by: str) -> Result:
    try:
        kind = ins.InspectionKind(str(body.get("kind") or ""))
    except ValueError:
        raise InvalidInput.of("kind", "检查方式应为 routine、special、key、flying 或 expert", "unknown kind") from None
    day = parse_date(str(body.get("planned_on") or ""), "planned_on")
    i = ins.plan(f"I{uuid.uuid4().hex[:20]}", str(body.get("hospital_code") or ""), kind, day,
                 str(body.get("institution_kind") or "hospital"))  # fmt: skip
    if not i.hospital_code:
        raise InvalidInput.of("hospital_code", "请填写被检查的医疗机构编码", "hospital_code required")
    with uow:
        uow.supervision.save_inspection(i, by, datetime.now(UTC), new=True)
        uow.commit()
    return inspection_view(i)


def _inspection(uow: SqlAlchemyUnitOfWork, inspection_id: str, hospital: str | None = None) -> ins.Inspection:
    i = uow.supervision.inspection(inspection_id)
    if i is None or (hospital is not None and i.hospital_code != hospital):
        raise InspectionNotFound(inspection_id)
    return i


def record(uow: SqlAlchemyUnitOfWork, inspection_id: str, body: dict[str, Any], by: str) -> Result:
    finding = ins.Finding(str(body.get("item") or ""), bool(body.get("compliant")), str(body.get("note") or ""),
                          tuple(str(x) for x in body.get("deduction_ids") or ()))  # fmt: skip
    with uow:
        i = ins.record(_inspection(uow, inspection_id), finding)
        uow.supervision.save_inspection(i, by, datetime.now(UTC), new=False)
        uow.commit()
    return inspection_view(i)


def complete(uow: SqlAlchemyUnitOfWork, inspection_id: str, done_on: str, by: str) -> Result:
    with uow:
        i = ins.complete(_inspection(uow, inspection_id), parse_date(done_on, "done_on"))
        uow.supervision.save_inspection(i, by, datetime.now(UTC), new=False)
        uow.commit()
    return inspection_view(i)


def inspections(uow: SqlAlchemyUnitOfWork, year: int, hospital: str | None = None) -> Result:
    """A year's plan (a hospital: its own) and the 每年不少于一次 indicator (staff only)."""
    with uow:
        items = [_inspection(uow, x) for x in uow.supervision.inspection_ids(year, hospital)]
        out: Result = {"year": year, "items": [inspection_view(i) for i in items]}
        if hospital is None:
            cov = ins.coverage(year, uow.supervision.hospitals_with_cross_region(year), items)
            out["coverage"] = {"hospitals": cov.hospitals, "covered": cov.covered, "ratio": f"{cov.ratio:.2f}",
                               "uncovered": list(cov.uncovered), "goal": "1.00", "basis": cov.basis}  # fmt: skip
    return out
