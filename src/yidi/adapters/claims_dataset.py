"""Claims on disk partitioned by insured region × settlement month (按参保地 × 结算月份分区).

Layout (Hive style, readable by Polars, DuckDB or Spark)::

    <root>/insuplc_admdvs=<region>/month=<YYYY-MM>/bucket=<b>/<name>.parquet

The batch's year-to-date accumulation runs over one person's claims under one region's scheme in
one calendar year, so a *task* is one region × year × bucket: the twelve monthly folders of that
region and year, one bucket each. A person number always falls in the same bucket
(``person_bucket``: FNV-1a of its UTF-8 bytes, stable across versions and machines), so every
person-year lies whole inside one task and a task can be re-priced on its own. ``bucket`` only
keeps tasks small (a big region's year in several pieces); with one bucket it is always 0.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from yidi.domain.errors import InvalidInput

_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_PART = re.compile(r"insuplc_admdvs=([^/]+)/month=(\d{4})-(\d{2})/bucket=(\d+)/[^/]+\.parquet$")


@dataclass(frozen=True)
class Task:
    """The files of one region × year × bucket, in month order (the input order of its claims)."""

    region: str
    year: int
    bucket: int
    files: tuple[Path, ...]

    @property
    def name(self) -> str:
        return f"{self.region}-{self.year}-{self.bucket}"


def person_bucket(person: pa.ChunkedArray | pa.Array, buckets: int) -> NDArray[np.int64]:
    """Bucket of each person number: FNV-1a (64-bit) of its UTF-8 bytes, modulo ``buckets``."""
    if buckets <= 1:
        return np.zeros(len(person), dtype=np.int64)
    arr = person.combine_chunks() if isinstance(person, pa.ChunkedArray) else person
    arr = pc.fill_null(arr.cast(pa.large_string()), "")
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset : arr.offset + len(arr) + 1]
    data = np.frombuffer(arr.buffers()[2], dtype=np.uint8) if arr.buffers()[2] else np.zeros(1, np.uint8)
    starts, lengths = offsets[:-1], np.diff(offsets)
    h = np.full(len(arr), _FNV_OFFSET, dtype=np.uint64)
    for i in range(int(lengths.max(initial=0))):  # one pass per byte position, all rows at once
        live = np.flatnonzero(lengths > i)
        h[live] = (h[live] ^ data[starts[live] + i]) * _FNV_PRIME
    return (h % np.uint64(buckets)).astype(np.int64)


def write_partitioned(table: pa.Table, root: Path, name: str = "part", buckets: int = 1) -> list[Path]:
    """Write ``table`` under ``root`` by region × month × bucket; returns the files written.

    ``name`` names the file in each folder, so chunks of one big table can be written one after
    another (``part-0``, ``part-1`` …) without overwriting each other. Row order is kept.
    """
    for column in ("insuplc_admdvs", "setl_time", *(("psn_no",) if buckets > 1 else ())):
        if column not in table.column_names:
            raise InvalidInput.of(column, f"分区需要列 {column}", f"partitioning needs column {column}")
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    keys = pl.DataFrame(
        {
            "_region": frame["insuplc_admdvs"].cast(pl.String),
            "_month": frame["setl_time"].cast(pl.Date).dt.strftime("%Y-%m"),
            "_bucket": person_bucket(table.column("psn_no"), buckets)
            if buckets > 1
            else np.zeros(table.num_rows, np.int64),
        }
    )
    written = []
    for (region, month, bucket), part in (
        frame.hstack(keys)
        .partition_by(["_region", "_month", "_bucket"], as_dict=True, maintain_order=True)
        .items()
    ):
        folder = root / f"insuplc_admdvs={region}" / f"month={month}" / f"bucket={bucket}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.parquet"
        part.drop("_region", "_month", "_bucket").write_parquet(path, compression="snappy", statistics=False)
        written.append(path)
    return written


def tasks(root: Path) -> list[Task]:
    """The region × year × bucket tasks of a partitioned dataset, largest input first."""
    if not root.is_dir():
        raise InvalidInput.of("IN", f"找不到分区目录：{root}", f"partitioned dataset not found: {root}")
    groups: dict[tuple[str, int, int], list[tuple[str, Path]]] = defaultdict(list)
    for path in root.rglob("*.parquet"):
        m = _PART.search(path.relative_to(root).as_posix())
        if m is None:
            raise InvalidInput.of(
                "IN",
                f"文件不在“参保地/月份/分桶”目录中：{path}",
                f"file outside the insuplc_admdvs=/month=/bucket= layout: {path}",
            )
        region, year, month, bucket = m.group(1), int(m.group(2)), m.group(3), int(m.group(4))
        groups[(region, year, bucket)].append((f"{month}/{path.name}", path))
    found = [Task(r, y, b, tuple(p for _, p in sorted(files))) for (r, y, b), files in groups.items()]
    found.sort(key=lambda t: -sum(p.stat().st_size for p in t.files))
    return found
