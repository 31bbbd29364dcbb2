"""The hospital's side on the database: 3260 pages of its own lines, 3261 confirmations (a
rejected line moves to the next month; others' settlements refused), 3262 roll-back, and the
3203 application refused with the differences named unless its totals equal ours."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine
from tests.integration.clearing.world import PAIRS, World

from yidi.adapters.clearing_repository import ClearingRepository
from yidi.domain.clearing.errors import AmountsDoNotReconcile, IllegalTransition, NotInStatement
from yidi.domain.clearing.hospital import ClrStas, LineConfirmation
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.statement import LineStatus, statement_id

JAN = Month(2026, 1)
AT = datetime(2026, 2, 7, 9)


def test_hospital_confirms_rejects_and_rolls_back(engine: Engine) -> None:
    with engine.begin() as conn:
        w = World(conn).setup()
        mine = [w.settle(PAIRS[1], 0, datetime(2026, 1, d, 8), 1_000 * d, 0, 100) for d in range(1, 4)]
        other = w.settle(PAIRS[1], 1, datetime(2026, 1, 9, 8), 9_000, 0, 100)  # the other hospital
        elsewhere = w.settle(PAIRS[0], 0, datetime(2026, 1, 9, 8), 500, 0, 0)  # treated in 211200
        repo = ClearingRepository(conn)
        repo.build_month(JAN, date(2026, 2, 6))
        code = mine[0].hospital
        total, page = repo.hospital.lines_page(code, JAN, 1)
        assert total == 3 and [x.setl_id for x in page] == [m.setl_id for m in mine]
        assert repo.hospital.lines_page(code, JAN, 3)[1][0].setl_id == mine[2].setl_id

        with pytest.raises(NotInStatement) as err:
            repo.hospital.confirm(code, JAN, "T1", [LineConfirmation(other.setl_id, "1"),
                                                    LineConfirmation(elsewhere.setl_id, "1")], AT)  # fmt: skip
        assert err.value.facts["foreign"] == [other.setl_id, elsewhere.setl_id]
        items = [LineConfirmation(mine[0].setl_id, "1"), LineConfirmation(mine[1].setl_id, "0", "患者未出院")]
        repo.hospital.confirm(code, JAN, "T2", items, AT)
        sid = statement_id(JAN, *PAIRS[1])
        st = repo.statement(sid)
        assert st.disputed_amount == 2_000
        assert {x.setl_id: x.status for x in repo.lines(sid)}[mine[1].setl_id] is LineStatus.CARRIED

        repo.hospital.rollback(code, JAN, "T2", AT)
        assert repo.statement(sid).disputed_amount == 0
        with pytest.raises(NotInStatement):
            repo.hospital.rollback(code, JAN, "T2", AT)  # already rolled back
        repo.hospital.confirm(code, JAN, "T3", [LineConfirmation(mine[2].setl_id, "0", "费用有误")], AT)
        # rejected again after its roll-back (found by the property test): disputed again, once
        repo.hospital.confirm(code, JAN, "T4", [LineConfirmation(mine[1].setl_id, "0", "再次核对仍有误")], AT)
        assert repo.statement(sid).disputed_amount == 2_000 + 3_000
        repo.hospital.rollback(code, JAN, "T4", AT)
        assert repo.statement(sid).disputed_amount == 3_000
        repo.confirm(sid, date(2026, 2, 10))
        with pytest.raises(IllegalTransition):  # the period is confirmed: no more roll-back
            repo.hospital.rollback(code, JAN, "0", AT)


def test_clearing_application_must_match_our_figures(engine: Engine) -> None:
    with engine.begin() as conn:
        w = World(conn).setup()
        a = w.settle(PAIRS[0], 0, datetime(2026, 1, 3, 8), 10_000, 1_000, 2_000)
        w.reverse(a, datetime(2026, 1, 4, 8))
        b = w.settle(PAIRS[0], 0, datetime(2026, 1, 5, 8), 20_000, 0, 3_000)
        repo = ClearingRepository(conn)
        ours = repo.hospital.month_totals(b.hospital, JAN, "21")
        assert ours == {"psntime": 1, "medfee_sumamt": 23_000, "med_sumfee": 23_000, "fund_appy_sum": 20_000,
                        "cash_payamt": 3_000, "acct_pay": 0}  # fmt: skip
        with pytest.raises(AmountsDoNotReconcile) as err:
            repo.hospital.apply("E1", b.hospital, "211200", "21", JAN, {**ours, "fund_appy_sum": 20_100}, AT)
        assert err.value.facts["differences"] == {"fund_appy_sum": 100}
        assert repo.hospital.apply("E1", b.hospital, "211200", "21", JAN, ours, AT) is ClrStas.APPLIED
        with pytest.raises(NotInStatement):
            repo.hospital.apply("E2", b.hospital, "211200", "21", JAN, ours, AT)  # one live application
        assert repo.hospital.step(b.hospital, "E1", "cancel", AT) is ClrStas.CANCELLED
        assert repo.hospital.apply("E2", b.hospital, "211200", "21", JAN, ours, AT) is ClrStas.APPLIED
        assert repo.hospital.step(b.hospital, "E2", "accept", AT) is ClrStas.ACCEPTED
        with pytest.raises(IllegalTransition):
            repo.hospital.step(b.hospital, "E2", "cancel", AT)
        with pytest.raises(NotInStatement):
            repo.hospital.application("H99999999999", "E2")  # another hospital's application


def test_a_rollback_after_the_line_moved_on_leaves_it_where_it_is(engine: Engine) -> None:
    with engine.begin() as conn:
        w = World(conn).setup()
        a = w.settle(PAIRS[1], 0, datetime(2026, 1, 3, 8), 4_000, 0, 100)
        b = w.settle(PAIRS[1], 0, datetime(2026, 1, 4, 8), 6_000, 0, 100)
        repo = ClearingRepository(conn)
        repo.build_month(JAN, date(2026, 2, 6))
        repo.hospital.confirm(a.hospital, JAN, "T1", [LineConfirmation(a.setl_id, "0", "未出院")], AT)
        [feb] = repo.build_month(JAN.next(), date(2026, 3, 6))  # January still open: the line moved on
        assert feb.fund_pay_sumamt == 4_000
        repo.hospital.rollback(a.hospital, JAN, "T1", AT)
        jan = repo.statement(statement_id(JAN, *PAIRS[1]))
        assert jan.disputed_amount == 4_000 and jan.accepted_amount == 6_000
        repo.confirm(jan.id, date(2026, 3, 7))  # its lines still add up
        del b
