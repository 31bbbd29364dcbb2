"""The dashboard's aggregation: months, groups, top hospitals, the direct-settlement rate with
paid manual claims, turnaround of the claims decided in the period, commitments, channels."""

from __future__ import annotations

from datetime import date

from yidi.domain.fund.dashboard import build


def _row(day: date, cat: str, lv: str, code: str, stays: int, medfee: int, fund: int) -> dict[str, object]:
    return {"setl_date": day, "filing_category": cat, "hosp_lv": lv, "insured_region": "211200",
            "treatment_region": "210100", "hospital_code": code, "name": code + "医院", "stays": stays,
            "medfee": medfee, "fund": fund}  # fmt: skip


def test_build() -> None:
    rows = [
        _row(date(2025, 1, 5), "temporary", "3A", "H1", 2, 30_000, 20_000),
        _row(date(2025, 2, 5), "referral", "2", "H2", 1, 10_001, 5_000),
        _row(date(2025, 2, 6), "temporary", "3A", "H1", 1, 10_000, 5_000),
    ]
    manual = [{"stays": 1, "medfee": 50_000, "fund": 10_000}]
    timings = [
        {"promised_on": date(2025, 2, 1), "decided": date(2025, 1, 30), "status": "approved"},
        {"promised_on": date(2025, 2, 1), "decided": date(2025, 2, 3), "status": "paid"},
        {"promised_on": date(2024, 2, 1), "decided": date(2024, 2, 3), "status": "paid"},  # decided before
        {"promised_on": date(2025, 3, 1), "decided": None, "status": "accepted"},
        {"promised_on": date(2025, 4, 1), "decided": None, "status": "accepted"},
    ]
    commitments = [{"due_on": date(2025, 3, 1)}, {"due_on": date(2025, 3, 20)}, {"due_on": date(2025, 9, 1)}]
    filings = [{"channel": "counter", "filings": 2}, {"channel": "self_service", "filings": 5},
               {"channel": "counter", "filings": 1}]  # fmt: skip
    d = build("211200", date(2025, 1, 1), date(2025, 2, 28), date(2025, 3, 10), rows, manual, timings,
              commitments, filings)  # fmt: skip
    assert (d.total.stays, d.total.medfee, d.total.fund) == (4, 50_001, 30_000)
    assert d.total.cost_per_stay == "125.00"  # 500.01 ÷ 4 = 125.0025 → half-up 125.00
    assert list(d.by_month) == ["2025-01", "2025-02"] and d.by_month["2025-02"].stays == 2
    assert [k for k, _ in d.top_hospitals] == [("H1", "H1医院"), ("H2", "H2医院")]
    by_count, by_amount = d.direct_rate
    assert by_count.text() == "0.8000" and by_amount.text() == "0.5000"  # 50001 / 100001 → 0.50000…
    assert d.turnaround is not None
    assert (d.turnaround.decided, d.turnaround.on_time.text(), d.turnaround.overdue_open, d.turnaround.due_open) == (
        2, "0.5000", 1, 1,
    )  # fmt: skip
    assert (d.commitments_overdue, d.commitments_due) == (1, 1)
    assert d.filings_by_channel == {"counter": 3, "self_service": 5}
