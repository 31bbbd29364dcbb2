"""Which settlements go to the reviewers' queue (人工审核队列), and why.

Three ways in (issue 17 §2, after openIMIS's review selection: random %, value ≥ X): a rule hit
of severity suspect or violation, an amount at or above a threshold, or random sampling at a
configurable rate. The random draw is a hash of the seed and the settlement id, not a
generator's state, so a re-run of the month selects the same settlements (idempotent) and the
online check and the batch agree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

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


def drawn_many(setl_ids: Iterable[str], seed: str, rate_bp: int) -> NDArray[np.bool_]:
    """``drawn`` of many settlements at once (a month's million): the digests' first eight bytes
    joined and read as one array of big-endian integers, not an integer built per settlement."""
    heads = b"".join(hashlib.sha256(f"{seed}:{s}".encode()).digest()[:8] for s in setl_ids)
    return np.frombuffer(heads, dtype=">u8") % 10_000 < rate_bp


def select(
    amounts_fen: Mapping[str, int], hits: Iterable[Hit], *, seed: str, amount_fen: int = AMOUNT_FEN,
    rate_bp: int = RANDOM_RATE_BP,
) -> list[QueueEntry]:  # fmt: skip
    """The queue for these settlements (setl_id → medfee), in setl_id order."""
    ids = sorted(amounts_fen)
    amounts = np.fromiter((amounts_fen[i] for i in ids), np.int64, len(ids))
    return select_many(ids, amounts, hits, seed=seed, amount_fen=amount_fen, rate_bp=rate_bp)


@dataclass(frozen=True)
class Chosen:
    """The queue as columns (the monthly run's hundreds of thousands of entries): positions of
    the chosen settlements among those given, why each was chosen, and its rules."""

    rows: NDArray[np.int64]
    by_rule: NDArray[np.bool_]
    by_amount: NDArray[np.bool_]
    by_draw: NDArray[np.bool_]
    rules: list[tuple[str, ...]]

    def reasons(self) -> list[tuple[Why, ...]]:
        """Why each entry was chosen, in ``Why`` order (one tuple per combination, shared)."""
        combos = [tuple(w for w, yes in zip(Why, (r, a, d), strict=True) if yes)
                  for r in (False, True) for a in (False, True) for d in (False, True)]  # fmt: skip
        code = self.by_rule.astype(np.int64) * 4 + self.by_amount * 2 + self.by_draw
        return [combos[c] for c in code.tolist()]


def choose(
    setl_ids: Sequence[str], amounts_fen: NDArray[np.int64], hits: Iterable[Hit], *, seed: str,
    amount_fen: int = AMOUNT_FEN, rate_bp: int = RANDOM_RATE_BP,
) -> Chosen:  # fmt: skip
    """``select`` over columns: settlements and their medfee side by side, the amounts compared
    and the draws made as arrays; entries in the order given (setl_id order when the ids come
    sorted)."""
    by_setl: dict[str, set[str]] = {}
    for h in hits:
        if h.severity is not Severity.INFO:
            by_setl.setdefault(h.setl_id, set()).add(h.rule)
    ruled = np.fromiter((s in by_setl for s in setl_ids), bool, len(setl_ids))
    big = amounts_fen >= amount_fen
    draw = drawn_many(setl_ids, seed, rate_bp)
    rows = np.flatnonzero(ruled | big | draw)
    rules = [tuple(sorted(by_setl[setl_ids[i]])) if r else () for i, r in zip(rows.tolist(), ruled[rows].tolist(),
                                                                             strict=True)]  # fmt: skip
    return Chosen(rows, ruled[rows], big[rows], draw[rows], rules)


def select_many(
    setl_ids: Sequence[str], amounts_fen: NDArray[np.int64], hits: Iterable[Hit], *, seed: str,
    amount_fen: int = AMOUNT_FEN, rate_bp: int = RANDOM_RATE_BP,
) -> list[QueueEntry]:  # fmt: skip
    """``choose`` as entries."""
    c = choose(setl_ids, amounts_fen, hits, seed=seed, amount_fen=amount_fen, rate_bp=rate_bp)
    return [QueueEntry(setl_ids[i], why, rules)
            for i, why, rules in zip(c.rows.tolist(), c.reasons(), c.rules, strict=True)]  # fmt: skip
