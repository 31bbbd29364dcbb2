"""Integer fen ⇄ Arrow decimal128 without Python loops.

A decimal128 value is a 128-bit unscaled integer: with scale 2 that integer *is* the amount in
fen. Reading the low 64-bit word gives fen for any |amount| < 2^63 fen; writing the value and its
sign word builds a decimal array directly. Used by the batch tables and the desk's line parser.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray


def unscaled_int64(arr: pa.Array) -> NDArray[np.int64]:
    """The unscaled integers of a decimal128 array (fen when its scale is 2); nulls read as 0."""
    words = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset * 2 : (arr.offset + len(arr)) * 2]
    return words[::2].copy()


def decimal_from_int64(values: NDArray[np.int64], type_: pa.DataType) -> pa.Array:
    """Unscaled int64 values → a decimal128 array of ``type_`` (low word = value, high = sign)."""
    words = np.empty((len(values), 2), dtype=np.int64)
    words[:, 0] = values
    words[:, 1] = values >> 63
    return pa.Array.from_buffers(type_, len(values), [None, pa.py_buffer(words)])
