"""The projection invariant (issue 18 §4): re-pricing recorded settlements with no overlay
reproduces every one of them to the fen — the whole history, and a window of months whose claims
carry the year-to-date totals recorded before them."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pyarrow as pa
import pytest

from yidi.demo_data.synthetic import claims_table
from yidi.domain.fund.projection import project
from yidi.service_layer.batch import RESULT_FIELDS, fen_array, reprice

OUT = [f"out_{n}" for n in RESULT_FIELDS]
# opening year-to-date input ← the recorded outputs that add to it
CARRIED = {
    "ytd_hifp_pay": ["out_hifp_pay"],
    "ytd_hifob_pay": ["out_hifob_pay", "out_hifmi_pay"],
    "ytd_cvlserv_pay": ["out_cvlserv_pay"],
    "ytd_act_pay_dedc": ["out_act_pay_dedc"],
}


def _with_opening_ytd(recorded: pa.Table) -> pa.Table:
    """Each claim's year-to-date totals before it (its person-year, in settlement order)."""
    frame = pl.from_arrow(recorded)
    assert isinstance(frame, pl.DataFrame)
    fen = {c: pl.col(c).cast(pl.Decimal(38, 2)).to_physical().cast(pl.Int64) for c in OUT}
    group = ["psn_no", "insuplc_admdvs", "insutype", pl.col("setl_time").dt.year()]
    opening = (
        frame.with_row_index("row")
        .sort([*group[:3], "setl_time", "row"])
        .with_columns(
            (sum(fen[c] for c in cols).cum_sum() - sum(fen[c] for c in cols)).over(group).alias(name)  # type: ignore[misc]
            for name, cols in CARRIED.items()
        )
        .sort("row")
    )
    table = recorded.select(
        [c for c in recorded.column_names if c not in (*OUT, "out_pool_prop_selfpay", "error")]
    )
    for name in CARRIED:
        table = table.append_column(name, fen_array(opening[name].to_numpy().astype(np.int64)))
    return table


@pytest.mark.slow
def test_repricing_recorded_settlements_without_overlay_reproduces_them() -> None:
    recorded = reprice(claims_table(300_000, seed=21, persons=30_000)).table
    assert recorded.column("error").null_count == recorded.num_rows
    claims = _with_opening_ytd(recorded)
    ytd = pl.from_arrow(claims.column("ytd_hifp_pay")).cast(pl.Decimal(38, 2))  # type: ignore[union-attr]
    paid = pl.from_arrow(recorded.column("out_hifp_pay")).cast(pl.Decimal(38, 2))  # type: ignore[union-attr]
    assert ((ytd > 0) & (ytd + paid == 150_000)).any(), "some person-years reach the pooled cap over claims"

    again = reprice(claims).table
    assert again.select(OUT).equals(recorded.select(OUT))

    days = claims.column("setl_time").to_numpy()
    window = np.flatnonzero(
        (days >= np.datetime64(date(2024, 4, 1))) & (days <= np.datetime64(date(2024, 9, 30)))
    )
    part = reprice(claims.take(window)).table
    assert part.select(OUT).equals(recorded.take(window).select(OUT))
    p = project(recorded.take(window), part)
    assert p.skipped == 0 and p.delta.claims == 0 and set(p.delta.amounts.values()) == {0}
