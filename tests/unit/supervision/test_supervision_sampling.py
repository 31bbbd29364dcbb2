"""Sampling arithmetic against a hand-computed example and scipy; allocation; reproducibility."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest
from scipy import stats

from yidi.domain.errors import InvalidInput
from yidi.domain.supervision.sampling import Sample, Stratum, amount_bands, draw, extrapolate

# The month: stratum 0 has 6 settlements of 1 000 fen, stratum 1 has 4 of 10 000 fen (X = 46 000).
AMOUNTS = np.array([1000] * 6 + [10000] * 4, dtype=np.int64)
# Reviewed: 3 of stratum 0 (rows 0, 1, 2; deductions 0, 100, 0), 2 of stratum 1 (rows 6, 7; 0, 1 000).
SAMPLE = Sample(0, (Stratum(0, 6, 6000, (0, 1, 2)), Stratum(1, 4, 40000, (6, 7))))
DEDUCTIONS = {0: 0, 1: 100, 2: 0, 6: 0, 7: 1000}


def test_hand_computed_example() -> None:
    e = extrapolate(SAMPLE, AMOUNTS, DEDUCTIONS, confidence=0.90)
    # Ŷ = 6 × 100/3 + 4 × 1000/2 = 200 + 2000 = 2200; X̂ = 6 × 1000 + 4 × 10000 = 46000 = X,
    # so R = 2200/46000 and the ratio estimate R × X = 2200 fen.
    assert e.recovery_fen == 2200
    assert e.found_fen == 1100 and e.sampled == 5 and e.sample_errors == 2
    # error rate p = 0.6 × 1/3 + 0.4 × 1/2 = 0.4
    assert e.error_rate == Decimal("0.4000")
    # var(p) = [N₀(N₀−n₀)/n₀ · var(0,1,0) + N₁(N₁−n₁)/n₁ · var(0,1)] / N² = (6·1/3 + 4·1/2) / 100 = 0.04
    # Satterthwaite df = (2 + 2)² / (2²/2 + 2²/1) = 16/6
    t = stats.t.ppf(0.95, 16 / 6)
    assert e.error_rate_low == Decimal(str(max(0.4 - t * 0.2, 0))).quantize(Decimal("0.0001"))
    assert e.error_rate_high == Decimal(str(0.4 + t * 0.2)).quantize(Decimal("0.0001"))
    # recovery variance: x constant within strata, so s²_d = var(y): 6·var(0,100,0) + 4·var(0,1000)
    v = 6 * 10000 / 3 + 4 * 500000
    df = v**2 / ((6 * 10000 / 3) ** 2 / 2 + (4 * 500000) ** 2 / 1)
    assert e.degrees_of_freedom == pytest.approx(df)
    half = stats.t.ppf(0.95, df) * math.sqrt(v)
    assert e.recovery_low_fen == max(math.floor(2200 - half), 0)
    assert e.recovery_high_fen == math.ceil(2200 + half)
    # the lower bound is 0 here, so the proposal is what the sample itself found
    assert e.proposed_fen == 1100


def test_clean_sample_uses_the_exact_interval() -> None:
    clean = dict.fromkeys(DEDUCTIONS, 0)
    e = extrapolate(SAMPLE, AMOUNTS, clean)
    assert e.rate_method == "clopper-pearson" and e.error_rate == 0
    ci = stats.binomtest(0, 5).proportion_ci(0.90, method="exact")
    assert e.error_rate_high == Decimal(str(ci.high)).quantize(Decimal("0.0001"))
    assert e.recovery_fen == e.proposed_fen == 0


def test_recovery_never_exceeds_the_fund() -> None:
    big = {0: 1000, 1: 1000, 2: 1000, 6: 10000, 7: 10000}
    e = extrapolate(SAMPLE, AMOUNTS, big, fund_total_fen=5000)
    assert e.recovery_fen == 46000 and e.proposed_fen == 5000


def test_unreviewed_sample_rows_are_refused() -> None:
    with pytest.raises(InvalidInput):
        extrapolate(SAMPLE, AMOUNTS, {0: 0})


def test_draw_is_reproducible_stratified_and_complete_in_certainty_strata() -> None:
    rng = np.random.default_rng(3)
    amounts = rng.integers(1_000, 8_000_000, 500).astype(np.int64)
    bands = amount_bands(amounts)
    a = draw(amounts, bands, 40, seed=7, certainty=[3])
    b = draw(amounts, bands, 40, seed=7, certainty=[3])
    assert a == b and a != draw(amounts, bands, 40, seed=8, certainty=[3])
    by = {s.label: s for s in a.strata}
    assert by[3].size == by[3].population  # every large bill reviewed
    assert sum(s.size for s in a.strata if s.label != 3) == 40
    assert all(s.size >= 2 for s in a.strata)
    for s in a.strata:
        assert all(bands[r] == s.label for r in s.rows)
    neyman = draw(amounts, bands, 40, seed=7, neyman=True)
    assert sum(s.size for s in neyman.strata) == 40


def test_amount_bands() -> None:
    bands = amount_bands(np.array([0, 499_999, 500_000, 2_000_000, 5_000_000, 10**9], dtype=np.int64))
    assert bands.tolist() == [0, 0, 1, 2, 3, 3]
