"""The public service desk without signing in (issue 19 scope 10): the problem list 三(二) — no
information to be had without an agency — and 三(三) — institutions published for direct
settlement that refuse it: which filing, the materials per category and per claim type, the
institutions of a city that settle directly, the agencies' contacts and the policy in force."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_problem_list_三二_the_desk_is_reachable_from_sign_in_and_every_footer(app) -> None:
    web = TestClient(app)
    login = web.get("/ui/login").text
    assert 'href="/ui/public"' in login.split('<footer class="foot">', 1)[1]
    desk = web.get("/ui/public")
    assert desk.status_code == 200
    for href in (
        "/ui/public/guide",
        "/ui/public/claims",
        "/ui/public/institutions",
        "/ui/public/policy",
        "/ui/help",
    ):
        assert f'href="{href}"' in desk.text, href


def test_problem_list_三二_which_filing_with_its_materials_per_insured_region(app) -> None:
    web = TestClient(app)
    page = web.get("/ui/public/guide?insured=211200&category=long_term_resident")
    assert page.status_code == 200
    answer = page.text.split('id="answer"', 1)[1]
    assert "应办理：" in answer and "<li>" in answer and "依据：" in answer
    # 自助备案 needs an account: the button leads to sign-in and back to the form with the category
    answer = web.get("/ui/public/guide?insured=219900&category=long_term_resident").text.split(
        'id="answer"', 1
    )[1]
    assert "/ui/login?next=/ui/me/filings/new%3Fcategory%3Dlong_term_resident" in answer
    assert 'id="answer"' not in web.get("/ui/public/guide?category=nonsense").text


def test_problem_list_三一_every_claim_type_lists_all_its_materials(app) -> None:
    from yidi.service_layer.claims_services import describe_types

    page = TestClient(app).get("/ui/public/claims").text
    for t in describe_types():
        assert t["label"] in page
        assert all(m["label"] in page for m in t["materials"])


def test_problem_list_三三_institutions_of_a_city_by_name_with_what_they_settle(app) -> None:
    web = TestClient(app)
    page = web.get("/ui/public/institutions?city=大连").text
    listed = page.split('id="institutions"', 1)[1]
    assert "大连演示三级甲等医院" in listed and "大连演示一级医院" in listed
    assert "沈阳演示三级甲等医院" not in listed  # another city
    row = listed.split("大连演示三级甲等医院", 1)[1].split("</tr>", 1)[0]
    assert row.count("可以") == 2  # inpatient and outpatient recorded, no pharmacy (A-WEB-12)
    row = listed.split("大连演示一级医院", 1)[1].split("</tr>", 1)[0]
    assert row.count("可以") == 1  # on the interface: inpatient only
    assert web.get("/ui/public/institutions?city=210200").text.count("<tr>") == listed.count("<tr>")
    bad = web.get("/ui/public/institutions?city=火星")
    assert bad.status_code == 200 and 'id="e-city"' in bad.text and 'aria-invalid="true"' in bad.text


def test_the_policy_in_force_with_its_source_document_in_plain_words(app) -> None:
    page = TestClient(app).get("/ui/public/policy?insured=219900").text
    assert "起付标准" in page and "统筹基金支付比例" in page and "1300.00 元" in page
    assert "89%" in page and "0.8900" not in page  # ratios as people say them
    assert (
        "关于调整省直医保异地就医经办服务相关问题的通知" in page
    )  # the document's title, not only its number
    for marker in ("A-SET-", "含假设参数", "待确认", "_flag", "seed 0", "settlement-rules"):
        assert marker not in page, marker
