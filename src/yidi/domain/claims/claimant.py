"""What a claim needs to know about the insured person and their filings (参保人员与备案),
as a plain snapshot built from the filing aggregate — the claim never changes a filing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yidi.domain.filing.commitment import CommitmentStatus
from yidi.domain.filing.filing import Filing, FilingStatus
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.identifiers import parse_id_number

LIAONING = "21"  # 行政区划 prefix of 辽宁省; 省直 219900 is in it too
NOT_COVERING = frozenset({FilingStatus.DRAFT, FilingStatus.REVOKED})


@dataclass(frozen=True)
class FilingView:
    id: str
    category: str
    long_term: bool
    treatment_region: str
    start: date
    end: date | None  # the last day covered (None: open-ended)
    status: str
    chronic_hospital: str | None = None
    commitment_open: bool = False
    commitment_broken: bool = False

    @classmethod
    def of(cls, f: Filing) -> FilingView:
        ends = [d for d in (f.end_date, f.ended_on) if d is not None]
        status = f.commitment.status if f.commitment else None
        return cls(
            id=f.id,
            category=str(f.category),
            long_term=f.long_term,
            treatment_region=f.treatment_region,
            start=f.start_date,
            end=min(ends) if ends else None,
            status=str(f.status),
            chronic_hospital=f.chronic_hospital,
            commitment_open=status is CommitmentStatus.OPEN,
            commitment_broken=status is CommitmentStatus.BROKEN,
        )

    def covers(self, day: date) -> bool:
        """Whether this filing covered ``day`` (a revoked or draft filing never covers anything)."""
        if self.status in NOT_COVERING:
            return False
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def cross_province(self) -> bool:
        return not self.treatment_region.startswith(LIAONING)


@dataclass(frozen=True)
class Claimant:
    id_number: str
    name: str
    insutype: str
    psn_type: str
    civil_servant: bool
    insured_region: str
    female: bool
    credit_default: bool
    filings: tuple[FilingView, ...] = ()

    @classmethod
    def of(cls, person: InsuredPerson) -> Claimant:
        return cls(
            id_number=person.id_number,
            name=person.name,
            insutype=person.insutype,
            psn_type=person.psn_type,
            civil_servant=person.civil_servant,
            insured_region=person.insured_region,
            female=parse_id_number(person.id_number, "id_number").gender == "2",
            credit_default=person.credit_default,
            filings=tuple(FilingView.of(f) for f in person.filings),
        )

    def filing(self, filing_id: str | None) -> FilingView | None:
        return next((f for f in self.filings if f.id == filing_id), None)

    def filing_on(self, day: date) -> FilingView | None:
        """The filing that covered ``day``, if any (the latest-started one)."""
        covering = [f for f in self.filings if f.covers(day)]
        return max(covering, key=lambda f: f.start) if covering else None
