"""Working days (工作日) for promised dates: Monday–Friday, minus the public holidays of the
State Council's yearly notice, plus its adjusted working weekends (调休上班).

The calendar is data (``policy/data/claims/holidays.yaml``, one entry per year with its
notice, loaded by ``yidi.policy.calendar``). For a year the data does not cover only weekends
are skipped, and ``covers`` says so, so a promise reaching into such a year carries a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

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
