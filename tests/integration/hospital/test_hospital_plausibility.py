"""Accepted no longer: times beyond now + the tolerance, and one person admitted twice at once."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hospital_flow import admission, discharge, fee_line, fees, settle_data, total
from hospital_his import His
from tests.integration.hospital.conftest import add_hospital

from yidi.domain.national import plausibility


def err(resp):
    assert resp["infcode"] == -1, resp
    return resp["err_msg"]


def platform_now(clock) -> datetime:
    return datetime.combine(clock.today, datetime.now().time())


def test_an_admission_in_2099_is_refused(hospital, person, huow_factory):
    idn = person()
    hospital.insuplc = "211200"
    msg = err(hospital.call("2401", admission(idn, begntime="2099-01-05 09:30:00")))
    assert "begntime" in msg and "晚于当前时间" in msg
    with huow_factory() as uow:
        assert list(uow.hospital.visits_of(hospital.code, idn)) == []


def test_the_tolerance_is_a_parameter(hospital, person, clock):
    idn = person()
    hospital.insuplc = "211200"
    soon = platform_now(clock) + timedelta(seconds=120)
    plausibility.configure_tolerance(60)
    try:
        assert "begntime" in err(hospital.call("2401", admission(idn, begntime=f"{soon:%Y-%m-%d %H:%M:%S}")))
    finally:
        plausibility.configure_tolerance(plausibility.DEFAULT_TOLERANCE_SECONDS)
    hospital.ok("2401", admission(idn, begntime=f"{soon:%Y-%m-%d %H:%M:%S}"))


def test_fee_and_discharge_times_in_the_future_are_refused(hospital, person, clock):
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    later = f"{platform_now(clock) + timedelta(days=2):%Y-%m-%d %H:%M:%S}"
    line = fee_line(idn, mdtrt_id, "F1", "001102000010000-110200001", "1", "70", fee_ocur_time=later)
    assert "input.feedetail[0].fee_ocur_time" in err(hospital.call("2301", {"feedetail": [line]}))
    assert "endtime" in err(hospital.call("2402", discharge(idn, mdtrt_id, later)))


@pytest.fixture
def other_hospital(huow_factory):
    add_hospital(huow_factory, "H21010000002", "3", "沈阳演示第二医院")
    his = His(huow_factory, "H21010000002", "210100")
    his.sign_in()
    return his


def test_one_person_cannot_be_admitted_at_two_hospitals_at_once(hospital, other_hospital, person):
    idn = person()
    hospital.insuplc = other_hospital.insuplc = "211200"
    first = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    msg = err(other_hospital.call("2401", admission(idn, begntime="2026-01-07 08:00:00")))
    assert "H21010000001" in msg and "2026-01-05 09:30:00" in msg and first not in msg
    assert "本机构" in err(
        hospital.call("2401", admission(idn, ipt_no="ZY0002", begntime="2026-01-06 08:00:00"))
    )
    # after the discharge, a later admission is fine; one that begins before it is not
    hospital.ok("2402", discharge(idn, first, "2026-01-08 10:00:00"))
    assert "H21010000001" in err(other_hospital.call("2401", admission(idn, begntime="2026-01-07 08:00:00")))
    other_hospital.ok("2401", admission(idn, begntime="2026-01-08 11:00:00"))


def test_a_settled_stay_no_longer_blocks_an_admission(hospital, person):
    idn = person()
    hospital.insuplc = "211200"
    first = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    body = fees(idn, first)
    hospital.ok("2301", body)
    hospital.ok("2304", settle_data(idn, first, total(body)))
    hospital.ok("2401", admission(idn, ipt_no="ZY0002", begntime="2026-01-07 08:00:00"))
