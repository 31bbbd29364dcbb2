"""Storage of the reviewers' work (审核结论): decisions, the deductions they make (returned to the
insured region through clearing), the queue's status and the settlements reviewed by a person.
``SupervisionRepository`` (``uow.supervision``) includes these methods."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from yidi.adapters import orm_supervision as t
from yidi.adapters.orm_hospital import fee_details, settlements, visits
from yidi.domain.supervision.decisions import Decision, DecisionStatus, Deduction, Outcome
from yidi.domain.supervision.parties import SettlementFacts

Row = dict[str, Any]
VALID_SETTLE = and_(settlements.c.kind == "settle", settlements.c.status == "valid")


class DecisionStore:
    """Decisions, deductions and the queue's status: what reviewers write (mixed into the repository)."""

    session: Session

    def settlement_facts(self, setl_id: str) -> SettlementFacts | None:
        s, v, f = settlements.c, visits.c, fee_details.c
        row = self.session.execute(
            select(s.setl_id, s.hospital_code, s.medfee_sumamt, s.fund_pay_sumamt, s.setl_date,
                   v.insured_region, v.treatment_region, v.pay_loc)
            .join(visits, v.mdtrt_id == s.mdtrt_id)
            .where(s.setl_id == setl_id, VALID_SETTLE)
        ).mappings().first()  # fmt: skip
        if row is None:
            return None
        lines = {
            r[0]: r[1] for r in self.session.execute(
                select(f.feedetl_sn, f.det_item_fee_sumamt).where(f.setl_id == setl_id))
        }  # fmt: skip
        return SettlementFacts(row["setl_id"], row["insured_region"], row["treatment_region"], row["hospital_code"],
                               str(row["pay_loc"]), int(row["medfee_sumamt"]), int(row["fund_pay_sumamt"]),
                               {str(k): int(a) for k, a in lines.items()})  # fmt: skip

    def settlement_month(self, setl_id: str) -> str | None:
        day = self.session.execute(
            select(settlements.c.setl_date).where(settlements.c.setl_id == setl_id)
        ).scalar_one_or_none()
        return None if day is None else f"{day:%Y-%m}"

    def decisions_of(self, setl_id: str, key: str | None = None) -> list[Decision]:
        c = t.decisions.c
        cond = c.setl_id == setl_id if key is None else or_(c.setl_id == setl_id, c.key == key)
        rows = self.session.execute(select(t.decisions).where(cond).order_by(c.decided_at, c.id)).mappings()
        return [_decision(r) for r in rows]

    def decision(self, decision_id: str) -> Decision | None:
        row = self.session.execute(select(t.decisions).where(t.decisions.c.id == decision_id)).mappings().first()
        return None if row is None else _decision(row)

    def save_decision(self, d: Decision, *, new: bool) -> None:
        values = {"id": d.id, "key": d.key, "setl_id": d.setl_id, "feedetl_sn": d.feedetl_sn,
                  "outcome": str(d.outcome), "amount_fen": d.amount_fen, "reason": d.reason, "rule": d.rule,
                  "decided_by": d.decided_by, "decided_at": d.decided_at, "status": str(d.status),
                  "approved_by": d.approved_by, "approved_at": d.approved_at}  # fmt: skip
        if new:
            self.session.execute(t.decisions.insert().values(**values))
        else:
            self.session.execute(update(t.decisions).where(t.decisions.c.id == d.id).values(**values))

    def add_deduction(self, d: Deduction, source: str, source_id: str) -> None:
        self.session.execute(t.deductions.insert().values(
            source_id=source_id, source=source, settlement_id=d.settlement_id, insured_region=d.insured_region,
            treatment_region=d.treatment_region, hospital_code=d.hospital_code, amount_fen=d.amount_fen,
            reason=d.reason, rule=d.rule, decided_at=d.decided_at))  # fmt: skip

    def deductions_of(self, setl_id: str) -> list[Row]:
        c = t.deductions.c
        return [dict(r) for r in self.session.execute(
            select(c.source, c.source_id, c.amount_fen, c.reason, c.rule, c.decided_at, c.insured_region,
                   c.treatment_region, c.clearing_ref).where(c.settlement_id == setl_id).order_by(c.id)
        ).mappings()]  # fmt: skip

    def set_clearing_ref(self, source_id: str, ref: str) -> None:
        self.session.execute(
            update(t.deductions).where(t.deductions.c.source_id == source_id).values(clearing_ref=ref)
        )

    def queue_entry(self, setl_id: str) -> Row | None:
        row = self.session.execute(select(t.review_queue).where(t.review_queue.c.setl_id == setl_id)).mappings()
        first = row.first()
        return None if first is None else dict(first)

    def set_queue_status(self, setl_id: str, status: str) -> None:
        self.session.execute(
            update(t.review_queue).where(t.review_queue.c.setl_id == setl_id).values(status=status)
        )

    def queue(self, treatment_region: str | None, status: str | None, limit: int = 200) -> list[Row]:
        q = t.review_queue.c
        stmt = select(t.review_queue).order_by(q.medfee_sumamt.desc(), q.setl_id).limit(limit)
        if treatment_region:
            stmt = stmt.where(q.treatment_region == treatment_region)
        if status:
            stmt = stmt.where(q.status == status)
        return [dict(r) for r in self.session.execute(stmt).mappings()]

    def mark_reviewed_by_person(self, setl_id: str, month: str, at: datetime) -> None:
        r = t.reviewed.c
        if self.session.execute(select(r.setl_id).where(r.setl_id == setl_id)).first() is None:
            self.session.execute(t.reviewed.insert().values(setl_id=setl_id, month=month, by_person_at=at))
        else:
            self.session.execute(
                update(t.reviewed).where(r.setl_id == setl_id, r.by_person_at.is_(None)).values(by_person_at=at)
            )


def _decision(r: Any) -> Decision:
    return Decision(r["id"], r["key"], r["setl_id"], r["feedetl_sn"], Outcome(r["outcome"]), int(r["amount_fen"]),
                    r["reason"], r["rule"], r["decided_by"], _utc(r["decided_at"]) or r["decided_at"], DecisionStatus(r["status"]),
                    r["approved_by"], _utc(r["approved_at"]))  # fmt: skip


def _utc(at: datetime | None) -> datetime | None:
    """SQLite returns timestamps without their zone; they were stored in UTC."""
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at
