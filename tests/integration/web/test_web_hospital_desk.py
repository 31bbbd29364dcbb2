"""本院结算 for a hospital's insurance desk (issue 19 scope 9): totals of the valid settlements the
filters match (a cancelled settlement and its reversal record left out), the 住院号 of each stay,
and CSV / Excel downloads of every matching row with exact amounts."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from decimal import Decimal


def test_desk_settlements_show_totals_and_the_inpatient_number(login) -> None:
    desk = login("yiyuan")
    page = desk.get("/ui/desk/settlements").text
    assert 'id="totals"' in page and "<th scope=\"col\">住院号</th>" in page
    count = int(re.search(r"有效结算 (\d+) 笔", page).group(1))  # type: ignore[union-attr]
    assert count >= 1 and "撤销记录" in page  # the demo's reversal chain is listed, not counted
    assert re.search(r'data-label="住院号"><span class="nowrap">[^—<]+</span>', page)


def test_desk_settlements_export_csv_and_excel(login) -> None:
    desk = login("yiyuan")
    page = desk.get("/ui/desk/settlements").text
    r = desk.get("/ui/desk/settlements/export.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    text = r.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["本院结算"] and rows[1][:4] == ["结算ID", "结算时间", "就诊ID", "住院号"]
    valid = [row for row in rows[2:] if row[-1] == "有效"]
    total = sum(Decimal(row[6]) for row in valid)
    shown = re.search(r"医疗费总额</span><strong class=\"nowrap\">([\d,.]+) 元", page).group(1)  # type: ignore[union-attr]
    assert total == Decimal(shown.replace(",", ""))  # the totals are the valid rows' sum
    assert f"有效结算 {len(valid)} 笔" in page
    x = desk.get("/ui/desk/settlements/export.xlsx")
    assert x.status_code == 200 and "spreadsheetml" in x.headers["content-type"]
    assert "xl/worksheets/sheet1.xml" in zipfile.ZipFile(io.BytesIO(x.content)).namelist()
    assert desk.get("/ui/desk/settlements/export.pdf").status_code == 404
    staff = login("canbao")
    assert staff.get("/ui/desk/settlements/export.csv").status_code in (303, 403)


def test_a_criteria_verdict_prints_for_the_case_file_with_document_names(login) -> None:
    desk = login("yiyuan")
    page = desk.get("/ui/desk/criteria", params={"disease": "shock"})
    r = desk.post("/ui/desk/criteria", data={
        "disease": "shock", "fact.systolic_bp": "78", "fact.lactate": "3.4",
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1),  # type: ignore[union-attr]
    })  # fmt: skip
    link = re.search(r'href="(/ui/desk/criteria/print\?[^"]+)"', r.text).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    assert "seed 0" not in r.text and "辽医保中心发〔2021〕45号" in r.text  # sources by document name
    sheet = desk.get(link)
    assert sheet.status_code == 200 and "急危重病种标准核对结果" in sheet.text and "符合" in sheet.text
    assert "收缩压：78" in sheet.text and "核对医师签字" in sheet.text and "seed 0" not in sheet.text
    assert "format=pdf" in sheet.text and "fact.lactate=3.4" in sheet.text  # the PDF keeps the facts
