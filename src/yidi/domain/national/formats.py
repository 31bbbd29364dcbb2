"""Field formats of the national interface (the national interface specification: data formats;
see docs/national-interface.md).

* amounts 数值型 16,2 → integer fen; ``cnt`` 16,4; ``pric`` 16,6; ratios 5,4 → basis points;
* dates ``yyyy-MM-dd``; datetimes ``yyyy-MM-dd HH:mm:ss``;
* ``refmsg_time`` / ``respond_time`` ``yyyyMMddHHmmssSSS`` (char 17).

Inputs may be JSON strings or numbers (HIS systems send both); outputs are always strings with
the exact number of decimals, so the hospital never sees a binary float. Rounding is half-up.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from yidi.domain.money import fmt_fen, fmt_ratio
from yidi.domain.national.errors import invalid

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\Z")
MAX_INT_DIGITS = 14  # 16,2 / 16,4 … leave at most 14 digits before the point for amounts


def _decimal(value: object, field: str, label: str, places: int, int_digits: int) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise invalid(field, label, f"应为数值，收到 {value!r}")
    text = repr(value) if isinstance(value, float) else str(value).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise invalid(field, label, f"不是数值：{value!r}") from None
    if not number.is_finite():
        raise invalid(field, label, f"不是有限数值：{value!r}")
    exponent = number.as_tuple().exponent
    if (
        isinstance(exponent, int)
        and -exponent > places
        and number != number.quantize(Decimal(1).scaleb(-places))
    ):
        raise invalid(field, label, f"最多 {places} 位小数，收到 {value!r}")
    if abs(number) >= Decimal(10) ** int_digits:
        raise invalid(field, label, f"数值过大：{value!r}")
    return number


def parse_amount(value: object, field: str, label: str = "金额", *, allow_negative: bool = False) -> int:
    """A 16,2 amount in yuan → integer fen."""
    number = _decimal(value, field, label, 2, MAX_INT_DIGITS)
    if number < 0 and not allow_negative:
        raise invalid(field, label, f"不能为负数：{value!r}")
    return int((number * 100).to_integral_value(rounding=ROUND_HALF_UP))


def parse_count(value: object, field: str, label: str = "数量", *, refund: bool = False) -> Decimal:
    """A 16,4 quantity: positive, or negative on a 退单 line (``refund``: one that names the line
    it returns in ``init_feedetl_sn``, fee details: "退单时数量填写负数")."""
    number = _decimal(value, field, label, 4, 12)
    if refund and number >= 0:
        raise invalid(field, label, f"退单行（填写了 init_feedetl_sn）数量应为负数，收到 {value!r}")
    if not refund and number <= 0:
        raise invalid(
            field, label, f"应大于 0，收到 {value!r}（退单须填写 init_feedetl_sn 原费用流水号，或用【2302】撤销明细）"
        )
    return number


def parse_price(value: object, field: str, label: str = "单价") -> Decimal:
    """A 16,6 unit price in yuan (non-negative)."""
    number = _decimal(value, field, label, 6, 10)
    if number < 0:
        raise invalid(field, label, f"不能为负数：{value!r}")
    return number


def parse_ratio(value: object, field: str, label: str = "比例") -> int:
    """A 5,4 ratio in [0, 1] → basis points (1/10000)."""
    number = _decimal(value, field, label, 4, 1)
    if not 0 <= number <= 1:
        raise invalid(field, label, f"应在 0 到 1 之间，收到 {value!r}")
    return int(number * 10_000)


def yuan_times(cnt: Decimal, price_yuan: Decimal) -> int:
    """cnt × price (yuan) rounded half-up to the fen."""
    return int((cnt * price_yuan * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_date(value: object, field: str, label: str = "日期") -> date:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise invalid(field, label, f"应为 yyyy-MM-dd 的真实日期，收到 {value!r}")


def parse_datetime(value: object, field: str, label: str = "时间") -> datetime:
    if isinstance(value, str) and _DATETIME.match(value):
        try:
            return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            pass
    raise invalid(field, label, f"应为 yyyy-MM-dd HH:mm:ss 的真实时间，收到 {value!r}")


def fmt_amount(fen: int) -> str:
    """16,2 output: '1234.56' (negative for reversal records)."""
    return fmt_fen(fen)


def fmt_prop(bp: int) -> str:
    """5,4 output: '0.1000'."""
    return fmt_ratio(bp)


def fmt_date(d: date) -> str:
    return d.strftime("%Y-%m-%d")


def fmt_datetime(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


def stamp17(t: datetime) -> str:
    """yyyyMMddHHmmssSSS (refmsg_time, respond_time)."""
    return t.strftime("%Y%m%d%H%M%S") + f"{t.microsecond // 1000:03d}"
