"""A manual claim through the UI: the insured person applies after the one-time materials notice,
staff accept, review, approve (a second staff member) and pay; the person sees the payment."""

from __future__ import annotations

import re

from tests.integration.web.conftest import token

MATERIALS = ["inpatient_record_original", "medical_receipts", "fee_details", "card_or_id_copy"]


def test_manual_claim_from_submission_to_payment(login) -> None:
    me = login("canbao")
    page = me.get("/ui/me/claims/new", params={"claim_type": "inpatient_emergency", "disease": "shock"})
    assert "一次性告知" in page.text and "住院病历原件" in page.text
    form = {
        "claim_type": "inpatient_emergency", "disease": "shock", "hosp_lv": "3", "treatment_region": "110100",
        "care_start": "2026-01-02", "care_end": "2026-01-08", "medfee_sumamt": "10000.00",
        "inscp_scp_amt": "10000.00", "fact.systolic_bp": "78", "fact.lactate": "3.4",
        "materials": MATERIALS, "csrf_token": token(page.text), "confirm": "yes",
    }  # fmt: skip
    bad = me.post("/ui/me/claims/new", data={**form, "care_end": "2025-12-01"})
    assert bad.status_code == 422 and 'id="e-care_end"' in bad.text
    r = me.post("/ui/me/claims/new", data=form)
    assert r.status_code == 303, r.text
    claim_id = r.headers["location"].split("created=")[1]

    clerk, chief = login("jingban"), login("shenpi")
    for action in ("accept", "review", "approve", "pay"):
        staff = chief if action == "approve" else clerk
        # the claim's page offers the action (支付 through its confirmation page)
        page = staff.get(f"/ui/staff/claims/{claim_id}" + ("/pay" if action == "pay" else ""))
        assert f"/ui/staff/claims/{claim_id}/{action}" in page.text, (action, page.text[-2000:])
        done = staff.post(
            f"/ui/staff/claims/{claim_id}/{action}", data={"csrf_token": token(page.text), "confirm": "yes"}
        )
        assert done.headers["location"].endswith(f"?done={action}"), (action, done.text[-1500:])
    mine = me.get("/ui/me/claims").text
    assert "已支付" in mine
    assert re.search(r"已支付</dt><dd><span class=\"nowrap\">[\d.,]+ 元", mine)
