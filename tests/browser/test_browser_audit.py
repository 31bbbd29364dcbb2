"""基金监管 pages at phone width: staff (queue, 协查, tickets, inspections, sampling) and a hospital
(its hits and tickets) — each renders and nothing is wider than 360 px; a ticket raised and an
inspection planned through the forms show in the lists."""

from __future__ import annotations

import pytest
from tests.browser.conftest import assert_fits_phone, shot, sign_in

pytestmark = pytest.mark.browser


def test_hospital_raises_a_ticket_and_sees_its_hits(page, server) -> None:  # type: ignore[no-untyped-def]
    base = str(server["base"])
    sign_in(page, base, "yiyuan")
    page.goto(base + "/ui/audit/tickets")
    page.get_by_label("问题类型").select_option("system")
    page.get_by_label("问题描述").fill("明细上传接口超时")
    page.get_by_label("被协同方类型").select_option("agency")
    page.get_by_label("被协同方（统筹区代码或医疗机构编码）").fill("210100")
    page.get_by_label("关联报文ID").fill("H210100000012026120400001")
    page.get_by_role("button", name="发起").click()
    page.wait_for_url("**/ui/audit/tickets/T*")
    assert "明细上传接口超时" in page.content()
    assert_fits_phone(page)
    shot(page, "audit-ticket")
    for name, path in (("audit-hits", "/ui/audit/hits"), ("audit-tickets", "/ui/audit/tickets")):
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        assert_fits_phone(page)
        shot(page, name)


def test_staff_pages_fit_a_phone(page, server) -> None:  # type: ignore[no-untyped-def]
    base = str(server["base"])
    sign_in(page, base, "jingban")
    page.goto(base + "/ui/audit/inspections")
    page.get_by_label("定点医疗机构编码").fill("H21010000001")
    page.get_by_label("检查方式").select_option("routine")
    page.get_by_label("计划日期（YYYY-MM-DD）").fill("2026-06-15")
    page.get_by_role("button", name="加入计划").click()
    page.wait_for_url("**/ui/audit/inspections?year=2026")
    assert "日常巡查" in page.content()
    for name, path in (("audit-queue", "/ui/audit/queue"), ("audit-xiecha", "/ui/audit/xiecha"),
                       ("audit-tickets-staff", "/ui/audit/tickets"), ("audit-inspections", "/ui/audit/inspections?year=2026"),
                       ("audit-sampling", "/ui/audit/sampling")):  # fmt: skip
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        assert_fits_phone(page)
        shot(page, name)
