"""Counter filing at phone width (issue 19 scope 8): the clerk looks the person up (named), picks
the category (its materials only), checks the answers, files a draft (amber 草稿, not a green
success), and on the person's second visit finishes that draft instead of a second filing."""

from __future__ import annotations

import pytest
from tests.browser.conftest import assert_fits_phone, shot, sign_in

from yidi.service_layer.demo_seed import PERSONS

pytestmark = pytest.mark.browser
PERSON = PERSONS[2]  # 省直公务员


def _fill_and_confirm(page, materials: list[str]) -> str:  # type: ignore[no-untyped-def]
    page.get_by_label("身份证号").fill(PERSON.id_number)
    page.get_by_role("button", name="查找").click()
    assert PERSON.name in page.locator("#person").inner_text()
    page.get_by_label("备案类别").select_option("long_term_resident")
    page.get_by_role("button", name="下一步", exact=True).click()
    page.get_by_label("就医地（省或城市）").fill("大连")
    for material in materials:
        page.get_by_label(material).check()
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("签字人姓名", exact=False).fill(PERSON.name)
    page.get_by_role("button", name="下一步：核对").click()
    check = page.locator("#check").inner_text()
    assert PERSON.name in check and "大连" in check
    shot(page, "counter-check")
    page.get_by_role("button", name="确认办理").click()
    return page.locator("#counter-result").inner_text()


def test_counter_filing_draft_then_finished(page, server) -> None:
    base = str(server["base"])
    sign_in(page, base, "jingban")
    page.goto(f"{base}/ui/staff/counter")
    draft = _fill_and_confirm(page, ["有效身份证件"])
    assert "草稿，尚未生效" in draft
    assert "pending" in (page.locator("#counter-result").get_attribute("class") or "")
    assert_fits_phone(page)
    shot(page, "counter-draft")
    page.goto(f"{base}/ui/staff/counter")
    done = _fill_and_confirm(page, ["有效身份证件", "就医地居住证"])
    assert "已补齐草稿" in done
    shot(page, "counter-finished")
