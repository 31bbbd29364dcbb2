"""Times a HIS may not send: an admission, discharge, registration or fee time later than the
platform's "now" plus a small tolerance (clocks of HIS and platform differ by seconds to minutes).

A 2401 with ``begntime`` in 2099 is a typing or clock error, not a stay: accepted, it would open
a year-to-date period and a filing that never were. The tolerance is a process setting
(``YIDI_NATIONAL_TIME_TOLERANCE_SECONDS``, default 600 s, applied at start by
``entrypoints/startup.apply``); it is operational, not policy.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from yidi.domain.national.errors import NationalError
from yidi.domain.national.formats import fmt_datetime

DEFAULT_TOLERANCE_SECONDS = 600
_tolerance = timedelta(seconds=DEFAULT_TOLERANCE_SECONDS)


def configure_tolerance(seconds: int) -> None:
    """Set how far past "now" a time may lie (process-wide, at start)."""
    global _tolerance
    _tolerance = timedelta(seconds=seconds)


def tolerance() -> timedelta:
    return _tolerance


def check_not_future(at: datetime, now: datetime, field: str, label: str) -> None:
    """Refuse ``at`` later than ``now`` + the tolerance, naming the field."""
    if at > now + _tolerance:
        raise NationalError(
            field,
            f"{label} {fmt_datetime(at)} 晚于当前时间 {fmt_datetime(now)}（允许误差 {int(_tolerance.total_seconds())} 秒），请核对",
            f"{field} {at:%Y-%m-%d %H:%M:%S} is later than now ({now:%Y-%m-%d %H:%M:%S}) plus the tolerance",
        )
