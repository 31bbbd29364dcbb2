"""本机构患者 (a hospital's patients): the relation ``domain.access`` asks about when a hospital
reads a person's history, claims or claw-back (see docs/filing.md "Who sees and does what")."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import or_, select

from yidi.adapters.orm import filing_history, filings
from yidi.adapters.orm_hospital import visits
from yidi.adapters.orm_users import web_users
from yidi.domain.actors import Actor, Channel
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

HOSPITAL_CHANNELS = (Channel.HOSPITAL_ADMISSION, Channel.REFERRAL_HOSPITAL, Channel.EMERGENCY_FLAG)


def is_patient(uow: SqlAlchemyUnitOfWork, hospital_code: str, id_number: str) -> bool:
    """本机构患者: a visit at the hospital, a filing it made (through the national interface as
    its code, or through one of its accounts), or a filing naming it as outpatient or chronic-disease
    hospital. Runs inside the caller's open unit of work."""
    s = uow.session
    visit = select(visits.c.mdtrt_id).where(
        visits.c.hospital_code == hospital_code, visits.c.id_number == id_number
    )
    if s.execute(visit.limit(1)).first():
        return True
    designated = select(filings.c.id).where(
        filings.c.person_id_number == id_number,
        or_(filings.c.outpatient_hospital == hospital_code, filings.c.chronic_hospital == hospital_code),
    )
    if s.execute(designated.limit(1)).first():
        return True
    names = [
        hospital_code,
        *s.scalars(select(web_users.c.username).where(web_users.c.hospital_code == hospital_code)),
    ]
    made = select(filing_history.c.id).where(
        filing_history.c.person_id_number == id_number,
        filing_history.c.channel.in_([str(c) for c in HOSPITAL_CHANNELS]),
        filing_history.c.actor.in_([f"hospital:{n}" for n in names]),
    )
    return s.execute(made.limit(1)).first() is not None


def patient_check(uow: SqlAlchemyUnitOfWork, actor: Actor | None, id_number: str) -> Callable[[], bool]:
    """The lazy "is this the hospital's patient?" question ``domain.access`` asks when it must."""
    code = actor.subject if actor is not None else None
    return lambda: code is not None and is_patient(uow, code, id_number)
