"""The double-entry journal (记账凭证), after TigerBeetle's discipline: money is never created or
lost and every entry is idempotent under its key.

An ``Entry`` can only be built balanced: movements (account, signed fen; debit positive) are
netted per account, zero nets dropped, and the result must sum to zero overall *and per party*
(each party's own books balance), with at least two postings. Entries are immutable; a mistake is
corrected by ``reverse`` — the exact opposite entry, pointing at the original. Balances are never
stored as truth: they are sums of postings.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from yidi.domain.clearing.accounts import Account, Side
from yidi.domain.clearing.errors import UnbalancedEntry

_IDS = uuid.UUID("6b1d6a52-7c1e-4f0e-9a51-5e1d0c1ea201")  # namespace of entry ids


class RefKind(StrEnum):
    """What business fact an entry records (业务类型)."""

    STATEMENT = "statement"  # a confirmed monthly statement of a pair (清算单)
    REVERSAL = "reversal"  # the exact reverse of an earlier entry (冲销)
    ADVANCE_NOTICE = "advance_notice"  # 预付金通知书: annual assessment or top-up
    DEDUCTION = "deduction"  # 违规费用扣除, returned to the 参保地 (seed 004 三(一))
    CLAWBACK = "clawback"  # 追回资金退回 (seed 004 三(二)); commitment claw-backs
    PAYMENT = "payment"  # money moved between parties (参保地 → 就医地, 就医地 → hospital)
    MANUAL_CLAIM = "manual_claim"  # 手工报销 paid by the 参保地 from its own fund


@dataclass(frozen=True)
class BusinessRef:
    kind: RefKind
    ref_id: str


@dataclass(frozen=True)
class Posting:
    account: Account
    side: Side
    amount: int  # fen, > 0

    @property
    def signed(self) -> int:
        return self.amount if self.side is Side.DEBIT else -self.amount


@dataclass(frozen=True)
class Entry:
    id: str
    key: str  # idempotency key
    ref: BusinessRef
    effective: date
    postings: tuple[Posting, ...]
    reverses: str | None = None  # id of the entry this one reverses

    @classmethod
    def build(
        cls,
        key: str,
        ref: BusinessRef,
        effective: date,
        movements: Iterable[tuple[Account, int]],
        *,
        reverses: str | None = None,
    ) -> Entry:
        """Net the movements per account and check the balance; raises ``UnbalancedEntry``."""
        net: dict[Account, int] = defaultdict(int)
        for account, fen in movements:
            if type(fen) is not int:
                raise UnbalancedEntry("金额必须是整数分", "amounts must be integer fen", account=account.key)
            net[account] += fen
        postings = tuple(
            sorted(
                (Posting(a, Side.DEBIT if v > 0 else Side.CREDIT, abs(v)) for a, v in net.items() if v),
                key=lambda p: p.account.key,
            )
        )
        entry = cls(_entry_id(key), key, ref, effective, postings, reverses)
        entry.check()
        return entry

    def check(self) -> None:
        """The invariants every stored entry holds (also run on entries read back)."""
        if len(self.postings) < 2:
            raise UnbalancedEntry(
                "记账凭证至少需要两笔分录", "an entry needs at least two postings", key=self.key
            )
        if any(type(p.amount) is not int or p.amount <= 0 for p in self.postings):
            raise UnbalancedEntry(
                "分录金额必须为正整数分", "posting amounts must be positive fen", key=self.key
            )
        total = sum(p.signed for p in self.postings)
        if total:
            raise UnbalancedEntry(
                f"借贷不平，相差 {total} 分",
                f"debits and credits differ by {total} fen",
                key=self.key,
                difference=total,
            )
        per_party: dict[str, int] = defaultdict(int)
        for p in self.postings:
            per_party[str(p.account.party)] += p.signed
        off = {party: v for party, v in per_party.items() if v}
        if off:
            raise UnbalancedEntry(
                "各方账目须各自平衡", "each party's postings must balance", key=self.key, parties=off
            )

    @property
    def fingerprint(self) -> str:
        """What makes two entries under one key the same entry (content, not id)."""
        text = "|".join(
            [self.ref.kind, self.ref.ref_id, self.effective.isoformat(), self.reverses or ""]
            + [f"{p.account.key}:{p.side}:{p.amount}" for p in self.postings]
        )
        return hashlib.sha256(text.encode()).hexdigest()

    def amount(self) -> int:
        """Total debits (= total credits) of the entry."""
        return sum(p.amount for p in self.postings if p.side is Side.DEBIT)


def _entry_id(key: str) -> str:
    # deterministic, so a retried entry has the same id as the first attempt
    return uuid.uuid5(_IDS, key).hex


def reverse(entry: Entry, effective: date) -> Entry:
    """The exact opposite of ``entry`` (every posting on the other side), referencing it."""
    return Entry.build(
        f"reversal:{entry.id}",
        BusinessRef(RefKind.REVERSAL, entry.id),
        effective,
        [(p.account, -p.signed) for p in entry.postings],
        reverses=entry.id,
    )


def balances(entries: Iterable[Entry]) -> dict[str, int]:
    """Debit-positive balance of every account touched, by account key (derived, never stored)."""
    out: dict[str, int] = defaultdict(int)
    for e in entries:
        for p in e.postings:
            out[p.account.key] += p.signed
    return {k: v for k, v in out.items() if v}
