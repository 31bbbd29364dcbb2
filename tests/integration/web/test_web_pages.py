"""Every page renders for its role and shows the service's answer (TestClient, no browser)."""

from __future__ import annotations

from tests.integration.web.conftest import token


def test_emergency_criteria_check_shows_verdict_tree_and_source(login) -> None:
    desk = login("yiyuan")
    page = desk.get("/ui/desk/criteria?disease=shock")
    assert "收缩压 ≤ 80mmHg 伴乳酸 &gt; 3mmol/L" in page.text
    r = desk.post(
        "/ui/desk/criteria",
        data={
            "disease": "shock",
            "fact.systolic_bp": "75",
            "fact.lactate": "4.2",
            "csrf_token": token(page.text),
        },
    )
    assert r.status_code == 200
    assert "结论：符合" in r.text
    assert "辽医保中心发〔2021〕45号 附件2" in r.text and "seed 0" not in r.text  # the source by document name


def test_criteria_errors_are_shown_beside_the_fact(login) -> None:
    desk = login("yiyuan")
    page = desk.get("/ui/desk/criteria?disease=shock")
    r = desk.post(
        "/ui/desk/criteria",
        data={"disease": "shock", "fact.systolic_bp": "999", "csrf_token": token(page.text)},
    )
    assert r.status_code == 422
    assert 'id="e-fact.systolic_bp"' in r.text


def test_screening_lists_qualifying_diseases(login) -> None:
    desk = login("yiyuan")
    page = desk.get("/ui/desk/screen")
    r = desk.post(
        "/ui/desk/screen",
        data={"fact.systolic_bp": "75", "fact.lactate": "4.2", "csrf_token": token(page.text)},
    )
    assert r.status_code == 200
    assert "休克" in r.text.split("可能满足")[0]


def test_referral_search(login) -> None:
    r = login("yiyuan").get("/ui/desk/referral", params={"region": "211300", "q": "肺癌"})
    assert r.status_code == 200
    assert "<table" in r.text


def test_estimate_shows_amounts_and_explanation(login) -> None:
    me = login("canbao")
    page = me.get("/ui/me/estimate")
    data = {
        "mdtrtarea_admvs": "210100", "filing_category": "long_term_resident", "hosp_lv": "3",
        "med_type": "21", "setl_time": "2026-01-10", "medfee_sumamt": "10000.00",
        "fulamt_ownpay_amt": "0", "overlmt_selfpay": "0", "preselfpay_amt": "0", "inscp_scp_amt": "10000.00",
        "csrf_token": token(page.text),
    }  # fmt: skip
    r = me.post("/ui/me/estimate", data=data)
    assert r.status_code == 200, r.text
    assert "为什么是这个数" in r.text and "起付" in r.text


def test_estimate_errors_name_the_field(login) -> None:
    me = login("canbao")
    page = me.get("/ui/me/estimate")
    r = me.post(
        "/ui/me/estimate",
        data={"mdtrtarea_admvs": "21", "filing_category": "long_term_resident", "hosp_lv": "3", "med_type": "21",
              "setl_time": "2026-01-10", "medfee_sumamt": "10", "inscp_scp_amt": "10", "csrf_token": token(page.text)},
    )  # fmt: skip
    assert r.status_code == 422
    assert 'class="error"' in r.text


def test_self_service_filing_with_commitment(login) -> None:
    me = login("canbao")
    page = me.get("/ui/me/filings/new")
    assert "告知承诺书" in page.text
    form = {"category": "long_term_resident", "treatment_region": "210200", "csrf_token": token(page.text)}
    refused = me.post("/ui/me/filings/new", data=form)
    assert refused.status_code == 422 and 'id="e-sign_commitment"' in refused.text
    done = me.post("/ui/me/filings/new", data={**form, "sign_commitment": "yes", "confirm": "yes"})
    assert done.status_code == 303, done.text
    mine = me.get(done.headers["location"])
    assert "承诺制备案" in mine.text and "大连市" in mine.text


def test_guide_answers_with_materials_and_clause(login) -> None:
    r = login("canbao").get("/ui/me/guide", params={"category": "long_term_retiree"})
    assert "应办理：异地安置退休人员" in r.text
    assert "有效身份证件" in r.text and "依据" in r.text


def test_staff_pages(login, clock) -> None:
    staff = login("jingban")
    from yidi.service_layer.demo_seed import PERSONS

    r = staff.get("/ui/staff/persons", params={"id_number": PERSONS[1].id_number})
    assert PERSONS[1].name in r.text
    bad = staff.get("/ui/staff/persons", params={"id_number": "123"})
    assert 'id="e-id_number"' in bad.text
    assert staff.get("/ui/staff/claims").status_code == 200
    policy = staff.get("/ui/staff/policy", params={"region": "211200"})
    assert "起付标准" in policy.text
    page = staff.get("/ui/staff/commitments")
    run = staff.post("/ui/staff/commitments/run", data={"csrf_token": token(page.text), "confirm": "yes"})
    assert "到期处理完成" in run.text


def _new_commitment_filing(me) -> str:  # type: ignore[no-untyped-def]
    page = me.get("/ui/me/filings/new")
    form = {
        "category": "long_term_resident", "treatment_region": "210200", "sign_commitment": "yes",
        "csrf_token": token(page.text), "confirm": "yes",
    }  # fmt: skip
    return str(me.post("/ui/me/filings/new", data=form).headers["location"].split("created=")[1])


def test_supplying_the_promised_materials_completes_the_commitment(login) -> None:
    me = login("canbao")
    fid = _new_commitment_filing(me)
    page = me.get("/ui/me/filings")
    r = me.post(
        f"/ui/me/filings/{fid}/supply",
        data={"materials": "residence_permit", "reference": "大连居住证 123", "csrf_token": token(page.text)},
    )
    assert r.status_code == 303, r.text
    assert "承诺制备案" not in me.get("/ui/me/filings").text.split(fid)[0].rsplit("<article", 1)[-1]


def test_cancel_is_decided_by_the_service_and_only_for_own_filings(app, login) -> None:
    me = login("canbao")
    fid = _new_commitment_filing(me)
    page = me.get("/ui/me/filings")
    r = me.post(f"/ui/me/filings/{fid}/cancel", data={"why": "回沈阳", "csrf_token": token(page.text)})
    assert r.status_code in (303, 422)
    if r.status_code == 422:  # a lock refuses: the reason is shown on the filing's card
        assert f'id="e-{fid}"' in r.text
    from yidi.service_layer import queries
    from yidi.service_layer.demo_seed import PERSONS

    someone_else = queries.list_filings(app.state.uow_factory(), PERSONS[1].id_number)[0]["id"]
    page = me.get("/ui/me/filings")
    r = me.post(f"/ui/me/filings/{someone_else}/cancel", data={"csrf_token": token(page.text)})
    assert r.status_code == 403 and "只能办理本人的备案" in r.text


def test_print_view_of_the_filing_record(app, login) -> None:
    me = login("canbao")
    fid = _new_commitment_filing(me)
    r = me.get(f"/ui/print/filing/{fid}")
    assert r.status_code == 200
    assert "省内异地就医登记备案表" in r.text  # 219900 → 大连 is inside Liaoning
    assert "附表2" in r.text and "2. 异地长期居住人员 √" in r.text
    from yidi.service_layer import queries
    from yidi.service_layer.demo_seed import PERSONS

    someone_else = queries.list_filings(app.state.uow_factory(), PERSONS[1].id_number)[0]["id"]
    assert me.get(f"/ui/print/filing/{someone_else}").status_code == 403
    assert login("jingban").get(f"/ui/print/filing/{someone_else}").status_code == 200
