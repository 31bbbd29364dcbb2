"""The online check (在线审核) after every settlement of the national interface (2304 住院结算,
2207 门诊结算): the review rules over the settlement just made, its hits stored and queued.

It runs after the settlement's transaction committed, in a transaction of its own, so it can never
undo or delay the answer's content: a failure of the check is logged (and the monthly batch run
reviews the settlement anyway), never turned into a refusal of a settlement already made.
"""

from __future__ import annotations

import logging
from typing import Any

from yidi.service_layer.unit_of_work import AbstractUnitOfWork, SqlAlchemyUnitOfWork

ONLINE_CHECKED = frozenset({"2304", "2207"})
log = logging.getLogger("yidi.supervision")


def after_settlement(uow: AbstractUnitOfWork, output: Any) -> None:
    """Check the settlement named in a successful 2304/2207 answer's ``setlinfo``."""
    if not isinstance(uow, SqlAlchemyUnitOfWork):
        return
    setl_id = ((output or {}).get("setlinfo") or {}).get("setl_id")
    if not setl_id:
        return
    from yidi.service_layer.supervision_review import online_check

    try:
        online_check(uow, str(setl_id))
    except Exception:  # the settlement stands; the batch run reviews it later
        log.exception("online supervision check of %s failed", setl_id)
