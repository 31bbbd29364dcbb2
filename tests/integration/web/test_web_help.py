"""Help on every page (issue 19 scope 5): 12393 and the agency's phone, address and hours per
region as data an administrator edits; the footer links help (the API docs for staff only)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.integration.web.conftest import token


def test_help_needs_no_account_and_names_every_agency(app) -> None:
    r = TestClient(app).get("/ui/help")
    assert r.status_code == 200
    assert "12393" in r.text and "铁岭市医疗保障事务服务中心" in r.text and "024-74849067" in r.text
    assert "沈阳市医疗保障经办机构" in r.text  # every pooling region, filled in by the administrator later


def test_every_page_footer_names_12393_and_links_help(login) -> None:
    me = login("canbao")
    for url in ("/ui/", "/ui/me/filings", "/ui/me/estimate", "/ui/no-such-page"):
        foot = me.get(url).text.split('<footer class="foot">', 1)[1]
        assert "12393" in foot and 'href="/ui/help"' in foot and 'href="/docs"' not in foot, url
    staff_foot = login("jingban").get("/ui/").text.split('<footer class="foot">', 1)[1]
    assert 'href="/docs"' in staff_foot and 'href="/ui/help"' in staff_foot


def test_the_insured_person_sees_their_own_agency_first(login) -> None:
    page = login("canbao").get("/ui/help").text
    own = page.split('id="own-agency"', 1)[1].split("</section>", 1)[0]
    assert "辽宁省医疗保障事务服务中心（省直医保）" in own and "12393" in own


def test_the_administrator_edits_a_region_and_every_page_shows_it(login, app) -> None:
    admin = login("admin")
    page = admin.get("/ui/admin/contacts/210100")
    assert page.status_code == 200
    bad = admin.post("/ui/admin/contacts/210100", data={
        "agency": "", "phone": "call us", "address": "", "hours": "", "csrf_token": token(page.text),
    })  # fmt: skip
    assert bad.status_code == 422 and 'id="e-agency"' in bad.text and 'id="e-phone"' in bad.text
    done = admin.post("/ui/admin/contacts/210100", data={
        "agency": "沈阳市医疗保障事务服务中心", "phone": "024-12345678", "address": "沈阳市演示路 1 号",
        "hours": "工作日 8:30—16:30", "csrf_token": token(page.text),
    })  # fmt: skip
    assert done.status_code == 303
    listing = TestClient(app).get("/ui/help").text
    assert "024-12345678" in listing and "沈阳市演示路 1 号" in listing and "工作日 8:30—16:30" in listing
    assert login("canbao").get("/ui/admin/contacts").status_code == 403


def test_a_confirmation_says_whom_to_ask(login) -> None:
    me = login("canbao")
    page = me.get("/ui/me/filings/new")
    done = me.post("/ui/me/filings/new", data={
        "category": "long_term_resident", "treatment_region": "大连", "sign_commitment": "yes",
        "csrf_token": token(page.text), "confirm": "yes",
    })  # fmt: skip
    mine = me.get(done.headers["location"]).text
    box = mine.split('class="help-box"', 1)[1].split("</aside>", 1)[0]
    assert "12393" in box and "辽宁省医疗保障事务服务中心" in box
