"""Read-only queries the staff pages and REST need beside the repository: line counts, a
statement's returns and disputes, the months built, the advance notices, postings of an account.
Each is one SQL statement; nothing here writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from yidi.adapters.clearing_journal import SIGNED, Db
from yidi.adapters.orm_clearing import advance_notices as an
from yidi.adapters.orm_clearing import disputes as dp
from yidi.adapters.orm_clearing import journal_entries as je
from yidi.adapters.orm_clearing import lines as ln
from yidi.adapters.orm_clearing import postings as jp
from yidi.adapters.orm_clearing import returns as rt
from yidi.adapters.orm_clearing import runs


def months(db: Db) -> list[dict[str, Any]]:
    q = select(runs).order_by(runs.c.month.desc())
    return [dict(r) for r in db.execute(q).mappings()]


def line_count(db: Db, statement_id: str) -> int:
    return int(
        db.execute(select(func.count()).select_from(ln).where(ln.c.statement_id == statement_id)).scalar_one()
    )


def returns_of(db: Db, statement_id: str | None) -> list[dict[str, Any]]:
    """The returns a statement carries (``None``: those waiting for the next month built)."""
    cond = rt.c.statement_id.is_(None) if statement_id is None else rt.c.statement_id == statement_id
    return [dict(r) for r in db.execute(select(rt).where(cond).order_by(rt.c.decided_at, rt.c.id)).mappings()]


def disputes_of(db: Db, statement_id: str) -> list[dict[str, Any]]:
    q = select(dp).where(dp.c.statement_id == statement_id).order_by(dp.c.disputed_on, dp.c.setl_id)
    return [dict(r) for r in db.execute(q).mappings()]


def notices(db: Db, year: int | None = None) -> list[dict[str, Any]]:
    q = select(an).order_by(an.c.insuplc_admdvs, an.c.mdtrtarea_admvs, an.c.year, an.c.seq)
    if year is not None:
        q = q.where(an.c.year == year)
    return [dict(r) for r in db.execute(q).mappings()]


def notice(db: Db, notice_id: str) -> dict[str, Any] | None:
    row = db.execute(select(an).where(an.c.id == notice_id)).mappings().first()
    return None if row is None else dict(row)


def postings_of(db: Db, account_key: str, limit: int = 200) -> list[dict[str, Any]]:
    """The latest postings of one account with their entry (newest first)."""
    q = (select(je.c.id, je.c.ref_kind, je.c.ref_id, je.c.effective_on, jp.c.side, jp.c.amount,
                SIGNED.label("signed"))
         .join(je, je.c.id == jp.c.entry_id).where(jp.c.account == account_key)
         .order_by(je.c.effective_on.desc(), je.c.id.desc()).limit(limit))  # fmt: skip
    return [dict(r) for r in db.execute(q).mappings()]
