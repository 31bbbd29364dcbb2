"""A pooling region's benefit policy (待遇政策) in memory: its schemes, how request codes map to
policy classes, and the dated values of every parameter (``DatedValue``).

``check_complete`` proves what resolution relies on: for every combination of classes and every
day from ``valid_from``, each parameter has exactly one value in the base file (no gap, no
overlap); an overlay (reform) then outranks the base wherever it matches.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yidi.domain.errors import PolicyFileError
from yidi.domain.rules import Citation, Cited, DatedValue, Layer, change_dates, in_force
from yidi.domain.settlement.delegation import Delegation
from yidi.domain.settlement.parameters import DIMENSIONS, PARAMS

Value = int | bool | str | None  # fen, basis points, flag or enum; None = no cap
ParamValue = DatedValue  # one dated value of one benefit parameter


@dataclass(frozen=True)
class ClassMap(Cited):
    """How one request value maps to a policy class (e.g. hosp_lv 3A → l3), with its basis."""

    klass: str
    label: str
    citation: Citation = field(default_factory=Citation)
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
    """A pooling region's benefit policy: schemes, dated parameter values and notes."""

    region: str
    name: str
    valid_from: date
    schemes: dict[str, Scheme]
    params: dict[str, tuple[DatedValue, ...]]
    notes: tuple[dict[str, Any], ...] = ()
    file: str = ""
    delegations: tuple[Delegation, ...] = ()  # 执行他区政策 (domain/settlement/delegation.py)

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
        return sorted({self.valid_from} | change_dates(v for vs in self.params.values() for v in vs))


def combinations(policy: RegionPolicy) -> list[dict[str, str]]:
    """Every combination of classes the region declares (险种×人员类别×备案类别×医院等级)."""
    out = []
    for insutype, scheme in policy.schemes.items():
        for psn, cat, lv in itertools.product(*(scheme.classes(d) for d in DIMENSIONS[1:])):
            out.append({"insutype": insutype, "psn_type": psn, "filing_category": cat, "hosp_lv": lv})
    return out


def check_complete(policy: RegionPolicy) -> None:
    """Exactly one base value per parameter, combination and day from ``valid_from`` on."""
    days = [d for d in policy.change_dates() if d >= policy.valid_from]
    combos = combinations(policy)
    for name in PARAMS:
        values = policy.params.get(name)
        if not values:
            raise PolicyFileError(policy.file, f"parameters.{name}", "缺少参数 / parameter missing")
        base = [v for v in values if v.layer < Layer.OVERLAY]
        for combo, day in itertools.product(combos, days):
            hits = in_force(base, day, combo)
            if len(hits) != 1:
                what = "无取值 / no value" if not hits else "取值重叠 / overlapping values"
                where = ", ".join(f"{k}={v}" for k, v in combo.items())
                raise PolicyFileError(
                    policy.file, f"parameters.{name}", f"{what} for {where} on {day.isoformat()}"
                )
