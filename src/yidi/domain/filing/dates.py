"""Calendar arithmetic the filing rules speak in: months (6个月) and working days (工作日)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import TYPE_CHECKING

from yidi.domain.errors import InvalidInput

if TYPE_CHECKING:  # the claims package imports the settlement kernel (numpy)
    from yidi.domain.claims.workcalendar import WorkingCalendar


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; a missing day (31 Feb) becomes the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(day: date, days: int, workdays: WorkingCalendar | None = None) -> date:
    """``days`` working days after ``day``: with the working-day calendar, public holidays are
    skipped and adjusted working weekends count (the State Council's yearly notice); without it,
    or for a year it does not cover, Monday–Friday."""
    if workdays is not None and workdays.covers(day) and workdays.covers(day + timedelta(days=days * 3)):
        return workdays.add_working_days(day, days)
    current = day
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def parse_date(text: object, field: str) -> date:
    """Parse an ISO date (YYYY-MM-DD); an impossible date (2025-02-30) is a clear error."""
    if isinstance(text, date):
        return text
    if not isinstance(text, str):
        raise InvalidInput.of(field, "日期必须是 YYYY-MM-DD 字符串", "date must be a YYYY-MM-DD string")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput.of(
            field,
            f"日期不存在或格式错误：{text!r}（应为 YYYY-MM-DD）",
            f"no such date or bad format: {text!r}",
        ) from None
