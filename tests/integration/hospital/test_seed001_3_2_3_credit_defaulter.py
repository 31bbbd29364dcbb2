"""Seed 001 三(二).3: a person who breaks the commitment is listed as a credit defaulter (医保失信)
and "依情节给予一定时期内暂停医保直接结算" — for ``credit_restriction_months`` (A-SET-17, 12 months
from the record of default). Within the period 2401 and 2304 refuse, naming the clause; after it
they accept again."""

from __future__ import annotations

from datetime import date

from hospital_flow import admission, fees, settle_data, total
from tests.integration.hospital.test_hospital_clawback import commitment_filing

from yidi.domain.actors import Actor, Channel, Role
from yidi.service_layer import filing_services as fs

JOB = Actor("job", Role.SYSTEM, Channel.SYSTEM)
CLAUSE = "铁岭市参保人员异地就医联网结算服务指南 三(二).3"


def test_credit_defaulter_is_refused_2401_and_2304_within_the_period(hospital, person, uow, clock):
    idn = person()
    commitment_filing(hospital, idn, clock)
    clock.today = date(2026, 7, 30)  # admitted while the commitment is still open
    mdtrt_id = hospital.ok("2401", admission(idn, ipt_no="ZY0002"))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    clock.today = date(2026, 8, 1)  # the deadline job: revoked, listed, suspended through 2027-07-31
    fs.run_deadlines(uow, JOB)
    with uow:
        p = uow.persons.get(idn)
        assert p.credit_default_on == date(2026, 8, 1)
        assert p.credit_restricted_until == date(2027, 7, 31)
        assert p.direct_settlement_suspended(date(2027, 7, 31))
        assert not p.direct_settlement_suspended(date(2027, 8, 1))

    refused = hospital.call("2304", settle_data(idn, mdtrt_id, total(body)))
    assert refused["infcode"] == -1
    assert (
        "医保失信" in refused["err_msg"]
        and CLAUSE in refused["err_msg"]
        and "2027-07-31" in refused["err_msg"]
    )
    refused = hospital.call("2401", admission(idn, ipt_no="ZY0003"))
    assert refused["infcode"] == -1 and CLAUSE in refused["err_msg"] and "psn_no" in refused["err_msg"]

    clock.today = date(2027, 8, 1)  # the period is over
    hospital.ok("2304", settle_data(idn, mdtrt_id, total(body)))
    hospital.ok("2401", admission(idn, ipt_no="ZY0004"))


def test_a_person_without_a_default_is_not_suspended(hospital, person, uow):
    idn = person()
    with uow:
        p = uow.persons.get(idn)
        assert p.credit_restricted_until is None and not p.direct_settlement_suspended(date(2026, 1, 1))
