"""The claims policy as data (报销类型与经办参数): which claim types exist where and from when,
the complete list of materials per type with its clause (一次性告知), how each type is priced,
and the dated parameters (promised working days, returns allowed, refund window …).

Loaded and validated by ``loading.load_claims_policy``; nothing here reads files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yidi.domain.claims.kinds import ClaimType


@dataclass(frozen=True)
class MaterialList:
    """The complete materials of a claim type, in the order the notice prints them."""

    kinds: tuple[str, ...]
    clause: str
    assumption: bool = False
    note: str = ""


@dataclass(frozen=True)
class SettlementSpec:
    """How a claim type is priced: a filing category for the settlement kernel (``from_filing``:
    the claimant's own filing category) and an overlay of assumed parameters, or the refund."""

    kind: str  # "kernel" | "account_refund"
    filing_category: str | None
    source: str
    overlay: dict[str, Any] = field(default_factory=dict)
    assumption: bool = False
    note: str = ""


@dataclass(frozen=True)
class ClaimTypeSpec:
    type: ClaimType
    label: str
    label_en: str
    clause: str
    start: date
    regions: frozenset[str]
    materials: MaterialList
    requires: dict[str, Any]
    settlement: SettlementSpec
    otherwise: ClaimType | None = None  # route when the emergency criteria are not met

    def available(self, region: str, day: date) -> bool:
        return region in self.regions and day >= self.start


@dataclass(frozen=True)
class DatedValue:
    value: Any
    start: date
    source: str
    assumption: bool = False
    note: str = ""


@dataclass(frozen=True)
class Parameter:
    """One parameter's value on a day: the latest effective value not after the day governs."""

    name: str
    values: tuple[DatedValue, ...]  # sorted by start

    def on(self, day: date) -> DatedValue | None:
        """The value in force on ``day``; None before the first value (the rule did not exist)."""
        current = [v for v in self.values if v.start <= day]
        return current[-1] if current else None


@dataclass(frozen=True)
class ClaimsPolicy:
    types: dict[ClaimType, ClaimTypeSpec]
    material_labels: dict[str, str]
    parameters: dict[str, Parameter]

    def spec(self, claim_type: ClaimType) -> ClaimTypeSpec:
        return self.types[claim_type]

    def param(self, name: str, day: date) -> DatedValue:
        """The value in force (the earliest one when asked about a day before every value)."""
        return self.parameters[name].on(day) or self.parameters[name].values[0]

    def value(self, name: str, day: date) -> Any:
        """The value in force on ``day``, or None when the rule did not exist yet."""
        v = self.parameters[name].on(day)
        return None if v is None else v.value

    def label(self, kind: str) -> str:
        return self.material_labels.get(kind, kind)

    def cite(self, name: str, day: date) -> str:
        """``参数 值（来源，自日期[，假设参数]）`` for explanations."""
        v = self.param(name, day)
        flag = "，假设参数" if v.assumption else ""
        return f"{name}={v.value}（{v.source}，自{v.start.isoformat()}{flag}）"
