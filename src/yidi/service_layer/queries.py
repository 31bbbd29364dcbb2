"""Read-side use cases: persons, filings, history, eligibility, claw-back due.

Each receives the acting user (``actor``); ``authorize_read`` applies ``domain.access`` (a citizen
reads only their own records, a hospital its patients' beyond the admission lookup) inside the
open unit of work, so the REST API and the web pages share one rule set.
"""

from __future__ import annotations

from datetime import date

from yidi.domain import access
from yidi.domain.access import Read
from yidi.domain.actors import Actor
from yidi.domain.errors import InvalidInput, NotFound
from yidi.domain.filing import eligibility as elig
from yidi.domain.filing import settlements
from yidi.domain.filing.filing import HistoryEntry
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.identifiers import parse_id_number
from yidi.domain.short_refs import RefKind, parse_ref
from yidi.service_layer import audit
from yidi.service_layer.patients import patient_check
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Result = dict[str, object]


def person_view(p: InsuredPerson) -> Result:
    return {
        "id_number": p.id_number,
        "name": p.name,
        "insutype": p.insutype,
        "psn_type": p.psn_type,
        "civil_servant": p.civil_servant,
        "insured_region": p.insured_region,
        "account_balance_fen": p.account_balance_fen,
        "credit_default_on": p.credit_default_on.isoformat() if p.credit_default_on else None,
        "credit_default_reason": p.credit_default_reason,
        "insurance_status": p.insurance_status,
    }


def history_view(h: HistoryEntry) -> Result:
    return {
        "id": h.id,
        "filing_id": h.filing_id,
        "at": h.at.isoformat(),
        "actor": h.actor,
        "channel": h.channel,
        "action": h.action,
        "reason": h.reason,
        "rule_id": h.rule_id,
        "clause": h.clause,
        "before": h.before,
        "after": h.after,
    }


def authorize_read(
    uow: SqlAlchemyUnitOfWork, actor: Actor | None, id_number: str, what: Read = Read.PERSON
) -> None:
    """Refuse (``AccessDenied``, 403) unless ``actor`` may read ``what`` of the person; call it
    inside an open unit of work."""
    access.check_read(actor, id_number, what, patient_check(uow, actor, id_number))
    audit.note_read(actor, id_number, str(what))  # staff and hospitals: the request writes it (audit.py)


def authorize_act(uow: SqlAlchemyUnitOfWork, actor: Actor | None, operation: str, id_number: str) -> None:
    """Refuse unless ``actor`` may do the use case ``operation`` (filing or claim) on the person."""
    access.check_act(actor, access.act_of(operation), id_number, patient_check(uow, actor, id_number))


def _person(
    uow: SqlAlchemyUnitOfWork, id_number: str, actor: Actor | None = None, what: Read = Read.PERSON
) -> InsuredPerson:
    idn = parse_id_number(id_number, "id_number").value
    authorize_read(uow, actor, idn, what)
    person = uow.persons.get(idn)
    if person is None:
        raise NotFound("person", idn)
    return person


def get_person(uow: SqlAlchemyUnitOfWork, id_number: str, *, actor: Actor | None = None) -> Result:
    """基本信息; a hospital without a visit gets what 1101 returns (``access.person_fields``)."""
    with uow:
        person = _person(uow, id_number, actor)
        view = person_view(person)
        shown = access.person_fields(actor, patient_check(uow, actor, person.id_number))
        return view if shown is None else {k: v for k, v in view.items() if k in shown}


def list_filings(uow: SqlAlchemyUnitOfWork, id_number: str, *, actor: Actor | None = None) -> list[Result]:
    with uow:
        return [f.snapshot() for f in _person(uow, id_number, actor, Read.FILINGS).filings]


def get_filing(uow: SqlAlchemyUnitOfWork, filing_id: str, *, actor: Actor | None = None) -> Result:
    """One filing by its internal id or its short reference number (BA…)."""
    with uow:
        filing_id = uow.persons.id_for_ref(filing_id)
        owner = uow.persons.owner_of(filing_id)
        if owner:
            authorize_read(uow, actor, owner, Read.FILINGS)
        person = uow.persons.get(owner) if owner else None
        if person is None:
            raise NotFound("filing", filing_id)
        return person.filing(filing_id).snapshot()


def person_of_reference(uow: SqlAlchemyUnitOfWork, text: str) -> str | None:
    """The ID number whose filing (BA…) or claim (BX…) carries the short reference number ``text``
    (None: not such a number, or no record has it). Reading the person is authorised by the caller's
    next query (``get_person``), which also writes the audit entry."""
    ref = parse_ref(text)
    if ref is None:
        return None
    with uow:
        if ref[0] is RefKind.FILING:
            return uow.persons.owner_of(uow.persons.id_for_ref(ref[1]))
        return uow.claims.owner_of(uow.claims.id_for_ref(ref[1]))


def filing_history(uow: SqlAlchemyUnitOfWork, filing_id: str, *, actor: Actor | None = None) -> list[Result]:
    with uow:
        filing_id = uow.persons.id_for_ref(filing_id)
        owner = uow.persons.owner_of(filing_id)
        if owner is None:
            raise NotFound("filing", filing_id)
        authorize_read(uow, actor, owner, Read.HISTORY)
        return [history_view(h) for h in uow.persons.history(filing_id=filing_id)]


def person_history(uow: SqlAlchemyUnitOfWork, id_number: str, *, actor: Actor | None = None) -> list[Result]:
    with uow:
        person = _person(uow, id_number, actor, Read.HISTORY)
        return [history_view(h) for h in uow.persons.history(person=person.id_number)]


def eligibility(
    uow: SqlAlchemyUnitOfWork,
    id_number: str,
    on: date,
    *,
    region: str | None = None,
    hospital: str | None = None,
    admitted_on: date | None = None,
    care: str = "inpatient",
    actor: Actor | None = None,
) -> Result:
    if (region is None) == (hospital is None):
        raise InvalidInput.of(
            "region", "须给出就医地区划或定点医疗机构之一", "give exactly one of region or hospital"
        )
    if care not in ("inpatient", "outpatient"):
        raise InvalidInput.of(
            "care", "就医类型应为 inpatient 或 outpatient", "care must be inpatient or outpatient"
        )
    with uow:
        person = _person(uow, id_number, actor, Read.ELIGIBILITY)
        rules = uow.rules.for_region(person.insured_region)
        result = elig.check(
            person, rules, on, region=region, hospital=hospital, admitted_on=admitted_on, care=care
        )
        return result.as_dict()


def clawback_due(uow: SqlAlchemyUnitOfWork, id_number: str, *, actor: Actor | None = None) -> Result:
    with uow:
        person = _person(uow, id_number, actor, Read.CLAWBACK)
        total, refs = settlements.clawback_due(person)
        return {
            "id_number": person.id_number,
            "clawback_due_fen": total,
            "credit_default": person.credit_default,
            "settlements": [
                {
                    "settlement_id": s.settlement_id,
                    "settled_on": s.settled_on.isoformat(),
                    "benefit_difference_fen": s.benefit_difference_fen,
                }
                for s in refs
            ],
        }
