"""Stratified random sampling of a hospital's month and extrapolation of the review (抽样审核与外推).

openIMIS picks N % of a batch at random and applies the sample's deduction rate to the rest.
Here, going further: the month is cut into strata (amount bands, or any category), a top band
can be reviewed in full (certainty stratum), the sample is drawn with a seed so it can be
re-drawn and checked, and the result is a statistical estimate with its confidence interval:

* error rate — the stratified proportion p = Σ W_h p_h (W_h = N_h / N), variance
  Σ W_h² (1 − n_h/N_h) p_h (1 − p_h) / (n_h − 1), a Student t interval with Satterthwaite's
  degrees of freedom; when every stratum's sample is all-clean or all-wrong (no variance) the
  exact Clopper–Pearson interval of the pooled sample is used instead;
* recovery — the combined ratio estimator: R = Σ N_h ȳ_h / Σ N_h x̄_h (deduction per fen
  billed), estimated recovery R × X with X the month's known total billed; variance
  Σ N_h² (1 − n_h/N_h) s²_{d,h} / n_h with d_i = y_i − R x_i; t interval as above.

The proposed recovery is the lower bound of the interval (the hospital is asked for no more
than the evidence supports at that confidence), never less than the deductions already found
in the sample itself and never more than the month's fund payments. Point estimates are exact
fractions rounded half-up to the fen; the bounds involve a square root and a t quantile, so
they are computed in floating point and rounded outwards (lower bound down, upper bound up).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from yidi.domain.errors import InvalidInput
from yidi.domain.supervision.basis import Assumption

# amount bands in fen: [0, 5 000), [5 000, 20 000), [20 000, 50 000), [50 000, ∞) yuan
DEFAULT_BANDS = (0, 500_000, 2_000_000, 5_000_000)
BANDS_BASIS = Assumption("A-SUP-10", "种子文件未给出分层；按门诊、普通住院、较大、大额住院的常见金额分为四档")
CONFIDENCE = 0.90
CONFIDENCE_BASIS = Assumption("A-SUP-11", "取90%双侧置信区间的下限作为建议追回额，对医院从宽")


@dataclass(frozen=True)
class Stratum:
    label: int
    population: int  # N_h
    amount_fen: int  # X_h, billed in the stratum
    rows: tuple[int, ...]  # the sampled rows (positions in the month), sorted

    @property
    def size(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class Sample:
    seed: int
    strata: tuple[Stratum, ...]

    def rows(self) -> list[int]:
        return sorted(r for s in self.strata for r in s.rows)


def amount_bands(amounts_fen: NDArray[np.int64], bands: Sequence[int] = DEFAULT_BANDS) -> NDArray[np.int64]:
    """The band of each settlement: 0 for the first band, 1 for the next …"""
    return (np.searchsorted(np.asarray(bands[1:], dtype=np.int64), amounts_fen, side="right")).astype(
        np.int64
    )


def _allocate(pop: NDArray[np.int64], weight: NDArray[np.float64], n: int, minimum: int) -> NDArray[np.int64]:
    """n split over strata in proportion to ``weight`` (largest remainders), each at least
    ``minimum`` (so its variance can be estimated) and at most its population."""
    base = np.minimum(pop, minimum)
    left = n - int(base.sum())
    if left <= 0:
        return base
    room = pop - base
    share = weight * (room > 0)
    if share.sum() == 0:
        share = room.astype(np.float64)
    ideal = left * share / share.sum()
    extra = np.minimum(np.floor(ideal).astype(np.int64), room)
    order = np.argsort(-(ideal - np.floor(ideal)), kind="stable")
    for h in order:
        if int(extra.sum()) >= left:
            break
        if extra[h] < room[h]:
            extra[h] += 1
    return base + extra


def draw(
    amounts_fen: NDArray[np.int64], strata: NDArray[np.int64], size: int, seed: int, *,
    minimum: int = 2, neyman: bool = False, certainty: Sequence[int] = (),
) -> Sample:  # fmt: skip
    """A stratified random sample of ``size`` settlements (plus every settlement of the
    ``certainty`` strata). Proportional allocation, or Neyman (∝ N_h × std of amounts)."""
    if size < 0:
        raise InvalidInput.of("size", "样本量不能为负数", "sample size must be >= 0")
    labels = np.unique(strata)
    rng = np.random.default_rng(seed)
    full = np.isin(labels, list(certainty))
    members = [np.flatnonzero(strata == h) for h in labels]
    pop = np.array([len(m) for m in members], dtype=np.int64)
    spread = np.array([float(np.std(amounts_fen[m])) if len(m) > 1 else 0.0 for m in members])
    weight = (pop * spread if neyman else pop).astype(np.float64)
    n = np.where(full, pop, 0)
    random_part = ~full
    n[random_part] = _allocate(pop[random_part], weight[random_part], size, minimum)
    chosen = []
    for h, m, k in zip(labels, members, n, strict=True):
        rows = m if k >= len(m) else np.sort(rng.choice(m, size=int(k), replace=False))
        chosen.append(Stratum(int(h), len(m), int(amounts_fen[m].sum()), tuple(int(r) for r in rows)))
    return Sample(seed, tuple(chosen))


@dataclass(frozen=True)
class Extrapolation:
    month_settlements: int
    month_amount_fen: int
    sampled: int
    sample_errors: int
    found_fen: int  # deductions decided on the sampled settlements
    error_rate: Decimal  # estimated share of the month's settlements with an error
    error_rate_low: Decimal
    error_rate_high: Decimal
    rate_method: str
    recovery_fen: int  # ratio estimate for the month
    recovery_low_fen: int
    recovery_high_fen: int
    proposed_fen: int
    confidence: float
    degrees_of_freedom: float


def _t(confidence: float, df: float) -> float:
    return (
        float(stats.t.ppf(0.5 + confidence / 2, df))
        if df >= 1
        else float(stats.norm.ppf(0.5 + confidence / 2))
    )


def _satterthwaite(a: list[float], s2: list[float], n: list[int]) -> float:
    num = sum(ah * sh for ah, sh in zip(a, s2, strict=True)) ** 2
    den = sum((ah * sh) ** 2 / (nh - 1) for ah, sh, nh in zip(a, s2, n, strict=True) if nh > 1)
    return num / den if den > 0 else 0.0


def _fen(x: Fraction) -> int:
    """A non-negative exact fraction of fen, half-up: floor(x + 1/2)."""
    return math.floor(x + Fraction(1, 2))


def _rate(x: float) -> Decimal:
    return Decimal(str(min(max(x, 0.0), 1.0))).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def extrapolate(
    sample: Sample, amounts_fen: NDArray[np.int64], deductions_fen: Mapping[int, int], *,
    confidence: float = CONFIDENCE, fund_total_fen: int | None = None,
) -> Extrapolation:  # fmt: skip
    """The month's error rate and recovery from the reviewed sample.

    ``deductions_fen`` maps every sampled row to the deduction decided on it (0 = accepted as
    billed); a sampled row missing from it has not been reviewed yet and is refused.
    """
    missing = [r for r in sample.rows() if r not in deductions_fen]
    if missing:
        raise InvalidInput.of(
            "deductions",
            f"还有 {len(missing)} 笔抽中的结算未审核",
            f"{len(missing)} sampled settlements not reviewed",
        )
    N = sum(s.population for s in sample.strata)
    X = sum(s.amount_fen for s in sample.strata)
    y_hat, x_hat = Fraction(0), Fraction(0)
    p_hat = Fraction(0)
    for s in sample.strata:
        if s.size:
            y = [int(deductions_fen[r]) for r in s.rows]
            x = [int(amounts_fen[r]) for r in s.rows]
            y_hat += Fraction(s.population * sum(y), s.size)
            x_hat += Fraction(s.population * sum(x), s.size)
            p_hat += Fraction(s.population * sum(1 for v in y if v > 0), s.size * N)
    ratio = y_hat / x_hat if x_hat else Fraction(0)
    a, s2_rate, s2_rec, sizes = [], [], [], []
    for s in sample.strata:
        if s.size < 2 or s.size == s.population:
            continue  # a census stratum adds no sampling error (or none can be estimated)
        ys = np.array([deductions_fen[r] for r in s.rows], dtype=np.float64)
        xs = amounts_fen[list(s.rows)].astype(np.float64)
        a.append(s.population * (s.population - s.size) / s.size)
        s2_rate.append(float(np.var(ys > 0, ddof=1)))
        s2_rec.append(float(np.var(ys - float(ratio) * xs, ddof=1)))
        sizes.append(s.size)
    var_rate = sum(ah * sh for ah, sh in zip(a, s2_rate, strict=True)) / N**2 if N else 0.0
    var_rec = sum(ah * sh for ah, sh in zip(a, s2_rec, strict=True))
    df_rate, df_rec = _satterthwaite(a, s2_rate, sizes), _satterthwaite(a, s2_rec, sizes)
    rows = sample.rows()
    errors = sum(1 for r in rows if deductions_fen[r] > 0)
    if var_rate > 0:
        half = _t(confidence, df_rate) * math.sqrt(var_rate)
        lo, hi, method = float(p_hat) - half, float(p_hat) + half, "stratified-t"
    else:  # no variance in any stratum: exact binomial interval of the pooled sample
        ci = stats.binomtest(errors, len(rows)).proportion_ci(confidence, method="exact") if rows else None
        lo, hi, method = (ci.low, ci.high, "clopper-pearson") if ci else (0.0, 1.0, "none")
    point = _fen(ratio * X)
    half_rec = _t(confidence, df_rec) * math.sqrt(var_rec) if var_rec > 0 else 0.0
    low, high = max(math.floor(point - half_rec), 0), math.ceil(point + half_rec)
    found = sum(int(deductions_fen[r]) for r in rows)
    proposed = max(low, found)
    if fund_total_fen is not None:
        proposed = min(proposed, fund_total_fen)
    return Extrapolation(
        month_settlements=N, month_amount_fen=X, sampled=len(rows), sample_errors=errors, found_fen=found,
        error_rate=_rate(float(p_hat)), error_rate_low=_rate(lo), error_rate_high=_rate(hi), rate_method=method,
        recovery_fen=point, recovery_low_fen=low, recovery_high_fen=high, proposed_fen=proposed,
        confidence=confidence, degrees_of_freedom=df_rec,
    )  # fmt: skip
