"""Storage of 协查 cases, 问题协同 tickets and inspections: rows ↔ the domain's objects.

Loading rebuilds the object with its whole history; saving writes the row and appends only the
history entries added since it was loaded (the history tables refuse UPDATE and DELETE).
``SupervisionRepository`` (``uow.supervision``) includes these methods.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from yidi.adapters import orm_supervision as t
from yidi.domain.national.codes import PAY_LOC_CROSS_PROVINCE
from yidi.domain.supervision.inspections import Finding, Inspection, InspectionKind
from yidi.domain.supervision.parties import Event, Party, PartyKind, SettlementFacts
from yidi.domain.supervision.tickets import Ticket, TicketKind, TicketStatus
from yidi.domain.supervision.xiecha import Answer, XiechaCase, XiechaStatus


def _utc(at: Any) -> Any:
    return at.replace(tzinfo=UTC) if isinstance(at, datetime) and at.tzinfo is None else at


def _events(session: Session, table: Any, parent: str, key: str) -> list[Event]:
    c = table.c
    rows = session.execute(select(table).where(getattr(c, parent) == key).order_by(c.id)).mappings()
    return [Event(_utc(r["at"]), r["by"], r["action"], r["note"]) for r in rows]


def _append(session: Session, table: Any, parent: str, key: str, events: list[Event], known: int) -> None:
    rows = [{parent: key, "at": e.at, "by": e.by, "action": e.action, "note": e.note} for e in events[known:]]
    if rows:
        session.execute(table.insert(), rows)


class CaseStore:
    session: Session

    # --- 协查 ------------------------------------------------------------------------------
    def xiecha(self, case_id: str) -> XiechaCase | None:
        r = self.session.execute(select(t.xiecha_cases).where(t.xiecha_cases.c.id == case_id)).mappings().first()
        if r is None:
            return None
        facts = SettlementFacts(r["setl_id"], r["insured_region"], r["treatment_region"], r["hospital_code"],
                                PAY_LOC_CROSS_PROVINCE, int(r["medfee_fen"]), int(r["fund_fen"]))  # fmt: skip
        a = self.session.execute(
            select(t.xiecha_answers).where(t.xiecha_answers.c.case_id == case_id)
        ).mappings().first()  # fmt: skip
        answer = None if a is None else Answer(a["findings"], tuple(a["attachments"]), int(a["suspected_fen"]),
                                               a["answered_by"], _utc(a["answered_at"]), bool(a["late"]))  # fmt: skip
        return XiechaCase(r["id"], facts, tuple(r["questions"]), r["opened_by"], _utc(r["opened_at"]), r["deadline"],
                          XiechaStatus(r["status"]), answer, int(r["confirmed_fen"]),
                          _events(self.session, t.xiecha_history, "case_id", case_id))  # fmt: skip

    def save_xiecha(self, case: XiechaCase, known_events: int, *, new: bool) -> None:
        f = case.facts
        values = {"setl_id": f.setl_id, "insured_region": f.insured_region, "treatment_region": f.treatment_region,
                  "hospital_code": f.hospital_code, "medfee_fen": f.medfee_fen, "fund_fen": f.fund_fen,
                  "questions": list(case.questions), "opened_by": case.opened_by, "opened_at": case.opened_at,
                  "deadline": case.deadline, "status": str(case.status), "confirmed_fen": case.confirmed_fen}  # fmt: skip
        if new:
            self.session.execute(t.xiecha_cases.insert().values(id=case.id, **values))
        else:
            self.session.execute(update(t.xiecha_cases).where(t.xiecha_cases.c.id == case.id).values(**values))
        a = case.answer
        if a is not None:
            self.session.execute(delete(t.xiecha_answers).where(t.xiecha_answers.c.case_id == case.id))
            self.session.execute(t.xiecha_answers.insert().values(
                case_id=case.id, findings=a.findings, attachments=list(a.attachments), suspected_fen=a.suspected_fen,
                answered_by=a.answered_by, answered_at=a.answered_at, late=a.late))  # fmt: skip
        _append(self.session, t.xiecha_history, "case_id", case.id, case.history, known_events)

    def xiecha_ids(self, *, region: str | None = None, status: str | None = None) -> list[str]:
        """Cases where ``region`` is the insured or the treatment region (all when None)."""
        c = t.xiecha_cases.c
        stmt = select(c.id).order_by(c.deadline, c.id)
        if region:
            stmt = stmt.where((c.insured_region == region) | (c.treatment_region == region))
        if status:
            stmt = stmt.where(c.status == status)
        return list(self.session.execute(stmt).scalars())

    # --- 问题协同 ---------------------------------------------------------------------------
    def ticket(self, ticket_id: str) -> Ticket | None:
        r = self.session.execute(select(t.tickets).where(t.tickets.c.id == ticket_id)).mappings().first()
        if r is None:
            return None
        return Ticket(r["id"], TicketKind(r["kind"]), Party(PartyKind(r["raised_by_kind"]), r["raised_by_code"], ""),
                      Party(PartyKind(r["addressed_kind"]), r["addressed_code"], ""), r["subject"], r["setl_id"],
                      r["filing_id"], r["msgid"], _utc(r["opened_at"]), _utc(r["respond_by"]), _utc(r["resolve_by"]),
                      TicketStatus(r["status"]), _utc(r["responded_at"]), int(r["reopened"]),
                      _events(self.session, t.ticket_history, "ticket_id", ticket_id))  # fmt: skip

    def save_ticket(self, tk: Ticket, known_events: int, *, new: bool) -> None:
        values = {"kind": str(tk.kind), "raised_by_kind": str(tk.raised_by.kind), "raised_by_code": tk.raised_by.code,
                  "addressed_kind": str(tk.addressed_to.kind), "addressed_code": tk.addressed_to.code,
                  "subject": tk.subject, "setl_id": tk.setl_id, "filing_id": tk.filing_id, "msgid": tk.msgid,
                  "opened_at": tk.opened_at, "respond_by": tk.respond_by, "resolve_by": tk.resolve_by,
                  "responded_at": tk.responded_at, "status": str(tk.status), "reopened": tk.reopened}  # fmt: skip
        if new:
            self.session.execute(t.tickets.insert().values(id=tk.id, **values))
        else:
            self.session.execute(update(t.tickets).where(t.tickets.c.id == tk.id).values(**values))
        _append(self.session, t.ticket_history, "ticket_id", tk.id, tk.history, known_events)

    def ticket_ids(self, party: Party | None = None) -> list[str]:
        """Tickets a party raised or received (all when None), newest first."""
        c = t.tickets.c
        stmt = select(c.id).order_by(c.opened_at.desc(), c.id)
        if party is not None:
            mine_raised = (c.raised_by_kind == str(party.kind)) & (c.raised_by_code == party.code)
            mine_got = (c.addressed_kind == str(party.kind)) & (c.addressed_code == party.code)
            stmt = stmt.where(mine_raised | mine_got)
        return list(self.session.execute(stmt).scalars())

    # --- 核查检查 ---------------------------------------------------------------------------
    def inspection(self, inspection_id: str) -> Inspection | None:
        i = t.inspections.c
        r = self.session.execute(select(t.inspections).where(i.id == inspection_id)).mappings().first()
        if r is None:
            return None
        f = t.inspection_findings.c
        found = {
            x["item"]: Finding(x["item"], bool(x["compliant"]), x["note"], tuple(x["deduction_ids"] or ()))
            for x in self.session.execute(
                select(t.inspection_findings).where(f.inspection_id == inspection_id)).mappings()
        }  # fmt: skip
        return Inspection(r["id"], r["hospital_code"], r["institution_kind"], InspectionKind(r["kind"]),
                          r["planned_on"], r["done_on"], found)  # fmt: skip

    def save_inspection(self, ins: Inspection, by: str, at: datetime, *, new: bool) -> None:
        values = {"hospital_code": ins.hospital_code, "institution_kind": ins.institution_kind, "kind": str(ins.kind),
                  "year": ins.planned_on.year, "planned_on": ins.planned_on, "done_on": ins.done_on}  # fmt: skip
        if new:
            self.session.execute(t.inspections.insert().values(id=ins.id, **values))
        else:
            self.session.execute(update(t.inspections).where(t.inspections.c.id == ins.id).values(**values))
        f = t.inspection_findings.c
        self.session.execute(delete(t.inspection_findings).where(f.inspection_id == ins.id))
        rows = [{"inspection_id": ins.id, "item": x.item, "compliant": x.compliant, "note": x.note,
                 "deduction_ids": list(x.deduction_ids), "recorded_by": by, "recorded_at": at}
                for x in ins.findings.values()]  # fmt: skip
        if rows:
            self.session.execute(t.inspection_findings.insert(), rows)

    def inspection_ids(self, year: int | None = None, hospital_code: str | None = None) -> list[str]:
        i = t.inspections.c
        stmt = select(i.id).order_by(i.planned_on, i.hospital_code, i.id)
        if year is not None:
            stmt = stmt.where(i.year == year)
        if hospital_code is not None:
            stmt = stmt.where(i.hospital_code == hospital_code)
        return list(self.session.execute(stmt).scalars())
