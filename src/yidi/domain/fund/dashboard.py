"""The operations dashboard's figures (运行监测) from grouped rows: settlements and amounts by
month, filing category, hospital level and region pair; top hospitals; the direct-settlement rate
(``indicators``: direct ÷ (direct + paid manual claims), by 人次 and by amount); cost per stay;
manual-claim turnaround; commitments due and overdue; filings by channel. Integer fen and
counts throughout; rates stay exact (``indicators.Rate``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from yidi.domain.fund.indicators import (
    ClaimTiming,
    Rate,
    SettlementCounts,
    Turnaround,
    average_cost_per_stay,
    direct_settlement_rate,
    fund_share,
    turnaround,
)

DUE_SOON_DAYS = 30  # a commitment due within this many days is "due" (the commitment page's window)
TOP_HOSPITALS = 10


@dataclass
class Sums:
    stays: int = 0
    medfee: int = 0  # fen
    fund: int = 0  # fen

    def add(self, stays: int, medfee: int, fund: int) -> None:
        self.stays += stays
        self.medfee += medfee
        self.fund += fund

    @property
    def cost_per_stay(self) -> str | None:
        return average_cost_per_stay(self.medfee, self.stays)

    @property
    def fund_share(self) -> Rate:
        return fund_share(self.fund, self.medfee)


@dataclass
class Dashboard:
    region: str | None
    start: date
    end: date
    today: date
    total: Sums = field(default_factory=Sums)
    manual: Sums = field(default_factory=Sums)
    by_month: dict[str, Sums] = field(default_factory=dict)
    by_category: dict[str, Sums] = field(default_factory=dict)
    by_level: dict[str, Sums] = field(default_factory=dict)
    by_pair: dict[tuple[str, str], Sums] = field(default_factory=dict)
    hospitals: dict[tuple[str, str], Sums] = field(default_factory=dict)
    turnaround: Turnaround | None = None
    commitments_due: int = 0
    commitments_overdue: int = 0
    filings_by_channel: dict[str, int] = field(default_factory=dict)

    @property
    def direct_rate(self) -> tuple[Rate, Rate]:
        t, m = self.total, self.manual
        return direct_settlement_rate(SettlementCounts(t.stays, t.medfee, t.fund, m.stays, m.medfee, m.fund))

    @property
    def top_hospitals(self) -> list[tuple[tuple[str, str], Sums]]:
        ranked = sorted(self.hospitals.items(), key=lambda kv: (-kv[1].stays, -kv[1].medfee, kv[0]))
        return ranked[:TOP_HOSPITALS]


def build(
    region: str | None,
    start: date,
    end: date,
    today: date,
    settlements: Iterable[Any],  # mappings: setl_date, filing_category, hosp_lv, regions, hospital, sums
    manual: Iterable[Any],  # mappings: stays, medfee, fund
    timings: Iterable[Any],  # mappings: promised_on, decided, status
    commitments: Iterable[Any],  # mappings: due_on
    filings: Iterable[Any],  # mappings: channel, filings
) -> Dashboard:
    d = Dashboard(region, start, end, today)
    for r in settlements:
        n, medfee, fund = int(r["stays"]), int(r["medfee"] or 0), int(r["fund"] or 0)
        d.total.add(n, medfee, fund)
        d.by_month.setdefault(f"{r['setl_date']:%Y-%m}", Sums()).add(n, medfee, fund)
        d.by_category.setdefault(str(r["filing_category"]), Sums()).add(n, medfee, fund)
        d.by_level.setdefault(str(r["hosp_lv"]), Sums()).add(n, medfee, fund)
        d.by_pair.setdefault((str(r["insured_region"]), str(r["treatment_region"])), Sums()).add(n, medfee, fund)
        d.hospitals.setdefault((str(r["hospital_code"]), str(r["name"])), Sums()).add(n, medfee, fund)
    for r in manual:
        d.manual.add(int(r["stays"]), int(r["medfee"] or 0), int(r["fund"] or 0))
    d.by_month = dict(sorted(d.by_month.items()))
    d.by_category = dict(sorted(d.by_category.items(), key=lambda kv: -kv[1].stays))
    d.by_level = dict(sorted(d.by_level.items()))
    d.by_pair = dict(sorted(d.by_pair.items(), key=lambda kv: -kv[1].stays))
    # claims decided in the period, and those still open today
    d.turnaround = turnaround(
        (
            ClaimTiming(r["promised_on"], r["decided"])
            for r in timings
            if r["decided"] is None or start <= r["decided"] <= end
        ),
        today,
    )
    for c in commitments:
        if c["due_on"] < today:
            d.commitments_overdue += 1
        elif c["due_on"] <= today + timedelta(days=DUE_SOON_DAYS):
            d.commitments_due += 1
    for f in filings:
        channel = str(f["channel"])
        d.filings_by_channel[channel] = d.filings_by_channel.get(channel, 0) + int(f["filings"])
    return d
