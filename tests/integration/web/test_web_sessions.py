"""Server-side web sessions (issue 13 scope 4): sign-out, a password reset, a role change and disabling end the
session at once (a copied cookie stops working); the cookie is opaque; the CSRF token is bound to
the session and changes at sign-in; cookies are HttpOnly, SameSite=Lax and Secure under https."""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient
from tests.integration.web.conftest import token

from yidi.service_layer import accounts
from yidi.service_layer.demo_seed import PERSONS


def cookie_of(client: TestClient) -> str:
    return str(client.cookies.get("yidi_session"))


def copy_with(app, cookie: str) -> TestClient:  # type: ignore[no-untyped-def]
    thief = TestClient(app, follow_redirects=False)
    thief.cookies.set("yidi_session", cookie)
    return thief


def test_sign_out_ends_the_session_on_the_server(app, login) -> None:  # type: ignore[no-untyped-def]
    client = login("canbao")
    stolen = copy_with(app, cookie_of(client))
    assert stolen.get("/ui/me/filings").status_code == 200
    page = client.get("/ui/")
    assert client.post("/ui/logout", data={"csrf_token": token(page.text)}).status_code == 303
    assert stolen.get("/ui/me/filings").status_code == 303  # to the sign-in page


def test_password_reset_and_disabling_end_every_session(app, login, uow_factory) -> None:  # type: ignore[no-untyped-def]
    first, second = login("jingban"), login("jingban")
    accounts.reset_password(uow_factory(), "jingban", "a-new-pass-word-9")
    assert first.get("/ui/staff/claims").status_code == 303
    assert second.get("/ui/staff/claims").status_code == 303
    other = login("shenpi")
    accounts.set_disabled(uow_factory(), "shenpi", True)
    assert other.get("/ui/staff/claims").status_code == 303


def test_the_cookie_is_opaque_and_csrf_is_bound_to_the_session(app, login) -> None:  # type: ignore[no-untyped-def]
    client = login("canbao")
    cookie = cookie_of(client)
    padded = cookie + "=" * (-len(cookie) % 4)
    decoded = base64.urlsafe_b64decode(padded.encode())
    assert PERSONS[0].id_number.encode() not in decoded and b"canbao" not in decoded and "." not in cookie
    mine = token(client.get("/ui/").text)
    again = login("canbao")  # a second sign-in: another session, another token
    assert token(again.get("/ui/").text) != mine
    # a token of one session does not serve another
    r = again.post("/ui/logout", data={"csrf_token": mine})
    assert r.status_code == 403


def test_cookie_flags(app) -> None:  # type: ignore[no-untyped-def]
    from yidi.service_layer.web_users import DEMO_PASSWORD

    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    page = client.get("/ui/login")
    r = client.post(
        "/ui/login", data={"username": "jingban", "password": DEMO_PASSWORD, "csrf_token": token(page.text)}
    )
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("yidi_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie


def test_a_role_change_ends_every_session_and_token(app, login, uow_factory) -> None:  # type: ignore[no-untyped-def]
    """Scope 4 "logout, password reset, role change and disabling end every session at once":
    the administrator turns 医疗机构 yiyuan into an insured account on the account page."""
    from yidi.service_layer import audit
    from yidi.service_layer.web_users import DEMO_PASSWORD

    hospital = login("yiyuan")
    assert hospital.get("/ui/").status_code == 200
    rest = TestClient(app)
    got = rest.post("/api/v1/auth/token", data={"username": "yiyuan", "password": DEMO_PASSWORD}).json()
    bearer = {"Authorization": f"Bearer {got['access_token']}"}
    assert rest.get("/api/v1/auth/me", headers=bearer).status_code == 200

    admin = login("admin")
    form = admin.get("/ui/admin/users/yiyuan")
    assert 'action="/ui/admin/users/yiyuan/role"' in form.text
    refused = admin.post(
        "/ui/admin/users/yiyuan/role",
        data={"csrf_token": token(form.text), "role": "insured", "id_number": ""},
    )
    assert refused.status_code == 422 and "参保人账号须填写身份证号" in refused.text
    assert hospital.get("/ui/").status_code == 200  # a refused change ends nothing
    r = admin.post(
        "/ui/admin/users/yiyuan/role",
        data={"csrf_token": token(form.text), "role": "insured", "id_number": PERSONS[1].id_number},
    )
    assert r.status_code == 303 and r.headers["location"].endswith("done=role")
    assert hospital.get("/ui/").status_code == 303  # signed out: sign in again under the new role
    assert rest.get("/api/v1/auth/me", headers=bearer).status_code == 401
    again = login("yiyuan")
    assert again.get("/ui/me/filings").status_code == 200
    entry = audit.search(uow_factory, action="account.role", subject="yiyuan")[0]
    assert entry["actor"] == "admin:admin" and entry["detail"]["before"] == "hospital"
    assert entry["detail"]["after"] == "insured"


def test_raising_to_staff_asks_a_staff_password_and_the_last_admin_stays(app, login, uow_factory) -> None:  # type: ignore[no-untyped-def]
    from yidi.domain.accounts import WebRole
    from yidi.domain.errors import InvalidInput
    from yidi.service_layer import account_roles

    citizen = login("canbao")
    change = account_roles.change_role
    for weak in ("", "password123", "short"):
        with pytest.raises(InvalidInput) as refused:
            change(uow_factory(), "canbao", WebRole.STAFF, password=weak, by="test")
        assert refused.value.problems[0].field == "password"
    assert citizen.get("/ui/me/filings").status_code == 200
    change(uow_factory(), "canbao", WebRole.STAFF, password="a-long-new-pass-9", by="test")
    assert citizen.get("/ui/me/filings").status_code == 303
    admins = [u.username for u in accounts.list_accounts(uow_factory()) if u.role is WebRole.ADMIN]
    for name in admins[1:]:
        change(uow_factory(), name, WebRole.STAFF, by="test")
    with pytest.raises(InvalidInput) as last:
        change(uow_factory(), admins[0], WebRole.STAFF, by="test")
    assert "最后一个" in last.value.problems[0].zh
