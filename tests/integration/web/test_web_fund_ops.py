"""The fund and operations pages for staff: months of reserve (entry, CSV import, the warning on
every staff page), compliance with the 2025 guidance (policy in force and an overlay), and the
daily error report with its worklist and PDF."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine
from tests.integration.web.conftest import token

from yidi.adapters.orm_hospital import message_log
from yidi.entrypoints.web import pdf


def _post(client, url: str, data: dict[str, str], files=None):  # type: ignore[no-untyped-def]
    page = client.get("/ui/fund/reserve")
    return client.post(url, data={**data, "csrf_token": token(page.text)}, files=files)


def test_reserve_entry_import_and_the_warning_everywhere(login) -> None:  # type: ignore[no-untyped-def]
    staff = login("jingban")
    assert "reserve-warning" not in staff.get("/ui/").text
    bad = _post(staff, "/ui/fund/reserve/figure", {"region": "211200", "month": "2025-13", "balance": "x",
                                                    "expenditure": "-1", "source": ""})  # fmt: skip
    assert bad.status_code == 422
    for text in ("月份应为 YYYY-MM", "金额应为元", "请注明数据来源"):
        assert text in bad.text
    ok = _post(staff, "/ui/fund/reserve/figure", {"region": "211200", "month": "2025-01", "balance": "500000.00",
                                                   "expenditure": "100000.00", "source": "2025年1月基金收支月报"})  # fmt: skip
    assert ok.status_code == 303
    page = staff.get("/ui/fund/reserve")
    assert "5.00" in page.text and "少于6个月，预警" in page.text
    home = staff.get("/ui/")  # the warning wherever a policy maker looks
    assert 'id="reserve-warning"' in home.text and "211200" in home.text
    assert 'id="reserve-warning"' in staff.get("/ui/staff/policy").text
    csv = "region,month,balance,expenditure\n211200,2025-02,900000.00,50000.00\n"
    up = _post(
        staff,
        "/ui/fund/reserve/import",
        {"csv": ""},
        files={"file": ("figures.csv", csv.encode(), "text/csv")},
    )
    assert up.status_code == 303
    # average (100000 + 50000) / 2 = 75000; 900000 / 75000 = 12 months: no warning any more
    assert 'id="reserve-warning"' not in staff.get("/ui/").text
    bad_csv = _post(
        staff, "/ui/fund/reserve/import", {"csv": "region,month,balance,expenditure\n2112,2025-02,1,1\n"}
    )
    assert bad_csv.status_code == 422 and "第 2 行统筹区代码无效" in bad_csv.text
    insured = login("canbao")
    assert insured.get("/ui/fund/reserve").status_code == 403


def test_compliance_page_and_an_overlay(login) -> None:  # type: ignore[no-untyped-def]
    staff = login("jingban")
    page = staff.get("/ui/fund/compliance?region=211200&on=2025-06-01")
    assert page.status_code == 200 and 'id="compliance"' in page.text and "不符合" in page.text
    overlay = ('"219900":\n  pooled_ratio:\n    - when: {filing_category: temporary}\n'
               "      by_hosp_lv: {l3: 0.79, l2: 0.84, l1: 0.85}\n      from: 2025-01-01\n      source: 测算方案\n"
               "      assumption: true\n")  # fmt: skip
    r = _post(staff, "/ui/fund/compliance", {"region": "219900", "on": "2025-06-01", "overlay": overlay})
    assert r.status_code == 200 and "0.7900" in r.text and "含调整方案" in r.text
    broken = _post(
        staff, "/ui/fund/compliance", {"region": "219900", "on": "2025-06-01", "overlay": "deductible: ["}
    )
    assert broken.status_code == 422


def test_daily_errors_worklist_and_pdf(login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    at = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    with engine.begin() as conn:
        for i in range(2):
            conn.execute(
                message_log.insert().values(
                    hospital_code="H21120000001", msgid=f"W{i:029d}", infno="2401", inf_refmsgid=f"R{i}", infcode=-1,
                    psn_no="", received_at=at, request={},
                    response={"infcode": -1, "err_msg": "FSI-缺少交易签到流水号 sign_no，请先【9001】签到"},
                )
            )  # fmt: skip
    staff = login("jingban")
    page = staff.get("/ui/ops/daily?on=2026-03-02")
    assert page.status_code == 200 and "签到" in page.text and f"W{0:029d}" in page.text
    saved = staff.post(
        "/ui/ops/daily/work",
        data={"on": "2026-03-02", "fixmedins_code": "H21120000001", "infno": "2401", "kind": "sign_in",
              "owner": "张工", "status": "in_progress", "note": "已联系医院", "csrf_token": token(page.text)},
    )  # fmt: skip
    assert saved.status_code == 303
    again = staff.get("/ui/ops/daily?on=2026-03-02")
    assert "张工" in again.text and "已联系医院" in again.text
    printed = staff.get("/ui/print/ops-daily?on=2026-03-02")
    assert printed.status_code == 200 and "每日报错报告" in printed.text and "张工" in printed.text
    if not pdf.available():
        pytest.skip("WeasyPrint unavailable here")
    got = staff.get("/ui/print/ops-daily?on=2026-03-02&format=pdf")
    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    assert date(2026, 3, 2)


def test_daily_errors_page_names_the_platforms_own_server_errors(login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    """Seed 004 四: a REST or page server error (no hospital) shows as the platform's, in Chinese."""
    from yidi.adapters.orm_fund import ops_server_errors

    at = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            ops_server_errors.insert().values(
                at=at, fixmedins_code="", infno="web", kind="internal", msgid="", request_id="abc123",
                path="/ui/fund/reserve", error="POLICY_DATA_BROKEN: policy data broken",
            )
        )  # fmt: skip
    page = login("jingban").get("/ui/ops/daily?on=2026-03-03")
    assert page.status_code == 200
    assert "（本平台）" in page.text and "平台网页" in page.text and "系统数据错误" in page.text
    assert "abc123" in page.text
