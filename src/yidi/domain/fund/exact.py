"""Exact quotients and how they are shown (精确比值与显示舍入).

Every indicator is kept as a ``Fraction`` of integers (fen, counts, basis points) and compared
exactly; only its display is rounded, each with the rule its reader needs: half-up (四舍五入,
away from zero at the half) by default, or towards zero where a rounded figure must never cross
a threshold the exact one has not (months of reserve shown as "6.00" are never fewer than six).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction


def decimal_of(value: Fraction | int, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``value`` as a Decimal with ``places`` decimals, rounded once from the exact quotient."""
    if rounding not in (ROUND_HALF_UP, ROUND_DOWN):
        raise ValueError(f"unsupported rounding {rounding}")
    scaled = abs(Fraction(value)) * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if rounding == ROUND_HALF_UP and 2 * rest >= scaled.denominator:
        whole += 1
    shown = Decimal(whole).scaleb(-places)
    return -shown if value < 0 and whole else shown


def text_of(value: Fraction | int | None, places: int, rounding: str = ROUND_HALF_UP) -> str | None:
    """The display string of ``value`` (``None`` stays ``None``: nothing to show)."""
    return None if value is None else str(decimal_of(value, places, rounding))


def fen_text(fen: int | Fraction) -> str:
    """Fen (possibly a fractional average) as yuan with two decimals, half-up: 123456 → "1234.56"."""
    return str(decimal_of(Fraction(fen) / 100, 2))
