"""Batch re-pricing at province scale (issue 18 §7; numbers for docs/projection.md, never asserted).

    python benchmarks/bench_scale.py one   [--rows 5000000]   # one process, Parquet → Parquet
    python benchmarks/bench_scale.py dask  [--rows 5000000]   # the same claims partitioned, 1 and 2 workers
    python benchmarks/bench_scale.py big   [--rows 50000000]  # generated in chunks on disk, task by task
                                                               # in one process, then on 2 Dask workers
    python benchmarks/bench_scale.py all

Each run prints wall time, process CPU time (user + system, all threads), peak resident memory
and the load average: the machine is shared, so wall time depends on what else runs. ``--keep
DIR`` keeps the generated data there (re-used by later runs with the same --rows).
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
from dask.distributed import Client, LocalCluster

from yidi.adapters.claims_dataset import tasks, write_partitioned
from yidi.adapters.claims_table import read_table, write_table
from yidi.demo_data.synthetic import claims_table
from yidi.service_layer.batch import reprice
from yidi.service_layer.partitions import PartitionResult, run_partitions

CHUNK = 5_000_000


def _rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6  # KiB → GB


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def _timed(label: str, fn: Callable[[], Any]) -> tuple[Any, float]:
    w, c = time.perf_counter(), _cpu()
    out = fn()
    wall = time.perf_counter() - w
    print(
        f"{label}: wall {wall:.2f} s, CPU {_cpu() - c:.2f} s, peak RSS {_rss_gb():.2f} GB ({_load()})",
        flush=True,
    )
    return out, wall


def _in_child(fn: Callable[..., None], *args: Any) -> None:
    """Generate data in a child process, so this process's peak RSS is the re-pricing's own."""
    child = multiprocessing.get_context("spawn").Process(target=fn, args=args)
    child.start()
    child.join()
    if child.exitcode:
        raise SystemExit(f"data generation failed ({child.exitcode})")


def _generate_file(rows: int, src: Path) -> None:
    write_table(claims_table(rows, seed=1, persons=rows // 3), src)


def _generate_partitioned(rows: int, root: Path, buckets: int) -> None:
    persons = max(1, rows // 3)
    for i, start in enumerate(range(0, rows, CHUNK)):  # chunks describe the same people
        chunk = claims_table(min(CHUNK, rows - start), seed=100 + i, persons=persons, person_seed=7)
        write_partitioned(chunk, root, name=f"part-{i:04d}", buckets=buckets)


def _single_file(rows: int, data: Path) -> Path:
    src = data / f"claims-{rows}.parquet"
    if not src.exists():
        _timed(f"generate {rows:,} claims", lambda: _in_child(_generate_file, rows, src))
    return src


def bench_one(rows: int, data: Path) -> float:
    """One process: read, validate, resolve, settle, write; stage times from the progress hook."""
    src, out = _single_file(rows, data), data / "priced.parquet"
    marks: list[tuple[str, float, float]] = [("start", time.perf_counter(), _cpu())]

    def mark(stage: str, _n: int = 0) -> None:
        marks.append((stage, time.perf_counter(), _cpu()))

    def run() -> int:
        table = read_table(src)
        mark("read")
        result = reprice(table, progress=mark)
        del table  # as the CLI does: the replaced text columns go before the write
        write_table(result.table, out)
        mark("write")
        return result.errors

    errors, wall = _timed(f"one process, {rows:,} claims Parquet → Parquet", run)
    steps = ", ".join(
        f"{s} {w - pw:.2f}/{c - pc:.2f}" for (_, pw, pc), (s, w, c) in itertools.pairwise(marks)
    )
    print(f"  stages (wall/CPU s): {steps}; errors {errors}; {rows / wall / 1e6:.2f} M claims/s")
    return rows / wall


def _partitioned(rows: int, data: Path, buckets: int) -> Path:
    root = data / f"partitioned-{rows}-{buckets}"
    if root.exists():
        return root

    _timed(
        f"generate {rows:,} claims in chunks of {CHUNK:,} into region × month × {buckets} buckets",
        lambda: _in_child(_generate_partitioned, rows, root, buckets),
    )
    size = sum(p.stat().st_size for p in root.rglob("*.parquet"))
    print(f"  {size / 1e9:.2f} GB on disk, {len(tasks(root))} tasks")
    return root


def _report(label: str, results: list[PartitionResult], wall: float) -> None:
    rows = sum(r.rows for r in results)
    worst = max(results, key=lambda r: r.peak_rss)
    print(
        f"  {label}: {rows:,} claims, {rows / wall / 1e6:.2f} M claims/s; largest worker RSS "
        f"{worst.peak_rss / 1e9:.2f} GB; slowest task {max(r.seconds for r in results):.1f} s"
    )


def bench_partitions(rows: int, data: Path, buckets: int, workers: tuple[int, ...], in_process: bool) -> None:
    root = _partitioned(rows, data, buckets)
    todo = tasks(root)
    if in_process:
        out = data / "out-serial"
        results, wall = _timed(
            f"task by task in one process ({len(todo)} tasks)", lambda: run_partitions(todo, out, None)
        )
        _report("in process", results, wall)
        shutil.rmtree(out)
    for n in workers:
        out = data / f"out-dask-{n}"
        # The cluster is started (and yidi imported on its workers) before the clock starts.
        with LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            with Client(cluster) as client:
                client.run(_warm)
            results, wall = _timed(
                f"Dask LocalCluster, {n} worker process(es), {len(todo)} tasks",
                lambda out=out, address=cluster.scheduler_address: run_partitions(todo, out, None, address),
            )
        _report(f"{n} worker(s)", results, wall)
        shutil.rmtree(out)


def _warm() -> None:
    from yidi.policy.loader import load_region
    from yidi.service_layer import partitions  # noqa: F401

    load_region("219900")
    load_region("211200")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("which", choices=["one", "dask", "big", "all"])
    parser.add_argument("--rows", type=int)
    parser.add_argument("--keep", type=Path, help="keep generated data in this folder")
    args = parser.parse_args()
    pa.set_cpu_count(os.cpu_count() or 1)
    data = args.keep or Path(tempfile.mkdtemp(prefix="yidi-scale-"))
    data.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; data in {data}; {_load()}")
    try:
        if args.which in ("one", "all"):
            bench_one(args.rows or 5_000_000, data)
        if args.which in ("dask", "all"):
            bench_partitions(args.rows or 5_000_000, data, buckets=1, workers=(1, 2), in_process=False)
        if args.which in ("big", "all"):
            bench_partitions(args.rows or 50_000_000, data, buckets=4, workers=(2,), in_process=True)
    finally:
        if args.keep is None:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
