"""What a filing may be for (备案的范围): a real place inside 异地就医, on plausible dates.

* 异地就医 is care in China outside the insured region, not in 香港、澳门、台湾 (seed 001 一): a
  filing — by any channel, the hospital's auto filing included — to a place in
  ``outside_cross_region`` is refused, naming that clause;
* a place must exist (``regions.known_place``: 999900 is no place), checked where the place is
  parsed (``places.treatment_place``);
* a start or admission date more than ``max_days_ahead`` days after the filing day (2999-01-01) is
  a typing error, refused (assumption A-FIL-12).
"""

from __future__ import annotations

from datetime import date

from yidi.domain.errors import FilingRefused
from yidi.domain.filing.clauses import Reason
from yidi.domain.filing.rules import RegionRules
from yidi.domain.regions import division_name, province_of


def check_in_scope(place: str, rules: RegionRules, on: date, field: str = "treatment_region") -> None:
    """Refuse a treatment place outside 异地就医 (香港、澳门、台湾; seed 001 一)."""
    param = rules.get("outside_cross_region", on)
    excluded = rules.as_tuple("outside_cross_region", on)
    if province_of(place) in excluded or place in excluded:
        name = division_name(province_of(place)) or place
        raise FilingRefused(
            "OUTSIDE_CROSS_REGION",
            Reason(
                "place.outside_cross_region",
                f"{name}（{place}）不属于异地就医范围（异地就医不含香港、澳门、台湾地区），不能办理备案",
                f"{place} is outside cross-region care (Hong Kong, Macau and Taiwan are excluded): no filing",
                param.clause,
                {"treatment_region": place, "excluded": param.value},
                field,
            ),
        )


def outside_reason(place: str, rules: RegionRules, on: date) -> Reason | None:
    """The reason ``place`` is outside 异地就医, or None (for answers that do not refuse)."""
    try:
        check_in_scope(place, rules, on)
    except FilingRefused as exc:
        assert isinstance(exc.reason, Reason)
        return exc.reason
    return None


def check_dates_plausible(on: date, rules: RegionRules, **dates: date | None) -> None:
    """Refuse a start or admission date too far after the filing day (``max_days_ahead``)."""
    param = rules.get("max_days_ahead", on)
    limit = rules.as_int("max_days_ahead", on)
    for name, day in dates.items():
        if day is not None and (day - on).days > limit:
            raise FilingRefused(
                "DATE_IMPLAUSIBLE",
                Reason(
                    "validity.date_implausible",
                    f"日期 {day} 晚于办理日期 {on} 超过 {limit} 天，请核对",
                    f"{name} {day} is more than {limit} days after the filing day {on}",
                    param.clause,
                    {name: day, "filed_on": on, "max_days_ahead": limit},
                    name,
                ),
            )
