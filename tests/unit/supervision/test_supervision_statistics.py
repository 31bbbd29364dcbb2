"""Length-of-stay norms, anomaly screening, and the records → columns helpers."""

from __future__ import annotations

from datetime import date

import numpy as np

from yidi.domain.actors import Channel
from yidi.domain.filing.categories import Category
from yidi.domain.filing.filing import Filing, FilingStatus
from yidi.domain.supervision.anomaly import Metric, StayStats, Unit, robust_z, screen
from yidi.domain.supervision.columns import Evidence
from yidi.domain.supervision.los import los_norms
from yidi.domain.supervision.records import evidence_of, filing_window


def test_los_norms_nearest_rank() -> None:
    # 20 stays of diagnosis 0 at level 0 lasting 1..20 days: ceil(0.95 × 20) = 19th → 19 days
    diag = np.zeros(23, dtype=np.int32)
    lv = np.array([0] * 20 + [1] * 3, dtype=np.int8)
    los = np.array([*range(20, 0, -1), 4, 9, 2], dtype=np.int64)
    n = los_norms(diag, lv, los)
    assert n.hosp_lv.tolist() == [0, 1]
    assert n.p95_days.tolist() == [19, 9]  # level 1: ceil(0.95 × 3) = 3rd of (2, 4, 9)
    assert n.stays.tolist() == [20, 3]


def test_robust_z_resists_one_outlier() -> None:
    z = robust_z(np.array([10.0, 11.0, 9.0, 10.0, 12.0, 60.0]))
    assert abs(z[-1]) > 3.5 and all(abs(v) < 3.5 for v in z[:-1])
    assert robust_z(np.array([5.0, 5.0, 5.0])).tolist() == [0.0, 0.0, 0.0]
    z = robust_z(np.array([5.0, 5.0, 5.0, 5.0, 9.0]))  # MAD 0: mean absolute deviation instead
    assert z[-1] > 3.5


def _stays(cost_of_h5: int) -> StayStats:
    # 6 hospitals of one level, 12 stays each; hospital 5 costs more per stay
    h = np.repeat(np.arange(6, dtype=np.int32), 12)
    fee = np.where(h == 5, cost_of_h5, 1_000_000).astype(np.int64) + np.tile(np.arange(12) * 1000, 6)
    fee += h.astype(np.int64) * 7_000  # some ordinary spread among peers
    return StayStats(h, np.zeros(72, dtype=np.int8), np.zeros(72, dtype=np.int32), np.zeros(72, dtype=np.int32),
                     fee, np.full(72, 7, dtype=np.int64), fee // 10, fee // 4)  # fmt: skip


def test_screen_flags_the_costly_hospital_with_an_explanation() -> None:
    found = screen(_stays(3_000_000))
    costly = [a for a in found if a.unit is Unit.HOSPITAL and a.metric is Metric.COST]
    assert [a.hospital for a in costly] == [5]
    a = costly[0]
    assert a.z > 3.5 and a.peers == 6 and a.stays == 12
    text = a.detail({"hospital": "某医院", "key": "", "level": "三级甲等"})
    assert "次均费用为 30405.00 元" in text and "明显高于三级甲等同类 6 家的中位数" in text


def test_screen_is_quiet_among_alike_peers_and_needs_enough_peers() -> None:
    assert [a for a in screen(_stays(1_000_000)) if a.metric is Metric.COST] == []
    assert screen(_stays(3_000_000), min_peers=7) == []


def test_evidence_of_what_2401_stored() -> None:
    assert evidence_of(False, None) is Evidence.NOT_EMERGENCY
    assert evidence_of(True, {}) is Evidence.MISSING
    assert evidence_of(True, {"verdict": "qualifies"}) is Evidence.QUALIFIES
    assert evidence_of(True, {"verdict": "not_met"}) is Evidence.NOT_MET


def _filing(status: FilingStatus, end: date | None, ended: date | None) -> Filing:
    return Filing("F", "x", Category.TEMPORARY, Channel.SELF_SERVICE, "219900", "210100", date(2025, 1, 1),
                  date(2025, 1, 1), end, status, date(2025, 1, 1), ended_on=ended)  # fmt: skip


def test_filing_window() -> None:
    assert filing_window(_filing(FilingStatus.ACTIVE, None, None)) == (date(2025, 1, 1), None)
    assert filing_window(_filing(FilingStatus.CANCELLED, date(2025, 6, 30), date(2025, 3, 10))) == (
        date(2025, 1, 1), date(2025, 3, 9))  # fmt: skip
    assert filing_window(_filing(FilingStatus.EXPIRED, date(2025, 6, 30), date(2025, 7, 2)))[1] == date(
        2025, 6, 30
    )
    lo, hi = filing_window(_filing(FilingStatus.DRAFT, None, None))
    assert hi is not None and hi < lo
