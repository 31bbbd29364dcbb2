"""Length-of-stay norms (住院天数常模) for R-LOS: the 95th percentile per diagnosis and hospital level.

Computed from past discharged stays (the service layer passes, say, the last twelve months), by
the nearest-rank method — the smallest stay length that at least 95 % of the group's stays do not
exceed — so the norm is a whole number of days that actually occurred and can be explained
("95 % of 急性心肌梗死 stays at 三级甲等 hospitals were at most 12 days"). Groups with few stays
are kept with their count; R-LOS ignores those below its ``min_stays`` parameter.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from yidi.domain.supervision.columns import LosNorms
from yidi.domain.supervision.vectors import sort_groups

PERCENTILE = 95  # issue 17 §1 fixes the 95th percentile


def los_norms(diagnosis: NDArray[np.int32], hosp_lv: NDArray[np.int8], los_days: NDArray[np.int64],
              percentile: int = PERCENTILE) -> LosNorms:  # fmt: skip
    """Norms for each (diagnosis, level) among the stays given (lengths ≥ 0 days)."""
    order, starts = sort_groups(diagnosis, hosp_lv, los_days, group_keys=2)
    first = np.flatnonzero(starts)
    size = np.diff(np.append(first, len(order)))
    # nearest rank: ceil(p/100 × n), 1-based; in integers: (p × n + 99) // 100
    rank = (percentile * size + 99) // 100
    at = order[first + rank - 1]
    lead = order[first]
    return LosNorms(
        diagnosis=diagnosis[lead].astype(np.int32),
        hosp_lv=hosp_lv[lead].astype(np.int8),
        p95_days=los_days[at].astype(np.int32),
        stays=size.astype(np.int32),
    )
