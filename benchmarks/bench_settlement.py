"""Settlement benchmarks (numbers for the README and the issue note; never asserted in tests).

    python benchmarks/bench_settlement.py            # all three
    python benchmarks/bench_settlement.py desk|kernel|batch [--rows N]

Runs on one core (CPU affinity 0, Arrow thread pools of 1). Targets from issue 2: desk p99
≤ 2 ms for a 500-line bill; batch kernel ≥ 2 000 000 claims/s; a 5 000 000-claim Parquet file
re-priced end to end (read, validate, resolve, settle, write) in ≤ 10 s.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from yidi.adapters.claims_table import read_table, write_table
from yidi.demo_data.synthetic import claims_table
from yidi.domain.settlement import kernel
from yidi.entrypoints.cli.demo import demo_request
from yidi.service_layer import desk
from yidi.service_layer.batch import reprice


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)


def bench_desk(iterations: int = 3000) -> None:
    base = demo_request()
    lines = [copy.deepcopy(base["fee_lines"][i % len(base["fee_lines"])]) for i in range(500)]
    body = json.dumps(dict(base, fee_lines=lines), ensure_ascii=False)
    for _ in range(50):
        desk.settle(json.loads(body))
    parsed = json.loads(body)
    for label, call in (
        ("incl. JSON decode", lambda: desk.settle(json.loads(body))),
        ("parsed JSON object", lambda: desk.settle(parsed)),
    ):
        times = []
        for _ in range(iterations):
            t = time.perf_counter()
            call()  # validate + resolve + split + kernel + explanation
            times.append(time.perf_counter() - t)
        times.sort()
        p50, p99 = times[len(times) // 2] * 1e3, times[int(0.99 * (len(times) - 1))] * 1e3
        print(
            f"desk, 500-line bill ({label}), {iterations} runs: median {p50:.3f} ms, p99 {p99:.3f} ms, max {times[-1] * 1e3:.3f} ms"
        )


def bench_kernel(rows: int = 5_000_000) -> None:
    rng = np.random.default_rng(0)
    cols = {name: np.zeros(rows, dtype=np.int64) for name in kernel.input_fields()}
    cols.update(
        inscp_scp_amt=rng.integers(0, 10**8, rows), preselfpay_amt=rng.integers(0, 10**6, rows),
        deductible=rng.choice([50_000, 70_000, 130_000, 150_000], rows), pooled_ratio=rng.choice([7500, 8900, 9500], rows),
        pooled_annual_cap=np.full(rows, 15_000_000), ytd_hifp_pay=rng.integers(0, 15_000_000, rows),
        major_ratio=np.full(rows, 7500), major_annual_cap=np.full(rows, 40_000_000), cvlserv_ratio=np.full(rows, 6500),
        cvlserv_annual_cap=np.full(rows, kernel.UNLIMITED), cvlserv_flag=rng.integers(0, 2, rows),
        acct_used_flag=np.ones(rows, dtype=np.int64), acct_balc=rng.integers(0, 10**6, rows),
    )  # fmt: skip
    inputs = kernel.KernelInput(**cols)
    kernel.settle(inputs)
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        kernel.settle(inputs)
        runs.append(time.perf_counter() - t)
    best, med = min(runs), statistics.median(runs)
    print(
        f"batch kernel, {rows:,} claims: best {best:.3f} s ({rows / best / 1e6:.2f} M claims/s), median {med:.3f} s ({rows / med / 1e6:.2f} M claims/s)"
    )


def bench_batch(rows: int = 5_000_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "claims.parquet", Path(tmp) / "priced.parquet"
        t = time.perf_counter()
        pq.write_table(claims_table(rows, seed=1, persons=rows // 3), src, compression="snappy")
        print(
            f"(generated {rows:,} synthetic claims in {time.perf_counter() - t:.1f} s, {src.stat().st_size / 1e6:.0f} MB)"
        )
        stages: list[tuple[str, float]] = []
        t0 = time.perf_counter()
        table = read_table(src)
        stages.append(("read", time.perf_counter() - t0))
        result = reprice(table, progress=lambda stage, _n: stages.append((stage, time.perf_counter() - t0)))
        write_table(result.table, out)
        total = time.perf_counter() - t0
        steps = ", ".join(f"{name} {at:.2f}s" for name, at in stages)
        print(
            f"batch end to end, {rows:,} claims Parquet→Parquet: {total:.2f} s ({rows / total / 1e6:.2f} M claims/s; cumulative: {steps}, write {total:.2f}s); errors {result.errors}"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("which", nargs="?", default="all", choices=["all", "desk", "kernel", "batch"])
    parser.add_argument("--rows", type=int, default=5_000_000)
    args = parser.parse_args()
    one_core()
    if args.which in ("all", "desk"):
        bench_desk()
    if args.which in ("all", "kernel"):
        bench_kernel(args.rows)
    if args.which in ("all", "batch"):
        bench_batch(args.rows)


if __name__ == "__main__":
    main()
