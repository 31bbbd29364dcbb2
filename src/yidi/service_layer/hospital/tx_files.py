"""【9101】文件上传, 【9102】文件下载 and 【3202】医药机构费用结算对明细账 (§2.9).

The hospital uploads its detail file (zip, tab-separated) with 9101 and gets a
``file_qury_no``; 3202 compares it with yidi's settlements of the period line by line and stores
a result file (tab-separated, no header row, columns ``RESULT_COLUMNS``), whose ``file_qury_no``
9102 downloads. 9101's ``in`` is Base64 text or an array of bytes (Java HIS send ``byte[]``).
9102 answers the file itself over HTTP, as the platform does (the zip bytes, not a JSON
envelope: ``entrypoints/api/national.py``); inside yidi its outcome carries ``file`` in Base64 so
that the message log can replay it.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime, timedelta

from yidi.domain.national.errors import NationalError, invalid
from yidi.domain.national.fields import Node, node
from yidi.domain.national.formats import fmt_datetime, parse_amount, parse_date
from yidi.domain.national.recon_file import DetailRow, compare, read_upload, write_zip
from yidi.service_layer.hospital.context import Call, Outcome, new_id

KEEP_DAYS = 7


def _bytes(n: Node) -> bytes:
    value = n.values.get("in")
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise invalid(n.where("in"), "文件内容", "应为 Base64 文本或字节数组") from None
    if isinstance(value, list) and all(isinstance(b, int) and -128 <= b <= 255 for b in value):
        return bytes(b & 0xFF for b in value)
    raise invalid(n.where("in"), "文件内容", "应为 Base64 文本或字节数组")


def _own(call: Call, n: Node) -> None:
    code = n.text("fixmedins_code", "定点医药机构编号", max_len=12)
    if code != call.code:
        raise NationalError(n.where("fixmedins_code"), "只能上传或下载本机构的文件")


def _store(call: Call, filename: str, kind: str, content: bytes) -> dict[str, str]:
    no = new_id("F", str(call.hospital["region"]), call.now)
    call.uow.hospital.add_file(file_qury_no=no, hospital_code=call.code, filename=filename, kind=kind, content=content, created_at=datetime.now(UTC))  # fmt: skip
    return {
        "file_qury_no": no,
        "filename": filename,
        "dld_endtime": fmt_datetime(call.now + timedelta(days=KEEP_DAYS)),
    }


def upload(call: Call) -> Outcome:
    """【9101】."""
    n = node(call.env.input, "fsUploadIn")
    _own(call, n)
    filename = n.text("filename", "文件名", max_len=200)
    content = _bytes(n)
    if not content:
        raise invalid(n.where("in"), "文件内容", "文件为空")
    return Outcome(_store(call, filename, "upload", content))


def download(call: Call) -> Outcome:
    """【9102】."""
    n = node(call.env.input, "fsDownloadIn")
    _own(call, n)
    no = n.text("file_qury_no", "文件查询号", max_len=30)
    row = call.uow.hospital.file(no)
    if row is None or row["hospital_code"] != call.code:
        raise NationalError(n.where("file_qury_no"), f"未找到本机构的文件 {no}")
    content = bytes(row["content"])
    return Outcome(
        {"file_qury_no": no, "filename": row["filename"], "file": base64.b64encode(content).decode()}
    )


def reconcile_details(call: Call) -> Outcome:
    """【3202】: per-settlement comparison; the result file goes back through 9102."""
    n = node(call.env.input, "data")
    setl_optins = n.text("setl_optins", "结算经办机构", max_len=6)
    clr_type = n.text("clr_type", "清算类别", max_len=6, required=False) or "21"
    no = n.text("file_qury_no", "文件查询号", max_len=30)
    begin = parse_date(n.values.get("stmt_begndate"), n.where("stmt_begndate"), "对账开始日期")
    end = parse_date(n.values.get("stmt_enddate"), n.where("stmt_enddate"), "对账结束日期")
    for name, label in (
        ("medfee_sumamt", "医疗费总额"),
        ("fund_pay_sumamt", "基金支付总额"),
        ("cash_payamt", "现金支付金额"),
    ):
        parse_amount(n.values.get(name), n.where(name), label, allow_negative=True)
    refunds = (n.text("refd_setl_flag", "退费结算标志", max_len=1, required=False) or "1") != "0"
    uploaded = call.uow.hospital.file(no)
    if uploaded is None or uploaded["hospital_code"] != call.code or uploaded["kind"] != "upload":
        raise NationalError(n.where("file_qury_no"), f"未找到本机构上传的明细文件 {no}，请先【9101】上传")
    theirs = read_upload(bytes(uploaded["content"]), n.where("file_qury_no"))
    ours = {
        r["setl_id"]: (
            DetailRow(r["setl_id"], r["mdtrt_id"], r["psn_no"], int(r["medfee_sumamt"]), int(r["fund_pay_sumamt"]),
                      int(r["acct_pay"]), "1" if r["kind"] == "reversal" else "0"),
            str(r["msgid"]),
        )
        for r in call.uow.hospital.settlements_between(call.code, begin, end)
        if r["clr_type"] == clr_type and r["clr_optins"] == setl_optins
        and (refunds or (r["kind"] == "settle" and r["status"] == "valid"))
    }  # fmt: skip
    rows = compare(ours, theirs)  # no header row: the columns are fixed (RESULT_COLUMNS), as uploaded
    info = _store(call, f"result_{no}.zip", "result", write_zip(f"result_{no}.txt", rows))
    mismatched = sum(1 for r in rows if r[4] != "0")
    warnings = [f"{mismatched} 笔结算未对平，见结果文件"] if mismatched else []
    return Outcome({"fileinfo": info}, warnings)


HANDLERS = {"9101": upload, "9102": download, "3202": reconcile_details}
