"""Sign-in, roles, session cookie flags and the CSRF check."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.integration.web.conftest import token


def test_pages_need_sign_in_and_redirect_back(app) -> None:
    client = TestClient(app, follow_redirects=False)
    r = client.get("/ui/me/filings")
    assert r.status_code == 303
    assert r.headers["location"] == "/ui/login?next=/ui/me/filings"


def test_wrong_password_is_shown_beside_the_form(app) -> None:
    client = TestClient(app)
    page = client.get("/ui/login")
    r = client.post(
        "/ui/login", data={"username": "canbao", "password": "nope-nope", "csrf_token": token(page.text)}
    )
    assert r.status_code == 400
    assert "用户名或密码不正确" in r.text
    assert 'value="canbao"' in r.text


def test_session_cookie_is_httponly_and_samesite(app) -> None:
    client = TestClient(app, follow_redirects=False)
    page = client.get("/ui/login")
    from yidi.service_layer.web_users import DEMO_PASSWORD

    r = client.post(
        "/ui/login", data={"username": "jingban", "password": DEMO_PASSWORD, "csrf_token": token(page.text)}
    )
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("yidi_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_post_without_csrf_token_is_refused(login) -> None:
    client = login("canbao")
    r = client.post("/ui/me/estimate", data={"medfee_sumamt": "100"})
    assert r.status_code == 403
    assert "表单已过期" in r.text


def test_roles_are_enforced(login) -> None:
    insured = login("canbao")
    assert insured.get("/ui/staff/claims").status_code == 403
    assert insured.get("/ui/desk/criteria").status_code == 403
    hospital = login("yiyuan")
    assert hospital.get("/ui/desk/criteria").status_code == 200
    assert hospital.get("/ui/me/filings").status_code == 403
    admin = login("admin")
    assert admin.get("/ui/staff/policy").status_code == 200


def test_home_lists_the_tasks_of_the_role(login) -> None:
    assert "自助备案" in login("canbao").get("/ui/").text
    assert "手工报销队列" in login("jingban").get("/ui/").text
