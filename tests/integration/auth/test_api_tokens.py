"""REST sign-in: ``/api/v1/auth/token``, ``/revoke``, ``/me`` and the bearer check on every route."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from yidi.adapters.orm_users import api_tokens
from yidi.domain.accounts import WebRole, WebUser
from yidi.entrypoints.api.app import create_app
from yidi.service_layer import accounts
from yidi.service_layer.api_tokens import TOKEN_LIFETIME
from yidi.service_layer.web_users import create_user

PASSWORD = "s3cret-pass"
T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


class Now:
    """The app's settable clock."""

    def __init__(self) -> None:
        self.at = T0

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def now() -> Now:
    return Now()


@pytest.fixture
def client(uow_factory, now: Now) -> TestClient:  # type: ignore[no-untyped-def]
    app = create_app(uow_factory)
    app.state.now = now
    create_user(uow_factory(), WebUser("wang", WebRole.STAFF, "经办员小王"), PASSWORD)
    return TestClient(app)


def sign_in(client: TestClient, username: str = "wang", password: str = PASSWORD) -> str:
    r = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_password_grant_issues_a_bearer_token_that_works(client: TestClient) -> None:
    r = client.post(
        "/api/v1/auth/token", data={"grant_type": "password", "username": "wang", "password": PASSWORD}
    )
    body = r.json()
    assert r.status_code == 200 and body["token_type"] == "bearer" and body["role"] == "staff"
    assert (
        body["username"] == "wang" and body["expires_in"] == int(TOKEN_LIFETIME.total_seconds()) == 8 * 3600
    )
    me = client.get("/api/v1/auth/me", headers=auth(body["access_token"])).json()
    assert me["username"] == "wang" and me["role_zh"] == "经办人员" and me["actor_role"] == "staff"
    r = client.post("/api/v1/auth/token", json={"username": "wang", "password": PASSWORD})  # JSON too
    assert r.status_code == 200 and r.json()["access_token"] != body["access_token"]


def test_only_the_sha256_of_a_token_is_stored(client: TestClient, uow_factory) -> None:  # type: ignore[no-untyped-def]
    token = sign_in(client)
    uow = uow_factory()
    with uow:
        rows = [dict(r._mapping) for r in uow.session.execute(select(api_tokens))]
    assert [r["token_hash"] for r in rows] == [hashlib.sha256(token.encode()).hexdigest()]
    assert all(token not in str(v) for r in rows for v in r.values())


@pytest.mark.parametrize("username", ["wang", "nobody"])
def test_wrong_password_or_unknown_user_is_the_same_401(client: TestClient, username: str) -> None:
    r = client.post("/api/v1/auth/token", data={"username": username, "password": "wrong-password"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    body = r.json()
    assert body["code"] == "UNAUTHENTICATED" and body["message_zh"] == "用户名或密码不正确，或账号已停用"
    assert body["message_en"]


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic d2FuZzp4"}]
)
def test_missing_or_invalid_token_is_401_on_every_route(client: TestClient, headers: dict[str, str]) -> None:
    for method, path in [
        ("get", "/api/v1/persons/210102195001010012"),
        ("post", "/api/v1/filings"),
        ("get", "/api/v1/claims"),
        ("get", "/api/v1/auth/me"),
        ("post", "/api/v1/auth/revoke"),
    ]:
        r = client.request(method, path, headers=headers)
        assert r.status_code == 401, (path, r.text)
        assert r.headers["www-authenticate"] == "Bearer" and r.json()["code"] == "UNAUTHENTICATED"
    assert client.get("/api/v1/claims/types").status_code == 200  # the one-time notice is public


def test_the_old_actor_header_is_no_longer_trusted(client: TestClient) -> None:
    r = client.get("/api/v1/claims", headers={"X-Yidi-Actor": "staff:wang", "X-Yidi-Channel": "counter"})
    assert r.status_code == 401


def test_a_token_expires_after_its_lifetime(client: TestClient, now: Now) -> None:
    token = sign_in(client)
    now.at = T0 + TOKEN_LIFETIME - timedelta(seconds=1)
    assert client.get("/api/v1/auth/me", headers=auth(token)).status_code == 200
    now.at = T0 + TOKEN_LIFETIME
    r = client.get("/api/v1/auth/me", headers=auth(token))
    assert r.status_code == 401 and "已过期" in r.json()["message_zh"]


def test_revoke_signs_the_token_out(client: TestClient) -> None:
    token, other = sign_in(client), sign_in(client)
    assert client.post("/api/v1/auth/revoke", headers=auth(token)).json() == {"revoked": True}
    assert client.get("/api/v1/auth/me", headers=auth(token)).status_code == 401
    assert client.get("/api/v1/auth/me", headers=auth(other)).status_code == 200  # only that one


def test_a_disabled_account_loses_its_tokens_and_cannot_sign_in(client: TestClient, uow_factory) -> None:  # type: ignore[no-untyped-def]
    token = sign_in(client)
    accounts.set_disabled(uow_factory(), "wang", True)
    assert client.get("/api/v1/auth/me", headers=auth(token)).status_code == 401
    r = client.post("/api/v1/auth/token", data={"username": "wang", "password": PASSWORD})
    assert r.status_code == 401
    accounts.set_disabled(uow_factory(), "wang", False)
    assert client.get("/api/v1/auth/me", headers=auth(token)).status_code == 401  # revoked for good
    assert client.get("/api/v1/auth/me", headers=auth(sign_in(client))).status_code == 200


def test_a_password_reset_revokes_the_tokens(client: TestClient, uow_factory) -> None:  # type: ignore[no-untyped-def]
    token = sign_in(client)
    accounts.reset_password(uow_factory(), "wang", "new-password-1")
    assert client.get("/api/v1/auth/me", headers=auth(token)).status_code == 401
    assert (
        client.post("/api/v1/auth/token", data={"username": "wang", "password": PASSWORD}).status_code == 401
    )
    sign_in(client, password="new-password-1")


def test_the_channel_must_suit_the_role(client: TestClient) -> None:
    token = sign_in(client)
    r = client.get("/api/v1/claims", headers={**auth(token), "X-Yidi-Channel": "hospital_admission"})
    assert r.status_code == 422 and r.json()["field"] == "channel"
