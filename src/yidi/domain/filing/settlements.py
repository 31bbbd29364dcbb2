"""Settlement references on filings and the claw-back due (待遇差扣减).

Settlement is another issue's work; it tells the filing which direct settlements were made under
it and with what benefit difference. When a commitment filing is revoked those become due and
later settlements deduct them (seed 004 一(二)).
"""

from __future__ import annotations

from datetime import date

from yidi.domain.errors import FilingRefused, InvalidInput
from yidi.domain.filing.clauses import Reason
from yidi.domain.filing.commitment import ClawbackStatus, CommitmentStatus, SettlementRef
from yidi.domain.filing.creation import new_id
from yidi.domain.filing.filing import FilingStatus
from yidi.domain.filing.person import InsuredPerson


def record_settlement(
    person: InsuredPerson, filing_id: str, settlement_id: str, settled_on: date, benefit_difference_fen: int
) -> SettlementRef:
    """Attach a settlement to the filing it was made under (idempotent on settlement_id)."""
    if isinstance(benefit_difference_fen, bool) or benefit_difference_fen < 0:
        raise InvalidInput.of(
            "benefit_difference_fen", "待遇差不能为负", "benefit difference must be >= 0 fen"
        )
    for f in person.filings:
        for s in f.settlements:
            if s.settlement_id == settlement_id:
                return s
    filing = person.filing(filing_id)
    if filing.status in (FilingStatus.DRAFT, FilingStatus.REVOKED, FilingStatus.CANCELLED):
        raise FilingRefused(
            "INVALID_STATE",
            Reason(
                "settlement.filing_state",
                f"备案状态为 {filing.status}，不能据此直接结算",
                f"no direct settlement under a {filing.status} filing",
                None,
                {"status": filing.status},
                "filing_id",
            ),
        )
    under = filing.commitment is not None and filing.commitment.status is CommitmentStatus.OPEN
    ref = SettlementRef(new_id(), settlement_id, settled_on, benefit_difference_fen, under_commitment=under)
    filing.settlements.append(ref)
    return ref


def clawback_due(person: InsuredPerson) -> tuple[int, list[SettlementRef]]:
    """Total benefit difference (fen) still to be deducted, and the settlements it comes from."""
    refs = [s for f in person.filings for s in f.settlements if s.clawback is ClawbackStatus.DUE]
    return sum(s.benefit_difference_fen for s in refs), refs


def mark_recovered(person: InsuredPerson, settlement_id: str, on: date) -> SettlementRef:
    """A later settlement deducted the difference: mark it recovered."""
    for f in person.filings:
        for s in f.settlements:
            if s.settlement_id == settlement_id and s.clawback is ClawbackStatus.DUE:
                s.clawback, s.recovered_on = ClawbackStatus.RECOVERED, on
                return s
    raise InvalidInput.of(
        "settlement_id", f"无待扣减的结算：{settlement_id}", f"no claw-back due for {settlement_id}"
    )
