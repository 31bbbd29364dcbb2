"""The clearing staff pages on the demo data (three cleared months, six pairs, one cross-province):
statements per pair with drill-down, confirm for the account's own region only, advance funds with
the usage warning and a top-up notice, the ledger, the 清算单 and 预付金通知书 print views and the
CSV / Excel exports."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from tests.integration.web.conftest import token

from yidi.entrypoints.web import pdf
from yidi.service_layer.demo_clearing import months_to_clear, seed_clearing

FIRST, MIDDLE, LAST = (str(m) for m in months_to_clear(date.today()))


@pytest.fixture(autouse=True)
def clearing_demo(engine) -> None:  # type: ignore[no-untyped-def]
    """The demo's cleared months (``yidi serve --demo`` seeds them after the shared demo data)."""
    from yidi.adapters.db import session_factory
    from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

    sessions = session_factory(engine)
    assert seed_clearing(lambda: SqlAlchemyUnitOfWork(sessions))["seeded"]


OWN = f"{LAST.replace('-', '')}-219900-210100"  # 省直 (jingban's region) in Shenyang


def test_months_statements_and_drill_down(login: Callable[[str], TestClient]) -> None:
    staff = login("jingban")
    page = staff.get("/ui/clearing")
    assert page.status_code == 200 and all(m in page.text for m in (FIRST, MIDDLE, LAST))
    assert "219900" in page.text  # the account's region is named
    month = staff.get(f"/ui/clearing/months/{LAST}")
    assert month.status_code == 200 and month.text.count('id="s-') == 6 and "110100" in month.text
    detail = staff.get(f"/ui/clearing/statements/{OWN}")
    assert detail.status_code == 200
    assert "DEMO-DED-0001" in detail.text and "确认清算单" in detail.text and 'id="lines"' in detail.text
    closed = staff.get(f"/ui/clearing/statements/{FIRST.replace('-', '')}-219900-210100")
    assert "已清算" in closed.text and "确认清算单" not in closed.text


def test_confirm_is_the_insured_regions_and_pay_follows(login: Callable[[str], TestClient]) -> None:
    other = login("shenpi")  # 铁岭 211200: not the 参保地 of OWN
    page = other.get(f"/ui/clearing/statements/{OWN}")
    assert "确认清算单" not in page.text
    r = other.post(f"/ui/clearing/statements/{OWN}/confirm", data={"csrf_token": token(page.text)})
    assert r.status_code == 403 and "只有参保地 219900" in r.text
    staff = login("jingban")
    page = staff.get(f"/ui/clearing/statements/{OWN}")
    r = staff.post(f"/ui/clearing/statements/{OWN}/dispute",
                   data={"csrf_token": token(page.text), "setl_id": "NOPE", "reason": "x"})  # fmt: skip
    assert r.status_code == 422 and "NOPE" in r.text
    r = staff.post(f"/ui/clearing/statements/{OWN}/confirm", data={"csrf_token": token(page.text)})
    assert r.status_code == 303
    page = staff.get(f"/ui/clearing/statements/{OWN}")
    assert "已确认" in page.text and "拨付清算款" in page.text
    assert (
        staff.post(f"/ui/clearing/statements/{OWN}/pay", data={"csrf_token": token(page.text)}).status_code
        == 303
    )
    ledger = staff.get("/ui/clearing/ledger")
    assert ledger.status_code == 200 and "借贷平衡" in ledger.text


def test_advance_funds_warning_and_top_up_notice(login: Callable[[str], TestClient]) -> None:
    staff = login("jingban")
    page = staff.get("/ui/clearing/advance")
    assert page.status_code == 200 and page.text.count("达到预警线") == 1  # the cross-province pair
    r = staff.post("/ui/clearing/advance/top-up",
                   data={"csrf_token": token(page.text), "insuplc": "219900", "mdtrtarea": "110100"})  # fmt: skip
    assert r.status_code == 303
    page = staff.get("/ui/clearing/advance")
    assert "预警补足" in page.text
    notice = f"ADV{FIRST[:4]}-219900-110100-2" if FIRST[:4] == LAST[:4] else None
    if notice:
        view = staff.get(f"/ui/clearing/print/advance/{notice}")
        assert view.status_code == 200 and "预付金通知书" in view.text and "预警补足" in view.text


def test_print_and_exports(login: Callable[[str], TestClient]) -> None:
    staff = login("jingban")
    view = staff.get(f"/ui/clearing/print/statement/{OWN}")
    assert view.status_code == 200 and "异地就医费用清算单" in view.text and "?format=pdf" in view.text
    csv = staff.get(f"/ui/clearing/months/{LAST}/export.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert (
        lines[0].startswith("参保地(insuplc_admdvs),就医地(mdtrtarea_admvs),人次(psntime)")
        and len(lines) == 7
    )
    assert staff.get(f"/ui/clearing/statements/{OWN}/lines.csv").status_code == 200
    pytest.importorskip("xlsxwriter")
    xlsx = staff.get(f"/ui/clearing/months/{LAST}/export.xlsx")
    assert xlsx.status_code == 200 and "filename*=UTF-8''" in xlsx.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(xlsx.content)).namelist()
    assert "xl/worksheets/sheet1.xml" in names and "xl/worksheets/sheet2.xml" in names


@pytest.mark.skipif(not pdf.available(), reason="WeasyPrint cannot render here")
def test_statement_pdf(login: Callable[[str], TestClient]) -> None:
    r = login("jingban").get(f"/ui/clearing/print/statement/{OWN}?format=pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF-")


def test_hospitals_and_insured_people_cannot_open_clearing(login: Callable[[str], TestClient]) -> None:
    assert login("yiyuan").get("/ui/clearing").status_code == 403
    assert login("canbao").get("/ui/clearing/advance").status_code == 403
