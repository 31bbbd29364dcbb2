"""Check your answers and confirmations for the insured person (issue 19 scopes 6 and 7): nothing
is written before 确认提交, a double submit writes once, the confirmation gives the short reference
number with the next steps, and a claim shows its dated progress."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from tests.integration.web.conftest import token

from yidi.service_layer import claims_services, queries
from yidi.service_layer.demo_seed import PERSONS

ME = PERSONS[0].id_number
FILING = {
    "category": "long_term_resident",
    "treatment_region": "大连",
    "sign_commitment": "yes",
    "request_id": "71",
}
CLAIM = {
    "claim_type": "inpatient_emergency", "disease": "shock", "hosp_lv": "3", "treatment_region": "北京",
    "care_start": "2026-01-02", "care_end": "2026-01-08", "medfee_sumamt": "12345.00",
    "inscp_scp_amt": "12345.00", "fact.systolic_bp": "78", "fact.lactate": "3.4", "request_id": "72",
    "materials": ["inpatient_record_original", "medical_receipts", "fee_details", "card_or_id_copy"],
}  # fmt: skip


def _post(me: TestClient, page: str, url: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    return me.post(url, data={**data, "csrf_token": token(me.get(page).text)})


def _filings(uow_factory) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    return queries.list_filings(uow_factory(), ME)


def test_a_self_service_filing_is_checked_before_it_is_written(login, uow_factory) -> None:
    """Scope 7: the summary with 修改 links and 确认提交; nothing stored before the confirmation."""
    me = login("canbao")
    before = len(_filings(uow_factory))
    check = _post(me, "/ui/me/filings/new", "/ui/me/filings/new", FILING)
    assert check.status_code == 200 and "请核对备案信息" in check.text and "确认提交" in check.text
    answers = check.text.split('id="check-answers"', 1)[1].split("</dl>", 1)[0]
    assert "异地长期居住人员" in answers and "大连市" in answers and "已阅读并同意" in answers
    assert len(_filings(uow_factory)) == before  # not written yet
    edit = re.search(r'href="(/ui/me/filings/new\?[^"]+#f-treatment_region)"', check.text)
    assert edit, "each answer has a 修改 link back to its field"
    again = me.get(edit.group(1).replace("&amp;", "&"))
    assert 'value="大连"' in again.text and 'name="request_id" value="71"' in again.text  # answers kept
    assert len(_filings(uow_factory)) == before


def test_a_double_confirmed_filing_is_one_filing_with_a_reference_and_next_steps(
    login, uow_factory, clock, bearer, app
) -> None:
    """Scope 6: the confirmation gives the BA number, what happens next, what to bring, validity,
    when it may change and the agency; pressing 确认提交 twice files once (the form's request id)."""
    me = login("canbao")
    before = len(_filings(uow_factory))
    first = _post(me, "/ui/me/filings/new", "/ui/me/filings/new", {**FILING, "confirm": "yes"})
    second = _post(me, "/ui/me/filings/new", "/ui/me/filings/new", {**FILING, "confirm": "yes"})
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert len(_filings(uow_factory)) == before + 1
    filing = _filings(uow_factory)[-1]
    assert re.fullmatch(rf"BA{clock():%Y%m%d}-\d{{4}}", str(filing["ref_no"]))
    page = me.get(first.headers["location"]).text
    done = page.split('id="done"', 1)[1].split("</section>", 1)[0]
    assert f'备案编号 <strong class="ref-no">{filing["ref_no"]}</strong>' in done
    assert "接下来" in done and "社会保障卡或医保电子凭证" in done and "有效期" in done
    assert "请于" in done and "前补齐" in done  # self-service filing under commitment: what to supply by when
    assert "取消" in done  # when it may change or be cancelled
    assert str(filing["id"]) not in done.replace(f"/ui/print/filing/{filing['id']}", "")  # no 32-hex id shown
    help_box = page.split('class="help-box"', 1)[1].split("</aside>", 1)[0]
    assert "12393" in help_box
    # REST: the reference number is accepted where the id is; the JSON adds ref_no to its keys
    api = TestClient(app)
    got = api.get(f"/api/v1/filings/{filing['ref_no']}", headers=bearer(api, "apiclerk", "staff"))
    assert (
        got.status_code == 200
        and got.json()["id"] == filing["id"]
        and got.json()["ref_no"] == filing["ref_no"]
    )


def test_a_cancel_confirms_with_the_reference(login, uow_factory) -> None:
    """A temporary filing (no lock on cancelling) cancelled: the confirmation names its number."""
    me = login("canbao")
    temporary = {**FILING, "category": "temporary", "temporary_reason": "business_trip", "request_id": "73"}
    done = _post(me, "/ui/me/filings/new", "/ui/me/filings/new", {**temporary, "confirm": "yes"})
    assert done.status_code == 303, done.text
    fid = done.headers["location"].split("created=")[1]
    ref = next(f["ref_no"] for f in _filings(uow_factory) if f["id"] == fid)
    r = _post(me, "/ui/me/filings", f"/ui/me/filings/{fid}/cancel", {"why": "回参保地"})
    assert r.status_code == 303, r.text
    page = me.get(r.headers["location"]).text
    done_box = page.split('id="done"', 1)[1].split("</section>", 1)[0]
    assert "备案已取消" in done_box and f">{ref}<" in done_box and "重新办理备案" in done_box


def test_a_claim_is_checked_then_submitted_once_and_shows_its_progress(
    login, uow_factory, bearer, app
) -> None:
    me = login("canbao")
    page = "/ui/me/claims/new?claim_type=inpatient_emergency&disease=shock"
    count = len(claims_services.list_claims(uow_factory(), id_number=ME))
    check = _post(me, page, "/ui/me/claims/new", CLAIM)
    assert check.status_code == 200 and "请核对报销申请" in check.text
    answers = check.text.split('id="check-answers"', 1)[1].split("</dl>", 1)[0]
    assert "12,345.00 元" in answers and "北京市" in answers and "住院病历原件" in answers
    assert answers.count("修改") >= 6
    assert len(claims_services.list_claims(uow_factory(), id_number=ME)) == count  # nothing written
    edit = re.search(r'href="(/ui/me/claims/new\?[^"]+#f-medfee_sumamt)"', check.text)
    assert edit
    form = me.get(edit.group(1).replace("&amp;", "&")).text
    assert 'value="12345.00"' in form and "checked" in form  # the amounts and the ticked materials kept

    first = _post(me, page, "/ui/me/claims/new", {**CLAIM, "confirm": "yes"})
    second = _post(me, page, "/ui/me/claims/new", {**CLAIM, "confirm": "yes"})
    assert first.status_code == second.status_code == 303
    assert len(claims_services.list_claims(uow_factory(), id_number=ME)) == count + 1
    claim = claims_services.list_claims(uow_factory(), id_number=ME)[-1]
    assert re.fullmatch(r"BX\d{8}-\d{4}", str(claim["ref_no"]))
    mine = me.get(first.headers["location"]).text
    done = mine.split('id="done"', 1)[1].split("</section>", 1)[0]
    assert str(claim["ref_no"]) in done and "原件" in done and "辽宁省医疗保障事务服务中心" in done
    assert "社会保障卡银行账户" in done and ME not in done and f"{ME[:4]}**********{ME[-4:]}" in done
    timeline = mine.split(f'id="c-{claim["id"]}"', 1)[1].split("</ol>", 1)[0]
    assert [s for s in ("已提交", "受理", "审核", "审批", "支付") if s in timeline] == [
        "已提交",
        "受理",
        "审核",
        "审批",
        "支付",
    ]
    assert 'aria-current="step"><span class="step">已提交' in timeline

    clerk = login("jingban")
    queue = clerk.get("/ui/staff/claims")
    clerk.post(f"/ui/staff/claims/{claim['id']}/accept", data={"csrf_token": token(queue.text)})
    timeline = me.get("/ui/me/claims").text.split(f'id="c-{claim["id"]}"', 1)[1].split("</ol>", 1)[0]
    assert re.search(
        r'aria-current="step"><span class="step">受理</span> <span class="nowrap">\d{4}-\d{2}-\d{2}', timeline
    )

    # REST: the reference number is accepted where the id is, the JSON keeps its keys and adds ref_no
    api = TestClient(app)
    headers = bearer(api, "apiclerk", "staff")
    by_ref = api.get(f"/api/v1/claims/{claim['ref_no']}", headers=headers)
    assert by_ref.status_code == 200 and by_ref.json()["id"] == claim["id"]
    assert by_ref.json()["ref_no"] == claim["ref_no"]


def test_staff_find_a_person_by_the_number_read_out_and_the_printed_form_carries_it(
    login, uow_factory
) -> None:
    me = login("canbao")
    done = _post(
        me, "/ui/me/filings/new", "/ui/me/filings/new", {**FILING, "request_id": "74", "confirm": "yes"}
    )
    fid = done.headers["location"].split("created=")[1]
    ref = str(next(f["ref_no"] for f in _filings(uow_factory) if f["id"] == fid))
    staff = login("jingban")
    found = staff.get("/ui/staff/persons", params={"id_number": ref.lower().replace("-", " ")})
    assert found.status_code == 200 and PERSONS[0].name in found.text
    assert re.search(rf'<tr class="marked" aria-current="true"><td class="nowrap">{ref}</td>', found.text)
    unknown = staff.get("/ui/staff/persons", params={"id_number": "BA20000101-9999"})
    assert (
        "未找到编号为 BA20000101-9999 的备案或报销申请" in unknown.text and 'id="e-id_number"' in unknown.text
    )
    printed = me.get(f"/ui/print/filing/{fid}").text
    assert f'备案编号：<span class="mono">{ref}</span>' in printed
    assert f">{fid}<" not in printed  # the internal id only in the toolbar's links
