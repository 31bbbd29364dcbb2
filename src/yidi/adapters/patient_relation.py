"""本机构患者 (a hospital's patients) as stored: the relation ``domain.access`` asks about when a
hospital reads a person's history, claims or claw-back (docs/security.md "Hospitals").

Only facts the platform itself made count, never something a hospital can create alone in the
same breath: a visit at the hospital that is not cancelled (a 2401 admission passed the same
eligibility checks as every stay and a cancelled one proves no stay), or a referral filing, not
cancelled, that names the hospital as the one the patient is referred to (``reflin_medins_no``,
recorded by 2501 in the filing's form). A filing a hospital made or a designation it registered
itself no longer counts (security review H1).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from yidi.adapters.orm import filings
from yidi.adapters.orm_hospital import visits
from yidi.domain.filing.categories import Category
from yidi.domain.filing.filing import FilingStatus

# the form key of a referral filing naming the hospital referred to (2501 refmedin.reflin_medins_no)
REFERRED_TO = "reflin_medins_no"
CANCELLED_VISIT = "cancelled"


class PatientRelation:
    def __init__(self, session: Session) -> None:
        self.session = session

    def is_patient(self, hospital_code: str, id_number: str) -> bool:
        """One cheap query per ground, cheapest first, stopping at the first that holds."""
        s = self.session
        visit = select(visits.c.mdtrt_id).where(
            visits.c.hospital_code == hospital_code,
            visits.c.id_number == id_number,
            visits.c.status != CANCELLED_VISIT,
        )
        if s.execute(visit.limit(1)).first():
            return True
        referrals = select(filings.c.form).where(
            filings.c.person_id_number == id_number,
            filings.c.category == Category.REFERRAL,
            filings.c.status != FilingStatus.CANCELLED,
        )
        return any((form or {}).get(REFERRED_TO) == hospital_code for form in s.scalars(referrals))
