"""Advance funds (预付金) per (参保地, 就医地) pair and year — seed 002 第五条 先预付后清算.

Sizing (A-CLR-06…08): ``advance_months`` × the previous year's average monthly fund payment of
the pair (its year total ÷ 12), at least the minimum, rounded up to the unit. After each month's
clearing the usage ratio (A-CLR-12) is that month's cleared amount ÷ the advance held; at the
threshold (A-CLR-09, 70 %) a warning and a top-up request (A-CLR-10). Exact integer arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass

from yidi.domain.clearing.parameters import DEFAULTS, ClearingParameters
from yidi.domain.money import RATIO_SCALE


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


@dataclass(frozen=True)
class AdvanceSizing:
    amount: int  # fen
    previous_year_fund: int
    by_rule: int  # advance_months × monthly average, rounded up to the unit, before the minimum
    minimum_applied: bool


def size_advance(previous_year_fund: int, params: ClearingParameters = DEFAULTS) -> AdvanceSizing:
    """The advance for a year from the pair's fund payment (net of reversals) of the year before."""
    basis = max(previous_year_fund, 0)
    unit = params.advance_unit_fen
    by_rule = _ceil_div(basis * params.advance_months, 12 * unit) * unit
    amount = max(by_rule, params.advance_minimum_fen)
    return AdvanceSizing(amount, previous_year_fund, by_rule, amount != by_rule)


@dataclass(frozen=True)
class Usage:
    month_amount: int
    advance: int
    ratio_bp: int | None  # None when no advance is held
    warning: bool
    top_up: int  # fen requested on top of the advance held (0 without a warning)


def usage(month_amount: int, advance: int, params: ClearingParameters = DEFAULTS) -> Usage:
    """How much of the advance one month's clearing uses, and the top-up it calls for."""
    used = max(month_amount, 0)
    if advance > 0:
        ratio = (used * RATIO_SCALE * 2 + advance) // (advance * 2)  # half-up
        warning = ratio >= params.usage_warning_bp
    else:
        ratio, warning = None, used > 0
    top_up = 0
    if warning:
        target = max(_ceil_div(used * params.advance_months, params.advance_unit_fen) * params.advance_unit_fen,
                     params.advance_minimum_fen)  # fmt: skip
        top_up = max(target - advance, 0)
    return Usage(month_amount, advance, ratio, warning, top_up)
