"""The staff's claim desk (手工报销经办): the queue with names and days waiting, one claim with
everything a decision needs, and the work counts of the start page.

What a staff member may do to a claim is the domain's (``claims.actions.staff_actions``); this
module only gathers the facts around it — the person's name, the hospital, the materials
ticked against the one-time notice, the emergency criteria verdict of the facts claimed — and
reads through ``claims_services`` so reading a person's claim is authorised and audited.
"""

from __future__ import annotations

from typing import Any

from yidi.domain.access import Act, check_act
from yidi.domain.actors import Actor
from yidi.domain.claims.actions import staff_actions, waiting_for
from yidi.domain.claims.kinds import ClaimStatus
from yidi.domain.claims.notice import missing
from yidi.domain.errors import YidiError
from yidi.service_layer import accounts, claims_services
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Result = dict[str, Any]
# the states that wait on the agency (a returned claim waits on the person)
STAFF_WORK = (ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED, ClaimStatus.REVIEWED, ClaimStatus.APPROVED)


def queue(uow: SqlAlchemyUnitOfWork, actor: Actor, status: str = "", limit: int = 200) -> Result:
    """The claims in ``status`` (``""``: every state waiting on the agency; ``all``: every
    claim), oldest submission first, each with the person's name, the hospital, the days
    since submission and the actions ``actor`` may take."""
    check_act(actor, Act.QUEUE, None)
    statuses = None if status == "all" else [status] if status else [str(s) for s in STAFF_WORK]
    with uow:
        today = uow.clock()
        found = uow.claims.find(statuses=statuses, limit=limit)
        names = uow.persons.names_of([c.person_id_number for c in found])
        items = []
        for c in found:
            code = c.bill.hospital_code if c.bill else None
            items.append({
                **c.snapshot(), "person_name": names.get(c.person_id_number, ""),
                "hospital_name": _hospital_name(uow, code), "days_waiting": (today - c.submitted_on).days,
                "actions": staff_actions(c, actor.user, claims_services.policy(), today),
            })  # fmt: skip
    return {"today": today.isoformat(), "items": items}


def work_counts(uow: SqlAlchemyUnitOfWork, actor: Actor) -> dict[str, int]:
    """Claims waiting on the agency per state (待受理, 待审核, 待审批, 待支付)."""
    check_act(actor, Act.QUEUE, None)
    with uow:
        counts = uow.claims.count_by_status()
    return {str(s): counts.get(str(s), 0) for s in STAFF_WORK}


def claim_case(uow: SqlAlchemyUnitOfWork, claim_id: str, actor: Actor) -> Result:
    """One claim for the staff member deciding it: the claim with its history (read audited),
    the person, the hospital, the materials against the notice, the criteria verdict of the
    emergency facts, and the actions ``actor`` may take now."""
    view = claims_services.get_claim(uow, claim_id, actor=actor)
    p = claims_services.policy()
    with uow:
        today = uow.clock()
        claim = uow.claims.get(claim_id)
        assert claim is not None  # get_claim found it
        names = uow.persons.names_of([claim.person_id_number])
        code = claim.bill.hospital_code if claim.bill else None
        hospital = _hospital_name(uow, code)
        filing_ref = uow.persons.ref_of(claim.filing_id) if claim.filing_id else None
    lacking = set(missing(p, claim.claim_type, claim.materials))
    notice = claims_services.describe_materials(str(claim.claim_type))
    materials = [
        {**m, "ticked": m["kind"] in claim.materials, "missing": m["kind"] in lacking}
        for m in notice["materials"]
    ]
    return {
        "claim": view, "person_name": names.get(claim.person_id_number, ""), "hospital_name": hospital,
        "filing_ref": filing_ref,
        "today": today.isoformat(), "days_waiting": (today - claim.submitted_on).days, "materials": materials,
        "materials_clause": notice.get("materials_clause"), "criteria": _verdict(claim.evidence.disease, claim.evidence.facts),
        "actions": staff_actions(claim, actor.user, p, today), "waiting_for": waiting_for(claim, actor.user),
        "staff_names": accounts.display_names(uow, [claim.reviewed_by or "", *(e.actor for e in claim.events)]),
    }  # fmt: skip


def _hospital_name(uow: SqlAlchemyUnitOfWork, code: str | None) -> str:
    row = uow.hospital.hospital(code) if code else None
    return str(row["name"]) if row else ""


def _verdict(disease: str | None, facts: Any) -> Result | None:
    """The emergency criteria verdict of the facts as claimed (seed 000 五(一)(二)); the review
    decides with the same evaluator, so this is what it will find unless facts are added."""
    if not disease:
        return None
    from yidi.domain.criteria import evaluate

    try:
        return evaluate(claims_services.policy().emergency_criteria(), disease, dict(facts)).as_dict()
    except YidiError as exc:  # facts the vocabulary refuses: say so instead of a verdict
        return {"error": exc.zh}
