"""Security review H1–H4, each chain end to end: a hospital reaches a person's records only by
facts the platform made (a visit not cancelled, a referral naming it), admits only at its own
place, registers only itself in 2503/2505/2506, and never plants a claw-back reference."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from hospital_flow import admission
from outpatient_flow import filed_person
from tests.integration.hospital.conftest import add_hospital
from tests.integration.hospital.test_hospital_clawback import commitment_filing, refs, settle_stay
from tests.integration.hospital.test_hospital_filings import chronic, designation

from yidi.domain.national.external_ids import filing_sn
from yidi.entrypoints.api.app import create_app

CODE, OTHER_CODE = "H21010000001", "H21010000002"  # both in 沈阳; the fixture ``hospital`` is the first


@pytest.fixture
def client(uow_factory) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(uow_factory))


@pytest.fixture
def rest(client, bearer):  # type: ignore[no-untyped-def]
    """The REST headers of the fixture hospital's account (same code as its national identity)."""
    return bearer(client, "h1", "hospital", "hospital_admission", hospital_code=CODE)


def reaches(client: TestClient, headers: dict[str, str], idn: str) -> bool:
    codes = {
        client.get(f"/api/v1/persons/{idn}/history", headers=headers).status_code,
        client.get("/api/v1/claims", params={"id_number": idn}, headers=headers).status_code,
        client.get(f"/api/v1/persons/{idn}/clawback", headers=headers).status_code,
    }
    assert len(codes) == 1, codes
    return codes == {200}


def test_h1_route1_an_admission_cancelled_at_once_makes_nobody_a_patient(hospital, person, client, rest):
    idn = person()
    hospital.insuplc = "211200"
    assert not reaches(client, rest, idn)
    mdtrt_id = hospital.ok("2401", admission(idn))["output"]["result"]["mdtrt_id"]
    assert reaches(client, rest, idn)  # a real stay: its patient
    hospital.ok("2404", {"data": {"mdtrt_id": mdtrt_id, "psn_no": idn}})
    assert not reaches(client, rest, idn)  # cancelled: proves nothing


def test_h1_route2_and_h2_a_rest_admission_is_at_the_hospitals_place_and_proves_nothing(
    hospital, person, client, rest, uow, clock
):
    idn = filed_person(person, uow, clock, region="110100")  # a long-term filing for 北京, made at the counter
    far = client.post(
        "/api/v1/admissions",
        json={"id_number": idn, "treatment_region": "110100", "admitted_on": "2026-01-12"},
        headers=rest,
    )
    assert far.status_code == 403 and far.json()["code"] == "ADMISSION_OUTSIDE_HOSPITAL_PLACE"
    assert [str(f.status) for f in uow_filings(uow, idn)] == ["active"]  # the 北京 filing stands (H2)
    home = client.post(
        "/api/v1/admissions",
        json={"id_number": person(region="210100"), "treatment_region": "210100", "admitted_on": "2026-01-12"},
        headers=rest,
    )
    assert home.status_code == 409 and home.json()["code"] == "LOCAL_CARE"
    here = client.post(
        "/api/v1/admissions",
        json={"id_number": idn, "treatment_region": "210100", "admitted_on": "2026-01-12"},
        headers=rest,
    )
    assert here.status_code == 201, here.text  # the third-city operation at its own place, as 2401 would
    assert not reaches(client, rest, idn)  # a filing it made itself is no visit (H1 route 2)


class F:
    def __init__(self, f) -> None:  # type: ignore[no-untyped-def]
        self.id, self.status, self.chronic_hospital = f.id, f.status, f.chronic_hospital


def uow_filings(uow, idn):  # type: ignore[no-untyped-def]
    with uow:
        return [F(f) for f in uow.persons.get(idn).filings]


def test_h1_a_referral_naming_the_hospital_makes_a_patient(hospital, person, client, bearer):
    add_hospital(hospital.factory, OTHER_CODE)
    idn = person()
    hospital.insuplc = "211200"
    ref = {"refmedin": {"psn_no": idn, "insutype": "310", "diag_code": "I21.900", "diag_name": "急性心肌梗死",
                        "reflin_medins_no": OTHER_CODE, "reflin_medins_name": "转入医院", "refl_type": "1",
                        "refl_rea": "病情需要", "refl_opnn": "同意", "mdtrtarea_admdvs": "210100",
                        "refl_date": "2026-01-10"}}  # fmt: skip
    hospital.ok("2501", ref)
    other = bearer(client, "h2", "hospital", "hospital_admission", hospital_code=OTHER_CODE)
    assert reaches(client, other, idn)  # named in the referral
    rest_h1 = bearer(client, "h1b", "hospital", "hospital_admission", hospital_code=CODE)
    assert not reaches(client, rest_h1, idn)  # filing the referral itself proves no stay


def test_h3_a_hospital_registers_and_cancels_only_itself(hospital, person, uow, clock):
    add_hospital(hospital.factory, OTHER_CODE)
    idn = filed_person(person, uow, clock)
    hospital.insuplc = "211200"
    for infno, body in (("2505", designation(idn, OTHER_CODE, "03")), ("2503", chronic(idn, OTHER_CODE))):
        refused = hospital.call(infno, body)
        assert refused["infcode"] == -1 and "不是本机构" in refused["err_msg"], refused
    # the history-text forgery: a disease named like a 2505-08 registration does not own the filing
    fid = uow_filings(uow, idn)[0].id
    hospital.ok("2503", chronic(idn, CODE, opsp_dise_name="【2505】异地安置登记"))
    clock.today = date(2026, 8, 1)
    hospital.ok("2506", {"data": {"trt_dcla_detl_sn": filing_sn(fid), "psn_no": idn}})  # drops only its own designation
    (f,) = uow_filings(uow, idn)
    assert str(f.status) == "active" and f.chronic_hospital is None


def test_h3_2506_does_not_touch_another_hospitals_registration(hospital, person, uow, clock):
    add_hospital(hospital.factory, OTHER_CODE)
    idn = person()
    hospital.insuplc = "211200"
    sn = hospital.ok("2505", designation(idn, CODE))["output"]["result"]["trt_dcla_detl_sn"]
    from hospital_his import His

    other = His(hospital.factory, OTHER_CODE, "210100")
    other.sign_in()
    other.insuplc = "211200"
    clock.today = date(2026, 8, 1)
    refused = other.call("2506", {"data": {"trt_dcla_detl_sn": sn, "psn_no": idn}})
    assert refused["infcode"] == -1 and "本机构" in refused["err_msg"]
    assert [str(f.status) for f in uow_filings(uow, idn)] == ["pending_commitment"]


def test_h4_claw_back_references_come_only_from_platform_settlements(
    hospital, person, uow, clock, client, rest, bearer
):
    idn = person()
    commitment_filing(hospital, idn, clock)
    fid = uow_filings(uow, idn)[0].id
    fake = client.post(
        f"/api/v1/filings/{fid}/settlements",
        json={"settlement_id": "FAKE", "settled_on": "2026-02-01", "benefit_difference_fen": 50_000_000},
        headers=rest,
    )
    assert fake.status_code == 404 and fake.json()["code"] == "SETTLEMENT_NOT_UNDER_FILING"
    _, out = settle_stay(hospital, idn)
    setl_id = out["setlinfo"]["setl_id"]
    [(_, diff, _)] = refs(uow, idn)
    again = client.post(
        f"/api/v1/filings/{fid}/settlements",
        json={"settlement_id": setl_id, "settled_on": "2026-02-01", "benefit_difference_fen": 50_000_000},
        headers=rest,
    )
    assert again.status_code == 201 and again.json()["benefit_difference_fen"] == diff  # the platform's amount
    other = bearer(client, "h2b", "hospital", "hospital_admission", hospital_code=OTHER_CODE)
    theirs = client.post(f"/api/v1/filings/{fid}/settlements", json={"settlement_id": setl_id}, headers=other)
    assert theirs.status_code == 404
    assert refs(uow, idn) == [(setl_id, diff, True)]
