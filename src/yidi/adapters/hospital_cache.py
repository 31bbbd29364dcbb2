"""In-process cache of hospital rows and sign-ins, the two lookups every national request makes.

Every request authenticates by ``paasid``, then the dispatcher reads the hospital by code and
the sign-in by ``sign_no``: three reads of rows that change rarely (a hospital is registered or
deactivated by an operator; a sign-in ends with 9002). They are kept here per database engine for
``TTL`` seconds. Invalidation is explicit where this process changes them (``add_hospital``,
``deactivate_hospitals``, ``sign_out`` call ``invalidate``); a change made by *another* process
(another server worker, the CLI) is seen at the latest ``TTL`` seconds later — so a deactivated
hospital or a signed-out ``sign_no`` may still be accepted for up to ``TTL`` seconds by a worker
that had it cached. Only rows found are cached (a hospital registered a moment ago is seen at once).
"""

from __future__ import annotations

import threading
import time
import weakref
from typing import Any

TTL = 5.0  # seconds

_lock = threading.Lock()
_entries: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], tuple[float, Any]]] = weakref.WeakKeyDictionary()


def get(bind: Any, kind: str, key: str) -> Any:
    """The cached row of ``kind`` (``code``, ``paasid``, ``sign_no``) for ``key``, or None."""
    entries = _entries.get(bind)
    hit = entries.get((kind, key)) if entries is not None else None
    if hit is None or hit[0] < time.monotonic():
        return None
    return hit[1]


def put(bind: Any, kind: str, key: str, row: Any) -> None:
    with _lock:
        entries = _entries.setdefault(bind, {})
        entries[(kind, key)] = (time.monotonic() + TTL, row)


def invalidate(kind: str | None = None, key: str | None = None) -> None:
    """Forget one entry (``kind`` + ``key``) in every engine, or everything."""
    with _lock:
        for entries in _entries.values():
            if kind is None:
                entries.clear()
            else:
                entries.pop((kind, key or ""), None)
