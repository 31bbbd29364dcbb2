"""The no-overlap property through the service layer and the database: after any sequence of
use cases, the stored filings of a person never overlap while in force."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.errors import YidiError
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import MaterialKind
from yidi.service_layer import filing_services as fs
from yidi.service_layer import queries as q
from yidi.service_layer.person_services import register_person

CITIZEN = Actor("me", Role.CITIZEN, Channel.SELF_SERVICE)
HOSPITAL = Actor("H00000000001", Role.HOSPITAL, Channel.HOSPITAL_ADMISSION)
SYSTEM = Actor("job", Role.SYSTEM, Channel.SYSTEM)
PLACES = ["110100", "310100", "440000"]

step = st.one_of(
    st.tuples(st.just("temporary"), st.sampled_from(PLACES), st.integers(0, 60)),
    st.tuples(st.just("long_term"), st.sampled_from(PLACES), st.booleans()),
    st.tuples(st.just("admit"), st.sampled_from(PLACES)),
    st.tuples(st.just("cancel"), st.integers(0, 5)),
    st.tuples(st.just("advance"), st.integers(1, 200)),
)


def overlapping(filings: list[dict[str, object]]) -> bool:
    live = [f for f in filings if f["status"] in ("active", "pending_commitment")]
    far = "9999-12-31"
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            if str(a["start_date"]) <= str(b["end_date"] or far) and str(b["start_date"]) <= str(
                a["end_date"] or far
            ):
                return True
    return False


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(step, min_size=1, max_size=10))
def test_stored_filings_never_overlap(uow_factory, clock, new_id_number, steps):  # type: ignore[no-untyped-def]
    clock.today = date(2026, 1, 10)
    idn = new_id_number()
    register_person(
        uow_factory(),
        SYSTEM,
        id_number=idn,
        name="性质",
        insutype="310",
        psn_type="12",
        insured_region="211200",
    )
    for s in steps:
        try:
            if s[0] == "temporary":
                req = NewFiling(Category.TEMPORARY, s[1], temporary_reason=TemporaryReason.TRAVEL,
                                start_date=clock.today + timedelta(days=s[2]))  # fmt: skip
                fs.file(uow_factory(), CITIZEN, idn, req)
            elif s[0] == "long_term":
                mats = (MaterialIn(MaterialKind.HUKOU),) if s[2] else ()
                fs.file(
                    uow_factory(), CITIZEN, idn, NewFiling(Category.LONG_TERM_RETIREE, s[1], materials=mats)
                )
            elif s[0] == "admit":
                req = NewFiling(
                    Category.TEMPORARY, s[1], temporary_reason=TemporaryReason.OTHER, admitted_on=clock.today
                )
                fs.admit(uow_factory(), HOSPITAL, idn, req)
            elif s[0] == "cancel":
                filings = q.list_filings(uow_factory(), idn)
                if filings:
                    fs.cancel(uow_factory(), CITIZEN, str(filings[s[1] % len(filings)]["id"]))
            else:
                clock.today += timedelta(days=s[1])
                fs.run_deadlines(uow_factory(), SYSTEM)
        except YidiError:
            pass
        assert not overlapping(q.list_filings(uow_factory(), idn))
