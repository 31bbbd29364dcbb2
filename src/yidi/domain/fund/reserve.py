"""Months of reserve (基金累计结余可支付月数), seed 004 二.

    months = latest accumulated balance ÷ average monthly fund expenditure,

the average taken over the last 12 *recorded* months (fewer when fewer are recorded; the result
says how many). Below 6 months the region must strengthen its risk control and adjust its policy
(004 二：基金累计结余可支付月数少于6个月……应加强医保基金运行风险防范，及时进行政策优化调整), so
yidi raises a warning. The comparison with 6 is exact (integers); the display of ``months`` is
rounded towards zero to two decimals, so a region shown at "6.00" is never one that is warned;
the average is shown half-up to the fen.

The expenditure of a month is the fund's whole expenditure (local and cross-region) as recorded
by the region; the cross-region part can be taken from the settlements (phase B), the rest is
what the region reports.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_DOWN
from fractions import Fraction
from typing import Any

from yidi.domain.errors import FieldProblem, InvalidInput
from yidi.domain.fund.exact import fen_text, text_of

THRESHOLD_MONTHS = 6  # 004 二: 少于6个月
WINDOW_MONTHS = 12  # the definition: the last 12 recorded months


@dataclass(frozen=True)
class MonthFigure:
    """One recorded month of one region's fund: balance at month end and that month's spending."""

    month: date  # first day of the month
    balance: int  # accumulated balance (累计结余), fen; may be negative
    expenditure: int  # fund expenditure of the month (当月基金支出), fen, ≥ 0
    source: str = ""


@dataclass(frozen=True)
class Reserve:
    """Months of reserve of a region as of its latest recorded month (exact fractions of fen)."""

    region: str
    as_of: date
    balance: int  # fen
    months_averaged: int
    avg_monthly_expenditure: Fraction  # fen a month
    threshold: int = THRESHOLD_MONTHS

    @property
    def months(self) -> Fraction | None:
        """Exact months; ``None`` when nothing is spent (the balance never runs out)."""
        if self.avg_monthly_expenditure == 0:
            return None
        return self.balance / self.avg_monthly_expenditure

    @property
    def warning(self) -> bool:
        """Fewer than ``threshold`` months (a negative balance always warns)."""
        return self.balance < self.threshold * self.avg_monthly_expenditure or self.balance < 0

    def with_monthly_change(self, change: Fraction) -> Reserve:
        """The same balance against the average changed by ``change`` fen a month (a reform)."""
        average = max(self.avg_monthly_expenditure + change, Fraction(0))
        return replace(self, avg_monthly_expenditure=average)

    def as_json(self) -> dict[str, Any]:
        """The ``yidi fund reserve --json`` body: amounts in yuan, months to two decimals."""
        return {
            "region": self.region,
            "balance": fen_text(self.balance),
            "avg_monthly_expenditure": fen_text(self.avg_monthly_expenditure),
            "months": text_of(self.months, 2, ROUND_DOWN),
            "warning": self.warning,
        }


def months_of_reserve(
    region: str, figures: list[MonthFigure], threshold: int = THRESHOLD_MONTHS, window: int = WINDOW_MONTHS
) -> Reserve:
    """Months of reserve from a region's recorded months (any order; each month once)."""
    problems = []
    if not figures:
        problems.append(
            FieldProblem("figures", f"{region} 没有基金收支记录", f"no fund figures recorded for {region}")
        )
    seen: set[date] = set()
    for f in figures:
        if f.month in seen:
            problems.append(
                FieldProblem("month", f"{f.month:%Y-%m} 重复记录", f"{f.month:%Y-%m} is recorded twice")
            )
        seen.add(f.month)
        if f.expenditure < 0:
            problems.append(
                FieldProblem(
                    "expenditure", f"{f.month:%Y-%m} 支出不能为负", f"{f.month:%Y-%m}: negative expenditure"
                )
            )
    if problems:
        raise InvalidInput(problems)
    recent = sorted(figures, key=lambda f: f.month)[-window:]
    average = Fraction(sum(f.expenditure for f in recent), len(recent))
    return Reserve(region, recent[-1].month, recent[-1].balance, len(recent), average, threshold)
