"""Request bodies of a cross-region outpatient visit (2201–2208) for the hospital tests: a
long-term filing for Shenyang first (outpatient pooled benefits need a filing in force)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hospital_flow import fee_line
from hospital_his import His

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import MaterialKind
from yidi.service_layer import filing_services as fs

OTP_LINES = [  # (med_list_codg, cnt, pric) from the Shenyang demo catalogue
    ("XC10AAA059A001010100000", "28", "9.9"),  # 他汀, 乙类 5%
    ("003107010010000-310701001", "1", "1800.00"),  # 乙类 10%
    ("T000000000000000000001", "1", "620.00"),  # 自费
]


def filed_person(person: Any, uow: Any, clock: Any, region: str = "210100", **kw: Any) -> str:
    """A Tieling retiree with a long-term (异地安置) filing for ``region`` in force from 2026-01-02."""
    idn = str(person(**kw))
    clock.today = date(2026, 1, 2)
    req = NewFiling(Category.LONG_TERM_RETIREE, region, materials=(MaterialIn(MaterialKind.HUKOU),),
                    form={"phone": "13800000000", "signed_by": "张三"})  # fmt: skip
    fs.file(uow, Actor("w", Role.STAFF, Channel.COUNTER), idn, req)
    clock.today = date(2026, 1, 10)
    return idn


def registration(psn_no: str, otp_no: str = "MZ0001", **extra: Any) -> dict[str, Any]:
    return {"data": {"psn_no": psn_no, "insutype": "310", "begntime": "2026-01-10 08:30:00", "mdtrt_cert_type": "02",
                     "mdtrt_cert_no": psn_no, "ipt_otp_no": otp_no, "atddr_no": "D001", "dr_name": "李医生",
                     "dept_code": "A03", "dept_name": "心内科", "caty": "A03", **extra}}  # fmt: skip


def visit_info(psn_no: str, mdtrt_id: str, med_type: str = "11", **extra: Any) -> dict[str, Any]:
    return {
        "mdtrtinfo": {"mdtrt_id": mdtrt_id, "psn_no": psn_no, "med_type": med_type, "begntime": "2026-01-10 08:30:00",
                      "main_cond_dscr": "", "dise_codg": "", "dise_name": "", **extra},
        "diseinfo": [{"diag_type": "1", "diag_srt_no": "1", "diag_code": "I10.x00", "diag_name": "高血压",
                      "diag_dept": "心内科", "dise_dor_no": "D001", "dise_dor_name": "李医生",
                      "diag_time": "2026-01-10 08:40:00", "vali_flag": "1"}],
    }  # fmt: skip


def otp_fees(
    psn_no: str,
    mdtrt_id: str,
    bchno: str = "B001",
    lines: list[tuple[str, str, str]] | None = None,
    start: int = 1,
) -> dict[str, Any]:
    rows = lines if lines is not None else OTP_LINES
    return {"feedetail": [fee_line(psn_no, mdtrt_id, f"{bchno}-{start + i:03d}", *row, med_type="11",
                                   chrg_bchno=bchno, rxno="", rx_circ_flag="0")
                          for i, row in enumerate(rows)]}  # fmt: skip


def otp_settle(psn_no: str, mdtrt_id: str, medfee: str, bchno: str = "B001", **extra: Any) -> dict[str, Any]:
    return {"data": {"psn_no": psn_no, "mdtrt_cert_type": "02", "mdtrt_cert_no": psn_no, "med_type": "11",
                     "medfee_sumamt": medfee, "psn_setlway": "01", "mdtrt_id": mdtrt_id, "chrg_bchno": bchno,
                     "insutype": "310", "acct_used_flag": "1", "invono": "", **extra}}  # fmt: skip


def open_visit(his: His, psn_no: str, otp_no: str = "MZ0001") -> str:
    his.insuplc = "211200"
    mdtrt_id = str(his.ok("2201", registration(psn_no, otp_no))["output"]["data"]["mdtrt_id"])
    his.ok("2203", visit_info(psn_no, mdtrt_id))
    return mdtrt_id
