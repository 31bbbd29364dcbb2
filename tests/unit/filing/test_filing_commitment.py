"""Commitment filing (承诺制): deadline, reminders, revocation, claw-back, credit default."""

from __future__ import annotations

from datetime import date

import pytest

from yidi.domain.actors import Channel
from yidi.domain.errors import FilingRefused, YidiError
from yidi.domain.filing import eligibility, lifecycle, settlements
from yidi.domain.filing.categories import Category
from yidi.domain.filing.commitment import ClawbackStatus, CommitmentStatus
from yidi.domain.filing.conflicts import home_benefits
from yidi.domain.filing.creation import MaterialIn, NewFiling, create_filing
from yidi.domain.filing.filing import FilingStatus
from yidi.domain.filing.materials import MaterialKind as K

ON = date(2026, 1, 10)


def committed(person, rules, actor, region="211200"):  # type: ignore[no-untyped-def]
    p = person(region, psn_type="12")
    f, reasons = create_filing(
        p, NewFiling(Category.LONG_TERM_RETIREE, "110100"), actor(Channel.SELF_SERVICE), ON, rules(region)
    )
    return p, f, reasons


def test_seed000_二一_self_service_is_告知承诺制_effective_at_once(person, rules, actor):
    _, f, reasons = committed(person, rules, actor)
    assert f.status is FilingStatus.PENDING_COMMITMENT and f.in_force and f.start_date == ON
    assert [r.rule_id for r in reasons] == ["materials.one_time_notice", "commitment.signed"]


def test_seed004_一二_commitment_deadline_is_6_months(person, rules, actor):
    _, f, reasons = committed(person, rules, actor)
    assert f.commitment is not None and f.commitment.due_on == date(2026, 7, 10)
    assert reasons[1].params["deadline_months"] == 6
    assert str(reasons[1].clause).endswith("一(二)")


def test_seed004_一二_supplying_the_materials_completes_the_filing(person, rules, actor, book):
    p, f, _ = committed(person, rules, actor)
    mode, _ = home_benefits(f, ON, book.for_region("219900"))
    assert mode == "suspended"  # 2025: two-way only after the materials are complete
    ch = lifecycle.supply_materials(p, f.id, (MaterialIn(K.HUKOU),), date(2026, 3, 1), rules("211200"))
    assert f.status is FilingStatus.ACTIVE and f.commitment is not None
    assert f.commitment.status is CommitmentStatus.FULFILLED
    assert ch.reasons[-1].rule_id == "commitment.fulfilled"
    mode, _ = home_benefits(f, date(2026, 3, 2), book.for_region("219900"))
    assert mode == "two_way"


@pytest.mark.parametrize("region", ["219900", "211200"])
def test_seed004_一二_open_commitment_home_region_not_covered_until_materials_supplied(
    person, rules, actor, book, region
):
    p, f, _ = committed(person, rules, actor, region)
    home = "210100" if region == "219900" else "211200"  # 省直's home includes 沈阳 (A-FIL-10)
    answer = eligibility.check(p, book.for_region(region), date(2026, 2, 2), region=home)
    assert answer.basis == "local" and not answer.covered
    assert answer.benefits["home_benefits"] == "suspended" and answer.filing_id == f.id
    why = answer.reasons[-1]
    assert str(why.clause).endswith("一(二)") and "材料补齐前" in why.zh
    assert eligibility.check(p, book.for_region(region), date(2026, 2, 2), region="110100").covered
    lifecycle.supply_materials(p, f.id, (MaterialIn(K.HUKOU),), date(2026, 3, 1), rules(region))
    after = eligibility.check(p, book.for_region(region), date(2026, 3, 2), region=home)
    assert after.covered and after.basis == "local"


def test_commitment_reminders_before_the_deadline_only_once_each(person, rules, actor):
    p, _f, _ = committed(person, rules, actor)
    r = rules("211200")
    assert lifecycle.run_deadlines(p, date(2026, 6, 9), r) == []
    first = lifecycle.run_deadlines(p, date(2026, 6, 10), r)
    assert [c.action for c in first] == ["commitment_reminder"] and first[0].reasons[0].params[
        "days_before"
    ] == 30
    assert lifecycle.run_deadlines(p, date(2026, 6, 11), r) == []
    second = lifecycle.run_deadlines(p, date(2026, 7, 5), r)
    assert second[0].reasons[0].params["days_before"] == 7
    assert lifecycle.run_deadlines(p, date(2026, 7, 10), r) == []  # the last day is still in time


def test_seed004_一二_revoked_at_deadline_settlements_clawed_back_credit_default(person, rules, actor):
    p, f, _ = committed(person, rules, actor)
    settlements.record_settlement(p, f.id, "SET-1", date(2026, 2, 1), 30_000)
    settlements.record_settlement(p, f.id, "SET-2", date(2026, 3, 1), 12_345)
    changes = lifecycle.run_deadlines(p, date(2026, 7, 11), rules("211200"))
    assert [c.action for c in changes] == ["revoke"]
    assert f.status is FilingStatus.REVOKED and f.commitment is not None
    assert f.commitment.status is CommitmentStatus.BROKEN
    assert all(s.clawback is ClawbackStatus.DUE for s in f.settlements)
    total, refs = settlements.clawback_due(p)
    assert total == 42_345 and len(refs) == 2
    assert changes[0].reasons[0].params["clawback_fen"] == 42_345
    assert p.credit_default_on == date(2026, 7, 11)
    settlements.mark_recovered(p, "SET-1", date(2026, 8, 1))
    assert settlements.clawback_due(p)[0] == 12_345


def test_seed004_一二_settlements_after_completion_are_not_clawed_back(person, rules, actor):
    p, f, _ = committed(person, rules, actor)
    lifecycle.supply_materials(p, f.id, (MaterialIn(K.HUKOU),), date(2026, 3, 1), rules("211200"))
    ref = settlements.record_settlement(p, f.id, "SET-9", date(2026, 4, 1), 500)
    assert not ref.under_commitment


def test_seed001_三二_3_credit_defaulter_may_not_use_commitment_again(person, rules, actor):
    p, _f, _ = committed(person, rules, actor)
    lifecycle.run_deadlines(p, date(2026, 7, 11), rules("211200"))
    full = NewFiling(Category.LONG_TERM_RETIREE, "120100", materials=(MaterialIn(K.PROPERTY_CERTIFICATE),))
    # within the suspension period (A-SET-17: 12 months) no filing at all (限制…办理异地就医备案)
    with pytest.raises(YidiError) as suspended:
        create_filing(p, full, actor(Channel.SELF_SERVICE), date(2026, 8, 1), rules("211200"))
    assert suspended.value.code == "DIRECT_SETTLEMENT_SUSPENDED"
    with pytest.raises(FilingRefused) as exc:
        create_filing(
            p,
            NewFiling(Category.LONG_TERM_RETIREE, "120100"),
            actor(Channel.SELF_SERVICE),
            date(2027, 8, 1),
            rules("211200"),
        )
    assert exc.value.code == "COMMITMENT_BLOCKED"
    assert "三(二).3" in str(exc.value.reason.clause)
    g, _ = create_filing(p, full, actor(Channel.SELF_SERVICE), date(2027, 8, 1), rules("211200"))
    assert g.status is FilingStatus.ACTIVE


def test_counter_without_signature_keeps_a_draft_with_sign_it_is_a_commitment(person, rules, actor):
    form = {"phone": "1", "signed_by": "本人"}
    p = person("211200")
    f, _ = create_filing(
        p,
        NewFiling(Category.LONG_TERM_RETIREE, "110100", form=form),
        actor(Channel.COUNTER),
        ON,
        rules("211200"),
    )
    assert f.status is FilingStatus.DRAFT and not f.in_force
    q = person("211200")
    g, _ = create_filing(
        q, NewFiling(Category.LONG_TERM_RETIREE, "110100", form=form, sign_commitment=True), actor(Channel.COUNTER), ON, rules("211200")
    )  # fmt: skip
    assert g.status is FilingStatus.PENDING_COMMITMENT


def test_draft_becomes_active_when_materials_arrive(person, rules, actor):
    p = person("211200")
    f, _ = create_filing(
        p, NewFiling(Category.LONG_TERM_RETIREE, "110100", form={"phone": "1", "signed_by": "x"}), actor(Channel.COUNTER), ON, rules("211200")
    )  # fmt: skip
    ch = lifecycle.supply_materials(
        p, f.id, (MaterialIn(K.RESIDENCE_PERMIT, valid_until=date(2028, 1, 1)),), ON, rules("211200")
    )
    assert (
        f.status is FilingStatus.ACTIVE and f.end_date == date(2028, 1, 1) and ch.action == "supply_materials"
    )


def test_temporary_categories_cannot_use_commitment(person, rules, actor):
    p = person("211200", psn_type="11")
    with pytest.raises(FilingRefused) as exc:
        create_filing(
            p,
            NewFiling(
                Category.REFERRAL, "210100", materials=(MaterialIn(K.REFERRAL_CERTIFICATE),),
                diagnosis="急性心肌梗死", referring_hospital="H21120000001",
            ),
            actor(Channel.REFERRAL_AGENCY), ON, rules("211200"),
        )  # fmt: skip
    assert exc.value.code == "MATERIALS_MISSING"
