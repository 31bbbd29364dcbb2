"""The clearing month (清算年月, ``setlym``): a calendar month of settlement times.

A settlement belongs to the month of its ``setl_time``; a reversal (2305/2208) to the month in
which it happened, so a reversal of an earlier, already cleared month lowers the month it falls in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from yidi.domain.errors import InvalidInput

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: object, field: str = "month") -> Month:
        m = _MONTH.match(text) if isinstance(text, str) else None
        if m is None:
            raise InvalidInput.of(
                field, f"清算年月格式应为 YYYY-MM：{text!r}", f"clearing month must be YYYY-MM: {text!r}"
            )
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def compact(self) -> str:
        """``YYYYMM`` as in ``setlym`` and in statement ids."""
        return f"{self.year:04d}{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    @property
    def start(self) -> datetime:
        """First instant of the month (settlement times are naive local times)."""
        return datetime(self.year, self.month, 1)

    @property
    def end(self) -> datetime:
        """First instant after the month (exclusive bound)."""
        return self.next().start

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def opens_for_clearing(self, close_after_days: int) -> date:
        """The first business day on which the month may be cleared (A-CLR-02)."""
        return self.next().first_day + timedelta(days=close_after_days)
