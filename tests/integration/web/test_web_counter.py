"""Window filing with the 附件1 form: missing form fields are named beside the form, then the
filing is made (a draft awaiting materials, or active with them)."""

from __future__ import annotations

from tests.integration.web.conftest import token

from yidi.service_layer.demo_seed import PERSONS


def test_counter_filing_with_the_application_form(login) -> None:
    staff = login("jingban")
    page = staff.get("/ui/staff/counter")
    assert "附件1" in page.text
    form = {
        "id_number": PERSONS[2].id_number, "category": "temporary", "temporary_reason": "business_trip",
        "treatment_region": "110100", "materials": ["id_card"], "csrf_token": token(page.text),
    }  # fmt: skip
    missing = staff.post("/ui/staff/counter", data=form)
    assert missing.status_code == 422 and 'id="e-form"' in missing.text and "联系电话" in missing.text
    done = staff.post(
        "/ui/staff/counter", data={**form, "form.phone": "13800000000", "form.signed_by": "省直公务员"}
    )
    assert done.status_code == 200, done.text
    assert 'id="counter-result"' in done.text and "临时外出就医人员" in done.text


def test_counter_filing_unknown_person_is_named(login) -> None:
    staff = login("jingban")
    page = staff.get("/ui/staff/counter")
    r = staff.post(
        "/ui/staff/counter",
        data={
            "id_number": "123",
            "category": "temporary",
            "treatment_region": "110100",
            "csrf_token": token(page.text),
        },
    )
    assert r.status_code == 422 and 'id="e-id_number"' in r.text
