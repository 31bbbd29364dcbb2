"""长辈版 and phone polish (issue 19 scope 11): a large-text mode that persists, a bottom bar on
phones per role, and the administrator's start page without the insured person's tiles."""

from __future__ import annotations


def test_large_text_persists_and_can_be_switched_off(login) -> None:
    me = login("canbao")
    assert '<html lang="zh-CN">' in me.get("/ui/me/filings").text
    r = me.get("/ui/large", params={"on": "1", "next": "/ui/me/filings"})
    assert r.status_code == 303 and r.headers["location"] == "/ui/me/filings"
    page = me.get("/ui/me/estimate").text
    assert '<html lang="zh-CN" class="large">' in page and ">标准版</a>" in page
    assert me.get("/ui/large", params={"on": "0", "next": "https://evil.example/"}).headers["location"] == "/ui/"
    assert '<html lang="zh-CN">' in me.get("/ui/").text


def test_bottom_bar_per_role_and_admin_tiles(login) -> None:
    page = login("canbao").get("/ui/me/filings").text
    bar = page.split('<nav class="bottom-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/ui/me/filings" aria-current="page"' in bar and 'href="/ui/help"' in bar
    admin = login("admin").get("/ui/").text
    assert "/ui/me/" not in admin and "/ui/admin/contacts" in admin and "/ui/staff/claims" in admin


def test_the_administrator_is_not_told_these_are_their_own_settlements(login) -> None:
    page = login("admin").get("/ui/me/settlements").text
    assert "全部参保人的结算" in page and "您在异地医院" not in page
    assert "您在异地医院" in login("canbao").get("/ui/me/settlements").text
