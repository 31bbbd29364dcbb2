"""Year-to-date accumulation for the batch (本年累计): settle each person's claims of a year in
date order, carrying the pooled, major, civil-servant and deductible totals forward (R13).

The k-th claim of every person-year is settled in one vectorised kernel call ("round" k), so a
table of millions costs a handful of calls, not one per claim.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
from numpy.typing import NDArray

from yidi.domain.settlement import kernel

I64 = NDArray[np.int64]
# year-to-date input ← the output that adds to it
CARRIED = {
    "ytd_hifp_pay": "hifp_pay",
    "ytd_hifob_pay": "hifob_pay",
    "ytd_cvlserv_pay": "cvlserv_pay",
    "ytd_act_pay_dedc": "act_pay_dedc",
}


def settle_in_order(columns: dict[str, I64], group: I64 | None, days: I64) -> kernel.KernelOutput:
    """Settle all rows; rows sharing ``group`` (a person-year) accumulate in date order.

    The opening year-to-date amounts of a group are those on its first row; later rows' own
    ytd columns are ignored because the batch computes them.
    """
    n = len(days)
    if group is None:
        return kernel.settle(kernel.KernelInput(**columns))
    order = np.lexsort((np.arange(n), days, group))
    g_sorted = group[order]
    starts = np.flatnonzero(np.r_[True, g_sorted[1:] != g_sorted[:-1]])
    gid_sorted = np.cumsum(np.r_[True, g_sorted[1:] != g_sorted[:-1]]) - 1
    rank_sorted = np.arange(n) - starts[gid_sorted]
    if rank_sorted.max(initial=0) == 0:
        return kernel.settle(kernel.KernelInput(**columns))

    acc = {name: columns[name][order[starts]].copy() for name in CARRIED}
    result = {f.name: np.empty(n, dtype=np.int64) for f in fields(kernel.KernelOutput)}
    by_rank = np.argsort(rank_sorted, kind="stable")
    bounds = np.searchsorted(rank_sorted[by_rank], np.arange(rank_sorted.max() + 2))
    for k in range(len(bounds) - 1):
        pos = by_rank[bounds[k] : bounds[k + 1]]
        rows, gid = order[pos], gid_sorted[pos]
        inputs = {name: col[rows] for name, col in columns.items()}
        for name in CARRIED:
            inputs[name] = acc[name][gid]
        out = kernel.settle(kernel.KernelInput(**inputs))
        for name, produced in CARRIED.items():
            acc[name][gid] += getattr(out, produced)
        for name, arr in result.items():
            arr[rows] = getattr(out, name)
    return kernel.KernelOutput(**result)
