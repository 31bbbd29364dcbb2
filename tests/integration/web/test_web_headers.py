"""Security headers on every page a role's start page links (issue 13 scope 6), no inline script
in any template, and /docs only for signed-in staff and administrators."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.security_headers import header_problems

from yidi.service_layer.web_users import DEMO_PASSWORD

TEMPLATES = Path(__file__).resolve().parents[3] / "src" / "yidi" / "entrypoints" / "web" / "templates"
LINK = re.compile(r'<a href="(/ui/[^"#?]*)"')


def check(r) -> None:  # type: ignore[no-untyped-def]
    assert header_problems(r.headers) == [], r.url


@pytest.mark.parametrize("who", ["canbao", "yiyuan", "jingban", "admin"])
def test_every_linked_page_has_the_headers(login, who: str) -> None:
    client = login(who)
    home = client.get("/ui/")
    check(home)
    for path in sorted(set(LINK.findall(home.text))):
        r = client.get(path)
        if r.status_code == 200:
            check(r)


def test_no_template_runs_inline_script() -> None:
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\son[a-z]+\s*=", text), path


def test_api_docs_only_for_staff_and_admin(login) -> None:
    for who in ("canbao", "yiyuan"):
        assert login(who).get("/docs").status_code == 303
    for who in ("jingban", "admin"):
        r = login(who).get("/docs")
        assert r.status_code == 200 and "sha256-" in r.headers["content-security-policy"]


def test_the_openapi_description_follows_the_rule_of_docs(app, login) -> None:
    """Scope 6 "/docs … for signed-in staff and admin only, or switched off": the machine
    description of every operation is not public either (web session or REST bearer token)."""
    anonymous = TestClient(app)
    r = anonymous.get("/openapi.json")
    assert r.status_code == 401 and r.json()["code"] == "UNAUTHENTICATED"
    assert login("canbao").get("/openapi.json").status_code == 403
    assert login("yiyuan").get("/openapi.json").json()["code"] == "FORBIDDEN"
    assert login("jingban").get("/openapi.json").json()["info"]["title"].startswith("yidi")
    got = anonymous.post("/api/v1/auth/token", data={"username": "jingban", "password": DEMO_PASSWORD})
    bearer = {"Authorization": f"Bearer {got.json()['access_token']}"}
    assert anonymous.get("/openapi.json", headers=bearer).status_code == 200
    assert anonymous.get("/openapi.json", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    settings = app.state.settings
    app.state.settings = settings.model_copy(update={"api_docs": "off"})  # the app is this test's own
    assert login("admin").get("/openapi.json").status_code == 404
    app.state.settings = settings.model_copy(update={"api_docs": "public"})
    assert anonymous.get("/openapi.json").status_code == 200
