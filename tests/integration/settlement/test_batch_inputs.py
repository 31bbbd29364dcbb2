"""Batch input edge cases: person numbers, amounts beyond the kernel's range, Parquet read through
Polars (text as string_view), and accumulation per region's scheme."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from yidi.adapters.claims_table import read_table, write_table
from yidi.demo_data.synthetic import claims_table
from yidi.service_layer.batch import reprice


def _set(table: pa.Table, name: str, values: list[object], type_: pa.DataType | None = None) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), name, pa.array(values, type_))


def test_missing_person_number_and_too_large_amounts_are_row_errors() -> None:
    table = claims_table(8, seed=2)
    psn = table.column("psn_no").to_pylist()
    psn[1], psn[2] = None, ""
    amounts = table.column("inscp_scp_amt").to_pylist()
    amounts[4] = Decimal("99999999999.99")  # beyond 10^12 fen: the kernel's int64 arithmetic would overflow
    table = _set(_set(table, "psn_no", psn), "inscp_scp_amt", amounts, pa.decimal128(16, 2))
    result = reprice(table)
    errors = result.table.column("error").to_pylist()
    assert result.errors == 3
    assert "psn_no" in errors[1] and "psn_no" in errors[2] and "inscp_scp_amt" in errors[4]
    assert result.table.column("out_hifp_pay").to_pylist()[4] == 0


def test_parquet_round_trip_through_polars_equals_in_memory(tmp_path: Path) -> None:
    table = claims_table(3_000, seed=4, persons=300)
    src, out = tmp_path / "c.parquet", tmp_path / "o.parquet"
    pq.write_table(table, src)
    read = read_table(src)
    assert pa.types.is_string_view(read.schema.field("psn_no").type)
    write_table(reprice(read).table, out)
    expected = reprice(table).table
    priced = pq.read_table(out)
    for name in (c for c in expected.column_names if c.startswith("out_")):
        assert priced.column(name).to_pylist() == expected.column(name).to_pylist(), name


def test_year_to_date_does_not_cross_regions_or_schemes() -> None:
    """The same person number in two regions' schemes: each fund's annual cap counts its own payments."""
    base = claims_table(2, seed=6).slice(0, 1)
    big = Decimal("2000000.00")  # each claim alone exceeds the pooled cap
    row = base.to_pylist()[0] | {
        "psn_no": "P1", "insutype": "310", "psn_type": "11", "filing_category": "temporary", "hosp_lv": "3",
        "medfee_sumamt": big, "fulamt_ownpay_amt": Decimal(0), "overlmt_selfpay": Decimal(0),
        "preselfpay_amt": Decimal(0), "inscp_scp_amt": big, "cvlserv_flag": "0",
    }  # fmt: skip
    rows = [
        row | {"insuplc_admdvs": "219900"},
        row | {"insuplc_admdvs": "211200"},
        row | {"insuplc_admdvs": "219900"},
    ]
    result = reprice(pa.Table.from_pylist(rows, schema=base.schema))
    hifp = result.table.column("out_hifp_pay").to_pylist()
    assert hifp == [Decimal("150000.00"), Decimal("150000.00"), Decimal("0.00")]
