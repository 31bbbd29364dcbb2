"""Filing use cases on the in-memory unit of work: idempotent retries, the commitment-deadline
job, third-city admission and resumption, not-found answers. What these depend on in storage —
the person lock, the mapping, append-only history — is checked on real databases in
``tests/integration/filing/test_filing_db.py``."""

from __future__ import annotations

from datetime import date

import pytest
from tests.filing_setup import CITIZEN, STAFF, SYSTEM, register

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.errors import FilingRefused, NotFound, YidiError
from yidi.domain.filing.categories import Category, TemporaryReason
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import MaterialKind
from yidi.service_layer import filing_services as fs
from yidi.service_layer import queries as q


def test_retry_with_the_same_request_id_is_idempotent(uow, new_id_number):
    idn = new_id_number()
    register(uow, idn)
    req = NewFiling(Category.TEMPORARY, "110100", temporary_reason=TemporaryReason.TRAVEL)
    first = fs.file(uow, CITIZEN, idn, req, request_id="abc-1")
    again = fs.file(uow, CITIZEN, idn, req, request_id="abc-1")
    assert again["replayed"] is True and again["filing"] == first["filing"]
    assert len(q.list_filings(uow, idn)) == 1


def test_commitment_deadline_job_end_to_end(uow, clock, new_id_number):
    idn = new_id_number()
    register(uow, idn)
    res = fs.file(uow, CITIZEN, idn, NewFiling(Category.LONG_TERM_RETIREE, "110100"))
    fid = str(res["filing"]["id"])  # type: ignore[index]
    fs.record_settlement(uow, SYSTEM, fid, "SET-77", date(2026, 2, 1), 88_800)
    fs.record_settlement(uow, SYSTEM, fid, "SET-77", date(2026, 2, 1), 88_800)  # retried by the caller
    clock.today = date(2026, 6, 12)
    out = fs.run_deadlines(uow, SYSTEM)
    assert len(out["commitment_reminder"]) == 1  # type: ignore[arg-type]
    clock.today = date(2026, 7, 11)
    out = fs.run_deadlines(uow, SYSTEM)
    assert [r["filing_id"] for r in out["revoke"]] == [fid]  # type: ignore[union-attr]
    due = q.clawback_due(uow, idn)
    assert due["clawback_due_fen"] == 88_800 and due["credit_default"] is True
    assert q.get_person(uow, idn)["credit_default_on"] == "2026-07-11"
    with pytest.raises(YidiError) as suspended:  # no filing during the suspension (seed 001 三(二).3)
        fs.file(uow, CITIZEN, idn, NewFiling(Category.LONG_TERM_RETIREE, "120100"))
    assert suspended.value.code == "DIRECT_SETTLEMENT_SUSPENDED"
    clock.today = date(2027, 7, 11)  # after it: still no commitment
    with pytest.raises(FilingRefused) as exc:
        fs.file(uow, CITIZEN, idn, NewFiling(Category.LONG_TERM_RETIREE, "120100"))
    assert exc.value.code == "COMMITMENT_BLOCKED"
    fs.mark_clawback_recovered(uow, SYSTEM, idn, "SET-77")
    assert q.clawback_due(uow, idn)["clawback_due_fen"] == 0


def test_third_city_and_resume_through_services(uow, clock, new_id_number):
    idn = new_id_number()
    register(uow, idn)
    lt = fs.file(
        uow,
        CITIZEN,
        idn,
        NewFiling(Category.LONG_TERM_RETIREE, "110100", materials=(MaterialIn(MaterialKind.HUKOU),)),
    )
    hospital = Actor("H31010100001", Role.HOSPITAL, Channel.HOSPITAL_ADMISSION)
    clock.today = date(2026, 3, 1)
    adm = fs.admit(
        uow,
        hospital,
        idn,
        NewFiling(
            Category.TEMPORARY, "310100", temporary_reason=TemporaryReason.OTHER, admitted_on=date(2026, 3, 1)
        ),
    )
    temp_id = str(adm["filing"]["id"])  # type: ignore[index]
    assert q.get_filing(uow, str(lt["filing"]["id"]))["status"] == "cancelled"  # type: ignore[index]
    fs.complete(uow, hospital, temp_id, date(2026, 3, 9))
    clock.today = date(2026, 3, 10)
    again = fs.resume_long_term(uow, CITIZEN, temp_id)
    assert again["filing"]["treatment_region"] == "110100"  # type: ignore[index]
    e = q.eligibility(uow, idn, date(2026, 3, 11), region="110100")
    assert e["covered"] and e["filing_id"] == again["filing"]["id"]  # type: ignore[index]


def test_unknown_person_and_filing_are_not_found(uow, new_id_number):
    with pytest.raises(NotFound):
        q.get_person(uow, new_id_number())
    with pytest.raises(NotFound):
        fs.cancel(uow, STAFF, "nope")
