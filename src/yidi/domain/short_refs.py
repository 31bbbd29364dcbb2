"""Short reference numbers (业务受理编号) a person can read over the phone (issue 19 scope 6).

Every filing and every manual claim keeps its internal 32-hex id and also gets a short number:
two letters for the kind, the business day and that day's sequence for the kind, e.g.
``BA20261203-0001`` (备案) or ``BX20261203-0001`` (报销). The counter lives in storage
(``adapters/short_refs.py``) and is taken in the transaction that creates the record, so two
concurrent requests never share a number. The format is the project's choice (A-WEB-04): the
documents ask for a number people can quote, not for its layout.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum


class RefKind(StrEnum):
    FILING = "BA"  # 备案
    CLAIM = "BX"  # 报销


_REF = re.compile(r"^(BA|BX)(\d{8})-(\d{4,})$")


def format_ref(kind: RefKind, day: date, seq: int) -> str:
    """``BA20261203-0001``: kind, day, sequence (four digits, more after 9 999 a day)."""
    if seq < 1:
        raise ValueError("sequence starts at 1")
    return f"{kind}{day:%Y%m%d}-{seq:04d}"


def parse_ref(text: str) -> tuple[RefKind, str] | None:
    """The kind and the normalised number of a typed reference (spaces dropped, letters in upper
    case, ``ba20261203 0001`` too), or None when the text is not a reference number."""
    compact = re.sub(r"\s+", "", text or "").upper()
    if re.fullmatch(r"(BA|BX)\d{12,}", compact):
        compact = f"{compact[:10]}-{compact[10:]}"
    m = _REF.match(compact)
    return None if m is None else (RefKind(m.group(1)), compact)
