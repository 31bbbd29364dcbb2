"""Conflicts: one filing in force at a time; the third-city guided operation (seed 000 二(二));
home benefits suspended or two-way by date (seed 000 一, seed 001 三(六), seed 004 一(二))."""

from __future__ import annotations

from datetime import date

import pytest

from yidi.domain.actors import Channel
from yidi.domain.errors import FilingRefused
from yidi.domain.filing import admission, lifecycle
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.conflicts import home_benefits
from yidi.domain.filing.creation import MaterialIn, NewFiling, create_filing
from yidi.domain.filing.filing import FilingStatus
from yidi.domain.filing.materials import MaterialKind as K

ON = date(2026, 1, 10)
TRAVEL = TemporaryReason.TRAVEL


def long_term(person, rules, actor, region="211200"):  # type: ignore[no-untyped-def]
    p = person(region)
    req = NewFiling(Category.LONG_TERM_RETIREE, "110100", materials=(MaterialIn(K.HUKOU),))
    f, _ = create_filing(p, req, actor(Channel.SELF_SERVICE), ON, rules(region))
    return p, f


def test_seed000_二二_second_filing_in_a_third_city_is_refused_with_the_guided_operation(
    person, rules, actor
):
    p, f = long_term(person, rules, actor)
    with pytest.raises(FilingRefused) as exc:
        create_filing(
            p,
            NewFiling(Category.TEMPORARY, "310100", temporary_reason=TRAVEL),
            actor(Channel.SELF_SERVICE),
            ON,
            rules("211200"),
        )
    assert exc.value.code == "OVERLAPPING_FILING"
    assert exc.value.suggestion == {"operation": "third_city_admission", "long_term_filing_id": f.id}


def test_two_temporary_filings_never_overlap_cancel_first(person, rules, actor):
    p = person()
    f, _ = create_filing(
        p,
        NewFiling(Category.TEMPORARY, "110100", temporary_reason=TRAVEL),
        actor(Channel.SELF_SERVICE),
        ON,
        rules("219900"),
    )
    with pytest.raises(FilingRefused) as exc:
        create_filing(
            p,
            NewFiling(Category.TEMPORARY, "310100", temporary_reason=TRAVEL),
            actor(Channel.SELF_SERVICE),
            ON,
            rules("219900"),
        )
    assert exc.value.suggestion == {"operation": "cancel", "filing_id": f.id}
    lifecycle.cancel(p, f.id, ON, rules("219900"))
    g, _ = create_filing(
        p,
        NewFiling(Category.TEMPORARY, "310100", temporary_reason=TRAVEL),
        actor(Channel.SELF_SERVICE),
        ON,
        rules("219900"),
    )
    assert g.in_force


def test_seed000_二二_third_city_operation_ends_long_term_files_temporary_then_refiles(person, rules, actor):
    p, f = long_term(person, rules, actor)
    admitted = date(2026, 3, 1)
    req = NewFiling(Category.TEMPORARY, "310100", temporary_reason=TRAVEL, admitted_on=admitted)
    temp, changes = admission.third_city_admission(
        p, f.id, req, actor(Channel.SELF_SERVICE), admitted, rules("211200")
    )
    assert [c.action for c in changes] == ["end_for_third_city", "create"]
    assert f.status is FilingStatus.CANCELLED and f.end_reason == "third_city_admission"
    assert temp.linked_filing_id == f.id and temp.treatment_region == "310100"
    assert str(changes[0].reasons[0].clause) == "辽医保中心发〔2021〕45号 二(二)"
    with pytest.raises(FilingRefused) as exc:
        admission.resume_long_term(p, temp.id, date(2026, 3, 5))
    assert exc.value.code == "RESUME_NOT_READY"
    lifecycle.complete(p, temp.id, date(2026, 3, 10))
    again = admission.resume_long_term(p, temp.id, date(2026, 3, 12)).filing
    assert again.status is FilingStatus.ACTIVE and again.treatment_region == "110100"
    assert again.start_date == date(2026, 3, 12) and again.place_effective_from == ON  # no new lock period


def test_seed004_一二_hospital_admission_in_a_third_city_runs_the_guided_operation(person, rules, actor):
    p, f = long_term(person, rules, actor)
    req = NewFiling(
        Category.TEMPORARY, "310100", temporary_reason=TemporaryReason.OTHER, admitted_on=date(2026, 2, 1)
    )
    temp, _changes = admission.admit(p, req, actor(Channel.HOSPITAL_ADMISSION), rules("211200"))
    assert f.status is FilingStatus.CANCELLED and temp.linked_filing_id == f.id
    assert temp.start_date == date(2026, 2, 1) and temp.channel is Channel.HOSPITAL_ADMISSION


def test_seed004_一二_admission_in_the_filed_city_needs_no_new_filing(person, rules, actor):
    p, f = long_term(person, rules, actor)
    req = NewFiling(
        Category.TEMPORARY, "110105", temporary_reason=TemporaryReason.OTHER, admitted_on=date(2026, 2, 1)
    )
    same, changes = admission.admit(p, req, actor(Channel.HOSPITAL_ADMISSION), rules("211200"))
    assert same is f and changes == []


def test_seed001_二2_emergency_flag_in_a_third_city(person, rules, actor):
    p, f = long_term(person, rules, actor)
    req = NewFiling(Category.EMERGENCY, "440100", admitted_on=date(2026, 2, 1))
    em, _ = admission.admit(p, req, actor(Channel.EMERGENCY_FLAG), rules("211200"))
    assert em.category is Category.EMERGENCY and f.status is FilingStatus.CANCELLED


def test_seed000_一_省直_2021_suspends_home_benefits(person, rules, actor, book):
    p = person("219900")
    req = NewFiling(Category.LONG_TERM_RETIREE, "110100")
    f, _ = create_filing(p, req, actor(Channel.SELF_SERVICE), date(2022, 1, 10), rules("219900"))
    mode, reason = home_benefits(f, date(2022, 2, 1), book.for_region("219900"))
    assert mode == "suspended" and str(reason.clause) == "辽医保中心发〔2021〕45号 一"


def test_seed001_三六_tieling_long_term_two_way_benefits(person, rules, actor, book):
    _p, f = long_term(person, rules, actor)
    mode, reason = home_benefits(f, date(2024, 2, 1), book.for_region("211200"))
    assert mode == "two_way" and "三(六)" in str(reason.clause)


def test_seed004_一二_temporary_filers_never_get_two_way(person, rules, actor, book):
    p = person("211200")
    f, _ = create_filing(
        p,
        NewFiling(Category.TEMPORARY, "110100", temporary_reason=TRAVEL),
        actor(Channel.SELF_SERVICE),
        ON,
        rules("211200"),
    )
    assert home_benefits(f, ON, book.for_region("211200"))[0] == "suspended"


def test_admission_inside_a_province_wide_filing_is_covered(person, rules, actor):
    p = person("219900")
    f, _ = create_filing(
        p,
        NewFiling(Category.TEMPORARY, "320000", temporary_reason=TRAVEL),
        actor(Channel.SELF_SERVICE),
        ON,
        rules("219900"),
    )
    req = NewFiling(
        Category.TEMPORARY, "320500", temporary_reason=TemporaryReason.OTHER, admitted_on=date(2026, 2, 1)
    )
    same, changes = admission.admit(p, req, actor(Channel.HOSPITAL_ADMISSION), rules("219900"))
    assert same is f and changes == []


def test_seed000_二二_and_二一_guided_operation_after_admission_backdates_and_leaves_no_gap(
    person, rules, actor
):
    p, f = long_term(person, rules, actor)
    req = NewFiling(Category.TEMPORARY, "310100", temporary_reason=TRAVEL, admitted_on=date(2026, 3, 1))
    temp, _ = admission.third_city_admission(
        p, f.id, req, actor(Channel.SELF_SERVICE), date(2026, 3, 3), rules("211200")
    )
    assert temp.start_date == date(2026, 2, 28)
    assert f.ended_on == date(2026, 2, 28)  # long-term cover stops the day before the temporary starts


def test_a_refused_guided_operation_leaves_the_long_term_filing_untouched(person, rules, actor):
    p, f = long_term(person, rules, actor)
    req = NewFiling(
        Category.TEMPORARY, "310100", temporary_reason=TRAVEL, admitted_on=date(2026, 3, 1),
        form={"phone": "1", "signed_by": "x"},
    )  # fmt: skip
    with pytest.raises(FilingRefused) as exc:
        admission.third_city_admission(
            p, f.id, req, actor(Channel.COUNTER), date(2026, 3, 3), rules("211200")
        )
    assert exc.value.code == "BACKDATE_NOT_ALLOWED"
    assert f.status is FilingStatus.ACTIVE and f.ended_on is None


def test_longer_proof_may_not_stretch_a_filing_over_a_later_one(person, rules, actor):
    p = person("211200")
    permit = MaterialIn(K.RESIDENCE_PERMIT, "JZZ", date(2026, 12, 31))
    f, _ = create_filing(
        p,
        NewFiling(Category.LONG_TERM_RESIDENT, "110100", materials=(permit,)),
        actor(Channel.SELF_SERVICE),
        ON,
        rules("211200"),
    )
    create_filing(
        p, NewFiling(Category.TEMPORARY, "310100", temporary_reason=TRAVEL, start_date=date(2027, 1, 5)),
        actor(Channel.SELF_SERVICE), ON, rules("211200"),
    )  # fmt: skip
    longer = (MaterialIn(K.RESIDENCE_PERMIT, "JZZ2", date(2028, 12, 31)),)
    with pytest.raises(FilingRefused) as exc:
        lifecycle.supply_materials(p, f.id, longer, date(2026, 6, 1), rules("211200"))
    assert exc.value.code == "OVERLAPPING_FILING"
    assert f.end_date == date(2026, 12, 31) and len(f.materials) == 2  # untouched
