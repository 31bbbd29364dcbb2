"""Random sequences of settlements, reversals, month closes, disputes, confirmations, deductions,
payments, advance-fund notices and manual claims against the clearing repository on a real
database (SQLite; PostgreSQL too when configured), checking after each sequence:

* every journal entry balances (overall, per party, mirrored claims: ``check_ledger``);
* each statement equals, as built, the settlements a model of the rules assigns to it (fund part,
  split, counts — reversals negative in the month they happen) — and its confirmed amount is
  what the 参保地's expense grows by, net of the deductions it returns;
* no settlement is cleared twice: every cross-region row before the last closed month's end is in
  exactly one line, and each line's money is in exactly one confirmed statement or still pending;
* a step run in a transaction that is rolled back leaves the journal and the statements exactly
  as they were.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, select
from tests.integration.clearing.world import PAIRS, World

from yidi.adapters import clearing_journal
from yidi.adapters.clearing_repository import ClearingRepository
from yidi.adapters.orm_clearing import lines, statements
from yidi.domain.clearing.accounts import Account, Purpose
from yidi.domain.clearing.errors import ClearingError
from yidi.domain.clearing.flows import Return
from yidi.domain.clearing.funds import fund_split
from yidi.domain.clearing.hospital import LineConfirmation
from yidi.domain.clearing.journal import RefKind
from yidi.domain.clearing.lifecycle import StatementStatus
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.parties import agency
from yidi.domain.clearing.statement import Dispute, DisputeRoute, LineStatus

FIRST = Month(2026, 1)

step = st.one_of(
    st.tuples(st.just("settle"), st.integers(0, len(PAIRS) - 1), st.integers(0, 3), st.integers(0, 27),
              st.integers(1, 90_000), st.integers(0, 5_000), st.integers(0, 9_000), st.sampled_from(["310", "390"])),
    st.tuples(st.just("reverse"), st.integers(0, 10**6)),
    st.tuples(st.just("close")),
    st.tuples(st.just("dispute"), st.integers(0, 10**6), st.sampled_from(list(DisputeRoute))),
    st.tuples(st.just("confirm"), st.integers(0, 10**6)),
    st.tuples(st.just("deduct"), st.integers(0, 10**6), st.integers(1, 3_000)),
    st.tuples(st.just("pay"), st.integers(0, 10**6)),
    st.tuples(st.just("advance"), st.integers(0, len(PAIRS) - 1), st.integers(0, 50) .map(lambda k: k * 100_000)),
    st.tuples(st.just("hreject"), st.integers(0, 10**6)),
    st.tuples(st.just("hrollback"), st.integers(0, 10**6)),
    st.tuples(st.just("manual"), st.integers(0, len(PAIRS) - 1), st.integers(1, 50_000)),
)  # fmt: skip


class Run:
    """Drives one sequence and keeps the model the database is checked against."""

    def __init__(self, conn: Connection) -> None:
        self.conn, self.world, self.repo = conn, World(conn).setup(), ClearingRepository(conn)
        self.open = FIRST  # the month settlements fall in now
        self.now = FIRST.start
        self.cleared_rows: set[str] = set()  # rows whose line exists (model)
        self.carried: set[str] = set()
        self.reversed: set[str] = set()
        self.manual: dict[str, int] = defaultdict(int)
        self.rejections: dict[str, tuple[str, Month, str]] = {}  # 3261 msgid → hospital, period, setl_id
        self.ids = itertools.count(1)

    def tick(self, day: int) -> datetime:
        t = max(self.now, self.open.start + timedelta(days=day, hours=10))
        self.now = min(t, self.open.end - timedelta(seconds=1))
        return self.now

    def step(self, op: tuple[Any, ...]) -> None:
        getattr(self, "do_" + op[0])(*op[1:])

    def do_settle(self, pair: int, h: int, day: int, fund: int, acct: int, cash: int, insutype: str) -> None:
        self.world.settle(PAIRS[pair], h, self.tick(day), fund, acct, cash, insutype=insutype,
                          cvlserv=fund // 10 if insutype == "310" else 0)  # fmt: skip

    def do_reverse(self, k: int) -> None:
        live = [
            s for s in self.world.settled.values() if s.reversal_of is None and s.setl_id not in self.reversed
        ]
        if live:
            original = live[k % len(live)]
            self.reversed.add(original.setl_id)
            self.world.reverse(original, self.tick(0))

    def do_close(self) -> None:
        month = self.open
        due = {s.setl_id for s in self.world.settled.values() if s.time < month.end} - self.cleared_rows
        due |= self.carried
        built = {x.id: x for x in self.repo.build_month(month, month.opens_for_clearing(5))}
        expected: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for setl_id in due:
            s = self.world.settled[setl_id]
            e = expected[f"{month.compact}-{s.insured}-{s.treatment}"]
            e["psntime"] += -1 if s.reversal_of else 1
            for k in ("medfee_sumamt", "fund_pay_sumamt", "acct_pay"):
                e[k] += s.amounts[k]
            e["cash_payamt"] += s.amounts["psn_cash_pay"]
            for code, fen in fund_split(s.insutype, s.amounts).items():
                e["fund:" + code] += fen
        got = {
            sid: {"psntime": x.psntime, "medfee_sumamt": x.medfee_sumamt, "fund_pay_sumamt": x.fund_pay_sumamt,
                  "acct_pay": x.acct_pay, "cash_payamt": x.cash_payamt, **{"fund:" + c: a for c, a in x.funds.items()}}
            for sid, x in built.items()
        }  # fmt: skip
        returns_only = {sid for sid, x in built.items() if sid not in expected and x.returns_amount}
        want = {
            sid: {k: v for k, v in e.items() if v or not k.startswith("fund:")} for sid, e in expected.items()
        }
        assert {sid: g for sid, g in got.items() if sid not in returns_only} == want
        self.cleared_rows |= due
        self.carried.clear()
        self.open = month.next()
        self.now = self.open.start

    def _statements(self, status: StatementStatus) -> list[str]:
        q = select(statements.c.id).where(statements.c.status == str(status)).order_by(statements.c.id)
        return list(self.conn.execute(q).scalars())

    def do_dispute(self, k: int, route: DisputeRoute) -> None:
        built = self._statements(StatementStatus.BUILT)
        if not built:
            return
        sid = built[k % len(built)]
        open_lines = [x for x in self.repo.lines(sid) if x.status is LineStatus.INCLUDED]
        if open_lines:
            line = open_lines[k % len(open_lines)]
            self.repo.dispute(
                sid, [Dispute(line.setl_id, "核查中", route)], agency(sid[7:13]), self.now.date()
            )
            if route is DisputeRoute.NEXT_MONTH:
                self.carried.add(line.setl_id)

    def do_hreject(self, k: int) -> None:
        """A hospital's 3261 rejecting one of its lines of an open statement."""
        built = self._statements(StatementStatus.BUILT)
        if not built:
            return
        sid = built[k % len(built)]
        open_lines = [x for x in self.repo.lines(sid) if x.status is LineStatus.INCLUDED]
        if open_lines:
            line = open_lines[k % len(open_lines)]
            msgid, month = f"T{next(self.ids)}", Month.parse(f"{sid[:4]}-{sid[4:6]}")
            self.repo.hospital.confirm(line.hospital_code, month, msgid, [LineConfirmation(line.setl_id, "0", "未核实")],
                                       self.now)  # fmt: skip
            self.rejections[msgid] = (line.hospital_code, month, line.setl_id)
            self.carried.add(line.setl_id)

    def do_hrollback(self, k: int) -> None:
        """3262 of one of those; refused once the statement is confirmed (nothing changes then)."""
        if not self.rejections:
            return
        msgid = sorted(self.rejections)[k % len(self.rejections)]
        code, month, setl_id = self.rejections.pop(msgid)
        try:
            with self.conn.begin_nested():
                self.repo.hospital.rollback(code, month, msgid, self.now)
        except ClearingError:
            return
        self.carried.discard(setl_id)  # still waiting with its statement: back in it

    def do_confirm(self, k: int) -> None:
        built = self._statements(StatementStatus.BUILT)
        if built:
            self.repo.confirm(
                built[k % len(built)], self.now.date(), actor_region=built[k % len(built)][7:13]
            )

    def do_deduct(self, k: int, amount: int) -> None:
        done = [
            s for s in self.world.settled.values() if s.reversal_of is None and s.setl_id in self.cleared_rows
        ]
        if done:
            s = done[k % len(done)]
            ret = Return(f"D{next(self.ids)}", RefKind.DEDUCTION, s.setl_id, s.insured, s.treatment, s.hospital,
                         min(amount, s.amounts["fund_pay_sumamt"]), "违规收费")  # fmt: skip
            self.repo.add_return(ret, self.now)

    def do_pay(self, k: int) -> None:
        confirmed = self._statements(StatementStatus.CONFIRMED)
        paid = self._statements(StatementStatus.PAID)
        if k % 2 and paid:
            self.repo.pay_hospitals(paid[k % len(paid)], self.now.date())
        elif confirmed:
            self.repo.pay(confirmed[k % len(confirmed)], self.now.date())

    def do_advance(self, pair: int, amount: int) -> None:
        self.repo.advance.issue(*PAIRS[pair], self.open.year, amount, 0, "annual", self.now.date())

    def do_manual(self, pair: int, amount: int) -> None:
        insured = PAIRS[pair][0]
        self.repo.record_manual_claim(f"C{next(self.ids)}", insured, amount, self.now.date())
        self.manual[insured] += amount

    def model(self) -> tuple[Any, ...]:
        return (set(self.cleared_rows), set(self.carried), set(self.reversed), dict(self.manual), self.open,
                self.now, dict(self.world.settled), dict(self.rejections))  # fmt: skip

    def restore(self, saved: tuple[Any, ...]) -> None:
        self.cleared_rows, self.carried, self.reversed, manual, self.open, self.now = saved[:6]
        self.world.settled, self.rejections = saved[6:]
        self.manual = defaultdict(int, manual)

    def state(self) -> tuple[Any, ...]:
        return (
            clearing_journal.snapshot(self.conn),
            [tuple(r) for r in self.conn.execute(select(statements).order_by(statements.c.id))],
            [tuple(r) for r in self.conn.execute(select(lines).order_by(lines.c.setl_id))],
        )

    def check(self) -> None:
        ledger = self.repo.check_ledger()
        assert ledger.balanced, ledger.problems
        # no settlement cleared twice, none forgotten
        line_ids = list(self.conn.execute(select(lines.c.setl_id)).scalars())
        assert len(line_ids) == len(set(line_ids))
        assert set(line_ids) == self.cleared_rows
        # every line's money: in one confirmed statement, or still pending
        all_stmts = {r["id"]: r for r in self.conn.execute(select(statements)).mappings()}
        done = {i for i, r in all_stmts.items() if r["status"] != StatementStatus.BUILT}
        total = accepted = pending = 0
        for r in self.conn.execute(select(lines)).mappings():
            cleared = r["fund_pay_sumamt"] + r["acct_pay"]
            total += cleared
            if r["status"] != LineStatus.INCLUDED or r["statement_id"] not in done:
                pending += cleared
        for i in done:
            accepted += all_stmts[i]["cleared_amount"] - all_stmts[i]["disputed_amount"]
        assert total == accepted + pending
        # the 参保地's expense is what it accepted, less what came back
        for insured in {p[0] for p in PAIRS}:
            want = sum(all_stmts[i]["cleared_amount"] - all_stmts[i]["disputed_amount"] - all_stmts[i]["returns_amount"]
                       for i in done if all_stmts[i]["insuplc_admdvs"] == insured)  # fmt: skip
            assert self.repo.balance(Account(agency(insured), Purpose.CROSS_REGION_EXPENSE)) == want
            assert (
                self.repo.balance(Account(agency(insured), Purpose.MANUAL_CLAIM_EXPENSE))
                == self.manual[insured]
            )


def run_sequence(engine: Engine, steps: list[tuple[Any, ...]], rollback_at: int) -> None:
    with engine.connect() as conn:
        outer = conn.begin()
        try:
            run = Run(conn)
            for i, op in enumerate(steps):
                if i == rollback_at:  # the same step, in a transaction that is rolled back
                    before, saved = run.state(), run.model()
                    inner = conn.begin_nested()
                    with contextlib.suppress(ClearingError):
                        run.step(op)
                    inner.rollback()
                    assert run.state() == before
                    run.restore(saved)
                    continue
                run.step(op)
            for _ in range(2):  # close what is open so every row is checked against a statement
                run.do_close()
            run.check()
        finally:
            outer.rollback()


sequences = st.lists(step, min_size=1, max_size=30)


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=sequences, rollback_at=st.integers(0, 30))
def test_clearing_invariants(engine: Engine, steps: list[tuple[Any, ...]], rollback_at: int) -> None:
    run_sequence(engine, steps, rollback_at)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("YIDI_SLOW"), reason="the long run: set YIDI_SLOW=1")
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=80), rollback_at=st.integers(0, 80))
def test_clearing_invariants_long(engine: Engine, steps: list[tuple[Any, ...]], rollback_at: int) -> None:
    run_sequence(engine, steps, rollback_at)
