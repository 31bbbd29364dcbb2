"""Dashboard indicator definitions: direct-settlement rate by 人次 and amount, cost per stay, fund
share, manual-claim turnaround."""

from __future__ import annotations

from datetime import date

from yidi.domain.fund.indicators import (
    ClaimTiming,
    SettlementCounts,
    average_cost_per_stay,
    direct_settlement_rate,
    fund_share,
    turnaround,
)


def test_direct_settlement_rate_by_count_and_amount() -> None:
    counts = SettlementCounts(
        direct_stays=3,
        direct_medfee=900_00,
        direct_fund=600_00,
        manual_stays=1,
        manual_medfee=2_100_00,
        manual_fund=0,
    )
    by_count, by_amount = direct_settlement_rate(counts)
    assert by_count.text() == "0.7500" and by_amount.text() == "0.3000"
    empty = direct_settlement_rate(SettlementCounts(0, 0, 0, 0, 0, 0))
    assert empty[0].text() is None and empty[1].value is None


def test_cost_per_stay_and_fund_share_round_half_up() -> None:
    assert average_cost_per_stay(1_000_01, 2) == "500.01"  # 50 000.5 fen → half-up
    assert average_cost_per_stay(0, 0) is None
    assert fund_share(2, 3).text() == "0.6667"


def test_turnaround_on_time_overdue_and_due() -> None:
    today = date(2025, 3, 10)
    t = turnaround(
        [
            ClaimTiming(date(2025, 3, 1), date(2025, 2, 27)),
            ClaimTiming(date(2025, 3, 1), date(2025, 3, 3)),
            ClaimTiming(date(2025, 3, 9), None),
            ClaimTiming(date(2025, 3, 10), None),
        ],
        today,
    )
    assert (t.decided, t.on_time.text(), t.overdue_open, t.due_open) == (2, "0.5000", 1, 1)
