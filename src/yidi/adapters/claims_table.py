"""Claims tables on disk (Parquet or CSV) and their columns as numpy arrays.

Amount columns are yuan: decimal128 with scale ≤ 2, or strings with at most two decimals
(floats are refused: money is never binary floating point). They become int64 fen without a
Python loop: a decimal128(18, 2) value's low 64 bits *are* its fen.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from numpy.typing import NDArray

from yidi.domain.arrow_money import unscaled_int64
from yidi.domain.errors import InvalidInput

_AMOUNT_RE = r"^\s*\d{1,14}(\.\d{1,2})?\s*$"
FEN = pa.decimal128(18, 2)
# Low-cardinality code columns read as dictionaries (person ids are hashed once instead).
DICTIONARY_COLUMNS = (
    "insuplc_admdvs",
    "mdtrtarea_admvs",
    "insutype",
    "psn_type",
    "cvlserv_flag",
    "filing_category",
    "hosp_lv",
    "med_type",
    "acct_used_flag",
)


def read_table(path: Path) -> pa.Table:
    """Read a Parquet or CSV claims table; CSV columns are all read as text and checked later."""
    if not path.is_file():
        raise InvalidInput.of("IN", f"找不到输入文件：{path}", f"input file not found: {path}")
    if path.suffix.lower() == ".csv":
        header = pacsv.read_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 16)).schema.names
        opts = pacsv.ConvertOptions(
            column_types={name: pa.string() for name in header}, strings_can_be_null=False
        )
        return pacsv.read_csv(path, convert_options=opts)
    if path.suffix.lower() in (".parquet", ".pq"):
        # Code columns stay dictionary-encoded: no per-row string hashing for millions of rows.
        names = pq.read_schema(path).names
        return pq.read_table(path, read_dictionary=[c for c in DICTIONARY_COLUMNS if c in names])
    raise InvalidInput.of(
        "IN",
        f"不支持的文件类型：{path.suffix}（应为 .parquet 或 .csv）",
        f"unsupported file type {path.suffix}: use .parquet or .csv",
    )


def write_table(table: pa.Table, path: Path) -> None:
    if path.suffix.lower() == ".csv":
        pacsv.write_csv(table, path)
    else:
        # Dictionary pages only for code columns: trying them on millions of distinct amounts
        # doubles the write time for nothing. Snappy: zstd costs ~3× the time.
        codes = [c for c in (*DICTIONARY_COLUMNS, "psn_no", "error") if c in table.column_names]
        pq.write_table(table, path, compression="snappy", use_dictionary=codes, write_statistics=False)


def _chunk(table: pa.Table, name: str) -> pa.Array:
    col = table.column(name)
    if col.num_chunks == 1:
        return col.chunk(0)
    if pa.types.is_dictionary(col.type):
        col = col.unify_dictionaries()
    return col.combine_chunks()


def fen_column(table: pa.Table, name: str) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """(fen, bad) for an amount column; ``bad`` marks nulls, negatives and malformed text."""
    arr = _chunk(table, name)
    if pa.types.is_floating(arr.type) or pa.types.is_integer(arr.type):
        raise InvalidInput.of(
            name,
            f"金额列 {name} 应为 decimal 或两位小数的文本，不接受 {arr.type}",
            f"amount column {name} must be decimal or text, not {arr.type}",
        )
    bad = np.zeros(len(arr), dtype=bool)
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        ok = pc.fill_null(pc.match_substring_regex(arr, _AMOUNT_RE), False).to_numpy(zero_copy_only=False)
        bad |= ~ok
        arr = pc.if_else(pa.array(ok), arr, pa.scalar("0"))
    elif not pa.types.is_decimal(arr.type):
        raise InvalidInput.of(
            name, f"金额列 {name} 类型不支持：{arr.type}", f"unsupported type for {name}: {arr.type}"
        )
    if arr.null_count:
        bad |= arr.is_null().to_numpy(zero_copy_only=False)
        arr = pc.fill_null(arr, pa.scalar(0).cast(arr.type) if pa.types.is_decimal(arr.type) else "0")
    try:
        # decimal128 of scale 2 already holds fen in its low word; only other scales need a cast.
        dec = (
            arr
            if (pa.types.is_decimal64(arr.type) or pa.types.is_decimal128(arr.type)) and arr.type.scale == 2
            else arr.cast(FEN)
        )
    except pa.ArrowInvalid:
        raise InvalidInput.of(
            name, f"金额列 {name} 超过两位小数或超出范围", f"{name}: more than two decimals or out of range"
        ) from None
    fen = unscaled_int64(dec)
    bad |= fen < 0
    return np.where(bad, 0, fen), bad


def code_column(
    table: pa.Table, name: str, default: str | None = None, *, values: bool = True
) -> tuple[NDArray[np.int32], list[str]]:
    """Dictionary-encode a code column: (indices, distinct values). Nulls become ''.

    Works chunk by chunk: Arrow encodes a chunked column against one shared dictionary, so a
    multi-row-group Parquet file is never copied into one piece first. ``values=False`` skips
    turning the dictionary into Python strings (person ids: only the grouping matters).
    """
    if name not in table.column_names:
        if default is None:
            raise InvalidInput.of(name, f"缺少列 {name}", f"missing column {name}")
        return np.zeros(table.num_rows, dtype=np.int32), [default]
    col = table.column(name)
    if pa.types.is_dictionary(col.type):
        col = col.unify_dictionaries()  # cheap: codes read as dictionaries have few values
    else:
        col = pc.dictionary_encode(col.cast(pa.string()))
    if col.num_chunks == 0:
        return np.zeros(0, dtype=np.int32), [""]
    missing = len(col.chunk(0).dictionary)  # nulls become the empty code, which no policy accepts
    names = (
        ["" if v is None else str(v) for v in col.chunk(0).dictionary.to_pylist()] + [""] if values else []
    )
    parts = [pc.fill_null(ch.indices, missing).to_numpy(zero_copy_only=False) for ch in col.chunks]
    return np.concatenate(parts).astype(np.int32), names


def day_column(table: pa.Table, name: str) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """(days since 1970-01-01, bad) for a date / timestamp / 'YYYY-MM-DD[ HH:MM:SS]' column."""
    arr = _chunk(table, name)
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        text = pc.utf8_slice_codeunits(arr, 0, 10)
        ok = pc.fill_null(pc.match_substring_regex(text, r"^\d{4}-\d{2}-\d{2}$"), False)
        text = pc.if_else(ok, text, pa.scalar("1970-01-01"))
        try:
            arr = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
        except pa.ArrowInvalid:
            raise InvalidInput.of(name, f"日期列 {name} 格式错误", f"bad dates in {name}") from None
        bad = ~ok.to_numpy(zero_copy_only=False) | arr.is_null().to_numpy(zero_copy_only=False)
        arr = pc.fill_null(arr, pa.scalar(0, pa.timestamp("s")))
    else:
        bad = arr.is_null().to_numpy(zero_copy_only=False)
        if arr.null_count:
            arr = pc.fill_null(arr, pa.scalar(0, pa.date32()).cast(arr.type))
    days = arr.cast(pa.date32()).cast(pa.int32()).to_numpy(zero_copy_only=False).astype(np.int64)
    return np.where(bad, 0, days), bad
