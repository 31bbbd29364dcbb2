"""Load the working-day calendar (``policy/data/claims/holidays.yaml``): one entry per year with
the State Council notice it comes from, its public holidays and adjusted working weekends.

Each year is a dated value (1 January to 31 December) citing its notice; a broken entry fails
with ``PolicyFileError`` naming the file and the key.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from yidi.domain.claims.workcalendar import WorkingCalendar
from yidi.domain.rules import DatedValue, chain
from yidi.policy.dated import parse_citation
from yidi.policy.files import Fields, data_dir, read_yaml

FILE = "holidays.yaml"


def _days(f: Fields, entry: dict[str, Any], year: int, where: str) -> tuple[set[date], set[date]]:
    holidays: set[date] = set()
    working: set[date] = set()
    for i, item in enumerate(entry.get("holidays", [])):
        key = f"{where}.holidays[{i}]"
        first, last = item if isinstance(item, list) and len(item) == 2 else [item, item]
        a, b = f.day(first, key), f.day(last, key)
        if b < a or a.year != year or b.year != year:
            f.fail(key, "区间无效或不在该年 / bad range or wrong year")
        holidays.update(a + timedelta(days=k) for k in range((b - a).days + 1))
    for i, item in enumerate(entry.get("working_days", [])):
        key = f"{where}.working_days[{i}]"
        d = f.day(item, key)
        if d.year != year or d.weekday() < 5:
            f.fail(key, f"调休上班日应为该年的周末 / must be a weekend of {year}: {d}")
        working.add(d)
    return holidays, working


def parse_calendar(raw: Any, file: str = FILE) -> WorkingCalendar:
    f = Fields(file)
    if not isinstance(raw, dict) or not isinstance(raw.get("years"), dict):
        f.fail("years", "应为按年份的映射 / must map years to entries")
    years: list[DatedValue] = []
    for year, entry in raw["years"].items():
        where = f"years.{year}"
        if not isinstance(year, int) or not isinstance(entry, dict) or not entry.get("source"):
            f.fail(where, "应有整数年份和 source / needs an int year and a source")
        days = _days(f, entry, year, where)
        citation = parse_citation(entry, f, where)
        years.append(
            DatedValue(
                "calendar", days, date(year, 1, 1), date(year, 12, 31), citation, origin=file, key=where
            )
        )
    chain(years)
    holidays = {d for v in years for d in v.value[0]}
    working = {d for v in years for d in v.value[1]}
    clash = holidays & working
    if clash:
        f.fail("years", f"既是假日又是上班日 / both holiday and working day: {min(clash)}")
    return WorkingCalendar(frozenset(holidays), frozenset(working), {v.start.year: v.source for v in years})


def load_calendar(path: Path | None = None) -> WorkingCalendar:
    path = path or data_dir("claims") / FILE
    return parse_calendar(read_yaml(path), path.name)


@cache
def packaged_calendar() -> WorkingCalendar:
    """The packaged calendar (read once per process)."""
    return load_calendar()
