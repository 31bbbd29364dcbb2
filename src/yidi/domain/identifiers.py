"""Resident identity card numbers (公民身份号码, GB 11643-1999).

Checks length, characters, birth date and the ISO 7064 MOD 11-2 check character. The first six
digits (birthplace) are *not* gated on a list of codes: a number keeps its birthplace code for
life, also after the division code is retired, so a list check would reject valid numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from yidi.domain.errors import InvalidInput

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


@dataclass(frozen=True)
class IdNumber:
    """A valid 18-character identity number with what it encodes."""

    value: str

    @property
    def birth_date(self) -> date:
        v = self.value
        return date(int(v[6:10]), int(v[10:12]), int(v[12:14]))

    @property
    def gender(self) -> str:
        """'1' male, '2' female (national gend code), from the parity of the 17th digit."""
        return "1" if int(self.value[16]) % 2 else "2"

    @property
    def masked(self) -> str:
        return self.value[:6] + "********" + self.value[14:]


def check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def parse_id_number(text: object, field: str = "certno", *, today: date | None = None) -> IdNumber:
    """Validate an identity number; errors name what is wrong (长度/字符/出生日期/校验位)."""
    if not isinstance(text, str):
        raise InvalidInput.of(field, "身份证号必须是字符串", "identity number must be a string")
    v = text.strip().upper()
    if len(v) != 18:
        raise InvalidInput.of(
            field,
            f"身份证号应为 18 位，实际 {len(v)} 位",
            f"identity number must have 18 characters, got {len(v)}",
        )
    if not _SHAPE.match(v):
        raise InvalidInput.of(
            field, "身份证号前 17 位应为数字，末位为数字或 X", "identity number: 17 digits then a digit or X"
        )
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        raise InvalidInput.of(
            field, f"身份证号中的出生日期不存在：{v[6:14]}", f"birth date {v[6:14]} does not exist"
        ) from None
    if born < date(1880, 1, 1) or born > (today or date.today()):
        raise InvalidInput.of(field, f"身份证号中的出生日期不合理：{born}", f"implausible birth date {born}")
    expected = check_char(v[:17])
    if v[17] != expected:
        raise InvalidInput.of(
            field, f"身份证号校验位错误（应为 {expected}）", f"check character should be {expected}"
        )
    return IdNumber(v)
