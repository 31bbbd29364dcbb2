"""Locks on change and cancel, dated per document: 2017 (seed 002), 2021 (seed 000), 2025 (seed 004)."""

from __future__ import annotations

from datetime import date

import pytest

from yidi.domain.actors import Channel
from yidi.domain.errors import FilingRefused
from yidi.domain.filing import lifecycle
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import MaterialIn, NewFiling, create_filing
from yidi.domain.filing.filing import FilingStatus
from yidi.domain.filing.materials import MaterialKind as K

PROOF = (MaterialIn(K.PROPERTY_CERTIFICATE), MaterialIn(K.POSTING_PROOF), MaterialIn(K.HUKOU))
PROOF_2017 = (*PROOF, MaterialIn(K.APPLICATION_FORM), MaterialIn(K.APPLICATION_LETTER))


def long_term(
    person, rules, actor, region, on, category=Category.LONG_TERM_RETIREE, place="110100", proof=PROOF
):  # type: ignore[no-untyped-def]
    p = person(region, psn_type="11" if category is Category.POSTED_WORKER else "12")
    req = NewFiling(category, place, materials=proof, posting_months=24)
    f, _ = create_filing(p, req, actor(Channel.SELF_SERVICE), on, rules(region))
    return p, f


def test_seed004_一一_no_cancel_within_6_months_of_effect(person, rules, actor):
    p, f = long_term(person, rules, actor, "211200", date(2026, 1, 10))
    with pytest.raises(FilingRefused) as exc:
        lifecycle.cancel(p, f.id, date(2026, 7, 9), rules("211200"))
    assert exc.value.code == "FILING_LOCKED"
    assert exc.value.reason.params["unlocked_on"] == date(2026, 7, 10)
    assert str(exc.value.reason.clause).endswith("一(一)")
    lifecycle.cancel(p, f.id, date(2026, 7, 10), rules("211200"))
    assert f.status is FilingStatus.CANCELLED


def test_seed004_一一_no_change_of_place_within_6_months(person, rules, actor):
    p, f = long_term(person, rules, actor, "211200", date(2026, 1, 10))
    with pytest.raises(FilingRefused):
        lifecycle.change(p, f.id, date(2026, 3, 1), rules("211200"), treatment_region="120100", items=PROOF)
    lifecycle.change(p, f.id, date(2026, 8, 1), rules("211200"), treatment_region="120100", items=PROOF)
    assert f.treatment_region == "120100" and f.place_effective_from == date(2026, 8, 1)
    # the lock starts again from the change
    with pytest.raises(FilingRefused):
        lifecycle.change(p, f.id, date(2026, 9, 1), rules("211200"), treatment_region="130100", items=PROOF)


def test_seed004_一一_temporary_filings_cancellable_any_time(person, rules, actor):
    p = person()
    f, _ = create_filing(
        p, NewFiling(Category.TEMPORARY, "110100", temporary_reason=TemporaryReason.TRAVEL),
        actor(Channel.SELF_SERVICE), date(2026, 1, 10), rules("219900"),
    )  # fmt: skip
    lifecycle.cancel(p, f.id, date(2026, 1, 11), rules("219900"))
    assert f.status is FilingStatus.CANCELLED


def test_seed000_一_2021_change_of_place_not_sooner_than_6_months(person, rules, actor):
    p, f = long_term(person, rules, actor, "219900", date(2022, 1, 10))
    with pytest.raises(FilingRefused) as exc:
        lifecycle.change(p, f.id, date(2022, 5, 1), rules("219900"), treatment_region="120100")
    assert str(exc.value.reason.clause) == "辽医保中心发〔2021〕45号 一"


def test_seed000_一_2021_cancel_was_not_locked(person, rules, actor):
    p, f = long_term(person, rules, actor, "219900", date(2022, 1, 10))
    lifecycle.cancel(p, f.id, date(2022, 2, 1), rules("219900"))
    assert f.status is FilingStatus.CANCELLED


def test_seed000_一_posted_worker_whose_workplace_changed_is_exempt(person, rules, actor):
    p, f = long_term(person, rules, actor, "219900", date(2022, 1, 10), Category.POSTED_WORKER)
    ch = lifecycle.change(
        p, f.id, date(2022, 3, 1), rules("219900"), treatment_region="120100", workplace_changed=True
    )
    assert f.treatment_region == "120100"
    assert ch.reasons[0].rule_id == "lock.posted_worker_workplace_change"


def test_seed004_一一_from_2025_the_later_rule_governs_and_has_no_workplace_exemption(person, rules, actor):
    p, f = long_term(person, rules, actor, "219900", date(2026, 1, 10), Category.POSTED_WORKER)
    with pytest.raises(FilingRefused) as exc:
        lifecycle.change(
            p,
            f.id,
            date(2026, 3, 1),
            rules("219900"),
            treatment_region="120100",
            workplace_changed=True,
            items=PROOF,
        )
    assert exc.value.reason.params["rule_source"] == "default.yaml"


def test_seed002_第十二条_2017_retiree_one_year_posted_worker_6_months_cross_province(person, rules, actor):
    p, f = long_term(person, rules, actor, "219900", date(2019, 1, 2), proof=PROOF_2017)
    with pytest.raises(FilingRefused) as exc:
        lifecycle.change(p, f.id, date(2019, 10, 1), rules("219900"), treatment_region="120100")
    assert exc.value.reason.params["lock_months"] == 12
    assert str(exc.value.reason.clause) == "辽社险办〔2017〕29号 第十二条"
    q, g = long_term(
        person, rules, actor, "219900", date(2019, 1, 2), Category.POSTED_WORKER, proof=PROOF_2017
    )
    with pytest.raises(FilingRefused) as exc2:
        lifecycle.change(q, g.id, date(2019, 5, 1), rules("219900"), treatment_region="120100")
    assert exc2.value.reason.params["lock_months"] == 6


def test_seed002_第十二条_2017_rule_was_cross_province_only(person, rules, actor):
    p, f = long_term(person, rules, actor, "219900", date(2019, 1, 2), place="210200", proof=PROOF_2017)
    lifecycle.change(
        p, f.id, date(2019, 2, 1), rules("219900"), treatment_region="210300", items=(MaterialIn(K.HUKOU),)
    )
    assert f.treatment_region == "210300"


def test_seed001_三四_tieling_6_months_before_2025(person, rules, actor):
    p, f = long_term(person, rules, actor, "211200", date(2024, 1, 10))
    with pytest.raises(FilingRefused) as exc:
        lifecycle.cancel(p, f.id, date(2024, 3, 1), rules("211200"))
    assert "三(四)" in str(exc.value.reason.clause)


def test_changing_only_the_hospital_is_not_a_change_of_place(person, rules, actor):
    p, f = long_term(person, rules, actor, "211200", date(2026, 1, 10))
    lifecycle.change(p, f.id, date(2026, 2, 1), rules("211200"), outpatient_hospital="H11010500001")
    assert f.outpatient_hospital == "H11010500001" and f.place_effective_from == date(2026, 1, 10)


def test_a_change_of_place_needs_proof_for_the_new_place(person, rules, actor):
    p, f = long_term(person, rules, actor, "211200", date(2026, 1, 10))
    with pytest.raises(FilingRefused) as exc:
        lifecycle.change(p, f.id, date(2026, 8, 1), rules("211200"), treatment_region="120100")
    assert exc.value.code == "MATERIALS_MISSING"


def test_temporary_filings_are_not_changed_but_cancelled_and_refiled(person, rules, actor):
    p = person()
    f, _ = create_filing(
        p, NewFiling(Category.TEMPORARY, "110100", temporary_reason=TemporaryReason.TRAVEL),
        actor(Channel.SELF_SERVICE), date(2026, 1, 10), rules("219900"),
    )  # fmt: skip
    with pytest.raises(FilingRefused) as exc:
        lifecycle.change(p, f.id, date(2026, 1, 11), rules("219900"), treatment_region="120100")
    assert exc.value.code == "CHANGE_NOT_APPLICABLE"


def test_seed002_第十二条_2017_one_year_lock_runs_from_registration_not_opening(person, rules, actor):
    # registered 2019-09-20, opened 15 working days later (after the National Day week: 2019-10-16)
    p, f = long_term(person, rules, actor, "219900", date(2019, 9, 20), proof=PROOF_2017)
    assert f.filed_on == date(2019, 9, 20) and f.start_date == date(2019, 10, 16)
    with pytest.raises(FilingRefused) as exc:
        lifecycle.change(p, f.id, date(2020, 9, 19), rules("219900"), treatment_region="120100", items=PROOF)
    assert exc.value.reason.params["unlocked_on"] == date(2020, 9, 20)
    assert "登记备案" in exc.value.reason.zh
    # one year after registration, though less than a year after the opening
    lifecycle.change(p, f.id, date(2020, 9, 21), rules("219900"), treatment_region="120100", items=PROOF)
    assert f.treatment_region == "120100"
