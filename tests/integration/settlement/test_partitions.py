"""Partitioned re-pricing (region × month × bucket) gives the single-process amounts to the fen,
run task by task in this process and on a Dask LocalCluster with two worker processes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from yidi.adapters.claims_dataset import person_bucket, tasks, write_partitioned
from yidi.demo_data.synthetic import claims_table
from yidi.domain.errors import InvalidInput
from yidi.entrypoints.cli.main import app
from yidi.service_layer.batch import reprice
from yidi.service_layer.partitions import run_partitions

OUT = [f"out_{n}" for n in ("act_pay_dedc", "hifp_pay", "hifob_pay", "hifmi_pay", "cvlserv_pay", "fund_pay_sumamt",
                            "psn_part_amt", "acct_pay", "psn_cash_pay", "balc", "pool_prop_selfpay")]  # fmt: skip


def _claims(n: int = 12_000) -> pa.Table:
    table = claims_table(n, seed=11, persons=n // 8)  # ~2.7 claims per person-year: many rounds
    return table.append_column("claim_id", pa.array(np.arange(n)))


def _by_claim(table: pa.Table) -> dict[int, tuple[object, ...]]:
    cols = [table.column(c).to_pylist() for c in (*OUT, "error")]
    return {cid: tuple(c[i] for c in cols) for i, cid in enumerate(table.column("claim_id").to_pylist())}


def _outputs(folder: Path) -> pa.Table:
    return pa.concat_tables(pq.read_table(p) for p in sorted(folder.glob("*.parquet")))


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, tuple[object, ...]]]:
    table = _claims()
    root = tmp_path_factory.mktemp("claims")
    write_partitioned(table, root, buckets=3)
    return root, _by_claim(reprice(table).table)


def test_layout_is_region_month_bucket_and_tasks_are_region_years(dataset) -> None:  # type: ignore[no-untyped-def]
    root, _ = dataset
    months = {p.parent.parent.name for p in root.rglob("*.parquet")}
    assert {"month=2023-01", "month=2025-12"} <= months
    found = tasks(root)
    assert {(t.region, t.year) for t in found} == {
        (r, y) for r in ("219900", "211200") for y in (2023, 2024, 2025)
    }
    assert {t.bucket for t in found} == {0, 1, 2}
    one = found[0]
    assert [f.parent.parent.name for f in one.files] == sorted(f.parent.parent.name for f in one.files)


def test_task_by_task_in_process_equals_single_process(dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, expected = dataset
    results = run_partitions(tasks(root), tmp_path / "out")
    assert sum(r.rows for r in results) == len(expected)
    assert _by_claim(_outputs(tmp_path / "out")) == expected


@pytest.mark.slow  # starts two worker processes
def test_dask_local_cluster_with_two_workers_equals_single_process(dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("dask.distributed")
    root, expected = dataset
    seen = []
    results = run_partitions(tasks(root), tmp_path / "out", scheduler="local:2", done=seen.append)
    assert len(seen) == len(results) == 18
    assert _by_claim(_outputs(tmp_path / "out")) == expected


def test_person_bucket_is_fnv1a_of_the_utf8_bytes() -> None:
    def fnv1a(text: str) -> int:
        h = 0xCBF29CE484222325
        for byte in text.encode():
            h = ((h ^ byte) * 0x100000001B3) % 2**64
        return h

    names = ["P1", "P123456789012345678901234567890", "", "张三21"]
    assert person_bucket(pa.array(names), 7).tolist() == [fnv1a(s) % 7 for s in names]
    chunked = pa.chunked_array([pa.array(names[:2], pa.string_view()), pa.array(names[2:], pa.string_view())])
    assert person_bucket(chunked, 7).tolist() == [fnv1a(s) % 7 for s in names]


def test_cli_settles_a_partitioned_directory_and_refuses_scheduler_for_a_file(
    dataset, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    root, expected = dataset
    runner = CliRunner()
    result = runner.invoke(app, ["settle-batch", str(root), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert _by_claim(_outputs(tmp_path / "out")) == expected
    src = tmp_path / "one.parquet"
    pq.write_table(claims_table(10), src)
    refused = runner.invoke(
        app, ["settle-batch", str(src), "-o", str(tmp_path / "o"), "--scheduler", "local"]
    )
    assert refused.exit_code == 2 and "--scheduler" in refused.stderr
    bad = runner.invoke(
        app, ["settle-batch", str(root), "-o", str(tmp_path / "o2"), "--scheduler", "http://x"]
    )
    assert bad.exit_code == 2 and "tcp://" in bad.stderr


def test_files_outside_the_layout_are_refused(tmp_path: Path) -> None:
    stray = tmp_path / "insuplc_admdvs=219900" / "claims.parquet"
    stray.parent.mkdir(parents=True)
    pq.write_table(claims_table(5), stray)
    with pytest.raises(InvalidInput) as exc:
        tasks(tmp_path)
    assert "insuplc_admdvs=" in str(exc.value)
    with pytest.raises(InvalidInput):
        tasks(tmp_path / "missing")
