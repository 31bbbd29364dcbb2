"""Seed 002 第十三条(二): retirement, suspension, resumption and termination update the filings."""

from __future__ import annotations

from datetime import date

import pytest

from yidi.domain.actors import Channel
from yidi.domain.errors import FilingRefused
from yidi.domain.filing import eligibility
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import MaterialIn, NewFiling, create_filing
from yidi.domain.filing.filing import FilingStatus
from yidi.domain.filing.materials import MaterialKind as K
from yidi.domain.filing.person_status import change_status

ON = date(2026, 3, 2)
CLAUSE = "辽社险办〔2017〕29号 第十三条(二)"


def posted(person, rules, actor):  # type: ignore[no-untyped-def]
    p = person("211200", psn_type="11")
    req = NewFiling(Category.POSTED_WORKER, "110100", materials=(MaterialIn(K.POSTING_PROOF),), posting_months=12)
    f, _ = create_filing(p, req, actor(Channel.SELF_SERVICE), ON, rules("211200"))
    return p, f


def test_seed002_第十三条二_retirement_turns_a_posted_worker_into_a_resettled_retiree(person, rules, actor):
    p, f = posted(person, rules, actor)
    changes = change_status(p, "retire", date(2026, 5, 1))
    assert p.psn_type == "12" and f.category is Category.LONG_TERM_RETIREE and f.treatment_region == "110100"
    assert [c.action for c in changes] == ["person_retire"]
    assert str(changes[0].reasons[0].clause) == CLAUSE and changes[0].before["category"] == "posted_worker"  # type: ignore[index]
    with pytest.raises(FilingRefused):
        change_status(p, "retire", date(2026, 6, 1))  # already retired


def test_seed002_第十三条二_suspension_stops_cover_and_filing_resumption_restores(person, rules, actor):
    p, f = posted(person, rules, actor)
    change_status(p, "suspend", date(2026, 4, 1))
    answer = eligibility.check(p, rules("211200"), date(2026, 4, 2), region="110100")
    assert not answer.covered and answer.reasons[0].rule_id == "person.not_insured"
    assert str(answer.reasons[0].clause) == CLAUSE
    with pytest.raises(FilingRefused) as exc:
        create_filing(
            p, NewFiling(Category.TEMPORARY, "120100", temporary_reason=TemporaryReason.TRAVEL),
            actor(Channel.SELF_SERVICE), date(2026, 4, 2), rules("211200"),
        )  # fmt: skip
    assert exc.value.code == "NOT_INSURED"
    changes = change_status(p, "resume", date(2026, 5, 1))
    assert [c.action for c in changes] == ["person_resume"] and f.in_force
    assert eligibility.check(p, rules("211200"), date(2026, 5, 2), region="110100").covered


def test_seed002_第十三条二_termination_ends_the_filings_in_force_without_lock(person, rules, actor):
    p, f = posted(person, rules, actor)
    changes = change_status(p, "terminate", date(2026, 4, 1))  # inside the 6-month lock
    assert f.status is FilingStatus.CANCELLED and f.end_reason == "insurance_terminated"
    assert p.insurance_status == "terminated" and [c.action for c in changes] == ["person_terminate"]
    with pytest.raises(FilingRefused):
        change_status(p, "resume", date(2026, 5, 1))
