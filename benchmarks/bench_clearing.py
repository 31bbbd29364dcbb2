"""Clear one month of N synthetic cross-region settlements on PostgreSQL (issue 16 §9).

Inserts N settlements (with their visits; 5 % of them reversals of the month before's rows are
not needed: reversals are generated inside the month) in bulk with ``INSERT … SELECT
generate_series`` — not timed — then times, in one transaction, the set-based statement build
(``ClearingRepository.build_month``) and the journal write (every statement confirmed: statement
entries posted), and reports the peak memory of this process. Everything happens in a throw-away
schema of ``--database-url`` (default: the local test database), dropped afterwards. Figures are
reported, not asserted (target: 1 000 000 settlements in ≤ 10 s with ≤ 500 MB).

    python benchmarks/bench_clearing.py --settlements 1000000
"""

from __future__ import annotations

import argparse
import os
import resource
import time
import uuid
from datetime import date

from sqlalchemy import create_engine, func, select, text

from yidi.adapters.clearing_repository import ClearingRepository
from yidi.adapters.migrate import upgrade_database
from yidi.adapters.orm_clearing import lines
from yidi.domain.clearing.month import Month
from yidi.domain.regions import LIAONING_POOLING_REGIONS

MONTH = Month(2026, 1)
REGIONS = [*sorted(LIAONING_POOLING_REGIONS), "110100", "310100"]  # two outside Liaoning

SEED_SQL = """
INSERT INTO hospitals (code, name, region, hosp_lv, uscc, paasid, secret, active)
SELECT 'H' || r.code || lpad(h::text, 5, '0'), 'bench', r.code, '3A', '', 'p' || r.code || h, 's', true
FROM unnest(CAST(:regions AS text[])) AS r(code), generate_series(1, 3) AS h;

INSERT INTO insured_persons (id_number, psn_no, name, insutype, psn_type, civil_servant, insured_region,
                             account_balance_fen)
SELECT lpad(p::text, 18, '0'), 'BP' || lpad(p::text, 12, '0'), 'bench', CASE WHEN p % 3 = 0 THEN '390' ELSE '310' END, '12', false,
       (CAST(:regions AS text[]))[1 + p % 14], 0
FROM generate_series(1, 2000) AS p;

INSERT INTO hospital_visits (mdtrt_id, hospital_code, psn_no, id_number, insutype, med_type, insured_region,
    treatment_region, pay_loc, filing_category, filing_basis, ipt_no, begntime, status, er_flag,
    dscg_maindiag_code, dscg_maindiag_name, warnings, detail)
SELECT 'M' || n, 'H' || t.code || lpad((1 + n % 3)::text, 5, '0'), p.id_number, p.id_number, p.insutype, '21',
       p.insured_region, t.code, '3', 'x', 'filing', 'I' || n, TIMESTAMP '2026-01-01' + (n % 2678400) * INTERVAL '1 second',
       'settled', false, 'I10', 'x', '[]', '{}'
FROM generate_series(1, :n) AS n
JOIN insured_persons p ON p.id_number = lpad((1 + n % 2000)::text, 18, '0')
JOIN LATERAL (SELECT (CAST(:regions AS text[]))[1 + (n / 7 + 1 + n % 15) % 16] AS code) t ON true
WHERE t.code <> p.insured_region;

INSERT INTO hospital_settlements (setl_id, mdtrt_id, hospital_code, psn_no, id_number, insutype, clr_type,
    clr_optins, setl_time, setl_date, year, kind, status, reverses, cancelled_by, msgid, medfee_sumamt,
    fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, inscp_scp_amt, act_pay_dedc, hifp_pay, cvlserv_pay,
    hifob_pay, hifmi_pay, fund_pay_sumamt, psn_part_amt, acct_pay, psn_cash_pay, balc, dedc_paid_in_chain, output)
SELECT 'S' || substr(v.mdtrt_id, 2), v.mdtrt_id, v.hospital_code, v.psn_no, v.id_number, v.insutype, '21',
       v.treatment_region, v.begntime, CAST(v.begntime AS date), 2026,
       CASE WHEN x.k % 20 = 0 THEN 'reversal' ELSE 'settle' END, 'valid', NULL, NULL, 'm',
       x.sgn * (x.fund + x.acct + x.cash), 0, 0, 0, x.sgn * (x.fund + x.acct + x.cash), 0,
       x.sgn * (x.fund - x.fund / 5), 0, x.sgn * (x.fund / 5), 0, x.sgn * x.fund, x.sgn * (x.acct + x.cash),
       x.sgn * x.acct, x.sgn * x.cash, 0, 0, '{}'
FROM hospital_visits v
JOIN LATERAL (SELECT CAST(substr(v.mdtrt_id, 2) AS bigint) AS k) k ON true
JOIN LATERAL (SELECT k.k, CASE WHEN k.k % 20 = 0 THEN -1 ELSE 1 END AS sgn, 100000 + (k.k * 7919) % 900000 AS fund,
                     (k.k * 31) % 20000 AS acct, 5000 + (k.k * 17) % 50000 AS cash) x ON true;
"""


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a local process (the database backend), or None if unreadable:
    on a shared machine the wall time includes waiting for a core, the CPU time does not."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _peak_mb(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of a local process in MB, or None if unreadable."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) / 1024 for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--settlements", type=int, default=1_000_000, help="settlements generated (before the "
                    "in-province filter drops the few same-region draws)")  # fmt: skip
    ap.add_argument("--database-url", default=os.environ.get(
        "YIDI_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))  # fmt: skip
    args = ap.parse_args()
    schema = f"yidi_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.database_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        engine = upgrade_database(f"{args.database_url}?options=-csearch_path%3D{schema}")
        t0 = time.perf_counter()
        with engine.begin() as conn:
            for sql in SEED_SQL.split(";\n"):
                if sql.strip():
                    conn.execute(text(sql), {"regions": REGIONS, "n": args.settlements})
            conn.execute(text("ANALYZE"))
            rows = conn.execute(text("SELECT count(*) FROM hospital_settlements")).scalar_one()
        print(f"seeded {rows} settlements in {time.perf_counter() - t0:.1f} s (not timed)")
        with engine.begin() as conn:
            repo = ClearingRepository(conn)
            backend = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
            cpu0, own0 = _cpu_seconds(backend), time.process_time()
            t1 = time.perf_counter()
            built = repo.build_month(MONTH, date(2026, 2, 6))
            t2 = time.perf_counter()
            repo.confirm_many([s.id for s in built], date(2026, 2, 10))
            t3 = time.perf_counter()
            cpu1, own1 = _cpu_seconds(backend), time.process_time()
            backend_mb = _peak_mb(backend)
            n_lines = conn.execute(select(func.count()).select_from(lines)).scalar_one()
        t4 = time.perf_counter()
        with engine.connect() as conn:
            check = ClearingRepository(conn).check_ledger()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"statements: {len(built)}, lines: {n_lines}")
        print(f"build (set-based SQL): {t2 - t1:.2f} s; journal (confirm every statement): {t3 - t2:.2f} s; "
              f"commit: {t4 - t3:.2f} s; total {t4 - t1:.2f} s")  # fmt: skip
        if cpu0 is not None and cpu1 is not None:
            print(
                f"CPU time of the PostgreSQL backend for build + journal: {cpu1 - cpu0:.2f} s; "
                f"of this process: {own1 - own0:.2f} s (load average now {os.getloadavg()[0]:.1f})"
            )
        print(
            f"ledger check: balanced={check.balanced}, entries={check.entries}; peak RSS of this process {peak_mb:.0f} MB, "
            f"of the database backend {backend_mb or 0:.0f} MB"
        )
        engine.dispose()
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
