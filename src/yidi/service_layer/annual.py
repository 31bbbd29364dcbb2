"""Year-to-date accumulation for the batch (本年累计): settle each person's claims of a year in
date order, carrying the pooled, major, civil-servant and deductible totals forward (A-SET-16).

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
    # Round 0 runs on the whole table unchanged (rows keep their own opening ytd); only the
    # later claims of a person-year are gathered and re-settled with the carried totals.
    first = kernel.settle(kernel.KernelInput(**columns))
    if group is None:
        return first
    span = int(days.max(initial=0) - days.min(initial=0)) + 1
    order = np.argsort(group * span + (days - days.min(initial=0)), kind="stable")
    g_sorted = group[order]
    new_group = np.r_[True, g_sorted[1:] != g_sorted[:-1]]
    starts = np.flatnonzero(new_group)
    gid_sorted = np.cumsum(new_group) - 1
    rank_sorted = np.arange(n) - starts[gid_sorted]
    later = np.flatnonzero(rank_sorted > 0)
    if len(later) == 0:
        return first

    acc = {
        name: columns[name][order[starts]] + getattr(first, out)[order[starts]]
        for name, out in CARRIED.items()
    }
    result = {
        f.name: getattr(first, f.name) for f in fields(kernel.KernelOutput)
    }  # fresh arrays: update in place
    ranks = rank_sorted[later]
    for k in range(1, int(ranks.max()) + 1):  # few rounds: a person rarely has many claims a year
        pos = later[ranks == k]
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
