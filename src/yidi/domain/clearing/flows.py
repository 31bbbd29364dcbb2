"""The entries of each business step: who owes or pays whom, as balanced movements.

Along a route 参保地 I [→ platform P] → 就医地 T, each adjacent pair holds a payable / receivable;
the 就医地 owes each hospital H its share. Amounts are signed fen and may be negative (a month
whose reversals exceed its settlements): ``Entry.build`` turns a negative debit into a credit.

* statement confirmed, cleared amount N (hospital shares n_h):
  I: Dr 异地就医基金支出 N / Cr payable[next];  P: Dr receivable[I] / Cr payable[T];
  T: Dr receivable[prev] N / Cr hospital_payable[H] n_h;  H: Dr receivable[T] / Cr income.
* return (deduction or claw-back, seed 004 三(一)(二)), amount R at hospital H: the same chain
  backwards on the return accounts — the hospital's claim shrinks, the 参保地's expense falls.
* payment of a statement I → T (net of returns and of advance-fund refunds owed to I): each leg
  clears the payable, the return receivable and the other receivables, and cash moves on ``fund``.
* hospital payment T → H; advance-fund notice (I's claim on T grows or shrinks); manual claim
  (I's own outflow, no counterpart).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from yidi.domain.clearing.accounts import Account
from yidi.domain.clearing.accounts import Purpose as P
from yidi.domain.clearing.journal import BusinessRef, Entry, RefKind
from yidi.domain.clearing.parties import Party, hospital

Movement = tuple[Account, int]


def _chain_owes(
    route: Sequence[Party], fen: int, purpose_pair: tuple[P, P] = (P.RECEIVABLE, P.PAYABLE)
) -> list[Movement]:
    """Each party along the route owes the next one ``fen``: the creditor's claim (asset) and the
    debtor's debt (liability) grow together."""
    asset, liability = purpose_pair
    out: list[Movement] = []
    for debtor, creditor in itertools.pairwise(route):
        out += [(Account(creditor, asset, debtor), fen), (Account(debtor, liability, creditor), -fen)]
    return out


def statement_entry(
    statement_id: str, route: Sequence[Party], by_hospital: Mapping[str, int], effective: date
) -> Entry | None:
    """The confirmed statement: the 参保地 owes the cleared amount along the route, the 就医地 owes
    each hospital its share. None when everything nets to zero (nothing to clear)."""
    total = sum(by_hospital.values())
    insured, treatment = route[0], route[-1]
    moves: list[Movement] = [(Account(insured, P.CROSS_REGION_EXPENSE), total)]
    moves += _chain_owes(route, total)
    for code, fen in by_hospital.items():
        h = hospital(code)
        moves += [
            (Account(treatment, P.HOSPITAL_PAYABLE, h), -fen),
            (Account(h, P.RECEIVABLE, treatment), fen),
        ]
        moves += [(Account(h, P.INCOME), -fen)]
    return _build(f"statement:{statement_id}", BusinessRef(RefKind.STATEMENT, statement_id), effective, moves)


@dataclass(frozen=True)
class Return:
    """A deduction (扣款) or claw-back (追回) to return to the 参保地, with its reference."""

    id: str  # the decision id (supervision) or claw-back reference
    kind: RefKind  # DEDUCTION or CLAWBACK
    setl_id: str
    insured_region: str
    treatment_region: str
    hospital_code: str
    amount: int  # fen, > 0
    reason: str


def return_entry(ret: Return, route: Sequence[Party], effective: date) -> Entry | None:
    h = hospital(ret.hospital_code)
    insured, treatment = route[0], route[-1]
    fen = ret.amount
    moves: list[Movement] = [
        (Account(h, P.INCOME), fen),
        (Account(h, P.RECEIVABLE, treatment), -fen),
        (Account(treatment, P.HOSPITAL_PAYABLE, h), fen),
        (Account(insured, P.CROSS_REGION_EXPENSE), -fen),
    ]
    # the return travels back along the route: each party owes it to the one before
    moves += _chain_owes(route[::-1], fen, (P.RETURN_RECEIVABLE, P.RETURN_PAYABLE))
    return _build(f"{ret.kind}:{ret.id}", BusinessRef(ret.kind, ret.id), effective, moves)


@dataclass(frozen=True)
class LegPosition:
    """What one leg of a route (payer → payee) settles when the statement is paid, in fen."""

    payable: int  # payer's payable to payee for the statement
    returns: int  # returns the payee owes the payer for the statement
    other_receivable: int  # anything else the payee owes the payer (advance-fund refunds)

    @property
    def cash(self) -> int:
        return self.payable - self.returns - self.other_receivable


def payment_entry(
    key: str, ref_id: str, route: Sequence[Party], legs: Sequence[LegPosition], effective: date
) -> Entry | None:
    """Payment of a statement along its route, one leg per adjacent pair, net of returns and of
    what the payee owes the payer otherwise (advance-fund refunds: "net of advance fund")."""
    moves: list[Movement] = []
    for (payer, payee), leg in zip(itertools.pairwise(route), legs, strict=True):
        moves += [
            (Account(payer, P.PAYABLE, payee), leg.payable),
            (Account(payee, P.RECEIVABLE, payer), -leg.payable),
            (Account(payer, P.RETURN_RECEIVABLE, payee), -leg.returns),
            (Account(payee, P.RETURN_PAYABLE, payer), leg.returns),
            (Account(payer, P.RECEIVABLE, payee), -leg.other_receivable),
            (Account(payee, P.PAYABLE, payer), leg.other_receivable),
            (Account(payer, P.FUND), -leg.cash),
            (Account(payee, P.FUND), leg.cash),
        ]
    return _build(key, BusinessRef(RefKind.PAYMENT, ref_id), effective, moves)


def hospital_payment_entry(
    key: str, ref_id: str, treatment: Party, by_hospital: Mapping[str, int], effective: date
) -> Entry | None:
    """The 就医地 pays each hospital its share (negative: the hospital pays back)."""
    moves: list[Movement] = []
    for code, fen in by_hospital.items():
        h = hospital(code)
        moves += [
            (Account(treatment, P.HOSPITAL_PAYABLE, h), fen),
            (Account(treatment, P.FUND), -fen),
            (Account(h, P.FUND), fen),
            (Account(h, P.RECEIVABLE, treatment), -fen),
        ]
    return _build(key, BusinessRef(RefKind.PAYMENT, ref_id), effective, moves)


def advance_notice_entry(
    notice_id: str, route: Sequence[Party], change: int, effective: date
) -> Entry | None:
    """预付金通知书: the advance held by the 就医地 for the 参保地 changes by ``change`` fen. An
    increase is paid at once (through the platform, which holds nothing); a decrease becomes a
    receivable of the 参保地, netted against its next payment."""
    insured, treatment = route[0], route[-1]
    moves: list[Movement] = [
        (Account(insured, P.ADVANCE_PAID, treatment), change),
        (Account(treatment, P.ADVANCE_RECEIVED, insured), -change),
    ]
    if change > 0:
        moves += [(Account(insured, P.FUND), -change), (Account(treatment, P.FUND), change)]
    else:  # the 就医地 owes the excess back along the route
        moves += _chain_owes(route[::-1], -change)
    return _build(
        f"advance_notice:{notice_id}", BusinessRef(RefKind.ADVANCE_NOTICE, notice_id), effective, moves
    )


def manual_claim_entry(claim_id: str, insured_region: Party, amount: int, effective: date) -> Entry | None:
    """手工报销: the 参保地 pays its insured person from its own fund (no counterpart agency)."""
    moves = [
        (Account(insured_region, P.MANUAL_CLAIM_EXPENSE), amount),
        (Account(insured_region, P.FUND), -amount),
    ]
    return _build(f"manual_claim:{claim_id}", BusinessRef(RefKind.MANUAL_CLAIM, claim_id), effective, moves)


def _build(key: str, ref: BusinessRef, effective: date, moves: Iterable[Movement]) -> Entry | None:
    moves = list(moves)
    if not any(v for _, v in moves):
        return None
    return Entry.build(key, ref, effective, moves)
