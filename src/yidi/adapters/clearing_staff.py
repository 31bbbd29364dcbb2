"""Which agency (pooling region) a staff account acts for in clearing (``clearing_agency_staff``).

A region confirms, disputes and pays only its own statements as 参保地 and pays only its own
hospitals as 就医地; the account's region is what the lifecycle checks (``lifecycle.advance``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from yidi.adapters.clearing_journal import Db
from yidi.adapters.orm_clearing import agency_staff as ag


class AgencyStaff:
    def __init__(self, db: Db) -> None:
        self.db = db

    def region_of(self, username: str) -> str | None:
        row = self.db.execute(select(ag.c.region).where(ag.c.username == username)).first()
        return None if row is None else str(row[0])

    def assign(self, username: str, region: str, at: datetime) -> None:
        if self.region_of(username) is None:
            self.db.execute(ag.insert().values(username=username, region=region, assigned_at=at))
        else:
            self.db.execute(update(ag).where(ag.c.username == username).values(region=region, assigned_at=at))

    def all(self) -> dict[str, str]:
        return {u: r for u, r in self.db.execute(select(ag.c.username, ag.c.region).order_by(ag.c.username))}
