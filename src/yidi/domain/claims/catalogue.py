"""The claims policy as data (报销类型与经办参数): which claim types exist where and from when,
the complete list of materials per type with its clause (一次性告知), how each type is priced,
and the dated parameters (promised working days, returns allowed, refund window …).

Loaded and validated by ``yidi.policy.claims``; nothing here reads files. The assembled policy
also carries what applying it needs from outside the claims rules: the emergency criteria (from
the policy loader) and the pricing of a claim with the settlement kernel (from the service layer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from yidi.domain.claims.kinds import ClaimType
from yidi.domain.rules import PEOPLE_ASSUMPTION, Citation, Cited, DatedValue, in_force

if TYPE_CHECKING:
    from yidi.domain.claims.claim import Claim
    from yidi.domain.claims.claimant import Claimant
    from yidi.domain.criteria.catalogue import CriteriaSet


class Pricer(Protocol):
    """Prices a claim with the settlement kernel: (amounts in fen, result with explanation)."""

    def __call__(
        self, claim: Claim, claimant: Claimant, policy: ClaimsPolicy, *,
        ytd: dict[str, int] | None = None, refund_fen: int | None = None,
    ) -> tuple[dict[str, int], dict[str, Any]]: ...  # fmt: skip


@dataclass(frozen=True)
class MaterialList:
    """The complete materials of a claim type, in the order the notice prints them."""

    kinds: tuple[str, ...]
    clause: str
    assumption: bool = False
    note: str = ""
    assumption_id: str | None = None


@dataclass(frozen=True)
class SettlementSpec(Cited):
    """How a claim type is priced: a filing category for the settlement kernel (``from_filing``:
    the claimant's own filing category) and an overlay of assumed parameters, or the refund."""

    kind: str  # "kernel" | "account_refund"
    filing_category: str | None
    citation: Citation
    overlay: dict[str, Any] = field(default_factory=dict)
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
class Parameter:
    """One parameter's dated values; which is in force follows ``domain.rules.timeline``."""

    name: str
    values: tuple[DatedValue, ...]  # chained, sorted by start

    def on(self, day: date) -> DatedValue | None:
        """The value in force on ``day``; None before the first value (the rule did not exist)."""
        hits = in_force(self.values, day)
        return hits[0] if hits else None


@dataclass(frozen=True)
class ClaimsPolicy:
    types: dict[ClaimType, ClaimTypeSpec]
    material_labels: dict[str, str]
    parameters: dict[str, Parameter]
    criteria: Callable[[], CriteriaSet] | None = None  # the 急危重病种标准 in force
    pricer: Pricer | None = None

    def emergency_criteria(self) -> CriteriaSet:
        if self.criteria is None:
            raise RuntimeError("the claims policy was loaded without the emergency criteria")
        return self.criteria()

    def price_with(self, price: Pricer | None) -> Pricer:
        found = price or self.pricer
        if found is None:
            raise RuntimeError("no pricer: assemble the claims policy in the service layer")
        return found

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
        """``参数 值（依据，自日期）`` for explanations; the clerk's words stand for an assumption."""
        v = self.param(name, day)
        derived = f"，{PEOPLE_ASSUMPTION}" if v.assumption and v.citation.clause is not None else ""
        return f"{name}={v.value}（{v.citation}，自{v.start.isoformat()}{derived}）"
