"""Every form reports all its problems in one answer: each beside its field (aria-invalid,
aria-describedby) and in the summary at the top, which links each message to its field; a
problem without a field on the form (a duplicate claim) is in the summary, never lost."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from tests.integration.web.conftest import token

from yidi.service_layer.web_users import DEMO_PASSWORD

SUMMARY = re.compile(
    r'<div class="error-summary" id="([^"]+)" role="alert" tabindex="-1"[^>]*>(.*?)</div>', re.S
)


def summary(html: str, id: str = "form-error") -> str:
    found = [body for sid, body in SUMMARY.findall(html) if sid == id]
    assert found, "no error summary"
    return found[0]


def links(html: str, id: str = "form-error") -> list[str]:
    return re.findall(r'<a href="#([^"]+)">', summary(html, id))


def beside(html: str, field: str, prefix: str = "f-", error: str = "e-") -> str:
    """The message beside ``field``, after checking that the field is marked and points to it."""
    before, after = html.split(f'id="{prefix}{field}"', 1)
    tag, control = before.rsplit("<", 1)[1].split()[0], after.split(">", 1)[0]
    if tag != "fieldset":  # a group of boxes is described by its message; each box is not invalid
        assert 'aria-invalid="true"' in control, field
    assert f'aria-describedby="{error}{field}' in control, field
    return html.split(f'id="{error}{field}"', 1)[1].split("</small>", 1)[0]


def post(client: TestClient, page: str, url: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.post(url, data={**data, "csrf_token": token(client.get(page).text)})


def test_self_service_filing_estimate_and_claim_report_every_problem_at_once(login) -> None:
    me = login("canbao")
    filing = post(me, "/ui/me/filings/new", "/ui/me/filings/new", {
        "category": "", "treatment_region": "21", "outpatient_hospital": "H99", "start_date": "2026-02-30",
    })  # fmt: skip
    assert filing.status_code == 422
    wanted = ["category", "treatment_region", "start_date", "outpatient_hospital", "sign_commitment"]
    assert links(filing.text) == [f"f-{f}" for f in wanted]  # in the order of the form
    assert "请选择备案类别" in beside(filing.text, "category")
    assert "H+11 位数字" in beside(filing.text, "outpatient_hospital")
    assert "有 5 个问题需要处理" in summary(filing.text)

    estimate = post(me, "/ui/me/estimate", "/ui/me/estimate", {
        "mdtrtarea_admvs": "21", "filing_category": "", "hosp_lv": "9", "med_type": "21", "setl_time": "2026-01-10",
        "medfee_sumamt": "10", "inscp_scp_amt": "10",
    })  # fmt: skip
    assert estimate.status_code == 422
    assert {"f-mdtrtarea_admvs", "f-filing_category", "f-hosp_lv"} <= set(links(estimate.text))
    assert "医院等级" in beside(estimate.text, "hosp_lv")

    page = "/ui/me/claims/new?claim_type=inpatient_emergency&disease=shock"
    claim = post(me, page, "/ui/me/claims/new", {
        "claim_type": "inpatient_emergency", "disease": "shock", "hosp_lv": "", "treatment_region": "abc",
        "care_start": "2026-01-02", "care_end": "someday", "medfee_sumamt": "10000.00", "inscp_scp_amt": "10000.00",
        "fact.systolic_bp": "78", "fact.lactate": "3.4", "materials": ["medical_receipts"],
    })  # fmt: skip
    assert claim.status_code == 422
    assert {"f-hosp_lv", "f-treatment_region", "f-care_end"} <= set(links(claim.text))
    for field in ("hosp_lv", "treatment_region", "care_end"):
        assert beside(claim.text, field)


def test_a_duplicate_claim_is_told_at_the_top_of_the_form(login) -> None:
    me = login("canbao")
    page = "/ui/me/claims/new?claim_type=inpatient_emergency&disease=shock"
    form = {
        "claim_type": "inpatient_emergency", "disease": "shock", "hosp_lv": "3", "treatment_region": "110100",
        "care_start": "2026-01-02", "care_end": "2026-01-08", "medfee_sumamt": "10000.00",
        "inscp_scp_amt": "10000.00", "fact.systolic_bp": "78", "fact.lactate": "3.4",
        "materials": ["inpatient_record_original", "medical_receipts", "fee_details", "card_or_id_copy"],
    }  # fmt: skip
    form["confirm"] = "yes"  # past the check-your-answers page
    assert post(me, page, "/ui/me/claims/new", form).status_code == 303
    again = post(me, page, "/ui/me/claims/new", form)
    assert again.status_code == 422
    assert "同一费用已有报销申请" in summary(again.text) and links(again.text) == []


def test_counter_filing_reports_the_person_the_place_and_the_form_together(login) -> None:
    staff = login("jingban")
    r = post(staff, "/ui/staff/counter", "/ui/staff/counter", {
        "id_number": "123", "category": "", "treatment_region": "abc", "temporary_reason": "holiday",
        "materials": ["id_card", "no_such_material"],
    })  # fmt: skip
    assert r.status_code == 422
    wanted = {"id_number", "category", "treatment_region", "temporary_reason", "materials", "form"}
    assert set(links(r.text)) == {f"f-{f}" for f in wanted}
    assert "联系电话" in beside(r.text, "form") and "请选择临时外出原因" in beside(r.text, "temporary_reason")
    for anchor in wanted:  # every link has its target on the page
        assert f'id="f-{anchor}"' in r.text


def test_filing_change_reports_every_field_in_the_change_forms_summary(login) -> None:
    me = login("canbao")
    done = post(me, "/ui/me/filings/new", "/ui/me/filings/new", {
        "category": "long_term_resident", "treatment_region": "210200", "sign_commitment": "yes", "confirm": "yes",
    })  # fmt: skip
    fid = done.headers["location"].split("created=")[1]
    r = post(me, "/ui/me/filings", f"/ui/me/filings/{fid}/change", {
        "treatment_region": "21", "outpatient_hospital": "H1", "valid_until": "2026-13-01",
        "chronic_hospital": "x",
    })  # fmt: skip
    assert r.status_code == 422
    prefix = f"c-{fid}-"
    fields = ("treatment_region", "outpatient_hospital", "chronic_hospital", "valid_until")
    assert links(r.text, f"{prefix}e-form") == [f"{prefix}{f}" for f in fields]
    assert "H+11 位数字" in beside(r.text, "chronic_hospital", prefix=prefix, error=f"{prefix}e-")


def test_account_forms_and_sign_in_report_every_problem(app, login) -> None:
    admin = login("admin")
    r = post(admin, "/ui/admin/users/new", "/ui/admin/users/new", {
        "role": "", "username": "x", "display_name": "", "password": "short",
    })  # fmt: skip
    assert r.status_code == 422
    assert set(links(r.text)) == {"f-role", "f-username", "f-display_name", "f-password"}
    assert "short" not in r.text
    reset = post(admin, "/ui/admin/users/canbao", "/ui/admin/users/canbao/password", {
        "password": "short", "password_again": "other",
    })  # fmt: skip
    assert set(links(reset.text)) == {"f-password", "f-password_again"}

    anonymous = TestClient(app, follow_redirects=False)
    empty = post(anonymous, "/ui/login", "/ui/login", {"username": "", "password": ""})
    assert empty.status_code == 400 and set(links(empty.text)) == {"f-username", "f-password"}
    wrong = post(anonymous, "/ui/login", "/ui/login", {"username": "canbao", "password": DEMO_PASSWORD + "x"})
    assert "用户名或密码不正确" in summary(wrong.text) and links(wrong.text) == []


def test_pages_outside_any_form_answer_in_chinese_with_a_way_home(login) -> None:
    me = login("canbao")
    missing = me.get("/ui/no-such-page")
    assert missing.status_code == 404 and "找不到您要的页面" in missing.text and 'href="/ui/"' in missing.text
    staff_only = me.get("/ui/staff/claims")
    assert (
        staff_only.status_code == 403
        and "无权访问此页面" in staff_only.text
        and 'href="/ui/"' in staff_only.text
    )
    unknown = me.get("/ui/settlements/NOPE")
    assert unknown.status_code == 404 and "未找到结算记录" in unknown.text
