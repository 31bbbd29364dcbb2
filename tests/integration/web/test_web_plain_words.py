"""Errors in the person's words (issue 19 scope 2): a select left empty or tampered with asks
"请选择…", never lists codes (township/1/2/3…) or echoes internal values."""

from __future__ import annotations

import re

from tests.integration.web.test_web_form_errors import beside, post


def test_the_estimate_asks_to_choose_instead_of_listing_codes(login) -> None:
    me = login("canbao")
    r = post(me, "/ui/me/estimate", "/ui/me/estimate", {
        "mdtrtarea_admvs": "沈阳", "filing_category": "", "hosp_lv": "9", "med_type": "21", "setl_time": "2026-01-10",
        "medfee_sumamt": "100.00", "inscp_scp_amt": "100.00",
    })  # fmt: skip
    assert r.status_code == 422
    assert beside(r.text, "filing_category").endswith(">请选择备案类别")
    assert beside(r.text, "hosp_lv").endswith(">请选择医院等级")
    assert "之一" not in r.text and "long_term_" not in r.text.split("<form", 1)[0]


def test_a_claim_asks_to_choose_the_hospital_level(login) -> None:
    me = login("canbao")
    page = "/ui/me/claims/new?claim_type=inpatient_emergency&disease=shock"
    r = post(me, page, "/ui/me/claims/new", {
        "claim_type": "inpatient_emergency", "disease": "shock", "hosp_lv": "", "treatment_region": "北京",
        "care_start": "2026-01-02", "care_end": "2026-01-08", "medfee_sumamt": "100.00", "inscp_scp_amt": "100.00",
    })  # fmt: skip
    assert r.status_code == 422
    assert beside(r.text, "hosp_lv").endswith(">请选择医院等级") and "之一" not in r.text


def test_an_error_page_leads_home_and_back(login) -> None:
    me = login("canbao")
    r = me.get("/ui/no-such-page", headers={"referer": "http://testserver/ui/me/filings"})
    assert r.status_code == 404 and "找不到您要的页面" in r.text
    assert 'href="/ui/">返回首页' in r.text and 'href="/ui/me/filings">返回上一页' in r.text
    elsewhere = me.get("/ui/no-such-page", headers={"referer": "https://example.com/ui/x"})
    assert "返回上一页" not in elsewhere.text


def test_the_estimate_takes_a_total_alone_and_is_prefilled_from_the_filing(login) -> None:
    from tests.integration.web.conftest import token

    me = login("canbao")
    page = me.get("/ui/me/filings/new")
    me.post("/ui/me/filings/new", data={
        "category": "long_term_resident", "treatment_region": "大连", "sign_commitment": "yes",
        "csrf_token": token(page.text), "confirm": "yes",
    })  # fmt: skip
    form = me.get("/ui/me/estimate").text
    assert 'value="大连市"' in form and "已按您的备案填好" in form
    r = post(me, "/ui/me/estimate", "/ui/me/estimate", {
        "mdtrtarea_admvs": "北京", "filing_category": "long_term_resident", "hosp_lv": "3", "med_type": "21",
        "setl_time": "2026-01-10", "medfee_sumamt": "20000.00",
    })  # fmt: skip
    assert r.status_code == 200, r.text
    assert 'id="total-only"' in r.text and "预计您个人负担约" in r.text
    # on a phone an amount never breaks from its 元 (scope 11)
    assert re.search(r'预计您个人负担约 <span class="nowrap">[0-9,]+\.[0-9]{2} 元</span>', r.text)


def test_the_referral_search_gives_a_real_example_and_a_next_step(login) -> None:
    desk = login("yiyuan")
    page = desk.get("/ui/desk/referral", params={"region": "211300"}).text
    assert "白血病" in page and "肺癌" not in page
    found = desk.get("/ui/desk/referral", params={"region": "211300", "q": "白血病"}).text
    assert "白血病、再障" in found
    none = desk.get("/ui/desk/referral", params={"region": "211300", "q": "qqqq"}).text
    assert 'id="no-hit"' in none and "转诊证明" in none and "12393" in none.split('id="no-hit"', 1)[1]
