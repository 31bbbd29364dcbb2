"""Every page of every role at phone width: it renders, nothing is wider than 360 px, and a
screenshot is kept for review."""

from __future__ import annotations

import pytest
from tests.browser.conftest import assert_fits_phone, shot, sign_in

from yidi.service_layer.demo_seed import PERSONS

PAGES = {
    "canbao": [
        ("home-insured", "/ui/"),
        ("guide", "/ui/me/guide?category=long_term_retiree"),
        ("coverage", "/ui/me/coverage?region=210200"),
        ("claim-notice", "/ui/me/claims/new?claim_type=inpatient_emergency&disease=shock"),
    ],
    "yiyuan": [
        ("patient", f"/ui/desk/patient?id_number={PERSONS[1].id_number}"),
        ("referral", "/ui/desk/referral?region=211300&q=肿瘤"),
        ("screen", "/ui/desk/screen"),
    ],
    "jingban": [
        ("counter", "/ui/staff/counter"),
        ("persons", f"/ui/staff/persons?id_number={PERSONS[1].id_number}"),
        ("policy", "/ui/staff/policy?region=219900"),
    ],
}

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("username", sorted(PAGES))
def test_pages_fit_a_phone(page, server, username: str) -> None:
    base = str(server["base"])
    sign_in(page, base, username)
    for name, path in PAGES[username]:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        assert_fits_phone(page)
        shot(page, f"page-{name}")
    links = page.get_by_role("link", name="打印登记备案表")
    if username == "canbao":
        page.goto(base + "/ui/me/filings")
        if links.count():
            links.first.click()
            page.wait_for_url("**/ui/print/filing/*")
            assert "登记备案表" in page.locator("h1").inner_text()
            page.emulate_media(media="print")
            shot(page, "print-filing")
            page.emulate_media(media="screen")


def test_login_page_and_keyboard_only_sign_in(page, server) -> None:
    from yidi.service_layer.web_users import DEMO_PASSWORD

    base = str(server["base"])
    page.goto(f"{base}/ui/me/filings")
    assert "/ui/login" in page.url
    shot(page, "page-login")
    for _ in range(5):  # skip link, brand, then the first field
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-username":
            break
    assert page.evaluate("document.activeElement.id") == "f-username"
    page.keyboard.type("canbao")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/ui/me/filings")
