"""Differential test: the desk (one request at a time) and the batch (a whole table) give the
same amounts to the fen, on synthetic claims of every region, category and hospital level."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest

from yidi.demo_data.synthetic import claims_table
from yidi.domain.money import fmt_fen
from yidi.domain.settlement.request import parse_request
from yidi.service_layer.batch import RESULT_FIELDS, reprice
from yidi.service_layer.desk import settle_request

AMOUNTS = (
    "medfee_sumamt",
    "fulamt_ownpay_amt",
    "overlmt_selfpay",
    "preselfpay_amt",
    "inscp_scp_amt",
    "acct_balc",
)
DESK_FIELDS = {
    "act_pay_dedc",
    "hifp_pay",
    "cvlserv_pay",
    "fund_pay_sumamt",
    "psn_part_amt",
    "acct_pay",
    "psn_cash_pay",
    "balc",
}


def as_request(row: dict[str, Any], ytd: dict[str, int] | None = None) -> dict[str, Any]:
    req = {
        k: v for k, v in row.items() if not k.startswith("out_") and k not in ("error", "psn_no", *AMOUNTS)
    }
    req["setl_time"] = row["setl_time"].isoformat()
    req.update({k: f"{row[k]:.2f}" for k in AMOUNTS})
    if ytd:
        req["ytd"] = {k: fmt_fen(v) for k, v in ytd.items()}
    return req


def fen(value: Decimal) -> int:
    return int(value * 100)


def desk_amounts(req: dict[str, Any]) -> dict[str, int]:
    r = settle_request(parse_request(req)).amounts
    return {k: r[k] for k in DESK_FIELDS} | {"major": r["hifob_pay"]}


def batch_amounts(row: dict[str, Any]) -> dict[str, int]:
    out = {k: fen(row[f"out_{k}"]) for k in DESK_FIELDS}
    return out | {"major": fen(row["out_hifob_pay"]) + fen(row["out_hifmi_pay"])}


@pytest.mark.slow  # scale: 25–75 s; the 6 000-claim test below keeps desk = batch in the quick loop
def test_desk_equals_batch_on_100k_independent_claims() -> None:
    table = claims_table(100_000, seed=7).drop_columns(["psn_no"])  # no accumulation between rows
    result = reprice(table)
    assert result.errors == 0
    rows = result.table.to_pylist()
    mismatches = [i for i, row in enumerate(rows) if desk_amounts(as_request(row)) != batch_amounts(row)]
    assert mismatches == []
    assert all(f"out_{name}" in result.table.column_names for name in RESULT_FIELDS)


def test_batch_accumulates_like_successive_desk_settlements() -> None:
    """Several claims per person and year: the batch equals the desk fed each prior result."""
    table = claims_table(6_000, seed=3, persons=600)
    result = reprice(table)
    rows = result.table.to_pylist()
    order = sorted(range(len(rows)), key=lambda i: (rows[i]["psn_no"], rows[i]["setl_time"], i))
    ytd: dict[tuple[str, int], dict[str, int]] = {}
    for i in order:
        row = rows[i]
        key = (row["psn_no"], row["setl_time"].year)
        carried = ytd.setdefault(key, {"hifp_pay": 0, "hifob_pay": 0, "cvlserv_pay": 0, "act_pay_dedc": 0})
        desk = desk_amounts(as_request(row, carried))
        assert desk == batch_amounts(row), (i, row["psn_no"])
        carried["hifp_pay"] += desk["hifp_pay"]
        carried["hifob_pay"] += desk["major"]
        carried["cvlserv_pay"] += desk["cvlserv_pay"]
        carried["act_pay_dedc"] += desk["act_pay_dedc"]
    assert max(len([1 for r in rows if r["psn_no"] == p]) for p in {r["psn_no"] for r in rows[:50]}) > 1


def test_bad_rows_are_reported_not_dropped() -> None:
    table = claims_table(10, seed=1)
    hosp = table.column("hosp_lv").to_pylist()
    hosp[2] = "9"
    dates = table.column("setl_time").to_pylist()
    dates[4] = None
    table = table.set_column(table.schema.get_field_index("hosp_lv"), "hosp_lv", pa.array(hosp))
    table = table.set_column(
        table.schema.get_field_index("setl_time"), "setl_time", pa.array(dates, pa.date32())
    )
    result = reprice(table)
    errors = result.table.column("error").to_pylist()
    assert result.rows == 10 and result.errors == 2
    assert "hosp_lv" in errors[2] and "setl_time" in errors[4]
    assert errors[0] is None
