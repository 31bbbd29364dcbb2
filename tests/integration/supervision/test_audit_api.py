"""``/api/v1/audit`` on a real database: the run and 协查 list as the CLI prints them, the queue,
decisions (idempotent, four-eyes, capped by the fund part, only the treatment region), deductions
in the settlement's history, and a hospital that sees only its own."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from tests.integration.supervision.audit_rows import ASPIRIN, CBC, PCI, Stay, add, march

from yidi.adapters import orm_supervision as t
from yidi.adapters.orm_clearing import returns as clearing_returns
from yidi.entrypoints.api.app import create_app

Headers = dict[str, str]
SHENYANG = "210100"


@pytest.fixture
def client(uow_factory) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(uow_factory))


@pytest.fixture
def clerk(client: TestClient, bearer) -> Headers:  # type: ignore[no-untyped-def]
    return bearer(client, "li", "staff", "counter")  # type: ignore[no-any-return]


@pytest.fixture
def chief(client: TestClient, bearer) -> Headers:  # type: ignore[no-untyped-def]
    return bearer(client, "zhao", "staff", "counter")  # type: ignore[no-any-return]


@pytest.fixture
def stays(engine: Engine, new_id_number: Callable[..., str]) -> dict[str, str]:
    big = add(engine, Stay(new_id_number(), "110100", march(2), march(10), [(PCI, "1", 3_200_000), (ASPIRIN, "10", 10_000)]))
    dup = add(engine, Stay(new_id_number(), "211200", march(3), march(6), [(CBC, "1", 2_500), (CBC, "1", 2_500)], pay_loc="3"))
    other = add(engine, Stay(new_id_number(), "211200", march(3), march(6), [(CBC, "1", 2_500)], pay_loc="3",
                             hospital="H21120000002"))  # fmt: skip
    return {"big": big, "dup": dup, "other": other}


def _decide(client: TestClient, h: Headers, setl_id: str, key: str, code: int = 200, **kw: object) -> dict:  # type: ignore[type-arg]
    body = {"key": key, "setl_id": setl_id, "outcome": "accept", "agency_region": SHENYANG, **kw}
    r = client.post("/api/v1/audit/decisions", json=body, headers=h)
    assert r.status_code == code, r.text
    return r.json()  # type: ignore[no-any-return]


def test_run_queue_and_xiecha_over_rest(client: TestClient, clerk: Headers, stays: dict[str, str]) -> None:
    out = client.post("/api/v1/audit/run", json={"month": "2026-03", "today": "2026-04-01"}, headers=clerk).json()
    assert set(out) == {"hits", "reviewed_ratio"} and out["reviewed_ratio"] == "1.00"
    xc = client.get("/api/v1/audit/xiecha", params={"month": "2026-03"}, headers=clerk).json()
    assert [c["setl_id"] for c in xc["candidates"]] == [stays["big"]]
    queue = client.get("/api/v1/audit/queue", params={"region": SHENYANG}, headers=clerk).json()["items"]
    assert {stays["big"], stays["dup"]} <= {q["setl_id"] for q in queue}
    assert client.post("/api/v1/audit/run", json={"month": "03/2026"}, headers=clerk).status_code == 422


def test_deduction_with_four_eyes_goes_to_the_settlement_history(
    client: TestClient, clerk: Headers, chief: Headers, stays: dict[str, str], engine: Engine, bearer
) -> None:  # type: ignore[no-untyped-def]
    big = stays["big"]  # fund paid 80 % of 32 100.00 = 25 680.00 yuan
    too_much = _decide(client, clerk, big, "k0", 409, outcome="deduct", amount_fen=2_568_001, reason="超标准收费")
    assert too_much["code"] == "DEDUCTION_ABOVE_FUND"
    d = _decide(client, clerk, big, "k1", outcome="deduct", amount_fen=1_500_000, reason="支架超标准收费", rule="R-PRC")
    assert d["status"] == "pending_second"
    assert _decide(client, clerk, big, "k1", outcome="deduct", amount_fen=1_500_000, reason="支架超标准收费") == d
    reused = _decide(client, clerk, big, "k1", 409, outcome="accept")
    assert reused["code"] == "KEY_REUSED"
    same = client.post(f"/api/v1/audit/decisions/{d['id']}/approve", json={"agency_region": SHENYANG}, headers=clerk)
    assert same.status_code == 409 and same.json()["code"] == "SAME_REVIEWER"
    ok = client.post(f"/api/v1/audit/decisions/{d['id']}/approve", json={"agency_region": SHENYANG}, headers=chief)
    assert ok.status_code == 200 and ok.json()["status"] == "final"
    review = client.get(f"/api/v1/audit/settlements/{big}", headers=clerk).json()
    assert [x["amount_fen"] for x in review["deductions"]] == [1_500_000]
    assert review["deductions"][0]["insured_region"] == "110100"  # returned to the insured region
    setl = client.get(f"/api/v1/settlements/{big}", headers=clerk)
    if setl.status_code == 200:  # the settlement lookup shows it in the settlement's history
        assert setl.json()["deductions"][0]["returned_to"] == "110100"
    with engine.connect() as conn:
        rows = conn.execute(select(t.deductions.c.settlement_id, t.deductions.c.clearing_ref)).all()
        reviewed = conn.execute(select(t.reviewed.c.by_person_at).where(t.reviewed.c.setl_id == big)).scalar_one()
        returns = conn.execute(select(clearing_returns.c.id, clearing_returns.c.amount, clearing_returns.c.insuplc_admdvs,
                                      clearing_returns.c.kind)).all()  # fmt: skip
    assert [(r.settlement_id, r.clearing_ref) for r in rows] == [(big, d["id"])] and reviewed is not None
    assert [tuple(r) for r in returns] == [(d["id"], 1_500_000, "110100", "deduction")]  # staged as a return in clearing


def test_only_the_treatment_region_decides(client: TestClient, clerk: Headers, stays: dict[str, str]) -> None:
    body = {"key": "x1", "setl_id": stays["big"], "outcome": "accept", "agency_region": "110100"}
    r = client.post("/api/v1/audit/decisions", json=body, headers=clerk)
    assert r.status_code == 409 and r.json()["code"] == "OTHER_REGION"
    assert _decide(client, clerk, "NOPE", "x2", 404)["code"] == "NOT_FOUND"
    bad = _decide(client, clerk, stays["big"], "x3", 422, outcome="deduct", amount_fen=0, reason="")
    assert {p["field"] for p in bad["problems"]} >= {"amount_fen", "reason"}


def test_a_hospital_sees_only_its_own(client: TestClient, clerk: Headers, stays: dict[str, str], bearer) -> None:  # type: ignore[no-untyped-def]
    client.post("/api/v1/audit/run", json={"month": "2026-03", "today": "2026-04-01"}, headers=clerk)
    h = bearer(client, "his-sy", "hospital", hospital_code="H21010000001")
    own = client.get("/api/v1/audit/hits", params={"month": "2026-03", "hospital_code": "H21120000002"}, headers=h)
    assert own.status_code == 200
    assert {x["hospital_code"] for x in own.json()["hits"]} == {"H21010000001"}
    assert client.get(f"/api/v1/audit/settlements/{stays['big']}", headers=h).status_code == 200
    assert client.get(f"/api/v1/audit/settlements/{stays['other']}", headers=h).status_code == 404
    assert client.get("/api/v1/audit/queue", headers=h).status_code == 403
    assert client.post("/api/v1/audit/decisions", json={"key": "h", "setl_id": stays["big"], "outcome": "accept",
                                                         "agency_region": SHENYANG}, headers=h).status_code == 403  # fmt: skip
