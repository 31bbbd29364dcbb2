"""Help and 长辈版 at 360 px (issue 19 scopes 5, 11): the help page without signing in, the large
text switched on from the footer and kept across pages, the phone's bottom bar."""

from __future__ import annotations

import pytest
from tests.browser.conftest import assert_fits_phone, shot, sign_in

pytestmark = pytest.mark.browser


def test_help_without_an_account_fits_a_phone(page, server) -> None:
    base = str(server["base"])
    page.goto(f"{base}/ui/help")
    assert "12393" in page.locator("main").inner_text()
    assert_fits_phone(page)
    shot(page, "help")


def test_large_text_is_kept_and_the_bottom_bar_leads_home(page, server) -> None:
    base = str(server["base"])
    sign_in(page, base, "canbao")
    page.get_by_role("link", name="长辈版（大字）").click()
    page.wait_for_url(f"{base}/ui/")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "19px"
    page.locator(".bottom-nav").get_by_role("link", name="报销测算").click()
    page.wait_for_url("**/ui/me/estimate")
    assert "large" in page.evaluate("document.documentElement.className").split()
    assert_fits_phone(page)
    shot(page, "estimate-large")
    page.get_by_role("link", name="标准版").click()
    page.wait_for_url("**/ui/me/estimate")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "16px"
