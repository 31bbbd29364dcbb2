"""Supervision benchmarks (figures for the issue note and docs/supervision.md; never asserted).

    python benchmarks/bench_supervision.py                 # both
    python benchmarks/bench_supervision.py online|batch [--settlements N] [--lines-per-stay K]

online: the evaluator on one settlement as the check after 2304/2207 will run it — rows built
into columns (``build_input``), every rule evaluated and the hits explained — p50/p99 over
runs. Target (issue 17): ≤ 5 ms added at p99.

batch: a month of N synthetic settlements (default 1 000 000; 30 % inpatient with K lines each,
the rest outpatient with 4) built directly as columns, every rule evaluated; time and peak
memory (ru_maxrss). Target: ≤ 60 s for 1 000 000 settlements' lines. Runs on one core.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the online case reuses the test world
from tests.unit.supervision.world import world

from yidi.domain.supervision.columns import (
    NO_DAY,
    OPEN_DAY,
    Filings,
    ItemFacts,
    Labels,
    Lines,
    LosNorms,
    Persons,
    ReviewInput,
    Settlements,
    Visits,
)
from yidi.domain.supervision.evaluator import evaluate, explain
from yidi.domain.supervision.records import build_input

MARCH = 29_013_120  # 2025-03-01 00:00 in minutes since 1970


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})


def bench_online(runs: int = 3000) -> None:
    # a 60-line bill over the 5-day stay, one bed and one nursing day per day: clean but for a
    # blood-count line too many on one day, so the explanation path is timed too
    start = datetime(2025, 3, 1, 10, 0)
    specs = [{"item": a, "cnt": 1, "time": start + timedelta(minutes=97 * i)}
             for i, a in enumerate(["ASPIRIN", "CBC", "STENT", "PCI", "NURSE", "ASPIRIN"] * 10)]  # fmt: skip
    specs += [{"item": "BED", "cnt": 5}, {"item": "CBC", "cnt": 3, "time": start}]
    rows = world(lines=specs)
    for _ in range(50):
        explain(inp := build_input(**rows), evaluate(inp))
    inp0 = build_input(**rows)
    for label, call in (
        ("rows → columns → hits explained", lambda: explain(inp := build_input(**rows), evaluate(inp))),
        ("columns → hits explained", lambda: explain(inp0, evaluate(inp0))),
    ):
        wall, cpu = [], []
        for _ in range(runs):
            t, c = time.perf_counter(), time.thread_time()
            call()
            cpu.append(time.thread_time() - c)
            wall.append(time.perf_counter() - t)
        print(
            f"online, one settlement with 60 lines ({label}), {runs} runs: wall {_pct(wall)}; CPU {_pct(cpu)}"
        )
    print(
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: wall time includes waiting for a core)"
    )


def _pct(times: list[float]) -> str:
    times = sorted(times)
    p50, p99 = times[len(times) // 2] * 1e3, times[int(0.99 * (len(times) - 1))] * 1e3
    return f"p50 {p50:.3f} ms, p99 {p99:.3f} ms"


def synthetic(n: int, lines_per_stay: int = 20, seed: int = 0) -> ReviewInput:
    """A month of settlements as columns: ~30 % inpatient, 0.8 persons per settlement, 600 items."""
    rng = np.random.default_rng(seed)
    persons = max(int(n * 0.8), 1)
    visit_person = np.sort(rng.integers(0, persons, n)).astype(np.int32)
    inpatient = rng.random(n) < 0.3
    begin = MARCH + rng.integers(0, 30 * 1440, n)
    los = np.where(inpatient, np.minimum(rng.geometric(0.2, n), 30), 0)
    end = begin + los * 1440 + rng.integers(0, 600, n)
    k = np.where(inpatient, lines_per_stay, 4)
    setl_of_line = np.repeat(np.arange(n, dtype=np.int32), k)
    m = len(setl_of_line)
    n_items = 600
    item = rng.integers(0, n_items, m).astype(np.int32)
    offset = rng.random(m)
    fee_time = begin[setl_of_line] + (offset * (end - begin)[setl_of_line]).astype(np.int64)
    cnt = rng.integers(1, 5, m).astype(np.int64) * 10_000
    unit = rng.integers(100, 50_000, n_items).astype(np.int64)
    amount = cnt // 10_000 * unit[item]
    medfee = np.zeros(n, dtype=np.int64)
    np.add.at(medfee, setl_of_line, amount)
    fund = medfee * 8 // 10
    zeros = np.zeros(n, dtype=np.int64)
    settlements = Settlements(
        setl_id=np.array([f"S{i}" for i in range(n)], dtype=object), visit=np.arange(n, dtype=np.int32),
        setl_time=end + 60, inpatient=inpatient, medfee_sumamt=medfee, fulamt_ownpay_amt=zeros,
        overlmt_selfpay=zeros, preselfpay_amt=zeros, inscp_scp_amt=medfee, fund_pay_sumamt=fund,
        psn_part_amt=medfee - fund, target=np.ones(n, dtype=bool),
    )  # fmt: skip
    visits = Visits(
        mdtrt_id=np.array([f"M{i}" for i in range(n)], dtype=object), person=visit_person,
        hospital=rng.integers(0, 200, n).astype(np.int32), hosp_lv=rng.integers(0, 4, n).astype(np.int8),
        pay_loc=rng.choice(np.array([3, 4], dtype=np.int8), n), insured_region=np.full(n, "110000", dtype=object),
        treatment_region=np.full(n, "210100", dtype=object), begin=begin, end=end, status=np.full(n, 2, dtype=np.int8),
        er_flag=rng.random(n) < 0.05, evidence=rng.choice(np.array([1, 1, 1, 2, 4], dtype=np.int8), n),
        diagnosis=rng.integers(0, 500, n).astype(np.int32), department=rng.integers(0, 30, n).astype(np.int32),
        filing=np.where(rng.random(n) < 0.8, rng.integers(0, persons, n), -1).astype(np.int32),
    )  # fmt: skip
    lines = Lines(
        settlement=setl_of_line, feedetl_sn=np.arange(m).astype(str).astype(object), code=item,
        fact=np.where(item < n_items - 1, item, -1).astype(np.int32), fee_time=fee_time, cnt=cnt, amount=amount,
        overlmt_amt=np.zeros(m, dtype=np.int64), chrgitm_lv=np.ones(m, dtype=np.int8),
        selfpay_bp=np.zeros(m, dtype=np.int32),
    )  # fmt: skip
    items = ItemFacts(
        code=np.array([f"I{i}" for i in range(n_items)], dtype=object), name=np.array([f"项目{i}" for i in range(n_items)], dtype=object),
        chrgitm_lv=np.ones(n_items, dtype=np.int8), selfpay_bp=np.zeros(n_items, dtype=np.int32),
        unit_cap=np.where(np.arange(n_items) % 3 == 0, unit, -1), bed_day=np.arange(n_items) == 0,
        max_per_day=np.where(np.arange(n_items) % 50 == 1, 60_000, -1),
        sex=np.where(np.arange(n_items) == 7, 2, 0).astype(np.int8), age_min=np.full(n_items, -1, dtype=np.int16),
        age_max=np.where(np.arange(n_items) == 9, 14, -1).astype(np.int16),
    )  # fmt: skip
    day0 = MARCH // 1440
    people = Persons(
        gender=rng.integers(1, 3, persons).astype(np.int8), birth_day=rng.integers(-20_000, 15_000, persons).astype(np.int32),
        credit_default_day=np.where(rng.random(persons) < 0.01, day0 - 100, NO_DAY).astype(np.int32),
    )  # fmt: skip
    filings = Filings(valid_from=np.full(persons, day0 - 60, dtype=np.int32),
                      valid_to=np.where(rng.random(persons) < 0.98, OPEN_DAY, day0 + 10).astype(np.int32))  # fmt: skip
    norms = LosNorms(np.repeat(np.arange(500, dtype=np.int32), 4), np.tile(np.arange(4, dtype=np.int8), 500),
                     np.full(2000, 16, dtype=np.int32), np.full(2000, 50, dtype=np.int32))  # fmt: skip
    labels = Labels(tuple(f"H{i}" for i in range(200)), ("3A", "3B", "3", "2"), tuple(f"D{i}" for i in range(500)),
                    tuple(f"K{i}" for i in range(30)), tuple(f"I{i}" for i in range(n_items)))  # fmt: skip
    return ReviewInput(settlements, lines, visits, people, filings, items, norms, labels)


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def bench_batch(n: int, lines_per_stay: int) -> None:
    t = time.perf_counter()
    inp = synthetic(n, lines_per_stay)
    built = time.perf_counter() - t
    before = _rss_mib()
    t, c = time.perf_counter(), time.process_time()
    hits = evaluate(inp)
    took, cpu = time.perf_counter() - t, time.process_time() - c
    t = time.perf_counter()
    explain(inp, hits)
    explained = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"batch, {n} settlements, {len(inp.lines.settlement)} lines (synthetic columns built in {built:.1f} s): "
          f"evaluate {took:.1f} s (CPU {cpu:.1f} s), {len(hits)} hits explained in {explained:.1f} s; RSS with the input {before:.0f} MiB, "
          f"peak {peak:.0f} MiB (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", nargs="?", default="all", choices=["all", "online", "batch"])
    ap.add_argument("--settlements", type=int, default=1_000_000)
    ap.add_argument("--lines-per-stay", type=int, default=20)
    args = ap.parse_args()
    one_core()
    if args.what in ("all", "online"):
        bench_online()
    if args.what in ("all", "batch"):
        bench_batch(args.settlements, args.lines_per_stay)


if __name__ == "__main__":
    main()
