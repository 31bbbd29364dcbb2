"""Claims tables on disk (Parquet or CSV) and their columns as numpy arrays.

Amount columns are yuan: decimal with scale ≤ 2, or strings with at most two decimals (floats
are refused: money is never binary floating point). They become int64 fen without a Python
loop: a decimal128(18, 2) value's low 64 bits *are* its fen.

Parquet is read and written by Polars (multi-threaded, about 3× faster than pyarrow's reader on
claims files) and handed over as Arrow without a copy: text columns arrive as ``string_view``,
decimals as decimal128. CSV goes through Arrow's reader, every column as text.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from numpy.typing import NDArray

from yidi.domain.arrow_money import unscaled_int64
from yidi.domain.errors import InvalidInput
from yidi.domain.money import MAX_AMOUNT_FEN

_AMOUNT_RE = r"^\s*\d{1,14}(\.\d{1,2})?\s*$"
FEN = pa.decimal128(18, 2)


def read_table(path: Path) -> pa.Table:
    """Read a Parquet or CSV claims table; CSV columns are all read as text and checked later."""
    if not path.is_file():
        raise InvalidInput.of("IN", f"找不到输入文件：{path}", f"input file not found: {path}")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet", ".pq"):
        raise InvalidInput.of(
            "IN",
            f"不支持的文件类型：{path.suffix}（应为 .parquet 或 .csv）",
            f"unsupported file type {path.suffix}: use .parquet or .csv",
        )
    try:
        if suffix == ".csv":
            header = pacsv.read_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 16)).schema.names
            opts = pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header}, strings_can_be_null=False
            )
            return pacsv.read_csv(path, convert_options=opts)
        return read_parquet(path)
    except (pa.ArrowInvalid, pl.exceptions.PolarsError, OSError) as exc:
        raise InvalidInput.of(
            "IN", f"无法读取输入文件 {path.name}：{exc}", f"cannot read input file {path.name}: {exc}"
        ) from None


def read_parquet(path: Path | list[Path]) -> pa.Table:
    """One Parquet file, or several with the same columns read as one table (Polars, zero-copy)."""
    frame = pl.read_parquet(path if isinstance(path, Path) else [str(p) for p in path])
    return frame.to_arrow(compat_level=pl.CompatLevel.newest())


def write_table(table: pa.Table, path: Path) -> None:
    """Write Parquet (snappy, no statistics) or CSV; both through Polars, which takes Arrow as is."""
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    if path.suffix.lower() == ".csv":
        frame.write_csv(path)
    else:
        # Statistics cost a pass over every column and no reader of these files uses them.
        frame.write_parquet(path, compression="snappy", statistics=False)


def _chunk(table: pa.Table, name: str) -> pa.Array:
    col = table.column(name)
    if col.num_chunks == 1:
        return col.chunk(0)
    if pa.types.is_dictionary(col.type):
        col = col.unify_dictionaries()
    return col.combine_chunks()


def _plain_text(arr: pa.Array) -> pa.Array:
    """Arrow's regex and slicing kernels take ``string`` only; other text layouts are cast."""
    if pa.types.is_string_view(arr.type) or pa.types.is_large_string(arr.type):
        return arr.cast(pa.string())
    return arr


def fen_column(table: pa.Table, name: str) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """(fen, bad) for an amount column; ``bad`` marks nulls, negatives and malformed text.

    Chunk by chunk into one array: a decimal chunk without nulls costs one strided copy.
    """
    col = table.column(name)
    if pa.types.is_floating(col.type) or pa.types.is_integer(col.type):
        raise InvalidInput.of(
            name,
            f"金额列 {name} 应为 decimal 或两位小数的文本，不接受 {col.type}",
            f"amount column {name} must be decimal or text, not {col.type}",
        )
    fen = np.empty(table.num_rows, dtype=np.int64)
    bad = np.zeros(table.num_rows, dtype=bool)
    at = 0
    for chunk in col.chunks:
        fen[at : at + len(chunk)] = _fen_chunk(chunk, name, bad[at : at + len(chunk)])
        at += len(chunk)
    bad |= (fen < 0) | (fen > MAX_AMOUNT_FEN)  # the kernel's int64 arithmetic stays exact below the cap
    if bad.any():
        fen[bad] = 0
    return fen, bad


def _fen_chunk(arr: pa.Array, name: str, bad: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Fen of one chunk; marks its nulls and malformed text in ``bad`` (a view)."""
    arr = _plain_text(arr)
    if pa.types.is_string(arr.type):
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
    if pa.types.is_decimal128(dec.type):
        bad |= _beyond_int64(dec)
    return unscaled_int64(dec)


def _beyond_int64(dec: pa.Array) -> NDArray[np.bool_]:
    """decimal128 values whose high word is not the low word's sign: far beyond any amount."""
    words = np.frombuffer(dec.buffers()[1], dtype=np.int64)[dec.offset * 2 : (dec.offset + len(dec)) * 2]
    return words[1::2] != (words[::2] >> 63)


def flag_column(table: pa.Table, name: str) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """(0/1, bad) for a "0"/"1" flag column; absent = all "0"; anything else (null too) is bad."""
    if name not in table.column_names:
        return np.zeros(table.num_rows, dtype=np.int64), np.zeros(table.num_rows, dtype=bool)
    s = pl.Series(table.column(name))
    if s.dtype != pl.String:
        s = s.cast(pl.String)
    one = (s == "1").fill_null(False).to_numpy()
    zero = (s == "0").fill_null(False).to_numpy()
    return one.astype(np.int64), ~(one | zero)


def code_column(
    table: pa.Table, name: str, default: str | None = None, *, values: bool = True
) -> tuple[NDArray[np.int32], list[str]]:
    """Dictionary-encode a code column: (indices, distinct values). Nulls become ''.

    ``values=False`` skips turning the dictionary into Python strings.
    """
    if name not in table.column_names:
        if default is None:
            raise InvalidInput.of(name, f"缺少列 {name}", f"missing column {name}")
        return np.zeros(table.num_rows, dtype=np.int32), [default]
    return codes_of(dictionary_column(table, name), values=values)


def dictionary_column(table: pa.Table, name: str) -> pa.ChunkedArray:
    """A text column dictionary-encoded, every chunk against one shared dictionary.

    Works chunk by chunk: a multi-row-group Parquet file is never copied into one piece first.
    The batch writes these back in place of the text: Parquet then gets dictionary pages without
    hashing the strings a second time.
    """
    col = table.column(name)
    if pa.types.is_dictionary(col.type):
        return col.unify_dictionaries()  # cheap: codes read as dictionaries have few values
    text = pa.types.is_string(col.type) or pa.types.is_string_view(col.type)
    return pc.dictionary_encode(col if text else col.cast(pa.string()))


def codes_of(col: pa.ChunkedArray, *, values: bool = True) -> tuple[NDArray[np.int32], list[str]]:
    """(indices, distinct values) of a dictionary column; nulls get the extra code ''."""
    if col.num_chunks == 0:
        return np.zeros(0, dtype=np.int32), [""]
    missing = len(col.chunk(0).dictionary)  # nulls become the empty code, which no policy accepts
    names = (
        ["" if v is None else str(v) for v in col.chunk(0).dictionary.to_pylist()] + [""] if values else []
    )
    parts = [pc.fill_null(ch.indices, missing).to_numpy(zero_copy_only=False) for ch in col.chunks]
    return np.concatenate(parts).astype(np.int32, copy=False), names


def day_column(table: pa.Table, name: str) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """(days since 1970-01-01, bad) for a date / timestamp / 'YYYY-MM-DD[ HH:MM:SS]' column."""
    col = table.column(name)
    if pa.types.is_date32(col.type):  # the usual Parquet case: read the day numbers in place
        days = np.empty(table.num_rows, dtype=np.int64)
        at = 0
        for chunk in col.chunks:
            raw = np.frombuffer(chunk.buffers()[1], dtype=np.int32)[chunk.offset : chunk.offset + len(chunk)]
            days[at : at + len(chunk)] = raw
            at += len(chunk)
        if not col.null_count:
            return days, np.zeros(table.num_rows, dtype=bool)
        bad = col.is_null().to_numpy()
        days[bad] = 0
        return days, bad
    arr = _plain_text(_chunk(table, name))
    if pa.types.is_string(arr.type):
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
