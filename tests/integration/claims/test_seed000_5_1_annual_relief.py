"""Seed 000 五(一): inpatient costs without a card that do not meet the emergency criteria follow
"省直医保非直接结算住院医疗费用年度救助政策" — an annual policy: the ratio (A-CLM-02, 50 %) per claim,
aggregated over the person-year against an annual cap (A-CLM-07, 50 000 yuan). A later relief
claim of the same year pays only what remains; a new year starts again."""

from __future__ import annotations

from claims_setup import CHIEF, CLERK, INPATIENT, bill, person

from yidi.service_layer import claims_services as cs


def _paid(uow, idn: str, **kw: str) -> dict:  # type: ignore[no-untyped-def, type-arg]
    cid = cs.submit_claim(uow, CLERK, idn, claim_type="inpatient_relief", bill=bill(**kw), materials=INPATIENT)["id"]
    cs.accept_claim(uow, CLERK, cid)
    cs.review_claim(uow, CLERK, cid)
    cs.approve_claim(uow, CHIEF, cid)
    return cs.pay_claim(uow, CHIEF, cid)


def test_the_annual_relief_is_capped_over_the_person_year(uow, new_id_number) -> None:
    idn = person(uow, new_id_number())
    first = _paid(uow, idn, inscp="100000.00", care_start="2026-01-02", care_end="2026-01-08")
    assert first["paid"] == "49250.00"  # (100 000 − 1 500) × 50 %
    second = _paid(uow, idn, inscp="20000.00", care_start="2026-03-02", care_end="2026-03-08")
    assert second["paid"] == "750.00"  # 9 250 by the ratio, 750 left of the 50 000 cap
    item = next(e for e in second["settlement"]["explanation"] if e["field"] == "annual_relief")
    assert item["values"] == {"annual_cap": "50000.00", "paid_this_year": "49250.00"}
    assert "年度限额" in item["rule"] and item["assumption_id"] == "A-CLM-07"
    with uow:  # the year's pooled-fund use counts what was paid, not what the cap withheld
        assert uow.hospital.ytd(idn, 2026)["hifp_pay"] == 4_925_000 + 75_000
    third = _paid(uow, idn, inscp="20000.00", care_start="2027-01-04", care_end="2027-01-08")
    assert third["paid"] == "9250.00"  # a new year
