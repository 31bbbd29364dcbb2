"""Months of reserve (004 二): exact arithmetic, the last 12 recorded months, the 6-month warning,
display rounding that never shows a warned region at 6.00."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from yidi.domain.errors import InvalidInput
from yidi.domain.fund.reserve import MonthFigure, months_of_reserve


def _months(n: int, balance: int, spend: int, start_year: int = 2024) -> list[MonthFigure]:
    return [MonthFigure(date(start_year + i // 12, i % 12 + 1, 1), balance + i, spend) for i in range(n)]


def test_latest_balance_over_average_of_last_twelve_recorded_months() -> None:
    figures = _months(14, 100_000_00, 10_000_00)
    figures[0] = MonthFigure(date(2024, 1, 1), 1, 999_999_99)  # 14 months back: outside the window
    r = months_of_reserve("219900", list(reversed(figures)))
    assert r.as_of == date(2025, 2, 1) and r.months_averaged == 12
    assert r.balance == 100_000_13 and r.avg_monthly_expenditure == 10_000_00
    assert r.months == Fraction(100_000_13, 10_000_00)
    assert r.as_json() == {
        "region": "219900",
        "balance": "100000.13",
        "avg_monthly_expenditure": "10000.00",
        "months": "10.00",
        "warning": False,
    }


def test_fewer_months_recorded_are_averaged_as_they_are() -> None:
    r = months_of_reserve(
        "211200", [MonthFigure(date(2025, 1, 1), 0, 100), MonthFigure(date(2025, 2, 1), 700, 201)]
    )
    assert r.months_averaged == 2 and r.avg_monthly_expenditure == Fraction(301, 2)
    assert r.as_json()["avg_monthly_expenditure"] == "1.51"  # 150.5 fen, half-up


def test_warning_below_six_months_exactly_and_display_rounds_towards_zero() -> None:
    just_below = months_of_reserve("R", [MonthFigure(date(2025, 1, 1), 5_999_999, 1_000_000)])
    assert just_below.warning and just_below.as_json()["months"] == "5.99"  # 5.999999: never "6.00"
    exactly_six = months_of_reserve("R", [MonthFigure(date(2025, 1, 1), 6_000_000, 1_000_000)])
    assert not exactly_six.warning and exactly_six.as_json()["months"] == "6.00"


def test_nothing_spent_and_negative_balance() -> None:
    idle = months_of_reserve("R", [MonthFigure(date(2025, 1, 1), 500, 0)])
    assert idle.months is None and not idle.warning and idle.as_json()["months"] is None
    broke = months_of_reserve("R", [MonthFigure(date(2025, 1, 1), -500, 0)])
    assert broke.warning


def test_reform_changes_the_monthly_spending() -> None:
    r = months_of_reserve("R", _months(12, 70_000, 10_000))
    assert not r.warning
    after = r.with_monthly_change(Fraction(2_000))
    assert after.months == Fraction(70_011, 12_000) and after.warning


def test_bad_figures_are_all_reported() -> None:
    with pytest.raises(InvalidInput) as exc:
        months_of_reserve("R", [MonthFigure(date(2025, 1, 1), 1, -1), MonthFigure(date(2025, 1, 1), 1, 1)])
    assert [p.field for p in exc.value.problems] == ["expenditure", "month"]
    with pytest.raises(InvalidInput):
        months_of_reserve("R", [])
