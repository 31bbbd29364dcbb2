"""Manual reimbursement use cases (手工报销). Each receives the acting user and channel
(``Actor``), runs in one transaction under the insured person's lock (the same lock the filing
and settlement use cases take), saves the claim with its new history rows, and is idempotent
when the client sends a request id. Payment adds the claim's fund amounts to the person's
year-to-date accumulators (``ytd_accumulators``) that direct settlements read, marks the
claw-back it deducted as recovered on the filing, and records that in the filing history.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time
from functools import cache
from typing import Any
from uuid import uuid4

from yidi.adapters.claims_repository import ClaimRepository
from yidi.domain.access import Act, Read, check_act
from yidi.domain.actors import Actor, Role
from yidi.domain.claims import Bill, Claim, Claimant, ClaimType, Evidence, decisions, workflow
from yidi.domain.claims.catalogue import ClaimsPolicy
from yidi.domain.claims.deadlines import overdue
from yidi.domain.claims.eligibility import Application
from yidi.domain.claims.kinds import ClaimStatus
from yidi.domain.claims.notice import notice, receipt
from yidi.domain.claims.refusal import ClaimNotFound
from yidi.domain.claims.workcalendar import WorkingCalendar
from yidi.domain.errors import NotFound
from yidi.domain.filing.filing import HistoryEntry
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.settlements import clawback_due, mark_recovered
from yidi.policy.calendar import packaged_calendar
from yidi.policy.claims import load_claims_policy
from yidi.service_layer import claim_amounts
from yidi.service_layer.queries import authorize_act, authorize_read
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Result = dict[str, Any]
Step = Callable[[InsuredPerson, ClaimRepository, date], Result]


@cache
def policy() -> ClaimsPolicy:
    """The packaged claims policy, priced with the settlement kernel (one kernel for all)."""
    return replace(load_claims_policy(), pricer=claim_amounts.price)


def calendar() -> WorkingCalendar:
    return packaged_calendar()


def view(claim: Claim, *, events: bool = False) -> Result:
    out: Result = {**claim.snapshot(), "receipt": receipt(claim, policy())}
    if claim.settlement:
        out["settlement"] = claim.settlement
    if events:
        out["history"] = [e.as_dict() for e in claim.events]
    return out


def describe_types() -> list[Result]:
    """Every claim type with its regions, date and complete materials (shown before submitting)."""
    p = policy()
    return [
        {**notice(p, t), "regions": sorted(p.spec(t).regions), "from": p.spec(t).start.isoformat()}
        for t in ClaimType
    ]


def describe_materials(claim_type: str) -> Result:
    return notice(policy(), ClaimType.parse(claim_type))


def _run(
    uow: SqlAlchemyUnitOfWork,
    actor: Actor,
    id_number: str,
    operation: str,
    step: Step,
    request_id: str | None = None,
) -> Result:
    with uow:
        authorize_act(uow, actor, operation, id_number)
        person = uow.persons.get(id_number, for_update=True)
        if person is None:
            raise NotFound("person", id_number)
        key = None
        if request_id:
            raw = f"{actor}\x1f{id_number}\x1fclaims.{operation}\x1f{request_id}"
            key = hashlib.sha256(raw.encode()).hexdigest()
            if (stored := uow.persons.stored_result(key)) is not None:
                return {**stored, "replayed": True}
        result = step(person, uow.claims, uow.clock())
        if key:
            uow.persons.store_result(key, f"claims.{operation}", id_number, result)
        uow.commit()
        return result


def _on_claim(
    uow: SqlAlchemyUnitOfWork, actor: Actor, claim_id: str, operation: str,
    fn: Callable[[Claim, InsuredPerson, ClaimRepository, date], object], request_id: str | None = None,
) -> Result:  # fmt: skip
    with uow:
        owner = uow.claims.owner_of(claim_id)
    if owner is None:
        raise ClaimNotFound(claim_id)

    def step(person: InsuredPerson, repo: ClaimRepository, today: date) -> Result:
        claim = repo.get(claim_id, for_update=True)
        assert claim is not None
        fn(claim, person, repo, today)
        repo.save(claim)
        return view(claim)

    return _run(uow, actor, owner, operation, step, request_id)


def direct_inpatient_settlements(uow: SqlAlchemyUnitOfWork, id_number: str, year: int) -> int:
    """Valid direct settlements of inpatient visits (医疗类别 2x) of a person in a year."""
    return uow.hospital.inpatient_settlements_in(id_number, year)


def overlapping_direct_settlements(uow: SqlAlchemyUnitOfWork, id_number: str, bill: Bill) -> int:
    """Valid direct settlements of inpatient visits (2x, 52 生育住院) overlapping the billed stay."""
    first, last = datetime.combine(bill.care_start, time.min), datetime.combine(bill.care_end, time.max)
    return uow.hospital.inpatient_settlements_overlapping(id_number, first, last)


def submit_claim(
    uow: SqlAlchemyUnitOfWork, actor: Actor, id_number: str, *, claim_type: str, bill: Any = None,
    evidence: Any = None, filing_id: str | None = None, refund_year: int | None = None,
    materials: list[str] | None = None, request_id: str | None = None,
) -> Result:  # fmt: skip
    app = Application.parse(claim_type, bill, evidence, filing_id, refund_year)

    def step(person: InsuredPerson, repo: ClaimRepository, today: date) -> Result:
        claim = _submission(uow, actor, app, materials or [], person, today)
        repo.add(claim)
        return view(claim)

    return _run(uow, actor, id_number, "submit", step, request_id)


def _submission(
    uow: SqlAlchemyUnitOfWork, actor: Actor, app: Application, materials: list[str], person: InsuredPerson,
    today: date,
) -> Claim:  # fmt: skip
    """The claim ``workflow.submit`` makes of the application today (every check of a submission)."""
    year = app.refund_year
    count = direct_inpatient_settlements(uow, person.id_number, year) if year else 0
    overlap = overlapping_direct_settlements(uow, person.id_number, app.bill) if app.bill else 0
    return workflow.submit(
        uuid4().hex, Claimant.of(person), app, materials, actor, today, policy(),
        direct_inpatient_settlements=count, existing=uow.claims.find(person=person.id_number, limit=100_000),
        overlapping_direct_settlements=overlap,
    )  # fmt: skip


def check_claim(
    uow: SqlAlchemyUnitOfWork, actor: Actor, id_number: str, *, claim_type: str, bill: Any = None,
    evidence: Any = None, filing_id: str | None = None, refund_year: int | None = None,
    materials: list[str] | None = None,
) -> Result:  # fmt: skip
    """What ``submit_claim`` would answer, refusals included, without writing anything: the
    check-your-answers page shows it before the person confirms (issue 19 scope 7)."""
    app = Application.parse(claim_type, bill, evidence, filing_id, refund_year)
    with uow:
        authorize_act(uow, actor, "submit", id_number)
        person = uow.persons.get(id_number)
        if person is None:
            raise NotFound("person", id_number)
        return view(_submission(uow, actor, app, materials or [], person, uow.clock()))


def accept_claim(
    uow: SqlAlchemyUnitOfWork, actor: Actor, claim_id: str, request_id: str | None = None
) -> Result:
    return _on_claim(
        uow, actor, claim_id, "accept",
        lambda c, p, _r, today: workflow.accept(c, Claimant.of(p), actor, today, policy(), calendar()), request_id,
    )  # fmt: skip


def return_claim(
    uow: SqlAlchemyUnitOfWork,
    actor: Actor,
    claim_id: str,
    *,
    problems: list[str] | None = None,
    note: str = "",
) -> Result:
    return _on_claim(
        uow, actor, claim_id, "return",
        lambda c, _p, _r, today: workflow.return_for_materials(
            c, actor, today, policy(), calendar(), problems=problems or [], note=note
        ),
    )  # fmt: skip


def resubmit_claim(uow: SqlAlchemyUnitOfWork, actor: Actor, claim_id: str, materials: list[str]) -> Result:
    return _on_claim(
        uow,
        actor,
        claim_id,
        "resubmit",
        lambda c, _p, _r, today: workflow.resubmit(c, actor, today, policy(), materials),
    )


def withdraw_claim(uow: SqlAlchemyUnitOfWork, actor: Actor, claim_id: str, note: str = "") -> Result:
    return _on_claim(
        uow, actor, claim_id, "withdraw", lambda c, _p, _r, today: workflow.withdraw(c, actor, today, note)
    )


def _ytd(uow: SqlAlchemyUnitOfWork, claim: Claim) -> dict[str, int]:
    if claim.bill is None:
        return {}
    year = claim.bill.care_end.year
    ytd = dict(uow.hospital.ytd(claim.person_id_number, year))
    if claim.effective_type is ClaimType.INPATIENT_RELIEF:  # the relief's annual cap (seed 000 五(一))
        paid = uow.claims.find(statuses=[ClaimStatus.PAID], person=claim.person_id_number, limit=10_000)
        ytd[claim_amounts.RELIEF_PAID] = sum(
            c.paid_fen or 0 for c in paid
            if c.id != claim.id and c.effective_type is ClaimType.INPATIENT_RELIEF
            and c.bill is not None and c.bill.care_end.year == year
        )  # fmt: skip
    return ytd


def review_claim(
    uow: SqlAlchemyUnitOfWork, actor: Actor, claim_id: str, *, evidence: Any = None, refund_fen: int | None = None,
    treat_undetermined_as_not_met: bool = False,
) -> Result:  # fmt: skip
    def fn(c: Claim, p: InsuredPerson, _r: ClaimRepository, today: date) -> None:
        count = direct_inpatient_settlements(uow, p.id_number, c.refund_year) if c.refund_year else 0
        decisions.review(
            c, Claimant.of(p), actor, today, policy(), ytd=_ytd(uow, c), refund_fen=refund_fen,
            evidence=Evidence.parse(evidence) if evidence is not None else None, direct_inpatient_settlements=count,
            treat_undetermined_as_not_met=treat_undetermined_as_not_met,
        )  # fmt: skip

    return _on_claim(uow, actor, claim_id, "review", fn)


def approve_claim(uow: SqlAlchemyUnitOfWork, actor: Actor, claim_id: str) -> Result:
    return _on_claim(
        uow, actor, claim_id, "approve", lambda c, _p, _r, today: decisions.approve(c, actor, today)
    )


def reject_claim(
    uow: SqlAlchemyUnitOfWork,
    actor: Actor,
    claim_id: str,
    *,
    reason_zh: str = "",
    reason_en: str = "",
    clause: str = "",
) -> Result:
    return _on_claim(
        uow, actor, claim_id, "reject",
        lambda c, _p, _r, today: decisions.reject(c, actor, today, reason_zh=reason_zh, reason_en=reason_en, clause=clause),
    )  # fmt: skip


def disapprove_claim(
    uow: SqlAlchemyUnitOfWork, actor: Actor, claim_id: str, *, reason_zh: str, clause: str = ""
) -> Result:
    """审批不同意 by a second staff member, with the reason (``decisions.disapprove``)."""
    return _on_claim(
        uow, actor, claim_id, "disapprove",
        lambda c, _p, _r, today: decisions.disapprove(c, actor, today, reason_zh=reason_zh, clause=clause),
    )  # fmt: skip


def pay_claim(
    uow: SqlAlchemyUnitOfWork, actor: Actor, claim_id: str, request_id: str | None = None
) -> Result:
    def fn(c: Claim, p: InsuredPerson, _r: ClaimRepository, today: date) -> None:
        _, refs = clawback_due(p)
        dues = [(s.settlement_id, s.benefit_difference_fen) for s in sorted(refs, key=lambda s: s.settled_on)]
        payment = decisions.pay(c, Claimant.of(p), actor, today, policy(), ytd=_ytd(uow, c), clawback=dues)
        for settlement_id in payment.recovered:
            ref = mark_recovered(p, settlement_id, today)
            filing = next(f for f in p.filings if ref in f.settlements)
            uow.persons.add_history(HistoryEntry(
                person_id_number=p.id_number, filing_id=filing.id, at=datetime.now(UTC), actor=str(actor),
                channel=str(actor.channel), action="clawback_recovered",
                reason=f"手工报销 {c.id} 拨付时扣减结算 {settlement_id} 的待遇差", rule_id="claims.clawback",
                clause=c.events[-1].clause, after=filing.snapshot(),
            ))  # fmt: skip
        if payment.year is not None and payment.ytd_delta:
            uow.hospital.add_to_ytd(p.id_number, payment.year, payment.ytd_delta, 0)
        # 手工报销 is the insured region's own outflow: journaled in the clearing ledger (issue 16 §5)
        uow.clearing.record_manual_claim(c.id, p.insured_region, payment.paid_fen, today)

    return _on_claim(uow, actor, claim_id, "pay", fn, request_id)


def release_holds(uow: SqlAlchemyUnitOfWork, actor: Actor) -> Result:
    """Daily job: claims held for a commitment whose filing is now complete get their promise."""
    check_act(actor, Act.JOB, None)
    with uow:
        held = [(c.id, c.person_id_number) for c in uow.claims.find(held=True, limit=100_000)]
    released = []
    for claim_id, person_id in held:

        def step(
            person: InsuredPerson, repo: ClaimRepository, today: date, claim_id: str = claim_id
        ) -> Result:
            claim = repo.get(claim_id, for_update=True)
            assert claim is not None
            done = workflow.release_hold(claim, Claimant.of(person), actor, today, policy(), calendar())
            repo.save(claim)
            return {"released": done}

        if _run(uow, actor, person_id, "release_hold", step)["released"]:
            released.append(claim_id)
    return {"checked": len(held), "released": released}


# --- queries --------------------------------------------------------------------------------
def get_claim(uow: SqlAlchemyUnitOfWork, claim_id: str, *, actor: Actor | None = None) -> Result:
    """One claim, by its internal id or its short reference number (BX…), with receipt, amounts,
    explanation and history (``authorize_read`` decides who)."""
    with uow:
        claim = uow.claims.get(uow.claims.id_for_ref(claim_id))
        if claim is None:
            raise ClaimNotFound(claim_id)
        authorize_read(uow, actor, claim.person_id_number, Read.CLAIMS)
    return view(claim, events=True)


def claim_history(uow: SqlAlchemyUnitOfWork, claim_id: str, *, actor: Actor | None = None) -> list[Result]:
    return list(get_claim(uow, claim_id, actor=actor)["history"])


def list_claims(
    uow: SqlAlchemyUnitOfWork, *, status: str | None = None, id_number: str | None = None,
    claim_type: str | None = None, limit: int = 200, offset: int = 0, actor: Actor | None = None,
) -> list[Result]:  # fmt: skip
    """The staff queue (待办) or a person's claims, oldest first. Without an ID number it is the
    whole queue (staff only), except that a citizen always gets their own claims."""
    if id_number is None and actor is not None and actor.subject is not None and actor.role is Role.CITIZEN:
        id_number = actor.subject
    with uow:
        if id_number is None:
            check_act(actor, Act.QUEUE, None)
        else:
            authorize_read(uow, actor, id_number, Read.CLAIMS)
        found = uow.claims.find(
            statuses=[status] if status else None,
            person=id_number,
            claim_type=claim_type,
            limit=limit,
            offset=offset,
        )
    return [c.snapshot() for c in found]


def overdue_claims(
    uow: SqlAlchemyUnitOfWork, today: date | None = None, *, actor: Actor | None = None
) -> Result:
    """Claims past their promised date, across all persons (staff only)."""
    check_act(actor, Act.QUEUE, None)
    with uow:
        day = today or uow.clock()
        items = overdue(uow.claims.open_claims(), day, calendar())
    return {"today": day.isoformat(), "count": len(items), "claims": [o.as_dict() for o in items]}
