"""Advance funds (预付金) on the database: the yearly assessment from last year's settlements (one
GROUP BY), notices that set the advance held for a pair (journaled: an increase is paid, a
decrease owed back and netted against the next payment), and the usage after a month.
Rules: ``domain/clearing/advance.py``."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from yidi.adapters.orm_clearing import advance_notices as an
from yidi.adapters.orm_hospital import settlements as s
from yidi.adapters.orm_hospital import visits as v
from yidi.domain.clearing import flows
from yidi.domain.clearing.accounts import Account, Purpose
from yidi.domain.clearing.advance import AdvanceSizing, Usage, size_advance, usage
from yidi.domain.clearing.parties import agency, route

if TYPE_CHECKING:
    from yidi.adapters.clearing_repository import ClearingRepository


class AdvanceFunds:
    def __init__(self, repo: ClearingRepository) -> None:
        self.repo, self.db, self.params = repo, repo.db, repo.params

    def year_cleared_amounts(self, year: int) -> dict[tuple[str, str], int]:
        """Each pair's cleared amount (fund, + account under A-CLR-13) of a calendar year, net of
        reversals, straight from the settlements (one GROUP BY)."""
        amount = s.c.fund_pay_sumamt + s.c.acct_pay if self.params.clear_account_part else s.c.fund_pay_sumamt
        q = (select(v.c.insured_region, v.c.treatment_region, func.sum(amount))
             .select_from(s.join(v, v.c.mdtrt_id == s.c.mdtrt_id))
             .where(s.c.setl_time >= datetime(year, 1, 1), s.c.setl_time < datetime(year + 1, 1, 1),
                    v.c.insured_region != v.c.treatment_region)
             .group_by(v.c.insured_region, v.c.treatment_region))  # fmt: skip
        return {(i, t): int(a) for i, t, a in self.db.execute(q)}

    def held(self, insured_region: str, treatment_region: str) -> int:
        return self.repo.balance(
            Account(agency(treatment_region), Purpose.ADVANCE_RECEIVED, agency(insured_region))
        )

    def issue(
        self,
        insured_region: str,
        treatment_region: str,
        year: int,
        amount: int,
        basis: int,
        kind: str,
        today: date,
    ) -> str:
        """A 预付金通知书 setting the advance held for the pair to ``amount``; returns its id."""
        seq = self.db.execute(
            select(func.coalesce(func.max(an.c.seq), 0)).where(
                an.c.insuplc_admdvs == insured_region,
                an.c.mdtrtarea_admvs == treatment_region,
                an.c.year == year,
            )
        ).scalar_one()
        notice_id = f"ADV{year}-{insured_region}-{treatment_region}-{int(seq) + 1}"
        change = amount - self.held(insured_region, treatment_region)
        self.db.execute(
            an.insert().values(
                id=notice_id,
                insuplc_admdvs=insured_region,
                mdtrtarea_admvs=treatment_region,
                year=year,
                seq=int(seq) + 1,
                kind=kind,
                amount=amount,
                change=change,
                basis=basis,
                issued_on=today,
            )
        )
        path = route(insured_region, treatment_region, self.params)
        self.repo.post(flows.advance_notice_entry(notice_id, path, change, today))
        return notice_id

    def assess_year(self, year: int, today: date) -> dict[tuple[str, str], AdvanceSizing]:
        """The annual assessment: every pair with cleared money last year gets its notice."""
        out = {}
        for (i, t), total in sorted(self.year_cleared_amounts(year - 1).items()):
            sizing = size_advance(total, self.params)
            self.issue(i, t, year, sizing.amount, total, "annual", today)
            out[(i, t)] = sizing
        return out

    def usage_after(self, statement_id: str) -> Usage:
        s_ = self.repo.statement(statement_id)
        return usage(s_.payable, self.held(s_.insuplc_admdvs, s_.mdtrtarea_admvs), self.params)
