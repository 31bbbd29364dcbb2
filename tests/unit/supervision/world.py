"""A small world of records for the supervision tests: one person, one stay, one bill.

``world(**changes)`` returns the rows ``build_input`` takes; a case changes only what its rule
looks at. Lines are written short — ``{item: BED, cnt: 5}`` — and get their amount from the
catalogue price, their over-cap part from the cap and their time inside the stay.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from yidi.domain.supervision.columns import ReviewInput
from yidi.domain.supervision.records import build_input

MALE_ID = "210102196005010019"  # born 1960-05-01, male
FEMALE_ID = "210102199001010023"  # born 1990-01-01, female
CHILD_ID = "210102201801010013"  # born 2018-01-01, male

# item alias: (code, name, grade, self-pay bp, unit cap fen or None, type, price yuan, limits)
ITEMS: dict[str, tuple[str, str, str, int, int | None, str, str, dict[str, Any]]] = {
    "BED": ("001102000010000-110200001", "床位费（三人间）", "1", 0, 6000, "01", "60", {}),
    "NURSE": ("001201000010000-120100001", "一级护理", "1", 0, 3800, "07", "38", {}),
    "CBC": ("002501010010000-250101001", "血常规", "1", 0, 2500, "04", "25", {"max_per_day": "3"}),
    "STENT": ("C0301010000000000001", "冠状动脉药物洗脱支架", "2", 2000, 70000, "08", "700", {}),
    "PCI": ("003107010010000-310701001", "经皮冠状动脉介入治疗", "2", 1000, None, "06", "8000", {}),
    "ASPIRIN": ("XB01ACA056A001010100000", "阿司匹林肠溶片", "1", 0, None, "09", "10", {}),
    "IMPORT": ("T000000000000000000001", "进口自费药品", "3", 10000, None, "09", "500", {}),
    "PSA": ("002503000010000-250300001", "前列腺特异性抗原测定", "1", 0, None, "04", "80", {"sex": "1"}),
    "HCG": ("002503000020000-250300002", "人绒毛膜促性腺激素测定", "1", 0, None, "04", "60", {"sex": "2"}),
    "PEDIA": ("XR05CBA000A001010100000", "小儿止咳糖浆", "1", 0, None, "09", "20", {"age_max": "14"}),
    "ELDER": ("XA11CCA000A001010100000", "老年专用补充剂", "2", 1000, None, "09", "30", {"age_min": "65"}),
}
UNLISTED = "ZZ9999999999"


def items(region: str = "210100") -> list[dict[str, Any]]:
    out = []
    for code, name, lv, bp, cap, kind, _price, limits in ITEMS.values():
        out.append({"region": region, "med_list_codg": code, "name": name, "chrgitm_lv": lv, "selfpay_prop": bp,
                    "pric_uplmt_amt": cap, "med_chrgitm_type": kind, **limits})  # fmt: skip
    return out


def fen(yuan: str | Decimal) -> int:
    return int((Decimal(yuan) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def line(setl_id: str, sn: str, spec: dict[str, Any], begin: datetime) -> dict[str, Any]:
    alias = spec.get("item", "ASPIRIN")
    if alias in ITEMS:
        code, _name, lv, bp, cap, _kind, price, _limits = ITEMS[alias]
    else:
        code, lv, bp, cap, price = UNLISTED, "1", 0, None, "10"
    cnt = Decimal(str(spec.get("cnt", 1)))
    amount = fen(cnt * Decimal(str(spec.get("pric", price))))
    capped = None if cap is None else fen(cnt * Decimal(cap) / 100)
    over = 0 if capped is None else max(amount - capped, 0)
    row = {
        "setl_id": setl_id, "feedetl_sn": sn, "med_list_codg": code, "cnt": str(cnt),
        "fee_ocur_time": spec.get("time", begin + timedelta(hours=3)), "det_item_fee_sumamt": amount,
        "overlmt_amt": over, "chrgitm_lv": lv, "selfpay_prop_bp": bp,
    }  # fmt: skip
    row.update({k: v for k, v in spec.items() if k in row and k != "cnt"})
    return row


def balance(setl: dict[str, Any], lines: list[dict[str, Any]]) -> None:
    """Settlement amounts that agree with the lines (fund pays 80 % of the in-scope part)."""
    total = sum(r["det_item_fee_sumamt"] for r in lines)
    full = sum(r["det_item_fee_sumamt"] for r in lines if str(r["chrgitm_lv"]) == "3")
    over = sum(r["overlmt_amt"] for r in lines if str(r["chrgitm_lv"]) != "3")
    pre = sum((r["det_item_fee_sumamt"] - r["overlmt_amt"]) * r["selfpay_prop_bp"] // 10_000
              for r in lines if str(r["chrgitm_lv"]) == "2")  # fmt: skip
    inscp = total - full - over - pre
    fund = inscp * 8 // 10
    base = {"medfee_sumamt": total, "fulamt_ownpay_amt": full, "overlmt_selfpay": over, "preselfpay_amt": pre,
            "inscp_scp_amt": inscp, "fund_pay_sumamt": fund, "psn_part_amt": total - fund}  # fmt: skip
    for k, v in base.items():
        setl.setdefault(k, v)


BASE_LINES = [{"item": "BED", "cnt": 5}, {"item": "NURSE", "cnt": 5}, {"item": "ASPIRIN", "cnt": 3},
              {"item": "CBC", "cnt": 1}]  # fmt: skip


def world(**changes: Any) -> dict[str, list[dict[str, Any]]]:
    """The rows of one cross-region stay, with ``changes`` applied:

    ``person``, ``visit``, ``settlement``, ``filing`` update the main rows; ``lines`` replaces the
    bill; ``extra_stays`` adds stays of the same person (each a dict with ``visit``, ``settlement``
    and ``lines``); ``norms`` gives length-of-stay norms; ``item_changes`` edits catalogue facts.
    """
    person = {"id_number": MALE_ID, "credit_default_on": None, **changes.get("person", {})}
    filing = {
        "filing_id": "F1",
        "valid_from": date(2025, 1, 1),
        "valid_to": None,
        **changes.get("filing", {}),
    }
    rows: dict[str, list[dict[str, Any]]] = {"persons": [person], "filings": [filing], "visits": [],
                                              "settlements": [], "lines": [], "norms": list(changes.get("norms", []))}  # fmt: skip
    cat = items()
    for code, edit in changes.get("item_changes", {}).items():
        for it in cat:
            if it["med_list_codg"] == ITEMS[code][0]:
                it.update(edit)
    rows["items"] = cat
    main = {"visit": changes.get("visit", {}), "settlement": changes.get("settlement", {}),
            "lines": changes.get("lines", BASE_LINES)}  # fmt: skip
    for n, stay in enumerate([main, *changes.get("extra_stays", [])], start=1):
        _stay(rows, n, person["id_number"], stay)
    return rows


def _stay(rows: dict[str, list[dict[str, Any]]], n: int, id_number: str, stay: dict[str, Any]) -> None:
    visit = {
        "mdtrt_id": f"M{n}", "id_number": id_number, "hospital_code": "H21010000001", "hosp_lv": "3A",
        "insured_region": "219900", "treatment_region": "210100", "pay_loc": 3,
        "begntime": datetime(2025, 3, 1, 9, 0), "endtime": datetime(2025, 3, 6, 10, 0), "status": "settled",
        "er_flag": False, "evidence": None, "dscg_maindiag_code": "I21.0", "dscg_maindiag_name": "急性心肌梗死",
        "dept_code": "0302", "filing_id": "F1", **stay.get("visit", {}),
    }  # fmt: skip
    setl: dict[str, Any] = {"setl_id": f"S{n}", "mdtrt_id": visit["mdtrt_id"], "clr_type": "21",
                            "setl_time": (visit["endtime"] or visit["begntime"]) + timedelta(hours=1),
                            **stay.get("settlement", {})}  # fmt: skip
    specs = stay.get("lines", BASE_LINES)
    lines = [line(setl["setl_id"], f"{n}-{i + 1}", spec, visit["begntime"]) for i, spec in enumerate(specs)]
    balance(setl, lines)
    rows["visits"].append(visit)
    rows["settlements"].append(setl)
    rows["lines"].extend(lines)


def build(**changes: Any) -> ReviewInput:
    return build_input(**copy.deepcopy(world(**changes)))
