"""Weight and polish (issue 19 scope 12): htmx only on the pages that use it, gzip for pages,
versioned static files cached for a year, a favicon, the 有效 badge's contrast."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_htmx_only_where_it_is_used(login) -> None:
    me = login("canbao")
    assert "htmx" not in me.get("/ui/").text and "htmx" not in me.get("/ui/me/estimate").text
    staff = login("jingban")
    assert "htmx-2.0.11.min.js" in staff.get("/ui/desk/referral").text


def test_pages_are_compressed_and_static_files_cached(app, login) -> None:
    client = TestClient(app)
    page = client.get("/ui/help", headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("content-encoding") == "gzip"
    css = re.search(r'href="(/ui/static/yidi\.css\?v=[0-9a-f]+)"', page.text)
    assert css, "the stylesheet is linked with its version"
    cached = client.get(css.group(1))
    assert cached.status_code == 200 and "immutable" in cached.headers["cache-control"]
    assert "max-age=3600" in client.get("/ui/static/print.css").headers["cache-control"]
    api = login("jingban").get("/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert api.headers.get("content-encoding") != "gzip"  # the API's bytes stay as they are


def test_favicon_and_badge_contrast(app) -> None:
    client = TestClient(app)
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    css = client.get("/ui/static/yidi.css").text
    assert ".b-met { background: #d7f0dd; color: #14582a; }" in css
