"""The audit log of reads (issue 13 scope 8): staff and hospital reads of a person are written
with who, whom, when and the address; the administrator searches them; citizens' own reads are not."""

from __future__ import annotations

from tests.integration.hospital.hospital_his import His

from yidi.adapters.db import session_factory
from yidi.service_layer.demo_seed import PERSONS
from yidi.service_layer.hospital.uow import HospitalUnitOfWork


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


def test_national_reads_show_in_the_admin_search(login, engine, clock) -> None:
    """A hospital's 1101 through the national interface is found by person and by hospital."""
    sessions = session_factory(engine)
    his = His(lambda: HospitalUnitOfWork(sessions, clock=clock), "H21010000001", "210100")
    his.sign_in()
    idn = PERSONS[1].id_number
    his.ok("1101", {"data": {"mdtrt_cert_type": "02", "mdtrt_cert_no": idn, "psn_name": PERSONS[1].name}})
    admin = login("admin")
    for query in ({"subject": idn}, {"actor": "hospital:H21010000001", "action": "person.read"}):
        page = admin.get("/ui/admin/audit", params=query)
        assert page.status_code == 200 and "national 1101" in page.text and "人员信息获取" in page.text
