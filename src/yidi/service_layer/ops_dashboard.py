"""The operations dashboard use case: one region (or all) and period → ``domain.fund.dashboard``."""

from __future__ import annotations

from datetime import date

from yidi.domain.fund.dashboard import Dashboard, build
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork


def dashboard(uow: SqlAlchemyUnitOfWork, region: str | None, start: date, end: date) -> Dashboard:
    with uow:
        today = uow.clock()
        return build(
            region, start, end, today,
            uow.ops.settlements_by_day(region, start, end),
            uow.ops.paid_claims_by_day(region, start, end),
            uow.ops.claim_timings(region),
            uow.ops.open_commitments(region),
            uow.ops.filings_by_channel(region, start, end),
        )  # fmt: skip
