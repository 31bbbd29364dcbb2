"""Helpers for reading rule data files (YAML): one way to read a date, one error style."""

from __future__ import annotations

from datetime import date

from yidi.domain.errors import PolicyFileError


def file_date(value: object, file: str, key: str) -> date:
    """A date from a data file (a YAML date or 'YYYY-MM-DD'); otherwise PolicyFileError(file, key)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise PolicyFileError(file, key, f"日期无效 / invalid date: {value!r}") from None
