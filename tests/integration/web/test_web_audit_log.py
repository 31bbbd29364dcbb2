"""The audit log of reads (issue 13 scope 8): staff and hospital reads of a person are written
with who, whom, when and the address; the administrator searches them; citizens' own reads are not."""

from __future__ import annotations

from yidi.service_layer.demo_seed import PERSONS


def test_reads_are_logged_and_searchable(login) -> None:
    idn = PERSONS[0].id_number
    staff = login("jingban")
    assert staff.get("/ui/staff/persons", params={"id_number": idn}).status_code == 200
    login("canbao").get("/ui/me/filings")  # a citizen reading their own: not a review matter
    admin = login("admin")
    page = admin.get("/ui/admin/audit", params={"subject": idn})
    assert page.status_code == 200 and "staff:jingban" in page.text and "/ui/staff/persons" in page.text
    assert "citizen:" not in page.text
    assert admin.get("/ui/admin/audit", params={"date_from": "2026-02-30"}).status_code == 200
    assert login("jingban").get("/ui/admin/audit").status_code == 403
    assert 'href="/ui/admin/audit"' in admin.get("/ui/").text
