"""基金测算 from the web: a named scenario runs as a background job with progress, its result
(baseline vs reform, groups, burden, reserve effect, the overlay against the guidance), two
scenarios side by side, and the report as print view and PDF."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from tests.integration.web.conftest import token

from yidi.entrypoints.web import pdf
from yidi.service_layer import fund_jobs

OVERLAY = """"211200":
  pooled_ratio:
    - when: {{filing_category: temporary}}
      value: 0.30
      from: {year}-01-01
      source: 测算方案
      assumption: true
"""


def _year(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("select min(year) from hospital_settlements")).scalar_one())


def _create(staff, **data: str):  # type: ignore[no-untyped-def]
    page = staff.get("/ui/fund/projection")
    assert page.status_code == 200
    return staff.post("/ui/fund/projection", data={**data, "csrf_token": token(page.text)})


def test_scenarios_run_in_the_background_and_compare(login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    staff = login("jingban")
    year = _year(engine)
    bad = _create(staff, name="", region="211200", first="2025-13", last="2025-01", overlay="pooled_ratio: [")
    assert bad.status_code == 422
    for message in ("请填写方案名称", "月份无效", "YAML"):
        assert message in bad.text
    window = {"region": "211200", "first": f"{year}-01", "last": f"{year}-12"}
    base = _create(staff, name="基线", overlay="", **window)
    assert base.status_code == 303
    reform = _create(staff, name="临时外出降至30%", overlay=OVERLAY.format(year=year), **window)
    assert reform.status_code == 303
    ids = [int(r.headers["location"].rsplit("/", 1)[1]) for r in (base, reform)]
    for sid in ids:
        fund_jobs.wait(sid)
    assert _create(staff, name="基线", overlay="", **window).status_code == 422  # names are unique per region
    page = staff.get(f"/ui/fund/projection/{ids[1]}")
    assert page.status_code == 200 and "测算完成" in page.text and 'id="totals"' in page.text
    assert "<svg" in page.text and "按备案类别" in page.text and "个人负担的变化" in page.text
    assert "不在指导范围内" in page.text  # 30 % is far below local − 20 points
    progress = staff.get(f"/ui/fund/projection/{ids[1]}/progress")
    assert progress.headers.get("HX-Refresh") == "true"
    listing = staff.get("/ui/fund/projection")
    assert "临时外出降至30%" in listing.text and "已完成" in listing.text
    cmp = staff.get(f"/ui/fund/projection/compare?ids={ids[0]}&ids={ids[1]}")
    assert cmp.status_code == 200 and 'id="compare"' in cmp.text and "0.00" in cmp.text
    report = staff.get(f"/ui/print/projection/{ids[1]}")
    assert report.status_code == 200 and "基金测算报告" in report.text and "<svg" in report.text
    if not pdf.available():
        pytest.skip("WeasyPrint unavailable here")
    got = staff.get(f"/ui/print/projection/{ids[1]}?format=pdf")
    assert got.status_code == 200 and got.content.startswith(b"%PDF")


def test_a_scenario_from_the_parameter_table(login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    staff = login("jingban")
    year = _year(engine)
    page = staff.get("/ui/fund/projection-params?region=211200")
    assert page.status_code == 200 and 'id="params"' in page.text
    key = "pooled_ratio|390|resident|temporary|l3a"  # the demo's 铁岭 resident: temporary, 3A
    assert f'name="v:{key}" value="0.4500"' in page.text
    bad = staff.post(
        "/ui/fund/projection-params",
        data={"region": "211200", "name": "x", "first": f"{year}-01", "last": f"{year}-12", f"v:{key}": "1.5",
              "csrf_token": token(page.text)},
    )  # fmt: skip
    assert bad.status_code == 422
    r = staff.post(
        "/ui/fund/projection-params",
        data={"region": "211200", "name": "居民临时外出三甲降至30%", "first": f"{year}-01", "last": f"{year}-12",
              f"v:{key}": "0.3000", "csrf_token": token(page.text)},
    )  # fmt: skip
    assert r.status_code == 303
    sid = int(r.headers["location"].rsplit("/", 1)[1])
    fund_jobs.wait(sid)
    s = fund_jobs.get(staff.app.state.uow_factory(), sid)
    assert s["status"] == "done" and "l3a: '0.3000'" in s["overlay"]
    delta = s["result"]["projection"]["delta"]
    assert delta["hifp_pay"].startswith("-") and delta["claims"] == 0
