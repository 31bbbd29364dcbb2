"""Table exports (导出): CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and Excel .xlsx.

The .xlsx is written here as the Office Open XML a workbook needs (a zip of five small XML parts,
one sheet per table) rather than through a spreadsheet library: the tables are plain rows of text
and numbers, and a dependency for that is not worth its weight. Numbers that are amounts are
written as the exact decimal text (Excel reads it as a number); everything else as inline text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from fastapi.responses import Response

from yidi.entrypoints.web.pdf import content_disposition

_AMOUNT = re.compile(r"-?\d+\.\d+\Z")  # amounts and ratios as text ("1234.56", "0.7500"); codes stay text


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]


def csv_bytes(tables: Sequence[Table]) -> bytes:
    """All tables in one CSV: each under its title line, separated by an empty line."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for i, t in enumerate(tables):
        if i:
            w.writerow([])
        w.writerow([t.title])
        w.writerow(t.headers)
        w.writerows(["" if v is None else v for v in row] for row in t.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(tables: Sequence[Table], fmt: str, name: str) -> Response:
    """``tables`` as a ``csv`` or ``xlsx`` download named ``name.fmt`` (404 for another format)."""
    if fmt == "csv":
        body, kind = csv_bytes(tables), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body, kind = xlsx_bytes(tables), XLSX
    else:
        return Response("只支持 csv 或 xlsx", status_code=404)
    disposition = content_disposition(f"{name}.{fmt}").replace(".pdf", "")
    headers = {"Content-Disposition": disposition, "Cache-Control": "no-store"}
    return Response(body, media_type=kind, headers=headers)


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """One worksheet per table (its title as the sheet name, cut to Excel's 31 characters)."""
    buf = io.BytesIO()
    names = [_sheet_name(t.title, i) for i, t in enumerate(tables)]
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _content_types(len(tables)))
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        sheets = "".join(
            f'<sheet name="{escape(n, {chr(34): "&quot;"})}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, n in enumerate(names)
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f"<sheets>{sheets}</sheets></workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(tables))
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, t in enumerate(tables):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", _sheet(t))
    return buf.getvalue()


def _content_types(n: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(n)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{sheets}</Types>"
    )


def _sheet(t: Table) -> str:
    rows: list[list[object]] = [list(t.headers), *[list(r) for r in t.rows]]
    body = "".join(
        f'<row r="{r + 1}">' + "".join(_cell(r, c, v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    )


def _cell(r: int, c: int, value: object) -> str:
    ref = f"{_column(c)}{r + 1}"
    text = "" if value is None else str(value)
    number = isinstance(value, int | Decimal) and not isinstance(value, bool)
    if r > 0 and (number or (isinstance(value, str) and _AMOUNT.match(text))):
        return f'<c r="{ref}"><v>{text}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def _column(c: int) -> str:
    name = ""
    c += 1
    while c:
        c, rest = divmod(c - 1, 26)
        name = chr(65 + rest) + name
    return name


def _sheet_name(title: str, i: int) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or "表"
    return f"{i + 1} {clean}"[:31]
