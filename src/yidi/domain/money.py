"""Money as integer fen (分). Parsing, formatting and half-up rounding (四舍五入).

Every amount inside yidi is an ``int`` number of fen; ratios are ``int`` basis points of 1/10000
(万分比), so a 89% ratio is 8900 and ``pool_prop_selfpay`` (5,4) prints as ``0.8900``.
Python's ``Decimal`` default is ROUND_HALF_EVEN and ``round()`` is banker's rounding: neither is
used here (assumption A-SET-06, docs/assumptions.md).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from yidi.domain.errors import InvalidInput

RATIO_SCALE = 10_000
# The national interface types amounts as (16,2); we cap far below so int64 vectors never overflow
# when multiplied by a ratio in basis points (1e12 fen * 1e4 < 9.2e18).
MAX_AMOUNT_FEN = 10**12

# Patterns shared by the scalar parsers here and the vectorised fee-line parser (RE2 syntax).
AMOUNT_PATTERN = r"^\d{1,14}(\.\d{1,2})?$"
RATIO_PATTERN = r"^(0(\.\d{1,4})?|1(\.0{1,4})?)$"
COUNT_PATTERN = r"^\d{1,8}(\.\d{1,4})?$"
_AMOUNT = re.compile(r"(\d{1,14})(?:\.(\d{1,2}))?\Z")
_RATIO = re.compile(RATIO_PATTERN)
_COUNT = re.compile(COUNT_PATTERN)


def parse_fen(text: object, field: str) -> int:
    """Parse a non-negative amount string in yuan with at most two decimals into fen.

    Hot path of the desk (a 500-line bill parses ~2 000 amounts): regex groups, no Decimal.
    """
    m = _AMOUNT.match(text) if type(text) is str else None
    if m is None:
        if isinstance(text, bool) or not isinstance(text, str | int):
            raise InvalidInput.of(
                field, '金额必须是字符串，如 "1200.00"', 'amount must be a string such as "1200.00"'
            )
        raise InvalidInput.of(
            field,
            f"金额格式错误：{text!r}（应为非负数，最多两位小数）",
            f"bad amount {text!r}: expected a non-negative number with at most two decimals",
        )
    whole, frac = m.group(1), m.group(2)
    fen = int(whole) * 100 + (0 if frac is None else int(frac) * (10 if len(frac) == 1 else 1))
    if fen > MAX_AMOUNT_FEN:
        raise InvalidInput.of(field, f"金额过大：{text}", f"amount too large: {text}")
    return fen


def parse_ratio_bp(text: object, field: str) -> int:
    """Parse a ratio string in [0, 1] with at most four decimals into basis points of 1/10000."""
    if type(text) is not str or not _RATIO.match(text):
        raise InvalidInput.of(
            field,
            f'比例格式错误：{text!r}（应为 0 到 1 之间的字符串，最多四位小数，如 "0.10"）',
            f'bad ratio {text!r}: expected a string 0..1 with at most four decimals, such as "0.10"',
        )
    return int(Decimal(text) * RATIO_SCALE)


def parse_count(text: object, field: str) -> Decimal:
    """Parse a quantity (数量), which may be fractional (e.g. 0.5 of a box)."""
    if type(text) is not str or not _COUNT.match(text):
        raise InvalidInput.of(
            field,
            f"数量格式错误：{text!r}（应为非负数字字符串，最多四位小数）",
            f"bad quantity {text!r}: expected a non-negative number string with at most four decimals",
        )
    return Decimal(text)


def mul_ratio(fen: int, ratio_bp: int) -> int:
    """fen × ratio, rounded half-up to the fen (non-negative operands)."""
    return (fen * ratio_bp + RATIO_SCALE // 2) // RATIO_SCALE


def round_half_up(value: Decimal) -> int:
    """Round a Decimal amount of fen half-up to an integer fen."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fmt_fen(fen: int) -> str:
    """Format fen as a yuan string with two decimals: 123456 → '1234.56'."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def fmt_ratio(bp: int) -> str:
    """Format basis points as a four-decimal ratio: 8900 → '0.8900'."""
    return f"{bp // RATIO_SCALE}.{bp % RATIO_SCALE:04d}"


def yuan_to_fen(value: str | int | float | Decimal) -> int:
    """Convert a policy-file amount in yuan (YAML number) to fen exactly."""
    return int((Decimal(str(value)) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def ratio_to_bp(value: str | int | float | Decimal) -> int:
    """Convert a policy-file ratio (YAML number such as 0.89) to basis points exactly."""
    return int((Decimal(str(value)) * RATIO_SCALE).to_integral_value(rounding=ROUND_HALF_UP))
