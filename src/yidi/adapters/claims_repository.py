"""Storage of manual claims (手工报销): ``ClaimRepository`` converts ``claims`` and
``claim_history`` rows to and from the plain domain ``Claim`` and its events (no mapper: the domain
stays free of SQLAlchemy instrumentation). Amounts are integer fen.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from yidi.adapters.orm_claims import AMOUNTS, claim_history, claims
from yidi.adapters.short_refs import next_ref
from yidi.domain.claims.claim import BILL_AMOUNTS, Bill, Claim, ClaimEvent, Evidence
from yidi.domain.claims.kinds import OPEN, ClaimStatus, ClaimType, Outcome
from yidi.domain.short_refs import RefKind, parse_ref


def claim_row(c: Claim) -> dict[str, Any]:
    """The ``claims`` row of a domain claim (amounts in fen)."""
    b = c.bill
    return {
        "id": c.id,
        "person_id_number": c.person_id_number,
        "claim_type": str(c.claim_type),
        "route": str(c.route) if c.route else None,
        "insured_region": c.insured_region,
        "status": str(c.status),
        "submitted_on": c.submitted_on,
        "filing_id": c.filing_id,
        "refund_year": c.refund_year,
        **{f"bill_{k}": getattr(b, k) if b else None for k in BILL_AMOUNTS},
        "bill_hosp_lv": b.hosp_lv if b else None,
        "bill_treatment_region": b.treatment_region if b else None,
        "bill_hospital_code": b.hospital_code if b else None,
        "care_start": b.care_start if b else None,
        "care_end": b.care_end if b else None,
        "evidence": c.evidence.as_dict(),
        "materials": list(c.materials),
        "returns": c.returns,
        "return_notice": list(c.return_notice),
        "accepted_on": c.accepted_on,
        "promised_on": c.promised_on,
        "paused_working_days": c.paused_working_days,
        "held": c.held,
        "reviewed_by": c.reviewed_by,
        "recommendation": c.recommendation,
        **{f"amt_{k}": c.amounts.get(k) for k in AMOUNTS},
        "settlement": c.settlement,
        "decision": c.decision,
        "paid_on": c.paid_on,
        "paid_fen": c.paid_fen,
        "deducted_fen": c.deducted_fen,
        "ref_no": c.ref_no,
    }


def claim_from_row(row: Any, events: list[ClaimEvent]) -> Claim:
    bill = None
    if row["care_end"] is not None:
        bill = Bill(
            **{k: int(row[f"bill_{k}"]) for k in BILL_AMOUNTS},
            hosp_lv=row["bill_hosp_lv"],
            treatment_region=row["bill_treatment_region"],
            care_start=_day(row["care_start"]),
            care_end=_day(row["care_end"]),
            hospital_code=row["bill_hospital_code"],
        )
    ev = row["evidence"] or {}
    return Claim(
        id=row["id"],
        person_id_number=row["person_id_number"],
        claim_type=ClaimType(row["claim_type"]),
        insured_region=row["insured_region"],
        status=ClaimStatus(row["status"]),
        submitted_on=_day(row["submitted_on"]),
        bill=bill,
        evidence=Evidence(
            ev.get("disease"),
            dict(ev.get("facts") or {}),
            Outcome(ev["outcome"]) if ev.get("outcome") else None,
        ),
        filing_id=row["filing_id"],
        refund_year=row["refund_year"],
        materials=list(row["materials"]),
        returns=int(row["returns"]),
        return_notice=list(row["return_notice"]),
        accepted_on=row["accepted_on"],
        promised_on=row["promised_on"],
        paused_working_days=row["paused_working_days"],
        held=bool(row["held"]),
        route=ClaimType(row["route"]) if row["route"] else None,
        reviewed_by=row["reviewed_by"],
        recommendation=row["recommendation"],
        amounts={k: int(row[f"amt_{k}"]) for k in AMOUNTS if row[f"amt_{k}"] is not None},
        settlement=row["settlement"] or {},
        decision=row["decision"],
        paid_on=row["paid_on"],
        paid_fen=None if row["paid_fen"] is None else int(row["paid_fen"]),
        deducted_fen=int(row["deducted_fen"]),
        ref_no=row["ref_no"],
        events=events,
    )


def event_row(e: ClaimEvent, person: str) -> dict[str, Any]:
    return {
        "claim_id": e.claim_id, "person_id_number": person, "at": e.at, "business_day": e.on, "actor": e.actor,
        "channel": e.channel, "action": e.action, "from_status": e.from_status, "to_status": e.to_status,
        "reason": e.reason, "rule_id": e.rule_id, "clause": e.clause, "details": e.details,
    }  # fmt: skip


def event_from_row(row: Any) -> ClaimEvent:
    return ClaimEvent(
        claim_id=row["claim_id"], at=row["at"], on=_day(row["business_day"]), actor=row["actor"], channel=row["channel"],
        action=row["action"], from_status=row["from_status"], to_status=row["to_status"], reason=row["reason"],
        rule_id=row["rule_id"], clause=row["clause"], details=row["details"] or {}, id=int(row["id"]),
    )  # fmt: skip


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class ClaimRepository:
    """Claims and their history. ``get(..., for_update=True)`` locks the row on PostgreSQL;
    use cases also lock the person first, so one person's claims and filings are serialised."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, claim: Claim) -> None:
        """Store a new claim with its short reference number, counted in this transaction."""
        if claim.ref_no is None:
            claim.ref_no = next_ref(self.session.connection(), RefKind.CLAIM, claim.submitted_on)
        self.session.execute(claims.insert().values(**claim_row(claim), version=0))
        self._new_events(claim)

    def save(self, claim: Claim) -> None:
        c = claims.c
        self.session.execute(
            update(claims).where(c.id == claim.id).values(**claim_row(claim), version=c.version + 1)
        )
        self._new_events(claim)

    def _new_events(self, claim: Claim) -> None:
        for e in claim.events:
            if e.id is None:
                stmt = claim_history.insert().values(**event_row(e, claim.person_id_number))
                e.id = int(self.session.execute(stmt.returning(claim_history.c.id)).scalar_one())

    def get(self, claim_id: str, *, for_update: bool = False) -> Claim | None:
        stmt = select(claims).where(claims.c.id == claim_id)
        if for_update:
            stmt = stmt.with_for_update()
        row = self.session.execute(stmt).mappings().one_or_none()
        return None if row is None else claim_from_row(row, self.history(claim_id))

    def id_for_ref(self, key: str) -> str:
        """The internal id of a claim given by its id or by its short reference number."""
        ref = parse_ref(key)
        if ref is None or ref[0] is not RefKind.CLAIM:
            return key
        found = self.session.scalar(select(claims.c.id).where(claims.c.ref_no == ref[1]))
        return found or key

    def owner_of(self, claim_id: str) -> str | None:
        return self.session.scalar(select(claims.c.person_id_number).where(claims.c.id == claim_id))

    def find(
        self, *, statuses: Iterable[str] | None = None, person: str | None = None, claim_type: str | None = None,
        held: bool | None = None, limit: int = 200, offset: int = 0,
    ) -> list[Claim]:  # fmt: skip
        """Claims without their events (queues, lists), oldest submission first."""
        stmt = select(claims).order_by(claims.c.submitted_on, claims.c.id).limit(limit).offset(offset)
        if statuses is not None:
            stmt = stmt.where(claims.c.status.in_([str(s) for s in statuses]))
        if person is not None:
            stmt = stmt.where(claims.c.person_id_number == person)
        if claim_type is not None:
            stmt = stmt.where(claims.c.claim_type == claim_type)
        if held is not None:
            stmt = stmt.where(claims.c.held.is_(held))
        return [claim_from_row(r, []) for r in self.session.execute(stmt).mappings()]

    def open_claims(self) -> list[Claim]:
        return self.find(statuses=OPEN, limit=100_000)

    def count_by_status(self) -> dict[str, int]:
        """How many claims stand in each state (the staff start page's work counts)."""
        stmt = select(claims.c.status, func.count()).group_by(claims.c.status)
        return {str(status): int(n) for status, n in self.session.execute(stmt)}

    def count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(claims)) or 0)

    def history(self, claim_id: str) -> list[ClaimEvent]:
        stmt = select(claim_history).where(claim_history.c.claim_id == claim_id).order_by(claim_history.c.id)
        return [event_from_row(r) for r in self.session.execute(stmt).mappings()]
