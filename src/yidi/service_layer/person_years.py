"""Person-years for the batch (本年累计的分组): which claims share year-to-date totals, in what order.

A group is one person's claims under one insured region's scheme in one calendar year —
(``psn_no``, ``insuplc_admdvs``, ``insutype``, year): the annual caps (R13) are limits of that
region's fund for that scheme, so nothing another fund paid counts against them. Within a group
claims settle in date order, ties in input order (as the desk would have seen them).

The groups are laid out as *rounds*: round k holds the k-th later claim (k ≥ 1) of every group
that has one. Groups are ordered by size, largest first, so the groups still active in round k
are always a prefix: round k is one contiguous slice of ``later`` and its year-to-date totals one
contiguous slice of the accumulators — the rounds gather nothing.

Person-years are grouped by a 64-bit hash of (person number, region, scheme, year) sorted
together with the day (one stable sort of integers instead of hashing millions of strings into a
dictionary); every two neighbouring claims put in one group are then checked to agree on the whole
hash and on a second one built from an independent hash of the person number. Two different
person-years could only be merged if both 64-bit hashes collided on the same pair (about
n²/2¹²⁸: below 10⁻²⁰ for a province's decade); anything the check catches — including two groups
whose hashes share the bits the sort uses — falls back to exact grouping on the strings.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import polars as pl
import pyarrow as pa
from numpy.typing import NDArray

I64 = NDArray[np.int64]
Index = NDArray[np.intp]
_SEEDS = (0x2545F4914F6CDD1D, 0x9E3779B97F4A7C15)
_MIX = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))  # odd: invertible mod 2⁶⁴


@dataclass(frozen=True)
class Rounds:
    """Later claims of every person-year, arranged round by round (see the module docstring)."""

    firsts: Index  # row of the first claim of each group that has later claims; largest group first
    later: Index  # rows of the later claims: round 1's, then round 2's, … each in group order
    counts: tuple[int, ...]  # groups active in round k = 1, 2, …

    def slices(self) -> list[tuple[int, int]]:
        """(start, stop) of each round within ``later``; round k covers groups [0, stop − start)."""
        bounds = np.cumsum((0, *self.counts)).tolist()
        return list(itertools.pairwise(bounds))


def missing_person(person: pa.ChunkedArray) -> NDArray[np.bool_]:
    """Rows without a person number: their year-to-date totals cannot be known."""
    s = _text(person)
    return (s.is_null() | (s.str.len_bytes() == 0)).to_numpy()


def person_year_rounds(
    person: pa.ChunkedArray, region: NDArray[np.int32], insutype: NDArray[np.int32], days: I64
) -> Rounds:
    """Group claims by person-year and arrange the later claims of each group in rounds."""
    n = len(days)
    if n == 0:
        return Rounds(np.zeros(0, np.intp), np.zeros(0, np.intp), ())
    s = _text(person)
    h1, h2 = (s.hash(seed).to_numpy() for seed in _SEEDS)
    year = calendar_year(days)
    scope = _scope(region, insutype, year)
    group = _mix(h1, scope, _MIX[0])
    check = _mix(h2, scope, _MIX[1])  # independent of ``group`` through the second person hash
    day = (days - days.min()).astype(np.uint64)
    bits = np.uint64(max(1, int(day.max()).bit_length()))
    order = _stable_argsort((group >> bits << bits) | day)
    g, c = group[order], check[order]
    top = g >> bits
    new = np.r_[True, top[1:] != top[:-1]]
    same = ~new[1:]
    if not ((g[1:] == g[:-1]) & (c[1:] == c[:-1]))[same].all():  # a collision: group exactly
        order, new = _exact(s, region, insutype, year, days)
    return _rounds(order, new)


def calendar_year(days: I64) -> I64:
    """Calendar year of each day (days since 1970-01-01), through a table of the span's days."""
    if len(days) == 0:
        return days.copy()
    first = int(days.min())
    span = np.arange(first, int(days.max()) + 1).astype("datetime64[D]")
    return span.astype("datetime64[Y]").astype(np.int64)[days - first] + 1970


def _text(person: pa.ChunkedArray) -> pl.Series:
    s = pl.Series(person)
    return s if s.dtype == pl.String else s.cast(pl.String)


def _scope(region: NDArray[np.int32], insutype: NDArray[np.int32], year: I64) -> NDArray[np.uint64]:
    """(region, scheme, year) packed into one integer, exactly: distinct triples stay distinct."""
    years = (year - year.min()).astype(np.uint64)  # < 2¹⁶ for any real span of years
    return (region.astype(np.uint64) << np.uint64(32)) | (insutype.astype(np.uint64) << np.uint64(16)) | years


def _mix(h: NDArray[np.uint64], scope: NDArray[np.uint64], m: np.uint64) -> NDArray[np.uint64]:
    """A person hash folded with the scope; the odd multiplier spreads the scope over all bits."""
    return h ^ (scope * m)


def _stable_argsort(key: NDArray[np.uint64]) -> Index:
    """Stable argsort (equal keys keep input order), multi-threaded through Polars."""
    frame = pl.DataFrame({"k": key})
    idx = frame.select(pl.arg_sort_by("k", maintain_order=True)).to_series().to_numpy()
    return idx.astype(np.intp, copy=False)


def _exact(
    s: pl.Series, region: NDArray[np.int32], insutype: NDArray[np.int32], year: I64, days: I64
) -> tuple[Index, NDArray[np.bool_]]:
    """Order and group boundaries from the person-number strings (slow, exact)."""
    person = s.cast(pl.Categorical).to_physical().to_numpy().astype(np.int64)
    order = np.lexsort((np.arange(len(days)), days, year, insutype, region, person))
    parts = [c[order] for c in (person, region, insutype, year)]
    new = np.r_[True, np.logical_or.reduce([p[1:] != p[:-1] for p in parts])]
    return order.astype(np.intp), new


def _rounds(order: Index, new: NDArray[np.bool_]) -> Rounds:
    n = len(order)
    starts = np.flatnonzero(new)
    sizes = np.diff(np.r_[starts, n])
    multi = sizes > 1
    starts, sizes = starts[multi], sizes[multi]
    if len(sizes) == 0:
        return Rounds(np.zeros(0, np.intp), np.zeros(0, np.intp), ())
    by_size = np.argsort(-sizes, kind="stable")
    starts, sizes = starts[by_size], sizes[by_size]
    largest = int(sizes[0])
    # groups with more than k claims: sizes are descending, so a searchsorted on the negation
    counts = np.searchsorted(-sizes, -np.arange(1, largest), side="left")
    later = np.concatenate([order[starts[:m] + k] for k, m in enumerate(counts.tolist(), start=1)])
    return Rounds(order[starts], later, tuple(counts.tolist()))
