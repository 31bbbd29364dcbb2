"""In-memory form of a region's benefit policy (待遇政策), as validated by the loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

Value = int | bool | str | None  # fen, basis points, flag or enum; None = no cap


@dataclass(frozen=True)
class ParamValue:
    """One dated value of one parameter for a set of combinations, with its source."""

    name: str
    value: Value
    start: date
    end: date | None  # inclusive; None = open-ended
    source: str
    selector: tuple[tuple[str, frozenset[str]], ...]  # (dimension, allowed classes)
    assumption: bool = False
    note: str = ""
    priority: int = 0  # overlays (reforms) rank above the base file

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def matches(self, classes: dict[str, str]) -> bool:
        return all(classes[dim] in allowed for dim, allowed in self.selector)


@dataclass(frozen=True)
class ClassMap:
    """How one request value maps to a policy class (e.g. hosp_lv 3A → l3), with its basis."""

    klass: str
    label: str
    source: str = ""
    assumption: bool = False
    note: str = ""


@dataclass(frozen=True)
class Scheme:
    """One insurance type (险种) of a region and how request values map to its classes."""

    insutype: str
    name: str
    maps: dict[str, dict[str, ClassMap]]  # dimension → request value → class
    missing: dict[str, dict[str, str]] = field(default_factory=dict)  # dimension → value → why

    def classes(self, dim: str) -> list[str]:
        return sorted({m.klass for m in self.maps[dim].values()})


@dataclass(frozen=True)
class RegionPolicy:
    """A pooling region's benefit policy: schemes, dated parameter values, documents, notes."""

    region: str
    name: str
    valid_from: date
    schemes: dict[str, Scheme]
    params: dict[str, tuple[ParamValue, ...]]
    documents: tuple[dict[str, Any], ...] = ()
    notes: tuple[dict[str, Any], ...] = ()
    file: str = ""

    def class_label(self, dim: str, klass: str) -> str:
        """Chinese label of a class (e.g. hosp_lv l3 → 三级医院); insutype → scheme name."""
        if dim == "insutype":
            return self.schemes[klass].name if klass in self.schemes else klass
        for scheme in self.schemes.values():
            for m in scheme.maps[dim].values():
                if m.klass == klass:
                    return m.label
        return klass

    def change_dates(self) -> list[date]:
        """Every date on which some value starts or stops applying (period boundaries)."""
        days = {self.valid_from}
        for values in self.params.values():
            for v in values:
                days.add(v.start)
                if v.end is not None:
                    days.add(date.fromordinal(v.end.toordinal() + 1))
        return sorted(days)
