"""The column helpers against plain Python on random data and on calendar edge cases."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from yidi.domain.supervision.context import to_day
from yidi.domain.supervision.vectors import (
    add_months,
    age_on,
    capped_total,
    group_cumsum,
    group_sums,
    running_max_before,
    sort_groups,
)


def _d(y: int, m: int, d: int) -> int:
    return to_day(date(y, m, d))


def test_add_months_clips_to_month_end() -> None:
    days = np.array([_d(2025, 1, 31), _d(2024, 1, 31), _d(2024, 2, 29), _d(2025, 3, 6)], dtype=np.int64)
    got = [date(1970, 1, 1) + timedelta(days=int(x)) for x in add_months(days, 1)]
    assert got == [date(2025, 2, 28), date(2024, 2, 29), date(2024, 3, 29), date(2025, 4, 6)]
    assert add_months(np.array([_d(2024, 2, 29)]), 12).tolist() == [_d(2025, 2, 28)]


def test_age_on_birthdays() -> None:
    birth = np.array([_d(1960, 5, 1), _d(2000, 2, 29), _d(2000, 2, 29)], dtype=np.int64)
    on = np.array([_d(2025, 5, 1), _d(2025, 2, 28), _d(2025, 3, 1)], dtype=np.int64)
    assert age_on(birth, on).tolist() == [65, 24, 25]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(-50, 50)), min_size=0, max_size=40))
def test_groups_match_plain_python(rows: list[tuple[int, int]]) -> None:
    keys = np.array([k for k, _ in rows], dtype=np.int64)
    vals = np.array([v for _, v in rows], dtype=np.int64)
    order, starts = sort_groups(keys, group_keys=1)
    running = group_cumsum(vals[order], starts)
    best, where = running_max_before(starts, vals[order])
    seen: dict[int, list[int]] = {}
    for pos, row in enumerate(order.tolist()):
        k = int(keys[row])
        earlier = seen.setdefault(k, [])
        assert running[pos] == sum(vals[r] for r in earlier) + vals[row]
        if earlier:
            assert best[pos] == max(vals[r] for r in earlier)
            assert vals[order[where[pos]]] == best[pos] and keys[order[where[pos]]] == k
        else:
            assert where[pos] == -1
        earlier.append(row)
    sums = group_sums(vals, keys, 4)
    assert sums.tolist() == [sum(int(v) for kk, v in rows if kk == g) for g in range(4)]


def test_capped_total_is_half_up_and_does_not_overflow() -> None:
    cnt = np.array([15_000, 10_000, 10**12], dtype=np.int64)  # 1.5, 1, 100 000 000 units
    cap = np.array([333, 6000, 10**10], dtype=np.int64)
    amount = np.array([1000, 6000, 10**12], dtype=np.int64)
    assert capped_total(cnt, cap, amount).tolist()[:2] == [500, 6000]  # 1.5 × 3.33 = 4.995 → 5.00
    assert capped_total(cnt, cap, amount)[2] > amount[2]  # far above the amount, no wrap-around
