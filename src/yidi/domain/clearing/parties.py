"""Who takes part in clearing and which way the money goes.

Each pooling region's agency (经办机构) acts as 参保地 for its insured (it pays) and as 就医地 for
the people treated in its region (it receives and pays its hospitals). Cross-province flows pass
through the provincial platform (A-CLR-01); flows between two pooling regions of the province are
direct. Hospitals are paid by the agency of their region.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from yidi.domain.clearing.parameters import DEFAULTS, ClearingParameters
from yidi.domain.regions import is_cross_province


class PartyKind(StrEnum):
    AGENCY = "agency"  # 经办机构 of a pooling region (or of another province, as Liaoning sees it)
    PLATFORM = "platform"  # 省级异地就医结算平台
    HOSPITAL = "hospital"  # 定点医疗机构


@dataclass(frozen=True, order=True)
class Party:
    kind: PartyKind
    code: str  # division code (agency, platform) or fixmedins_code (hospital)

    def __str__(self) -> str:
        return f"{self.kind}:{self.code}"

    @classmethod
    def parse(cls, text: str) -> Party:
        kind, _, code = text.partition(":")
        return cls(PartyKind(kind), code)


def agency(region: str) -> Party:
    return Party(PartyKind.AGENCY, region)


def platform(province: str) -> Party:
    return Party(PartyKind.PLATFORM, province)


def hospital(code: str) -> Party:
    return Party(PartyKind.HOSPITAL, code)


def route(
    insured_region: str, treatment_region: str, params: ClearingParameters = DEFAULTS
) -> tuple[Party, ...]:
    """The chain of parties the money of a pair passes, payer first: 参保地 [→ platform] → 就医地."""
    payer, payee = agency(insured_region), agency(treatment_region)
    if is_cross_province(insured_region, treatment_region):
        return (payer, platform(params.home_province), payee)
    return (payer, payee)
