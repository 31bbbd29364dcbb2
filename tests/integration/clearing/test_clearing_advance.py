"""Advance funds on the database: the annual assessment from last year's settlements, notices
journaled as changes of the advance held, usage after a month and the top-up it calls for."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine
from tests.integration.clearing.world import PAIRS, World

from yidi.adapters.clearing_repository import ClearingRepository
from yidi.domain.clearing.accounts import Account, Purpose
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.parties import agency
from yidi.domain.clearing.statement import statement_id


def test_assessment_notices_and_usage(engine: Engine) -> None:
    with engine.begin() as conn:
        w = World(conn).setup()
        w.settle(PAIRS[0], 0, datetime(2025, 3, 1, 9), 30_000_000, 1_000_000, 10)  # 310 000 yuan cleared
        w.reverse(w.settle(PAIRS[0], 0, datetime(2025, 6, 1, 9), 5_000_000, 0, 10), datetime(2025, 6, 2, 9))
        w.settle(PAIRS[3], 0, datetime(2025, 12, 31, 23), 100, 0, 0)
        repo = ClearingRepository(conn)
        assert repo.advance.year_cleared_amounts(2025) == {PAIRS[0]: 31_000_000, PAIRS[3]: 100}
        sizing = repo.advance.assess_year(2026, date(2026, 1, 5))
        # 2 × 31 000 000 / 12 = 5 166 666.67 fen → rounded up to 6 000 000 (unit 10 000 yuan)
        assert sizing[PAIRS[0]].amount == 6_000_000 and sizing[PAIRS[3]].minimum_applied
        assert repo.advance.held(*PAIRS[0]) == 6_000_000
        i, t = agency(PAIRS[0][0]), agency(PAIRS[0][1])
        assert repo.balance(Account(i, Purpose.FUND)) == -6_000_000
        # a smaller notice: the excess is owed back and netted against the next payment
        repo.advance.issue(*PAIRS[0], 2026, 5_000_000, 0, "annual", date(2026, 1, 6))
        assert repo.balance(Account(i, Purpose.RECEIVABLE, t)) == 1_000_000
        w.settle(PAIRS[0], 0, datetime(2026, 1, 10, 9), 3_600_000, 0, 10)
        month = Month(2025, 3)
        while month <= Month(2026, 1):  # months are cleared in order, from the first with settlements
            repo.build_month(month, month.opens_for_clearing(5))
            month = month.next()
        sid = statement_id(Month(2026, 1), *PAIRS[0])
        repo.confirm(sid, date(2026, 2, 7))
        u = repo.advance.usage_after(sid)
        assert (u.ratio_bp, u.warning, u.top_up) == (7_200, True, 3_000_000)  # to 2 × 36 000 yuan
        repo.pay(sid, date(2026, 2, 8))
        assert repo.balance(Account(i, Purpose.RECEIVABLE, t)) == 0
        # the advance paid, then January's 36 000 yuan less the 10 000 yuan owed back
        assert repo.balance(Account(i, Purpose.FUND)) == -6_000_000 - (3_600_000 - 1_000_000)
        assert repo.check_ledger().balanced
