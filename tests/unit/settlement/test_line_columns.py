"""Fee lines: the per-line parser (short bills) and the vectorised one (long bills) agree, and the
four-way split always adds up."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yidi.domain.errors import InvalidInput
from yidi.domain.settlement import line_columns
from yidi.domain.settlement.line_columns import SCALAR_LIMIT, parse_fee_lines, split_columns

money = st.integers(0, 10**7).map(lambda f: f"{f // 100}.{f % 100:02d}")


@st.composite
def fee_line(draw: st.DrawFn) -> dict[str, Any]:
    cnt = draw(st.integers(1, 5000))  # in 1/100 units
    pric = draw(st.integers(0, 10**6))
    cnt_text = f"{cnt // 100}.{cnt % 100:02d}"
    amount = (cnt * pric + 50) // 100  # cnt × pric rounded half-up to the fen
    line = {
        "det_item_fee_sumamt": f"{amount // 100}.{amount % 100:02d}",
        "cnt": cnt_text,
        "pric": f"{pric // 100}.{pric % 100:02d}",
        "chrgitm_lv": draw(st.sampled_from(["1", "2", "3"])),
        "selfpay_prop": draw(st.sampled_from(["0", "0.05", "0.1", "0.2", "0.5", "1"])),
    }
    if draw(st.booleans()):
        line["pric_uplmt_amt"] = draw(money)
    return line


@settings(max_examples=150, deadline=None)
@given(st.lists(fee_line(), min_size=1, max_size=40), st.booleans())
def test_both_parsers_agree_and_split_adds_up(lines: list[dict[str, Any]], per_line: bool) -> None:
    scalar = parse_fee_lines(lines)
    vector = line_columns._columns(lines)
    for name in ("amount", "cap", "level", "selfpay_prop"):
        assert np.array_equal(getattr(scalar, name), getattr(vector, name)), name
    split = split_columns(scalar, per_line)
    parts = (split.fulamt_ownpay_amt, split.overlmt_selfpay, split.preselfpay_amt, split.inscp_scp_amt)
    assert all(p >= 0 for p in parts)
    assert sum(parts) == scalar.total


def long_bill(n: int = SCALAR_LIMIT + 36) -> list[dict[str, Any]]:
    return [{"det_item_fee_sumamt": "10.00", "cnt": "2", "pric": "5.00", "chrgitm_lv": "2", "selfpay_prop": "0.1"} for _ in range(n)]


@pytest.mark.parametrize(
    ("field", "value"),
    [("pric", "5.001"), ("cnt", "1e2"), ("det_item_fee_sumamt", "11.00"), ("chrgitm_lv", "9"), ("selfpay_prop", 0.1), ("pric_uplmt_amt", "x")],
)
def test_long_bill_errors_name_the_line(field: str, value: Any) -> None:
    lines = long_bill()
    lines[80][field] = value
    with pytest.raises(InvalidInput) as err:
        parse_fee_lines(lines)
    assert err.value.problems[0].field.startswith("fee_lines[80].")


def test_per_line_versus_aggregate_rounding() -> None:
    """Three 乙类 lines of 0.05 yuan at 10%: 0.5 fen each → 1 fen per line (3) vs 1.5 → 2 on the total."""
    lines = parse_fee_lines([{"det_item_fee_sumamt": "0.05", "chrgitm_lv": "2", "selfpay_prop": "0.1"}] * 3)
    assert split_columns(lines, per_line=True).preselfpay_amt == 3
    assert split_columns(lines, per_line=False).preselfpay_amt == 2


def test_huge_price_cap_uses_exact_decimal_path() -> None:
    """cnt × pric_uplmt_amt beyond int64 range: computed in decimal, still exact."""
    line = {"det_item_fee_sumamt": "100000.00", "cnt": "10000000", "pric": "0.01", "pric_uplmt_amt": "99999999.99", "chrgitm_lv": "1"}
    lines = parse_fee_lines([line] * (SCALAR_LIMIT + 1))
    assert int(lines.cap[0]) == 10_000_000 * 9_999_999_999
    assert split_columns(lines, per_line=True).overlmt_selfpay == 0
    assert np.array_equal(lines.cap, parse_fee_lines([line]).cap.repeat(SCALAR_LIMIT + 1))
