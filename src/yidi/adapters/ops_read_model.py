"""Reads for the operations dashboard (运行监测): direct settlements, paid manual claims, claim
turnaround, open commitments and filings by channel of one insured region (or all) and period.
Grouped in SQL by day and the display dimensions (portable between SQLite and PostgreSQL);
months and rates are made by ``domain.fund.dashboard``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from yidi.adapters.orm import commitments, filings
from yidi.adapters.orm_claims import claim_history, claims
from yidi.adapters.orm_hospital import hospitals, settlements, visits


class OpsReadModel:
    def __init__(self, session: Session) -> None:
        self.session = session

    def settlements_by_day(self, region: str | None, start: date, end: date) -> Sequence[RowMapping]:
        """Valid direct settlements (not reversed) settled in [start, end], per day and dimension."""
        s, v, h = settlements.c, visits.c, hospitals.c
        keys = (
            s.setl_date,
            v.filing_category,
            h.hosp_lv,
            v.insured_region,
            v.treatment_region,
            s.hospital_code,
            h.name,
        )
        stmt = (
            select(
                *keys,
                func.count().label("stays"),
                func.sum(s.medfee_sumamt).label("medfee"),
                func.sum(s.fund_pay_sumamt).label("fund"),
            )
            .select_from(
                settlements.join(visits, v.mdtrt_id == s.mdtrt_id).join(hospitals, h.code == s.hospital_code)
            )
            .where(s.kind == "settle", s.status == "valid", s.setl_date >= start, s.setl_date <= end)
            .group_by(*keys)
        )
        if region:
            stmt = stmt.where(v.insured_region == region)
        return self.session.execute(stmt).mappings().all()

    def paid_claims_by_day(self, region: str | None, start: date, end: date) -> Sequence[RowMapping]:
        c = claims.c
        stmt = (
            select(
                c.paid_on,
                func.count().label("stays"),
                func.sum(c.amt_medfee_sumamt).label("medfee"),
                func.sum(c.amt_fund_pay_sumamt).label("fund"),
            )
            .where(c.status == "paid", c.paid_on >= start, c.paid_on <= end)
            .group_by(c.paid_on)
        )
        if region:
            stmt = stmt.where(c.insured_region == region)
        return self.session.execute(stmt).mappings().all()

    def claim_timings(self, region: str | None) -> Sequence[RowMapping]:
        """Accepted claims: the promised day and the first day of a decision (approve or reject)."""
        c, hst = claims.c, claim_history.c
        decided = (
            select(hst.claim_id, func.min(hst.business_day).label("decided"))
            .where(hst.to_status.in_(("approved", "rejected")))
            .group_by(hst.claim_id)
            .subquery()
        )
        stmt = (
            select(c.id, c.promised_on, c.status, decided.c.decided)
            .select_from(claims.outerjoin(decided, decided.c.claim_id == c.id))
            .where(c.promised_on.is_not(None), c.status != "withdrawn")
        )
        if region:
            stmt = stmt.where(c.insured_region == region)
        return self.session.execute(stmt).mappings().all()

    def open_commitments(self, region: str | None) -> Sequence[RowMapping]:
        f, k = filings.c, commitments.c
        stmt = (
            select(k.due_on, f.category)
            .select_from(commitments.join(filings, f.id == k.filing_id))
            .where(k.status == "open")
        )
        if region:
            stmt = stmt.where(f.insured_region == region)
        return self.session.execute(stmt).mappings().all()

    def filings_by_channel(self, region: str | None, start: date, end: date) -> Sequence[RowMapping]:
        f = filings.c
        stmt = (
            select(f.channel, f.category, func.count().label("filings"))
            .where(f.filed_on >= start, f.filed_on <= end)
            .group_by(f.channel, f.category)
        )
        if region:
            stmt = stmt.where(f.insured_region == region)
        return self.session.execute(stmt).mappings().all()
