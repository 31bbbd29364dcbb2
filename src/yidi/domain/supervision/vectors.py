"""Column helpers the review rules share: groups of equal keys, calendar arithmetic, caps.

Grouping sorts once (``np.lexsort``) and marks where a new group starts; everything per group
(first row, running totals, running maxima) then follows from that mark without Python loops.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from yidi.domain.supervision.columns import CNT_SCALE, I32, I64, B


def sort_groups(*keys: NDArray[Any], group_keys: int | None = None) -> tuple[NDArray[np.int64], B]:
    """(order, starts): rows sorted by ``keys`` (first key most significant, ties keep row order)
    and, on the sorted positions, True where the first ``group_keys`` keys (all by default)
    differ from the previous row's."""
    order = np.lexsort(tuple(reversed(keys))).astype(np.int64)
    n = len(order)
    starts = np.ones(n, dtype=bool)
    if n > 1:
        same = np.ones(n - 1, dtype=bool)
        for k in keys[:group_keys]:
            ks = k[order]
            same &= ks[1:] == ks[:-1]
        starts[1:] = ~same
    return order, starts


def group_index(starts: B) -> NDArray[np.int64]:
    """On sorted positions: the number of the group each row belongs to (0, 0, 1, 1, 1, 2 …)."""
    return np.cumsum(starts) - 1


def first_of_group(starts: B) -> NDArray[np.int64]:
    """On sorted positions: the sorted position of the first row of each row's group."""
    pos = np.arange(len(starts), dtype=np.int64)
    return np.maximum.accumulate(np.where(starts, pos, 0))


def group_cumsum(values: I64, starts: B) -> I64:
    """Running total within each group (values in sorted order), inclusive of the row."""
    total = np.cumsum(values)
    first = first_of_group(starts)
    before = np.concatenate(([0], total[:-1]))
    return total - before[first]


def group_total(running: I64, starts: B) -> I64:
    """On sorted positions: each row's group total, from the group's running totals."""
    ends = np.flatnonzero(np.concatenate((starts[1:], [True]))[: len(starts)])
    return running[ends][group_index(starts)]


def group_sums(values: I64, groups: NDArray[Any], size: int) -> I64:
    """Sum of ``values`` per group number ``groups`` (0..size-1), exact in int64."""
    out = np.zeros(size, dtype=np.int64)
    if len(values) < 64:
        np.add.at(out, groups, values)
    else:
        _sorted_sums_into(out, groups, values)
    return out


def _sorted_sums_into(out: I64, groups: NDArray[Any], values: I64) -> None:
    # np.bincount sums in float64: exact only while every partial sum stays below 2**53 fen,
    # so the large path sorts and uses integer reduceat instead.
    order = np.argsort(groups, kind="stable")
    g = groups[order]
    if len(g) == 0:
        return
    starts = np.flatnonzero(np.concatenate(([True], g[1:] != g[:-1])))
    out[g[starts]] = np.add.reduceat(values[order], starts)


def running_max_before(group_starts: B, values: I64) -> tuple[I64, NDArray[np.int64]]:
    """On sorted positions: the largest value among the earlier rows of the same group, and the
    sorted position holding it (-1 and ``iinfo.min`` for the first row of a group)."""
    n = len(values)
    pos = np.arange(n, dtype=np.int64)
    lowest = np.iinfo(np.int64).min
    best = np.full(n, lowest, dtype=np.int64)
    where = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return best, where
    # within a group, the row holding the running maximum (inclusive): the last row whose value
    # reached the maximum so far; group starts reset it.
    gid = group_index(group_starts)
    incl = _group_running_max(values, gid)
    holder = np.maximum.accumulate(np.where((values >= incl) | group_starts, pos, 0))
    prev_ok = ~group_starts
    best[1:] = np.where(prev_ok[1:], incl[:-1], lowest)
    where[1:] = np.where(prev_ok[1:], holder[:-1], -1)
    return best, where


def _group_running_max(values: I64, gid: NDArray[np.int64]) -> I64:
    """Inclusive running maximum restarting at each group (values ranked to stay in int64)."""
    uniq, inverse = np.unique(values, return_inverse=True)
    ranks = inverse.astype(np.int64).reshape(-1)
    width = len(uniq)
    keyed = np.maximum.accumulate(gid * width + ranks) - gid * width
    return uniq[keyed]


def days_to_ymd(days: I32 | I64) -> tuple[I64, I64, I64]:
    d = np.asarray(days, dtype="int64").astype("datetime64[D]")
    months = d.astype("datetime64[M]")
    years = d.astype("datetime64[Y]")
    y = years.astype(np.int64) + 1970
    m = (months - years.astype("datetime64[M]")).astype(np.int64) + 1
    dd = (d - months.astype("datetime64[D]")).astype(np.int64) + 1
    return y, m, dd


def age_on(birth_day: I32 | I64, day: I32 | I64) -> I64:
    """Full years of age on ``day`` (a birthday counts on the day itself; 29 Feb on 1 Mar)."""
    by, bm, bd = days_to_ymd(birth_day)
    y, m, d = days_to_ymd(day)
    before_birthday = (m < bm) | ((m == bm) & (d < bd))
    return y - by - before_birthday.astype(np.int64)


def add_months(days: I32 | I64, months: int) -> I64:
    """The same day ``months`` later, clipped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    d = np.asarray(days, dtype="int64").astype("datetime64[D]")
    start = d.astype("datetime64[M]")
    offset = d - start.astype("datetime64[D]")
    target = start + months
    last = (target + 1).astype("datetime64[D]") - np.timedelta64(1, "D")
    out = np.minimum(target.astype("datetime64[D]") + offset, last)
    return out.astype(np.int64)


def capped_total(cnt: I64, unit_cap: I64, amount: I64) -> I64:
    """cnt × unit cap in fen, half-up (as 2301 computes ``price_cap``), without int64 overflow:
    whole units beyond what the amount could reach are not multiplied."""
    whole, frac = np.divmod(cnt, CNT_SCALE)
    cap = np.maximum(unit_cap, 1)
    whole = np.minimum(whole, amount // cap + 1)
    return whole * cap + (frac * cap + CNT_SCALE // 2) // CNT_SCALE
