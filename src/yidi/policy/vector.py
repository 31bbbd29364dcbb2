"""Vectorised policy resolution for the batch: resolve each distinct combination once.

Rows are keyed by (region, insurance type, person type, filing category, hospital level,
policy period); each distinct key present goes through the scalar ``resolve`` — the very same
code the desk uses — and the results are gathered back to rows. Rows whose key cannot be
resolved get an error message instead (the batch reports them; nothing is silently dropped).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from yidi.domain.errors import InvalidInput, PolicyUndecidable
from yidi.domain.settlement.parameters import DIMENSIONS
from yidi.domain.settlement.policy import RegionPolicy
from yidi.domain.settlement.resolution import resolve
from yidi.policy.kernel_columns import POLICY_COLUMNS, policy_inputs
from yidi.policy.loader import load_region

EPOCH = date(1970, 1, 1)
Codes = tuple[NDArray[np.int32], list[str]]


def _policy(region: str, overlays: dict[str, RegionPolicy]) -> RegionPolicy:
    return overlays.get(region) or load_region(region)


def resolve_columns(
    regions: Codes,
    dims: dict[str, Codes],
    days: NDArray[np.int64],
    overlays: dict[str, RegionPolicy] | None = None,
) -> tuple[dict[str, NDArray[np.int64]], NDArray[np.int32], list[str]]:
    """Policy kernel columns per row, plus (error index per row, messages); index 0 = no error."""
    overlays = overlays or {}
    parts = [regions, *(dims[d] for d in DIMENSIONS)]
    key = np.zeros(len(days), dtype=np.int64)
    for idx, values in parts:
        key = key * len(values) + idx
    changes = sorted(
        {d for r in regions[1] if _known(r, overlays) for d in _policy(r, overlays).change_dates()}
    )
    change_days = np.array([(d - EPOCH).days for d in changes], dtype=np.int64)
    period = np.searchsorted(change_days, days, side="right")  # 0 = before every policy
    key = key * (len(changes) + 1) + period
    present, inverse = np.unique(key, return_inverse=True)

    table = np.zeros((len(present), len(POLICY_COLUMNS)), dtype=np.int64)
    errors = np.zeros(len(present), dtype=np.int32)
    messages = [""]
    for slot, k in enumerate(present.tolist()):
        k, p = divmod(k, len(changes) + 1)
        codes = []
        for _idx, values in reversed(parts):
            k, i = divmod(k, len(values))
            codes.append(values[i])
        region, *rest = reversed(codes)
        request = dict(zip(DIMENSIONS, rest, strict=True))
        day = changes[p - 1] if p else _first_day(days, inverse, slot)
        try:
            res = resolve(_policy(region, overlays), request, day)
        except (PolicyUndecidable, InvalidInput) as exc:
            messages.append(str(exc))
            errors[slot] = len(messages) - 1
            continue
        row = policy_inputs(res)
        table[slot] = [row[c] for c in POLICY_COLUMNS]
    cols = {c: table[inverse, j] for j, c in enumerate(POLICY_COLUMNS)}
    return cols, errors[inverse], messages


def _known(region: str, overlays: dict[str, RegionPolicy]) -> bool:
    try:
        _policy(region, overlays)
    except InvalidInput:
        return False
    return True


def _first_day(days: NDArray[np.int64], inverse: NDArray[np.intp], slot: int) -> date:
    return EPOCH + timedelta(days=int(days[np.argmax(inverse == slot)]))
