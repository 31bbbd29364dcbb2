"""Integer fen ⇄ Arrow decimals without Python loops.

A decimal value is an unscaled integer: with scale 2 that integer *is* the amount in fen.
decimal64 stores exactly one int64 per value, so fen columns become decimal64(16, 2) without a
copy; decimal128 stores two words, of which the low one is the value for any |amount| < 2^63.
Used by the batch tables, the synthetic claims and the desk's line parser.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray


def unscaled_int64(arr: pa.Array) -> NDArray[np.int64]:
    """The unscaled integers of a decimal64/decimal128 array (fen at scale 2); nulls read as 0."""
    if pa.types.is_decimal64(arr.type):
        return np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset : arr.offset + len(arr)].copy()
    words = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset * 2 : (arr.offset + len(arr)) * 2]
    return words[::2].copy()


def decimal_from_int64(values: NDArray[np.int64], type_: pa.DataType) -> pa.Array:
    """Unscaled int64 values → a decimal array of ``type_`` (decimal64: zero-copy view)."""
    values = np.ascontiguousarray(values, dtype=np.int64)
    if pa.types.is_decimal64(type_):
        return pa.Array.from_buffers(type_, len(values), [None, pa.py_buffer(values)])
    words = np.empty((len(values), 2), dtype=np.int64)
    words[:, 0] = values
    words[:, 1] = values >> 63
    return pa.Array.from_buffers(type_, len(values), [None, pa.py_buffer(words)])


def fen_array(values: NDArray[np.int64]) -> pa.Array:
    """int64 fen → decimal64(16, 2) yuan (123456 → 1234.56), without a copy."""
    return decimal_from_int64(values, pa.decimal64(16, 2))


def ratio_array(values: NDArray[np.int64]) -> pa.Array:
    """int64 basis points → decimal64(5, 4) ratio (8900 → 0.8900), without a copy."""
    return decimal_from_int64(values, pa.decimal64(5, 4))
