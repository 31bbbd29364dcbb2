"""A form with several errors in the browser: the summary at the top gets the focus and lists them
all, each link takes the keyboard to its field; an unknown page is a Chinese page with a way home."""

from __future__ import annotations

import pytest
from tests.browser.conftest import assert_fits_phone, shot, sign_in

pytestmark = pytest.mark.browser


def test_the_summary_is_focused_and_leads_to_each_field(page, server) -> None:
    base = str(server["base"])
    sign_in(page, base, "canbao")
    page.goto(f"{base}/ui/me/filings/new")
    page.get_by_label("就医地（省或城市）").fill("火星")
    page.get_by_label("门诊定点医院编码（可不填）").fill("H99")
    page.get_by_role("button", name="核对备案信息").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.id") == "form-error"
    assert summary.get_attribute("role") == "alert"
    assert summary.locator("li").count() == 4  # category, place, hospital, commitment
    assert "有 4 个问题需要处理" in summary.inner_text()
    summary.get_by_role("link", name="未找到地区“火星”，请输入省或市的名称，如：北京、大连").click()
    page.wait_for_url("**#f-treatment_region")
    assert page.get_by_label("就医地（省或城市）").get_attribute("aria-invalid") == "true"
    assert_fits_phone(page)
    shot(page, "form-error-summary")


def test_an_unknown_page_answers_in_chinese_with_a_way_home(page, server) -> None:
    base = str(server["base"])
    sign_in(page, base, "canbao")
    response = page.goto(f"{base}/ui/no-such-page")
    assert response is not None and response.status == 404
    assert "找不到您要的页面" in page.locator("main").inner_text()
    page.get_by_role("link", name="返回首页").click()
    page.wait_for_url(f"{base}/ui/")
