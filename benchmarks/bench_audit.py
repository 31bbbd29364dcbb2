"""Supervision through the database (figures for the issue note and docs/supervision.md; never asserted).

    python benchmarks/bench_audit.py online [--stays N] [--runs R] [--url URL]
    python benchmarks/bench_audit.py batch  [--stays N] [--lines K] [--url URL]

online: ``supervision_review.online_check`` — what runs after every 2304/2207 commit: load the
settlement and its person's stays around it, the LOS norms of its diagnosis, build the columns,
evaluate every rule, store hits, queue and the reviewed mark — p50/p99 wall and CPU over R runs
on a database of N stays. Target (issue 17): ≤ 5 ms added at p99.

batch: ``supervision_review.run_month`` (``yidi audit run``) over a month of N stays with K lines
each, written straight into the tables: the set-based load, the evaluation and the stores, with
the time of each phase. The 1 000 000-settlement figure of the evaluator over columns is
``bench_supervision.py batch``. Default database: a SQLite file in a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=("online", "batch"))
    ap.add_argument("--stays", type=int, default=None)
    ap.add_argument("--lines", type=int, default=20)
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = ap.parse_args()
    if args.stays is None:
        args.stays = 2_000 if args.what == "online" else 20_000
    print(f"load average {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    online(args) if args.what == "online" else batch(args)


if __name__ == "__main__":
    main()
