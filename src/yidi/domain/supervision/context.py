"""The review input with the joins every rule needs, computed once per evaluation.

A line's visit, person and day; a settlement's visit, person and day; a stay's admission and
discharge days and its length. Each is a cached column, so a rule that does not need a join does
not pay for it, and the online check (a handful of rows) stays in microseconds.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property

import numpy as np

from yidi.domain.money import fmt_fen
from yidi.domain.supervision.columns import (
    CNT_SCALE,
    I64,
    MINUTES_PER_DAY,
    NO_TIME,
    B,
    ReviewInput,
)
from yidi.domain.supervision.rule import Found

EPOCH = datetime(1970, 1, 1)
DAY0 = date(1970, 1, 1)


class Context:
    def __init__(self, inp: ReviewInput) -> None:
        self.inp = inp
        self.s, self.l, self.v = inp.settlements, inp.lines, inp.visits
        self.p, self.f, self.i = inp.persons, inp.filings, inp.items

    # --- settlements -------------------------------------------------------------------------
    @cached_property
    def setl_visit(self) -> I64:
        return self.s.visit.astype(np.int64)

    @cached_property
    def setl_person(self) -> I64:
        return self.v.person[self.s.visit].astype(np.int64)

    @cached_property
    def setl_day(self) -> I64:
        return self.s.setl_time // MINUTES_PER_DAY

    # --- visits ------------------------------------------------------------------------------
    @cached_property
    def begin_day(self) -> I64:
        return self.v.begin // MINUTES_PER_DAY

    @cached_property
    def discharged(self) -> B:
        return self.v.end != NO_TIME

    @cached_property
    def end_day(self) -> I64:
        return np.where(self.discharged, self.v.end // MINUTES_PER_DAY, np.iinfo(np.int32).max)

    @cached_property
    def los_days(self) -> I64:
        """Length of stay in days, discharge day minus admission day (at least 1; -1 in hospital)."""
        return np.where(self.discharged, np.maximum(self.end_day - self.begin_day, 1), -1)

    @cached_property
    def visit_inpatient(self) -> B:
        """A visit is a stay when one of its settlements is an inpatient one."""
        out = np.zeros(len(self.v.mdtrt_id), dtype=bool)
        out[self.s.visit[self.s.inpatient]] = True
        return out

    # --- lines -------------------------------------------------------------------------------
    @cached_property
    def line_visit(self) -> I64:
        return self.s.visit[self.l.settlement].astype(np.int64)

    @cached_property
    def line_person(self) -> I64:
        return self.v.person[self.line_visit].astype(np.int64)

    @cached_property
    def line_day(self) -> I64:
        return self.l.fee_time // MINUTES_PER_DAY

    @cached_property
    def line_listed(self) -> B:
        return self.l.fact >= 0

    def on_settlements(
        self, visit_hit: B, value: I64 | None = None, limit: I64 | None = None, other: I64 | None = None
    ) -> Found:
        """A finding about visits, reported on each settlement of those visits."""
        rows = np.flatnonzero(visit_hit[self.s.visit])
        v = self.s.visit[rows]
        return Found.of(
            rows,
            value=None if value is None else value[v],
            limit=None if limit is None else limit[v],
            other=None if other is None else other[v],
        )

    # --- words for explanations --------------------------------------------------------------
    def setl_id(self, row: int) -> str:
        return str(self.s.setl_id[row])

    def item_name(self, line: int) -> str:
        fact = int(self.l.fact[line])
        code = self.inp.labels.codes[int(self.l.code[line])]
        return str(self.i.name[fact]) if fact >= 0 else f"编码 {code}"

    def hospital_name(self, visit: int) -> str:
        labels, h = self.inp.labels, int(self.v.hospital[visit])
        return labels.hospital_names[h] if labels.hospital_names else labels.hospitals[h]

    def diagnosis_name(self, visit: int) -> str:
        labels = self.inp.labels
        d = int(self.v.diagnosis[visit])
        return labels.diagnosis_names[d] if labels.diagnosis_names else labels.diagnoses[d]


def yuan(fen: int) -> str:
    return fmt_fen(int(fen))


def count_text(cnt: int) -> str:
    """A quantity in ten-thousandths as plain text: 20000 → '2', 15000 → '1.5'."""
    text = format((Decimal(int(cnt)) / CNT_SCALE).normalize(), "f")
    return text


def day_text(day: int) -> str:
    return (DAY0 + timedelta(days=int(day))).isoformat()


def time_text(minute: int) -> str:
    return (EPOCH + timedelta(minutes=int(minute))).strftime("%Y-%m-%d %H:%M")


def to_minute(t: datetime) -> int:
    return int((t - EPOCH).total_seconds() // 60)


def to_day(d: date) -> int:
    return (d - DAY0).days
