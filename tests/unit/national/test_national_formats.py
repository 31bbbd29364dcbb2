"""Field formats of the national interface: 16,2 amounts, 5,4 ratios, 16,4 counts, 16,6 prices,
dates and times, the 17-character stamps."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from yidi.domain.national.errors import NationalError
from yidi.domain.national.formats import (
    fmt_amount,
    fmt_prop,
    parse_amount,
    parse_count,
    parse_date,
    parse_datetime,
    parse_price,
    parse_ratio,
    stamp17,
    yuan_times,
)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1200.00", 120000),
        ("0.1", 10),
        (12, 1200),
        (12.5, 1250),
        ("1.230", 123),
        ("99999999999999.99", 9999999999999999),
    ],
)
def test_amounts_parse_to_fen(text, fen):
    assert parse_amount(text, "x") == fen


@pytest.mark.parametrize(
    "text", ["1.234", "-1.00", "abc", "", None, True, "1e3x", "100000000000000.00", "NaN"]
)
def test_bad_amounts_name_the_field(text):
    with pytest.raises(NationalError) as e:
        parse_amount(text, "input.data.medfee_sumamt", "医疗费总额")
    assert e.value.field == "input.data.medfee_sumamt" and "医疗费总额" in e.value.zh


def test_negative_amounts_only_when_allowed():
    assert parse_amount("-1.50", "x", allow_negative=True) == -150


def test_ratio_count_price():
    assert parse_ratio("0.1", "x") == 1000 and parse_ratio(1, "x") == 10000
    for bad in ("1.0001", "-0.1", "0.12345"):
        with pytest.raises(NationalError):
            parse_ratio(bad, "x")
    assert parse_count("0.5", "x") == Decimal("0.5")
    with pytest.raises(NationalError, match="2302"):
        parse_count("-1", "x")
    assert parse_price("0.123456", "x") == Decimal("0.123456")
    with pytest.raises(NationalError):
        parse_price("0.1234567", "x")
    assert yuan_times(Decimal("3"), Decimal("0.333335")) == 100  # 1.000005 yuan → 1.00 half-up


def test_dates_and_times_exactly_as_the_reference():
    assert parse_date("2026-01-05", "d") == date(2026, 1, 5)
    assert parse_datetime("2026-01-05 09:30:00", "t") == datetime(2026, 1, 5, 9, 30)
    for bad in ("2026-1-5", "2026-02-30", "20260105"):
        with pytest.raises(NationalError):
            parse_date(bad, "d")
    for bad in ("2026-01-05T09:30:00", "2026-01-05 9:30:00", "2026-01-05 24:00:00", "2026-01-05"):
        with pytest.raises(NationalError):
            parse_datetime(bad, "t")


def test_outputs():
    assert fmt_amount(-12345) == "-123.45" and fmt_amount(5) == "0.05"
    assert fmt_prop(7000) == "0.7000"
    assert stamp17(datetime(2025, 5, 30, 15, 37, 8, 362000)) == "20250530153708362"
