"""Policy for every claim of a batch, held once per distinct key (政策取值，按不同组合各取一次).

A claim's policy depends on its key — region, insurance type, person type, filing category,
hospital level and policy period (the span between two dates on which any value changes). A
table of millions has a few hundred distinct keys. They are found by counting over the product
of the code dictionaries (no sort of millions of keys), one representative claim of each goes
through ``policy.vector.resolve_columns`` — so each key is resolved by ``resolver.resolve``, the
desk's own code — and every claim keeps only its key's slot. The kernel gathers policy columns
from the small slot table chunk by chunk instead of carrying eleven full-length columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from yidi.domain.errors import InvalidInput
from yidi.domain.settlement.parameters import DIMENSIONS
from yidi.domain.settlement.policy import RegionPolicy
from yidi.policy.kernel_columns import POLICY_COLUMNS
from yidi.policy.loader import load_region
from yidi.policy.vector import EPOCH, resolve_columns

Codes = tuple[NDArray[np.int32], list[str]]
# Above this many possible keys the distinct ones are found by sorting instead of counting.
_DENSE_LIMIT = 1 << 24


@dataclass(frozen=True)
class PolicySlots:
    """Per row its slot; per slot the kernel's policy columns and an error (0 = none)."""

    slot: NDArray[np.intp]
    columns: dict[str, NDArray[np.int64]]
    error: NDArray[np.int32]
    messages: list[str]

    def with_zero_slot(self, rows: NDArray[np.bool_]) -> PolicySlots:
        """Point ``rows`` at an extra all-zero slot (rows with errors settle as zeros)."""
        zero = len(self.error)
        slot = np.where(rows, zero, self.slot)
        columns = {k: np.r_[v, 0] for k, v in self.columns.items()}
        return PolicySlots(slot, columns, np.r_[self.error, 0].astype(np.int32), self.messages)


def policy_slots(
    regions: Codes,
    dims: dict[str, Codes],
    days: NDArray[np.int64],
    overlays: dict[str, RegionPolicy] | None = None,
) -> PolicySlots:
    """Resolve each distinct key of the table once; rows point at their key's slot."""
    overlays = overlays or {}
    parts = [regions, *(dims[d] for d in DIMENSIONS)]
    changes = _change_days(regions[1], overlays)
    key = np.zeros(len(days), dtype=np.int64)
    size = 1
    for idx, values in parts:
        key = key * len(values) + idx
        size *= len(values)
    key = key * (len(changes) + 1) + np.searchsorted(changes, days, side="right")
    size *= len(changes) + 1
    if size <= _DENSE_LIMIT:
        present = np.flatnonzero(np.bincount(key, minlength=size))
        lookup = np.zeros(size, dtype=np.intp)
        lookup[present] = np.arange(len(present))
        slot = lookup[key]
    else:
        present, slot = np.unique(key, return_inverse=True)
    rep = np.zeros(len(present), dtype=np.intp)
    rep[slot] = np.arange(len(days))  # any row of a slot represents it: they share code and period
    cols, errors, messages = resolve_columns(
        (regions[0][rep], regions[1]),
        {d: (dims[d][0][rep], dims[d][1]) for d in DIMENSIONS},
        days[rep],
        overlays,
    )
    return PolicySlots(slot.astype(np.intp), {c: cols[c] for c in POLICY_COLUMNS}, errors, messages)


def delegated_regions(
    regions: Codes, dims: dict[str, Codes], area: Codes, days: NDArray[np.int64]
) -> Codes:
    """Each row's policy region: its insured region, or the region that region's policy delegates
    this kind of direct settlement to (``domain/settlement/delegation.py``, as the desk's
    ``direct_policy``); the first delegation that applies wins."""
    idx, names = regions[0], list(regions[1])
    out = idx.copy()
    for r, region in enumerate(list(names)):
        try:
            policy = load_region(region)
        except InvalidInput:
            continue  # reported by resolve_columns
        for d in policy.delegations:
            mask = (idx == r) & (out == r) & (days >= (d.start - EPOCH).days)
            if d.end is not None:
                mask &= days <= (d.end - EPOCH).days
            for key, allowed in d.when.items():
                codes, values = area if key == "mdtrtarea_admvs" else dims[key]
                mask &= np.array([v in allowed for v in values], dtype=bool)[codes]
            if mask.any():
                if d.region not in names:
                    names.append(d.region)
                out[mask] = names.index(d.region)
    return out.astype(idx.dtype), names


def _change_days(regions: list[str], overlays: dict[str, RegionPolicy]) -> NDArray[np.int64]:
    """Days (since 1970) on which any parameter of any region in the table changes."""
    changes: set[date] = set()
    for region in regions:
        try:
            policy = overlays.get(region) or load_region(region)
        except InvalidInput:
            continue  # an unknown region: resolve_columns reports it on its rows
        changes.update(policy.change_dates())
    return np.array(sorted((d - EPOCH).days for d in changes), dtype=np.int64)
