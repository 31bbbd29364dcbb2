"""The deadline job (执行到期处理) shows what it will do before it runs (issue 19 scope 7): "将撤销
N 条、记失信 N 人" with the filings and names; revocation and the credit default (Tieling guide
三(二).3) happen only after the confirmation, and a bare POST changes nothing."""

from __future__ import annotations

from datetime import date

from tests.integration.web.conftest import token

from yidi.service_layer.demo_seed import PERSONS


def test_the_deadline_job_previews_then_runs_on_confirmation(login, clock) -> None:
    me, staff = login("canbao"), login("jingban")
    page = me.get("/ui/me/filings/new")
    form = {"category": "long_term_resident", "treatment_region": "210200", "sign_commitment": "yes", "confirm": "yes"}
    assert me.post("/ui/me/filings/new", data={**form, "csrf_token": token(page.text)}).status_code == 303
    clock.today = date(2026, 9, 1)  # the six-month commitment has run out
    listing = staff.get("/ui/staff/commitments").text
    assert 'href="/ui/staff/commitments/run"' in listing and 'action="/ui/staff/commitments/run"' not in listing
    preview = staff.get("/ui/staff/commitments/run").text
    assert "将撤销 1 条、记失信 1 人" in preview and PERSONS[0].name in preview and "确认执行" in preview
    bare = staff.post("/ui/staff/commitments/run", data={"csrf_token": token(preview)})
    assert bare.status_code == 303 and bare.headers["location"] == "/ui/staff/commitments/run"
    assert "将撤销 1 条" in staff.get("/ui/staff/commitments/run").text  # nothing was revoked
    ran = staff.post("/ui/staff/commitments/run", data={"csrf_token": token(preview), "confirm": "yes"}).text
    assert "到期处理完成" in ran and "撤销 1 条" in ran
    assert "将撤销 0 条、记失信 0 人" in staff.get("/ui/staff/commitments/run").text
