"""9001/9002 签到签退, 1101 人员信息获取, 1201 医药机构信息获取, 2001 人员待遇享受检查.

1101 finds the person by the 就诊凭证 (``domain/national/certificates``, shared with the web desk's
patient lookup) or by ``psn_cert_type`` 01 + ``certno``.
``insuinfo[].insuplc_admdvs`` is what the hospital puts into every later envelope. 2001 answers
with the filing service's eligibility query (待遇资格), the same answer 2401 will act on.
"""

from __future__ import annotations

from datetime import date, datetime

from yidi.domain.filing import eligibility as elig
from yidi.domain.identifiers import IdNumber, parse_id_number
from yidi.domain.national.certificates import E_VOUCHER, resolve_certificate
from yidi.domain.national.codes import HOSP_LV_NAMES, INPATIENT_MED_TYPES, MDTRT_CERT_TYPES, national_psn_type
from yidi.domain.national.errors import NationalError
from yidi.domain.national.fields import node
from yidi.domain.national.formats import fmt_amount, fmt_date, fmt_datetime, parse_datetime
from yidi.domain.settlement.funds import pooled_fund
from yidi.service_layer import e_vouchers
from yidi.service_layer.hospital.context import Call, Outcome, new_id, person_aggregate_for


def sign_in(call: Call) -> Outcome:
    """【9001】签到: returns the ``sign_no`` every later envelope carries."""
    n = node(call.env.input, "signIn")
    opter_no = n.text("opter_no", "操作员编号", max_len=30)
    sign_no = new_id("Q", str(call.hospital["region"]), call.now)
    call.uow.hospital.add_sign_in(
        sign_no=sign_no, hospital_code=call.code, opter_no=opter_no, sign_time=call.now
    )
    return Outcome({"signinoutb": {"sign_time": fmt_datetime(call.now), "sign_no": sign_no}})


def sign_out(call: Call) -> Outcome:
    """【9002】签退."""
    n = node(call.env.input, "signOut")
    sign_no = n.text("sign_no", "签到编号", max_len=30)
    n.text("opter_no", "操作员编号", max_len=30)
    row = call.uow.hospital.sign_in(sign_no)
    if row is None or row["hospital_code"] != call.code or row["signed_out_at"] is not None:
        raise NationalError(n.where("sign_no"), f"签到编号 {sign_no} 不存在或已签退")
    call.uow.hospital.sign_out(sign_no, call.now)
    return Outcome({"signinoutb": {"sign_time": fmt_datetime(call.now), "sign_no": sign_no}})


def _age(idn: IdNumber, on: date) -> int:
    b = idn.birth_date
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def person_info(call: Call) -> Outcome:
    """【1101】人员信息获取."""
    n = node(call.env.input, "data")
    cert_type = n.code("mdtrt_cert_type", "就诊凭证类型", MDTRT_CERT_TYPES)
    cert_no = n.text("mdtrt_cert_no", "就诊凭证编号", max_len=50, required=False)
    if cert_no or cert_type == E_VOUCHER:
        idn = resolve_certificate(
            cert_type, cert_no, n.where("mdtrt_cert_no"), n.where("mdtrt_cert_type"),
            lambda token: e_vouchers.verify(token, call.now),
        )  # fmt: skip
    else:  # no certificate number: the person's ID document (psn_cert_type 01 + certno)
        idn = parse_id_number(n.text("certno", "证件号码", max_len=50).upper(), n.where("certno"))
    person = call.uow.hospital.person_row(idn.value)
    if person is None:
        raise NationalError(n.where("mdtrt_cert_no"), f"未查询到参保信息：{idn.masked}")
    name = n.text("psn_name", "人员姓名", max_len=50, required=False)
    if name and name != person["name"]:
        raise NationalError(n.where("psn_name"), "人员姓名与参保登记不一致")
    baseinfo = {
        "psn_no": person["psn_no"], "psn_cert_type": "01", "certno": person["id_number"], "psn_name": person["name"],
        "gend": idn.gender, "naty": "", "brdy": fmt_date(idn.birth_date), "age": _age(idn, call.today), "exp_content": "",
    }  # fmt: skip
    insuinfo = {
        "balc": fmt_amount(person["account_balance_fen"]), "insutype": person["insutype"],
        "psn_type": national_psn_type(person["psn_type"], idn.birth_date, call.today),
        "psn_insu_stas": "1", "psn_insu_date": "", "paus_insu_date": "", "cvlserv_flag": "1" if person["civil_servant"] else "0",
        "insuplc_admdvs": person["insured_region"], "emp_name": "",
    }  # fmt: skip
    return Outcome({"baseinfo": baseinfo, "insuinfo": [insuinfo], "idetinfo": []}, psn_no=person["psn_no"])


def institution_info(call: Call) -> Outcome:
    """【1201】医药机构信息获取 (by code; an empty code answers the caller itself)."""
    n = node(call.env.input, "medinsinfo")
    code = n.text("fixmedins_code", "定点医药机构编号", max_len=12, required=False) or call.code
    row = call.uow.hospital.hospital(code)
    found = [] if row is None else [row]
    return Outcome({"medinsinfo": [
        {"fixmedins_code": r["code"], "fixmedins_name": r["name"], "uscc": r["uscc"], "fixmedins_type": "1",
         "hosp_lv": r["hosp_lv"], "hosp_lv_name": HOSP_LV_NAMES.get(str(r["hosp_lv"]), "")}
        for r in found
    ]})  # fmt: skip


def benefit_check(call: Call) -> Outcome:
    """【2001】人员待遇享受检查: cross-region eligibility for an inpatient stay at this hospital."""
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person = person_aggregate_for(call, psn_no, n.where("psn_no"))
    n.code("insutype", "险种类型", {person.insutype: "参保险种"})
    n.code("med_type", "医疗类别", INPATIENT_MED_TYPES)
    begin: datetime = parse_datetime(n.values.get("begntime"), n.where("begntime"), "开始时间")
    rules = call.uow.rules.for_region(person.insured_region)
    result = elig.check(person, rules, begin.date(), hospital=call.code, admitted_on=begin.date())
    reasons = "；".join(r.zh for r in result.reasons)
    row = {
        "psn_no": psn_no, "trt_chk_type": "1", "fund_pay_type": pooled_fund(person.insutype).code,
        "trt_enjymnt_flag": "1" if result.covered else "0", "begndate": fmt_date(begin.date()), "enddate": "",
        "trt_chk_rslt": f"{'可享受' if result.covered else '不能享受'}异地就医直接结算待遇（{result.basis}）：{reasons}",
    }  # fmt: skip
    return Outcome({"trtinfo": [row]}, psn_no=psn_no)


HANDLERS = {
    "9001": sign_in,
    "9002": sign_out,
    "1101": person_info,
    "1201": institution_info,
    "2001": benefit_check,
}
