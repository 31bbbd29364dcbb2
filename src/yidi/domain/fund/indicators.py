"""Operations indicators (运行监测指标) as exact definitions; the dashboard (phase B) feeds them counts
and sums of one region and period and shows the rounded forms.

- **直接结算率** (direct-settlement rate; seed 003 二(三) names a low rate as a problem): cross-region
  stays settled directly at the hospital ÷ (those + stays reimbursed by manual claim), by 人次
  (counts) and by amount (medical fees, ``medfee_sumamt``). Manual claims count when paid; a stay
  counts once, in the period of its settlement.
- **次均费用** (average cost per stay): medical fees ÷ stays, half-up to the fen.
- **基金支付比例** (fund share): fund payments (``fund_pay_sumamt``) ÷ medical fees.
- **手工报销办结时限** (manual-claim turnaround): of the claims decided in the period, the share
  decided by the promised day; open claims past their promised day are overdue.

Rates are fractions shown as four-decimal ratios ("0.7500", like every ratio in yidi), half-up; a
rate with nothing to divide by is ``None`` (shown as "—" by the pages), never zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from yidi.domain.fund.exact import fen_text, text_of


@dataclass(frozen=True)
class Rate:
    """numerator ÷ denominator, kept exact."""

    numerator: int
    denominator: int

    @property
    def value(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    def text(self) -> str | None:
        """Four decimals, half-up: 3 of 4 → "0.7500"; nothing to divide by → None."""
        return text_of(self.value, 4)


@dataclass(frozen=True)
class SettlementCounts:
    """Cross-region stays of one region and period, by how they were settled."""

    direct_stays: int
    direct_medfee: int  # fen
    direct_fund: int  # fen, fund_pay_sumamt
    manual_stays: int
    manual_medfee: int  # fen
    manual_fund: int  # fen


def direct_settlement_rate(c: SettlementCounts) -> tuple[Rate, Rate]:
    """(by 人次, by amount): direct ÷ (direct + manual)."""
    return (
        Rate(c.direct_stays, c.direct_stays + c.manual_stays),
        Rate(c.direct_medfee, c.direct_medfee + c.manual_medfee),
    )


def average_cost_per_stay(medfee: int, stays: int) -> str | None:
    """次均费用 in yuan, half-up to the fen."""
    return fen_text(Fraction(medfee, stays)) if stays else None


def fund_share(fund: int, medfee: int) -> Rate:
    """基金支付比例: fund payments ÷ medical fees."""
    return Rate(fund, medfee)


@dataclass(frozen=True)
class ClaimTiming:
    """One manual claim: when it was accepted, the promised day, and when it was decided."""

    promised: date
    decided: date | None  # None while open


@dataclass(frozen=True)
class Turnaround:
    decided: int
    on_time: Rate  # decided by the promised day ÷ decided
    overdue_open: int  # open and past the promised day
    due_open: int  # open and not yet due


def turnaround(claims: Iterable[ClaimTiming], today: date) -> Turnaround:
    """Manual-claim turnaround as of ``today`` (the promise: the claims domain's working days)."""
    decided = on_time = overdue = due = 0
    for c in claims:
        if c.decided is not None:
            decided += 1
            on_time += c.decided <= c.promised
        elif today > c.promised:
            overdue += 1
        else:
            due += 1
    return Turnaround(decided, Rate(on_time, decided), overdue, due)
