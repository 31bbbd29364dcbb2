"""Named refusals of the clearing core. Each says what is wrong in Chinese for people and in
English for machines, with the facts (amounts in fen, ids) a caller needs to act on it.

Each carries its ``kind`` (the one error model, docs/errors.md): ``ClearingForbidden`` → 403,
``IdempotencyConflict`` and the state refusals → 409, the others → 422; ``facts`` travel as
``details`` of the problem document.
"""

from __future__ import annotations

from yidi.domain.errors import Kind, Problem, YidiError


class ClearingError(YidiError):
    code = "CLEARING"

    def __init__(self, zh: str, en: str, *, clause: object | None = None, **facts: object) -> None:
        self.facts = facts
        super().__init__(Problem(None, zh, en), clause=clause, details={"facts": facts})


class UnbalancedEntry(ClearingError):
    """A journal entry that would create or lose money (or moves nothing)."""

    code = "UNBALANCED_ENTRY"


class IdempotencyConflict(ClearingError):
    """The idempotency key was already used for an entry with other content."""

    code = "IDEMPOTENCY_CONFLICT"
    kind = Kind.CONFLICT


class MonthNotClosed(ClearingError):
    """The month has not closed yet; ``facts['opens_on']`` names the first day it may be cleared."""

    code = "MONTH_NOT_CLOSED"
    kind = Kind.CONFLICT


class MonthOutOfOrder(ClearingError):
    """Months are cleared in order: a month before the last cleared one cannot be built."""

    code = "MONTH_OUT_OF_ORDER"
    kind = Kind.CONFLICT


class IllegalTransition(ClearingError):
    """The statement (or application) is not in a status that allows this step."""

    code = "ILLEGAL_TRANSITION"
    kind = Kind.CONFLICT


class AmountsDoNotReconcile(ClearingError):
    """Totals that must agree do not; ``facts`` names each difference in fen."""

    code = "AMOUNTS_DO_NOT_RECONCILE"


class NotInStatement(ClearingError):
    """A named settlement is not an open line of this statement (or not the hospital's own)."""

    code = "NOT_IN_STATEMENT"


class ClearingForbidden(ClearingError):
    """The acting region or hospital is not the party of this statement (HTTP 403)."""

    code = "FORBIDDEN"
    kind = Kind.FORBIDDEN
