"""Storage of fund safety and operations (``orm_fund``), and the reads of recorded settlements and
national messages that the fund figures, the projection and the daily error report are made of.

Rows come back as plain mappings or domain values; no SQL leaves this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from yidi.adapters.claims_repository import claim_from_row
from yidi.adapters.orm_claims import claims
from yidi.adapters.orm_fund import fund_figures, fund_scenarios, ops_error_work, ops_server_errors
from yidi.adapters.orm_hospital import SETTLEMENT_AMOUNTS, hospitals, message_log, settlements, visits
from yidi.domain.claims.claim import Claim
from yidi.domain.fund.reserve import MonthFigure

FAILURE = -1  # national infcode of a refused transaction


class FundRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- fund figures (months of reserve) ------------------------------------------------------
    def figures(self, region: str) -> list[MonthFigure]:
        f = fund_figures.c
        stmt = select(fund_figures).where(f.region == region).order_by(f.month)
        return [
            MonthFigure(r["month"], int(r["balance"]), int(r["expenditure"]), str(r["source"]))
            for r in self.session.execute(stmt).mappings()
        ]

    def figure_rows(self, region: str | None = None) -> Sequence[RowMapping]:
        f = fund_figures.c
        stmt = select(fund_figures).order_by(f.region, f.month)
        if region:
            stmt = stmt.where(f.region == region)
        return self.session.execute(stmt).mappings().all()

    def regions_with_figures(self) -> list[str]:
        stmt = select(fund_figures.c.region).distinct().order_by(fund_figures.c.region)
        return [str(r) for r in self.session.execute(stmt).scalars()]

    def put_figure(self, region: str, figure: MonthFigure, by: str, at: datetime) -> None:
        """Record (or replace) one region's month: a corrected figure replaces the earlier one."""
        f = fund_figures.c
        self.session.execute(delete(fund_figures).where(f.region == region, f.month == figure.month))
        self.session.execute(
            insert(fund_figures).values(
                region=region, month=figure.month, balance=figure.balance, expenditure=figure.expenditure,
                source=figure.source, recorded_by=by, recorded_at=at,
            )
        )  # fmt: skip

    # --- recorded settlements (projection, cross-region expenditure) ---------------------------
    def settlement_history(self, region: str, years: Sequence[int], until: date) -> Sequence[RowMapping]:
        """Every settlement and reversal of persons insured in ``region`` in ``years`` up to ``until``,
        in the order they were recorded, with the visit's and hospital's fields the kernel needs."""
        s, v, h = settlements.c, visits.c, hospitals.c
        stmt = (
            select(
                s.setl_id,
                s.psn_no,
                s.id_number,
                s.insutype,
                s.setl_time,
                s.setl_date,
                s.year,
                s.kind,
                s.status,
                s.reverses,
                s.balc,
                s.dedc_paid_in_chain,
                s.output,
                s.hospital_code,
                *(s[a] for a in SETTLEMENT_AMOUNTS),
                v.insured_region,
                v.treatment_region,
                v.filing_category,
                v.med_type,
                h.hosp_lv,
            )
            .select_from(
                settlements.join(visits, v.mdtrt_id == s.mdtrt_id).join(hospitals, h.code == s.hospital_code)
            )
            .where(v.insured_region == region, s.year.in_(list(years)), s.setl_date <= until)
            .order_by(s.setl_time, s.setl_id)
        )
        return self.session.execute(stmt).mappings().all()

    def paid_claims(self, region: str, start: date, end: date) -> list[Claim]:
        """Paid manual claims (手工报销) of persons insured in ``region`` whose stay ended in
        [start, end] (the day the kernel prices them on), in the order they were paid."""
        c = claims.c
        stmt = (
            select(claims)
            .where(c.status == "paid", c.insured_region == region, c.care_end >= start, c.care_end <= end)
            .order_by(c.paid_on, c.id)
        )
        return [claim_from_row(r, []) for r in self.session.execute(stmt).mappings()]

    def valid_settlement_totals(self, region: str, start: date, end: date) -> dict[str, int]:
        """Cross-region direct settlements of persons insured in ``region`` settled in [start, end]
        and still valid: stays and fund payments (fen)."""
        s, v = settlements.c, visits.c
        stmt = (
            select(func.count(), func.coalesce(func.sum(s.fund_pay_sumamt), 0), func.coalesce(func.sum(s.hifp_pay), 0))
            .select_from(settlements.join(visits, v.mdtrt_id == s.mdtrt_id))
            .where(
                v.insured_region == region, s.kind == "settle", s.status == "valid",
                s.setl_date >= start, s.setl_date <= end,
            )
        )  # fmt: skip
        n, fund, hifp = self.session.execute(stmt).one()
        return {"stays": int(n), "fund_pay_sumamt": int(fund), "hifp_pay": int(hifp)}

    # --- national messages and server errors (每日报错治理) --------------------------------------
    def messages_between(self, start: datetime, end: datetime, *, failed_only: bool) -> Sequence[RowMapping]:
        m = message_log.c
        stmt = select(m.hospital_code, m.msgid, m.infno, m.infcode, m.received_at, m.response).where(
            m.received_at >= start, m.received_at < end
        )
        if failed_only:
            stmt = stmt.where(m.infcode == FAILURE)
        return self.session.execute(stmt.order_by(m.received_at, m.msgid)).mappings().all()

    def message_counts_between(self, start: datetime, end: datetime) -> Sequence[RowMapping]:
        """Transactions and refusals per hospital and received time (for error rates)."""
        m = message_log.c
        stmt = select(m.hospital_code, m.received_at, m.infcode).where(
            m.received_at >= start, m.received_at < end
        )
        return self.session.execute(stmt).mappings().all()

    def server_errors_between(self, start: datetime, end: datetime) -> Sequence[RowMapping]:
        e = ops_server_errors.c
        stmt = select(ops_server_errors).where(e.at >= start, e.at < end).order_by(e.at, e.id)
        return self.session.execute(stmt).mappings().all()

    def add_server_error(self, **values: Any) -> None:
        self.session.execute(insert(ops_server_errors).values(**values))

    # --- the worklist ---------------------------------------------------------------------------
    def work_items(self, day: date) -> dict[tuple[str, str, str], RowMapping]:
        w = ops_error_work.c
        rows = self.session.execute(select(ops_error_work).where(w.day == day)).mappings().all()
        return {(str(r["fixmedins_code"]), str(r["infno"]), str(r["kind"])): r for r in rows}

    def put_work_item(self, day: date, key: tuple[str, str, str], **values: Any) -> None:
        w = ops_error_work.c
        code, infno, kind = key
        where = and_(w.day == day, w.fixmedins_code == code, w.infno == infno, w.kind == kind)
        if self.session.execute(select(func.count()).select_from(ops_error_work).where(where)).scalar_one():
            self.session.execute(update(ops_error_work).where(where).values(**values))
        else:
            self.session.execute(
                insert(ops_error_work).values(day=day, fixmedins_code=code, infno=infno, kind=kind, **values)
            )

    # --- scenarios (基金测算) --------------------------------------------------------------------
    def add_scenario(self, **values: Any) -> int:
        result = self.session.execute(insert(fund_scenarios).values(**values))
        key = result.inserted_primary_key  # type: ignore[attr-defined]
        assert key is not None
        return int(key[0])

    def scenario(self, scenario_id: int) -> RowMapping | None:
        stmt = select(fund_scenarios).where(fund_scenarios.c.id == scenario_id)
        return self.session.execute(stmt).mappings().one_or_none()

    def scenarios(self, region: str | None = None) -> Sequence[RowMapping]:
        c = fund_scenarios.c
        stmt = select(fund_scenarios).order_by(c.created_at.desc(), c.id.desc())
        if region:
            stmt = stmt.where(or_(c.region == region))
        return self.session.execute(stmt).mappings().all()

    def update_scenario(self, scenario_id: int, **values: Any) -> None:
        self.session.execute(
            update(fund_scenarios).where(fund_scenarios.c.id == scenario_id).values(**values)
        )
