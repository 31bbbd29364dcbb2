"""One referral filing, one stay (一次异地转诊备案对应一次就医结算; seed 002 第十六条).

A referral filing is bound to the first admission made under it (``admission_date``); another
admission is not covered by it (a new referral needs a new filing), and the filing ends when that
stay ends: at discharge it completes, so a later stay in the same place is not settled under it.
Other categories are unchanged: a temporary or long-term filing covers every stay in its validity.
"""

from __future__ import annotations

from datetime import date

from yidi.domain.filing.categories import Category
from yidi.domain.filing.clauses import DOC_2017_29, Clause, Reason
from yidi.domain.filing.filing import Filing, FilingStatus
from yidi.domain.filing.lifecycle import Change
from yidi.domain.filing.person import InsuredPerson

ONE_STAY = Clause(DOC_2017_29, "第十六条")


def other_stay(filing: Filing, admitted_on: date | None) -> Reason | None:
    """Why ``filing`` does not cover an admission on ``admitted_on``: a referral filing already
    bound to another stay. None when it may cover it (or no admission is asked about)."""
    if filing.category is not Category.REFERRAL or admitted_on is None:
        return None
    if filing.admission_date is None or filing.admission_date == admitted_on:
        return None
    return Reason(
        "referral.one_stay",
        f"转诊备案 {filing.id} 已用于 {filing.admission_date} 入院的一次住院；一次异地转诊备案对应一次就医结算，"
        "再次转诊须重新办理备案",
        f"referral filing {filing.id} already covers the stay admitted on {filing.admission_date}; "
        "one referral filing, one stay",
        ONE_STAY,
        {"filing_id": filing.id, "admission_date": filing.admission_date, "admitted_on": admitted_on},
        "admitted_on",
    )


def bind_stay(person: InsuredPerson, filing_id: str, admitted_on: date) -> Change | None:
    """Bind a referral filing to the stay admitted on ``admitted_on`` (once; else nothing)."""
    filing = person.filing(filing_id)
    if filing.category is not Category.REFERRAL or filing.admission_date is not None:
        return None
    before = filing.snapshot()
    filing.admission_date = admitted_on
    why = Reason(
        "referral.one_stay",
        f"转诊备案用于 {admitted_on} 入院的本次住院（一次转诊备案对应一次就医结算）",
        f"referral filing bound to the stay admitted on {admitted_on}",
        ONE_STAY,
        {"admitted_on": admitted_on},
    )
    return Change(filing, "bind_stay", before, [why])


def end_with_stay(person: InsuredPerson, filing_id: str, discharge: date) -> Change | None:
    """At discharge a referral filing in force completes: its one stay is over."""
    filing = person.filing(filing_id)
    if filing.category is not Category.REFERRAL or not filing.in_force or discharge < filing.start_date:
        return None
    before = filing.snapshot()
    filing.move(FilingStatus.COMPLETED)
    filing.discharge_date, filing.ended_on, filing.end_reason = discharge, discharge, "referral_stay_ended"
    why = Reason(
        "referral.one_stay",
        f"转诊住院于 {discharge} 出院，本次转诊备案随之完结；再次转诊须重新办理备案",
        f"referral stay discharged on {discharge}: the referral filing is complete",
        ONE_STAY,
        {"discharge_date": discharge},
    )
    return Change(filing, "complete", before, [why])
