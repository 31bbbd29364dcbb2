"""【5201】就诊信息查询 and 【5204】费用明细查询 (the national interface specification: queries; see
docs/national-interface.md), own visits only.

5201 answers ``mdtrtinfo[]`` with the visit as admitted plus its state (``inhosp_stas`` 1 在院 /
0 出院, ``ipt_days``) and yidi's cross-region cover (``pay_loc``, the filing id as
``trt_dcla_detl_sn``, the cover category). 5204 answers the fee lines of a settlement, or the
unsettled lines of a visit when ``setl_id`` is empty, with their 2301 adjudication; the output
node name ``feedetail`` is an assumption (the sources show the fields, not the node).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from yidi.domain.national.codes import INPATIENT_MED_TYPES
from yidi.domain.national.errors import NationalError
from yidi.domain.national.external_ids import filing_sn
from yidi.domain.national.fields import node
from yidi.domain.national.formats import fmt_amount, fmt_datetime, fmt_prop, parse_datetime
from yidi.domain.national.visit import Visit
from yidi.service_layer.hospital.context import Call, Outcome, check_psn, own_visit, person_for


def visit_row(v: Visit, today: datetime) -> dict[str, Any]:
    end = v.endtime
    days = ((end or today).date() - v.begntime.date()).days
    return {
        "mdtrt_id": v.mdtrt_id, "psn_no": v.psn_no, "insutype": v.insutype, "med_type": v.med_type,
        "begntime": fmt_datetime(v.begntime), "endtime": fmt_datetime(end) if end else "",
        "ipt_otp_no": v.ipt_no, "dscg_maindiag_code": v.dscg_maindiag_code,
        "dscg_maindiag_name": v.dscg_maindiag_name, "inhosp_stas": "1" if v.status == "admitted" else "0",
        "ipt_days": max(days, 1), "vali_flag": "0" if v.status == "cancelled" else "1",
        "insuplc_admdvs": v.insured_region, "mdtrtarea_admvs": v.treatment_region, "pay_loc": v.pay_loc,
        "trt_dcla_detl_sn": filing_sn(v.filing_id or ""), "filing_category": v.filing_category,
        "er_flag": "1" if v.er_flag else "0", "warn_msg": "；".join(v.warnings),
    }  # fmt: skip


def visit_info(call: Call) -> Outcome:
    """【5201】."""
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person = person_for(call, psn_no, n.where("psn_no"))
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30, required=False)
    med_type = n.code("med_type", "医疗类别", INPATIENT_MED_TYPES, required=False)
    begin = n.values.get("begntime")
    since = parse_datetime(begin, n.where("begntime"), "开始时间") if begin else None
    end = n.values.get("endtime")
    until = parse_datetime(end, n.where("endtime"), "结束时间") if end else None
    rows = [
        v for v in call.uow.hospital.visits_of(call.code, person.id_number)
        if (not mdtrt_id or v.mdtrt_id == mdtrt_id) and (not med_type or v.med_type == med_type)
        and (since is None or v.begntime >= since) and (until is None or v.begntime <= until)
    ]  # fmt: skip
    if mdtrt_id and not rows:
        raise NationalError(n.where("mdtrt_id"), f"未找到本机构的就诊ID {mdtrt_id}")
    return Outcome({"mdtrtinfo": [visit_row(v, call.now) for v in rows]}, psn_no=psn_no)


def fee_info(call: Call) -> Outcome:
    """【5204】."""
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30)
    setl_id = n.text("setl_id", "结算ID", max_len=30, required=False)
    person_for(call, psn_no, n.where("psn_no"))
    visit = own_visit(call, mdtrt_id, n.where("mdtrt_id"))
    check_psn(visit, psn_no, n.where("psn_no"))
    hosp = call.uow.hospital
    if setl_id:
        s = hosp.settlement(setl_id)
        if s is None or s["mdtrt_id"] != mdtrt_id:
            raise NationalError(n.where("setl_id"), f"结算ID {setl_id} 不属于就诊 {mdtrt_id}")
    fees = hosp.fees(mdtrt_id, setl_id=setl_id) if setl_id else hosp.fees(mdtrt_id, unsettled=True)
    rows = [
        {
            "feedetl_sn": f.feedetl_sn, "mdtrt_id": mdtrt_id, "setl_id": f.setl_id or "", "psn_no": psn_no,
            "fee_ocur_time": fmt_datetime(f.fee_ocur_time), "med_list_codg": f.med_list_codg,
            "medins_list_codg": f.medins_list_codg, "det_item_fee_sumamt": fmt_amount(f.det_item_fee_sumamt),
            "cnt": str(f.cnt), "pric": str(f.pric), "chrgitm_lv": f.chrgitm_lv, "selfpay_prop": fmt_prop(f.selfpay_prop_bp),
            "pric_uplmt_amt": "" if f.pric_uplmt_amt is None else fmt_amount(f.pric_uplmt_amt),
            "fulamt_ownpay_amt": fmt_amount(f.fulamt_ownpay_amt), "overlmt_amt": fmt_amount(f.overlmt_amt),
            "preselfpay_amt": fmt_amount(f.preselfpay_amt), "inscp_scp_amt": fmt_amount(f.inscp_scp_amt),
            "etip_flag": "1" if f.etip_flag else "0", "etip_hosp_code": f.etip_hosp_code,
        }
        for f in fees
    ]  # fmt: skip
    return Outcome({"feedetail": rows}, psn_no=psn_no)


HANDLERS = {"5201": visit_info, "5204": fee_info}
