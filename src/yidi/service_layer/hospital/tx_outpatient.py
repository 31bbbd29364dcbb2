"""【2201】门诊挂号, 【2202】门诊挂号撤销, 【2203】门诊就诊信息上传 (the national interface specification: outpatient; see
docs/national-interface.md).

An outpatient visit lives in the same visit table as a stay; it is told apart by its outpatient
``med_type`` (11 普通门诊 at registration, set by 2203). Cross-region outpatient care is covered
only by a filing in force for the treatment place (异地门诊统筹待遇须备案, seed 001 二; the filing
service's eligibility with ``care="outpatient"``): 即申即享 generates filings at *inpatient*
admission only (seed 004 一(二)), and the account-only settlement without a filing
(``outpatient_account_without_filing``) is not offered by the kernel yet, so both are refused
with the filing service's reasons. State: registered → (2207 settles batches) ; 2202 cancels
a registration without remaining fee lines.
"""

from __future__ import annotations

from yidi.adapters.hospital_repository import Row
from yidi.domain.filing import eligibility as elig
from yidi.domain.filing.categories import Category
from yidi.domain.national.codes import INSUTYPES, MDTRT_CERT_TYPES, OUTPATIENT_MED_TYPES, pay_loc
from yidi.domain.national.errors import NationalError
from yidi.domain.national.fields import node, nodes
from yidi.domain.national.formats import parse_datetime
from yidi.domain.national.plausibility import check_not_future
from yidi.service_layer.hospital.admission_rules import SETTLEMENT_CATEGORY
from yidi.service_layer.hospital.context import (
    Call,
    Outcome,
    check_psn,
    is_outpatient,
    new_id,
    own_visit,
    person_aggregate_for,
    person_for,
)
from yidi.service_layer.hospital.tx_admission import DIAG_TYPES

REGISTERED_MED_TYPE = "11"


def register(call: Call) -> Outcome:
    """【2201】门诊挂号 → ``data{mdtrt_id, psn_no, ipt_otp_no}``."""
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person = person_aggregate_for(call, psn_no, n.where("psn_no"))
    insutype = n.code("insutype", "险种类型", {k: v for k, v in INSUTYPES.items() if k == person.insutype})
    begin = parse_datetime(n.values.get("begntime"), n.where("begntime"), "挂号时间")
    check_not_future(begin, call.now, n.where("begntime"), "挂号时间")
    n.code("mdtrt_cert_type", "就诊凭证类型", MDTRT_CERT_TYPES)
    n.text("mdtrt_cert_no", "就诊凭证编号", max_len=50)
    otp_no = n.text("ipt_otp_no", "门诊号", max_len=30)
    for name, label in (("atddr_no", "医师编码"), ("dr_name", "医师姓名"), ("dept_code", "科室编码"),
                        ("dept_name", "科室名称"), ("caty", "科别")):  # fmt: skip
        n.text(name, label, max_len=100)
    if call.uow.hospital.visit_by_ipt_no(call.code, otp_no) is not None:
        raise NationalError(n.where("ipt_otp_no"), f"门诊号 {otp_no} 已挂号")
    region = str(call.hospital["region"])
    rules = call.uow.rules.for_region(person.insured_region)
    on = begin.date()
    result = elig.check(person, rules, on, hospital=call.code, care="outpatient")
    if result.basis == "local":
        raise NationalError(n.where("psn_no"), "参保地与就医地相同，属于本地就医，不经异地就医直接结算办理")
    if result.basis != "filing" or not result.category:
        reasons = "；".join(r.zh for r in result.reasons)
        raise NationalError(n.where("psn_no"), f"异地门诊统筹待遇须有就医地有效备案，不能直接结算：{reasons}")
    mdtrt_id = new_id("M", region, call.now)
    call.uow.hospital.add_visit(
        mdtrt_id=mdtrt_id, hospital_code=call.code, psn_no=psn_no, id_number=person.id_number, insutype=insutype,
        med_type=REGISTERED_MED_TYPE, insured_region=person.insured_region, treatment_region=region,
        pay_loc=pay_loc(person.insured_region, region), filing_category=SETTLEMENT_CATEGORY[Category(result.category)],
        filing_id=result.filing_id, filing_basis="filing", ipt_no=otp_no, begntime=begin, endtime=None,
        status="registered", er_flag=False, dscg_maindiag_code="", dscg_maindiag_name="", warnings=[],
        detail={"mdtrtinfo": n.values, "diseinfo": [], "filing_created": False},
    )  # fmt: skip
    return Outcome({"data": {"mdtrt_id": mdtrt_id, "psn_no": psn_no, "ipt_otp_no": otp_no}}, psn_no=psn_no)


def outpatient_visit(call: Call, mdtrt_id: str, psn_no: str, field: str) -> Row:
    """This hospital's outpatient visit ``mdtrt_id`` of ``psn_no``, locked with the person."""
    person_for(call, psn_no, field.rsplit(".", 1)[0] + ".psn_no", lock=True)
    visit = own_visit(call, mdtrt_id, field, lock=True)
    check_psn(visit, psn_no, field.rsplit(".", 1)[0] + ".psn_no")
    if not is_outpatient(visit):
        raise NationalError(field, f"就诊ID {mdtrt_id} 是住院就诊，请使用住院交易（24xx/23xx）")
    if visit["status"] == "cancelled":
        raise NationalError(field, f"就诊ID {mdtrt_id} 的挂号已撤销")
    return visit


def cancel_registration(call: Call) -> Outcome:
    """【2202】门诊挂号撤销: no fee line may remain (2208 / 2205 first)."""
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30)
    otp_no = n.text("ipt_otp_no", "门诊号", max_len=30)
    visit = outpatient_visit(call, mdtrt_id, psn_no, n.where("mdtrt_id"))
    if visit["ipt_no"] != otp_no:
        raise NationalError(n.where("ipt_otp_no"), f"门诊号 {otp_no} 与就诊ID {mdtrt_id} 的门诊号不一致")
    if call.uow.hospital.fees(mdtrt_id):
        raise NationalError(n.where("mdtrt_id"), "该就诊仍有费用明细，请先【2208】撤销结算并【2205】撤销明细")
    call.uow.hospital.update_visit(mdtrt_id, status="cancelled")
    return Outcome({}, psn_no=psn_no)


def upload_visit(call: Call) -> Outcome:
    """【2203】门诊就诊信息上传: the medical type and diagnoses the settlement uses."""
    n = node(call.env.input, "mdtrtinfo")
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30)
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    visit = outpatient_visit(call, mdtrt_id, psn_no, n.where("mdtrt_id"))
    med_type = n.code("med_type", "医疗类别", OUTPATIENT_MED_TYPES)
    parse_datetime(n.values.get("begntime"), n.where("begntime"), "开始时间")
    dise_codg = n.text("dise_codg", "病种编码", max_len=30, required=False)
    dise_name = n.text("dise_name", "病种名称", max_len=300, required=False)
    if med_type == "14" and not dise_codg:
        raise NationalError(n.where("dise_codg"), "门诊慢特病（med_type 14）须填写病种编码")
    rows = nodes(call.env.input, "diseinfo", max_items=100)
    for d in rows:
        d.code("diag_type", "诊断类别", DIAG_TYPES)
        d.text("diag_code", "诊断代码", max_len=30)
        d.text("diag_name", "诊断名称", max_len=300)
    diseinfo = [d.values for d in rows]
    main = diseinfo[0] if diseinfo else {"diag_code": dise_codg, "diag_name": dise_name}
    detail = {**visit["detail"], "visit_info": n.values, "diseinfo": diseinfo}
    call.uow.hospital.update_visit(
        mdtrt_id, med_type=med_type, detail=detail,
        dscg_maindiag_code=str(main["diag_code"]), dscg_maindiag_name=str(main["diag_name"]),
    )  # fmt: skip
    return Outcome({}, psn_no=psn_no)


HANDLERS = {"2201": register, "2202": cancel_registration, "2203": upload_visit}
