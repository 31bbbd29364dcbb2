"""One month through the whole flow on the database: build, dispute, confirm, pay, pay the
hospitals — with the journal balanced and mirrored at every step."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError
from tests.integration.clearing.world import PAIRS, World

from yidi.adapters.clearing_repository import ClearingRepository
from yidi.adapters.orm_clearing import lines
from yidi.domain.clearing.accounts import Account, Purpose
from yidi.domain.clearing.errors import (
    ClearingForbidden,
    IdempotencyConflict,
    IllegalTransition,
    MonthNotClosed,
    MonthOutOfOrder,
    NotInStatement,
)
from yidi.domain.clearing.flows import Return
from yidi.domain.clearing.journal import BusinessRef, Entry, RefKind, reverse
from yidi.domain.clearing.lifecycle import StatementStatus
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.parties import agency, hospital, platform
from yidi.domain.clearing.statement import Dispute, statement_id

JAN, FEB = Month(2026, 1), Month(2026, 2)
BUILD_JAN, BUILD_FEB = date(2026, 2, 6), date(2026, 3, 6)


def test_month_through_the_flow(engine: Engine) -> None:
    with engine.begin() as conn:
        w = World(conn).setup()
        a = w.settle(PAIRS[0], 0, datetime(2026, 1, 5, 9), 10_000, 2_000, 3_000)
        b = w.settle(PAIRS[0], 1, datetime(2026, 1, 20, 9), 50_000, 0, 5_000, cvlserv=1_000)
        c = w.settle(PAIRS[3], 0, datetime(2026, 1, 31, 23, 59), 80_000, 0, 1_000)
        w.settle(PAIRS[0], 0, datetime(2026, 2, 1, 0, 0), 7_000, 0, 0)  # February
        repo = ClearingRepository(conn)
        with pytest.raises(MonthNotClosed) as closed:
            repo.build_month(JAN, date(2026, 2, 5))
        assert closed.value.facts["opens_on"] == "2026-02-06"
        with pytest.raises(MonthOutOfOrder):
            repo.build_month(FEB, BUILD_FEB)
        built = repo.build_month(JAN, BUILD_JAN)
        assert [s.id for s in built] == [statement_id(JAN, *PAIRS[0]), statement_id(JAN, *PAIRS[3])]
        first = built[0]
        assert (first.psntime, first.fund_pay_sumamt, first.acct_pay, first.cash_payamt) == (
            2,
            60_000,
            2_000,
            8_000,
        )
        assert first.medfee_sumamt == 70_000 and first.cleared_amount == 62_000
        assert first.funds == {"310100": 8_000 + 39_000, "320100": 1_000, "330100": 2_000 + 10_000}
        assert first.status is StatementStatus.BUILT and first.confirm_by == date(2026, 2, 16)
        assert repo.build_month(JAN, BUILD_JAN) == built  # idempotent: nothing changes
        assert conn.execute(select(func.count()).select_from(lines)).scalar_one() == 3

        # the 参保地 disputes b; only it may
        sid = first.id
        with pytest.raises(ClearingForbidden):
            repo.dispute(
                sid, [Dispute(b.setl_id, "重复收费")], agency("211200"), BUILD_JAN, actor_region="211200"
            )
        with pytest.raises(NotInStatement) as missing:
            repo.dispute(sid, [Dispute("S-nope", "x"), Dispute(c.setl_id, "x")], agency("210100"), BUILD_JAN)
        assert missing.value.facts["setl_ids"] == ["S-nope", c.setl_id]
        st = repo.dispute(
            sid, [Dispute(b.setl_id, "重复收费")], agency("210100"), BUILD_JAN, actor_region="210100"
        )
        assert st.disputed_amount == 50_000 and st.accepted_amount == 12_000
        st = repo.confirm(sid, date(2026, 2, 10), actor_region="210100")
        assert st.status is StatementStatus.CONFIRMED
        with pytest.raises(IllegalTransition):
            repo.confirm(sid, date(2026, 2, 10))
        insured, treatment = agency("210100"), agency("211200")
        assert repo.balance(Account(insured, Purpose.PAYABLE, treatment)) == 12_000
        assert repo.balance(Account(treatment, Purpose.HOSPITAL_PAYABLE, hospital(a.hospital))) == 12_000
        repo.pay(sid, date(2026, 2, 20), actor_region="210100")
        assert repo.balance(Account(insured, Purpose.PAYABLE, treatment)) == 0
        assert repo.balance(Account(treatment, Purpose.FUND)) == 12_000
        with pytest.raises(ClearingForbidden):
            repo.pay_hospitals(sid, date(2026, 2, 25), actor_region="210100")
        st = repo.pay_hospitals(sid, date(2026, 2, 25), actor_region="211200")
        assert st.status is StatementStatus.CLOSED
        assert repo.balance(Account(hospital(a.hospital), Purpose.FUND)) == 12_000

        # cross-province: through the provincial platform
        cross = statement_id(JAN, *PAIRS[3])
        repo.confirm(cross, date(2026, 2, 10))
        repo.pay(cross, date(2026, 2, 20))
        p = platform("210000")
        assert repo.balance(Account(p, Purpose.FUND)) == 0
        assert repo.balance(Account(agency("110100"), Purpose.FUND)) == 80_000
        assert repo.check_ledger().balanced, repo.check_ledger().problems

        # February: the disputed line comes back, with a reversal of January and a deduction
        w.reverse(a, datetime(2026, 2, 3, 10))
        repo.add_return(
            Return("D-1", RefKind.DEDUCTION, a.setl_id, "210100", "211200", a.hospital, 500, "超标准收费"),
            datetime(2026, 2, 27),
        )
        feb = {s.id: s for s in repo.build_month(FEB, BUILD_FEB)}[statement_id(FEB, *PAIRS[0])]
        assert feb.psntime == 1 + 1 - 1 and feb.fund_pay_sumamt == 7_000 + 50_000 - 10_000
        assert feb.returns_amount == 500 and feb.payable == 7_000 + 50_000 - 12_000 - 500
        repo.confirm(feb.id, date(2026, 3, 10))
        repo.pay(feb.id, date(2026, 3, 11))
        repo.pay_hospitals(feb.id, date(2026, 3, 12))
        check = repo.check_ledger()
        assert check.balanced, check.problems
        expense = repo.balance(Account(insured, Purpose.CROSS_REGION_EXPENSE))
        assert expense == 12_000 + (7_000 + 50_000 - 12_000) - 500


def test_journal_is_idempotent_and_append_only(engine: Engine) -> None:
    insured, treatment = agency("210100"), agency("211200")
    moves = [(Account(insured, Purpose.MANUAL_CLAIM_EXPENSE), 300), (Account(insured, Purpose.FUND), -300)]
    entry = Entry.build("k-1", BusinessRef(RefKind.MANUAL_CLAIM, "C1"), date(2026, 1, 1), moves)
    with engine.begin() as conn:
        repo = ClearingRepository(conn)
        assert repo.post(entry) == [entry]
        assert repo.post(entry) == [entry]  # same key, same content: the stored entry
        other = Entry.build("k-1", BusinessRef(RefKind.MANUAL_CLAIM, "C1"), date(2026, 1, 2), moves)
        with pytest.raises(IdempotencyConflict):
            repo.post(other)
        undo = reverse(entry, date(2026, 1, 3))
        repo.post(undo)
        assert repo.balances([Account(insured, Purpose.FUND)]) == {}
        assert repo.check_ledger().entries == 2
        del treatment
    for sql in ("UPDATE clearing_postings SET amount = 1", "DELETE FROM clearing_journal_entries"):
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(text(sql))
