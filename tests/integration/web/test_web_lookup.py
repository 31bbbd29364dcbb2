"""Patient lookup at the hospital desk and the insured person's coverage check."""

from __future__ import annotations

from yidi.service_layer.demo_seed import PERSONS


def test_hospital_looks_up_a_patient_with_filing_and_coverage(login) -> None:
    r = login("yiyuan").get("/ui/desk/patient", params={"id_number": PERSONS[1].id_number})
    assert r.status_code == 200
    assert PERSONS[1].name in r.text and 'id="eligibility"' in r.text
    bad = login("yiyuan").get("/ui/desk/patient", params={"id_number": "2101"})
    assert 'id="e-cert_no"' in bad.text


def test_staff_checks_coverage_for_a_region(login) -> None:
    r = login("jingban").get(
        "/ui/desk/patient", params={"id_number": PERSONS[1].id_number, "region": "210200"}
    )
    assert "可以直接结算" in r.text


def test_insured_coverage_check(login) -> None:
    me = login("canbao")
    r = me.get("/ui/me/coverage", params={"region": "210200"})
    assert r.status_code == 200 and 'id="eligibility"' in r.text
    bad = me.get("/ui/me/coverage", params={"region": "99"})
    assert 'class="error"' in bad.text
