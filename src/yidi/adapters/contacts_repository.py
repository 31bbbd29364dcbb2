"""Storage of the help contacts an administrator changed (``agency_contacts``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from yidi.adapters.orm_contacts import agency_contacts


class ContactRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def changed(self) -> dict[str, dict[str, str]]:
        """Region → the administrator's values (agency, phone, address, hours, updated_by)."""
        rows = self.session.execute(select(agency_contacts)).mappings()
        keys = ("agency", "phone", "address", "hours", "updated_by")
        return {str(r["region"]): {k: str(r[k]) for k in keys} for r in rows}

    def save(self, region: str, values: dict[str, str], by: str, at: datetime) -> None:
        self.session.execute(delete(agency_contacts).where(agency_contacts.c.region == region))
        self.session.execute(insert(agency_contacts).values(region=region, updated_by=by, updated_at=at, **values))
