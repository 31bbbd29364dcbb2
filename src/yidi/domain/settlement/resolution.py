"""Resolve which policy values apply to a settlement (参保地政策取值).

Scalar for the desk; vectorised for the batch (``yidi.policy.vector``) by resolving each
distinct (region, insurance type, person type, category, hospital level, policy period) once and
gathering — the batch never re-implements a rule, it reuses these exact resolutions. Which value
is in force follows the one precedence rule of ``yidi.domain.rules.timeline``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yidi.domain.errors import PolicyUndecidable
from yidi.domain.rules import DatedValue, in_force
from yidi.domain.settlement.parameters import DIMENSION_LABELS, DIMENSIONS, PARAMS
from yidi.domain.settlement.policy import ClassMap, RegionPolicy


@dataclass(frozen=True)
class Resolution:
    """The classes a request falls in and the dated value of every parameter for it."""

    policy: RegionPolicy
    day: date
    classes: dict[str, str]
    class_maps: dict[str, ClassMap]
    values: dict[str, DatedValue]

    def value(self, name: str) -> object:
        return self.values[name].value

    def number(self, name: str) -> int:
        """An amount in fen or a ratio in basis points."""
        v = self.values[name].value
        assert isinstance(v, int) and not isinstance(v, bool), name
        return v

    def cap(self, name: str) -> int | None:
        v = self.values[name].value
        return None if v is None else self.number(name)


def classify(policy: RegionPolicy, request: dict[str, str]) -> tuple[dict[str, str], dict[str, ClassMap]]:
    """Map request codes to the region's classes, or say precisely what the policy lacks."""
    insutype = request["insutype"]
    scheme = policy.schemes.get(insutype)
    if scheme is None:
        raise PolicyUndecidable(
            "insutype",
            f"{policy.name}（{policy.region}）没有险种 {insutype} 的待遇政策（已有：{'、'.join(policy.schemes)}）",
            f"{policy.region} has no policy for insutype {insutype} (has: {', '.join(policy.schemes)})",
        )
    classes, maps = {"insutype": insutype}, {}
    for dim in DIMENSIONS[1:]:
        value = request[dim]
        m = scheme.maps[dim].get(value)
        if m is None:
            why = scheme.missing.get(dim, {}).get(value, "")
            raise PolicyUndecidable(
                dim,
                f"{policy.name}{scheme.name}无法确定{DIMENSION_LABELS[dim]} {value!r} 的待遇。{why}（可用：{'、'.join(scheme.maps[dim])}）",
                f"{policy.region} {insutype}: no policy for {dim}={value!r} (accepted: {', '.join(scheme.maps[dim])})",
            )
        classes[dim], maps[dim] = m.klass, m
    return classes, maps


def resolve(policy: RegionPolicy, request: dict[str, str], day: date) -> Resolution:
    """Every parameter's value for one settlement; an overlay (reform) outranks the base file."""
    if day < policy.valid_from:
        raise PolicyUndecidable(
            "setl_time",
            f"结算日期 {day} 早于{policy.name}待遇政策数据的起始日期 {policy.valid_from}",
            f"settlement date {day} is before {policy.region}'s policy data starts ({policy.valid_from})",
        )
    classes, maps = classify(policy, request)
    # the loader guarantees one base value; an overlay in force outranks it
    values = {name: in_force(policy.params[name], day, classes)[0] for name in PARAMS}
    return Resolution(policy, day, classes, maps, values)
