"""Server-side web sessions (issue 13 scope 4): sign-out, a password reset and disabling end the
session at once (a copied cookie stops working); the cookie is opaque; the CSRF token is bound to
the session and changes at sign-in; cookies are HttpOnly, SameSite=Lax and Secure under https."""

from __future__ import annotations

import base64

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
