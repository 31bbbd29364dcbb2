"""3202 detail reconciliation through 9101/9102: the hospital's file against yidi's settlements,
line by line (0 对平, 1 中心多, 2 医药机构多, 3 数据不一致)."""

from __future__ import annotations

import base64
import io
import zipfile

from hospital_flow import admission, fees, settle_data, total

from yidi.domain.national.formats import parse_amount
from yidi.domain.national.recon_file import DetailRow, upload_zip


def settle_one(hospital, person, ipt):
    idn = person()
    hospital.insuplc = "211200"
    mdtrt_id = hospital.ok("2401", admission(idn, ipt_no=ipt))["output"]["result"]["mdtrt_id"]
    body = fees(idn, mdtrt_id)
    hospital.ok("2301", body)
    info = hospital.ok("2304", settle_data(idn, mdtrt_id, total(body)))["output"]["setlinfo"]
    amounts = [parse_amount(info[k], k) for k in ("medfee_sumamt", "fund_pay_sumamt", "acct_pay")]
    return DetailRow(info["setl_id"], mdtrt_id, idn, *amounts, "0")


def result_rows(hospital, file_qury_no):
    out = hospital.ok(
        "9102",
        {"fsDownloadIn": {"file_qury_no": file_qury_no, "filename": "", "fixmedins_code": hospital.code}},
    )
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(out["output"]["file"]))) as z:
        text = z.read(z.namelist()[0]).decode()
    lines = [line.split("\t") for line in text.splitlines()]
    return {r[2]: r for r in lines}, lines[0]


def test_detail_reconciliation(hospital, person):
    a, b, c = (settle_one(hospital, person, f"ZY{i}") for i in range(3))
    hospital.insuplc = ""
    wrong = DetailRow(
        b.setl_id, b.mdtrt_id, b.psn_no, b.medfee_sumamt + 1, b.fund_pay_sumamt, b.acct_pay, "0"
    )
    ghost = DetailRow("S000", "M000", a.psn_no, 100, 50, 0, "0")
    content = upload_zip([a, wrong, ghost])  # c is missing from the hospital's file
    up = hospital.ok(
        "9101",
        {
            "fsUploadIn": {
                "in": base64.b64encode(content).decode(),
                "filename": "d.zip",
                "fixmedins_code": hospital.code,
            }
        },
    )
    no = up["output"]["file_qury_no"]
    resp = hospital.ok("3202", {"data": {"setl_optins": "210100", "file_qury_no": no, "stmt_begndate": "2026-01-01",
                                         "stmt_enddate": "2026-01-31", "medfee_sumamt": "0", "fund_pay_sumamt": "0",
                                         "cash_payamt": "0", "fixmedins_setl_cnt": "3", "refd_setl_flag": "0", "clr_type": "21"}})  # fmt: skip
    assert "3 笔结算未对平" in resp["warn_msg"]
    rows, first = result_rows(hospital, resp["output"]["fileinfo"]["file_qury_no"])
    assert first[0] != "psn_no" and len(rows) == 4  # no header row: every line is a settlement
    assert {k: r[4] for k, r in rows.items()} == {a.setl_id: "0", b.setl_id: "3", "S000": "2", c.setl_id: "1"}
    assert rows[a.setl_id][3].startswith(hospital.code)  # the 2304 msgid


def test_file_errors(hospital):
    bad = hospital.call(
        "9101", {"fsUploadIn": {"in": "not base64!", "filename": "d.zip", "fixmedins_code": hospital.code}}
    )
    assert bad["infcode"] == -1 and "input.fsUploadIn.in" in bad["err_msg"]
    other = hospital.call(
        "9101", {"fsUploadIn": {"in": [1, 2], "filename": "d.zip", "fixmedins_code": "H21010000009"}}
    )
    assert other["infcode"] == -1 and "本机构" in other["err_msg"]
    up = hospital.ok(
        "9101",
        {"fsUploadIn": {"in": list(b"not a zip"), "filename": "d.zip", "fixmedins_code": hospital.code}},
    )
    resp = hospital.call("3202", {"data": {"setl_optins": "210100", "file_qury_no": up["output"]["file_qury_no"],
                                           "stmt_begndate": "2026-01-01", "stmt_enddate": "2026-01-31", "medfee_sumamt": "0",
                                           "fund_pay_sumamt": "0", "cash_payamt": "0", "fixmedins_setl_cnt": "0"}})  # fmt: skip
    assert resp["infcode"] == -1 and "zip" in resp["err_msg"]
    missing = hospital.call(
        "9102", {"fsDownloadIn": {"file_qury_no": "F0", "filename": "", "fixmedins_code": hospital.code}}
    )
    assert missing["infcode"] == -1 and "file_qury_no" in missing["err_msg"]
