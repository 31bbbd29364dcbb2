"""An unexpected failure of the national endpoint (HTTP 500) is kept for 每日报错治理: the daily
report counts it beside the refused transactions, as ``server_error`` of its hospital and infno."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hospital_his import HttpHis
from tests.integration.hospital.conftest import add_hospital

from yidi.adapters.db import session_factory
from yidi.domain.fund.daily_errors import local_day
from yidi.entrypoints.api import national
from yidi.entrypoints.api.app import create_app
from yidi.service_layer.ops_daily import daily
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork


def test_a_server_error_reaches_the_daily_report(huow_factory, engine, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sessions = session_factory(engine)
    app = create_app(uow_factory=lambda: SqlAlchemyUnitOfWork(sessions, clock=clock))
    client = TestClient(app)
    cred = add_hospital(huow_factory, "H21010000003", "3A")
    his = HttpHis(client, "H21010000003", "210100", cred["paasid"], cred["secret"])
    his.sign_in()

    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(national, "call_service", broken)
    env = his.envelope("2301", {"feedetail": []})
    resp = his.client.post("/fsi/api/callService", content=_body(env), headers=his.headers(_body(env)))
    assert resp.status_code == 500 and resp.json()["infcode"] == -1
    with SqlAlchemyUnitOfWork(sessions) as uow:
        rows = uow.fund.server_errors_between(*_wide())
    assert [(r["fixmedins_code"], r["infno"], r["msgid"]) for r in rows] == [
        ("H21010000003", "2301", env["msgid"])
    ]
    today = local_day(rows[0]["at"])
    report = daily(SqlAlchemyUnitOfWork(sessions), today)
    assert [g.as_json() for g in report.groups if g.kind == "server_error"] == [
        {"fixmedins_code": "H21010000003", "infno": "2301", "kind": "server_error", "count": 1,
         "example_msgid": env["msgid"]}
    ]  # fmt: skip
    assert report.groups[0].example_message == "RuntimeError: disk full"


def _body(env: dict[str, object]) -> bytes:
    import json

    return json.dumps(env, ensure_ascii=False).encode()


def _wide():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
