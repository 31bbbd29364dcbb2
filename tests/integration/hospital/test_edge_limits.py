"""Limits at every edge (issue 13 scope 7): each server error of the security review is now a
named 4xx, and a national request is judged on its headers before its body is read."""

from __future__ import annotations

import io
import json
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from tests.integration.hospital.conftest import add_hospital

from yidi.adapters.db import session_factory
from yidi.domain.national.errors import NationalError
from yidi.domain.national.recon_file import read_upload
from yidi.entrypoints.api.app import create_app
from yidi.service_layer.hospital.auth import sign
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork


@pytest.fixture
def client(engine, clock, monkeypatch: pytest.MonkeyPatch) -> TestClient:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("YIDI_MAX_BODY_BYTES", "100000")
    sessions = session_factory(engine)
    return TestClient(create_app(uow_factory=lambda: SqlAlchemyUnitOfWork(sessions, clock=clock)))


def deep(n: int) -> bytes:
    return b"[" * n + b"]" * n


def test_body_size_is_refused_before_reading(client: TestClient) -> None:
    big = b"{" + b" " * 200_000 + b"}"
    r = client.post("/api/v1/auth/token", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "BODY_TOO_LARGE"

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(30):
            yield b"x" * 10_000

    r = client.post(
        "/api/v1/auth/token", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert r.status_code == 413


def test_deep_json_and_not_a_number_are_named_refusals(client: TestClient, bearer) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/v1/auth/token", content=deep(1000), headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["code"] == "JSON_TOO_DEEP"
    staff = bearer(client, "wang", "staff", "counter")
    for constant in ("NaN", "Infinity", "-Infinity"):
        body = '{"name": "王五", "insutype": "310", "psn_type": "12", "insured_region": "219900", "account_balance_fen": %s}'
        r = client.put(
            "/api/v1/persons/210102197001010016", content=body % constant,
            headers={**staff, "content-type": "application/json"},
        )  # fmt: skip
        assert r.status_code == 422 and r.json()["code"] == "JSON_NOT_A_NUMBER", r.text


def test_query_integers_are_bounded(client: TestClient, bearer) -> None:  # type: ignore[no-untyped-def]
    staff = bearer(client, "wang", "staff", "counter")
    r = client.get("/api/v1/claims", params={"offset": "9223372036854775808"}, headers=staff)
    assert r.status_code == 422 and r.json()["code"] == "INVALID_INPUT"


def signed(cred: dict[str, str], body: bytes, **over: str) -> dict[str, str]:
    ts, nonce = str(int(time.time())), f"n{time.time_ns()}"
    headers = {"x-tif-paasid": cred["paasid"], "x-tif-timestamp": ts, "x-tif-nonce": nonce,
               "x-tif-signature": sign(cred["secret"], ts, nonce, body),
               "content-type": "application/json"}  # fmt: skip
    return {**headers, **over}


def test_national_timestamp_depth_and_refusal_log(client: TestClient, huow_factory) -> None:  # type: ignore[no-untyped-def]
    cred = add_hospital(huow_factory, "H21010000066")
    r = client.post("/fsi/api/callService", content=b"{}", headers=signed(cred, b"{}", **{"x-tif-timestamp": "²".encode()}))  # type: ignore[arg-type]
    assert r.status_code == 401 and r.json()["infcode"] == -1
    body = deep(1000)
    r = client.post("/fsi/api/callService", content=body, headers=signed(cred, body))
    assert r.status_code == 200 and r.json()["infcode"] == -1 and "嵌套" in r.json()["err_msg"]
    nan = b'{"infno": "1101", "input": {"x": NaN}}'
    r = client.post("/fsi/api/callService", content=nan, headers=signed(cred, nan))
    assert r.json()["infcode"] == -1 and "NaN" in r.json()["err_msg"]
    for _ in range(30):  # a flood of refusals: at most 20 rows a minute per address
        client.post("/fsi/api/callService", content=b"{}", headers={"x-tif-paasid": "nobody"})
    with huow_factory() as uow:
        assert len(uow.hospital.auth_events()) <= 21


def test_an_unsigned_national_body_is_not_read(client: TestClient) -> None:
    """Security review (Low): "Unsigned national bodies are read in full before authentication" —
    an unknown paasid is refused on its headers; of a 20-chunk body not one chunk is received."""
    import anyio

    received: list[int] = []
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        received.append(1)
        return {"type": "http.request", "body": b"x" * 50_000, "more_body": len(received) < 20}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/fsi/api/callService", "raw_path": b"/fsi/api/callService", "query_string": b"", "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"), (b"x-tif-paasid", b"nobody"),
                    (b"x-tif-timestamp", str(int(time.time())).encode()), (b"x-tif-nonce", b"abcdef123"),
                    (b"x-tif-signature", b"00")],
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80), "state": {},
    }  # fmt: skip
    # on a thread of its own: the browser tests' Playwright (sync API) keeps an event loop in this one
    with ThreadPoolExecutor(1) as thread:
        thread.submit(anyio.run, client.app, scope, receive, send).result()  # type: ignore[arg-type]
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 401 and received == []


def test_a_zip_bomb_is_refused_by_size_and_ratio() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("detail.txt", b"0" * 20_000_000)  # 20 MB of zeros: ~20 KB compressed
    with pytest.raises(NationalError, match="解压后过大"):
        read_upload(buf.getvalue(), "input.data.file")


def test_security_headers_on_api_answers(client: TestClient) -> None:
    r = client.get("/ui/login")
    for name in ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy",
                 "permissions-policy"):  # fmt: skip
        assert name in r.headers, name
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert "'unsafe-inline'" not in r.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    assert r.headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in r.headers
    https = TestClient(client.app, base_url="https://testserver")
    assert "max-age" in https.get("/ui/login").headers["strict-transport-security"]
    assert json.loads(client.get("/api/v1/persons/x").text)["status"] in (401, 404)
