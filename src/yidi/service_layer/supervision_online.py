"""The online check (在线审核) after every settlement of the national interface (2304 住院结算,
2207 门诊结算): the review rules over the settlement just made, its hits stored and queued.

It runs after the settlement's transaction committed, in a transaction of its own, so it can never
undo or delay the answer's content: a failure of the check is logged (and the monthly batch run
reviews the settlement anyway), never turned into a refusal of a settlement already made.

It also runs off the request's path (issue 14 §5, issue 17 §2 "≤ 5 ms added"): the settlement is
handed to a checker thread of the process and the hospital gets its answer at once. The checker
takes everything that waits when it starts a round, so under load many settlements share one
transaction and one set-based read (``online_check_many``) instead of a dozen statements each;
alone, a settlement is checked within milliseconds. The thread ends when nothing waits and
starts again with the next settlement. What waits when the process dies is reviewed by the
monthly run (``yidi audit run``), like a failed check; a clean stop drains first (``drain_all``).
"""

from __future__ import annotations

import atexit
import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

from yidi.service_layer.unit_of_work import AbstractUnitOfWork, SqlAlchemyUnitOfWork

ONLINE_CHECKED = frozenset({"2304", "2207"})
ROUND = 500  # settlements checked in one transaction at most
log = logging.getLogger("yidi.supervision")


class OnlineChecker:
    """Settlements of one database waiting for their online check, and the thread checking them."""

    def __init__(self, check: Callable[[list[str]], object]) -> None:
        self._check = check
        self._waiting: list[str] = []
        self._busy = False
        self._changed = threading.Condition()

    def submit(self, setl_id: str) -> None:
        with self._changed:
            self._waiting.append(setl_id)
            if not self._busy:
                self._busy = True
                threading.Thread(target=self._run, name="yidi-online-check", daemon=True).start()

    def _run(self) -> None:
        while True:
            with self._changed:
                batch, self._waiting = self._waiting[:ROUND], self._waiting[ROUND:]
                if not batch:
                    self._busy = False
                    self._changed.notify_all()
                    return
            try:
                self._check(batch)
            except Exception:  # the settlements stand; the monthly run reviews them
                log.exception(
                    "online supervision check of %d settlement(s) failed: %s", len(batch), batch[:5]
                )

    def drain(self, timeout: float | None = None) -> bool:
        """Wait until every submitted settlement was checked (False when ``timeout`` ran out)."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._busy and not self._waiting, timeout)


# one checker per session factory (per database), gone with it
_CHECKERS: weakref.WeakKeyDictionary[Any, OnlineChecker] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
_AT_EXIT = False


def checker_for(uow: SqlAlchemyUnitOfWork) -> OnlineChecker:
    sessions, rules, clock = uow.sessions, uow.rules, uow.clock
    with _LOCK:
        found = _CHECKERS.get(sessions)
        if found is None:
            ref = weakref.ref(sessions)

            def check(setl_ids: list[str]) -> object:
                from yidi.service_layer.supervision_review import online_check_many

                factory = ref()
                if factory is None:
                    raise RuntimeError("the database of these settlements is gone")
                return online_check_many(SqlAlchemyUnitOfWork(factory, rules=rules, clock=clock), setl_ids)

            global _AT_EXIT
            if not _AT_EXIT:  # a command that settled (the demo seed) checks what waits before it exits
                _AT_EXIT = atexit.register(drain_all, 60) is not None
            found = _CHECKERS[sessions] = OnlineChecker(check)
        return found


def after_settlement(uow: AbstractUnitOfWork, output: Any) -> None:
    """Queue the settlement named in a successful 2304/2207 answer's ``setlinfo`` for its check."""
    if not isinstance(uow, SqlAlchemyUnitOfWork):
        return
    setl_id = ((output or {}).get("setlinfo") or {}).get("setl_id")
    if setl_id:
        checker_for(uow).submit(str(setl_id))


def drain_all(timeout: float | None = None) -> bool:
    """Wait for every database's waiting checks (a clean stop; tests before they read hits)."""
    with _LOCK:
        checkers = list(_CHECKERS.values())
    return all(c.drain(timeout) for c in checkers)
