"""Re-pricing a partitioned claims dataset, one task at a time or on a Dask cluster (分区批量结算).

``price_partition`` is the one partition function: it reads one region × year × bucket task
(``adapters.claims_dataset``), runs ``batch.reprice`` — the same code as a single-file run — and
writes one output file. Because every person-year lies whole in one task, the amounts are those
of a single-process run over all the claims, to the fen. ``run_partitions`` maps it over the
tasks either in this process or on ``dask.distributed`` (a scheduler address such as
``tcp://10.0.0.5:8786``, or ``local`` for a cluster of local worker processes). Dask is imported
only here, and only when a scheduler is asked for (the optional ``scale`` extra).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yidi.adapters.claims_dataset import Task
from yidi.adapters.claims_table import read_parquet, write_table
from yidi.domain.errors import InvalidInput
from yidi.domain.settlement.policy import RegionPolicy
from yidi.service_layer.batch import reprice

Done = Callable[["PartitionResult"], None]


@dataclass(frozen=True)
class PartitionResult:
    task: str
    output: Path
    rows: int
    errors: int
    seconds: float  # wall time of the task where it ran
    peak_rss: int  # bytes: the largest resident size of the process that ran it, so far


def _peak_rss() -> int:
    try:
        import resource
    except ImportError:  # not on every platform; the figure is informative only
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def price_partition(
    task: Task, out_dir: Path, overlays: dict[str, RegionPolicy] | None = None, threads: int | None = None
) -> PartitionResult:
    """Re-price one task's claims and write ``<out_dir>/<region>-<year>-<bucket>.parquet``."""
    started = time.perf_counter()
    result = reprice(read_parquet(list(task.files)), overlays, threads=threads)
    output = out_dir / f"{task.name}.parquet"
    write_table(result.table, output)
    seconds = time.perf_counter() - started
    return PartitionResult(task.name, output, result.rows, result.errors, seconds, _peak_rss())


def run_partitions(
    tasks: list[Task],
    out_dir: Path,
    overlays: dict[str, RegionPolicy] | None = None,
    scheduler: str | None = None,
    done: Done | None = None,
) -> list[PartitionResult]:
    """Price every task (largest first); ``done`` is told as each one finishes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    report = done or (lambda _r: None)
    results = []
    if scheduler is None:
        for task in tasks:
            results.append(price_partition(task, out_dir, overlays))
            report(results[-1])
        return results
    with dask_client(scheduler) as client:
        from dask.distributed import as_completed

        # One kernel thread per task: the cluster's parallelism is its workers. Keys carry a run
        # token so two runs on one long-lived scheduler never share a task.
        run = uuid.uuid4().hex[:12]
        futures = [
            client.submit(
                price_partition, t, out_dir, overlays, 1, key=f"yidi-price-{run}-{t.name}", pure=False
            )
            for t in tasks
        ]
        for future in as_completed(futures):
            results.append(future.result())
            report(results[-1])
    return sorted(results, key=lambda r: r.task)


@contextmanager
def dask_client(scheduler: str, workers: int | None = None) -> Iterator[Any]:
    """A Dask client on ``scheduler``; ``local`` starts worker processes on this machine."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise InvalidInput.of(
            "--scheduler",
            "未安装 Dask：请安装 yidi[scale]（pip install 'yidi[scale]'）",
            "Dask is not installed: install the scale extra (pip install 'yidi[scale]')",
        ) from None
    if scheduler == "local" or scheduler.startswith("local:"):
        n = int(scheduler.partition(":")[2] or workers or os.cpu_count() or 1)
        with (
            LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    if not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        raise InvalidInput.of(
            "--scheduler",
            f"调度器地址应为 tcp://主机:端口 或 local：{scheduler}",
            f"scheduler must be tcp://host:port or local: {scheduler}",
        )
    with Client(scheduler) as client:
        yield client
