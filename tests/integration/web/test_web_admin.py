"""Account administration pages (/ui/admin/users): admin only, create per role, reset, disable."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.integration.web.conftest import token

from yidi.service_layer.demo_seed import HOSPITALS, PERSONS
from yidi.service_layer.web_users import DEMO_PASSWORD


def post(client: TestClient, path: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    page = client.get("/ui/admin/users/new")
    return client.post(path, data={**data, "csrf_token": token(page.text)})


def sign_in(app, username: str, password: str):  # type: ignore[no-untyped-def]
    client = TestClient(app, follow_redirects=False)
    page = client.get("/ui/login")
    return client.post(
        "/ui/login", data={"username": username, "password": password, "csrf_token": token(page.text)}
    )


@pytest.mark.parametrize("who", ["jingban", "canbao", "yiyuan"])
def test_only_the_administrator_reaches_the_pages(login, who: str) -> None:
    client = login(who)
    assert client.get("/ui/admin/users").status_code == 403
    assert client.get("/ui/admin/users/new").status_code == 403
    assert "账号管理" not in client.get("/ui/").text


def test_the_list_shows_every_account_and_the_start_page_links_it(login) -> None:
    client = login("admin")
    assert 'href="/ui/admin/users"' in client.get("/ui/").text
    page = client.get("/ui/admin/users").text
    for name in ("canbao", "jingban", "shenpi", "yiyuan", "admin"):
        assert f'id="account-{name}"' in page
    assert PERSONS[0].id_number in page and HOSPITALS[0][0] in page and "参保人" in page


def test_create_an_insured_account_that_then_signs_in(app, login) -> None:
    client = login("admin")
    data = {"role": "insured", "username": "lisi", "display_name": "李四", "password": "pass-word-1"}
    r = post(client, "/ui/admin/users/new", {**data, "id_number": PERSONS[1].id_number})
    assert r.status_code == 303 and r.headers["location"] == "/ui/admin/users/lisi?done=created"
    assert "账号已创建" in client.get(r.headers["location"]).text
    assert sign_in(app, "lisi", "pass-word-1").status_code == 303


def test_errors_are_shown_beside_the_fields(login) -> None:
    client = login("admin")
    r = post(
        client,
        "/ui/admin/users/new",
        {
            "role": "insured",
            "username": "x",
            "display_name": "",
            "password": "short",
            "id_number": "210102199001011234",
        },
    )
    assert r.status_code == 422
    for field in ("username", "display_name", "password", "id_number"):
        assert f'id="e-{field}"' in r.text
    assert "密码至少 8 位" in r.text and 'value="x"' in r.text and "short" not in r.text
    r = post(
        client,
        "/ui/admin/users/new",
        {
            "role": "hospital",
            "username": "h2",
            "display_name": "某医院",
            "password": "pass-word-1",
            "hospital_code": "H99999999999",
        },
    )
    assert r.status_code == 422 and "没有此定点医疗机构编码" in r.text
    r = post(
        client,
        "/ui/admin/users/new",
        {
            "role": "insured",
            "username": "nobody1",
            "display_name": "无",
            "password": "pass-word-1",
            "id_number": "11010519491231002X",
        },
    )
    assert r.status_code == 422 and "尚未登记为参保人员" in r.text
    r = post(
        client,
        "/ui/admin/users/new",
        {"role": "staff", "username": "jingban", "display_name": "重", "password": "pass-word-1"},
    )
    assert r.status_code == 422 and "用户名已存在" in r.text


def test_create_a_hospital_account(login) -> None:
    client = login("admin")
    r = post(
        client,
        "/ui/admin/users/new",
        {
            "role": "hospital",
            "username": "yiyuan2",
            "display_name": HOSPITALS[1][1],
            "password": "pass-word-1",
            "hospital_code": HOSPITALS[1][0],
        },
    )
    assert r.status_code == 303
    assert HOSPITALS[1][0] in client.get("/ui/admin/users/yiyuan2").text


def test_reset_a_password(app, login) -> None:
    client = login("admin")
    r = post(
        client, "/ui/admin/users/canbao/password", {"password": "new-pass-1", "password_again": "other-1"}
    )
    assert r.status_code == 422 and "两次输入的密码不一致" in r.text
    r = post(
        client, "/ui/admin/users/canbao/password", {"password": "new-pass-1", "password_again": "new-pass-1"}
    )
    assert r.status_code == 303
    assert sign_in(app, "canbao", DEMO_PASSWORD).status_code == 400
    assert sign_in(app, "canbao", "new-pass-1").status_code == 303


def test_disable_ends_the_session_and_sign_in_then_enable(app, login) -> None:
    insured = login("canbao")
    assert insured.get("/ui/me/filings").status_code == 200
    admin = login("admin")
    assert post(admin, "/ui/admin/users/canbao/disable", {}).status_code == 303
    assert "已停用" in admin.get("/ui/admin/users/canbao").text
    r = insured.get("/ui/me/filings")  # the signed-in page stops at once
    assert r.status_code == 303 and r.headers["location"].startswith("/ui/login")
    assert insured.get(r.headers["location"]).status_code == 200  # the sign-in form, no redirect loop
    assert sign_in(app, "canbao", DEMO_PASSWORD).status_code == 400
    assert post(admin, "/ui/admin/users/canbao/enable", {}).status_code == 303
    assert sign_in(app, "canbao", DEMO_PASSWORD).status_code == 303


def test_the_administrator_cannot_disable_their_own_account(login) -> None:
    client = login("admin")
    r = post(client, "/ui/admin/users/admin/disable", {})
    assert r.status_code == 422 and "不能停用自己" in r.text


def test_posts_need_the_csrf_token(login) -> None:
    client = login("admin")
    r = client.post("/ui/admin/users/canbao/disable", data={})
    assert r.status_code == 403


def test_an_access_refusal_is_a_page_under_ui_and_json_elsewhere(app, login) -> None:
    from yidi.domain.access import AccessDenied

    def refuse() -> None:
        raise AccessDenied("参保人只能查询和办理本人的业务", "own records only", rule="access.citizen_own")

    app.add_api_route("/ui/test-refused", refuse)
    app.add_api_route("/api/v1/test-refused", refuse)
    client = login("canbao")
    r = client.get("/ui/test-refused")
    assert (
        r.status_code == 403 and "text/html" in r.headers["content-type"] and "只能查询和办理本人" in r.text
    )
    r = client.get("/api/v1/test-refused")
    assert (
        r.status_code == 403 and r.json()["code"] == "FORBIDDEN" and r.json()["rule"] == "access.citizen_own"
    )
