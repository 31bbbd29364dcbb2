"""Places by name on every region field (issue 19 scope 1): the server resolves 大连, dalian or
210200 alike, an ambiguous name lists its choices beside the field, and insured pages show names
without codes while staff pages keep the code."""

from __future__ import annotations

from tests.integration.web.conftest import token

from yidi.service_layer.demo_seed import PERSONS


def test_self_service_filing_to_a_place_typed_in_pinyin(login) -> None:
    me = login("canbao")
    page = me.get("/ui/me/filings/new")
    assert "data-place" in page.text and "行政区划代码" not in page.text
    form = {"category": "long_term_resident", "treatment_region": "dalian", "sign_commitment": "yes"}
    done = me.post("/ui/me/filings/new", data={**form, "csrf_token": token(page.text), "confirm": "yes"})
    assert done.status_code == 303, done.text
    mine = me.get(done.headers["location"]).text
    assert "大连市" in mine and "大连市（210200）" not in mine  # a citizen reads the name, not the code


def test_an_ambiguous_place_lists_its_choices_beside_the_field(login) -> None:
    staff = login("jingban")
    page = staff.get("/ui/staff/counter")
    r = staff.post("/ui/staff/counter", data={
        "id_number": PERSONS[2].id_number, "category": "temporary", "temporary_reason": "business_trip",
        "treatment_region": "bj", "materials": ["id_card"], "csrf_token": token(page.text),
    })  # fmt: skip
    assert r.status_code == 422
    beside = r.text.split('id="e-treatment_region"', 1)[1].split("</small>", 1)[0]
    assert "北京市" in beside and "宝鸡市（陕西省）" in beside and "请选择其一" in beside
    assert 'id="e-form"' in r.text  # the 附件1 fields are still checked in the same answer


def test_counter_filing_to_beijing_by_name(login) -> None:
    staff = login("jingban")
    page = staff.get("/ui/staff/counter")
    done = staff.post("/ui/staff/counter", data={
        "id_number": PERSONS[2].id_number, "category": "temporary", "temporary_reason": "business_trip",
        "treatment_region": "北京", "materials": ["id_card"], "form.phone": "13800000000",
        "form.signed_by": "省直公务员", "csrf_token": token(page.text), "confirm": "yes",
    })  # fmt: skip
    assert done.status_code == 200, done.text
    assert "北京市（110100）" in done.text  # staff see the code beside the name


def test_coverage_and_patient_lookup_by_name(login) -> None:
    me = login("canbao")
    r = me.get("/ui/me/coverage", params={"region": "大连"})
    assert r.status_code == 200 and 'id="eligibility"' in r.text
    bad = me.get("/ui/me/coverage", params={"region": "火星"})
    assert "未找到地区" in bad.text
    staff = login("jingban")
    lookup = staff.get("/ui/desk/patient", params={"cert_no": PERSONS[0].id_number, "region": "shenyang"})
    assert lookup.status_code == 200 and 'id="eligibility"' in lookup.text


def test_suggestions_need_no_account(app) -> None:
    from fastapi.testclient import TestClient

    r = TestClient(app).get("/ui/places", params={"q": "dal"})
    assert r.status_code == 200 and {"label": "大连市（辽宁省）", "code": "210200"} in r.json()
