"""每日报错治理 (seed 004 四: 建立完善每日报错治理、系统运维报告、系统应急处置等工作机制): the failed
national transactions (``infcode -1``) and the server errors of a day, grouped by hospital,
transaction (``infno``) and error kind, with counts, first and last seen and an example msgid;
trends over 7 and 30 days; and an alert when a hospital's error rate jumps.

**Kinds** are read from the Chinese ``err_msg`` the hospital received (one vocabulary, stable
across transactions; the first that matches, in this order): ``sign_in`` (签到), ``duplicate``
(已用于, 重复), ``missing_field`` (缺少), ``invalid_field`` (无效, 格式, 应为), ``not_found`` (未找到, 不存在), ``state`` (已撤销, 已结算, 已出院,
状态), ``eligibility`` (备案, 待遇, 未参保), ``other``; a server error (HTTP 500) is ``server_error``.

**Days** are China Standard Time (UTC+8, no daylight saving): a day's report covers 00:00–24:00
Beijing time, whatever the server's clock zone.

**Alert** (A-FND-05): a hospital's error rate on the day (refused ÷ transactions) is at least
twice its rate over the previous 7 days and at least 5 points above it, with at least 10
transactions that day — or it has 10 or more refusals on a day with none in the previous 7.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from fractions import Fraction
from typing import Any

CST = timezone(timedelta(hours=8), "CST")
SERVER_ERROR = "server_error"
_KINDS = (
    ("sign_in", ("签到",)),
    ("duplicate", ("已用于", "重复")),
    ("missing_field", ("缺少必填", "缺少")),
    ("not_found", ("未找到", "不存在", "未登记")),
    ("state", ("已撤销", "已结算", "已出院", "状态", "已停用")),
    ("eligibility", ("备案", "待遇", "未参保")),
    ("invalid_field", ("无效", "格式", "应为", "不一致", "错误")),
)
ALERT_MIN_TRANSACTIONS = 10
ALERT_FACTOR = 2
ALERT_POINTS = Fraction(5, 100)


def kind_of(err_msg: str) -> str:
    for kind, words in _KINDS:
        if any(w in err_msg for w in words):
            return kind
    return "other"


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants [start, end) of a Beijing day."""
    start = datetime.combine(day, time(), CST).astimezone(UTC)
    return start, start + timedelta(days=1)


def local_day(at: datetime) -> date:
    """The Beijing day of a stored instant (a naive value is UTC, as the database keeps it)."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(CST).date()


@dataclass(frozen=True)
class Failure:
    """One refused transaction or server error."""

    at: datetime
    fixmedins_code: str
    infno: str
    kind: str
    msgid: str
    message: str = ""


@dataclass
class Group:
    fixmedins_code: str
    infno: str
    kind: str
    count: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    example_msgid: str = ""
    example_message: str = ""
    trend_7: list[int] = field(default_factory=list)  # counts per day, oldest first, ending on the day
    trend_30: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.fixmedins_code, self.infno, self.kind)

    def as_json(self) -> dict[str, Any]:
        """One row of ``yidi ops daily --json``."""
        return {
            "fixmedins_code": self.fixmedins_code,
            "infno": self.infno,
            "kind": self.kind,
            "count": self.count,
            "example_msgid": self.example_msgid,
        }


def group(day: date, failures: Iterable[Failure]) -> list[Group]:
    """The day's failures grouped; ``failures`` may span the 30 days before (for the trends)."""
    groups: dict[tuple[str, str, str], Group] = {}
    history: dict[tuple[str, str, str], dict[date, int]] = {}
    for f in sorted(failures, key=lambda f: (f.at, f.msgid)):
        key = (f.fixmedins_code, f.infno, f.kind)
        d = local_day(f.at)
        history.setdefault(key, {})
        history[key][d] = history[key].get(d, 0) + 1
        if d != day:
            continue
        g = groups.setdefault(key, Group(*key))
        g.count += 1
        g.first_seen = g.first_seen or f.at
        g.last_seen = f.at
        if not g.example_msgid:
            g.example_msgid, g.example_message = f.msgid, f.message
    for key, g in groups.items():
        per_day = history[key]
        g.trend_7 = [per_day.get(day - timedelta(days=i), 0) for i in range(6, -1, -1)]
        g.trend_30 = sum(n for d, n in per_day.items() if day - timedelta(days=29) <= d <= day)
    return sorted(groups.values(), key=lambda g: (-g.count, g.key))


@dataclass(frozen=True)
class RateAlert:
    fixmedins_code: str
    transactions: int
    refused: int
    before_transactions: int
    before_refused: int

    @property
    def rate(self) -> Fraction:
        return Fraction(self.refused, self.transactions) if self.transactions else Fraction(0)

    @property
    def before_rate(self) -> Fraction:
        return (
            Fraction(self.before_refused, self.before_transactions)
            if self.before_transactions
            else Fraction(0)
        )


def rate_alerts(day: date, messages: Iterable[tuple[str, datetime, bool]]) -> list[RateAlert]:
    """Hospitals whose error rate jumped on ``day`` against the 7 days before (A-FND-05).
    ``messages``: (hospital, received at, refused?) over those 8 days."""
    today: dict[str, list[int]] = {}
    before: dict[str, list[int]] = {}
    for code, at, refused in messages:
        d = local_day(at)
        if d == day:
            bucket = today
        elif day - timedelta(days=7) <= d < day:
            bucket = before
        else:
            continue
        counts = bucket.setdefault(code, [0, 0])
        counts[0] += 1
        counts[1] += int(refused)
    alerts = []
    for code, (n, bad) in sorted(today.items()):
        bn, bbad = before.get(code, [0, 0])
        a = RateAlert(code, n, bad, bn, bbad)
        if (bbad == 0 and bad >= ALERT_MIN_TRANSACTIONS) or (
            n >= ALERT_MIN_TRANSACTIONS
            and a.rate >= ALERT_FACTOR * a.before_rate
            and a.rate - a.before_rate >= ALERT_POINTS
        ):
            alerts.append(a)
    return alerts
