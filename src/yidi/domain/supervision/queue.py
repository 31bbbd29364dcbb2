"""Which settlements go to the reviewers' queue (人工审核队列), and why.

Three ways in (issue 17 §2, after openIMIS's review selection: random %, value ≥ X): a rule hit
of severity suspect or violation, an amount at or above a threshold, or random sampling at a
configurable rate. The random draw is a hash of the seed and the settlement id, not a
generator's state, so a re-run of the month selects the same settlements (idempotent) and the
online check and the batch agree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from yidi.domain.supervision.basis import Assumption, Severity
from yidi.domain.supervision.evaluator import Hit

AMOUNT_FEN = 2_000_000
RANDOM_RATE_BP = 500  # 5 %, openIMIS's default review share
QUEUE_BASIS = Assumption(
    "A-SUP-09",
    "种子文件未给出入队金额和抽取比例；取2万元及以上全部人工审核，其余随机抽取5%（openIMIS 默认值）",
)


class Why(StrEnum):
    RULE = "rule"
    AMOUNT = "amount"
    RANDOM = "random"


@dataclass(frozen=True)
class QueueEntry:
    setl_id: str
    reasons: tuple[Why, ...]
    rules: tuple[str, ...]


def drawn(setl_id: str, seed: str, rate_bp: int) -> bool:
    digest = hashlib.sha256(f"{seed}:{setl_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 10_000 < rate_bp


def select(
    amounts_fen: Mapping[str, int], hits: Iterable[Hit], *, seed: str, amount_fen: int = AMOUNT_FEN,
    rate_bp: int = RANDOM_RATE_BP,
) -> list[QueueEntry]:  # fmt: skip
    """The queue for these settlements (setl_id → medfee), in setl_id order."""
    by_setl: dict[str, set[str]] = {}
    for h in hits:
        if h.severity is not Severity.INFO:
            by_setl.setdefault(h.setl_id, set()).add(h.rule)
    out = []
    for setl_id in sorted(amounts_fen):
        why = []
        if setl_id in by_setl:
            why.append(Why.RULE)
        if amounts_fen[setl_id] >= amount_fen:
            why.append(Why.AMOUNT)
        if drawn(setl_id, seed, rate_bp):
            why.append(Why.RANDOM)
        if why:
            out.append(QueueEntry(setl_id, tuple(why), tuple(sorted(by_setl.get(setl_id, ())))))
    return out
