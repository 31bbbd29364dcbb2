"""Who acts in supervision: an agency (经办机构) of a pooling region, or a designated hospital.

The treatment region's agency (就医地) reviews, decides and answers 协查; the insured region's
agency (参保地) opens 协查 and confirms their outcome; hospitals see their own hits and tickets.
The facts of a settlement that every decision needs travel as ``SettlementFacts``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class PartyKind(StrEnum):
    AGENCY = "agency"
    HOSPITAL = "hospital"


@dataclass(frozen=True)
class Party:
    kind: PartyKind
    code: str  # region (6 digits) of an agency; fixmedins_code of a hospital
    user: str  # the person acting, for history and four-eyes

    @classmethod
    def agency(cls, region: str, user: str) -> Party:
        return cls(PartyKind.AGENCY, region, user)

    @classmethod
    def hospital(cls, code: str, user: str) -> Party:
        return cls(PartyKind.HOSPITAL, code, user)

    def is_agency_of(self, region: str) -> bool:
        return self.kind is PartyKind.AGENCY and self.code == region


@dataclass(frozen=True)
class SettlementFacts:
    """What a decision about one settlement needs to know of it (money in fen)."""

    setl_id: str
    insured_region: str
    treatment_region: str
    hospital_code: str
    pay_loc: str  # 3 省内异地, 4 跨省异地
    medfee_fen: int
    fund_fen: int  # fund_pay_sumamt: what the funds paid, the most that can be deducted
    lines_fen: dict[str, int] = field(default_factory=dict)  # feedetl_sn → det_item_fee_sumamt


@dataclass(frozen=True)
class Event:
    """One entry of a case's or ticket's history (append-only)."""

    at: datetime
    by: str  # "kind:code:user"
    action: str
    note: str = ""


def who(party: Party) -> str:
    return f"{party.kind}:{party.code}:{party.user}"
