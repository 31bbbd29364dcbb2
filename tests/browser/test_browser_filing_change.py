"""An insured person changes a filing in a real browser at phone width: staff file a long-term
filing at the counter; on 我的备案 the person sees that the place is locked until when and why,
is refused a change of place beside the field, changes the outpatient hospital, and — seven months
on — cancels the filing once the lock has passed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.browser.conftest import assert_fits_phone, shot, sign_in

from yidi.domain.filing.dates import add_months
from yidi.service_layer.demo_seed import PERSONS

pytestmark = pytest.mark.browser


def _counter_filing(browser, base: str) -> str:  # type: ignore[no-untyped-def]
    staff = browser.new_context(viewport={"width": 1024, "height": 900}, locale="zh-CN").new_page()
    sign_in(staff, base, "jingban")
    staff.goto(f"{base}/ui/staff/counter")
    staff.get_by_label("身份证号").fill(PERSONS[0].id_number)  # canbao: looked up and named first
    staff.get_by_role("button", name="查找").click()
    assert PERSONS[0].name in staff.locator("#person").inner_text()
    staff.get_by_label("备案类别").select_option("long_term_resident")
    staff.get_by_role("button", name="下一步", exact=True).click()
    staff.get_by_label("就医地（省或城市）").fill("大连")
    for material in ("有效身份证件", "就医地居住证"):
        staff.get_by_label(material).check()
    staff.get_by_label("联系电话").fill("13800000000")
    staff.get_by_label("签字人姓名", exact=False).fill(PERSONS[0].name)
    staff.get_by_role("button", name="下一步：核对").click()
    assert PERSONS[0].name in staff.locator("#check").inner_text()
    staff.get_by_role("button", name="确认办理").click()
    result = staff.locator("#counter-result")
    assert "已办理，有效" in result.inner_text()
    assert result.locator(".ref-no").inner_text().startswith("BA")  # the number people quote
    link = result.get_by_role("link", name="打印登记备案表（附表2）").get_attribute("href") or ""
    fid = link.rsplit("/", 1)[-1]  # the internal id, from the print link
    staff.context.close()
    return fid


def test_insured_person_changes_a_filing(page, browser, server) -> None:
    base = str(server["base"])
    fid = _counter_filing(browser, base)
    sign_in(page, base, "canbao")
    page.goto(f"{base}/ui/me/filings")
    card = page.locator(f"#f-{fid}")
    terms = card.locator("section.change").inner_text()
    # seed 004 一(一): no change within 6 months of taking effect (the server's today)
    assert f"自 {add_months(date.today(), 6)} 起可变更" in terms and "依据" in terms

    card.get_by_text("办理变更").click()
    card.get_by_label("新的就医地（省或城市）").fill("沈阳")
    card.get_by_role("button", name="提交变更").click()
    error = card.locator("small.error").first
    assert "个月内不得变更" in error.inner_text() and "依据" in error.inner_text()
    field = card.get_by_label("新的就医地（省或城市）")
    assert field.get_attribute("aria-invalid") == "true"
    assert_fits_phone(page)
    shot(page, "filing-change-locked")

    field.fill("")
    card.get_by_label("门诊统筹定点医院编码").fill("H21020000001")
    card.get_by_role("button", name="提交变更").click()
    page.wait_for_url("**/ui/me/filings?changed=*")
    assert "变更已办理" in page.locator("main").inner_text()
    assert "未选 → H21020000001" in card.locator("ol.history").inner_text()
    assert_fits_phone(page)
    shot(page, "filing-change-done")

    # seven months on the lock has passed: the person may cancel (and leaves no filing in force)
    server["clock"].write_text((date.today() + timedelta(days=215)).isoformat())  # type: ignore[attr-defined]
    try:
        page.reload()
        assert "就医地：现在可以变更" in card.inner_text()
        card.get_by_text("取消此备案").click()
        card.get_by_label("取消原因").fill("已回沈阳居住")
        card.get_by_role("button", name="确认取消").click()
        page.wait_for_url(f"{base}/ui/me/filings?cancelled={fid}")
        assert "已取消" in card.inner_text()
        done = page.locator("#done")  # the confirmation names the filing by its reference number
        assert "备案已取消" in done.inner_text() and done.locator(".ref-no").inner_text().startswith("BA")
        assert_fits_phone(page)
        shot(page, "filing-cancelled")
    finally:
        server["clock"].write_text("")  # type: ignore[attr-defined]
