"""Security headers on every page a role's start page links (issue 13 scope 6), no inline script
in any template, and /docs only for signed-in staff and administrators."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[3] / "src" / "yidi" / "entrypoints" / "web" / "templates"
LINK = re.compile(r'<a href="(/ui/[^"#?]*)"')


def check(r) -> None:  # type: ignore[no-untyped-def]
    csp = r.headers["content-security-policy"]
    script = csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in script, r.url
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] and r.headers["permissions-policy"]
    assert r.headers["cache-control"] == "no-store", r.url


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
