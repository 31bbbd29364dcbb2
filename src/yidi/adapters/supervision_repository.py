"""Storage of supervision (基金监管): what the review reads, set-based, and what it writes.

``review_rows`` reads, in a handful of queries (no query per settlement), the rows the review
rules need for a set of target settlements — a month's, or the one just made (online): the
targets, and as context every visit, settlement and fee line of the same persons in a window
around them (overlapping stays, readmissions, visits per day), the persons' credit default, the
visits' filings and their hospitals' level. Rows come back named as ``domain.supervision.records
.build_input`` takes them. The writes are the run, its hits (idempotent on settlement, rule and
line), the queue and the reviewed marks behind the 审核率.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from yidi.adapters import orm_supervision as t
from yidi.adapters import supervision_frames
from yidi.adapters.orm import filings, insured_persons
from yidi.adapters.orm_hospital import fee_details, hospitals, settlements, visits
from yidi.adapters.supervision_cases import CaseStore
from yidi.adapters.supervision_store import VALID_SETTLE, DecisionStore
from yidi.domain.national.codes import CLR_TYPE_INPATIENT, PAY_LOC_CROSS_PROVINCE, PAY_LOC_IN_PROVINCE
from yidi.domain.supervision.frames import MonthTables
from yidi.domain.supervision.records import window

CONTEXT_DAYS = 60  # stays this many days around the targets are context (R-RAD's 15 days, R-OVL)
CROSS_REGION = (PAY_LOC_IN_PROVINCE, PAY_LOC_CROSS_PROVINCE)
EMERGENCY_MED_TYPE = "24"  # 2401 stores an emergency admission's med_type as 24 as well as er_flag
Row = dict[str, Any]
T = TypeVar("T")


@dataclass
class ReviewRows:
    settlements: list[Row] = field(default_factory=list)
    lines: list[Row] = field(default_factory=list)
    visits: list[Row] = field(default_factory=list)
    persons: list[Row] = field(default_factory=list)
    filings: list[Row] = field(default_factory=list)

    def regions(self) -> set[str]:
        return {str(v["treatment_region"]) for v in self.visits}


def month_days(month: str) -> tuple[date, date]:
    first = date.fromisoformat(f"{month}-01")
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def in_month(first: date, last: date, until: datetime | None = None) -> ColumnElement[bool]:
    cond = and_(VALID_SETTLE, settlements.c.setl_date >= first, settlements.c.setl_date <= last)
    return cond if until is None else and_(cond, settlements.c.setl_time <= until)


def settlements_named(setl_ids: Sequence[str]) -> ColumnElement[bool]:
    """The valid settlements among ``setl_ids`` (the online check's targets)."""
    return and_(VALID_SETTLE, settlements.c.setl_id.in_(list(setl_ids)))


@dataclass(frozen=True)
class ReviewScope:
    """What a review reads for its target settlements: their persons, those persons' visits in the
    window around the period (``CONTEXT_DAYS`` before it, to its end), and those visits' ids and
    filings — as subqueries, for the row reads here and the columnar reads of the monthly run."""

    people: Any
    visits: ColumnElement[bool]
    visit_ids: Any
    filing_ids: Any


def review_scope(target: ColumnElement[bool], first: date, last: date, people: Any = None) -> ReviewScope:
    """``people``: the target settlements' persons as a query already made (the monthly run
    keeps them in a table of its own); by default a subquery over ``target``."""
    s, v = settlements.c, visits.c
    if people is None:
        people = select(s.id_number).where(target).distinct().scalar_subquery()
    lo = datetime.combine(first - timedelta(days=CONTEXT_DAYS), datetime.min.time())
    hi = datetime.combine(last + timedelta(days=1), datetime.min.time())
    in_window = and_(v.id_number.in_(people), v.begntime < hi, or_(v.endtime.is_(None), v.endtime >= lo))
    return ReviewScope(
        people, in_window, select(v.mdtrt_id).where(in_window),
        select(v.filing_id).where(in_window, v.filing_id.is_not(None)),
    )  # fmt: skip


class SupervisionRepository(DecisionStore, CaseStore):
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- reading ---------------------------------------------------------------------------
    def review_rows(self, target: ColumnElement[bool], first: date, last: date) -> ReviewRows:
        """Targets (settlements matching ``target``) and their persons' context around [first, last]."""
        s, v, h = settlements.c, visits.c, hospitals.c
        scope = review_scope(target, first, last)
        people, in_window = scope.people, scope.visits
        out = ReviewRows()
        for r in self.session.execute(
            select(visits, h.hosp_lv, h.name.label("hospital_name"))
            .join(hospitals, h.code == v.hospital_code)
            .where(in_window)
            .order_by(v.mdtrt_id)
        ).mappings():
            detail = r["detail"] or {}
            out.visits.append({
                "mdtrt_id": r["mdtrt_id"], "id_number": r["id_number"], "hospital_code": r["hospital_code"],
                "hospital_name": r["hospital_name"], "hosp_lv": r["hosp_lv"], "insured_region": r["insured_region"],
                "treatment_region": r["treatment_region"], "pay_loc": int(r["pay_loc"]), "begntime": r["begntime"],
                "endtime": r["endtime"], "status": r["status"],
                "er_flag": bool(r["er_flag"]) or r["med_type"] == EMERGENCY_MED_TYPE,
                "evidence": detail.get("emergency_evidence"), "dscg_maindiag_code": r["dscg_maindiag_code"],
                "dscg_maindiag_name": r["dscg_maindiag_name"],
                "dept_code": (detail.get("mdtrtinfo") or {}).get("adm_dept_codg"), "filing_id": r["filing_id"],
            })  # fmt: skip
        visit_ids = scope.visit_ids
        out.settlements = _dicts(self.session.execute(
            select(settlements, target.label("target"))
            .where(VALID_SETTLE, s.mdtrt_id.in_(visit_ids))
            .order_by(s.setl_id)
        ))  # fmt: skip
        for setl in out.settlements:
            setl["target"] = bool(setl["target"])
        f = fee_details.c
        out.lines = _dicts(self.session.execute(
            select(f.setl_id, f.feedetl_sn, f.med_list_codg, f.cnt, f.fee_ocur_time, f.det_item_fee_sumamt,
                   f.overlmt_amt, f.chrgitm_lv, f.selfpay_prop_bp)
            .join(settlements, s.setl_id == f.setl_id)
            .where(VALID_SETTLE, s.mdtrt_id.in_(visit_ids))
            .order_by(f.setl_id, f.feedetl_sn)
        ))  # fmt: skip
        p = insured_persons.c
        out.persons = [dict(r) for r in self.session.execute(
            select(p.id_number, p.credit_default_on).where(p.id_number.in_(people)).order_by(p.id_number)
        ).mappings()]  # fmt: skip
        fc = filings.c
        for r in self.session.execute(
            select(fc.id, fc.start_date, fc.end_date, fc.status, fc.ended_on).where(fc.id.in_(scope.filing_ids))
        ).mappings():
            start, end = window(r["start_date"], r["end_date"], r["status"], r["ended_on"])
            out.filings.append({"filing_id": r["id"], "valid_from": start, "valid_to": end})
        return out

    def month_tables(self, target: ColumnElement[bool], first: date, last: date) -> MonthTables:
        """``review_rows`` as Polars tables (the monthly run)."""
        return supervision_frames.month_tables(
            self.session, target, lambda people: review_scope(target, first, last, people)
        )

    def hit_keys_where(self, target: ColumnElement[bool]) -> set[tuple[str, str, str]]:
        return supervision_frames.hit_keys_where(self.session, target)

    def mark_reviewed_many(self, setl_ids: list[str], month: str, at: datetime, run_id: str) -> None:
        """The monthly run's reviewed marks: set-based on PostgreSQL, in chunks elsewhere."""
        if not supervision_frames.mark_reviewed(self.session, setl_ids, month, at, run_id):
            self.mark_reviewed_by_rules(dict.fromkeys(setl_ids, month), at, run_id)

    def valid_settlement_days(self, setl_ids: Sequence[str]) -> dict[date, list[str]]:
        """The valid settlements among ``setl_ids`` by settlement day (a reversed or unknown id is
        left out: there is nothing to check)."""
        out: dict[date, list[str]] = {}
        rows = self.session.execute(
            select(settlements.c.setl_date, settlements.c.setl_id).where(settlements_named(setl_ids))
        )
        for day, setl_id in rows:
            out.setdefault(day, []).append(setl_id)
        return out

    def meanwhile(self, work: Callable[[], T]) -> Callable[[], T]:
        """``work`` (writes or reads on this session) done while the caller computes: on
        PostgreSQL on a thread of its own, over the session's connection, which the caller leaves
        alone until it calls the returned ``wait`` (the database inserts the monthly run's million
        reviewed marks while Python builds the columns, instead of after); elsewhere done now."""
        if self.session.get_bind().dialect.name != "postgresql":
            done = work()
            return lambda: done
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yidi-meanwhile")
        running = pool.submit(work)
        pool.shutdown(wait=False)
        return running.result

    def past_stays(self, before: date, days: int = 365, diagnosis: str | None = None) -> list[Row]:
        """Discharged, settled inpatient stays of the ``days`` before ``before`` (for LOS norms)."""
        s, v, h = settlements.c, visits.c, hospitals.c
        lo = datetime.combine(before - timedelta(days=days), datetime.min.time())
        stmt = (
            select(v.dscg_maindiag_code, h.hosp_lv, v.begntime, v.endtime)
            .join(settlements, s.mdtrt_id == v.mdtrt_id)
            .join(hospitals, h.code == v.hospital_code)
            .where(VALID_SETTLE, s.clr_type == CLR_TYPE_INPATIENT, v.endtime.is_not(None))
            .where(v.endtime >= lo, v.endtime < datetime.combine(before, datetime.min.time()))
        )
        if diagnosis is not None:
            stmt = stmt.where(v.dscg_maindiag_code == diagnosis)
        return [dict(r) for r in self.session.execute(stmt).mappings()]

    def cross_region_counts(self, first: date, last: date, until: datetime | None = None) -> tuple[int, int]:
        """(cross-region settlements of the month made by ``until``, how many of them were reviewed)."""
        s, v, r = settlements.c, visits.c, t.reviewed.c
        base = (
            select(func.count(), func.count(r.setl_id))
            .select_from(settlements)
            .join(visits, v.mdtrt_id == s.mdtrt_id)
            .outerjoin(t.reviewed, r.setl_id == s.setl_id)
            .where(in_month(first, last, until), v.pay_loc.in_(CROSS_REGION))
        )
        total, reviewed = self.session.execute(base).one()
        return int(total), int(reviewed)

    def month_settlements(self, hospital_code: str, first: date, last: date) -> list[Row]:
        """A hospital's cross-region settlements of a month (the sampling frame), by setl_id."""
        s, v = settlements.c, visits.c
        stmt = (
            select(s.setl_id, s.medfee_sumamt, s.fund_pay_sumamt, v.insured_region, v.treatment_region)
            .join(visits, v.mdtrt_id == s.mdtrt_id)
            .where(in_month(first, last), s.hospital_code == hospital_code, v.pay_loc.in_(CROSS_REGION))
            .order_by(s.setl_id)
        )
        return [dict(r) for r in self.session.execute(stmt).mappings()]

    def store_screening(self, month: str, hits: list[Row], queue: list[Row], at: datetime) -> None:
        """An anomaly screening as a run: its hits (once per settlement and rule) and queue entries."""
        run_id = f"A{month.replace('-', '')}-{at:%Y%m%d%H%M%S%f}"
        self.add_run({"run_id": run_id, "month": month, "kind": "screen", "started_at": at, "finished_at": at,
                      "settlements": len({q["setl_id"] for q in queue}), "hits": len(hits), "params": {}})  # fmt: skip
        known = self.hit_keys(sorted({h["setl_id"] for h in hits}))
        new = []
        for h in hits:
            if (h["setl_id"], h["rule"], "") not in known:
                known.add((h["setl_id"], h["rule"], ""))
                new.append({**h, "run_id": run_id, "month": month, "line_sn": "", "found_at": at})
        self.add_hits(new)
        merged: dict[str, Row] = {}
        for q in queue:
            old = merged.setdefault(q["setl_id"], {**q, "rules": []})
            old["rules"] = sorted(set(old["rules"]) | set(q["rules"]))
        self.enqueue(list(merged.values()))

    def hospitals_with_cross_region(self, year: int) -> list[str]:
        """Designated hospitals with cross-region settlements in ``year`` (the inspection indicator)."""
        s, v = settlements.c, visits.c
        stmt = (
            select(s.hospital_code).distinct()
            .join(visits, v.mdtrt_id == s.mdtrt_id)
            .where(VALID_SETTLE, s.year == year, v.pay_loc.in_(CROSS_REGION))
        )  # fmt: skip
        return sorted(self.session.execute(stmt).scalars())

    # --- writing ---------------------------------------------------------------------------
    def add_run(self, row: Row) -> None:
        self.session.execute(t.review_runs.insert().values(**row))

    def hit_keys(self, setl_ids: Sequence[str]) -> set[tuple[str, str, str]]:
        c = t.rule_hits.c
        out: set[tuple[str, str, str]] = set()
        for chunk in _chunks(setl_ids):
            out.update(
                (a, b, d) for a, b, d in self.session.execute(
                    select(c.setl_id, c.rule, c.line_sn).where(c.setl_id.in_(chunk))
                )
            )  # fmt: skip
        return out

    def add_hits(self, rows: list[Row]) -> None:
        if rows and not supervision_frames.copy_rows(self.session, t.rule_hits, rows):
            self.session.execute(t.rule_hits.insert(), rows)

    def hits_of(self, setl_id: str) -> list[Row]:
        c = t.rule_hits.c
        return [dict(r) for r in self.session.execute(
            select(t.rule_hits).where(c.setl_id == setl_id).order_by(c.rule, c.line_sn)
        ).mappings()]  # fmt: skip

    def month_hits(self, month: str, hospital_code: str | None = None) -> list[Row]:
        c = t.rule_hits.c
        stmt = select(c.setl_id, c.line_sn, c.rule, c.severity, c.clause, c.detail, c.hospital_code,
                      c.insured_region, c.treatment_region).where(c.month == month)  # fmt: skip
        if hospital_code is not None:
            stmt = stmt.where(c.hospital_code == hospital_code)
        return [dict(r) for r in self.session.execute(stmt.order_by(c.setl_id, c.rule, c.line_sn)).mappings()]

    def enqueue(self, rows: list[Row]) -> None:
        """New queue entries; an entry already queued keeps its status and gains new reasons (a
        month's entries, as columns: ``enqueue_month``)."""
        q = t.review_queue.c
        existing = {}
        wanted = {r["setl_id"] for r in rows}
        for chunk in _chunks(sorted(wanted)):
            stmt = select(q.setl_id, q.reasons, q.rules).where(q.setl_id.in_(chunk))
            existing.update({r["setl_id"]: r for r in self.session.execute(stmt).mappings()})
        new = [r for r in rows if r["setl_id"] not in existing]
        if new and not supervision_frames.copy_rows(self.session, t.review_queue, new):
            self.session.execute(t.review_queue.insert(), new)
        for r in rows:
            old = existing.get(r["setl_id"])
            if old is not None:
                self._merge_queued(r["setl_id"], old, r["reasons"], r["rules"])

    def _merge_queued(self, setl_id: str, old: Any, reasons: list[str], rules: list[str]) -> None:
        """An entry already queued gains the new reasons and rules (its status stays)."""
        merged = sorted({*old["reasons"], *reasons}), sorted({*old["rules"], *rules})
        if merged != (sorted(old["reasons"]), sorted(old["rules"])):
            q = t.review_queue.c
            self.session.execute(
                update(t.review_queue).where(q.setl_id == setl_id).values(reasons=merged[0], rules=merged[1])
            )

    def enqueue_month(self, entries: dict[str, list[Any]], month: str) -> None:
        """A month's queue entries as columns (the monthly run), as ``enqueue`` does them: an entry
        already queued keeps its status and gains new reasons or rules; the new ones are copied
        in at once (no dict per entry: a month queues hundreds of thousands)."""
        q = t.review_queue.c
        by_month = select(q.setl_id, q.reasons, q.rules).where(q.month == month)
        existing = {r["setl_id"]: r for r in self.session.execute(by_month).mappings()}
        fresh: list[int] = []
        for i, (setl_id, reasons, rules) in enumerate(zip(entries["setl_id"], entries["reasons"], entries["rules"],
                                                          strict=True)):  # fmt: skip
            old = existing.get(setl_id)
            if old is None:
                fresh.append(i)
            else:
                self._merge_queued(setl_id, old, reasons, rules)
        new = entries if len(fresh) == len(entries["setl_id"]) else {
            c: [v[i] for i in fresh] for c, v in entries.items()
        }  # fmt: skip
        if fresh and not supervision_frames.copy_columns(self.session, t.review_queue, new):
            self.session.execute(t.review_queue.insert(), rows_of(new))

    def mark_reviewed_by_rules(self, month_of: dict[str, str], at: datetime, run_id: str) -> None:
        r = t.reviewed.c
        seen: set[str] = set()
        for chunk in _chunks(list(month_of)):
            seen.update(self.session.execute(select(r.setl_id).where(r.setl_id.in_(chunk))).scalars())
        new = [{"setl_id": s, "month": m, "by_rules_at": at, "run_id": run_id}
               for s, m in month_of.items() if s not in seen]  # fmt: skip
        if new:
            self.session.execute(t.reviewed.insert(), new)
        for chunk in _chunks([s for s in month_of if s in seen]):
            self.session.execute(
                update(t.reviewed)
                .where(r.setl_id.in_(chunk), r.by_rules_at.is_(None))
                .values(by_rules_at=at, run_id=run_id)
            )


def _dicts(result: Any) -> list[Row]:
    """Rows as dicts, the column names looked up once (``dict(RowMapping)`` per row is slow)."""
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result]


def rows_of(columns: dict[str, list[Any]]) -> list[Row]:
    """Equal-length columns (name → values) as rows (name → value)."""
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def _chunks(items: Iterable[str], size: int = 500) -> Iterable[list[str]]:
    batch: list[str] = []
    for x in items:
        batch.append(x)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
