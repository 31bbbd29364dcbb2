"""The filing (备案) and its state machine.

A filing is to a treatment region — a city (xxxx00) or a province (xx0000) — never to one
hospital (seed 003 一(三)). Long-term filers may name one outpatient-pooling hospital and one
chronic-disease hospital there (seed 000 四(二), 五(三)).

States::

    draft ──materials──▶ active ──cancel──▶ cancelled
      │                   │  ├──expire──▶ expired
      │                   │  ├──complete─▶ completed   (temporary stay settled, seed 000 二(二))
      │                   │  └──revoke───▶ revoked
      └─commit─▶ pending_commitment ──materials──▶ active
                          ├──deadline──▶ revoked  (seed 004 一(二))
                          └──cancel/expire──▶ cancelled/expired

``active`` and ``pending_commitment`` filings are *in force*: both allow direct settlement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from yidi.domain.actors import Channel
from yidi.domain.errors import FilingRefused
from yidi.domain.filing.categories import Category, TemporaryReason, filing_class
from yidi.domain.filing.clauses import Reason
from yidi.domain.filing.commitment import Commitment, SettlementRef
from yidi.domain.filing.materials import Material


class FilingStatus(StrEnum):
    DRAFT = "draft"  # 材料未齐，未生效
    PENDING_COMMITMENT = "pending_commitment"  # 承诺制备案，已生效，待补材料
    ACTIVE = "active"  # 有效
    COMPLETED = "completed"  # 临时外出就医结算完成
    CANCELLED = "cancelled"  # 已取消
    REVOKED = "revoked"  # 已撤销
    EXPIRED = "expired"  # 已到期


IN_FORCE = frozenset({FilingStatus.ACTIVE, FilingStatus.PENDING_COMMITMENT})

TRANSITIONS: dict[FilingStatus, frozenset[FilingStatus]] = {
    FilingStatus.DRAFT: frozenset(
        {FilingStatus.ACTIVE, FilingStatus.PENDING_COMMITMENT, FilingStatus.CANCELLED}
    ),
    FilingStatus.PENDING_COMMITMENT: frozenset(
        {FilingStatus.ACTIVE, FilingStatus.REVOKED, FilingStatus.CANCELLED, FilingStatus.EXPIRED}
    ),
    FilingStatus.ACTIVE: frozenset(
        {FilingStatus.CANCELLED, FilingStatus.REVOKED, FilingStatus.EXPIRED, FilingStatus.COMPLETED}
    ),
    FilingStatus.COMPLETED: frozenset(),
    FilingStatus.CANCELLED: frozenset(),
    FilingStatus.REVOKED: frozenset(),
    FilingStatus.EXPIRED: frozenset(),
}


@dataclass(eq=False)
class Filing:
    id: str
    person_id_number: str
    category: Category
    channel: Channel
    insured_region: str
    treatment_region: str
    filed_on: date
    start_date: date
    end_date: date | None  # None: open-ended (long-term proof without expiry)
    status: FilingStatus
    place_effective_from: date
    temporary_reason: TemporaryReason | None = None
    outpatient_hospital: str | None = None
    chronic_hospital: str | None = None
    admission_date: date | None = None
    discharge_date: date | None = None
    ended_on: date | None = None
    end_reason: str | None = None
    linked_filing_id: str | None = None  # third-city admission: the long-term filing it interrupts
    ref_no: str | None = None  # short number people quote (domain/short_refs.py), set when stored
    form: dict[str, str] = field(default_factory=dict)
    materials: list[Material] = field(default_factory=list)
    commitment: Commitment | None = None
    settlements: list[SettlementRef] = field(default_factory=list)

    @property
    def in_force(self) -> bool:
        return self.status in IN_FORCE

    @property
    def long_term(self) -> bool:
        return filing_class(self.category).value == "long_term"

    def move(self, to: FilingStatus) -> None:
        """Change state along the machine above; anything else is refused with an explanation."""
        if to not in TRANSITIONS[self.status]:
            raise FilingRefused(
                "INVALID_STATE",
                Reason(
                    "state.transition",
                    f"备案当前状态为 {self.status}，不能变为 {to}",
                    f"filing is {self.status}; cannot become {to}",
                    None,
                    {"from": self.status, "to": to},
                    "status",
                ),
            )
        self.status = to

    def overlaps(self, start: date, end: date | None) -> bool:
        """Whether this filing, if in force, overlaps the closed interval [start, end] (None = open)."""
        if not self.in_force:
            return False
        mine_end = self.end_date
        return (end is None or self.start_date <= end) and (mine_end is None or start <= mine_end)

    def snapshot(self) -> dict[str, object]:
        """Plain JSON view, used for history before/after and for the API."""
        return {
            "id": self.id,
            "ref_no": self.ref_no,
            "person_id_number": self.person_id_number,
            "category": str(self.category),
            "temporary_reason": str(self.temporary_reason) if self.temporary_reason else None,
            "channel": str(self.channel),
            "insured_region": self.insured_region,
            "treatment_region": self.treatment_region,
            "filed_on": self.filed_on.isoformat(),
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "place_effective_from": self.place_effective_from.isoformat(),
            "status": str(self.status),
            "outpatient_hospital": self.outpatient_hospital,
            "chronic_hospital": self.chronic_hospital,
            "admission_date": self.admission_date.isoformat() if self.admission_date else None,
            "discharge_date": self.discharge_date.isoformat() if self.discharge_date else None,
            "ended_on": self.ended_on.isoformat() if self.ended_on else None,
            "end_reason": self.end_reason,
            "linked_filing_id": self.linked_filing_id,
            "form": dict(self.form),
            "materials": [
                {
                    "kind": str(m.kind),
                    "reference": m.reference,
                    "supplied_on": m.supplied_on.isoformat(),
                    "valid_until": m.valid_until.isoformat() if m.valid_until else None,
                }
                for m in self.materials
            ],
            "commitment": None
            if self.commitment is None
            else {
                "signed_on": self.commitment.signed_on.isoformat(),
                "due_on": self.commitment.due_on.isoformat(),
                "status": str(self.commitment.status),
                "missing": [list(g) for g in self.commitment.missing],
                "reminders_sent": list(self.commitment.reminders_sent),
            },
        }


@dataclass(eq=False)
class HistoryEntry:
    """One append-only history record: who, through which channel, when, why, before/after."""

    person_id_number: str
    filing_id: str | None
    at: datetime
    actor: str
    channel: str
    action: str
    reason: str = ""
    rule_id: str | None = None
    clause: str | None = None
    before: dict[str, object] | None = None
    after: dict[str, object] | None = None
    id: int | None = None
