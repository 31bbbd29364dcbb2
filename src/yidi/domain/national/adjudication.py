"""2301 per-line adjudication (明细分割): what the catalogue and the split make of each fee line.

For every uploaded line the platform answers ``chrgitm_lv, selfpay_prop, pric_uplmt_amt,
fulamt_ownpay_amt, overlmt_amt, preselfpay_amt, inscp_scp_amt`` (the national interface
specification: fee details; see docs/national-interface.md). The split is the settlement's own
four-way split (``split_columns``, assumption A-SET-14 of docs/assumptions.md) applied to the one
line, so a line's result and the settlement agree. A code that is not in the treatment region's
catalogue is an error *in that line's result* (``memo``), not a crash: the other lines are still
accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import numpy as np

from yidi.domain.national.catalogue import Catalogue, CatalogueItem
from yidi.domain.national.errors import NationalError, invalid
from yidi.domain.national.fields import Node
from yidi.domain.national.formats import (
    fmt_amount,
    fmt_prop,
    parse_amount,
    parse_count,
    parse_datetime,
    parse_price,
    yuan_times,
)
from yidi.domain.settlement.line_columns import LineColumns, split_columns
from yidi.domain.settlement.lines import Split


@dataclass(frozen=True)
class FeeLineIn:
    """One validated 2301 ``feedetail`` row."""

    feedetl_sn: str
    mdtrt_id: str
    psn_no: str
    med_type: str
    fee_ocur_time: datetime
    med_list_codg: str
    medins_list_codg: str
    amount: int  # det_item_fee_sumamt, fen
    cnt: Decimal
    pric: Decimal  # yuan, up to 6 decimals
    etip_flag: bool
    etip_hosp_code: str
    raw: dict[str, Any]
    init_feedetl_sn: str = ""  # a 退单 line: the line it returns (negative cnt and amount)

    @property
    def is_refund(self) -> bool:
        return self.init_feedetl_sn != ""


@dataclass(frozen=True)
class Adjudicated:
    line: FeeLineIn
    item: CatalogueItem | None
    split: Split | None
    error: str = ""

    @property
    def accepted(self) -> bool:
        return self.error == ""


def parse_line(n: Node) -> FeeLineIn:
    """Validate the mandatory fields of a ``feedetail`` row (§2.4 table); amount = cnt × pric."""
    init_sn = n.text("init_feedetl_sn", "原费用流水号", max_len=30, required=False)
    cnt = parse_count(n.values.get("cnt"), n.where("cnt"), refund=bool(init_sn))
    amount = parse_amount(
        n.values.get("det_item_fee_sumamt"),
        n.where("det_item_fee_sumamt"),
        "明细项目费用总额",
        allow_negative=bool(init_sn),
    )
    pric = parse_price(n.values.get("pric"), n.where("pric"))
    if abs(yuan_times(cnt, pric) - amount) > 1:
        raise invalid(
            n.where("det_item_fee_sumamt"),
            "明细项目费用总额",
            f"{fmt_amount(amount)} 与 数量×单价 = {fmt_amount(yuan_times(cnt, pric))} 不符",
        )
    for name, label in (
        ("bilg_dept_codg", "开单科室编码"),
        ("bilg_dept_name", "开单科室名称"),
        ("bilg_dr_codg", "开单医生编码"),
        ("bilg_dr_name", "开单医师姓名"),
    ):
        n.text(name, label, max_len=100)
    etip = n.flag("etip_flag", "外检标志")
    etip_hosp = n.text("etip_hosp_code", "外检医院编码", max_len=30, required=False)
    if etip and not etip_hosp:
        raise NationalError(n.where("etip_hosp_code"), "外检标志为 1 时须填写外检医院编码（seed 001 四.2）")
    return FeeLineIn(
        feedetl_sn=n.text("feedetl_sn", "费用明细流水号", max_len=30),
        mdtrt_id=n.text("mdtrt_id", "就诊ID", max_len=30),
        psn_no=n.text("psn_no", "人员编号", max_len=30),
        med_type=n.text("med_type", "医疗类别", max_len=6),
        fee_ocur_time=parse_datetime(n.values.get("fee_ocur_time"), n.where("fee_ocur_time"), "费用发生时间"),
        med_list_codg=n.text("med_list_codg", "医疗目录编码", max_len=50),
        medins_list_codg=n.text("medins_list_codg", "医药机构目录编码", max_len=150),
        amount=amount, cnt=cnt, pric=pric, etip_flag=etip, etip_hosp_code=etip_hosp, raw=dict(n.values),
        init_feedetl_sn=init_sn,
    )  # fmt: skip


def price_cap(item: CatalogueItem, cnt: Decimal) -> int:
    """cnt × the unit cap, in fen; 0 = no cap (the split's convention)."""
    return 0 if item.pric_uplmt_amt is None else yuan_times(cnt, Decimal(item.pric_uplmt_amt) / 100)


def columns(lines: list[tuple[int, int, int, int]]) -> LineColumns:
    """(amount, cap, chrgitm_lv, selfpay_prop) rows as the settlement's LineColumns."""
    amount, cap, level, prop = (
        (np.array(c, dtype=np.int64) for c in zip(*lines, strict=True))
        if lines
        else (np.zeros(0, dtype=np.int64),) * 4
    )
    return LineColumns(amount, cap, level, prop)


def adjudicate(line: FeeLineIn, catalogue: Catalogue) -> Adjudicated:
    item = catalogue.get(line.med_list_codg)
    if item is None:
        return Adjudicated(
            line,
            None,
            None,
            f"医疗目录编码 {line.med_list_codg} 不在就医地 {catalogue.region} 目录中，该明细未通过",
        )
    cols = columns([(line.amount, price_cap(item, line.cnt), int(item.chrgitm_lv), item.selfpay_prop)])
    return Adjudicated(line, item, split_columns(cols, per_line=True))


def result_row(a: Adjudicated) -> dict[str, Any]:
    """One row of the 2301 output ``result[]``."""
    line = a.line
    row: dict[str, Any] = {
        "feedetl_sn": line.feedetl_sn,
        "det_item_fee_sumamt": fmt_amount(line.amount),
        "cnt": f"{line.cnt:.4f}",
        "pric": f"{line.pric:.6f}",
        "med_list_codg": line.med_list_codg,
    }
    if a.item is None or a.split is None:
        return {**row, "chrgitm_lv": "", "selfpay_prop": "", "pric_uplmt_amt": "", "fulamt_ownpay_amt": "",
                "overlmt_amt": "", "preselfpay_amt": "", "inscp_scp_amt": "", "med_chrgitm_type": "",
                "lmt_used_flag": "", "memo": a.error}  # fmt: skip
    s, item = a.split, a.item
    return {
        **row,
        "pric_uplmt_amt": "" if item.pric_uplmt_amt is None else fmt_amount(item.pric_uplmt_amt),
        "selfpay_prop": fmt_prop(item.selfpay_prop),
        "fulamt_ownpay_amt": fmt_amount(s.fulamt_ownpay_amt),
        "overlmt_amt": fmt_amount(s.overlmt_selfpay),
        "preselfpay_amt": fmt_amount(s.preselfpay_amt),
        "inscp_scp_amt": fmt_amount(s.inscp_scp_amt),
        "chrgitm_lv": item.chrgitm_lv,
        "med_chrgitm_type": item.med_chrgitm_type,
        "lmt_used_flag": "1" if item.lmt_used_flag else "0",
        "memo": "",
    }
