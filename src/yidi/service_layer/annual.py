"""Year-to-date accumulation for the batch (本年累计): settle each person-year's claims in date
order, carrying the pooled, major, civil-servant and deductible totals forward (A-SET-16).

Round 0 settles every claim with its own opening year-to-date amounts, in input order, in
cache-sized chunks (65 536 rows: the kernel's ~40 temporaries stay in the CPU cache, about 3×
faster than one call on millions of rows). That is final for the first claim of each person-year.
The kernel runs on one thread: on numpy's short per-chunk operations a second thread mostly waits
for the GIL (measured slower on the 2-core machine); parallelism is Polars' inside a process and
Dask's across processes. Round k ≥ 1 re-settles the k-th later claim of every person-year that has
one, with the totals carried so far; ``person_years.Rounds`` lays those claims out so that each
round is a contiguous slice, so a table of millions costs a handful of kernel calls on views.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from yidi.domain.settlement import kernel
from yidi.domain.settlement.amounts import YTD_INPUTS
from yidi.service_layer.person_years import Rounds

I64 = NDArray[np.int64]
# year-to-date input ← the output that adds to it
CARRIED = YTD_INPUTS
# Rows per kernel call: ~40 temporaries of this many int64 stay in the CPU's cache.
CHUNK = 1 << 16


@dataclass(frozen=True)
class Claims:
    """The kernel's inputs for a table: per-row columns, and policy columns once per slot.

    A policy column with one value in every slot (most flags, often a cap) reaches the kernel as
    a read-only broadcast of that value: nothing is gathered for it.
    """

    rows: dict[str, I64]
    slot: NDArray[np.intp]
    policy: dict[str, I64]
    constant: dict[str, np.int64] = field(init=False)

    def __post_init__(self) -> None:
        same = {k: v[0] for k, v in self.policy.items() if len(v) and (v == v[0]).all()}
        object.__setattr__(self, "constant", same)

    def part(self, lo: int, hi: int) -> dict[str, I64]:
        slot = self.slot[lo:hi]
        cols = {k: v[lo:hi] for k, v in self.rows.items()}
        for k, v in self.policy.items():
            c = self.constant.get(k)
            cols[k] = v[slot] if c is None else np.broadcast_to(c, slot.shape)
        return cols

    def take(self, index: NDArray[np.intp], skip: Sequence[str] = ()) -> Claims:
        rows = {k: v[index] for k, v in self.rows.items() if k not in skip}
        return Claims(rows, self.slot[index], self.policy)


def settle_in_order(claims: Claims, rounds: Rounds | None, fields: Sequence[str]) -> dict[str, I64]:
    """Settle all rows; rows of one person-year accumulate in date order. Returns ``fields``.

    The opening year-to-date amounts of a person-year are those on its first claim; later
    claims' own ytd columns are ignored because the batch computes them.
    """
    n = len(claims.slot)
    out = {name: np.empty(n, dtype=np.int64) for name in {*fields, *CARRIED.values()}}
    _settle_into(claims, {}, out, 0, n)
    if rounds is not None and len(rounds.later):
        _later_rounds(claims, rounds, out, fields)
    return {name: out[name] for name in fields}


def _later_rounds(claims: Claims, rounds: Rounds, out: dict[str, I64], fields: Sequence[str]) -> None:
    acc = {
        name: claims.rows[name][rounds.firsts] + out[produced][rounds.firsts]
        for name, produced in CARRIED.items()
    }
    later = claims.take(rounds.later, skip=list(CARRIED))
    produced = {name: np.empty(len(rounds.later), dtype=np.int64) for name in out}
    for start, stop in rounds.slices():
        carried = {name: acc[name][: stop - start] for name in CARRIED}
        _settle_into(later, carried, produced, start, stop)
        for name, result in CARRIED.items():
            carried[name] += produced[result][start:stop]  # views: updates acc in place
    for name in fields:
        out[name][rounds.later] = produced[name]


def _settle_into(claims: Claims, carried: dict[str, I64], out: dict[str, I64], lo: int, hi: int) -> None:
    """Kernel on rows [lo, hi) of ``claims`` into ``out``; ``carried`` (offset lo) overrides ytd."""
    for a in range(lo, hi, CHUNK):
        b = min(a + CHUNK, hi)
        inputs = claims.part(a, b) | {k: v[a - lo : b - lo] for k, v in carried.items()}
        result = kernel.settle(kernel.KernelInput(**inputs))
        for name, column in out.items():
            column[a:b] = getattr(result, name)
