"""The REST API under /api/v1 with FastAPI's TestClient on a real database."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from yidi.entrypoints.api.app import create_app

Headers = dict[str, str]


@pytest.fixture
def client(uow_factory) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(uow_factory))


@pytest.fixture
def staff(client: TestClient, bearer) -> Headers:  # type: ignore[no-untyped-def]
    return bearer(client, "wang", "staff", "counter")  # type: ignore[no-any-return]


@pytest.fixture
def hospital(client: TestClient, bearer) -> Headers:  # type: ignore[no-untyped-def]
    code = "H31010100001"
    return bearer(client, code, "hospital", "hospital_admission", hospital_code=code)  # type: ignore[no-any-return]


@pytest.fixture
def idn(client: TestClient, new_id_number, staff: Headers, bearer) -> str:  # type: ignore[no-untyped-def]
    """A registered person; the client then acts as that person (citizen "anonymous", self-service)."""
    n: str = new_id_number()
    body = {
        "name": "王五",
        "insutype": "310",
        "psn_type": "12",
        "insured_region": "219900",
        "account_balance_fen": 5000,
    }
    r = client.put(f"/api/v1/persons/{n}", json=body, headers=staff)
    assert r.status_code == 200, r.text
    client.headers.update(bearer(client, "anonymous", "insured", "self_service", id_number=n))
    return n


def test_openapi_is_published(client: TestClient, staff: Headers) -> None:
    spec = client.get("/openapi.json", headers=staff).json()
    for path in (
        "/api/v1/filings",
        "/api/v1/eligibility",
        "/api/v1/filings/{filing_id}/history",
        "/api/v1/admissions",
    ):
        assert path in spec["paths"]


def test_self_service_create_query_history(client: TestClient, idn: str) -> None:
    r = client.post(
        "/api/v1/filings",
        json={
            "id_number": idn,
            "category": "temporary",
            "treatment_region": "110100",
            "temporary_reason": "travel",
        },
    )
    assert r.status_code == 201, r.text
    filing = r.json()["filing"]
    assert filing["status"] == "active" and filing["channel"] == "self_service"
    assert client.get(f"/api/v1/filings/{filing['id']}").json()["end_date"] == "2026-07-09"
    hist = client.get(f"/api/v1/filings/{filing['id']}/history").json()
    assert hist[0]["actor"] == "citizen:anonymous" and hist[0]["channel"] == "self_service"
    assert [f["id"] for f in client.get(f"/api/v1/persons/{idn}/filings").json()] == [filing["id"]]


def test_refusal_is_409_with_code_messages_and_clause(client: TestClient, idn: str) -> None:
    r = client.post(
        "/api/v1/filings",
        json={"id_number": idn, "category": "long_term_retiree", "treatment_region": "110100"},
    )
    fid = r.json()["filing"]["id"]
    r = client.post(f"/api/v1/filings/{fid}/cancel", json={"reason": "试试"})
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "FILING_LOCKED" and body["field"] == "filing_id"
    assert "6 个月内不得取消" in body["message_zh"] and body["message_en"]
    assert body["clause"].endswith("一(一)") and body["params"]["unlocked_on"] == "2026-07-10"


def test_impossible_date_is_422_with_field(client: TestClient, idn: str) -> None:
    r = client.get("/api/v1/eligibility", params={"id_number": idn, "date": "2026-02-30", "region": "110100"})
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "INVALID_INPUT" and body["field"] == "date" and "message_zh" in body


def test_a_request_with_three_bad_fields_gets_three_problems(client: TestClient, idn: str) -> None:
    shape = {"id_number": idn, "category": "nope", "start_date": "2026-02-30", "posting_months": -1}
    r = client.post("/api/v1/filings", json={**shape, "treatment_region": "110100"})
    body = r.json()
    assert r.status_code == 422 and body["code"] == "INVALID_INPUT" and body["status"] == 422
    assert sorted(p["field"] for p in body["problems"]) == ["category", "posting_months", "start_date"]
    fields = {"id_number": idn, "category": "long_term_resident", "sign_commitment": True,
              "treatment_region": "21", "outpatient_hospital": "H9", "chronic_hospital": "H1"}  # fmt: skip
    r = client.post("/api/v1/filings", json=fields)
    body = r.json()
    assert r.status_code == 422 and body["field"] == "treatment_region"
    assert [p["field"] for p in body["problems"]] == ["treatment_region", "outpatient_hospital", "chronic_hospital"]


def test_bad_identity_number_is_422(client: TestClient, staff: Headers) -> None:
    r = client.put(
        "/api/v1/persons/210102196005170011",
        json={"name": "x", "insutype": "310", "psn_type": "11", "insured_region": "219900"},
        headers=staff,
    )
    assert r.status_code == 422 and r.json()["field"] == "id_number" and "校验位" in r.json()["message_zh"]


def test_unknown_filing_is_404(client: TestClient, staff: Headers) -> None:
    r = client.get("/api/v1/filings/doesnotexist", headers=staff)
    assert r.status_code == 404 and r.json()["code"] == "NOT_FOUND"


def test_counter_needs_staff_role(client: TestClient, idn: str) -> None:
    r = client.post(
        "/api/v1/filings",
        json={
            "id_number": idn,
            "category": "temporary",
            "treatment_region": "110100",
            "temporary_reason": "travel",
        },
        headers={"X-Yidi-Channel": "counter"},
    )
    assert r.status_code == 422 and r.json()["field"] == "channel"


def test_eligibility_query_with_reasons(client: TestClient, idn: str) -> None:
    r = client.get("/api/v1/eligibility", params={"id_number": idn, "date": "2026-03-01", "region": "210300"})
    body = r.json()
    assert body["covered"] and body["basis"] == "no_filing_region"
    assert body["reasons"][0]["clause"] == "辽医保中心发〔2021〕45号 一"


def test_admission_materials_complete_and_third_city(client: TestClient, idn: str, hospital: Headers) -> None:
    lt = client.post(
        "/api/v1/filings",
        json={"id_number": idn, "category": "long_term_retiree", "treatment_region": "110100"},
    ).json()["filing"]
    r = client.post(
        f"/api/v1/filings/{lt['id']}/materials", json={"materials": [{"kind": "hukou", "reference": "户口"}]}
    )
    assert r.json()["filing"]["status"] == "active"
    r = client.post(
        f"/api/v1/filings/{lt['id']}/third-city",
        json={"treatment_region": "310100", "admitted_on": "2026-01-10"},
    )
    assert r.status_code == 201, r.text
    temp = r.json()["filing"]
    assert temp["linked_filing_id"] == lt["id"]
    r = client.post(
        f"/api/v1/filings/{temp['id']}/complete", json={"discharge_date": "2026-01-20"}, headers=hospital
    )
    assert r.json()["filing"]["status"] == "completed"
    r = client.post(f"/api/v1/filings/{temp['id']}/resume-long-term")
    assert r.status_code == 201 and r.json()["filing"]["treatment_region"] == "110100"


def test_hospital_admission_auto_filing(client: TestClient, idn: str, hospital: Headers, bearer) -> None:  # type: ignore[no-untyped-def]
    r = client.post(
        "/api/v1/admissions",
        json={"id_number": idn, "treatment_region": "310100", "admitted_on": "2026-01-10"},
        headers=hospital,
    )
    assert r.status_code == 201, r.text
    assert r.json()["filing"]["category"] == "temporary" and r.json()["new"] is True
    emergency = bearer(client, "H31010100002", "hospital", "emergency_flag", hospital_code="H31010100002")
    r = client.post(
        "/api/v1/admissions",
        json={"id_number": idn, "treatment_region": "310100", "admitted_on": "2026-01-12"},
        headers=emergency,
    )
    assert r.json()["new"] is False  # already covered there


def test_settlement_reference_only_from_the_platform_and_deadline_job(  # type: ignore[no-untyped-def]
    client: TestClient, idn: str, clock, staff: Headers, hospital: Headers, bearer
) -> None:
    """A client cannot plant a claw-back reference (security review H4; the platform's own 2304
    records them: tests/integration/hospital/test_hospital_access_chains.py); the deadline job
    is staff's — 403 for anyone else."""
    fid = client.post(
        "/api/v1/filings",
        json={"id_number": idn, "category": "long_term_retiree", "treatment_region": "110100"},
    ).json()["filing"]["id"]
    r = client.post(
        f"/api/v1/filings/{fid}/settlements",
        json={"settlement_id": "S-1", "settled_on": "2026-02-01", "benefit_difference_fen": 4200},
        headers=hospital,
    )
    assert r.status_code == 404 and r.json()["code"] == "SETTLEMENT_NOT_UNDER_FILING"
    refused = client.post("/api/v1/jobs/commitment-deadlines")  # citizens may not
    assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"
    clock.today = date(2026, 7, 11)
    job = client.post(
        "/api/v1/jobs/commitment-deadlines",
        headers=bearer(client, "cron", "staff", "system"),  # the job runs as staff through the system channel
    )
    assert [x["filing_id"] for x in job.json()["revoke"]] == [fid]
    assert client.get(f"/api/v1/persons/{idn}/clawback").json()["clawback_due_fen"] == 0  # nothing planted


def test_retry_with_request_id_returns_the_same_filing(client: TestClient, idn: str) -> None:
    body = {
        "id_number": idn,
        "category": "temporary",
        "treatment_region": "110100",
        "temporary_reason": "travel",
        "request_id": "r-9",
    }
    a = client.post("/api/v1/filings", json=body).json()
    b = client.post("/api/v1/filings", json=body).json()
    assert a["filing"]["id"] == b["filing"]["id"] and b["replayed"] is True


def test_change_place_after_the_lock_and_hospital_choice(client: TestClient, idn: str, clock) -> None:  # type: ignore[no-untyped-def]
    body = {
        "id_number": idn,
        "category": "long_term_retiree",
        "treatment_region": "110100",
        "materials": [{"kind": "property_certificate", "reference": "京房 1"}],
    }
    fid = client.post("/api/v1/filings", json=body).json()["filing"]["id"]
    r = client.post(f"/api/v1/filings/{fid}/change", json={"outpatient_hospital": "H11010500001"})
    assert r.status_code == 200 and r.json()["filing"]["outpatient_hospital"] == "H11010500001"
    move = {"treatment_region": "120100", "materials": [{"kind": "hukou"}]}
    assert client.post(f"/api/v1/filings/{fid}/change", json=move).json()["code"] == "FILING_LOCKED"
    clock.today = date(2026, 7, 10)
    r = client.post(f"/api/v1/filings/{fid}/change", json=move)
    assert r.json()["filing"]["treatment_region"] == "120100"
    assert r.json()["filing"]["outpatient_hospital"] is None  # chosen anew in the new city


def test_seed000_二二_counter_third_city_records_the_附件1_form(
    client: TestClient, idn: str, staff: Headers
) -> None:
    lt = client.post(
        "/api/v1/filings",
        json={"id_number": idn, "category": "long_term_retiree", "treatment_region": "110100",
              "materials": [{"kind": "hukou", "reference": "户口"}],
              "form": {"phone": "13800000000", "signed_by": "王五"}},
        headers=staff,
    ).json()["filing"]  # fmt: skip
    r = client.post(
        f"/api/v1/filings/{lt['id']}/third-city",
        json={"treatment_region": "310100", "admitted_on": "2026-01-10"},
        headers=staff,
    )
    assert r.status_code == 422 and r.json()["field"] == "form"  # the window fills in 附件1
    r = client.post(
        f"/api/v1/filings/{lt['id']}/third-city",
        json={"treatment_region": "310100", "admitted_on": "2026-01-10",
              "form": {"phone": "13800000000", "signed_by": "王五", "contact": "王小五"}},
        headers=staff,
    )  # fmt: skip
    assert r.status_code == 201, r.text
    temp = r.json()["filing"]
    assert temp["channel"] == "counter" and temp["form"]["contact"] == "王小五"
    assert temp["linked_filing_id"] == lt["id"]
