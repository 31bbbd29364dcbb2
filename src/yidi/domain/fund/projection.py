"""Aggregates of a projection (基金测算, seed 004 二: 政策调整须做好基金测算): the same claims priced
under the current policy (baseline) and under a reform overlay, compared.

Both inputs are output tables of the batch over the same claims in the same order (the batch
keeps input order): row i of one is row i of the other. A claim with an error in either run is
left out of every figure and counted in ``skipped``. All sums are integer fen, set-based
(Polars); nothing is rounded until it is shown.

- totals by fund: claims, ``fund_pay_sumamt``, ``hifp_pay`` (统筹), ``hifob_pay`` (大额, employees),
  ``hifmi_pay`` (大病, residents), ``cvlserv_pay`` (公务员补助), ``psn_part_amt`` (个人负担);
- the same by filing category, by hospital level and by region pair (参保地 → 就医地);
- who is affected most: the change in each person's burden over the period (reform − baseline,
  summed over the person's claims), its deciles by the nearest-rank method (exact fen, no
  interpolation), how many persons pay more, less or the same, and the persons paying most more;
- the effect on months of reserve: the reform changes the pooled fund's spending by
  Δ ``hifp_pay`` ÷ the months re-priced per month (A-FND-03: the reserve is the pooled fund's).

Invariant: with no overlay the two runs are equal, so every delta is zero — and re-pricing
recorded settlements with their opening year-to-date amounts reproduces them to the fen
(docs/projection.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN
from fractions import Fraction
from typing import Any

import polars as pl
import pyarrow as pa

from yidi.domain.errors import InvalidInput
from yidi.domain.fund.exact import fen_text, text_of
from yidi.domain.fund.reserve import Reserve

FUNDS = ("fund_pay_sumamt", "hifp_pay", "hifob_pay", "hifmi_pay", "cvlserv_pay", "psn_part_amt")
# The funds of the ``yidi projection run --json`` interface (issue 18 §6), in its order.
INTERFACE_FUNDS = ("fund_pay_sumamt", "hifp_pay", "hifob_pay", "cvlserv_pay", "psn_part_amt")
GROUPINGS = {
    "category": ("filing_category",),
    "level": ("hosp_lv",),
    "region_pair": ("insuplc_admdvs", "mdtrtarea_admvs"),
}
RESERVE_FUND = "hifp_pay"  # A-FND-03
DECILES = tuple(range(10, 100, 10))


@dataclass(frozen=True)
class Totals:
    claims: int
    amounts: dict[str, int]  # fen by fund

    def minus(self, other: Totals) -> Totals:
        return Totals(self.claims - other.claims, {f: self.amounts[f] - other.amounts[f] for f in FUNDS})

    def as_json(self) -> dict[str, Any]:
        return {"claims": self.claims} | {f: fen_text(self.amounts[f]) for f in INTERFACE_FUNDS}


@dataclass(frozen=True)
class GroupRow:
    key: tuple[str, ...]
    baseline: Totals
    reform: Totals


@dataclass(frozen=True)
class PersonChange:
    psn_no: str
    claims: int
    baseline: int  # personal burden, fen
    reform: int


@dataclass(frozen=True)
class BurdenChange:
    """The change in each person's burden over the period (reform − baseline, fen)."""

    persons: int
    increased: int
    decreased: int
    unchanged: int
    deciles: tuple[int, ...]  # at 10 %, 20 % … 90 %; empty without persons
    smallest: int
    largest: int
    most_affected: tuple[PersonChange, ...]  # largest increase first


@dataclass(frozen=True)
class Projection:
    baseline: Totals
    reform: Totals
    skipped: int
    groups: dict[str, tuple[GroupRow, ...]]
    burden: BurdenChange | None  # None when the tables carry no psn_no

    @property
    def delta(self) -> Totals:
        return self.reform.minus(self.baseline)

    def monthly_fund_change(self, months: int) -> Fraction:
        """Change of the pooled fund's spending per month re-priced (fen)."""
        return Fraction(self.delta.amounts[RESERVE_FUND], months)

    def as_json(self, reserve: Reserve | None = None, months: int = 1) -> dict[str, Any]:
        """The ``yidi projection run --json`` body (issue 18 §6)."""
        before = reserve.months if reserve else None
        after = reserve.with_monthly_change(self.monthly_fund_change(months)).months if reserve else None
        return {
            "baseline": self.baseline.as_json(),
            "reform": self.reform.as_json(),
            "delta": self.delta.as_json(),
            "reserve_months": {
                "before": text_of(before, 2, ROUND_DOWN),
                "after": text_of(after, 2, ROUND_DOWN),
            },
        }


def project(baseline: pa.Table | pl.DataFrame, reform: pa.Table | pl.DataFrame, top: int = 10) -> Projection:
    """Compare two batch outputs of the same claims (see the module docstring)."""
    b, r = _frame(baseline), _frame(reform)
    if b.height != r.height:
        raise InvalidInput.of(
            "reform",
            "测算前后的结算行数不一致",
            f"baseline has {b.height} rows, reform {r.height}: not the same claims",
        )
    keys = sorted({c for cols in GROUPINGS.values() for c in cols} | ({"psn_no"} & set(b.columns)))
    ok = b["error"].is_null() & r["error"].is_null()
    rows = pl.DataFrame(
        [b[k].cast(pl.String) for k in keys]
        + [_fen(b[f"out_{f}"]).alias(f"b_{f}") for f in FUNDS]
        + [_fen(r[f"out_{f}"]).alias(f"r_{f}") for f in FUNDS]
    ).filter(ok)
    base_total, reform_total = _totals(rows.select(_sums()).row(0, named=True), rows.height)
    groups = {name: _groups(rows, list(cols)) for name, cols in GROUPINGS.items()}
    burden = _burden(rows, top) if "psn_no" in keys else None
    return Projection(base_total, reform_total, int((~ok).sum()), groups, burden)


def _frame(table: pa.Table | pl.DataFrame) -> pl.DataFrame:
    frame = table if isinstance(table, pl.DataFrame) else pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    missing = [c for c in ("error", *(f"out_{f}" for f in FUNDS)) if c not in frame.columns]
    if missing:
        raise InvalidInput.of(
            missing[0],
            f"不是批量结算的输出：缺少 {', '.join(missing)}",
            f"not a batch output: missing {missing}",
        )
    return frame


def _fen(s: pl.Series) -> pl.Series:
    """Yuan decimal (scale ≤ 2) → integer fen, exactly."""
    return s.cast(pl.Decimal(38, 2)).to_physical().cast(pl.Int64)


def _sums() -> list[pl.Expr]:
    return [pl.col(f"{side}_{f}").sum() for side in "br" for f in FUNDS]


def _totals(sums: dict[str, Any], claims: int) -> tuple[Totals, Totals]:
    return (
        Totals(claims, {f: int(sums[f"b_{f}"] or 0) for f in FUNDS}),
        Totals(claims, {f: int(sums[f"r_{f}"] or 0) for f in FUNDS}),
    )


def _groups(rows: pl.DataFrame, by: list[str]) -> tuple[GroupRow, ...]:
    agg = rows.group_by(by).agg(pl.len().alias("claims"), *_sums()).sort(by)
    out = []
    for row in agg.iter_rows(named=True):
        base, reform = _totals(row, int(row["claims"]))
        out.append(GroupRow(tuple(str(row[k]) for k in by), base, reform))
    return tuple(out)


def _burden(rows: pl.DataFrame, top: int) -> BurdenChange:
    persons = (
        rows.group_by("psn_no")
        .agg(pl.len().alias("claims"), pl.col("b_psn_part_amt").sum(), pl.col("r_psn_part_amt").sum())
        .with_columns((pl.col("r_psn_part_amt") - pl.col("b_psn_part_amt")).alias("change"))
        .sort(["change", "psn_no"], descending=[True, False])
    )
    change = persons["change"].sort()
    n = change.len()
    ranks = [(p * n + 99) // 100 - 1 for p in DECILES] if n else []
    counts = persons.select(
        (pl.col("change") > 0).sum().alias("up"), (pl.col("change") < 0).sum().alias("down")
    ).row(0, named=True)
    most = tuple(
        PersonChange(row["psn_no"], row["claims"], row["b_psn_part_amt"], row["r_psn_part_amt"])
        for row in persons.head(top).iter_rows(named=True)
    )
    return BurdenChange(
        persons=n,
        increased=int(counts["up"]),
        decreased=int(counts["down"]),
        unchanged=n - int(counts["up"]) - int(counts["down"]),
        deciles=tuple(int(v) for v in change.gather(ranks).to_list()),
        smallest=int(change[0]) if n else 0,
        largest=int(change[-1]) if n else 0,
        most_affected=most,
    )
