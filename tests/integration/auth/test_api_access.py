"""Roles on the REST API: a person sees only their own records, a hospital only its patients'
beyond the admission lookup; refusals are 403 ``FORBIDDEN`` in Chinese and English."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from yidi.adapters.orm_hospital import visits
from yidi.entrypoints.api.app import create_app

Headers = dict[str, str]
PERSON = {"name": "王五", "insutype": "310", "psn_type": "12", "insured_region": "219900"}
TRAVEL = {"category": "temporary", "treatment_region": "110100", "temporary_reason": "travel"}
H1, H2 = "H21010000001", "H21010000002"


@pytest.fixture
def client(uow_factory) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(uow_factory))


@pytest.fixture
def staff(client: TestClient, bearer) -> Headers:  # type: ignore[no-untyped-def]
    return bearer(client, "wang", "staff", "counter")  # type: ignore[no-any-return]


@pytest.fixture
def people(client: TestClient, staff: Headers, new_id_number) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    ids = new_id_number(), new_id_number()
    for n in ids:
        assert client.put(f"/api/v1/persons/{n}", json=PERSON, headers=staff).status_code == 200
    return ids


@pytest.fixture
def me(client: TestClient, people: tuple[str, str], bearer) -> Headers:  # type: ignore[no-untyped-def]
    return bearer(client, "canbao", "insured", "self_service", id_number=people[0])  # type: ignore[no-any-return]


@pytest.fixture
def hospital(client: TestClient, bearer) -> Headers:  # type: ignore[no-untyped-def]
    return bearer(client, "yiyuan", "hospital", "hospital_admission", hospital_code=H1)  # type: ignore[no-any-return]


def forbidden(r) -> None:  # type: ignore[no-untyped-def]
    assert r.status_code == 403, r.text
    body = r.json()
    assert body["code"] == "FORBIDDEN" and body["message_zh"] and body["message_en"]


def test_a_person_reads_and_files_only_for_themselves(
    client: TestClient, people: tuple[str, str], me: Headers
) -> None:
    mine, other = people
    r = client.post("/api/v1/filings", json={"id_number": mine, **TRAVEL}, headers=me)
    assert r.status_code == 201
    fid = r.json()["filing"]["id"]
    assert client.get(f"/api/v1/persons/{mine}/filings", headers=me).status_code == 200
    assert client.get(f"/api/v1/filings/{fid}/history", headers=me).status_code == 200
    forbidden(client.post("/api/v1/filings", json={"id_number": other, **TRAVEL}, headers=me))
    for path in (
        f"/api/v1/persons/{other}",
        f"/api/v1/persons/{other}/history",
        f"/api/v1/persons/{other}/filings",
        f"/api/v1/persons/{other}/clawback",
    ):
        forbidden(client.get(path, headers=me))
    r = client.get(
        "/api/v1/eligibility",
        params={"id_number": other, "date": "2026-03-01", "region": "210300"},
        headers=me,
    )
    forbidden(r)
    assert "本人" in r.json()["message_zh"]
    forbidden(client.put(f"/api/v1/persons/{mine}", json=PERSON, headers=me))  # the registry is the agency's


def test_a_person_claims_only_for_themselves_and_sees_only_their_claims(
    client: TestClient, people: tuple[str, str], me: Headers, staff: Headers
) -> None:
    other = people[1]
    bill = {
        "medfee_sumamt": "100.00", "fulamt_ownpay_amt": "0.00", "overlmt_selfpay": "0.00", "preselfpay_amt": "0.00",
        "inscp_scp_amt": "100.00", "hosp_lv": "3", "treatment_region": "110100",
        "care_start": "2026-01-02", "care_end": "2026-01-08",
    }  # fmt: skip
    body = {"claim_type": "inpatient_relief", "bill": bill}
    forbidden(client.post("/api/v1/claims", json={"id_number": other, **body}, headers=me))
    theirs = client.post("/api/v1/claims", json={"id_number": other, **body}, headers=staff).json()["id"]
    forbidden(client.get(f"/api/v1/claims/{theirs}", headers=me))
    forbidden(client.post(f"/api/v1/claims/{theirs}/withdraw", json={}, headers=me))
    forbidden(client.get("/api/v1/claims", params={"id_number": other}, headers=me))
    assert client.get("/api/v1/claims", headers=me).json() == []  # without a number: their own
    forbidden(client.get("/api/v1/claims/overdue", headers=me))
    assert [c["id"] for c in client.get("/api/v1/claims", headers=staff).json()] == [theirs]


def test_a_hospital_looks_anyone_up_but_sees_the_rest_only_of_its_patients(
    client: TestClient,
    people: tuple[str, str],
    hospital: Headers,
    staff: Headers,
    engine,
    bearer,  # type: ignore[no-untyped-def]
) -> None:
    admitted, visited = people
    for n in people:
        basic = client.get(f"/api/v1/persons/{n}", headers=hospital)
        assert basic.status_code == 200 and "credit_default_on" not in basic.json()  # what 1101 gives
        assert client.get(f"/api/v1/persons/{n}/filings", headers=hospital).status_code == 200
        r = client.get(
            "/api/v1/eligibility",
            params={"id_number": n, "date": "2026-03-01", "hospital": H1},
            headers=hospital,
        )
        assert r.status_code == 200
        for path in (f"/api/v1/persons/{n}/history", f"/api/v1/persons/{n}/clawback"):
            r = client.get(path, headers=hospital)
            forbidden(r)
            assert "本机构患者" in r.json()["message_zh"]
        forbidden(client.get("/api/v1/claims", params={"id_number": n}, headers=hospital))
    forbidden(client.get("/api/v1/claims", headers=hospital))  # the whole queue is the agency's
    # a filing it made itself at admission does not make anyone its patient (security review H1, route 2)
    shanghai = bearer(client, "shyiyuan", "hospital", "hospital_admission", hospital_code="H31010100001")
    r = client.post(
        "/api/v1/admissions",
        json={"id_number": admitted, "treatment_region": "310100", "admitted_on": "2026-01-10"},
        headers=shanghai,
    )
    assert r.status_code == 201, r.text
    forbidden(client.get(f"/api/v1/persons/{admitted}/history", headers=shanghai))
    forbidden(client.get(f"/api/v1/filings/{r.json()['filing']['id']}/history", headers=shanghai))
    # … a visit there the second (as the national interface records it)
    with engine.begin() as conn:
        conn.execute(visits.insert().values(
            mdtrt_id="M-test-1", hospital_code=H1, psn_no=visited, id_number=visited, insutype="310", med_type="21",
            insured_region="219900", treatment_region="210100", pay_loc="3", filing_category="temporary",
            filing_id=None, filing_basis="auto_filing", ipt_no="IPT-1", begntime=datetime(2026, 1, 5, 8),
            endtime=None, status="admitted", er_flag=False, dscg_maindiag_code="", dscg_maindiag_name="",
            warnings=[], detail={},
        ))  # fmt: skip
    assert client.get(f"/api/v1/persons/{visited}/clawback", headers=hospital).status_code == 200
    assert "credit_default_on" in client.get(f"/api/v1/persons/{visited}", headers=hospital).json()
    assert client.get("/api/v1/claims", params={"id_number": visited}, headers=hospital).json() == []
    # another hospital still sees neither
    other = bearer(client, "yiyuan2", "hospital", "hospital_admission", hospital_code=H2)
    for n in people:
        forbidden(client.get(f"/api/v1/persons/{n}/history", headers=other))


def test_a_hospital_does_not_cancel_or_change_a_filing(
    client: TestClient, people: tuple[str, str], me: Headers, hospital: Headers
) -> None:
    fid = client.post("/api/v1/filings", json={"id_number": people[0], **TRAVEL}, headers=me).json()[
        "filing"
    ]["id"]
    forbidden(client.post(f"/api/v1/filings/{fid}/cancel", json={"reason": "x"}, headers=hospital))
    forbidden(client.post(f"/api/v1/persons/{people[0]}/clawback/S-1/recovered", headers=hospital))
