"""``/api/v1/clearing`` on a real database: the same statements as the CLI, the 参保地's
confirmation (another region's statement → 403, its own differing totals → 422 naming each
difference), disputes, payments through to the hospitals, advance funds and the ledger."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.fakes import Clock
from tests.integration.clearing.world import PAIRS, World

from yidi.domain.actors import Actor, Channel, Role
from yidi.entrypoints.api.app import create_app
from yidi.service_layer import clearing_agency

Headers = dict[str, str]
SYSTEM = Actor("test", Role.SYSTEM, Channel.SYSTEM)


@pytest.fixture
def client(uow_factory: Callable[[], Any]) -> TestClient:
    return TestClient(create_app(uow_factory))


@pytest.fixture
def staff(client: TestClient, bearer: Any, uow_factory: Callable[[], Any]) -> dict[str, Headers]:
    """Staff of 沈阳 (210100, 参保地 of PAIRS[0]), 铁岭 (211200, 就医地 of PAIRS[0]), and one with no region."""
    out = {}
    for user, region in (("sy", "210100"), ("tl", "211200"), ("none", None)):
        out[user] = bearer(client, user, "staff", "counter")
        if region:
            clearing_agency.assign(uow_factory(), SYSTEM, user, region)
    return out


@pytest.fixture
def built(engine: Engine, client: TestClient, staff: dict[str, Headers], clock: Clock) -> dict[str, Any]:
    with engine.begin() as conn:
        w = World(conn).setup()
        a = w.settle(PAIRS[0], 0, datetime(2025, 12, 5, 9), 10_000, 2_000, 3_000)
        b = w.settle(PAIRS[0], 1, datetime(2025, 12, 20, 9), 50_000, 0, 5_000)
        w.settle(PAIRS[3], 0, datetime(2025, 12, 21, 9), 80_000, 0, 1_000)
    clock.today = date(2026, 1, 6)
    r = client.post("/api/v1/clearing/months/2025-12/run", json={}, headers=staff["sy"])
    assert r.status_code == 200, r.text
    return {"a": a, "b": b, "run": r.json()}


def test_statements_match_the_cli_and_confirm_is_the_insured_regions(
    client: TestClient, staff: dict[str, Headers], built: dict[str, Any], clock: Clock
) -> None:
    sid = "202512-210100-211200"
    listed = client.get("/api/v1/clearing/months/2025-12/statements", headers=staff["tl"]).json()
    first = listed["statements"][0]
    assert {k: first[k] for k in built["run"]["statements"][0]} == built["run"]["statements"][0]
    assert first["id"] == sid and first["status"] == "built" and first["confirm_by"] == "2026-01-16"
    lines = client.get(
        "/api/v1/clearing/months/2025-12/lines",
        params={"insuplc": "210100", "mdtrtarea": "211200"},
        headers=staff["tl"],
    ).json()["lines"]
    assert [x["setl_id"] for x in lines] == [built["a"].setl_id, built["b"].setl_id]

    r = client.post(f"/api/v1/clearing/statements/{sid}/confirm", json={}, headers=staff["tl"])
    assert r.status_code == 403 and r.json()["code"] == "FORBIDDEN"  # 铁岭 is not the 参保地
    r = client.post(f"/api/v1/clearing/statements/{sid}/confirm", json={}, headers=staff["none"])
    assert r.status_code == 403
    r = client.post(f"/api/v1/clearing/statements/{sid}/confirm", json={"totals": {"fund_pay_sumamt": "601.00"}},
                    headers=staff["sy"])  # fmt: skip
    assert r.status_code == 422 and r.json()["facts"]["differences"] == {"fund_pay_sumamt": 100}
    r = client.post(
        f"/api/v1/clearing/statements/{sid}/dispute",
        json={"disputes": [{"setl_id": built["b"].setl_id, "reason": "重复收费", "route": "next_month"}]},
        headers=staff["sy"],
    )
    assert r.status_code == 200 and r.json()["disputed_amount"] == "500.00"
    r = client.post(f"/api/v1/clearing/statements/{sid}/confirm", json={}, headers=staff["sy"])
    assert r.status_code == 200 and r.json()["status"] == "confirmed" and r.json()["clr_stas"] == "20"
    assert (
        client.post(f"/api/v1/clearing/statements/{sid}/confirm", json={}, headers=staff["sy"]).status_code
        == 409
    )
    assert client.post(f"/api/v1/clearing/statements/{sid}/pay", headers=staff["tl"]).status_code == 403
    assert client.post(f"/api/v1/clearing/statements/{sid}/pay", headers=staff["sy"]).status_code == 200
    assert (
        client.post(f"/api/v1/clearing/statements/{sid}/pay-hospitals", headers=staff["sy"]).status_code
        == 403
    )
    done = client.post(f"/api/v1/clearing/statements/{sid}/pay-hospitals", headers=staff["tl"]).json()
    assert done["status"] == "closed" and done["clr_stas"] == "50"
    one = client.get(f"/api/v1/clearing/statements/{sid}", headers=staff["tl"]).json()
    assert one["line_count"] == 2 and one["disputes"][0]["reason"] == "重复收费"
    assert one["hospitals"] == {built["a"].hospital: "120.00"}

    ledger = client.get("/api/v1/clearing/ledger", headers=staff["tl"]).json()
    assert ledger["check"]["balanced"] is True and ledger["check"]["entries"] == 3
    assert client.get("/api/v1/clearing/ledger/check", headers=staff["tl"]).json() == ledger["check"]
    hospital_account = f"hospital:{built['a'].hospital}/income"
    assert {a["account"]: a["balance"] for a in ledger["accounts"]}[hospital_account] == "120.00"
    postings = client.get(f"/api/v1/clearing/ledger/accounts/{hospital_account}", headers=staff["tl"]).json()
    assert [p["amount"] for p in postings["postings"]] == ["120.00"]


def test_advance_funds_assessment_usage_and_top_up(
    client: TestClient, staff: dict[str, Headers], built: dict[str, Any], clock: Clock
) -> None:
    r = client.post("/api/v1/clearing/advance/assess", json={"year": 2026}, headers=staff["sy"])
    assert r.status_code == 200, r.text
    notices = {(n["insuplc_admdvs"], n["mdtrtarea_admvs"]): n for n in r.json()["notices"]}
    assert notices[("210100", "211200")]["amount"] == "50000.00"  # the minimum (A-CLR-07)
    again = client.post("/api/v1/clearing/advance/assess", json={"year": 2026}, headers=staff["sy"]).json()
    assert again["notices"] == []  # one annual notice per pair and year
    view = client.get("/api/v1/clearing/advance", headers=staff["tl"]).json()
    pair = next(
        p for p in view["pairs"] if (p["insuplc_admdvs"], p["mdtrtarea_admvs"]) == ("210100", "211200")
    )
    assert pair["held"] == "50000.00" and pair["usage"]["warning"] is False
    r = client.post("/api/v1/clearing/advance/top-up", json={"insuplc_admdvs": "210100", "mdtrtarea_admvs": "211200"},
                    headers=staff["sy"])  # fmt: skip
    assert r.status_code == 409 and r.json()["code"] == "NO_TOP_UP_DUE"
    nid = notices[("210100", "211200")]["id"]
    assert (
        client.get(f"/api/v1/clearing/advance/notices/{nid}", headers=staff["tl"]).json()["kind"] == "annual"
    )
    assert client.get("/api/v1/clearing/ledger/check", headers=staff["tl"]).json()["balanced"] is True


def test_hospitals_and_insured_people_are_refused(client: TestClient, bearer: Any) -> None:
    hospital = bearer(client, "yy", "hospital", "hospital_admission", hospital_code="H21010000001")
    assert client.get("/api/v1/clearing/months", headers=hospital).status_code == 403
    assert client.get("/api/v1/clearing/months").status_code == 401
