"""Request bodies of a typical cross-region inpatient stay (shared by the hospital tests)."""

from __future__ import annotations

from typing import Any

from hospital_his import His

LINES = [  # (med_list_codg, cnt, pric) from the Shenyang demo catalogue
    ("001102000010000-110200001", "12", "70.00"),  # 床位费, cap 60.00 → 超限价 120.00
    ("003107010010000-310701001", "1", "18000.00"),  # PCI, 乙类 10%
    ("C0301010000000000001", "2", "800.00"),  # 支架, cap 700 → 超限价 200, 乙类 20%
    ("XC10AAA059A001010100000", "36", "9.9"),  # 他汀, 乙类 5%
    ("T000000000000000000001", "4", "620.00"),  # 自费
]


def admission(psn_no: str, ipt_no: str = "ZY0001", med_type: str = "21", **extra: Any) -> dict[str, Any]:
    return {
        "mdtrtinfo": {
            "psn_no": psn_no, "insutype": "310", "coner_name": "", "tel": "", "begntime": "2026-01-05 09:30:00",
            "mdtrt_cert_type": "02", "mdtrt_cert_no": psn_no, "med_type": med_type, "ipt_no": ipt_no,
            "atddr_no": "D001", "chfpdr_name": "李医生", "adm_diag_dscr": "急性心肌梗死", "adm_dept_codg": "A03",
            "adm_dept_name": "心内科", "adm_bed": "12", "dscg_maindiag_code": "I21.900",
            "dscg_maindiag_name": "急性心肌梗死", **extra,
        },
        "diseinfo": [{"psn_no": psn_no, "diag_type": "1", "maindiag_flag": "1", "diag_srt_no": "1",
                      "diag_code": "I21.900", "diag_name": "急性心肌梗死", "diag_dept": "心内科",
                      "dise_dor_no": "D001", "dise_dor_name": "李医生", "diag_time": "2026-01-05 09:30:00"}],
    }  # fmt: skip


def fee_line(
    psn_no: str, mdtrt_id: str, sn: str, code: str, cnt: str, pric: str, **extra: Any
) -> dict[str, Any]:
    from decimal import ROUND_HALF_UP, Decimal

    amount = (Decimal(cnt) * Decimal(pric)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return {
        "feedetl_sn": sn, "mdtrt_id": mdtrt_id, "psn_no": psn_no, "med_type": "21",
        "fee_ocur_time": "2026-01-06 10:00:00", "med_list_codg": code, "medins_list_codg": f"HOS-{code[:8]}",
        "det_item_fee_sumamt": str(amount), "cnt": cnt, "pric": pric, "bilg_dept_codg": "A03",
        "bilg_dept_name": "心内科", "bilg_dr_codg": "D001", "bilg_dr_name": "李医生", **extra,
    }  # fmt: skip


def fees(
    psn_no: str, mdtrt_id: str, lines: list[tuple[str, str, str]] | None = None, start: int = 1
) -> dict[str, Any]:
    rows = lines if lines is not None else LINES
    return {
        "feedetail": [fee_line(psn_no, mdtrt_id, f"F{start + i:04d}", *row) for i, row in enumerate(rows)]
    }


def settle_data(psn_no: str, mdtrt_id: str, medfee: str, **extra: Any) -> dict[str, Any]:
    return {"data": {"psn_no": psn_no, "mdtrt_cert_type": "02", "mdtrt_cert_no": psn_no, "medfee_sumamt": medfee,
                     "psn_setlway": "01", "mdtrt_id": mdtrt_id, "insutype": "310", "acct_used_flag": "1",
                     "mid_setl_flag": "0", **extra}}  # fmt: skip


def admit(his: His, psn_no: str, **kw: Any) -> str:
    his.insuplc = his.insuplc or ""
    resp = his.ok("2401", admission(psn_no, **kw))
    return str(resp["output"]["result"]["mdtrt_id"])


def total(body: dict[str, Any]) -> str:
    from decimal import Decimal

    return str(sum(Decimal(r["det_item_fee_sumamt"]) for r in body["feedetail"]))


def discharge(psn_no: str, mdtrt_id: str, endtime: str = "2026-01-09 10:00:00") -> dict[str, Any]:
    return {"dscginfo": {"mdtrt_id": mdtrt_id, "psn_no": psn_no, "insutype": "310", "endtime": endtime,
                         "dscg_dept_codg": "A03", "dscg_dept_name": "心内科", "dscg_way": "1"},
            "diseinfo": admission(psn_no)["diseinfo"]}  # fmt: skip
