"""Admission at a hospital away from home and the third-city guided operation.

At admission the treatment place files for the patient (即申即享, seed 004 一(二)) or uploads the
emergency flag, which counts as a filing (seed 001 二.2). A long-term filer admitted outside the
filed city must end the long-term filing and file temporary; after the stay is settled or the
temporary filing is cancelled, the long-term filing is made again (seed 000 二(二)). yidi does
this as one guided operation. Because that clause prescribes it for exactly this case, the end
of the long-term filing is not subject to the 6-month cancel lock; the re-filed long-term filing
keeps its place date, so no new lock period starts either.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from yidi.domain.actors import Actor, Channel
from yidi.domain.errors import FilingRefused, YidiError
from yidi.domain.filing.clauses import DOC_2021_45, Clause, Reason
from yidi.domain.filing.commitment import Commitment, CommitmentStatus
from yidi.domain.filing.conflicts import THIRD_CITY, check_no_overlap, find_overlap
from yidi.domain.filing.creation import NewFiling, create_filing, new_id
from yidi.domain.filing.filing import Filing, FilingStatus
from yidi.domain.filing.lifecycle import Change
from yidi.domain.filing.materials import Material
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.places import in_place, treatment_place
from yidi.domain.filing.rules import RegionRules
from yidi.domain.filing.validity import covers


def covering_filing(person: InsuredPerson, place: str, day: date) -> Filing | None:
    """An in-force filing for this place covering this day, if any."""
    for f in person.filings:
        if f.in_force and in_place(place, f.treatment_region) and covers(f, day):
            return f
    return None


def admit(
    person: InsuredPerson, req: NewFiling, actor: Actor, rules: RegionRules
) -> tuple[Filing, list[Change]]:
    """File at admission (hospital channels); run the third-city operation when needed."""
    assert req.admitted_on is not None
    place = treatment_place(req.treatment_region)
    existing = covering_filing(person, place, req.admitted_on)
    if existing is not None:
        return existing, []
    other = find_overlap(person, req.admitted_on, req.admitted_on)
    if other is not None and other.long_term and other.treatment_region != place:
        return end_then_file(
            person,
            other,
            req.admitted_on,
            replace(req, treatment_region=place),
            actor,
            req.admitted_on,
            rules,
        )
    filing, reasons = create_filing(
        person, replace(req, treatment_region=place), actor, req.admitted_on, rules
    )
    return filing, [Change(filing, "create", None, reasons)]


def end_then_file(
    person: InsuredPerson,
    long_term: Filing,
    first_day: date,
    req: NewFiling,
    actor: Actor,
    on: date,
    rules: RegionRules,
) -> tuple[Filing, list[Change]]:
    """End the long-term filing where the temporary one starts, then file; all or nothing."""
    saved = (long_term.status, long_term.ended_on, long_term.end_reason)
    commitment = long_term.commitment
    saved_c = (commitment.status, commitment.closed_on) if commitment else None
    end = end_for_third_city(long_term, first_day)
    try:
        filing, reasons = create_filing(person, req, actor, on, rules)
    except YidiError:
        long_term.status, long_term.ended_on, long_term.end_reason = saved
        if commitment and saved_c:
            commitment.status, commitment.closed_on = saved_c
        raise
    filing.linked_filing_id = long_term.id
    return filing, [end, Change(filing, "create", None, reasons)]


def end_for_third_city(long_term: Filing, admitted_on: date) -> Change:
    """End the long-term filing: its cover stops the day before ``admitted_on``."""
    before = long_term.snapshot()
    long_term.move(FilingStatus.CANCELLED)
    long_term.ended_on, long_term.end_reason = admitted_on, "third_city_admission"
    if long_term.commitment and long_term.commitment.status is CommitmentStatus.OPEN:
        long_term.commitment.status, long_term.commitment.closed_on = CommitmentStatus.WITHDRAWN, admitted_on
    reason = Reason(
        "conflict.third_city",
        f"在居住地以外城市住院（{admitted_on}），终止异地长期居住待遇，办理临时外出备案；结算完成后重新办理长期备案",
        "admitted in a third city: long-term filing ended, temporary filing made; long-term to be re-filed after",
        THIRD_CITY,
        {"admitted_on": admitted_on},
    )
    return Change(long_term, "end_for_third_city", before, [reason])


def third_city_admission(
    person: InsuredPerson, long_term_id: str, req: NewFiling, actor: Actor, today: date, rules: RegionRules
) -> tuple[Filing, list[Change]]:
    """The guided operation for a citizen or staff: end the long-term filing where the temporary
    cover starts and file temporary in the third city, in one step (seed 000 二(二))."""
    long_term = person.filing(long_term_id)
    admitted_on = req.admitted_on or req.start_date or today
    place = treatment_place(req.treatment_region)
    if not long_term.long_term or not long_term.in_force or long_term.treatment_region == place:
        raise FilingRefused(
            "NOT_THIRD_CITY",
            Reason(
                "conflict.third_city_not_applicable",
                "该操作适用于有效长期备案人员到备案地以外城市住院",
                "this operation is for a long-term filer admitted outside the filed city",
                THIRD_CITY,
                {"filing_id": long_term_id, "treatment_region": place},
                "treatment_region",
            ),
        )
    if admitted_on < today:
        # already admitted: a self-filer's cover starts the day before admission (seed 000 二(一))
        req = replace(req, treatment_region=place, admitted_on=admitted_on, start_date=None)
        back = (
            rules.as_int("self_service_backdate_days", today) if actor.channel is Channel.SELF_SERVICE else 0
        )
        first_day = admitted_on - timedelta(days=back)
    else:
        req = replace(req, treatment_region=place, start_date=admitted_on, admitted_on=None)
        first_day = admitted_on
    return end_then_file(person, long_term, first_day, req, actor, today, rules)


def resume_long_term(person: InsuredPerson, temporary_id: str, today: date) -> Change:
    """Re-file the interrupted long-term filing once the temporary stay is settled or cancelled."""
    temporary = person.filing(temporary_id)
    old = person.filing(temporary.linked_filing_id) if temporary.linked_filing_id else None
    if old is None or temporary.status not in (FilingStatus.COMPLETED, FilingStatus.CANCELLED):
        raise FilingRefused(
            "RESUME_NOT_READY",
            Reason(
                "conflict.resume",
                "临时外出就医结算完成或取消临时备案后，才能重新办理异地长期居住",
                "the long-term filing is re-filed after the temporary stay is settled or its filing cancelled",
                Clause(DOC_2021_45, "二(二)"),
                {"temporary_filing_id": temporary_id, "status": temporary.status},
                "filing_id",
            ),
        )
    start = max(today, (temporary.discharge_date or temporary.ended_on or today) + timedelta(days=1))
    if temporary.status is FilingStatus.CANCELLED:
        start = max(today, temporary.ended_on or today)
    check_no_overlap(person, start, old.end_date, old.treatment_region)
    commitment = None
    if old.commitment is not None and old.commitment.status is CommitmentStatus.WITHDRAWN:
        # the original deadline keeps running: re-filing must not buy a new 6 months
        c = old.commitment
        commitment = Commitment(new_id(), c.signed_on, c.due_on, list(c.missing))
    filing = Filing(
        id=new_id(),
        person_id_number=person.id_number,
        category=old.category,
        channel=old.channel,
        insured_region=old.insured_region,
        treatment_region=old.treatment_region,
        filed_on=today,
        start_date=start,
        end_date=old.end_date,
        status=FilingStatus.PENDING_COMMITMENT if commitment else FilingStatus.ACTIVE,
        place_effective_from=old.place_effective_from,
        outpatient_hospital=old.outpatient_hospital,
        chronic_hospital=old.chronic_hospital,
        linked_filing_id=temporary.id,
        form=dict(old.form),
        materials=[
            Material(new_id(), m.kind, m.supplied_on, m.reference, m.valid_until) for m in old.materials
        ],
        commitment=commitment,
    )
    person.filings.append(filing)
    reason = Reason(
        "conflict.resume",
        f"临时外出就医已结束，自 {start} 起重新办理异地长期居住",
        f"temporary stay over: long-term filing re-made from {start}",
        Clause(DOC_2021_45, "二(二)"),
        {"previous_filing_id": old.id, "start_date": start},
    )
    return Change(filing, "resume_long_term", None, [reason])
