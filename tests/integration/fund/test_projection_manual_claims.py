"""Seed 004 二 (各市相关政策调整须做好基金测算) and issue 18 §4: the projection re-prices the months'
claims with the one kernel — the paid manual claims (手工报销) as well as the direct settlements.
On the demo: with no overlay a paid claim is reproduced to the fen and counted in the totals; a
reform's overlay moves it (the claim type's own overlay still applies on top); a claim paid
before its year-to-date amounts were kept is reported as not reproduced."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, text
from tests.integration.claims.claims_setup import CHIEF, CLERK, INPATIENT, bill, person
from tests.integration.databases import DEMO

from yidi.domain.settlement.policy import RegionPolicy
from yidi.policy.loader import load_region
from yidi.policy.overlay import apply_overlay
from yidi.service_layer import claims_services as cs
from yidi.service_layer import fund_projection as fp

REGION = "219900"  # 省直: the annual relief (非直接结算住院) is its claim type


@pytest.fixture
def database_template() -> str:
    return DEMO


def _year(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("select min(year) from hospital_settlements")).scalar_one())


def _paid_relief(uow, idn: str, year: int) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    raw = bill(inscp="20000.00", care_start=f"{year}-03-02", care_end=f"{year}-03-08")
    cid = cs.submit_claim(uow, CLERK, idn, claim_type="inpatient_relief", bill=raw, materials=INPATIENT)["id"]
    cs.accept_claim(uow, CLERK, cid)
    cs.review_claim(uow, CLERK, cid)
    cs.approve_claim(uow, CHIEF, cid)
    return cs.pay_claim(uow, CHIEF, cid)


def _reform(year: int, ratio: str) -> dict[str, RegionPolicy]:
    overlay = {
        "major_ratio": [{"value": ratio, "from": f"{year}-01-01", "source": "测算方案", "assumption": True}]
    }
    return {REGION: apply_overlay(load_region(REGION), overlay, name="测算")}


def test_paid_manual_claims_are_re_priced_and_reproduced(uow_factory, engine: Engine, new_id_number) -> None:  # type: ignore[no-untyped-def]
    year = _year(engine)
    w = fp.window(f"{year}-01", f"{year}-12")
    before = fp.run(uow_factory(), REGION, w)
    idn = person(uow_factory(), new_id_number(), region=REGION)
    paid = _paid_relief(uow_factory(), idn, year)
    assert paid["settlement"]["ytd"] is not None  # the pricer keeps what it priced with

    after = fp.run(uow_factory(), REGION, w)
    assert after.unreproduced == []
    assert after.projection.baseline.claims == before.projection.baseline.claims + 1
    added = (
        after.projection.baseline.amounts["fund_pay_sumamt"]
        - before.projection.baseline.amounts["fund_pay_sumamt"]
    )
    assert added == 925_000  # (20 000 − 1 500 deductible) × 50 % relief ratio: the amount paid
    assert paid["paid"] == "9250.00"
    assert after.projection.delta.amounts == dict.fromkeys(after.projection.delta.amounts, 0)

    # a reform of the region's major-expense ratio leaves the relief alone: its own overlay says 0
    reform = fp.run(uow_factory(), REGION, w, _reform(year, "0.95"))
    with uow_factory() as uow:
        claim = uow.claims.find(person=idn)[0]
    manual = [r for r in reform.unreproduced if r == f"claim:{claim.id}"]
    assert manual == [] and reform.projection.baseline == after.projection.baseline

    # a claim whose recorded amounts the re-price does not return is reported, not hidden
    with uow_factory() as uow:
        uow.session.execute(  # type: ignore[attr-defined]
            text("update claims set amt_hifp_pay = amt_hifp_pay + 1 where id = :i"), {"i": claim.id}
        )
        uow.commit()
    assert fp.run(uow_factory(), REGION, w).unreproduced == [f"claim:{claim.id}"]


def test_a_reform_moves_a_paid_manual_claim(uow_factory, engine: Engine, new_id_number) -> None:  # type: ignore[no-untyped-def]
    year = _year(engine)
    w = fp.window(f"{year}-01", f"{year}-12")
    idn = person(uow_factory(), new_id_number(), region=REGION)
    _paid_relief(uow_factory(), idn, year)
    baseline = fp.run(uow_factory(), REGION, w).projection
    overlay = {
        "deductible": [{"value": 0, "from": f"{year}-01-01", "source": "测算方案", "assumption": True}]
    }
    reform = fp.run(
        uow_factory(), REGION, w, {REGION: apply_overlay(load_region(REGION), overlay, name="测算")}
    )
    assert reform.unreproduced == []
    # the claim's deductible (1 500) is gone under the reform: 750 more from the fund for it
    with uow_factory() as uow:
        psn_no = uow.persons.get(idn).psn_no  # the person's platform number, as settlements carry it
    burden = reform.projection.burden
    mine = [m for m in burden.most_affected if m.psn_no == psn_no] if burden else []
    assert (
        reform.projection.delta.claims == 0 and reform.projection.baseline.claims == baseline.baseline.claims
    )
    assert mine and mine[0].reform - mine[0].baseline == -75_000
