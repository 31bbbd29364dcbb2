"""Receivers of the onward report of filing events (seed 002 第十四条: 实时上报至部级经办机构).

``OnwardReceiver`` is what the drainer needs: ``deliver(payload)`` returns once the receiver has
the event and raises on any failure (the drainer records the error and retries with back-off).
Delivery is at least once, so a receiver deduplicates on ``payload["event_id"]``.

* ``LogReceiver`` (the default, ``YIDI_ONWARD_REPORT=log``): appends one JSON line per event to
  ``<data dir>/onward-report/filing-events.jsonl`` and skips an event id it already wrote — the
  record a later connection (or an operator) forwards from.
* a provincial or national connection plugs in as ``YIDI_ONWARD_REPORT=package.module:factory``:
  ``factory(settings)`` returns an ``OnwardReceiver``.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol, cast

from yidi.settings import Settings

LOG_FILE = Path("onward-report") / "filing-events.jsonl"


class OnwardReceiver(Protocol):
    name: str

    def deliver(self, payload: Mapping[str, object]) -> None: ...


class LogReceiver:
    """JSON lines in a file: one line per event id, written and flushed to disk before returning."""

    name = "log"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: set[str] | None = None

    def _ids(self) -> set[str]:
        if self._seen is None:
            self._seen = set()
            if self.path.exists():
                with self.path.open(encoding="utf-8") as lines:
                    for line in lines:
                        if line.strip():
                            self._seen.add(str(json.loads(line)["event_id"]))
        return self._seen

    def deliver(self, payload: Mapping[str, object]) -> None:
        event_id = str(payload["event_id"])
        if event_id in self._ids():
            return  # delivered before (at least once): the receiver dedupes
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # the events carry ID numbers: the file is the service account's alone
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as out:
            out.write(json.dumps(payload, ensure_ascii=False, sort_keys=True) + "\n")
            out.flush()
            os.fsync(out.fileno())
        self._ids().add(event_id)


def receiver_for(settings: Settings) -> OnwardReceiver:
    """The receiver ``YIDI_ONWARD_REPORT`` names (validated by the settings)."""
    if settings.onward_report == "log":
        return LogReceiver(settings.data_dir / LOG_FILE)
    module, _, factory = settings.onward_report.partition(":")
    return cast(OnwardReceiver, getattr(importlib.import_module(module), factory)(settings))
