"""Seed 004 四 (每日报错治理): every server error of a day is in the daily report — not only the
national endpoint's, but REST's and the web pages' too (the error mapping's catch-all and every
named 5xx refusal), as ``fixmedins_code`` "" and ``infno`` "api" / "web", with the request id the
answer carried (``X-Request-ID``) as the example; a client's refusal (4xx) is not a server error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from yidi.domain.errors import Kind, NotFound, refusal
from yidi.domain.fund.daily_errors import local_day
from yidi.entrypoints.api.app import create_app
from yidi.service_layer.ops_daily import daily
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

BROKEN = refusal("POLICY_DATA_BROKEN", Kind.INTERNAL, "政策数据有误", "policy data broken")


def _client(uow_factory: Callable[[], SqlAlchemyUnitOfWork]) -> TestClient:
    app = create_app(uow_factory=uow_factory)

    def crash() -> None:
        raise RuntimeError("disk full")

    def broken() -> None:
        raise BROKEN

    def missing() -> None:
        raise NotFound("claim", "C1")

    for path, fn in (("/api/v1/_crash", crash), ("/ui/_crash", crash), ("/api/v1/_broken", broken),
                     ("/ui/_broken", broken), ("/api/v1/_missing", missing), ("/ui/_missing", missing)):  # fmt: skip
        app.add_api_route(path, fn, methods=["GET"])
    return TestClient(app, raise_server_exceptions=False)


def test_rest_and_page_server_errors_reach_the_daily_report(uow_factory) -> None:  # type: ignore[no-untyped-def]
    client = _client(uow_factory)
    crash = client.get("/api/v1/_crash", headers={"X-Request-ID": "client-req-1"})
    assert crash.status_code == 500 and crash.json()["code"] == "INTERNAL_ERROR"
    assert crash.headers["X-Request-ID"] == "client-req-1"  # the caller's own id, kept
    page = client.get("/ui/_crash", headers={"X-Request-ID": "bad id with spaces"})
    assert page.status_code == 500 and "系统出错了" in page.text
    page_id = page.headers["X-Request-ID"]
    assert len(page_id) == 24 and page_id != "bad id with spaces"  # a fresh id instead
    assert client.get("/api/v1/_broken").status_code == 500
    assert client.get("/ui/_broken").status_code == 500
    assert client.get("/api/v1/_missing").status_code == 404  # the client's problem: not counted
    assert client.get("/ui/_missing").status_code == 404
    assert "X-Request-ID" not in client.get("/api/v1/_missing").headers

    with uow_factory() as uow:
        rows = uow.fund.server_errors_between(
            datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
        )
    assert [(r["fixmedins_code"], r["infno"], r["kind"], r["path"]) for r in rows] == [
        ("", "api", "server_error", "/api/v1/_crash"),
        ("", "web", "server_error", "/ui/_crash"),
        ("", "api", "internal", "/api/v1/_broken"),
        ("", "web", "internal", "/ui/_broken"),
    ]
    assert rows[0]["error"] == "RuntimeError: disk full" and rows[2]["error"].startswith("POLICY_DATA_BROKEN")

    report = daily(uow_factory(), local_day(rows[0]["at"]))
    assert report.as_json()["total"] == 4
    assert sorted(report.as_json()["errors"], key=lambda e: (e["infno"], e["kind"])) == [
        {"fixmedins_code": "", "infno": "api", "kind": "internal", "count": 1,
         "example_msgid": rows[2]["request_id"]},
        {"fixmedins_code": "", "infno": "api", "kind": "server_error", "count": 1, "example_msgid": "client-req-1"},
        {"fixmedins_code": "", "infno": "web", "kind": "internal", "count": 1,
         "example_msgid": rows[3]["request_id"]},
        {"fixmedins_code": "", "infno": "web", "kind": "server_error", "count": 1, "example_msgid": page_id},
    ]  # fmt: skip
