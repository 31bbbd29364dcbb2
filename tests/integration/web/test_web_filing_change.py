"""变更 on 我的备案: what may change and from when, the change itself with its history, refusals."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from tests.integration.web.conftest import token

from yidi.service_layer import queries
from yidi.service_layer.demo_seed import PERSONS


def _long_term_filing(me: TestClient) -> str:
    """A self-service long-term filing of 省直在职 (canbao) to 大连, under commitment."""
    page = me.get("/ui/me/filings/new")
    form = {
        "category": "long_term_resident", "treatment_region": "210200", "sign_commitment": "yes",
        "csrf_token": token(page.text), "confirm": "yes",
    }  # fmt: skip
    done = me.post("/ui/me/filings/new", data=form)
    assert done.status_code == 303, done.text
    return str(done.headers["location"].split("created=")[1])


def _change(me: TestClient, fid: str, **fields: str | list[str]):  # type: ignore[no-untyped-def]
    page = me.get("/ui/me/filings")
    return me.post(f"/ui/me/filings/{fid}/change", data={**fields, "csrf_token": token(page.text)})


def test_locked_change_of_place_is_refused_beside_the_field_with_the_clause(app, login) -> None:
    me = login("canbao")
    fid = _long_term_filing(me)  # the clock stands at 2026-01-10
    page = me.get("/ui/me/filings").text
    # the 2025 provincial rule (seed 004 一(一)): no change within 6 months of taking effect
    assert "自 2026-07-10 起可变更" in page and "一(一)" in page
    r = _change(me, fid, treatment_region="210100", materials="residence_permit", reference="沈阳居住证")
    assert r.status_code == 422
    beside = r.text.split(f'id="c-{fid}-e-treatment_region"', 1)[1].split("</small>", 1)[0]
    assert "6 个月内不得变更" in beside and "2026-07-10 起可以办理" in beside and "一(一)" in beside
    assert f'id="c-{fid}-treatment_region" name="treatment_region" value="210100"' in r.text
    assert 'name="materials" value="residence_permit" checked' in r.text  # what was entered is kept
    assert queries.get_filing(app.state.uow_factory(), fid)["treatment_region"] == "210200"
    staff = login("jingban").get("/ui/staff/persons", params={"id_number": PERSONS[0].id_number}).text
    assert "就医地自 2026-07-10 起可变更（6 个月内不得变更，依据：" in staff


def test_hospital_change_is_allowed_during_the_lock_and_shown_in_the_history(login) -> None:
    me = login("canbao")
    fid = _long_term_filing(me)
    r = _change(me, fid, outpatient_hospital="h21020000001")
    assert r.status_code == 303, r.text
    page = me.get(r.headers["location"]).text
    assert "变更已办理" in page and "门诊统筹定点医院</dt><dd>H21020000001" in page
    assert "变更</strong>；门诊统筹定点医院 未选 → H21020000001" in page
    wrong_city = _change(me, fid, chronic_hospital="H21010000001")  # 沈阳 hospital, filing is to 大连
    assert wrong_city.status_code == 422
    assert "不在备案就医地 210200 内" in wrong_city.text.split(f'id="c-{fid}-e-chronic_hospital"', 1)[1]


def test_change_of_place_after_the_lock_needs_proof_and_restarts_the_interval(login, clock) -> None:
    me = login("canbao")
    fid = _long_term_filing(me)
    clock.today = date(2026, 7, 10)
    assert "就医地：现在可以变更" in me.get("/ui/me/filings").text
    missing = _change(me, fid, treatment_region="210100")
    assert missing.status_code == 422
    assert "须补充" in missing.text.split(f'id="c-{fid}-e-materials"', 1)[1].split("</small>", 1)[0]
    done = _change(
        me, fid, treatment_region="210100", materials=["id_card", "residence_permit"], reference="沈阳居住证 1",
    )  # fmt: skip
    assert done.status_code == 303, done.text
    page = me.get(done.headers["location"]).text
    card = page.split(f'id="f-{fid}"', 1)[1].split("</article>", 1)[0]
    assert "→ 沈阳市" in card and "就医地 大连市 → 沈阳市" in card  # names only for the insured person
    assert "自 2027-01-10 起可变更" in card  # the interval runs from the new place's effect


def test_nothing_to_change_and_other_persons_filing_are_refused(app, login) -> None:
    me = login("canbao")
    fid = _long_term_filing(me)
    empty = _change(me, fid)
    assert empty.status_code == 422 and f'id="c-{fid}-e-treatment_region"' in empty.text
    someone_else = queries.list_filings(app.state.uow_factory(), PERSONS[1].id_number)[0]["id"]
    r = _change(me, str(someone_else), outpatient_hospital="H21020000001")
    assert r.status_code == 403 and "只能办理本人的备案" in r.text
    after = queries.get_filing(app.state.uow_factory(), str(someone_else))
    assert after["outpatient_hospital"] is None
