"""The filing state machine: allowed transitions only, refusals explained."""

from __future__ import annotations

from datetime import date

import pytest

from yidi.domain.actors import Channel
from yidi.domain.errors import FilingRefused
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import NewFiling, create_filing
from yidi.domain.filing.filing import IN_FORCE, TRANSITIONS, FilingStatus


def test_terminal_states_have_no_way_out():
    for s in (FilingStatus.CANCELLED, FilingStatus.REVOKED, FilingStatus.EXPIRED, FilingStatus.COMPLETED):
        assert TRANSITIONS[s] == frozenset()
    assert frozenset({FilingStatus.ACTIVE, FilingStatus.PENDING_COMMITMENT}) == IN_FORCE


def test_a_cancelled_filing_cannot_be_cancelled_again(person, rules, actor):
    from yidi.domain.filing import lifecycle

    p = person()
    f, _ = create_filing(
        p, NewFiling(Category.TEMPORARY, "110100", temporary_reason=TemporaryReason.TRAVEL),
        actor(Channel.SELF_SERVICE), date(2026, 1, 10), rules("219900"),
    )  # fmt: skip
    lifecycle.cancel(p, f.id, date(2026, 1, 11), rules("219900"))
    with pytest.raises(FilingRefused) as exc:
        lifecycle.cancel(p, f.id, date(2026, 1, 12), rules("219900"))
    assert exc.value.code == "INVALID_STATE"
    assert exc.value.as_dict()["message_en"] == "filing is cancelled; cannot become cancelled"
