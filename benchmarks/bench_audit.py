"""Supervision through the database (figures for the issue note and docs/supervision.md; never asserted).

    python benchmarks/bench_audit.py online [--stays N] [--runs R] [--url URL]
    python benchmarks/bench_audit.py batch  [--stays N] [--lines K] [--url URL]
    python benchmarks/bench_audit.py month  [--settlements N] [--database-url URL] [--schema NAME] [--runs R]

online: ``supervision_review.online_check`` — what runs after every 2304/2207 commit: load the
settlement and its person's stays around it, the LOS norms of its diagnosis, build the columns,
evaluate every rule, store hits, queue and the reviewed mark — p50/p99 wall and CPU over R runs
on a database of N stays. Target (issue 17): ≤ 5 ms added at p99.

batch: ``supervision_review.run_month`` (``yidi audit run``) over a month of N stays with K lines
each, written straight into the tables: the set-based load, the evaluation and the stores, with
the time of each phase. The 1 000 000-settlement figure of the evaluator over columns is
``bench_supervision.py batch``. Default database: a SQLite file in a temporary directory.

month: the issue's scale through the database (issue 17 §2: 1 000 000 settlements' lines in
≤ 60 s). N settlements of one month on PostgreSQL in a throw-away schema, written by ``INSERT …
SELECT generate_series`` (not timed): 30 % inpatient stays with 20 fee lines, 70 % outpatient
visits with 4 (8.8 lines a settlement, as ``bench_supervision.py``), every 50th bill with a line
billed twice (R-DUP), 0.8 persons a settlement. Then ``run_month`` is timed — columnar read, the
evaluation, the stores — with wall time, this process's CPU time, the CPU time of the database
backend serving it (one pooled connection) and the peak memory of each; then the re-run.
Each run also prints its phases (``run_month``'s steps wrapped here, from outside ``src/``):
wall and CPU of this process and of the session's backend per phase.

``--schema NAME`` keeps the seeded month for the next try: the schema is seeded only if it does
not exist yet and is not dropped afterwards (drop it yourself: ``DROP SCHEMA NAME CASCADE``). The
runs' writes (hits, queue, reviewed marks, runs) are emptied before the first run, so each
invocation times a first run again. ``--runs R`` times R runs (default 2: first run and re-run).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, insert

from yidi.adapters.db import session_factory
from yidi.adapters.migrate import upgrade_database
from yidi.adapters.orm import insured_persons
from yidi.adapters.orm_hospital import SETTLEMENT_AMOUNTS, fee_details, hospitals, settlements, visits
from yidi.domain.identifiers import check_char
from yidi.service_layer import supervision_review as sr
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

ASPIRIN = "XB01ACA056A001010100000"  # 甲类, no price cap, no per-day maximum in the demo data
HOSPS = [f"H210100{n:05d}" for n in range(1, 21)]


def fill(engine: Engine, stays: int, lines: int, month_start: datetime, seed: int = 7) -> list[str]:
    """``stays`` settled stays of the month (one person each), ``lines`` fee lines each."""
    rng = random.Random(seed)
    persons, vis, setl, fees, ids = [], [], [], [], []
    for p in range(stays):
        born = date(1940, 1, 1) + timedelta(days=p % 20_000)
        body = f"210102{born:%Y%m%d}{(p // 20_000) % 100:02d}{(p // 2_000_000) % 10}"
        persons.append({"id_number": body + check_char(body), "name": "测", "insutype": "310", "psn_type": "11",
                        "civil_servant": False, "insured_region": "211200", "account_balance_fen": 0})  # fmt: skip
    for s in range(stays):
        person = persons[s % len(persons)]["id_number"]
        begin = month_start + timedelta(days=rng.randrange(0, 25), hours=rng.randrange(0, 10))
        end = begin + timedelta(days=rng.randrange(1, 12))
        m, sid = f"BM{s:09d}", f"BS{s:09d}"
        hosp = HOSPS[s % len(HOSPS)]
        total = 0
        for k in range(lines):
            amount = rng.randrange(1_000, 200_000)
            total += amount
            # a clean bill (an uncapped 甲类 drug, one line an hour) except every 50th stay, which
            # bills its first line twice (R-DUP): hits at about the rate a real month would have
            when = begin + timedelta(hours=k if s % 50 or k != 1 else 0)
            fees.append({"mdtrt_id": m, "feedetl_sn": str(k + 1), "med_list_codg": ASPIRIN,
                         "medins_list_codg": "x", "fee_ocur_time": when, "cnt": "1", "pric": "1",
                         "det_item_fee_sumamt": amount, "chrgitm_lv": "1", "selfpay_prop_bp": 0, "pric_uplmt_amt": None,
                         "price_cap": 0, "fulamt_ownpay_amt": 0, "overlmt_amt": 0, "preselfpay_amt": 0,
                         "inscp_scp_amt": amount, "etip_flag": False, "etip_hosp_code": "", "setl_id": sid, "raw": {}})  # fmt: skip
        fund = total * 8 // 10
        vis.append({"mdtrt_id": m, "hospital_code": hosp, "psn_no": person, "id_number": person, "insutype": "310",
                    "med_type": "21", "insured_region": "211200", "treatment_region": "210100", "pay_loc": "3",
                    "filing_category": "temporary", "filing_id": None, "filing_basis": "auto_filing", "ipt_no": m,
                    "begntime": begin, "endtime": end, "status": "settled", "er_flag": False,
                    "dscg_maindiag_code": f"I{s % 30:02d}.0", "dscg_maindiag_name": "诊断", "warnings": [], "detail": {}})  # fmt: skip
        at = end + timedelta(hours=1)
        setl.append({"setl_id": sid, "mdtrt_id": m, "hospital_code": hosp, "psn_no": person, "id_number": person,
                     "insutype": "310", "clr_type": "21", "clr_optins": "211200", "setl_time": at, "setl_date": at.date(),
                     "year": at.year, "kind": "settle", "status": "valid", "msgid": sid, "balc": 0, "dedc_paid_in_chain": 0,
                     "output": {}, **dict.fromkeys(SETTLEMENT_AMOUNTS, 0), "medfee_sumamt": total, "inscp_scp_amt": total,
                     "fund_pay_sumamt": fund, "psn_part_amt": total - fund})  # fmt: skip
        ids.append(sid)
    with engine.begin() as conn:
        conn.execute(insert(hospitals), [{"code": h, "name": h, "region": "210100", "hosp_lv": "3A", "uscc": "",
                                           "paasid": f"b-{h}", "secret": "s", "active": True} for h in HOSPS])  # fmt: skip
        conn.execute(insert(insured_persons), persons)
        for table, rows in ((visits, vis), (settlements, setl), (fee_details, fees)):
            for i in range(0, len(rows), 20_000):
                conn.execute(insert(table), rows[i : i + 20_000])
    return ids


def database(url: str | None) -> Engine:
    if url:
        return upgrade_database(url)
    path = Path(tempfile.mkdtemp()) / "bench-audit.db"
    return upgrade_database(f"sqlite:///{path}")


def online(args: argparse.Namespace) -> None:
    engine = database(args.url)
    ids = fill(engine, args.stays, args.lines, datetime(2026, 3, 1))
    sessions = session_factory(engine)
    rng = random.Random(1)
    wall, cpu = [], []
    for _ in range(args.runs):
        setl_id = rng.choice(ids)
        w, c = time.perf_counter(), time.process_time()
        sr.online_check(SqlAlchemyUnitOfWork(sessions), setl_id)
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    q = statistics.quantiles
    print(f"online check, {engine.url.get_backend_name()}, {args.stays} stays × {args.lines} lines, {args.runs} runs:")
    print(f"  wall p50 {q(wall, n=100)[49]:.2f} ms, p99 {q(wall, n=100)[98]:.2f} ms")
    print(f"  CPU  p50 {q(cpu, n=100)[49]:.2f} ms, p99 {q(cpu, n=100)[98]:.2f} ms")


def batch(args: argparse.Namespace) -> None:
    engine = database(args.url)
    t0 = time.perf_counter()
    fill(engine, args.stays, args.lines, datetime(2026, 3, 1))
    t1 = time.perf_counter()
    c0 = time.process_time()
    out = sr.run_month(SqlAlchemyUnitOfWork(session_factory(engine)), "2026-03", today=datetime(2026, 4, 2).date())
    t2 = time.perf_counter()
    c1 = time.process_time()
    again = sr.run_month(SqlAlchemyUnitOfWork(session_factory(engine)), "2026-03", today=datetime(2026, 4, 2).date())
    t3 = time.perf_counter()
    print(f"batch run, {engine.url.get_backend_name()}, {args.stays} stays × {args.lines} lines "
          f"({args.stays * args.lines:,} lines): fill {t1 - t0:.1f} s")  # fmt: skip
    print(f"  first run {t2 - t1:.1f} s wall, {c1 - c0:.1f} s CPU, {len(out['hits'])} hits, "
          f"审核率 {out['reviewed_ratio']}; re-run (idempotent) {t3 - t2:.1f} s, same output: {again == out}")  # fmt: skip


MONTH_SQL = """
INSERT INTO hospitals (code, name, region, hosp_lv, uscc, paasid, secret, active)
SELECT 'H210100' || lpad(h::text, 5, '0'), '基准医院' || h, '210100', '3A', '', 'bench-' || h, 's', true
FROM generate_series(1, 20) AS h;

INSERT INTO insured_persons (id_number, psn_no, name, insutype, psn_type, civil_servant, insured_region,
                             account_balance_fen)
SELECT '210102' || to_char(DATE '1940-01-01' + p % 20000, 'YYYYMMDD') || lpad((p / 20000)::text, 3, '0') || '0',
       'BP' || lpad(p::text, 12, '0'), '测', '310', '11', false, '211200', 0
FROM generate_series(0, :persons - 1) AS p;

INSERT INTO hospital_visits (mdtrt_id, hospital_code, psn_no, id_number, insutype, med_type, insured_region,
    treatment_region, pay_loc, filing_category, filing_basis, ipt_no, begntime, endtime, status, er_flag,
    dscg_maindiag_code, dscg_maindiag_name, warnings, detail)
SELECT 'BM' || lpad(n::text, 9, '0'), 'H210100' || lpad((1 + n % 20)::text, 5, '0'), x.idn, x.idn, '310',
       CASE WHEN x.ipt THEN '21' ELSE '11' END, '211200', '210100', '3', 'temporary', 'auto_filing',
       'BM' || lpad(n::text, 9, '0'), x.b,
       CASE WHEN x.ipt THEN x.b + (1 + n % 11) * INTERVAL '1 day' ELSE x.b + INTERVAL '4 hours' END,
       'settled', false, 'I' || lpad((n % 30)::text, 2, '0') || '.0', '诊断', '[]', '{{}}'
FROM generate_series(0, :n - 1) AS n
JOIN LATERAL (SELECT n % 10 < 3 AS ipt, TIMESTAMP '2026-03-01' + ((n::bigint * 7919) % (17 * 86400)) * INTERVAL '1 second' AS b,
                     '210102' || to_char(DATE '1940-01-01' + (n % :persons) % 20000, 'YYYYMMDD')
                     || lpad(((n % :persons) / 20000)::text, 3, '0') || '0' AS idn) x ON true;

INSERT INTO hospital_fee_details (mdtrt_id, feedetl_sn, med_list_codg, medins_list_codg, fee_ocur_time, cnt, pric,
    det_item_fee_sumamt, chrgitm_lv, selfpay_prop_bp, pric_uplmt_amt, price_cap, fulamt_ownpay_amt, overlmt_amt,
    preselfpay_amt, inscp_scp_amt, etip_flag, etip_hosp_code, setl_id, raw)
SELECT v.mdtrt_id, k::text, :aspirin, 'x',
       v.begntime + (CASE WHEN k = 2 AND substr(v.mdtrt_id, 3)::int % 50 = 0 THEN 0 ELSE k - 1 END) * INTERVAL '1 hour',
       '1', '1', a.amount, '1', 0, NULL, 0, 0, 0, 0, a.amount, false, '', 'BS' || substr(v.mdtrt_id, 3), '{{}}'
FROM hospital_visits v
JOIN LATERAL generate_series(1, CASE WHEN v.med_type = '21' THEN 20 ELSE 4 END) AS k ON true
JOIN LATERAL (SELECT 1000 + (substr(v.mdtrt_id, 3)::int * 31 + k * 17) % 199000 AS amount) a ON true;

INSERT INTO hospital_settlements (setl_id, mdtrt_id, hospital_code, psn_no, id_number, insutype, clr_type,
    clr_optins, setl_time, setl_date, year, kind, status, msgid, balc, dedc_paid_in_chain, output, {amounts})
SELECT 'BS' || substr(v.mdtrt_id, 3), v.mdtrt_id, v.hospital_code, v.psn_no, v.id_number, '310', v.med_type,
       '211200', v.endtime + INTERVAL '1 hour', CAST(v.endtime + INTERVAL '1 hour' AS date), 2026, 'settle', 'valid',
       'BS' || substr(v.mdtrt_id, 3), 0, 0, '{{}}', {values}
FROM hospital_visits v
JOIN (SELECT mdtrt_id, sum(det_item_fee_sumamt) AS total FROM hospital_fee_details GROUP BY mdtrt_id) f
  ON f.mdtrt_id = v.mdtrt_id
"""


def _month_sql() -> str:
    given = {"medfee_sumamt": "f.total", "inscp_scp_amt": "f.total", "fund_pay_sumamt": "f.total * 8 / 10",
             "psn_part_amt": "f.total - f.total * 8 / 10"}  # fmt: skip
    return MONTH_SQL.format(amounts=", ".join(SETTLEMENT_AMOUNTS),
                            values=", ".join(given.get(a, "0") for a in SETTLEMENT_AMOUNTS))  # fmt: skip


def _count_arrow_backend_cpu(cpu_of: Any) -> list[float]:
    """The monthly run reads through a connection of its own (ADBC): count its backend's CPU too."""
    from adbc_driver_postgresql import dbapi

    spent: list[float] = []
    real = dbapi.connect

    def connect(*a: Any, **k: Any) -> Any:
        conn = real(*a, **k)
        with conn.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            pid = cur.fetchone()[0]
        start, close = cpu_of(pid) or 0.0, conn.close

        def closing() -> None:
            spent.append((cpu_of(pid) or 0.0) - start)
            close()

        conn.close = closing
        return conn

    dbapi.connect = connect
    return spent


class Phases:
    """Wall and CPU time of ``run_month``'s steps: the functions it calls are wrapped (patched on
    their modules for the run) and timed, nested steps inside their parent's figure."""

    def __init__(self, cpu_of: Any, backend: int) -> None:
        self.cpu_of, self.backend = cpu_of, backend
        self.rows: list[tuple[int, str, float, float, float]] = []
        self.depth = 0
        self.undo: list[tuple[Any, str, Any]] = []

    def wrap(self, owner: Any, name: str, label: str) -> None:
        real = getattr(owner, name)

        def timed(*a: Any, **k: Any) -> Any:
            if threading.current_thread() is not threading.main_thread():
                # a step run meanwhile (the reviewed marks): its own row, CPU of the whole process
                return _meanwhile(a, k)
            at = len(self.rows)
            self.rows.append((self.depth, label, 0.0, 0.0, 0.0))
            self.depth += 1
            b0, c0, t0 = self.cpu_of(self.backend) or 0.0, time.process_time(), time.perf_counter()
            try:
                return real(*a, **k)
            finally:
                self.depth -= 1
                b1 = self.cpu_of(self.backend) or 0.0
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
                self.rows[at] = (self.depth, label, wall, cpu, b1 - b0)

        def _meanwhile(a: Any, k: Any) -> Any:
            b0, t0 = self.cpu_of(self.backend) or 0.0, time.perf_counter()
            try:
                return real(*a, **k)
            finally:
                b1 = self.cpu_of(self.backend) or 0.0
                wall = time.perf_counter() - t0
                self.rows.append((1, f"{label} (meanwhile, on a thread)", wall, 0.0, b1 - b0))

        self.undo.append((owner, name, real))
        setattr(owner, name, timed)

    def restore(self) -> None:
        for owner, name, real in reversed(self.undo):
            setattr(owner, name, real)

    def print(self) -> None:
        for depth, label, wall, cpu, backend in self.rows:
            extra = f" + {backend:.1f} s session backend" if backend >= 0.05 else ""
            print(f"    {'  ' * depth}{label:<{40 - 2 * depth}} {wall:6.1f} s wall, {cpu:5.1f} s CPU{extra}")
        self.rows.clear()


def _phases(cpu_of: Any, backend: int) -> Phases:
    from yidi.adapters import supervision_frames as sf
    from yidi.adapters.supervision_repository import SupervisionRepository as Repo
    from yidi.domain.supervision import queue

    ph = Phases(cpu_of, backend)
    for owner, name, label in (
        (Repo, "month_tables", "read the month (Arrow)"),
        (sf, "_reader", "open the Arrow connection"),
        (sr, "_norm_rows", "LOS norms"),
        (sr, "input_from_tables", "columns (input_from_tables)"),
        (sr, "evaluate", "evaluate"),
        (sr, "explain", "explain"),
        (sr, "_store", "store"),
        (Repo, "add_run", "run row"),
        (Repo, "hit_keys_where", "hits already stored"),
        (Repo, "add_hits", "new hits"),
        (queue, "choose", "queue selection"),
        (Repo, "enqueue_month", "queue entries"),
        (Repo, "mark_reviewed_many", "reviewed marks"),
        (Repo, "meanwhile", "started on a thread"),
        (Repo, "cross_region_counts", "审核率 counts"),
        (SqlAlchemyUnitOfWork, "commit", "commit"),
    ):
        ph.wrap(owner, name, label)
    return ph


RUN_TABLES = ("supervision_queue", "supervision_reviewed", "supervision_rule_hits", "supervision_runs")


def _seed(engine: Engine, settlements: int) -> None:
    from sqlalchemy import text

    t0 = time.perf_counter()
    with engine.begin() as conn:
        for sql in _month_sql().split(";\n"):
            given = {"n": settlements, "persons": max(settlements * 4 // 5, 1), "aspirin": ASPIRIN}
            conn.execute(text(sql), given)
        conn.execute(text("ANALYZE"))
    print(f"seeded {settlements:,} settlements in {time.perf_counter() - t0:.0f} s (not timed)")


def month(args: argparse.Namespace) -> None:
    import resource
    import uuid

    from bench_clearing import _cpu_seconds, _peak_mb
    from sqlalchemy import create_engine, text

    schema = args.schema or f"yidi_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.database_url)
    with admin.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}).first()
        if not exists:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = f"{args.database_url}?options=-csearch_path%3D{schema}"
        upgrade_database(url).dispose()
        engine = create_engine(url, pool_size=1, max_overflow=0)
        if not exists:
            _seed(engine, args.settlements)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {', '.join(RUN_TABLES)}"))  # a kept schema: time a first run again
            lines = conn.execute(text("SELECT count(*) FROM hospital_fee_details")).scalar_one()
            count = conn.execute(text("SELECT count(*) FROM hospital_settlements")).scalar_one()
            backend = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        print(f"schema {schema}: {count:,} settlements, {lines:,} fee lines")
        sessions = session_factory(engine)
        arrow_cpu = _count_arrow_backend_cpu(_cpu_seconds)
        phases = _phases(_cpu_seconds, backend)
        try:
            for run in range(args.runs):
                label = "first run" if run == 0 else "re-run (idempotent)"
                arrow_cpu.clear()
                b0, c0, t1 = _cpu_seconds(backend), time.process_time(), time.perf_counter()
                out = sr.run_month(SqlAlchemyUnitOfWork(sessions), "2026-03", today=date(2026, 4, 2))
                wall, cpu, b1 = time.perf_counter() - t1, time.process_time() - c0, _cpu_seconds(backend)
                print(f"  {label}: {wall:.1f} s wall; CPU {cpu:.1f} s (this process) + "
                      f"{(b1 or 0) - (b0 or 0):.1f} s (the session's backend) + {sum(arrow_cpu):.1f} s (the Arrow "
                      f"reader's backend); {len(out['hits']):,} hits, 审核率 {out['reviewed_ratio']} "
                      f"(load average {os.getloadavg()[0]:.1f})")  # fmt: skip
                phases.print()
        finally:
            phases.restore()
        print(f"  peak RSS: this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
              f"the backend {_peak_mb(backend) or 0:.0f} MB")  # fmt: skip
        engine.dispose()
    finally:
        if not args.schema:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=("online", "batch", "month"))
    ap.add_argument("--settlements", type=int, default=1_000_000, help="month: settlements of the month")
    ap.add_argument("--database-url", default=os.environ.get(
        "YIDI_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))  # fmt: skip
    ap.add_argument("--stays", type=int, default=None)
    ap.add_argument("--lines", type=int, default=20)
    ap.add_argument("--runs", type=int, default=None, help="online: checks timed (300); month: runs (2)")
    ap.add_argument("--schema", default=None, help="month: keep and reuse this schema (seeded if absent)")
    ap.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = ap.parse_args()
    if args.runs is None:
        args.runs = 2 if args.what == "month" else 300
    if args.stays is None:
        args.stays = 2_000 if args.what == "online" else 20_000
    print(f"load average {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    {"online": online, "batch": batch, "month": month}[args.what](args)


if __name__ == "__main__":
    main()
