"""Security headers on every page in the browser (issue 13 scope 6 and 9): each role visits the
pages the other browser tests use (their lists, reused) and every document loaded — redirects
included — carries CSP with ``frame-ancestors 'none'`` and no inline script, nosniff,
X-Frame-Options, Referrer-Policy, Permissions-Policy and ``Cache-Control: no-store``
(``tests/security_headers.py``; the conftest checks the documents of every browser test too)."""

from __future__ import annotations

import pytest
from tests.browser.conftest import sign_in
from tests.browser.test_browser_keyboard import PAGES as KEYBOARD_PAGES
from tests.browser.test_browser_pages import PAGES as PHONE_PAGES
from tests.security_headers import header_problems

pytestmark = pytest.mark.browser

ADMIN_PAGES = [
    "/ui/",
    "/ui/admin/users",
    "/ui/admin/users/yiyuan",
    "/ui/admin/audit",
    "/ui/admin/hospitals",
    "/docs",
]


def pages_of(username: str) -> list[str]:
    paths = [p for _, p in PHONE_PAGES.get(username, [])] + KEYBOARD_PAGES.get(username, [])
    return list(dict.fromkeys(paths + ADMIN_PAGES if username == "admin" else paths))


@pytest.mark.parametrize("username", ["canbao", "yiyuan", "jingban", "admin"])
def test_security_headers_on_every_page(page, server, security_headers_on_every_page, username: str) -> None:
    base, checked = str(server["base"]), security_headers_on_every_page
    before = len(checked)
    page.goto(f"{base}/ui/me/filings")  # signed out: redirected to the sign-in page
    sign_in(page, base, username)
    for path in pages_of(username):
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        assert header_problems(response.headers) == [], path
    assert len(checked) - before >= len(pages_of(username)) + 2  # the conftest saw each document
