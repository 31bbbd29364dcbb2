"""CSV and Excel downloads of clearing data (清算单导出): the month's statements (one row per
pair, the national field names as headers with their Chinese labels) and the lines.

CSV is UTF-8 with a byte-order mark so Excel opens the Chinese headers correctly; amounts stay
the two-decimal strings of the views. Excel (XlsxWriter, imported when used) writes amounts as
numbers with two decimals, one sheet of statements and one of lines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from fastapi.responses import Response

from yidi.domain.errors import Kind, refusal

STATEMENT_COLUMNS = (
    ("insuplc_admdvs", "参保地"), ("mdtrtarea_admvs", "就医地"), ("psntime", "人次"),
    ("medfee_sumamt", "医疗费总额"), ("fund_pay_sumamt", "基金支付总额"), ("acct_pay", "个人账户支付"),
    ("cash_payamt", "现金支付"), ("returns_amount", "返还金额"), ("disputed_amount", "异议金额"),
    ("payable", "应拨付金额"), ("clr_stas", "清算状态"), ("status_zh", "状态"),
)  # fmt: skip
LINE_COLUMNS = (
    ("setl_id", "结算ID"), ("mdtrt_id", "就诊ID"), ("psn_no", "人员编号"), ("setl_time", "结算时间"),
    ("hospital_code", "医疗机构"), ("medfee_sumamt", "医疗费总额"), ("fund_pay_sumamt", "基金支付总额"),
    ("acct_pay", "个人账户支付"), ("cash_payamt", "现金支付"), ("refd_setl_flag", "退费标志"), ("status", "明细状态"),
)  # fmt: skip
MONEY = {
    "medfee_sumamt",
    "fund_pay_sumamt",
    "acct_pay",
    "cash_payamt",
    "returns_amount",
    "disputed_amount",
    "payable",
}


def _disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the RFC 5987 UTF-8 name, as for the PDFs."""
    stem, _, ext = filename.rpartition(".")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-")
    return (
        f"attachment; filename=\"yidi-{stem or 'export'}.{ext}\"; filename*=UTF-8''{quote(filename, safe='')}"
    )


def _download(body: bytes, media_type: str, filename: str) -> Response:
    headers = {"Content-Disposition": _disposition(filename), "Cache-Control": "no-store"}
    return Response(body, media_type=media_type, headers=headers)


def csv_response(data: Mapping[str, Any], filename: str) -> Response:
    """``{"statements": …}`` or ``{"lines": …}`` as CSV (header: Chinese label (field))."""
    rows, columns = (
        (data["statements"], STATEMENT_COLUMNS) if "statements" in data else (data["lines"], LINE_COLUMNS)
    )
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([f"{zh}({key})" for key, zh in columns])
    for r in rows:
        w.writerow([r.get(key, "") for key, _ in columns])
    return _download(("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8", filename)


def _sheet(
    book: Any, name: str, columns: Sequence[tuple[str, str]], rows: Sequence[Mapping[str, Any]]
) -> None:
    sheet = book.add_worksheet(name)
    head = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    money = book.add_format({"num_format": "#,##0.00"})
    for c, (key, zh) in enumerate(columns):
        sheet.write(0, c, zh, head)
        sheet.set_column(c, c, 16 if key in MONEY else 14)
    for r, row in enumerate(rows, start=1):
        for c, (key, _) in enumerate(columns):
            value = row.get(key, "")
            if key in MONEY and isinstance(value, str) and value:
                sheet.write_number(r, c, float(Decimal(value)), money)  # display only; the CSV keeps the text
            else:
                sheet.write(r, c, value)
    sheet.freeze_panes(1, 0)


def xlsx_response(
    data: Mapping[str, Any], lines: Mapping[str, Sequence[Mapping[str, Any]]], filename: str
) -> Response:
    try:
        import xlsxwriter
    except ImportError as exc:  # the optional writer is missing on this machine
        raise refusal("EXPORT_UNAVAILABLE", Kind.UNAVAILABLE, "本机未安装 Excel 导出组件（XlsxWriter），请下载 CSV",
                      f"Excel export unavailable: {exc}") from None  # fmt: skip
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    _sheet(book, "清算单", STATEMENT_COLUMNS, data["statements"])
    every = [{**line, "statement": sid} for sid, ls in lines.items() for line in ls]
    _sheet(book, "结算明细", (("statement", "清算单"), *LINE_COLUMNS), every)
    book.close()
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(buf.getvalue(), media, filename)
