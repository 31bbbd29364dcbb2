"""Filing rules as dated parameters per pooling region (备案规则参数).

Each parameter has values that take effect on a date and cite their clause. For a region the
values of its own file and of the provincial default are merged and the latest value effective
on the asked date governs: where two documents differ, the later one governs from its effective
date (seed 000 落款: inconsistent 2017 rules give way to the 2021 notice). On a tie the region's
own value wins. The YAML loader lives in ``yidi.adapters.filing_rules``; this module is pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yidi.domain.errors import PolicyUndecidable
from yidi.domain.filing.categories import Category
from yidi.domain.filing.clauses import Clause


@dataclass(frozen=True)
class ParamValue:
    """One dated value of a parameter with its legal source."""

    effective: date
    value: object
    clause: Clause
    assumption: bool = False
    note: str = ""
    origin: str = ""  # the file it came from, for explanations


@dataclass(frozen=True)
class RegionRules:
    """The filing rules of one pooling region: its own values plus the provincial default."""

    region: str
    values: dict[str, tuple[ParamValue, ...]] = field(default_factory=dict)

    def get(self, name: str, on: date) -> ParamValue:
        """The value of ``name`` governing on ``on`` (latest effective date wins)."""
        candidates = [v for v in self.values.get(name, ()) if v.effective <= on]
        if not candidates:
            raise PolicyUndecidable(
                name,
                f"统筹区 {self.region} 在 {on} 没有备案规则参数 {name}",
                f"no filing rule {name} for region {self.region} on {on}",
            )
        # stable max: values are ordered region-first, so a tie keeps the region's own value
        best = candidates[0]
        for v in candidates[1:]:
            if v.effective > best.effective:
                best = v
        return best

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
        self,
        default: dict[str, tuple[ParamValue, ...]],
        regions: dict[str, dict[str, tuple[ParamValue, ...]]],
    ):
        self._default = default
        self._regions = regions

    def for_region(self, region: str) -> RegionRules:
        own = self._regions.get(region, {})
        merged = {
            name: tuple(own.get(name, ())) + tuple(self._default.get(name, ()))
            for name in set(own) | set(self._default)
        }
        return RegionRules(region, merged)

    @property
    def regions(self) -> list[str]:
        return sorted(self._regions)


# --- parameter schema: name → validator returning the typed value or raising ValueError ---------

LOCK_ACTIONS = ("change", "cancel")
LOCK_SCOPES = ("all", "cross_province")
HOME_BENEFITS = ("suspended", "two_way", "two_way_when_materials_complete")


def _int(v: object) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise ValueError(f"expected a non-negative integer, got {v!r}")
    return v


def _bool(v: object) -> bool:
    if not isinstance(v, bool):
        raise ValueError(f"expected true/false, got {v!r}")
    return v


def _int_list(v: object) -> tuple[int, ...]:
    if not isinstance(v, list):
        raise ValueError(f"expected a list of integers, got {v!r}")
    return tuple(_int(x) for x in v)


def _regions(v: object) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(isinstance(x, str) and len(x) == 6 and x.isdigit() for x in v):
        raise ValueError(f"expected a list of 6-digit region codes (quoted), got {v!r}")
    return tuple(v)


def _choice(options: tuple[str, ...]) -> Callable[[object], str]:
    def check(v: object) -> str:
        if v not in options:
            raise ValueError(f"expected one of {options}, got {v!r}")
        return str(v)

    return check


def _by_category(inner: Callable[[object], object]) -> Callable[[object], dict[Category, object]]:
    def check(v: object) -> dict[Category, object]:
        if not isinstance(v, dict):
            raise ValueError(f"expected a mapping category → value, got {v!r}")
        out: dict[Category, object] = {}
        for k, x in v.items():
            try:
                out[Category(k)] = inner(x)
            except ValueError as exc:
                raise ValueError(f"{k}: {exc}") from None
        return out

    return check


def _categories(v: object) -> tuple[Category, ...]:
    if not isinstance(v, list):
        raise ValueError(f"expected a list of categories, got {v!r}")
    return tuple(Category(x) for x in v)


def _lock(v: object) -> dict[str, object]:
    if not isinstance(v, dict):
        raise ValueError(
            "expected a mapping with months, scope, applies_to, exempt_posted_worker_workplace_change"
        )
    extra = set(v) - {"months", "scope", "applies_to", "exempt_posted_worker_workplace_change"}
    if extra:
        raise ValueError(f"unknown keys {sorted(extra)}")
    applies = v.get("applies_to")
    if not isinstance(applies, list) or not set(applies) <= set(LOCK_ACTIONS):
        raise ValueError(f"applies_to must be a list out of {LOCK_ACTIONS}")
    return {
        "months": _by_category(_int)(v.get("months")),
        "scope": _choice(LOCK_SCOPES)(v.get("scope")),
        "applies_to": tuple(applies),
        "exempt_posted_worker_workplace_change": _bool(v.get("exempt_posted_worker_workplace_change", False)),
    }


def _opening(v: object) -> dict[str, object]:
    if not isinstance(v, dict) or set(v) != {"days", "scope"}:
        raise ValueError("expected a mapping with exactly: days, scope")
    return {"days": _by_category(_int)(v["days"]), "scope": _choice(LOCK_SCOPES)(v["scope"])}


def _materials(v: object) -> dict[Category, object]:
    from yidi.domain.filing.materials import MaterialKind

    def groups(x: object) -> tuple[tuple[MaterialKind, ...], ...]:
        if not isinstance(x, list):
            raise ValueError("expected a list of groups; a group is a kind or a list of alternative kinds")
        out = []
        for g in x:
            alts = g if isinstance(g, list) else [g]
            out.append(tuple(MaterialKind(a) for a in alts))
        return tuple(out)

    return _by_category(groups)(v)


PARAMETERS: dict[str, Callable[[object], object]] = {
    "commitment_deadline_months": _int,
    "commitment_reminder_days": _int_list,
    "commitment_categories": _categories,
    "temporary_validity_months": _int,
    "place_change_lock": _lock,
    "opening_delay_working_days": _opening,
    "posted_worker_min_posting_months": _int,
    "no_filing_temporary_regions": _regions,
    "auto_filing_temporary": _bool,
    "outpatient_account_without_filing": _bool,
    "emergency_flag_counts_as_filing": _bool,
    "home_benefits_during_filing": _choice(HOME_BENEFITS),
    "self_service_backdate_days": _int,
    "home_regions": _regions,
    "materials": _materials,
}
