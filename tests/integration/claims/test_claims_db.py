"""Claims through the services on a real database (SQLite; PostgreSQL when configured):
each claim type end to end, history, single return, commitment hold with a real filing,
claw-back from a broken commitment, year-to-date accumulators, overdue, migration."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from claims_setup import (
    CHIEF,
    CITIZEN,
    CLERK,
    INPATIENT,
    OUTPATIENT,
    SHOCK,
    SYSTEM,
    bill,
    long_term_filing,
    person,
    temporary_filing,
)
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from yidi.adapters.migrate import alembic_config, current_revision
from yidi.adapters.orm import metadata
from yidi.adapters.orm_claims import claim_history, claims
from yidi.adapters.orm_hospital import ytd_accumulators
from yidi.domain.claims import ClaimRefused
from yidi.domain.filing.creation import MaterialIn
from yidi.domain.filing.materials import MaterialKind
from yidi.service_layer import claims_services as cs
from yidi.service_layer import filing_services as fs
from yidi.service_layer import queries as q


def _through(uow, cid: str, **review) -> dict:  # type: ignore[no-untyped-def, type-arg]
    cs.accept_claim(uow, CLERK, cid)
    cs.review_claim(uow, CLERK, cid, **review)
    cs.approve_claim(uow, CHIEF, cid)
    return cs.pay_claim(uow, CHIEF, cid)


def _about(diff: object, tables: set[str]) -> bool:
    """Whether an autogenerate diff (a tuple, or a list of tuples) concerns one of ``tables``."""
    items = diff if isinstance(diff, tuple) else diff[0]  # type: ignore[index]
    for part in items:
        if isinstance(part, str):
            if part in tables:
                return True
            continue
        table = getattr(part, "table", None)
        if getattr(part, "name", None) in tables or getattr(table, "name", None) in tables:
            return True
    return False


def test_the_migrations_build_exactly_the_mapped_claims_schema(engine) -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert current_revision(engine) == script.get_current_head()
    assert "0200_claims" in {r.revision for r in script.walk_revisions()}
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert [d for d in diffs if _about(d, {"claims", "claim_history"})] == []


def test_inpatient_emergency_end_to_end_with_history_and_accumulators(engine, uow, new_id_number) -> None:
    idn = person(uow, new_id_number())
    out = cs.submit_claim(
        uow, CLERK, idn, claim_type="inpatient_emergency", bill=bill(), evidence=SHOCK, materials=INPATIENT
    )
    cid = out["id"]
    assert out["status"] == "submitted" and "一次性告知" in out["receipt"]["text_zh"]
    paid = _through(uow, cid)
    assert paid["status"] == "paid" and paid["paid"] == "6375.00" and paid["promised_on"] == "2026-02-06"
    assert paid["settlement"]["explanation"][0]["clause"] == "辽医保中心发〔2021〕45号 五(一)"
    history = cs.claim_history(uow, cid)
    assert [(h["action"], h["from"], h["to"], h["actor"]) for h in history] == [
        ("submit", None, "submitted", "staff:li"), ("accept", "submitted", "accepted", "staff:li"),
        ("review", "accepted", "reviewed", "staff:li"), ("approve", "reviewed", "approved", "staff:zhao"),
        ("pay", "approved", "paid", "staff:zhao"),
    ]  # fmt: skip
    with engine.connect() as conn:
        row = conn.execute(select(claims.c.amt_hifp_pay, claims.c.paid_fen).where(claims.c.id == cid)).one()
        assert row == (637_500, 637_500) and all(isinstance(v, int) for v in row)
        ytd = (
            conn.execute(select(ytd_accumulators).where(ytd_accumulators.c.id_number == idn)).mappings().one()
        )
        assert ytd["year"] == 2026 and ytd["hifp_pay"] == 637_500 and ytd["act_pay_dedc"] == 150_000
    # a second claim of the same year is priced with the first one's year-to-date amounts
    second = cs.submit_claim(
        uow,
        CLERK,
        idn,
        claim_type="inpatient_relief",
        bill=bill(care_start="2026-01-20", care_end="2026-01-25"),
        materials=INPATIENT,
    )
    reviewed = (_through(uow, second["id"]))["settlement"]["explanation"]
    hifp = next(e for e in reviewed if e["field"] == "hifp_pay")
    assert hifp["values"]["ytd_hifp_pay"] == "6375.00"


def test_history_is_append_only(engine, uow, new_id_number) -> None:
    idn = person(uow, new_id_number())
    cs.submit_claim(uow, CLERK, idn, claim_type="inpatient_relief", bill=bill(), materials=INPATIENT)
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(text("UPDATE claim_history SET reason = 'x'"))
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(claim_history.delete())


def test_the_single_return_is_persisted_and_enforced(uow, new_id_number) -> None:
    idn = person(uow, new_id_number())
    cid = cs.submit_claim(
        uow, CITIZEN, idn, claim_type="inpatient_relief", bill=bill(), materials=["medical_receipts"]
    )["id"]
    with pytest.raises(ClaimRefused) as exc:
        cs.accept_claim(uow, CLERK, cid)
    assert exc.value.code == "MATERIALS_MISSING"
    returned = cs.return_claim(uow, CLERK, cid, note="请一次补齐")
    assert returned["return_notice"] == ["inpatient_record_original", "fee_details", "card_or_id_copy"]
    cs.resubmit_claim(uow, CITIZEN, cid, ["inpatient_record_original", "fee_details"])
    with pytest.raises(ClaimRefused) as exc:
        cs.return_claim(uow, CLERK, cid)
    assert exc.value.code == "RETURN_ALREADY_USED"
    rejected = cs.reject_claim(
        uow, CLERK, cid, reason_zh="告知材料未补齐", clause="异地就医结算问题清单 三(一)"
    )
    assert rejected["status"] == "rejected" and rejected["returns"] == 1


def test_a_claim_under_a_commitment_filing_is_paid_once_the_filing_is_complete(
    uow, clock, new_id_number
) -> None:
    idn = person(uow, new_id_number())
    f = long_term_filing(uow, idn, chronic_hospital="H11010100001")
    assert f["status"] == "pending_commitment"
    cid = cs.submit_claim(
        uow, CLERK, idn, claim_type="chronic_outpatient", bill=bill("800.00", hospital_code="H11010100001", care_start="2026-01-10", care_end="2026-01-10"),
        materials=OUTPATIENT,
    )["id"]  # fmt: skip
    accepted = cs.accept_claim(uow, CLERK, cid)
    assert (
        accepted["held"]
        and accepted["promised_on"] is None
        and "审核结算拨付" in accepted["receipt"]["text_zh"]
    )
    with pytest.raises(ClaimRefused) as exc:
        cs.review_claim(uow, CLERK, cid)
    assert exc.value.code == "COMMITMENT_PENDING"
    assert cs.release_holds(uow, SYSTEM)["released"] == []
    clock.today = date(2026, 2, 2)
    fs.supply_materials(
        uow, CITIZEN, f["id"], (MaterialIn(MaterialKind.RESIDENCE_PERMIT, "JZZ-1", date(2028, 1, 1)),)
    )
    assert cs.release_holds(uow, SYSTEM)["released"] == [cid]
    paid = _through_reviewed(uow, cid)
    assert paid["status"] == "paid" and paid["paid"] == "712.00"  # 800 × 89%, no deductible (assumed)
    assert (
        paid["promised_on"] == "2026-03-06"
    )  # 20 working days from 02-02 across 春节 2026 (02-14, 02-28 调休)


def _through_reviewed(uow, cid: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    cs.review_claim(uow, CLERK, cid)
    cs.approve_claim(uow, CHIEF, cid)
    return cs.pay_claim(uow, CHIEF, cid)


def test_a_broken_commitment_is_deducted_from_the_next_claim(uow, clock, new_id_number) -> None:
    idn = person(uow, new_id_number())
    f = long_term_filing(uow, idn)
    fs.record_settlement(
        uow, SYSTEM, f["id"], settlement_id="S-1", settled_on=date(2026, 1, 20), benefit_difference_fen=50_000
    )
    clock.today = date(2026, 7, 20)
    fs.run_deadlines(uow, SYSTEM)
    assert q.get_person(uow, idn)["credit_default_on"] == "2026-07-20"
    cid = cs.submit_claim(
        uow, CLERK, idn, claim_type="inpatient_emergency", evidence=SHOCK, materials=INPATIENT,
        bill=bill(care_start="2026-07-01", care_end="2026-07-10"),
    )["id"]  # fmt: skip
    paid = _through(uow, cid)
    assert paid["paid"] == "5875.00" and paid["deducted"] == "500.00"
    assert q.clawback_due(uow, idn)["clawback_due_fen"] == 0
    actions = [h["action"] for h in q.person_history(uow, idn)]
    assert "clawback_recovered" in actions


def test_the_account_refund_in_january(uow, clock, new_id_number) -> None:
    idn = person(uow, new_id_number())
    clock.today = date(2025, 3, 1)
    temporary_filing(uow, idn)
    clock.today = date(2026, 1, 12)
    cid = cs.submit_claim(
        uow,
        CLERK,
        idn,
        claim_type="account_refund",
        refund_year=2025,
        materials=["social_security_card", "filing_form"],
    )["id"]
    paid = _through(uow, cid, refund_fen=88_800)
    assert paid["paid"] == "888.00" and paid["bill"] is None


def test_overdue_claims_are_listed(uow, clock, new_id_number) -> None:
    idn = person(uow, new_id_number())
    cid = cs.submit_claim(uow, CLERK, idn, claim_type="inpatient_relief", bill=bill(), materials=INPATIENT)[
        "id"
    ]
    cs.accept_claim(uow, CLERK, cid)
    clock.today = date(2026, 3, 2)
    listed = cs.overdue_claims(uow)
    assert cid in [c["claim_id"] for c in listed["claims"]]
    assert cs.list_claims(uow, status="accepted", id_number=idn)[0]["id"] == cid


def test_unknown_claims_and_persons(uow) -> None:
    from yidi.domain.errors import NotFound

    with pytest.raises(NotFound):
        cs.get_claim(uow, "nope")
    with pytest.raises(NotFound):
        cs.accept_claim(uow, CLERK, "nope")
    with pytest.raises(NotFound):
        cs.submit_claim(uow, CLERK, "210102197001010012", claim_type="inpatient_relief", bill=bill())


def test_no_double_payment(engine, uow, new_id_number) -> None:
    from claims_setup import settled_directly

    idn = person(uow, new_id_number())
    cs.submit_claim(uow, CLERK, idn, claim_type="inpatient_relief", bill=bill(), materials=INPATIENT)
    with pytest.raises(ClaimRefused) as exc:
        cs.submit_claim(uow, CLERK, idn, claim_type="inpatient_emergency", bill=bill(), evidence=SHOCK)
    assert exc.value.code == "DUPLICATE_CLAIM"
    settled_directly(engine, idn, "2026-02-01", "2026-02-05")
    stay = bill(care_start="2026-02-04", care_end="2026-02-09")
    with pytest.raises(ClaimRefused) as exc:
        cs.submit_claim(uow, CLERK, idn, claim_type="inpatient_relief", bill=stay)
    assert exc.value.code == "ALREADY_SETTLED_DIRECTLY"
    later = bill(care_start="2026-02-06", care_end="2026-02-09")
    assert (
        cs.submit_claim(uow, CLERK, idn, claim_type="inpatient_relief", bill=later)["status"] == "submitted"
    )
    # a year with a direct inpatient settlement gets no personal-account refund (seed 002 第二十二条)
    uow.clock.today = date(2025, 3, 1)
    temporary_filing(uow, idn)
    settled_directly(engine, idn, "2025-05-01", "2025-05-03", year=2025)
    uow.clock.today = date(2026, 1, 12)
    with pytest.raises(ClaimRefused) as exc:
        cs.submit_claim(uow, CLERK, idn, claim_type="account_refund", refund_year=2025)
    assert exc.value.reason.rule_id == "claims.requires.no_direct_inpatient"
