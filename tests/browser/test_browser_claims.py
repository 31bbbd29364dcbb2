"""A manual claim in a real browser: the insured person applies after the one-time materials
notice (phone width); staff accept and review, a second staff member approves, staff pay."""

from __future__ import annotations

import pytest
from tests.browser.conftest import assert_fits_phone, shot, sign_in

pytestmark = pytest.mark.browser


def test_manual_claim_from_submission_to_payment(page, browser, server) -> None:
    base = str(server["base"])
    sign_in(page, base, "canbao")
    page.get_by_role("link", name="手工报销").click()
    page.get_by_role("link", name="申请手工报销").click()
    # choosing in a select never navigates by itself (WCAG 3.2.2): the button does
    page.get_by_label("报销类型").select_option("inpatient_emergency")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**claim_type=inpatient_emergency*")
    page.get_by_label("急危重病种").select_option("shock")
    page.get_by_role("button", name="下一步").click()
    page.wait_for_url("**disease=shock*")
    assert "一次性告知" in page.locator("#h-notice").inner_text()
    page.get_by_label("医院等级").select_option("3")
    page.get_by_label("就医地（省或城市）").fill("北京")
    page.get_by_label("入院（就诊）日期").fill("2026-01-02")
    page.get_by_label("出院（结束）日期").fill("2026-01-08")
    page.get_by_label("医疗费总额").fill("10000.00")
    page.get_by_label("符合政策范围金额").fill("10000.00")
    page.get_by_label("收缩压").fill("78")
    page.get_by_label("乳酸").fill("3.4")
    for label in ("住院病历原件", "有效医疗票据", "有效费用明细", "医保卡或身份证复印件"):
        page.get_by_label(label).check()
    shot(page, "claim-form")
    page.get_by_role("button", name="核对申请信息").click()
    answers = page.locator("#check-answers")  # check your answers (issue 19 scope 7)
    answers.wait_for()
    assert "10,000.00 元" in answers.inner_text() and "北京市" in answers.inner_text()
    assert_fits_phone(page)
    shot(page, "claim-check")
    page.get_by_role("button", name="确认提交").click()
    page.wait_for_url("**/ui/me/claims?created=*")
    claim_id = page.url.split("created=")[1]
    done = page.locator("#done")
    ref = done.locator(".ref-no").inner_text()
    assert ref.startswith("BX") and "原件" in done.inner_text()
    assert "社会保障卡银行账户" in done.inner_text()
    current = page.locator(f"#c-{claim_id} .timeline [aria-current=step]")
    assert current.inner_text().startswith("已提交")
    assert_fits_phone(page)
    shot(page, "claim-done")

    def act(username: str, button: str) -> None:
        # at phone width: the queue (oldest first) → the claim's page → the decision and its message
        staff = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN").new_page()
        sign_in(staff, base, username)
        staff.goto(f"{base}/ui/staff/claims")
        staff.locator(f"#claim-{claim_id}").get_by_role("link").first.click()
        staff.wait_for_url(f"**/ui/staff/claims/{claim_id}")
        if button == "支付":  # payment asks first
            staff.get_by_role("link", name="支付…").click()
            staff.wait_for_url("**/pay")
            assert "收款人" in staff.locator("main").inner_text()
            shot(staff, "claim-pay-confirm")
            button = "确认支付"
        staff.get_by_role("button", name=button).click()
        staff.wait_for_url("**?done=*")
        assert ref in staff.locator("#done").inner_text()  # the number the person quotes
        shot(staff, f"claim-done-{username}-{len(staff.url)}")
        staff.context.close()

    act("jingban", "受理")
    act("jingban", "审核（计算金额）")
    act("shenpi", "审批同意")
    act("jingban", "支付")
    page.reload()
    assert "已支付" in page.locator("main").inner_text()
    steps = page.locator(f"#c-{claim_id} .timeline li")
    assert steps.count() == 5 and all(
        "—" not in steps.nth(i).inner_text() for i in range(5)
    )  # every step dated
    assert page.locator(f"#c-{claim_id} .timeline [aria-current=step]").inner_text().startswith("支付")
    shot(page, "claim-paid")
