"""Working days across public holidays and adjusted working weekends (holidays as data)."""

from __future__ import annotations

from datetime import date

import pytest

from yidi.domain.errors import PolicyFileError
from yidi.policy.calendar import parse_calendar


def test_the_spring_festival_2026_is_skipped_and_the_adjusted_saturday_counts(calendar) -> None:
    # Thu 02-12 → Fri 02-13 (1), Sat 02-14 调休上班 (2), 02-15…02-23 春节, Tue 02-24 (3)
    assert calendar.add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)
    assert calendar.is_working_day(date(2026, 2, 14)) and not calendar.is_working_day(date(2026, 2, 16))


def test_national_day_2025_with_its_adjusted_sunday(calendar) -> None:
    assert calendar.is_working_day(date(2025, 9, 28))  # Sunday, 调休上班
    assert calendar.add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)  # 10-1…10-8 holiday
    assert calendar.working_days_between(date(2025, 9, 26), date(2025, 10, 9)) == 4  # 9-28, 9-29, 9-30, 10-9


def test_twenty_working_days_across_qingming_and_may_day_2024(calendar) -> None:
    # 4-2, 4-3, (清明 4-4…4-6), Sun 4-7 调休, 4-8…4-26 (15), Sun 4-28 调休, Mon 4-29 = 20
    assert calendar.add_working_days(date(2024, 4, 1), 20) == date(2024, 4, 29)
    assert calendar.add_working_days(date(2024, 4, 29), 1) == date(2024, 4, 30)
    assert calendar.add_working_days(date(2024, 4, 30), 1) == date(2024, 5, 6)
    assert calendar.is_working_day(date(2024, 5, 11))  # Saturday, 调休上班


def test_new_year_2026_and_friday_to_monday(calendar) -> None:
    assert calendar.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 4)  # Sunday 01-04 调休上班
    assert calendar.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 16)


def test_years_outside_the_data_skip_weekends_only_and_say_so(calendar) -> None:
    assert not calendar.covers(date(2027, 1, 1)) and calendar.covers(date(2026, 12, 31))
    assert calendar.add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 1)  # 2027 元旦 not in the data
    assert calendar.sources(date(2025, 12, 1), date(2026, 1, 5)) == [
        calendar.years[2025],
        calendar.years[2026],
    ]


def test_between_is_the_inverse_of_add(calendar) -> None:
    start = date(2026, 9, 18)
    for n in range(0, 40):
        assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n
    assert calendar.working_days_between(date(2026, 3, 20), date(2026, 3, 16)) == -4


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"years": {2026: {"holidays": ["2026-01-01"]}}}, "years.2026"),
        ({"years": {2026: {"source": "x", "holidays": ["2026-02-30"]}}}, "years.2026.holidays[0]"),
        (
            {"years": {2026: {"source": "x", "holidays": [["2026-02-23", "2026-02-15"]]}}},
            "years.2026.holidays[0]",
        ),
        ({"years": {2026: {"source": "x", "working_days": ["2026-02-16"]}}}, "years.2026.working_days[0]"),
        ({"years": {2026: {"source": "x", "holidays": ["2025-12-31"]}}}, "years.2026.holidays[0]"),
        (
            {"years": {2026: {"source": "x", "holidays": ["2026-02-14"], "working_days": ["2026-02-14"]}}},
            "years",
        ),
        ([], "years"),
    ],
)
def test_a_broken_calendar_names_file_and_key(raw, key) -> None:
    with pytest.raises(PolicyFileError) as exc:
        parse_calendar(raw)
    assert exc.value.file == "holidays.yaml" and exc.value.key == key
