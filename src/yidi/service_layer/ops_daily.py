"""每日报错治理 use cases: the daily report of failed national transactions and server errors
(``domain.fund.daily_errors``), its worklist (owner, status, note per group) and the alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from yidi.domain.errors import InvalidInput
from yidi.domain.fund.daily_errors import (
    SERVER_ERROR,
    Failure,
    Group,
    RateAlert,
    day_bounds,
    group,
    kind_of,
    rate_alerts,
)
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

STATUSES = {"open": "待处理", "in_progress": "处理中", "resolved": "已解决", "ignored": "无需处理"}


@dataclass(frozen=True)
class DailyReport:
    day: date
    groups: list[Group]
    work: dict[tuple[str, str, str], dict[str, Any]]
    alerts: list[RateAlert]

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)

    def as_json(self) -> dict[str, Any]:
        """The ``yidi ops daily --json`` body: every failure of the day, grouped."""
        return {
            "date": self.day.isoformat(),
            "total": self.total,
            "errors": [g.as_json() for g in self.groups],
        }


def daily(uow: SqlAlchemyUnitOfWork, day: date) -> DailyReport:
    start, _ = day_bounds(day - timedelta(days=29))
    _, end = day_bounds(day)
    week, _ = day_bounds(day - timedelta(days=7))
    with uow:
        failed = uow.fund.messages_between(start, end, failed_only=True)
        server = uow.fund.server_errors_between(start, end)
        counts = uow.fund.message_counts_between(week, end)
        work = {k: dict(v) for k, v in uow.fund.work_items(day).items()}
    failures = [
        Failure(
            r["received_at"],
            str(r["hospital_code"]),
            str(r["infno"]),
            kind_of(str((r["response"] or {}).get("err_msg") or "")),
            str(r["msgid"]),
            str((r["response"] or {}).get("err_msg") or ""),
        )
        for r in failed
    ]
    failures += [  # REST and web errors have no msgid: the request id the answer carried stands in
        Failure(
            r["at"],
            str(r["fixmedins_code"]),
            str(r["infno"]),
            str(r["kind"] or SERVER_ERROR),
            str(r["msgid"] or r["request_id"]),
            str(r["error"]),
        )
        for r in server
    ]
    alerts = rate_alerts(
        day, ((str(r["hospital_code"]), r["received_at"], r["infcode"] != 0) for r in counts)
    )
    return DailyReport(day, group(day, failures), work, alerts)


def update_work(
    uow: SqlAlchemyUnitOfWork,
    day: date,
    key: tuple[str, str, str],
    owner: str,
    status: str,
    note: str,
    by: str,
) -> None:
    """Assign or annotate one group of the day's worklist."""
    if status not in STATUSES:
        raise InvalidInput.of("status", f"状态无效：{status}", f"unknown status {status}")
    with uow:
        uow.fund.put_work_item(
            day,
            key,
            owner=owner.strip(),
            status=status,
            note=note.strip(),
            updated_by=by,
            updated_at=datetime.now(UTC),
        )
        uow.commit()


def record_server_error(uow: SqlAlchemyUnitOfWork, **values: Any) -> None:
    """Keep a server error (national endpoint, REST or web page) for the daily report."""
    with uow:
        uow.fund.add_server_error(at=datetime.now(UTC), **values)
        uow.commit()
