"""结算查询 pages: staff search (each field, errors beside fields, paging), the detail with the
explanation and the reversal chain, 我的结算 / 本院结算 within their scope, and the 结算单
whose parts add up to the totals (HTML and PDF)."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PdfReader
from tests.integration.web.settlement_setup import CANBAO, TIELING, YIYUAN, demo, paid_claim

from yidi.entrypoints.web import pdf
from yidi.service_layer import settlement_queries as sq

ROW = re.compile(r'<a href="/ui/settlements/([A-Za-z0-9]+)">')


def listed(html: str) -> list[str]:
    return ROW.findall(html.split('id="results"')[1])


def test_staff_search_by_each_field(login, app) -> None:
    d = demo(app.state.uow_factory)
    staff = login("jingban")
    assert len(listed(staff.get("/ui/staff/settlements").text)) == 4
    cases = {
        "id_number": (TIELING, 3), "setl_id": (d["canbao"]["setl_id"], 1), "mdtrt_id": (d["valid"]["mdtrt_id"], 3),
        "hospital_code": (YIYUAN, 3), "kind": ("reversal", 1), "status": ("cancelled", 1), "source": ("hospital", 4),
        "date_from": (d["valid"]["setl_date"], 4), "date_to": ("2020-01-01", 0),
    }  # fmt: skip
    for name, (value, count) in cases.items():
        page = staff.get("/ui/staff/settlements", params={name: value})
        assert page.status_code == 200 and len(listed(page.text)) == count, name
    page = staff.get("/ui/staff/settlements", params={"id_number": TIELING})
    assert "已撤销" in page.text and "撤销记录" in page.text and "20,757.00 元" in page.text


def test_search_errors_are_beside_their_fields(login) -> None:
    page = login("jingban").get(
        "/ui/staff/settlements", params={"id_number": "123", "date_from": "2026-02-30"}
    )
    assert page.status_code == 422
    assert 'id="e-id_number"' in page.text and 'id="e-date_from"' in page.text
    assert 'value="123"' in page.text  # what was typed stays in the field
    far = login("jingban").get("/ui/staff/settlements", params={"page": "5000"})
    assert far.status_code == 422 and 'id="form-error"' in far.text and "页码" in far.text


def test_paging_links_keep_the_filters(login, app, monkeypatch) -> None:
    monkeypatch.setattr(sq, "PAGE_SIZE", 2)
    staff = login("jingban")
    first = staff.get("/ui/staff/settlements", params={"hospital_code": YIYUAN}).text
    assert "共 3 条，第 1 / 2 页" in first and len(listed(first)) == 2
    link = re.search(r'href="\?([^"]*page=2)"', first)
    assert link and "hospital_code=" + YIYUAN in link.group(1)
    second = staff.get("/ui/staff/settlements?" + link.group(1).replace("&amp;", "&")).text
    assert len(listed(second)) == 1 and not set(listed(second)) & set(listed(first))
    paid_claim(app.state.uow_factory)
    everything = staff.get("/ui/staff/settlements").text
    assert "共 5 条" in everything and "手工报销" in everything


def test_detail_shows_the_explanation_and_the_reversal_chain(login, app) -> None:
    d = demo(app.state.uow_factory)
    staff = login("jingban")
    page = staff.get(f"/ui/settlements/{d['cancelled']['setl_id']}").text
    assert "本结算已撤销" in page and f'href="/ui/settlements/{d["reversal"]["setl_id"]}"' in page
    assert "为什么是这个数" in page and "起付标准：2000.00（铁岭指南 二.2" in page and "假设参数" in page
    assert (
        "城乡居民基本医疗保险" in page
        and "沈阳演示三级甲等医院" in page
        and "冠状动脉粥样硬化性心脏病" in page
    )
    assert "统筹基金支付比例" in page  # setlinfo with Chinese labels
    reversal = staff.get(f"/ui/settlements/{d['reversal']['setl_id']}").text
    assert (
        "撤销（冲销）记录" in reversal and f'href="/ui/settlements/{d["cancelled"]["setl_id"]}"' in reversal
    )
    assert "-20,757.00" in reversal  # thousand separators everywhere (issue 19)


def test_each_role_sees_its_own_settlements_only(login, app) -> None:
    d = demo(app.state.uow_factory)
    me, desk = login("canbao"), login("yiyuan")
    assert listed(me.get("/ui/me/settlements").text) == [d["canbao"]["setl_id"]]
    assert me.get(f"/ui/settlements/{d['canbao']['setl_id']}").status_code == 200
    refused = me.get(f"/ui/settlements/{d['valid']['setl_id']}")
    assert refused.status_code == 403 and "本人" in refused.text and "<html" in refused.text
    assert me.get(f"/ui/print/settlement/{d['valid']['setl_id']}").status_code == 403
    assert me.get("/ui/staff/settlements").status_code == 403
    own = listed(desk.get("/ui/desk/settlements").text)
    assert sorted(own) == sorted(d[k]["setl_id"] for k in ("cancelled", "reversal", "valid"))
    # a hospital cannot widen its scope through the form
    assert listed(desk.get("/ui/desk/settlements", params={"id_number": CANBAO}).text) == []
    assert desk.get(f"/ui/settlements/{d['canbao']['setl_id']}").status_code == 403
    assert desk.get(f"/ui/settlements/{d['valid']['setl_id']}").status_code == 200
    assert login("jingban").get("/ui/settlements/S0000").status_code == 404


def test_start_pages_link_the_settlement_pages(login) -> None:
    assert "/ui/me/settlements" in login("canbao").get("/ui/").text
    assert "/ui/desk/settlements" in login("yiyuan").get("/ui/").text
    assert "/ui/staff/settlements" in login("jingban").get("/ui/").text


def _fen(html: str, cls: str) -> list[int]:
    return [int(v) for v in re.findall(rf'class="right {cls}" data-fen="(-?\d+)"', html)]


def _one(html: str, label: str) -> int:
    found = re.search(rf"<th>{label}</th><td class=\"right\" data-fen=\"(-?\d+)\"", html)
    assert found, label
    return int(found.group(1))


@pytest.mark.parametrize("which", ["valid", "reversal", "claim"])
def test_statement_parts_add_up(login, app, which: str) -> None:
    setl_id = (
        paid_claim(app.state.uow_factory)
        if which == "claim"
        else demo(app.state.uow_factory)[which]["setl_id"]
    )
    page = login("jingban").get(f"/ui/print/settlement/{setl_id}")
    assert page.status_code == 200
    html = page.text
    for heading in (
        "参保地",
        "就医地",
        "医疗机构",
        "结算时间",
        "姓",
        "证件号码",
        "险",
        "人员类别",
        "异地备案类别",
        "依据",
    ):
        assert heading in html, heading
    medfee, fund = _one(html, "医疗费总额"), _one(html, "基金支付合计")
    assert len(_fen(html, "part-fee")) == 4 and sum(_fen(html, "part-fee")) == medfee
    assert sum(_fen(html, "part-fund")) == fund
    assert fund + sum(_fen(html, "part-pay")) == medfee
    if which == "valid":
        assert "省内异地就医直接结算住院费用结算单" in html and "铁岭指南" in html.split('id="basis"')[1]
        assert "2,000.00 元" in html  # 起付标准 from the explanation
    if which == "reversal":
        assert "撤销（冲销）记录" in html and medfee < 0
    if which == "claim":
        assert "手工报销结算单" in html and "报销类型" in html


def test_statement_pdf(login, app) -> None:
    if not pdf.available():
        pytest.skip("WeasyPrint or Pango is not installed here")
    setl_id = demo(app.state.uow_factory)["canbao"]["setl_id"]
    r = login("canbao").get(f"/ui/print/settlement/{setl_id}?format=pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and "attachment" in r.headers["content-disposition"]
    assert len(PdfReader(BytesIO(r.content)).pages) == 1  # the statement fits one A4 sheet
