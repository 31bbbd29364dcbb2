"""Print views and their PDFs: the 附件1 application (or cancellation) form, the blank form and the
附表2 filing record; who may print what; the PDF opens and carries the person's name and ID number
as text (the CJK font is embedded, the text extractable)."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from tests.integration.web.conftest import token

from yidi.entrypoints.web import pdf
from yidi.service_layer import queries
from yidi.service_layer.demo_seed import PERSONS

needs_pdf = pytest.mark.skipif(
    not pdf.available(), reason="WeasyPrint or its system libraries (Pango) missing: no PDF here"
)


def pdf_text(body: bytes) -> tuple[str, int]:
    """All text of a PDF and its number of pages."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf (dev extra) is needed to read the PDF")
    reader = pypdf.PdfReader(io.BytesIO(body))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def counter_filing(staff) -> str:  # type: ignore[no-untyped-def]
    """A temporary (business trip to Beijing) filing made at the counter with the 附件1 fields."""
    page = staff.get("/ui/staff/counter")
    done = staff.post(
        "/ui/staff/counter",
        data={
            "id_number": PERSONS[2].id_number, "category": "temporary", "temporary_reason": "business_trip",
            "treatment_region": "110100", "materials": ["id_card"], "form.employer": "辽宁省财政厅",
            "form.contact": "王经办", "form.phone": "13800000000", "form.signed_by": "本人签字",
            "csrf_token": token(page.text), "confirm": "yes",
        },
    )  # fmt: skip
    assert done.status_code == 200, done.text
    found = re.search(r'/ui/print/filing/([^"?]+)"', done.text)
    assert found, "the counter result links the filing's print view"
    return found.group(1)


def self_service_filing(me, category: str, region: str, **extra: str) -> str:  # type: ignore[no-untyped-def]
    page = me.get("/ui/me/filings/new")
    form = {
        "category": category,
        "treatment_region": region,
        "csrf_token": token(page.text),
        "confirm": "yes",
        **extra,
    }
    r = me.post("/ui/me/filings/new", data=form)
    assert r.status_code == 303, r.text
    return str(r.headers["location"].split("created=")[1])


def test_application_form_of_a_counter_filing(login) -> None:
    staff = login("jingban")
    fid = counter_filing(staff)
    r = staff.get(f"/ui/print/application/{fid}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "辽宁省省直基本医疗保险异地就医申请（取消）表" in html and "附件1" in html
    # the signature box stays blank for a handwritten signature (issue 19 scope 8)
    for value in (PERSONS[2].name, PERSONS[2].id_number, "辽宁省财政厅", "王经办", "13800000000"):
        assert value in html
    assert 'class="option chosen">因公出差' in html  # the reason box of a business trip
    assert re.search(r"临时外出就医<span class=\"box on\" role=\"img\" aria-label=\"已选\">", html)
    assert re.search(r"取消<span class=\"box\" role=\"img\" aria-label=\"未选\">", html)
    assert f'href="/ui/print/application/{fid}?format=pdf"' in html
    assert 'href="/ui/static/print.css"' in html


def test_cancelled_filing_prints_the_form_with_cancel_ticked(login) -> None:
    me = login("canbao")
    fid = self_service_filing(me, "temporary", "210200", temporary_reason="travel", sign_commitment="yes")
    page = me.get("/ui/me/filings")
    cancelled = me.post(
        f"/ui/me/filings/{fid}/cancel", data={"why": "行程取消", "csrf_token": token(page.text)}
    )
    assert cancelled.status_code == 303, cancelled.text
    html = me.get(f"/ui/print/application/{fid}").text
    assert re.search(r"取消<span class=\"box on\" role=\"img\" aria-label=\"已选\">", html)
    assert 'class="option chosen">旅游' in html and "本表为取消申请" in html


def test_blank_application_form_has_no_personal_data(login) -> None:
    for username in ("canbao", "jingban"):
        r = login(username).get("/ui/print/application/blank")
        assert r.status_code == 200
        assert "异地就医申请（取消）表" in r.text and "备案编号" not in r.text
        assert 'aria-label="已选"' not in r.text and PERSONS[0].id_number not in r.text


def test_filing_record_layout_of_seed_002(login) -> None:
    staff = login("jingban")
    fid = counter_filing(staff)
    html = staff.get(f"/ui/print/filing/{fid}").text
    assert "跨省异地就医登记备案表" in html  # 219900 → 北京 is in another province
    assert "地区<br>（市、州）" in html and "县（区）" in html and "北京市" in html
    assert "1. 新增 √" in html and "13800000000" in html


def test_who_may_print(app, login) -> None:
    retiree_filing = queries.list_filings(app.state.uow_factory(), PERSONS[1].id_number)[0]["id"]
    me, staff, hospital = login("canbao"), login("jingban"), login("yiyuan")
    for view in ("application", "filing"):
        for suffix in ("", "?format=pdf"):
            url = f"/ui/print/{view}/{retiree_filing}{suffix}"
            mine = me.get(url)
            assert mine.status_code == 403 and "只能打印本人的备案" in mine.text
            refused = hospital.get(url)
            assert refused.status_code == 403 and "医疗机构不能打印" in refused.text
            assert staff.get(f"/ui/print/{view}/no-such-filing{suffix}").status_code == 404
        assert staff.get(f"/ui/print/{view}/{retiree_filing}").status_code == 200
    assert hospital.get("/ui/print/application/blank").status_code == 200  # no personal data on it
    anonymous = login("canbao")
    anonymous.cookies.clear()
    assert anonymous.get("/ui/print/application/blank").status_code == 303  # sign in first


@needs_pdf
def test_application_pdf_carries_name_and_id_number_as_text(login) -> None:
    staff = login("jingban")
    fid = counter_filing(staff)
    r = staff.get(f"/ui/print/application/{fid}?format=pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    disposition = r.headers["content-disposition"]
    name = quote(f"异地就医申请表-{PERSONS[2].name}-")  # named by the filing's reference number (BA…)
    assert disposition.startswith("attachment; filename=")
    assert re.search(rf"filename\*=UTF-8''{re.escape(name)}BA\d{{8}}-\d{{4}}\.pdf", disposition)
    assert r.headers["cache-control"] == "no-store"
    text, pages = pdf_text(r.content)
    assert pages == 1  # the form fits one A4 page
    compact = re.sub(r"\s+", "", text)
    assert PERSONS[2].name in compact and PERSONS[2].id_number in compact
    assert "辽宁省省直基本医疗保险异地就医申请（取消）表" in compact and "辽宁省财政厅" in compact


@needs_pdf
def test_filing_record_and_blank_form_pdfs(login) -> None:
    me = login("canbao")
    fid = self_service_filing(me, "long_term_resident", "210200", sign_commitment="yes")
    r = me.get(f"/ui/print/filing/{fid}?format=pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    name = re.escape(quote(f"省内异地就医登记备案表-{PERSONS[0].name}-"))
    assert re.search(rf"{name}BA\d{{8}}-\d{{4}}\.pdf", r.headers["content-disposition"])
    text, pages = pdf_text(r.content)
    compact = re.sub(r"\s+", "", text)
    assert pages == 1 and "省内异地就医登记备案表" in compact
    assert PERSONS[0].name in compact and PERSONS[0].id_number in compact
    blank = me.get("/ui/print/application/blank?format=pdf")
    assert blank.status_code == 200
    text, pages = pdf_text(blank.content)
    assert pages == 1 and "承诺书" in text and PERSONS[0].name not in text


def test_pdf_unavailable_answers_503_in_chinese(login, monkeypatch) -> None:
    def missing() -> None:
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    r = login("jingban").get("/ui/print/application/blank?format=pdf")
    assert r.status_code == 503 and "暂时无法生成 PDF" in r.text
    assert (
        login("jingban").get("/ui/print/application/blank").status_code == 200
    )  # the print view still works


def test_a_filing_made_by_a_hospital_has_no_application_form(app, login) -> None:
    from yidi.domain.actors import Actor, Channel, Role
    from yidi.domain.filing.categories import Category, TemporaryReason
    from yidi.domain.filing.creation import NewFiling
    from yidi.service_layer import filing_services

    hospital = Actor("H21010000001", Role.HOSPITAL, Channel.HOSPITAL_ADMISSION)
    made = filing_services.file(
        app.state.uow_factory(),
        hospital,
        PERSONS[2].id_number,
        NewFiling(Category.TEMPORARY, "210200", TemporaryReason.OTHER),
    )
    fid = made["filing"]["id"]
    staff = login("jingban")
    r = staff.get(f"/ui/print/application/{fid}")
    assert r.status_code == 404 and "没有《异地就医申请（取消）表》" in r.text
    assert staff.get(f"/ui/print/filing/{fid}").status_code == 200
    listed = staff.get(f"/ui/staff/persons?id_number={PERSONS[2].id_number}").text
    assert f"/ui/print/filing/{fid}?format=pdf" in listed and f"/ui/print/application/{fid}" not in listed


def test_seed002_附表1_declaration_has_the_seed_fields_filled_from_a_filing(app, login) -> None:
    """附表1 (辽社险办〔2017〕29号 第九条(一)): every field of the seed's form, filled from the filing."""
    retiree = PERSONS[1]
    filing = queries.list_filings(app.state.uow_factory(), retiree.id_number)[0]
    assert filing["category"] in ("long_term_retiree", "long_term_resident", "posted_worker")
    staff = login("jingban")
    html = staff.get(f"/ui/print/declaration/{filing['id']}").text
    compact = re.sub(r"<[^>]+>|\s|&emsp;", "", html)
    for field in (
        "附表1", "辽宁省省直机关事业单位基本医疗保险异地就医住院医疗费直接结算申报表", "申请人姓名", "性别",
        "个人电脑编号（社保卡卡号）", "年龄", "险种", "社会保障号（身份证号码）", "人员类别", "申请类别",
        "在职驻外", "异地安置", "异地长期居住", "单位经办人", "电话", "单位地址及邮政编号", "异地家属联系人姓名",
        "与申请人关系", "工作单位", "申请人异地居住详细地址", "申请人异地电话", "异地家属联系人电话",
        "申报人单位意见", "经办人签章", "单位公章", "省社保局意见", "初审", "复核", "审批",
        "此表适用于参保单位为跨省及省内退休异地安置人员、常驻异地工作人员、长期异地居住人员申请异地就医住院医疗费直接结算",
    ):  # fmt: skip
        assert field in compact, field
    assert retiree.name in html and retiree.id_number in html
    assert f'备案编号：<span class="mono">{filing["ref_no"]}</span>' in html  # the number people quote
    assert "退休（√）" in compact  # a retiree: psn_type 12
    assert f'href="/ui/print/declaration/{filing["id"]}?format=pdf"' in html
    persons = staff.get("/ui/staff/persons", params={"id_number": retiree.id_number}).text
    assert f'/ui/print/declaration/{filing["id"]}"' in persons  # linked where 附表2 is


def test_seed002_附表1_blank_and_only_for_the_three_categories(login) -> None:
    staff = login("jingban")
    blank = staff.get("/ui/print/declaration/blank")
    assert blank.status_code == 200 and "直接结算申报表" in blank.text and "√" not in blank.text
    fid = counter_filing(staff)  # a temporary filing: 附表1 is not its form
    r = staff.get(f"/ui/print/declaration/{fid}")
    assert r.status_code == 404 and "只适用于" in r.text
    assert f"/ui/print/declaration/{fid}" not in staff.get(f"/ui/print/filing/{fid}").text


@needs_pdf
def test_seed002_附表1_declaration_pdf_renders(app, login) -> None:
    retiree = PERSONS[1]
    fid = queries.list_filings(app.state.uow_factory(), retiree.id_number)[0]["id"]
    r = login("jingban").get(f"/ui/print/declaration/{fid}?format=pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")
    text, pages = pdf_text(r.content)
    compact = re.sub(r"\s+", "", text)
    assert (
        pages == 1
        and retiree.id_number in compact
        and "直接结算申报表" in compact
        and "省社保局意见" in compact
    )
    assert login("jingban").get("/ui/print/declaration/blank?format=pdf").content.startswith(b"%PDF-")
