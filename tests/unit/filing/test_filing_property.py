"""Property: no sequence of operations leaves two overlapping filings in force for one person."""

from __future__ import annotations

from datetime import date, timedelta

from filing_fixtures import make_actor, make_person
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yidi.domain.actors import Channel
from yidi.domain.errors import YidiError
from yidi.domain.filing import admission, lifecycle
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import MaterialIn, NewFiling, create_filing
from yidi.domain.filing.materials import MaterialKind as K
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.filing.validity import window
from yidi.policy.filing import packaged_rule_book

PLACES = ["110100", "310100", "210200", "440000", "210300"]
CATEGORIES = [Category.TEMPORARY, Category.LONG_TERM_RETIREE, Category.EMERGENCY, Category.REFERRAL]
START = date(2024, 10, 1)  # before and after the 2025 rules

op = st.one_of(
    st.tuples(
        st.just("create"),
        st.sampled_from(CATEGORIES),
        st.sampled_from(PLACES),
        st.integers(0, 200),
        st.booleans(),
    ),
    st.tuples(st.just("admit"), st.sampled_from(PLACES), st.booleans()),
    st.tuples(st.just("cancel"), st.integers(0, 9)),
    st.tuples(st.just("change"), st.integers(0, 9), st.sampled_from(PLACES)),
    st.tuples(st.just("supply"), st.integers(0, 9)),
    st.tuples(st.just("complete"), st.integers(0, 9), st.integers(0, 30)),
    st.tuples(st.just("third_city"), st.integers(0, 9), st.sampled_from(PLACES)),
    st.tuples(st.just("resume"), st.integers(0, 9)),
    st.tuples(st.just("advance"), st.integers(1, 120)),
)


def apply(person: InsuredPerson, today: date, step: tuple) -> date:  # type: ignore[type-arg]
    rules = packaged_rule_book().for_region(person.insured_region)
    pick = lambda i: person.filings[i % len(person.filings)].id if person.filings else "none"  # noqa: E731
    # aim the guided operations at filings they can apply to, so they are exercised, not just refused
    long_terms = [f.id for f in person.filings if f.long_term and f.in_force]
    interrupted = [f.id for f in person.filings if f.linked_filing_id and not f.long_term]
    kind = step[0]
    if kind == "advance":
        today += timedelta(days=step[1])
        lifecycle.run_deadlines(person, today, rules)
        return today
    before = ([f.snapshot() for f in person.filings], person.credit_default_on)
    try:
        if kind == "create":
            _, cat, place, ahead, proof = step
            channel = {
                Category.EMERGENCY: Channel.EMERGENCY_FLAG,
                Category.REFERRAL: Channel.REFERRAL_AGENCY,
            }.get(cat, Channel.SELF_SERVICE)
            mats = (MaterialIn(K.HUKOU), MaterialIn(K.DIAGNOSIS_RECORD)) if proof else ()
            req = NewFiling(
                cat, place, temporary_reason=TemporaryReason.TRAVEL if cat is Category.TEMPORARY else None,
                start_date=today + timedelta(days=ahead) if channel is Channel.SELF_SERVICE else None,
                admitted_on=today if channel is Channel.EMERGENCY_FLAG else None, materials=mats,
            )  # fmt: skip
            create_filing(person, req, make_actor(channel), today, rules)
        elif kind == "admit":
            req = NewFiling(
                Category.TEMPORARY, step[1], temporary_reason=TemporaryReason.OTHER, admitted_on=today
            )
            admission.admit(person, req, make_actor(Channel.HOSPITAL_ADMISSION), rules)
        elif kind == "cancel":
            lifecycle.cancel(person, pick(step[1]), today, rules)
        elif kind == "change":
            lifecycle.change(
                person,
                (long_terms or [pick(step[1])])[step[1] % max(1, len(long_terms))],
                today,
                rules,
                treatment_region=step[2],
                items=(MaterialIn(K.HUKOU),),
            )
        elif kind == "supply":
            lifecycle.supply_materials(person, pick(step[1]), (MaterialIn(K.HUKOU),), today, rules)
        elif kind == "complete":
            temps = [f.id for f in person.filings if f.in_force and not f.long_term] or ["none"]
            lifecycle.complete(person, temps[step[1] % len(temps)], today + timedelta(days=step[2]))
        elif kind == "third_city":
            req = NewFiling(
                Category.TEMPORARY, step[2], temporary_reason=TemporaryReason.OTHER, admitted_on=today
            )
            admission.third_city_admission(
                person,
                (long_terms or [pick(step[1])])[step[1] % max(1, len(long_terms))],
                req,
                make_actor(Channel.SELF_SERVICE),
                today,
                rules,
            )
        elif kind == "resume":
            admission.resume_long_term(
                person, interrupted[step[1] % len(interrupted)] if interrupted else "none", today
            )
    except YidiError:
        # a refusal leaves the person exactly as it was (all or nothing)
        assert ([f.snapshot() for f in person.filings], person.credit_default_on) == before
    return today


def assert_no_overlap(person: InsuredPerson) -> None:
    live = [f for f in person.filings if f.in_force]
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            assert not a.overlaps(b.start_date, b.end_date), (a.snapshot(), b.snapshot())
    # and no two filings cover the same day at all (cancelled/completed windows included)
    spans = [w for f in person.filings if (w := window(f)) is not None and f.in_force]
    assert len(spans) == len(live)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["219900", "211200"]), st.lists(op, min_size=1, max_size=25))
def test_no_sequence_of_operations_yields_two_overlapping_filings_in_force(region, steps):
    person = make_person(region)
    today = START
    for step in steps:
        today = apply(person, today, step)
        assert_no_overlap(person)
