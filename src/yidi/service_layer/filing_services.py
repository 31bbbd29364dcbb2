"""Filing use cases. Each receives the acting user and channel (``Actor``), runs in one
transaction under the person's lock, writes an append-only history entry per change, and is
idempotent when the client sends a request id (a retry returns the first result unchanged).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

from yidi.domain.access import AccessDenied, Act, check_act
from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.errors import Kind, NotFound, refusal
from yidi.domain.filing import admission, hospital_admission, lifecycle, settlements, transfer_out
from yidi.domain.filing.categories import Category
from yidi.domain.filing.clauses import Reason
from yidi.domain.filing.creation import MaterialIn, NewFiling, create_filing
from yidi.domain.filing.dependants import Guardian
from yidi.domain.filing.filing import HistoryEntry
from yidi.domain.filing.lifecycle import Change
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.referral_basis import CatalogueCheck
from yidi.domain.filing.rules import RegionRules
from yidi.domain.referral import NoReferralCatalogue
from yidi.domain.short_refs import RefKind
from yidi.service_layer.queries import authorize_act
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Result = dict[str, object]
Operation = Callable[[InsuredPerson, RegionRules, date], tuple[Result, list[Change]]]


def history_entry(person: InsuredPerson, change: Change, actor: Actor, note: str = "") -> HistoryEntry:
    reasons = change.reasons
    clauses = list(dict.fromkeys(str(r.clause) for r in reasons if r.clause))
    return HistoryEntry(
        person_id_number=person.id_number,
        filing_id=change.filing.id,
        at=datetime.now(UTC),
        actor=str(actor),
        channel=str(actor.channel),
        action=change.action,
        reason="；".join([*([note] if note else []), *(r.zh for r in reasons)]),
        rule_id=",".join(r.rule_id for r in reasons) or None,
        clause="；".join(clauses) or None,
        before=change.before,
        after=change.filing.snapshot(),
    )


def _reasons(changes: list[Change]) -> list[dict[str, object]]:
    return [r.as_dict() for c in changes for r in c.reasons]


def apply(
    uow: SqlAlchemyUnitOfWork,
    actor: Actor,
    id_number: str,
    operation: str,
    fn: Operation,
    *,
    request_id: str | None = None,
    note: str = "",
) -> Result:
    """Run ``fn`` on the locked person in one transaction; replay a stored result on retry.
    Whose records the actor may touch is checked first (``domain.access``)."""
    with uow:
        authorize_act(uow, actor, operation, id_number)
        person = uow.persons.get(id_number, for_update=True)
        if person is None:
            raise NotFound("person", id_number)
        # scoped to actor, person and operation: two clients reusing a request id never share a result
        key = _idempotency_key(actor, person.id_number, operation, request_id) if request_id else None
        if key and (stored := uow.persons.stored_result(key)) is not None:
            return {**stored, "replayed": True}
        today = uow.clock()
        result, changes = fn(person, uow.rules.for_region(person.insured_region), today)
        _number_new_filings(uow, person, result)
        for change in changes:
            uow.persons.add_history(history_entry(person, change, actor, note))
        if key:
            uow.persons.store_result(key, operation, person.id_number, result)
        uow.commit()
        return result


def _number_new_filings(uow: SqlAlchemyUnitOfWork, person: InsuredPerson, result: Result) -> None:
    """Give each filing the operation created its short reference number (domain/short_refs.py)
    in this transaction, and put it into the answer, whose snapshots were taken before."""
    new = {}
    for filing in person.filings:
        if filing.ref_no is None:
            filing.ref_no = uow.persons.next_ref(RefKind.FILING, filing.filed_on)
            new[filing.id] = filing.ref_no
    for value in [result, *result.values()]:
        if isinstance(value, dict) and value.get("id") in new:
            value["ref_no"] = new[str(value["id"])]


def apply_to_filing(
    uow: SqlAlchemyUnitOfWork, actor: Actor, filing_id: str, operation: str, fn: Operation, **kw: object
) -> Result:
    with uow:
        owner = uow.persons.owner_of(filing_id)
    if owner is None:
        raise NotFound("filing", filing_id)
    return apply(uow, actor, owner, operation, fn, **kw)  # type: ignore[arg-type]


def _idempotency_key(actor: Actor, id_number: str, operation: str, request_id: str) -> str:
    return hashlib.sha256(f"{actor}\x1f{id_number}\x1f{operation}\x1f{request_id}".encode()).hexdigest()


def _one(change: Change) -> tuple[Result, list[Change]]:
    return {"filing": change.filing.snapshot(), "reasons": _reasons([change])}, [change]


# --- use cases ---------------------------------------------------------------------------------


def file(
    uow: SqlAlchemyUnitOfWork, actor: Actor, id_number: str, req: NewFiling, *, request_id: str | None = None
) -> Result:
    """Create a filing through the actor's channel (self-service, counter, referral…)."""

    # a hospital filing a referral is itself the referring hospital
    hospital = actor.subject if actor.channel is Channel.REFERRAL_HOSPITAL else None
    referrer = req.referring_hospital or hospital

    def op(person: InsuredPerson, rules: RegionRules, today: date) -> tuple[Result, list[Change]]:
        checked = replace(
            req,
            catalogue_check=catalogue_check(person.insured_region, req.diagnosis, today),
            guardian=guardian_record(uow, req, today) if req.guardian_id_number else None,
            referring_hospital=referrer,
            referring_grade=hospital_grade(uow, referrer),
        )
        if checked.category is Category.REFERRAL:  # perhaps a transfer out (seed 002 第十八条)
            filing, changes = transfer_out.file_referral(person, checked, actor, today, rules)
            return {"filing": filing.snapshot(), "reasons": _reasons(changes)}, changes
        filing, reasons = create_filing(person, checked, actor, today, rules)
        return _one(Change(filing, "create", None, reasons))

    return apply(uow, actor, id_number, "create", op, request_id=request_id)


def hospital_grade(uow: SqlAlchemyUnitOfWork, code: str | None) -> str | None:
    """The hospital registry's grade (``hosp_lv``) of a hospital code; None when unknown."""
    row = uow.hospital.hospital(code.strip().upper()) if code and code.strip() else None
    return str(row["hosp_lv"]) if row is not None else None


def guardian_record(uow: SqlAlchemyUnitOfWork, req: NewFiling, on: date) -> Guardian | None:
    """The guardian's footing at the treatment place (seed 001 二.4): insured there as an employee,
    or a posted-worker filing in force for it. None when yidi does not know the guardian."""
    from yidi.domain.filing.places import in_place, treatment_place
    from yidi.domain.filing.validity import covers

    guardian = uow.persons.get(str(req.guardian_id_number).strip().upper())
    if guardian is None:
        return None
    place = treatment_place(req.treatment_region)
    posted = next(
        (f.id for f in guardian.filings
         if f.category is Category.POSTED_WORKER and f.in_force and in_place(place, f.treatment_region) and covers(f, on)),
        None,
    )  # fmt: skip
    employee_there = guardian.insutype == "310" and in_place(guardian.insured_region, place)
    return Guardian(guardian.id_number, employee_there, posted)


def catalogue_check(insured_region: str, diagnosis: str | None, on: date) -> CatalogueCheck | None:
    """The insured region's 转诊目录 on a referral's diagnosis (the referral module's fuzzy search):
    the best row and score, or no catalogue (铁岭: 目录未提供). None without a diagnosis."""
    from yidi.policy.referral import is_listed  # lazy: the catalogues load on first use

    if not (diagnosis or "").strip():
        return None
    try:
        found = is_listed(insured_region, str(diagnosis).strip(), on=on)
    except NoReferralCatalogue:
        return CatalogueCheck(has_catalogue=False)
    best = found.best.as_dict() if found.best else {}
    return CatalogueCheck(True, found.listed, found.threshold, best)


def admit(
    uow: SqlAlchemyUnitOfWork, actor: Actor, id_number: str, req: NewFiling, *, request_id: str | None = None
) -> Result:
    """A hospital registers an admission: existing cover, auto filing, emergency flag, or the
    third-city operation (seed 004 一(二), seed 001 二.2, seed 000 二(二))."""

    def op(person: InsuredPerson, rules: RegionRules, today: date) -> tuple[Result, list[Change]]:
        own = hospital_admission.confine(person, req, actor, rules) if actor.role is Role.HOSPITAL and actor.subject else req
        filing, changes = admission.admit(person, own, actor, rules)
        return {"filing": filing.snapshot(), "new": bool(changes), "reasons": _reasons(changes)}, changes

    return apply(uow, actor, id_number, "admit", op, request_id=request_id)


def third_city_admission(
    uow: SqlAlchemyUnitOfWork,
    actor: Actor,
    id_number: str,
    long_term_id: str,
    req: NewFiling,
    *,
    request_id: str | None = None,
) -> Result:
    def op(person: InsuredPerson, rules: RegionRules, today: date) -> tuple[Result, list[Change]]:
        filing, changes = admission.third_city_admission(person, long_term_id, req, actor, today, rules)
        return {"filing": filing.snapshot(), "ended": long_term_id, "reasons": _reasons(changes)}, changes

    return apply(uow, actor, id_number, "third_city", op, request_id=request_id)


def resume_long_term(
    uow: SqlAlchemyUnitOfWork, actor: Actor, temporary_id: str, *, request_id: str | None = None
) -> Result:
    def op(person: InsuredPerson, rules: RegionRules, today: date) -> tuple[Result, list[Change]]:
        return _one(admission.resume_long_term(person, temporary_id, today))

    return apply_to_filing(uow, actor, temporary_id, "resume", op, request_id=request_id)


def cancel(
    uow: SqlAlchemyUnitOfWork, actor: Actor, filing_id: str, why: str = "", *, request_id: str | None = None
) -> Result:
    def op(person: InsuredPerson, rules: RegionRules, today: date) -> tuple[Result, list[Change]]:
        return _one(lifecycle.cancel(person, filing_id, today, rules, why))

    return apply_to_filing(uow, actor, filing_id, "cancel", op, request_id=request_id, note=why)


def supply_materials(
    uow: SqlAlchemyUnitOfWork,
    actor: Actor,
    filing_id: str,
    items: tuple[MaterialIn, ...],
    *,
    request_id: str | None = None,
) -> Result:
    def op(person: InsuredPerson, rules: RegionRules, today: date) -> tuple[Result, list[Change]]:
        return _one(lifecycle.supply_materials(person, filing_id, items, today, rules))

    return apply_to_filing(uow, actor, filing_id, "supply", op, request_id=request_id)


def change(
    uow: SqlAlchemyUnitOfWork,
    actor: Actor,
    filing_id: str,
    *,
    treatment_region: str | None = None,
    outpatient_hospital: str | None = None,
    chronic_hospital: str | None = None,
    workplace_changed: bool = False,
    items: tuple[MaterialIn, ...] = (),
    request_id: str | None = None,
) -> Result:
    def op(person: InsuredPerson, rules: RegionRules, today: date) -> tuple[Result, list[Change]]:
        return _one(
            lifecycle.change(
                person,
                filing_id,
                today,
                rules,
                treatment_region=treatment_region,
                outpatient_hospital=outpatient_hospital,
                chronic_hospital=chronic_hospital,
                workplace_changed=workplace_changed,
                items=items,
            )
        )

    return apply_to_filing(uow, actor, filing_id, "change", op, request_id=request_id)


def complete(
    uow: SqlAlchemyUnitOfWork, actor: Actor, filing_id: str, discharge: date, *, request_id: str | None = None
) -> Result:
    def op(person: InsuredPerson, rules: RegionRules, today: date) -> tuple[Result, list[Change]]:
        return _one(lifecycle.complete(person, filing_id, discharge))

    return apply_to_filing(uow, actor, filing_id, "complete", op, request_id=request_id)


def record_settlement(
    uow: SqlAlchemyUnitOfWork,
    actor: Actor,
    filing_id: str,
    settlement_id: str,
    settled_on: date,
    benefit_difference_fen: int,
) -> Result:
    """Record a settlement made under the filing with its benefit difference — for the platform's
    own callers (staff tools, jobs, tests); a hospital or a citizen never plants one (H4)."""
    if actor.role in (Role.HOSPITAL, Role.CITIZEN) and actor.subject is not None:
        raise AccessDenied(
            "待遇差只由平台结算记入", f"{actor} may not record a claw-back reference", rule="access.clawback_reference"
        )

    def op(person: InsuredPerson, rules: RegionRules, today: date) -> tuple[Result, list[Change]]:
        ref = settlements.record_settlement(
            person, filing_id, settlement_id, settled_on, benefit_difference_fen
        )
        return {"settlement_id": ref.settlement_id, "under_commitment": ref.under_commitment}, []

    return apply_to_filing(uow, actor, filing_id, "settlement", op, request_id=settlement_id)


def settlement_reference(uow: SqlAlchemyUnitOfWork, actor: Actor, filing_id: str, settlement_id: str) -> Result:
    """The claw-back reference of one of the platform's own settlements under the filing.

    References come only from the platform's 2304 / 2207 settlements, which record them with the
    benefit difference the kernel computed (``hospital.clawback``); a client never plants one
    (security review H4). This answers the recorded reference of a settlement of the filing's
    person — a hospital only of its own settlements — and refuses anything else."""

    def op(person: InsuredPerson, rules: RegionRules, today: date) -> tuple[Result, list[Change]]:
        row = uow.hospital.settlement(settlement_id)
        mine = actor.role is not Role.HOSPITAL or not actor.subject or (row and row["hospital_code"] == actor.subject)
        ref = next((r for r in person.filing(filing_id).settlements if r.settlement_id == settlement_id), None)
        if row is None or row["kind"] != "settle" or row["id_number"] != person.id_number or not mine or ref is None:
            raise refusal(
                "SETTLEMENT_NOT_UNDER_FILING", Kind.NOT_FOUND,
                f"备案 {filing_id} 下没有平台结算 {settlement_id} 的待遇差记录；待遇差只由平台结算（2304/2207）记入",
                f"no platform settlement {settlement_id} recorded under filing {filing_id}",
                field="settlement_id",
            )  # fmt: skip
        return {
            "settlement_id": ref.settlement_id,
            "under_commitment": ref.under_commitment,
            "settled_on": ref.settled_on.isoformat(),
            "benefit_difference_fen": ref.benefit_difference_fen,
        }, []

    return apply_to_filing(uow, actor, filing_id, "settlement", op)


def mark_clawback_recovered(
    uow: SqlAlchemyUnitOfWork, actor: Actor, id_number: str, settlement_id: str
) -> Result:
    def op(person: InsuredPerson, rules: RegionRules, today: date) -> tuple[Result, list[Change]]:
        ref = settlements.mark_recovered(person, settlement_id, today)
        return {"settlement_id": ref.settlement_id, "clawback": str(ref.clawback)}, []

    return apply(uow, actor, id_number, "recovered", op)


def run_deadlines(uow: SqlAlchemyUnitOfWork, actor: Actor) -> Result:
    """The daily commitment-deadline job: reminders, revocations, expiries — one transaction per person."""
    with uow:
        ids = uow.persons.ids_with_deadline_work()
    summary: dict[str, list[dict[str, object]]] = {"commitment_reminder": [], "revoke": [], "expire": []}

    for id_number in ids:

        def op(person: InsuredPerson, rules: RegionRules, today: date) -> tuple[Result, list[Change]]:
            changes = lifecycle.run_deadlines(person, today, rules)
            for c in changes:
                summary[c.action].append(
                    {"filing_id": c.filing.id, "ref_no": c.filing.ref_no, "person": person.id_number, **_first(c.reasons)}
                )
            return {}, changes

        apply(uow, actor, id_number, "deadlines", op)
    return {"persons_checked": len(ids), **summary}


def preview_deadlines(uow: SqlAlchemyUnitOfWork, actor: Actor) -> Result:
    """What ``run_deadlines`` would revoke today, changing nothing: the filings (with the person's
    name) and the persons it would record as credit defaulters (记失信)."""
    check_act(actor, Act.JOB, None)
    with uow:
        today = uow.clock()
        revoke: list[dict[str, object]] = []
        for id_number in uow.persons.ids_with_deadline_work():
            person = uow.persons.get(id_number)
            for f in lifecycle.revocations_due(person, today) if person else []:
                assert f.commitment is not None and person is not None  # revocations_due: open commitments
                revoke.append({
                    "filing_id": f.id, "ref_no": f.ref_no, "person": id_number, "name": person.name, "category": str(f.category),
                    "treatment_region": f.treatment_region, "due_on": f.commitment.due_on.isoformat(),
                })  # fmt: skip
    persons = sorted({str(r["person"]) for r in revoke})
    return {"today": today.isoformat(), "revoke": revoke, "credit_default": persons}


def _first(reasons: list[Reason]) -> dict[str, object]:
    return {"message_zh": reasons[0].zh, "clause": str(reasons[0].clause)} if reasons else {}
