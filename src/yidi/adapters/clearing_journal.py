"""The journal on the database: idempotent writes, balances and the ledger check, in SQL.

A write under a known idempotency key is a no-op returning the stored entry when the content is
the same, and an ``IdempotencyConflict`` when it is not — also when two transactions race: the
loser's insert fails on the unique key inside a savepoint and it compares with the winner's.
Balances are aggregates over postings (never stored), so they are always reproducible.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from yidi.adapters.orm_clearing import journal_entries as je
from yidi.adapters.orm_clearing import postings as jp
from yidi.domain.clearing.accounts import Account, Side, mirror_problems
from yidi.domain.clearing.errors import ClearingError, IdempotencyConflict
from yidi.domain.clearing.journal import BusinessRef, Entry, Posting, RefKind

Db = Connection | Session
SIGNED = case((jp.c.side == "D", jp.c.amount), else_=-jp.c.amount)
_CHUNK = 500


def post(db: Db, entries: Sequence[Entry], recorded_at: datetime | None = None) -> list[Entry]:
    """Write entries idempotently; returns the stored entry for each (in order)."""
    wanted: dict[str, Entry] = {}
    for e in entries:
        seen = wanted.setdefault(e.key, e)
        if seen.fingerprint != e.fingerprint:
            raise _conflict(e.key)
    stored = load(db, keys=list(wanted))
    new = [e for k, e in wanted.items() if k not in stored]
    if new:
        try:
            with db.begin_nested():
                _insert(db, new, recorded_at or datetime.now(UTC))
        except IntegrityError:
            stored = load(db, keys=list(wanted))  # a concurrent transaction wrote some first
            if not all(k in stored for k in wanted):
                raise
        else:
            stored.update({e.key: e for e in new})
    for k, e in wanted.items():
        if stored[k].fingerprint != e.fingerprint:
            raise _conflict(k)
    return [stored[e.key] for e in entries]


def _conflict(key: str) -> IdempotencyConflict:
    return IdempotencyConflict(
        f"幂等键 {key} 已用于内容不同的记账凭证", f"idempotency key {key} was used for other content", key=key
    )


def _insert(db: Db, entries: Sequence[Entry], recorded_at: datetime) -> None:
    db.execute(
        je.insert(),
        [
            {"id": e.id, "idempotency_key": e.key, "ref_kind": str(e.ref.kind), "ref_id": e.ref.ref_id,
             "effective_on": e.effective, "reverses": e.reverses, "fingerprint": e.fingerprint,
             "recorded_at": recorded_at}
            for e in entries
        ],
    )  # fmt: skip
    db.execute(
        jp.insert(),
        [
            {"entry_id": e.id, "seq": i, "account": p.account.key, "party": str(p.account.party),
             "side": str(p.side), "amount": p.amount}
            for e in entries
            for i, p in enumerate(e.postings)
        ],
    )  # fmt: skip


def load(
    db: Db,
    *,
    keys: Sequence[str] | None = None,
    ids: Sequence[str] | None = None,
    ref: BusinessRef | None = None,
) -> dict[str, Entry]:
    """Entries by idempotency key (restricted to ``keys``, ``ids`` or one business reference)."""
    conds: list[Any] = []
    if ref is not None:
        conds = [je.c.ref_kind == str(ref.kind), je.c.ref_id == ref.ref_id]
    rows: list[Any] = []
    for chunk, col in ((keys, je.c.idempotency_key), (ids, je.c.id)):
        if chunk is not None:
            for i in range(0, len(chunk), _CHUNK):
                rows += db.execute(select(je).where(col.in_(chunk[i : i + _CHUNK]), *conds)).mappings().all()
            break
    else:
        rows = list(db.execute(select(je).where(*conds).order_by(je.c.recorded_at, je.c.id)).mappings().all())
    if not rows:
        return {}
    by_entry: dict[str, list[Posting]] = {r["id"]: [] for r in rows}
    ids_ = list(by_entry)
    for i in range(0, len(ids_), _CHUNK):
        q = select(jp).where(jp.c.entry_id.in_(ids_[i : i + _CHUNK])).order_by(jp.c.entry_id, jp.c.seq)
        for p in db.execute(q).mappings():
            by_entry[p["entry_id"]].append(
                Posting(Account.parse(p["account"]), Side(p["side"]), int(p["amount"]))
            )
    return {
        r["idempotency_key"]: Entry(
            r["id"],
            r["idempotency_key"],
            BusinessRef(RefKind(r["ref_kind"]), r["ref_id"]),
            r["effective_on"],
            tuple(by_entry[r["id"]]),
            r["reverses"],
        )
        for r in rows
    }


def balances(db: Db, accounts: Iterable[str] | None = None) -> dict[str, int]:
    """Debit-positive balance per account key (zero balances left out), by one SQL aggregate."""
    q = select(jp.c.account, func.sum(SIGNED)).group_by(jp.c.account)
    if accounts is not None:
        q = q.where(jp.c.account.in_(list(accounts)))
    return {a: int(v) for a, v in db.execute(q) if v}


def balance(db: Db, account: Account) -> int:
    """One account's balance on its normal side."""
    return account.shown(balances(db, [account.key]).get(account.key, 0))


@dataclass(frozen=True)
class LedgerCheck:
    balanced: bool
    entries: int
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"balanced": self.balanced, "entries": self.entries, "problems": self.problems}


def check(db: Db) -> LedgerCheck:
    """Every invariant of the stored journal, as a list of problems (``yidi ledger check``)."""
    problems: list[str] = []
    total = db.execute(select(func.count()).select_from(je)).scalar_one()
    for entry_id, off in db.execute(
        select(jp.c.entry_id, func.sum(SIGNED)).group_by(jp.c.entry_id).having(func.sum(SIGNED) != 0)
    ):
        problems.append(f"entry {entry_id}: debits and credits differ by {off} fen")
    q = (
        select(jp.c.entry_id, jp.c.party, func.sum(SIGNED))
        .group_by(jp.c.entry_id, jp.c.party)
        .having(func.sum(SIGNED) != 0)
    )
    for entry_id, party, off in db.execute(q):
        problems.append(f"entry {entry_id}: the postings of {party} are off by {off} fen")
    few = (
        select(je.c.id)
        .outerjoin(jp, jp.c.entry_id == je.c.id)
        .group_by(je.c.id)
        .having(func.count(jp.c.seq) < 2)
    )
    problems += [f"entry {i}: fewer than two postings" for (i,) in db.execute(few)]
    # a reversal and its original net to zero on every account
    r = je.alias("r")
    both = (jp.c.entry_id == r.c.id) | (jp.c.entry_id == r.c.reverses)
    rev = (select(r.c.id, jp.c.account).join(jp, both).where(r.c.reverses.is_not(None))
           .group_by(r.c.id, jp.c.account).having(func.sum(SIGNED) != 0))  # fmt: skip
    problems += [f"entry {i}: not the exact reverse of its original on {a}" for i, a in db.execute(rev)]
    for key, e in load(db).items():
        try:
            e.check()
        except ClearingError as err:
            problems.append(f"entry {e.id}: {err.en}")
        if (
            db.execute(select(je.c.fingerprint).where(je.c.idempotency_key == key)).scalar_one()
            != e.fingerprint
        ):
            problems.append(f"entry {e.id}: stored content does not match its fingerprint")
    problems += mirror_problems(balances(db))
    return LedgerCheck(not problems, int(total), problems)


def snapshot(db: Db) -> list[tuple[Any, ...]]:
    """Every posting with its entry, in a stable order (tests compare before and after)."""
    q = (select(je.c.id, je.c.idempotency_key, je.c.ref_kind, je.c.ref_id, je.c.effective_on, jp.c.seq,
                jp.c.account, jp.c.side, jp.c.amount)
         .join(jp, jp.c.entry_id == je.c.id).order_by(je.c.id, jp.c.seq))  # fmt: skip
    return [tuple(row) for row in db.execute(q)]


__all__ = ["LedgerCheck", "balance", "balances", "check", "load", "post", "snapshot"]
