"""The staff's claim desk (issue 19 scope 8): the queue oldest first with the person's name and
days waiting, a claim page with the materials, the criteria verdict and the amount, only the
actions the signed-in member may take (审批同意 never offered to the reviewer: 初审/审批 by two
people, 辽社险办〔2017〕29号 附表1), 不予报销 and 审批不同意 with a reason, a message after every
action, 支付 only after its confirmation page, and the work counts on the start page."""

from __future__ import annotations

import re
from datetime import date

from tests.integration.web.conftest import token

MATERIALS = ["inpatient_record_original", "medical_receipts", "fee_details", "card_or_id_copy"]


def _claim(me, *, materials=MATERIALS, care_start="2026-01-02") -> str:
    page = me.get("/ui/me/claims/new", params={"claim_type": "inpatient_emergency", "disease": "shock"})
    form = {
        "claim_type": "inpatient_emergency", "disease": "shock", "hosp_lv": "3", "treatment_region": "110100",
        "care_start": care_start, "care_end": "2026-01-08", "medfee_sumamt": "10000.00",
        "inscp_scp_amt": "10000.00", "fact.systolic_bp": "78", "fact.lactate": "3.4",
        "materials": materials, "csrf_token": token(page.text), "confirm": "yes",  # past the check page
    }  # fmt: skip
    r = me.post("/ui/me/claims/new", data=form)
    assert r.status_code == 303, r.text[-1500:]
    return r.headers["location"].split("created=")[1]


def _act(staff, claim_id: str, action: str, **data: object):
    page = staff.get(f"/ui/staff/claims/{claim_id}")
    return staff.post(f"/ui/staff/claims/{claim_id}/{action}", data={"csrf_token": token(page.text), **data})


def _forms(html: str) -> list[str]:
    return re.findall(r'action="/ui/staff/claims/\w+/(\w+)"', html)


def test_queue_and_claim_page_show_what_a_decision_needs(login) -> None:
    me, clerk = login("canbao"), login("jingban")
    claim_id = _claim(me)
    queue = clerk.get("/ui/staff/claims").text
    assert f'href="/ui/staff/claims/{claim_id}"' in queue and "已等待" in queue
    assert "办理：受理 / 退回补正 / 不予报销" in queue
    page = clerk.get(f"/ui/staff/claims/{claim_id}").text
    assert "住院病历原件" in page and page.count("已收</span>") == 4
    assert "急危重病种核对：符合" in page and "休克" in page  # the verdict of the facts claimed
    assert "2026-01-02" in page and "10,000.00 元" in page
    assert _forms(page) == ["accept", "return", "reject"]


def test_each_action_reports_what_it_did_and_the_reviewer_is_not_offered_approval(login) -> None:
    me, clerk, chief = login("canbao"), login("jingban"), login("shenpi")
    claim_id = _claim(me)
    done = _act(clerk, claim_id, "accept")
    assert done.headers["location"] == f"/ui/staff/claims/{claim_id}?done=accept"
    page = clerk.get(done.headers["location"]).text
    assert 'id="done"' in page and "已受理：" in page and claim_id in page
    _act(clerk, claim_id, "review")
    mine = clerk.get(f"/ui/staff/claims/{claim_id}?done=review").text
    assert "已审核并计算金额" in mine and "计算金额：报销" in mine and "为什么是这个数" in mine
    assert _forms(mine) == [] and "审批须由另一位经办人员办理" in mine  # nothing offered to be refused
    theirs = chief.get(f"/ui/staff/claims/{claim_id}").text
    assert _forms(theirs) == ["approve", "disapprove"]
    bare = _act(chief, claim_id, "disapprove", reason="")
    assert bare.status_code == 422 and 'id="e-reason"' in bare.text and "审批不同意须写明理由" in bare.text
    r = _act(chief, claim_id, "disapprove", reason="票据与病历日期不一致")
    assert r.status_code == 303
    after = chief.get(r.headers["location"]).text
    assert "已审批不同意" in after and "票据与病历日期不一致" in after and _forms(after) == []


def test_payment_only_after_its_confirmation_page(login) -> None:
    me, clerk, chief = login("canbao"), login("jingban"), login("shenpi")
    claim_id = _claim(me)
    _act(clerk, claim_id, "accept")
    _act(clerk, claim_id, "review")
    _act(chief, claim_id, "approve")
    page = clerk.get(f"/ui/staff/claims/{claim_id}").text
    assert f'href="/ui/staff/claims/{claim_id}/pay"' in page and "pay" not in _forms(page)
    one_click = _act(clerk, claim_id, "pay")
    assert one_click.headers["location"] == f"/ui/staff/claims/{claim_id}/pay"  # not paid
    assert "已支付" not in clerk.get(f"/ui/staff/claims/{claim_id}").text
    confirm = clerk.get(f"/ui/staff/claims/{claim_id}/pay").text
    assert "确认支付" in confirm and "收款人" in confirm and "核定报销" in confirm
    paid = clerk.post(
        f"/ui/staff/claims/{claim_id}/pay",
        data={"csrf_token": token(confirm), "confirm": "yes", "request_id": f"{claim_id}-pay"},
    )
    assert paid.headers["location"] == f"/ui/staff/claims/{claim_id}?done=pay"
    assert "已支付：" in clerk.get(paid.headers["location"]).text


def test_rejecting_a_submitted_claim_needs_a_reason_and_a_clause(login) -> None:
    me, clerk = login("canbao"), login("jingban")
    claim_id = _claim(me, materials=["medical_receipts"])
    page = clerk.get(f"/ui/staff/claims/{claim_id}").text
    assert _forms(page) == ["return", "reject"]  # 受理 is not offered while materials are missing
    assert page.count("未收</span>") == 3
    bare = _act(clerk, claim_id, "reject", reason="材料不实")
    assert bare.status_code == 422 and "不予报销须写明理由和依据条款" in bare.text
    r = _act(clerk, claim_id, "reject", reason="材料不实", clause="辽医保中心发〔2021〕45号 五(一)")
    assert "已决定不予报销" in clerk.get(r.headers["location"]).text


def test_queue_is_oldest_first_and_the_start_page_counts_the_work(login, clock) -> None:
    me, clerk = login("canbao"), login("jingban")
    first = _claim(me)
    clock.today = date(2026, 1, 14)
    later = _claim(me, care_start="2026-01-03")
    home = clerk.get("/ui/").text
    assert re.search(r"<strong>\d+</strong> <span>待受理</span>", home)
    assert 'href="/ui/staff/claims?status=submitted"' in home
    queue = clerk.get("/ui/staff/claims").text
    assert queue.index(first) < queue.index(later)
    assert "已等待 4 天" in queue and "已等待 0 天" in queue
