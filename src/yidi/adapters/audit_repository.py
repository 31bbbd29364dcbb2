"""The audit log as stored (``orm_security.audit_log``): append one entry, search entries.

Entries are only ever added; a search reads newest first, bounded by ``limit``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, select
from sqlalchemy.orm import Session

from yidi.adapters.orm_security import audit_log


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *, at: datetime, actor: str, action: str, subject: str, via: str = "", **detail: Any) -> None:
        self.session.execute(
            audit_log.insert().values(
                at=at, actor=actor[:120], action=action[:40], subject=subject[:64], via=via[:200], detail=detail
            )
        )

    def search(
        self,
        *,
        actor: str | None = None,
        subject: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 200,
    ) -> Sequence[RowMapping]:
        c = audit_log.c
        stmt = select(audit_log)
        for column, value in ((c.actor, actor), (c.subject, subject), (c.action, action)):
            if value:
                stmt = stmt.where(column == value)
        if since is not None:
            stmt = stmt.where(c.at >= since)
        if until is not None:
            stmt = stmt.where(c.at < until)
        return self.session.execute(stmt.order_by(c.at.desc(), c.id.desc()).limit(limit)).mappings().all()
