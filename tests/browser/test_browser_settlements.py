"""Settlement lookup in the browser: a staff member finds the demo stay that was settled, reversed
and settled again, opens the cancelled settlement, follows the reversal chain, reads the
explanation's parameters and prints the 结算单; the insured person and the hospital see their own."""

from __future__ import annotations

import re

import pytest
from tests.browser.conftest import assert_fits_phone, shot, sign_in

from yidi.service_layer.demo_seed import PERSONS

pytestmark = pytest.mark.browser
TIELING = PERSONS[4]


def test_staff_finds_a_settlement_and_opens_its_explanation(page, browser, server) -> None:
    base = str(server["base"])
    sign_in(page, base, "jingban")
    page.get_by_role("link", name="结算查询").click()
    page.get_by_label("证件号码").fill("123")
    page.get_by_role("button", name="查询").click()
    assert "18 位" in page.locator("#e-id_number").inner_text()  # the error beside its field
    page.get_by_label("证件号码").fill(TIELING.id_number)
    page.get_by_role("button", name="查询").click()
    table = page.locator("#results table")
    assert "共 3 条" in table.locator("caption").inner_text()
    assert "已撤销" in table.inner_text() and "撤销记录" in table.inner_text()
    assert_fits_phone(page)
    shot(page, "settlements-search")

    table.locator("tr", has_text="已撤销").get_by_role("link").click()
    page.wait_for_url("**/ui/settlements/*")
    assert "本结算已撤销" in page.locator("#chain").inner_text()
    explanation = page.locator("#settlement-result .explain")
    deductible = explanation.locator("li", has_text="实际支付起付线").locator("details")
    deductible.locator("summary").click()
    assert "起付标准：2000.00（铁岭指南 二.2" in deductible.inner_text()  # value, source clause, date
    assert "假设参数" in explanation.inner_text()
    assert_fits_phone(page)
    shot(page, "settlement-detail")

    page.locator("#chain").get_by_role("link").click()  # to the reversal record and back
    page.wait_for_url("**/ui/settlements/*")
    assert "撤销（冲销）记录" in page.locator("#chain").inner_text()
    page.locator("#chain").get_by_role("link").click()
    page.get_by_role("link", name="打印结算单").click()
    page.wait_for_url("**/ui/print/settlement/*")
    assert "结算单" in page.locator("h1").inner_text()
    assert "本结算已撤销" in page.locator("#mark").inner_text()
    assert_fits_phone(page)
    shot(page, "settlement-statement-phone")

    statement = page.url
    wide = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    try:
        sign_in(wide, base, "jingban")
        wide.goto(f"{base}/ui/staff/settlements?id_number={TIELING.id_number}")
        shot(wide, "settlements-search-desktop")
        wide.locator("#results tbody a").first.click()
        wide.wait_for_url("**/ui/settlements/*")
        shot(wide, "settlement-detail-desktop")
        wide.goto(statement)
        wide.emulate_media(media="print")
        shot(wide, "settlement-statement-print")
    finally:
        wide.context.close()


@pytest.mark.parametrize(
    ("username", "path", "rows"), [("canbao", "/ui/me/settlements", 1), ("yiyuan", "/ui/desk/settlements", 3)]
)
def test_own_settlements_fit_a_phone(page, server, username: str, path: str, rows: int) -> None:
    """The demo settlements are listed (at least ``rows``: the browser server's database is shared
    by the module's tests, and the manual-claim flow may have paid one more for canbao)."""
    base = str(server["base"])
    sign_in(page, base, username)
    page.locator(f'main a[href="{path}"]').click()  # the start page's tile (the bottom bar has one too)
    page.wait_for_url(f"**{path}")
    caption = page.locator("#results caption").inner_text()
    found = re.search(r"共 (\d+) 条", caption)
    assert found and int(found.group(1)) >= rows, caption
    assert_fits_phone(page)
    shot(page, f"settlements-{username}")
    page.locator("#results tbody a").first.click()
    page.wait_for_url("**/ui/settlements/*")
    assert "为什么是这个数" in page.locator("main").inner_text()
    assert_fits_phone(page)
    shot(page, f"settlement-detail-{username}")


def test_settlement_pages_work_with_the_keyboard(page, server) -> None:
    from tests.browser.test_browser_keyboard import _tab_through

    base = str(server["base"])
    sign_in(page, base, "jingban")
    page.goto(f"{base}/ui/staff/settlements?id_number={TIELING.id_number}")
    detail = page.locator("#results tbody a").first.get_attribute("href")
    for path in (
        "/ui/staff/settlements",
        str(detail),
        str(detail).replace("/ui/settlements/", "/ui/print/settlement/"),
    ):
        page.goto(base + path)
        _tab_through(page)
        if page.locator("details:not([open])").count():
            page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
            _tab_through(page)
    page.goto(f"{base}/ui/staff/settlements")
    page.get_by_label("证件号码").fill(TIELING.id_number)
    page.get_by_label("证件号码").press("Enter")  # Enter in a field submits the search
    page.wait_for_url("**/ui/staff/settlements?id_number=*")
    assert "共 3 条" in page.locator("#results caption").inner_text()
