"""Person-years for the batch: groups, date order, rounds as contiguous slices, and the exact
fallback when two person-years' hashes collide."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from yidi.service_layer import person_years
from yidi.service_layer.person_years import calendar_year, person_year_rounds


def _days(*iso: str) -> np.ndarray:
    return np.array(iso, dtype="datetime64[D]").astype(np.int64)


def _groups(rounds: person_years.Rounds) -> list[list[int]]:
    """Each multi-claim group as its rows in settlement order (first claim, then round by round)."""
    groups = [[int(f)] for f in rounds.firsts]
    for start, stop in rounds.slices():
        for g, row in enumerate(rounds.later[start:stop]):
            groups[g].append(int(row))
    return groups


def test_groups_by_person_region_scheme_and_year_in_date_order_ties_in_input_order() -> None:
    person = pa.chunked_array([pa.array(["A", "B", "A", "A", "A", "B", "A", "C"])])
    region = np.array([0, 0, 0, 0, 1, 0, 0, 0], dtype=np.int32)
    scheme = np.zeros(8, dtype=np.int32)
    days = _days(
        "2024-03-01",
        "2024-01-01",
        "2024-01-05",
        "2024-03-01",
        "2024-02-01",
        "2024-06-01",
        "2025-01-01",
        "2024-01-01",
    )
    rounds = person_year_rounds(person, region, scheme, days)
    # A/region 0/2024: rows 2 (Jan 5), 0 and 3 (both Mar 1: input order); row 4 is another region's
    # scheme, row 6 another year, row 7 alone: none of those accumulate with anyone.
    assert _groups(rounds) == [[2, 0, 3], [1, 5]]
    assert rounds.counts == (2, 1)


def test_collision_falls_back_to_exact_grouping(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    n = 3_000
    names = pa.array([f"P{i}" for i in rng.integers(0, 400, n)])
    region = rng.integers(0, 2, n).astype(np.int32)
    scheme = np.zeros(n, dtype=np.int32)
    days = rng.integers(19_000, 19_900, n)
    expected = person_year_rounds(pa.chunked_array([names]), region, scheme, days)
    # Every person-year given the same sort hash (the first _mix call); the second, independent
    # hash tells the neighbours apart, so the check fails and the grouping is redone exactly.
    real, calls = person_years._mix, []

    def colliding(h: np.ndarray, scope: np.ndarray, m: np.uint64) -> np.ndarray:
        calls.append(1)
        return np.zeros_like(h) if len(calls) % 2 else real(h, scope, m)

    monkeypatch.setattr(person_years, "_mix", colliding)
    exact, used = person_years._exact, []
    monkeypatch.setattr(person_years, "_exact", lambda *a: used.append(1) or exact(*a))
    fallback = person_year_rounds(pa.chunked_array([names]), region, scheme, days)
    assert used == [1]
    assert sorted(map(tuple, _groups(fallback))) == sorted(map(tuple, _groups(expected)))
    assert fallback.counts == expected.counts


def test_calendar_year_across_leap_days() -> None:
    days = _days("2023-12-31", "2024-01-01", "2024-02-29", "2024-12-31", "2025-01-01", "1970-01-01")
    assert calendar_year(days).tolist() == [2023, 2024, 2024, 2024, 2025, 1970]
