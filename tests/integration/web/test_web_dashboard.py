"""The operations dashboard on the demo data: the demo's direct settlements counted once (the
reversed one left out), charts with a table under each, and the same tables as CSV and Excel."""

from __future__ import annotations

import csv
import io
import zipfile

from sqlalchemy import Engine, text


def test_dashboard_tables_charts_and_exports(login, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        valid = conn.execute(
            text(
                "select count(*), min(setl_date) from hospital_settlements where kind='settle' and status='valid'"
            )
        ).one()
    n, first = int(valid[0]), str(valid[1])[:7]
    staff = login("jingban")
    page = staff.get(f"/ui/ops/dashboard?first={first}&last={first}")
    assert page.status_code == 200
    for section in ("t-overview", "t-month", "t-category", "t-level", "t-pair", "t-hospitals", "t-turnaround",
                    "t-commitments", "t-channels"):  # fmt: skip
        assert f'id="{section}"' in page.text
    assert page.text.count("<svg") >= 5 and "直接结算率（人次）" in page.text
    got = staff.get(f"/ui/ops/dashboard/export.csv?first={first}&last={first}")
    assert got.status_code == 200 and got.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[0] == ["总览"] and rows[2] == ["异地就医直接结算人次", str(n)]
    assert ["直接结算率（人次）", "1.0000"] in rows  # no manual claims paid in the demo
    xlsx = staff.get(f"/ui/ops/dashboard/export.xlsx?first={first}&last={first}")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx.headers["content-type"]
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as z:
        names = z.namelist()
        assert "xl/workbook.xml" in names and "xl/worksheets/sheet1.xml" in names
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        assert f"<v>{n}</v>" in sheet and "异地就医直接结算人次" in sheet
    assert staff.get("/ui/ops/dashboard/export.pdf").status_code == 404
    assert login("canbao").get("/ui/ops/dashboard").status_code == 403
