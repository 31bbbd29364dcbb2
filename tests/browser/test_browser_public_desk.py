"""The public service desk at 360 px without an account (issue 19 scope 10; the problem list
三(二), 三(三)): from the sign-in page's footer to the institutions of a city, then the guide's
answer, whose 去办理自助备案 signs in and lands on the filing form with the category chosen."""

from __future__ import annotations

import pytest
from tests.browser.conftest import assert_fits_phone, shot

pytestmark = pytest.mark.browser


def test_public_desk_from_the_sign_in_page_to_a_filing(page, server) -> None:
    from yidi.service_layer.web_users import DEMO_PASSWORD

    base = str(server["base"])
    page.goto(f"{base}/ui/login")
    page.locator("footer").get_by_role("link", name="公共服务").click()
    page.wait_for_url(f"{base}/ui/public")
    page.get_by_role("link", name="哪些医院能直接结算").click()
    page.get_by_label("城市").fill("大连")
    page.get_by_role("button", name="查询").click()
    listed = page.locator("#institutions")
    listed.wait_for()
    assert "大连演示三级甲等医院" in listed.inner_text()
    assert_fits_phone(page)
    shot(page, "public-institutions")

    page.get_by_role("link", name="我该办哪种备案？").first.click()
    page.get_by_label("您在哪里参保").select_option("219900")
    page.get_by_label("我在外地长期居住（有居住证、户口或房产）").check()
    page.get_by_role("button", name="查看办理方式").click()
    page.locator("#answer").wait_for()
    assert_fits_phone(page)
    shot(page, "public-guide")
    page.get_by_role("link", name="去办理自助备案").click()
    page.wait_for_url("**/ui/login**")
    page.get_by_label("用户名").fill("canbao")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/ui/me/filings/new**")
    assert page.url.endswith("/ui/me/filings/new?category=long_term_resident")
    assert page.get_by_label("备案类别").input_value() == "long_term_resident"
