"""Working days (工作日) for promised dates: Monday–Friday, minus the public holidays of the
State Council's yearly notice, plus its adjusted working weekends (调休上班).

The calendar is data (``policy/data/claims/holidays.yaml``, one entry per year with its
notice). For a year the data does not cover only weekends are skipped, and ``covers`` says so,
so a promise reaching into such a year carries a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from yidi.domain.data_files import file_date as _day
from yidi.domain.errors import PolicyFileError

MAX_SPAN = 400  # a promise is weeks, not years: refuse absurd day counts instead of looping


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: frozenset[date]
    working_weekends: frozenset[date]
    years: dict[int, str]  # year → source notice

    def covers(self, day: date) -> bool:
        return day.year in self.years

    def is_working_day(self, day: date) -> bool:
        if day in self.holidays:
            return False
        return day.weekday() < 5 or day in self.working_weekends

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` itself never counts): a claim accepted
        on Friday with n=1 is due on Monday, or later if Monday is a holiday."""
        if n < 0 or n > MAX_SPAN:
            raise ValueError(f"working days out of range: {n}")
        day, left = start, n
        while left:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end] — negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        span = (end - start).days
        return sum(1 for i in range(1, span + 1) if self.is_working_day(start + timedelta(days=i)))

    def sources(self, start: date, end: date) -> list[str]:
        return [self.years[y] for y in range(start.year, end.year + 1) if y in self.years]


def parse_calendar(raw: Any, file: str = "holidays.yaml") -> WorkingCalendar:
    if not isinstance(raw, dict) or not isinstance(raw.get("years"), dict):
        raise PolicyFileError(file, "years", "应为按年份的映射 / must map years to entries")
    holidays: set[date] = set()
    working: set[date] = set()
    sources: dict[int, str] = {}
    for year, entry in raw["years"].items():
        where = f"years.{year}"
        if not isinstance(year, int) or not isinstance(entry, dict) or not entry.get("source"):
            raise PolicyFileError(file, where, "应有整数年份和 source / needs an int year and a source")
        sources[year] = str(entry["source"])
        for i, item in enumerate(entry.get("holidays", [])):
            key = f"{where}.holidays[{i}]"
            first, last = item if isinstance(item, list) and len(item) == 2 else [item, item]
            a, b = _day(first, file, key), _day(last, file, key)
            if b < a or a.year != year or b.year != year:
                raise PolicyFileError(file, key, "区间无效或不在该年 / bad range or wrong year")
            holidays.update(a + timedelta(days=k) for k in range((b - a).days + 1))
        for i, item in enumerate(entry.get("working_days", [])):
            key = f"{where}.working_days[{i}]"
            d = _day(item, file, key)
            if d.year != year or d.weekday() < 5:
                raise PolicyFileError(
                    file, key, f"调休上班日应为该年的周末 / must be a weekend of {year}: {d}"
                )
            working.add(d)
    clash = holidays & working
    if clash:
        raise PolicyFileError(
            file, "years", f"既是假日又是上班日 / both holiday and working day: {min(clash)}"
        )
    return WorkingCalendar(frozenset(holidays), frozenset(working), sources)


def load_calendar(path: Path | None = None) -> WorkingCalendar:
    from yidi.domain.claims.loading import data_dir

    path = path or data_dir() / "holidays.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyFileError(path.name, "<file>", f"无法读取 / unreadable: {exc}") from None
    return parse_calendar(raw, path.name)


_packaged: WorkingCalendar | None = None


def packaged_calendar() -> WorkingCalendar:
    """The packaged calendar (read once per process)."""
    global _packaged
    if _packaged is None:
        _packaged = load_calendar()
    return _packaged
