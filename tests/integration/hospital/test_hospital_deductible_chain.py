"""起付线连续计算 (seed 001 四.3): a person in an assistance group, referred within the province,
does not pay the deductible again for the next stay of the same referral chain and is settled at
铁岭's local standard (执行我市同等待遇政策); anyone else pays the referral deductible each time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hospital_flow import admission, fees, settle_data, total
from sqlalchemy import select
from tests.integration.hospital.test_hospital_referral import refmedin, tieling

from yidi.adapters.orm_hospital import settlements


def two_stays(hospital, home, idn, clock):
    clock.today = date(2026, 1, 4)
    home.ok("2501", refmedin(idn))
    clock.today = date(2026, 1, 10)
    hospital.insuplc = "211200"
    out = []
    for k in (1, 2):
        mdtrt_id = hospital.ok("2401", admission(idn, ipt_no=f"ZZ{idn[-6:]}{k}", med_type="23"))["output"]["result"]["mdtrt_id"]  # fmt: skip
        body = fees(idn, mdtrt_id)
        hospital.ok("2301", body)
        out.append(hospital.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]["setlinfo"])
    return out


def fen(text: str) -> int:
    return int(Decimal(text) * 100)


def test_assistance_group_continues_the_deductible_in_the_chain(hospital, person, huow_factory, clock):
    home = tieling(huow_factory)
    helped = person(assistance_group="subsistence")
    plain = person()
    h1, h2 = two_stays(hospital, home, helped, clock)
    p1, p2 = two_stays(hospital, home, plain, clock)
    # 执行我市同等待遇政策: the group pays 铁岭's local 三级 deductible (700, A-SET-04) in full on the
    # first stay; everyone else is referred to 沈阳 and settles under 省直 rules (四.1: 1 500)
    assert (fen(h1["act_pay_dedc"]), fen(p1["act_pay_dedc"])) == (70_000, 150_000)
    assert fen(p2["act_pay_dedc"]) == fen(p1["act_pay_dedc"])  # per admission, again for everyone else
    assert fen(h2["act_pay_dedc"]) == max(70_000 - fen(h1["act_pay_dedc"]), 0)  # the chain's credit
    assert fen(h2["fund_pay_sumamt"]) > fen(p2["fund_pay_sumamt"])
    with huow_factory() as uow:
        stored = dict(
            uow.session.execute(
                select(settlements.c.setl_id, settlements.c.dedc_paid_in_chain).where(
                    settlements.c.setl_id.in_([h1["setl_id"], h2["setl_id"], p2["setl_id"]])
                )
            ).all()
        )
    assert stored == {h1["setl_id"]: 0, h2["setl_id"]: fen(h1["act_pay_dedc"]), p2["setl_id"]: 0}


def test_a_reversed_settlement_leaves_the_chain(hospital, person, huow_factory, clock):
    home = tieling(huow_factory)
    helped = person(assistance_group="destitute")
    h1, h2 = two_stays(hospital, home, helped, clock)
    with huow_factory() as uow:
        visit = uow.hospital.visit(h1["mdtrt_id"])
        assert uow.hospital.deductible_paid_under(helped, visit.filing_id) == fen(h1["act_pay_dedc"]) + fen(h2["act_pay_dedc"])  # fmt: skip
    hospital.ok("2305", {"data": {"mdtrt_id": h1["mdtrt_id"], "setl_id": h1["setl_id"], "psn_no": helped}})
    with huow_factory() as uow:
        assert uow.hospital.deductible_paid_under(helped, visit.filing_id) == fen(h2["act_pay_dedc"])


def test_unknown_assistance_group_is_refused(person):
    import pytest

    from yidi.domain.errors import InvalidInput

    with pytest.raises(InvalidInput):
        person(assistance_group="poor")
