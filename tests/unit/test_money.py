from decimal import Decimal

import pytest

from yidi.domain.errors import InvalidInput
from yidi.domain.money import fmt_fen, fmt_ratio, mul_ratio, parse_fen, parse_ratio_bp, round_half_up


def test_parse_and_format_round_trip() -> None:
    assert parse_fen("1200.00", "x") == 120000
    assert parse_fen("0.5", "x") == 50
    assert fmt_fen(123456) == "1234.56"
    assert fmt_fen(5) == "0.05"
    assert fmt_ratio(8900) == "0.8900"


def test_half_up_not_half_even() -> None:
    # 0.125 yuan = 12.5 fen: half-up gives 13, banker's rounding would give 12.
    assert round_half_up(Decimal("12.5")) == 13
    assert mul_ratio(25, 5000) == 13


@pytest.mark.parametrize("bad", ["-1", "1.234", "abc", "", "1e5", None, 1.5, True])
def test_bad_amounts_are_rejected_naming_the_field(bad: object) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_fen(bad, "fee_lines[0].pric")
    assert err.value.problems[0].field == "fee_lines[0].pric"


@pytest.mark.parametrize("bad", ["1.5", "-0.1", "0.12345", "x"])
def test_bad_ratios(bad: str) -> None:
    with pytest.raises(InvalidInput):
        parse_ratio_bp(bad, "selfpay_prop")
