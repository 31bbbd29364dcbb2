"""Filing rules as dated parameters per pooling region (备案规则参数).

Each parameter has dated values that cite their clause (``DatedValue``). For a region, its own
file's values (the region layer) and the provincial default's (the default layer) are combined
by the one precedence rule of ``yidi.domain.rules.timeline``: within a file a value applies until
the next one starts (or its ``to``); a region's value in force outranks the default. Where a later
provincial document supersedes a region's rule (seed 000 落款: the 2021 notice over inconsistent
2017 rules; the 2025 notice over earlier city rules), the region's value ends with a ``to`` the
day before. The YAML loader is ``yidi.policy.filing``; this module is pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from yidi.domain.errors import PolicyUndecidable
from yidi.domain.rules import DatedValue, in_force

if TYPE_CHECKING:  # the claims package imports the settlement kernel (numpy)
    from yidi.domain.claims.workcalendar import WorkingCalendar

Values = dict[str, tuple[DatedValue, ...]]


@dataclass(frozen=True)
class RegionRules:
    """The filing rules of one pooling region: its own values plus the provincial default."""

    region: str
    values: Values = field(default_factory=dict)
    # the working-day calendar (public holidays, 调休) for periods in 工作日; None = weekends only
    calendar: WorkingCalendar | None = None

    def get(self, name: str, on: date) -> DatedValue:
        """The value of ``name`` governing on ``on``."""
        hits = in_force(self.values.get(name, ()), on)
        if not hits:
            raise PolicyUndecidable(
                name,
                f"统筹区 {self.region} 在 {on} 没有备案规则参数 {name}",
                f"no filing rule {name} for region {self.region} on {on}",
            )
        return hits[0]

    def value(self, name: str, on: date) -> object:
        return self.get(name, on).value

    def as_int(self, name: str, on: date) -> int:
        v = self.value(name, on)
        assert isinstance(v, int), name
        return v

    def as_tuple(self, name: str, on: date) -> tuple[Any, ...]:
        v = self.value(name, on)
        assert isinstance(v, tuple), name
        return v

    def as_dict(self, name: str, on: date) -> dict[Any, Any]:
        v = self.value(name, on)
        assert isinstance(v, dict), name
        return v


class RuleBook:
    """All regions' filing rules; a region without its own file gets the provincial default."""

    def __init__(
        self, default: Values, regions: dict[str, Values], calendar: WorkingCalendar | None = None
    ):
        self._default = default
        self._regions = regions
        self.calendar = calendar

    def for_region(self, region: str) -> RegionRules:
        own = self._regions.get(region, {})
        merged = {
            name: tuple(own.get(name, ())) + tuple(self._default.get(name, ()))
            for name in set(own) | set(self._default)
        }
        return RegionRules(region, merged, self.calendar)

    @property
    def regions(self) -> list[str]:
        return sorted(self._regions)
