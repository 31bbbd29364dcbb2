"""The chart of accounts (科目表): one account per party, purpose and, where it is a claim on
someone, the counterpart.

Signs: a posting's signed amount is positive for a debit, negative for a credit. An account's
balance is shown on its normal side: assets and expenses are debit-normal, liabilities and
income credit-normal. Every pair of claim accounts mirrors one another — A's payable to B equals
B's receivable from A — and ``ledger check`` verifies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from yidi.domain.clearing.parties import Party, PartyKind


class Side(StrEnum):
    DEBIT = "D"
    CREDIT = "C"


class Purpose(StrEnum):
    FUND = "fund"  # the pooled fund's (or hospital's) bank account
    ADVANCE_PAID = "advance_paid"  # 参保地: advance fund paid to a 就医地 (a claim on it)
    ADVANCE_RECEIVED = "advance_received"  # 就医地: advance fund held for a 参保地
    RECEIVABLE = "receivable"  # cleared amounts a counterpart owes
    PAYABLE = "payable"  # cleared amounts owed to a counterpart
    HOSPITAL_PAYABLE = "hospital_payable"  # 就医地: owed to a hospital (mirrors the hospital's receivable)
    RETURN_RECEIVABLE = "return_receivable"  # deductions / claw-backs a counterpart must return
    RETURN_PAYABLE = "return_payable"  # deductions / claw-backs to return to a counterpart
    CROSS_REGION_EXPENSE = "cross_region_expense"  # 参保地: 异地就医基金支出
    MANUAL_CLAIM_EXPENSE = "manual_claim_expense"  # 参保地: 手工报销支出 (its own outflow)
    INCOME = "income"  # hospital: income from cross-region settlements


@dataclass(frozen=True)
class PurposeInfo:
    normal: Side
    name_zh: str
    has_counterpart: bool


CHART: dict[Purpose, PurposeInfo] = {
    Purpose.FUND: PurposeInfo(Side.DEBIT, "基金（银行）存款", False),
    Purpose.ADVANCE_PAID: PurposeInfo(Side.DEBIT, "已拨付预付金", True),
    Purpose.ADVANCE_RECEIVED: PurposeInfo(Side.CREDIT, "已收预付金", True),
    Purpose.RECEIVABLE: PurposeInfo(Side.DEBIT, "应收清算款", True),
    Purpose.PAYABLE: PurposeInfo(Side.CREDIT, "应付清算款", True),
    Purpose.HOSPITAL_PAYABLE: PurposeInfo(Side.CREDIT, "应付定点医疗机构款", True),
    Purpose.RETURN_RECEIVABLE: PurposeInfo(Side.DEBIT, "应收返还款（扣款、追回）", True),
    Purpose.RETURN_PAYABLE: PurposeInfo(Side.CREDIT, "应返还款（扣款、追回）", True),
    Purpose.CROSS_REGION_EXPENSE: PurposeInfo(Side.DEBIT, "异地就医基金支出", False),
    Purpose.MANUAL_CLAIM_EXPENSE: PurposeInfo(Side.DEBIT, "手工报销支出", False),
    Purpose.INCOME: PurposeInfo(Side.CREDIT, "异地就医结算收入", False),
}

# the claim accounts that mirror each other across two parties (both directions)
_PAIRS = (
    (Purpose.PAYABLE, Purpose.RECEIVABLE),
    (Purpose.ADVANCE_RECEIVED, Purpose.ADVANCE_PAID),
    (Purpose.RETURN_PAYABLE, Purpose.RETURN_RECEIVABLE),
)
MIRRORS: dict[Purpose, Purpose] = {**dict(_PAIRS), **{b: a for a, b in _PAIRS}}


@dataclass(frozen=True, order=True)
class Account:
    party: Party
    purpose: Purpose
    counterpart: Party | None = None

    def __post_init__(self) -> None:
        if CHART[self.purpose].has_counterpart != (self.counterpart is not None):
            raise ValueError(
                f"account {self.purpose} {'needs' if self.counterpart is None else 'takes no'} counterpart"
            )

    @property
    def key(self) -> str:
        """Stable text form stored in postings: ``agency:210100/payable/agency:211200``."""
        tail = f"/{self.counterpart}" if self.counterpart is not None else ""
        return f"{self.party}/{self.purpose}{tail}"

    @classmethod
    def parse(cls, key: str) -> Account:
        party, purpose, *rest = key.split("/")
        return cls(Party.parse(party), Purpose(purpose), Party.parse(rest[0]) if rest else None)

    @property
    def normal(self) -> Side:
        return CHART[self.purpose].normal

    def shown(self, signed: int) -> int:
        """A debit-positive balance shown on this account's normal side."""
        return signed if self.normal is Side.DEBIT else -signed

    def mirror(self) -> Account | None:
        """The counterpart's account that must hold the same balance on its normal side."""
        if self.counterpart is None or self.purpose not in MIRRORS:
            return None
        other = MIRRORS[self.purpose]
        # a hospital's receivable is its agency's hospital payable, and back
        if self.purpose is Purpose.HOSPITAL_PAYABLE:
            other = Purpose.RECEIVABLE
        elif self.purpose is Purpose.RECEIVABLE and self.party.kind is PartyKind.HOSPITAL:
            other = Purpose.HOSPITAL_PAYABLE
        return Account(self.counterpart, other, self.party)


def mirror_problems(balances: dict[str, int]) -> list[str]:
    """Claim accounts whose mirror disagrees (balances debit-positive, by account key)."""
    problems: dict[tuple[str, str], str] = {}
    for key, signed in balances.items():
        account = Account.parse(key)
        mirror = account.mirror()
        if mirror is None:
            continue
        theirs = balances.get(mirror.key, 0)
        if account.shown(signed) != mirror.shown(theirs):
            pair = min(key, mirror.key), max(key, mirror.key)
            problems[pair] = (
                f"mirror: {key} = {account.shown(signed)} but {mirror.key} = {mirror.shown(theirs)}"
            )
    return [problems[p] for p in sorted(problems)]
