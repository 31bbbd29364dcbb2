"""Anomaly screening (异常监测): hospitals, departments and diagnoses that stand out from their peers.

Seed 004 四 asks for regular analysis that finds unusual fund use. For each unit — a hospital, a
hospital's department, a hospital's diagnosis — four figures of its cross-region stays are
compared with the same figure of its peers (units of hospitals of the same level; for a
department or diagnosis, the same department or diagnosis at hospitals of that level):

* cost per stay (次均费用), length of stay (平均住院日), self-pay share (自费比例: fully
  self-paid plus over-cap over the total), 乙类 share (乙类项目费用占比).

The yardstick is the robust z-score of Iglewicz and Hoaglin, 0.6745 (x − median) / MAD, which
one extreme peer cannot drag along as it would a mean and a standard deviation; when more than
half of the peers are equal (MAD 0) the mean absolute deviation is used (× 1.2533). A unit is
flagged when |z| exceeds the threshold (3.5, their recommendation) among at least ``min_peers``
peers, each with at least ``min_stays`` stays. The figures are statistics, not amounts to pay,
so they are computed in floating point; money is shown rounded half-up to the fen.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from yidi.domain.supervision.basis import Assumption
from yidi.domain.supervision.vectors import sort_groups

THRESHOLD = 3.5
MIN_PEERS = 5
MIN_STAYS = 10
BASIS = Assumption(
    "A-SUP-12", "阈值3.5取 Iglewicz–Hoaglin 建议值；同级同类不少于5家、每家不少于10人次时比较才有意义"
)


class Unit(StrEnum):
    HOSPITAL = "hospital"
    DEPARTMENT = "department"
    DIAGNOSIS = "diagnosis"


class Metric(StrEnum):
    COST = "cost_per_stay"
    LOS = "length_of_stay"
    SELFPAY = "selfpay_share"
    CLASS_B = "class_b_share"

    @property
    def zh(self) -> str:
        return {"cost_per_stay": "次均费用", "length_of_stay": "平均住院日", "selfpay_share": "自费比例",
                "class_b_share": "乙类项目费用占比"}[self.value]  # fmt: skip


@dataclass(frozen=True)
class StayStats:
    """One row per discharged cross-region stay (codes as in ``Labels``)."""

    hospital: NDArray[np.int32]
    hosp_lv: NDArray[np.int8]
    department: NDArray[np.int32]
    diagnosis: NDArray[np.int32]
    medfee_fen: NDArray[np.int64]
    los_days: NDArray[np.int64]
    selfpay_fen: NDArray[np.int64]  # fulamt_ownpay_amt + overlmt_selfpay
    class_b_fen: NDArray[np.int64]  # lines of grade 2 (乙类)


@dataclass(frozen=True)
class Anomaly:
    unit: Unit
    hospital: int
    key: int  # department or diagnosis code; -1 for a hospital
    hosp_lv: int
    metric: Metric
    value: float
    median: float
    z: float
    peers: int
    stays: int

    def detail(self, names: dict[str, str]) -> str:
        """Plain Chinese; ``names`` gives 'hospital', 'key' and 'level' in words."""
        where = names["hospital"] + ("" if self.unit is Unit.HOSPITAL else f"（{names['key']}）")
        high = "高于" if self.z > 0 else "低于"
        return (f"{where}{self.metric.zh}为 {_fmt(self.metric, self.value)}，明显{high}{names['level']}同类"
                f" {self.peers} 家的中位数 {_fmt(self.metric, self.median)}（稳健 z 值 {self.z:.1f}）")  # fmt: skip


def _fmt(metric: Metric, x: float) -> str:
    if metric is Metric.COST:  # fen → yuan, half-up to the fen
        return f"{int(x + 0.5) / 100:.2f} 元"
    if metric is Metric.LOS:
        return f"{x:.1f} 天"
    return f"{x * 100:.1f}%"


def robust_z(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """0.6745 (x − median) / MAD; with MAD 0, (x − median) / (1.2533 × mean absolute deviation);
    zeros when all values are equal."""
    med = float(np.median(values))
    dev = np.abs(values - med)
    mad = float(np.median(dev))
    if mad > 0:
        return 0.6745 * (values - med) / mad
    mean_ad = float(np.mean(dev))
    return (values - med) / (1.253314 * mean_ad) if mean_ad > 0 else np.zeros_like(values)


def _units(
    s: StayStats, unit: Unit
) -> tuple[
    NDArray[np.int64],
    NDArray[np.int64],
    dict[Metric, NDArray[np.float64]],
    NDArray[np.int64],
    NDArray[np.int64],
]:
    key = {
        Unit.HOSPITAL: np.full(len(s.hospital), -1),
        Unit.DEPARTMENT: s.department,
        Unit.DIAGNOSIS: s.diagnosis,
    }[unit]
    order, starts = sort_groups(s.hospital, key)
    first = np.flatnonzero(starts)

    def total(col: NDArray[np.int64]) -> NDArray[np.float64]:
        return np.add.reduceat(col[order], first).astype(np.float64) if len(first) else np.zeros(0)

    stays = np.diff(np.append(first, len(order)))
    fee = total(s.medfee_fen)
    safe = np.where(fee > 0, fee, 1.0)
    metrics = {Metric.COST: fee / stays, Metric.LOS: total(s.los_days) / stays,
               Metric.SELFPAY: total(s.selfpay_fen) / safe, Metric.CLASS_B: total(s.class_b_fen) / safe}  # fmt: skip
    lead = order[first]
    return (
        s.hospital[lead].astype(np.int64),
        np.asarray(key)[lead].astype(np.int64),
        metrics,
        s.hosp_lv[lead].astype(np.int64),
        stays,
    )


def screen(
    s: StayStats, *, threshold: float = THRESHOLD, min_peers: int = MIN_PEERS, min_stays: int = MIN_STAYS
) -> list[Anomaly]:
    """Every unit and metric whose robust z-score among its peers exceeds ``threshold``."""
    out: list[Anomaly] = []
    for unit in Unit:
        hospital, key, metrics, level, stays = _units(s, unit)
        enough = stays >= min_stays
        for lv, k in sorted({(int(a), int(b)) for a, b in zip(level[enough], key[enough], strict=True)}):
            peers = np.flatnonzero(enough & (level == lv) & (key == k))
            if len(peers) < min_peers:
                continue
            for metric, values in metrics.items():
                z = robust_z(values[peers])
                med = float(np.median(values[peers]))
                for i in np.flatnonzero(np.abs(z) > threshold):
                    u = peers[i]
                    out.append(Anomaly(unit, int(hospital[u]), k, lv, metric, float(values[u]), med, float(z[i]),
                                       len(peers), int(stays[u])))  # fmt: skip
    return out
