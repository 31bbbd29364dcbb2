"""The administrator creates an insured account in the browser and that person signs in with it."""

from __future__ import annotations

import pytest
from tests.browser.conftest import assert_fits_phone, shot, sign_in

from yidi.service_layer.demo_seed import PERSONS

pytestmark = pytest.mark.browser


def test_admin_creates_an_account_that_then_signs_in(page, browser, server) -> None:
    base = str(server["base"])
    sign_in(page, base, "admin")
    page.get_by_role("link", name="账号管理").click()
    page.wait_for_url(f"{base}/ui/admin/users")
    assert_fits_phone(page)
    shot(page, "admin-users")
    page.get_by_role("link", name="新建账号").click()
    page.get_by_label("角色").select_option("insured")
    page.get_by_label("用户名").fill("zhaoliu")
    page.get_by_label("姓名或机构名称").fill(PERSONS[2].name)
    page.get_by_label("初始密码").fill("short")
    page.get_by_label("身份证号（参保人必填）").fill(PERSONS[2].id_number)
    page.get_by_role("button", name="创建账号").click()
    error = page.locator("#e-password")
    assert error.inner_text() == "密码至少 8 位"  # beside its field; the other values are kept
    assert page.get_by_label("用户名").input_value() == "zhaoliu"
    assert_fits_phone(page)
    shot(page, "admin-user-new-error")
    page.get_by_label("初始密码").fill("zhaoliu-pass-1")
    page.get_by_role("button", name="创建账号").click()
    page.wait_for_url(f"{base}/ui/admin/users/zhaoliu?done=created")
    assert "账号已创建" in page.locator("#done").inner_text()
    assert_fits_phone(page)
    shot(page, "admin-user-created")

    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    other = desktop.new_page()
    other.goto(f"{base}/ui/login")
    other.get_by_label("用户名").fill("zhaoliu")
    other.get_by_label("密码").fill("zhaoliu-pass-1")
    other.get_by_role("button", name="登录").click()
    other.wait_for_url(f"{base}/ui/")
    assert f"您好，{PERSONS[2].name}" in other.locator("h1").inner_text()
    other.goto(f"{base}/ui/admin/users")
    assert other.locator("h1").inner_text() != "账号管理"  # not for an insured person
    desktop.close()
    page.goto(f"{base}/ui/admin/users")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("#account-zhaoliu").is_visible()
    shot(page, "admin-users-desktop")
