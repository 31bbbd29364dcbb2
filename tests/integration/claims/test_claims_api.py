"""``/api/v1/claims`` with FastAPI's TestClient on a real database: insured people submit and
follow, staff work the queue; refusals are 409 with rule and clause, unknown ids 404, bad input 422."""

from __future__ import annotations

import pytest
from claims_setup import INPATIENT, SHOCK, bill
from fastapi.testclient import TestClient

from yidi.entrypoints.api import claims as claims_routes
from yidi.entrypoints.api.app import create_app

Headers = dict[str, str]


@pytest.fixture
def client(uow_factory) -> TestClient:  # type: ignore[no-untyped-def]
    app = create_app(uow_factory)
    client = TestClient(app)
    if client.get("/api/v1/claims/types").status_code == 404:
        app.include_router(claims_routes.router)  # until create_app() includes it
    return client


@pytest.fixture
def clerk(client: TestClient, bearer) -> Headers:  # type: ignore[no-untyped-def]
    return bearer(client, "li", "staff", "counter")  # type: ignore[no-any-return]


@pytest.fixture
def chief(client: TestClient, bearer) -> Headers:  # type: ignore[no-untyped-def]
    return bearer(client, "zhao", "staff", "counter")  # type: ignore[no-any-return]


@pytest.fixture
def idn(client: TestClient, new_id_number, clerk: Headers) -> str:  # type: ignore[no-untyped-def]
    n: str = new_id_number()
    body = {"name": "王五", "insutype": "310", "psn_type": "12", "insured_region": "219900"}
    assert client.put(f"/api/v1/persons/{n}", json=body, headers=clerk).status_code == 200
    return n


@pytest.fixture
def citizen(client: TestClient, idn: str, bearer) -> Headers:  # type: ignore[no-untyped-def]
    """The insured person ``idn`` signed in as "me" (self-service)."""
    return bearer(client, "me", "insured", "self_service", id_number=idn)  # type: ignore[no-any-return]


def test_the_materials_are_published_before_submission(client: TestClient, clerk: Headers) -> None:
    types = client.get("/api/v1/claims/types").json()
    assert len(types) == 6 and all(t["materials"] and t["clause"] for t in types)
    n = client.get("/api/v1/claims/types/emergency_outpatient/materials").json()
    assert [m["label"] for m in n["materials"]][3:5] == ["相关检查报告复印件", "处方复印件"]
    assert client.get("/api/v1/claims/types/dental/materials").status_code == 422
    spec = client.get("/openapi.json", headers=clerk).json()
    assert "/api/v1/claims/{claim_id}/return" in spec["paths"]


def test_submit_follow_and_work_the_queue(
    client: TestClient, idn: str, clerk: Headers, chief: Headers, citizen: Headers
) -> None:
    body = {
        "id_number": idn,
        "claim_type": "inpatient_emergency",
        "bill": bill(),
        "evidence": SHOCK,
        "materials": INPATIENT[:3],
    }
    r = client.post("/api/v1/claims", json=body, headers=citizen)
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    assert r.json()["receipt"]["missing"] == ["card_or_id_copy"]
    r = client.post(f"/api/v1/claims/{cid}/accept", headers=clerk)
    assert r.status_code == 409 and r.json()["code"] == "MATERIALS_MISSING" and r.json()["clause"]
    assert client.post(f"/api/v1/claims/{cid}/accept", headers=citizen).status_code == 409  # role
    assert client.post(f"/api/v1/claims/{cid}/return", json={}, headers=clerk).json()["status"] == "returned"
    r = client.post(
        f"/api/v1/claims/{cid}/materials", json={"materials": ["card_or_id_copy"]}, headers=citizen
    )
    assert r.json()["status"] == "submitted"
    assert client.post(f"/api/v1/claims/{cid}/accept", headers=clerk).json()["promised_on"] == "2026-02-06"
    queue = client.get(
        "/api/v1/claims", params={"status": "accepted", "id_number": idn}, headers=citizen
    ).json()
    assert [c["id"] for c in queue] == [cid]
    assert client.post(f"/api/v1/claims/{cid}/review", json={}, headers=clerk).json()["status"] == "reviewed"
    r = client.post(f"/api/v1/claims/{cid}/approve", headers=clerk)
    assert r.status_code == 409 and r.json()["code"] == "SAME_REVIEWER"
    assert client.post(f"/api/v1/claims/{cid}/approve", headers=chief).status_code == 200
    paid = client.post(f"/api/v1/claims/{cid}/pay", json={"request_id": "p-1"}, headers=chief).json()
    assert paid["status"] == "paid" and paid["paid"] == "6375.00"
    again = client.post(f"/api/v1/claims/{cid}/pay", json={"request_id": "p-1"}, headers=chief).json()
    assert again["replayed"] is True and again["paid"] == "6375.00"
    shown = client.get(f"/api/v1/claims/{cid}", headers=citizen).json()
    assert [h["action"] for h in shown["history"]] == [
        "submit", "return", "resubmit", "accept", "review", "approve", "pay",
    ]  # fmt: skip
    assert any(e["field"] == "hifp_pay" for e in shown["settlement"]["explanation"])
    assert client.get(f"/api/v1/claims/{cid}/history", headers=citizen).json()[0]["actor"] == "citizen:me"


def test_refusals_and_bad_input(client: TestClient, idn: str, clerk: Headers) -> None:
    assert client.get("/api/v1/claims/nope", headers=clerk).status_code == 404
    assert client.post("/api/v1/claims/nope/accept", headers=clerk).status_code == 404
    bad = {"id_number": idn, "claim_type": "inpatient_relief", "bill": bill(medfee_sumamt="1.00")}
    r = client.post("/api/v1/claims", json=bad, headers=clerk)
    assert r.status_code == 422 and r.json()["field"] == "bill.medfee_sumamt"
    tieling = {"id_number": idn, "claim_type": "maternity_out_of_province", "bill": bill()}
    r = client.post("/api/v1/claims", json=tieling, headers=clerk)
    assert r.status_code == 409 and r.json()["code"] == "CLAIM_TYPE_NOT_AVAILABLE"
    assert "四.7" in r.json()["clause"]


def test_reject_withdraw_and_overdue(
    client: TestClient, idn: str, clerk: Headers, chief: Headers, citizen: Headers
) -> None:
    body = {"id_number": idn, "claim_type": "inpatient_relief", "bill": bill(), "materials": INPATIENT}
    first = client.post("/api/v1/claims", json=body, headers=clerk).json()["id"]
    r = client.post("/api/v1/claims", json=body, headers=clerk)
    assert r.status_code == 409 and r.json()["code"] == "DUPLICATE_CLAIM"  # the same costs twice
    body["bill"] = bill(care_end="2026-01-09")
    second = client.post("/api/v1/claims", json=body, headers=clerk).json()["id"]
    client.post(f"/api/v1/claims/{first}/accept", headers=clerk)
    r = client.post(f"/api/v1/claims/{second}/withdraw", json={"note": "重复提交"}, headers=citizen)
    assert r.json()["status"] == "withdrawn"
    overdue = client.get("/api/v1/claims/overdue", params={"today": "2026-03-02"}, headers=clerk).json()
    assert first in [c["claim_id"] for c in overdue["claims"]] and second not in [
        c["claim_id"] for c in overdue["claims"]
    ]
    client.post(f"/api/v1/claims/{first}/review", json={}, headers=clerk)
    r = client.post(f"/api/v1/claims/{first}/reject", json={"reason_zh": "票据不实"}, headers=chief)
    assert r.status_code == 409 and r.json()["code"] == "REASON_REQUIRED"
    body = {"reason_zh": "票据不实", "clause": "辽医保中心发〔2021〕45号 五(一)（有效医疗票据）"}
    assert (
        client.post(f"/api/v1/claims/{first}/reject", json=body, headers=chief).json()["status"] == "rejected"
    )
