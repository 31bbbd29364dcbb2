"""本机构患者 (a hospital's patients) as stored: the relation ``domain.access`` asks about when a
hospital reads a person's history, claims or claw-back (docs/filing.md "Who sees and does what").

A person is the hospital's patient after a visit there, a filing naming it as outpatient or
chronic-disease hospital, or a filing it made: through the national interface as its code, or
through one of its accounts, by a channel only a hospital acts through.
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from yidi.adapters.orm import filing_history, filings
from yidi.adapters.orm_hospital import visits
from yidi.adapters.orm_users import web_users
from yidi.domain.actors import HOSPITAL_CHANNELS


class PatientRelation:
    def __init__(self, session: Session) -> None:
        self.session = session

    def is_patient(self, hospital_code: str, id_number: str) -> bool:
        """One cheap query per ground, cheapest first, stopping at the first that holds."""
        s = self.session
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
            filing_history.c.channel.in_(sorted(str(c) for c in HOSPITAL_CHANNELS)),
            filing_history.c.actor.in_([f"hospital:{n}" for n in names]),
        )
        return s.execute(made.limit(1)).first() is not None
