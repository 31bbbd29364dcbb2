"""基金监管 pages: the staff queue and a settlement's review with a decision, 协查 with its
协查函 / 协查结果 print views, tickets (a hospital sees its own), inspections with the indicator,
and a hospital's own hits."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import Engine
from tests.integration.supervision.audit_rows import ASPIRIN, CBC, PCI, Stay, add
from tests.integration.web.conftest import token

from yidi.entrypoints.web import pdf

SY = "210100"


def _month_stays(engine: Engine, new_id_number) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from datetime import datetime

    day = date.today().replace(day=1)
    at = datetime(day.year, day.month, day.day, 9)
    big = add(engine, Stay(new_id_number(), "110100", at, at + timedelta(days=1),
                           [(PCI, "1", 3_200_000), (ASPIRIN, "10", 10_000)]))  # fmt: skip
    dup = add(engine, Stay(new_id_number(), "211200", at, at + timedelta(days=1), [(CBC, "1", 2_500), (CBC, "1", 2_500)],
                           pay_loc="3"))  # fmt: skip
    return {"big": big, "dup": dup}


def test_queue_review_and_decision(login, engine: Engine, new_id_number, clock) -> None:  # type: ignore[no-untyped-def]
    clock.today = date.today()
    ids = _month_stays(engine, new_id_number)
    staff = login("jingban")
    page = staff.get("/ui/audit/queue")
    assert page.status_code == 200 and "人工审核队列" in page.text
    r = staff.post("/ui/audit/run", data={"month": f"{date.today():%Y-%m}", "csrf_token": token(page.text)})
    assert r.status_code == 303 and "ratio=1.00" in r.headers["location"]
    queue = staff.get("/ui/audit/queue").text
    assert ids["big"] in queue and ids["dup"] in queue
    review = staff.get(f"/ui/audit/settlements/{ids['dup']}")
    assert "R-DUP" in review.text and "重复计费" in review.text
    form = {"csrf_token": token(review.text), "key": "web-1", "outcome": "deduct", "amount": "25.00",
            "reason": "血常规重复收费", "rule": "R-DUP", "agency_region": SY}  # fmt: skip
    assert staff.post(f"/ui/audit/settlements/{ids['dup']}/decide", data=form).status_code == 303
    after = staff.get(f"/ui/audit/settlements/{ids['dup']}").text
    assert "血常规重复收费" in after and "返还" in after and "待清算" not in after  # staged in clearing
    history = staff.get(f"/ui/settlements/{ids['dup']}").text  # the settlement's page shows it
    assert "基金监管扣除" in history and "血常规重复收费" in history
    bad = dict(form, key="web-2", amount="9999", agency_region="110100")
    refused = staff.post(f"/ui/audit/settlements/{ids['dup']}/decide", data=bad)
    assert refused.status_code == 409 and "就医地经办机构" in refused.text


def test_xiecha_pages_and_print_views(login, engine: Engine, new_id_number) -> None:  # type: ignore[no-untyped-def]
    ids = _month_stays(engine, new_id_number)
    staff = login("jingban")
    page = staff.get("/ui/audit/xiecha")
    r = staff.post("/ui/audit/xiecha", data={"csrf_token": token(page.text), "setl_id": ids["big"],
                                             "questions": "支架是否实际使用\n住院天数是否合理", "agency_region": "110100"})  # fmt: skip
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    case = staff.get(url).text
    cid = url.rsplit("/", 1)[1]
    ans = staff.post(f"/ui/audit/xiecha/{cid}/answer", data={"csrf_token": token(case), "findings": "支架重复计费",
                                                               "suspected": "700", "agency_region": SY})  # fmt: skip
    assert ans.status_code == 303
    letter = staff.get(f"/ui/audit/print/xiecha/{cid}")
    assert letter.status_code == 200 and "协查函" in letter.text and "支架是否实际使用" in letter.text
    result = staff.get(f"/ui/audit/print/xiecha/{cid}/result")
    assert "支架重复计费" in result.text
    if pdf.available():
        got = staff.get(f"/ui/audit/print/xiecha/{cid}?format=pdf")
        assert got.status_code == 200 and got.content[:4] == b"%PDF"


def test_tickets_and_inspections(login, engine: Engine, new_id_number) -> None:  # type: ignore[no-untyped-def]
    ids = _month_stays(engine, new_id_number)
    hospital = login("yiyuan")
    page = hospital.get("/ui/audit/tickets")
    assert page.status_code == 200
    r = hospital.post("/ui/audit/tickets", data={"csrf_token": token(page.text), "kind": "fee_dispute",
                                                 "subject": "扣除金额有异议", "addressed_kind": "agency",
                                                 "addressed_code": SY, "setl_id": ids["dup"]})  # fmt: skip
    assert r.status_code == 303, r.text
    assert "扣除金额有异议" in hospital.get("/ui/audit/tickets").text
    hits = hospital.get(f"/ui/audit/hits?month={date.today():%Y-%m}")
    assert hits.status_code == 200
    staff = login("jingban")
    insp = staff.get("/ui/audit/inspections")
    r = staff.post("/ui/audit/inspections", data={"csrf_token": token(insp.text), "hospital_code": "H21010000001",
                                                  "kind": "routine", "planned_on": f"{date.today():%Y-%m-%d}"})  # fmt: skip
    assert r.status_code == 303
    page = staff.get(f"/ui/audit/inspections?year={date.today().year}").text
    assert "日常巡查" in page and re.search(r"覆盖率 <strong>0\.\d\d</strong>", page)
    assert login("canbao").get("/ui/audit/tickets").status_code == 403


def test_sampling_page(login, engine: Engine, new_id_number) -> None:  # type: ignore[no-untyped-def]
    ids = _month_stays(engine, new_id_number)
    staff = login("jingban")
    page = staff.get("/ui/audit/sampling")
    form = {"csrf_token": token(page.text), "hospital_code": "H21010000001", "month": f"{date.today():%Y-%m}", "size": "2"}
    drawn = staff.post("/ui/audit/sampling", data=form)
    assert drawn.status_code == 200 and ids["big"] in drawn.text  # the top band is reviewed in full
    early = staff.get("/ui/audit/sampling", params={**form, "extrapolate": "1"})
    assert "未审核" in early.text and "外推结果" not in early.text
