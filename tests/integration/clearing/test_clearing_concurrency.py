"""Clearing a month twice at once: both runs answer the same statements and the second changes
nothing (the month's run row is the lock; the lines' key forbids clearing a settlement twice)."""

from __future__ import annotations

import threading
from datetime import date, datetime

from sqlalchemy import Engine, func, select
from tests.integration.clearing.world import PAIRS, World

from yidi.adapters.clearing_repository import ClearingRepository
from yidi.adapters.orm_clearing import lines, statements
from yidi.domain.clearing.month import Month
from yidi.domain.clearing.statement import Statement

JAN = Month(2026, 1)


def test_two_concurrent_builds_of_a_month_build_it_once(engine: Engine) -> None:
    with engine.begin() as conn:
        w = World(conn).setup()
        for n in range(40):
            w.settle(PAIRS[n % len(PAIRS)], n, datetime(2026, 1, 1 + n % 28, 9), 1_000 + n, n, 100)
    results: list[list[Statement]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def build() -> None:
        try:
            start.wait()
            with engine.begin() as conn:
                results.append(ClearingRepository(conn).build_month(JAN, date(2026, 2, 6)))
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert results[0] == results[1] and len(results[0]) == len(PAIRS)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(lines)).scalar_one() == 40
        assert conn.execute(select(func.count()).select_from(statements)).scalar_one() == len(PAIRS)
        assert ClearingRepository(conn).build_month(JAN, date(2026, 3, 1)) == results[0]
