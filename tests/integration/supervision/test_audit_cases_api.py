"""协查, 问题协同 and inspections over ``/api/v1/audit`` on a real database: who may act at each
step, deadlines, the deduction a confirmed 协查 returns, full histories, and a hospital that sees
only its own tickets and inspections."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.integration.supervision.audit_rows import ASPIRIN, PCI, SHENYANG, Stay, add, march

from yidi.entrypoints.api.app import create_app
from yidi.service_layer import supervision_xiecha as sx

Headers = dict[str, str]
BEIJING, SY = "110100", "210100"


@pytest.fixture
def client(uow_factory) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(uow_factory))


@pytest.fixture
def staff(client: TestClient, bearer) -> Headers:  # type: ignore[no-untyped-def]
    return bearer(client, "li", "staff", "counter")  # type: ignore[no-any-return]


@pytest.fixture
def big(engine: Engine, new_id_number: Callable[..., str]) -> str:
    return add(engine, Stay(new_id_number(), BEIJING, march(2), march(10), [(PCI, "1", 3_200_000), (ASPIRIN, "10", 10_000)]))


def _post(client: TestClient, h: Headers, url: str, code: int = 200, **body: object) -> dict:  # type: ignore[type-arg]
    r = client.post(f"/api/v1/audit{url}", json=body, headers=h)
    assert r.status_code == code, r.text
    return r.json()  # type: ignore[no-any-return]


def test_xiecha_open_answer_confirm(client: TestClient, staff: Headers, big: str) -> None:
    deadline = (date.today() + timedelta(days=10)).isoformat()
    assert _post(client, staff, "/xiecha/cases", 409, setl_id=big, questions=["支架是否使用"],
                 agency_region=SY)["code"] == "NOT_INSURED_REGION"  # fmt: skip
    past = _post(client, staff, "/xiecha/cases", 422, setl_id=big, questions=["q"], deadline="2020-01-01",
                 agency_region=BEIJING)  # fmt: skip
    assert past["problems"][0]["field"] == "deadline"
    case = _post(client, staff, "/xiecha/cases", setl_id=big, questions=["支架是否使用", "住院天数"],
                 deadline=deadline, agency_region=BEIJING)  # fmt: skip
    assert case["status"] == "open" and case["deadline"] == deadline
    cid = case["id"]
    assert _post(client, staff, f"/xiecha/cases/{cid}/answer", 404, findings="x", agency_region="220100")
    assert _post(client, staff, f"/xiecha/cases/{cid}/answer", 409, findings="x",
                 agency_region=BEIJING)["code"] == "NOT_ADDRESSED"  # fmt: skip
    answered = _post(client, staff, f"/xiecha/cases/{cid}/answer", findings="支架重复计费", attachments=["病历.pdf"],
                     suspected_fen=70_000, agency_region=SY)  # fmt: skip
    assert answered["status"] == "answered" and answered["answer"]["late"] is False
    too_much = _post(client, staff, f"/xiecha/cases/{cid}/confirm", 409, amount_fen=9_999_999, agency_region=BEIJING)
    assert too_much["code"] == "DEDUCTION_ABOVE_FUND"
    done = _post(client, staff, f"/xiecha/cases/{cid}/confirm", amount_fen=70_000, reason="支架重复计费",
                 agency_region=BEIJING)  # fmt: skip
    assert done["status"] == "confirmed" and [h["action"] for h in done["history"]] == ["open", "answer", "confirm"]
    review = client.get(f"/api/v1/audit/settlements/{big}", headers=staff).json()
    assert [(d["source"], d["amount_fen"], d["insured_region"]) for d in review["deductions"]] == [
        ("xiecha", 70_000, BEIJING)]  # fmt: skip


def test_overdue_case_escalates_once(client: TestClient, staff: Headers, big: str, uow_factory) -> None:  # type: ignore[no-untyped-def]
    case = _post(client, staff, "/xiecha/cases", setl_id=big, questions=["q"], agency_region=BEIJING)
    later = datetime.fromisoformat(case["deadline"]) + timedelta(days=1, hours=12)
    assert sx.escalate_overdue(uow_factory(), now=later) == [case["id"]]
    assert sx.escalate_overdue(uow_factory(), now=later) == []
    got = client.get(f"/api/v1/audit/xiecha/cases/{case['id']}", headers=staff).json()
    assert got["status"] == "escalated" and got["history"][-1]["action"] == "escalate"


def test_ticket_life_and_a_hospital_sees_its_own(client: TestClient, staff: Headers, big: str, bearer) -> None:  # type: ignore[no-untyped-def]
    h = bearer(client, "his-sy", "hospital", hospital_code=SHENYANG)
    other = bearer(client, "his-tl", "hospital", hospital_code="H21120000002")
    t = _post(client, h, "/tickets", kind="settlement_failure", subject="2304 返回余额不足", addressed_kind="agency",
              addressed_code=SY, setl_id=big)  # fmt: skip
    assert t["status"] == "open" and t["raised_by"] == {"kind": "hospital", "code": SHENYANG}
    assert _post(client, staff, "/tickets", 422, kind="system", subject="x", addressed_kind="hospital",
                 addressed_code=SHENYANG, agency_region=SY)["problems"][0]["field"] == "link"  # fmt: skip
    tid = t["id"]
    assert _post(client, h, f"/tickets/{tid}/respond", 409)["code"] == "NOT_ADDRESSEE"
    _post(client, staff, f"/tickets/{tid}/respond", note="已收到", agency_region=SY)
    _post(client, staff, f"/tickets/{tid}/resolve", note="已重新结算", agency_region=SY)
    _post(client, h, f"/tickets/{tid}/reopen", note="仍不一致")
    _post(client, staff, f"/tickets/{tid}/resolve", 409, note="x", agency_region=SY)  # reopened: respond first
    done = _post(client, staff, f"/tickets/{tid}/handle", note="核对中", agency_region=SY)
    assert done["reopened"] == 1
    actions = [e["action"] for e in done["history"]]
    assert actions == ["raise", "respond", "resolve", "reopen", "handle"]
    assert [x["id"] for x in client.get("/api/v1/audit/tickets", headers=h).json()["items"]] == [tid]
    assert client.get("/api/v1/audit/tickets", headers=other).json()["items"] == []
    assert client.get(f"/api/v1/audit/tickets/{tid}", headers=other).status_code == 404


def test_inspection_plan_findings_and_the_yearly_indicator(client: TestClient, staff: Headers, big: str, bearer) -> None:  # type: ignore[no-untyped-def]
    plan = _post(client, staff, "/inspections", hospital_code=SHENYANG, kind="routine", planned_on="2026-05-01")
    iid = plan["id"]
    before = client.get("/api/v1/audit/inspections", params={"year": 2026}, headers=staff).json()
    assert before["coverage"]["uncovered"] == [SHENYANG] and before["coverage"]["ratio"] == "0.00"
    missing = _post(client, staff, f"/inspections/{iid}/complete", 422, done_on="2026-05-02")
    assert len(missing["problems"]) == len(plan["checklist"])
    assert _post(client, staff, f"/inspections/{iid}/findings", 422, item="pricing", compliant=False)
    for item in plan["checklist"]:
        _post(client, staff, f"/inspections/{iid}/findings", item=item["item"], compliant=True)
    _post(client, staff, f"/inspections/{iid}/complete", done_on="2026-05-02")
    after = client.get("/api/v1/audit/inspections", params={"year": 2026}, headers=staff).json()
    assert after["coverage"]["ratio"] == "1.00" and after["coverage"]["uncovered"] == []
    own = client.get("/api/v1/audit/inspections", params={"year": 2026},
                     headers=bearer(client, "his-x", "hospital", hospital_code="H21120000002")).json()  # fmt: skip
    assert own["items"] == [] and "coverage" not in own
