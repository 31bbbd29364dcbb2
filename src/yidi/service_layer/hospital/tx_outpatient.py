"""【2201】门诊挂号, 【2202】门诊挂号撤销, 【2203】门诊就诊信息上传 (the national interface specification: outpatient; see
docs/national-interface.md).

An outpatient visit lives in the same visit table as a stay; it is told apart by its outpatient
``med_type`` (11 普通门诊 at registration, set by 2203). Cross-region outpatient care is covered
only by a filing in force for the treatment place (异地门诊统筹待遇须备案, seed 001 二; the filing
service's eligibility with ``care="outpatient"``): 即申即享 generates filings at *inpatient*
admission only (seed 004 一(二)). Where the insured region allows it
(``outpatient_account_without_filing``: 省直, seed 000 四(一)) a person without a filing is
registered for an account-only settlement (``filing_basis`` personal_account: the kernel with
every fund's share 0, ``policy/account_only.py``); anyone else is refused with the filing
service's reasons. State: registered → (2207 settles batches) ; 2202 cancels
a registration without remaining fee lines.
"""

from __future__ import annotations

from yidi.domain.filing import eligibility as elig
from yidi.domain.filing.categories import Category
from yidi.domain.filing.clauses import DOC_2021_45
from yidi.domain.national.codes import INSUTYPES, MDTRT_CERT_TYPES, OUTPATIENT_MED_TYPES, pay_loc
from yidi.domain.national.errors import NationalError
from yidi.domain.national.fields import node, nodes
from yidi.domain.national.formats import parse_datetime
from yidi.domain.national.plausibility import check_not_future
from yidi.domain.national.visit import Visit
from yidi.service_layer.hospital.admission_rules import SETTLEMENT_CATEGORY
from yidi.service_layer.hospital.context import (
    Call,
    Outcome,
    aggregate,
    check_psn,
    is_outpatient,
    new_id,
    own_visit,
    person_aggregate_for,
    person_for,
)
from yidi.service_layer.hospital.settlement_calc import ACCOUNT_ONLY_BASIS
from yidi.service_layer.hospital.tx_admission import DIAG_TYPES

REGISTERED_MED_TYPE = "11"
CHRONIC_MED_TYPE = "14"


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
    warnings: list[str] = []
    if result.basis == ACCOUNT_ONLY_BASIS:  # 个人账户直接结算，无需备案 (辽医保中心发〔2021〕45号 四(一))
        category, filing_id, basis = "temporary", None, ACCOUNT_ONLY_BASIS
    elif result.basis != "filing" or not result.category:
        reasons = "；".join(r.zh for r in result.reasons)
        raise NationalError(n.where("psn_no"), f"异地门诊统筹待遇须有就医地有效备案，不能直接结算：{reasons}")
    else:
        category, filing_id, basis = SETTLEMENT_CATEGORY[Category(result.category)], result.filing_id, "filing"
        chosen = result.benefits.get("outpatient_pooling_hospital")
        elsewhere = chosen is not None and str(chosen).upper() != call.code.upper()  # 辽医保中心发〔2021〕45号 四(二)
        if (elsewhere or chosen is None) and rules.value("outpatient_account_without_filing", on):
            # no 门诊统筹 here (四(二)), but the personal account settles anywhere (四(一))
            category, filing_id, basis = "temporary", None, ACCOUNT_ONLY_BASIS
            warnings.append("门诊统筹待遇只在备案时选定的门诊统筹定点医院享受；本次按个人账户直接结算（辽医保中心发〔2021〕45号 四(一)(二)）")
        elif elsewhere:
            raise chosen_hospital_refusal(n.where("psn_no"), "门诊统筹", str(chosen), "四(二)")
    mdtrt_id = new_id("M", region, call.now)
    call.uow.hospital.add_visit(
        mdtrt_id=mdtrt_id, hospital_code=call.code, psn_no=psn_no, id_number=person.id_number, insutype=insutype,
        med_type=REGISTERED_MED_TYPE, insured_region=person.insured_region, treatment_region=region,
        pay_loc=pay_loc(person.insured_region, region), filing_category=category,
        filing_id=filing_id, filing_basis=basis, ipt_no=otp_no, begntime=begin, endtime=None,
        status="registered", er_flag=False, dscg_maindiag_code="", dscg_maindiag_name="", warnings=warnings,
        detail={"mdtrtinfo": n.values, "diseinfo": [], "filing_created": False},
    )  # fmt: skip
    return Outcome({"data": {"mdtrt_id": mdtrt_id, "psn_no": psn_no, "ipt_otp_no": otp_no}}, warnings, psn_no)


def chosen_hospital_refusal(field: str, what: str, chosen: str, article: str) -> NationalError:
    """Outpatient pooling (四(二)) and chronic-disease care (五(三)) are covered only at the
    hospital chosen at filing (辽医保中心发〔2021〕45号)."""
    err = NationalError(
        field, f"{what}待遇只在备案时选定的定点医院 {chosen} 享受，本院不能按{what}直接结算",
        f"{what} only at the chosen hospital {chosen}",
    )
    err.clause = f"{DOC_2021_45} {article}"
    return err


def outpatient_visit(call: Call, mdtrt_id: str, psn_no: str, field: str) -> Visit:
    """This hospital's outpatient visit ``mdtrt_id`` of ``psn_no``, locked with the person."""
    person_for(call, psn_no, field.rsplit(".", 1)[0] + ".psn_no", lock=True)
    visit = own_visit(call, mdtrt_id, field, lock=True)
    check_psn(visit, psn_no, field.rsplit(".", 1)[0] + ".psn_no")
    if not is_outpatient(visit):
        raise NationalError(field, f"就诊ID {mdtrt_id} 是住院就诊，请使用住院交易（24xx/23xx）")
    if visit.status == "cancelled":
        raise NationalError(field, f"就诊ID {mdtrt_id} 的挂号已撤销")
    return visit


def cancel_registration(call: Call) -> Outcome:
    """【2202】门诊挂号撤销: no fee line may remain (2208 / 2205 first)."""
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30)
    otp_no = n.text("ipt_otp_no", "门诊号", max_len=30)
    visit = outpatient_visit(call, mdtrt_id, psn_no, n.where("mdtrt_id"))
    if visit.ipt_no != otp_no:
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
    if med_type == CHRONIC_MED_TYPE and not dise_codg:
        raise NationalError(n.where("dise_codg"), "门诊慢特病（med_type 14）须填写病种编码")
    if med_type == CHRONIC_MED_TYPE and visit.filing_id:
        person = aggregate(call, visit.id_number)
        filing = next((f for f in person.filings if f.id == visit.filing_id), None) if person else None
        chosen = filing.chronic_hospital if filing else None
        if chosen and chosen.upper() != call.code.upper():  # 辽医保中心发〔2021〕45号 五(三)
            raise chosen_hospital_refusal(n.where("med_type"), "门诊慢特病", chosen, "五(三)")
    rows = nodes(call.env.input, "diseinfo", max_items=100)
    for d in rows:
        d.code("diag_type", "诊断类别", DIAG_TYPES)
        d.text("diag_code", "诊断代码", max_len=30)
        d.text("diag_name", "诊断名称", max_len=300)
    diseinfo = [d.values for d in rows]
    main = diseinfo[0] if diseinfo else {"diag_code": dise_codg, "diag_name": dise_name}
    detail = {**visit.detail, "visit_info": n.values, "diseinfo": diseinfo}
    call.uow.hospital.update_visit(
        mdtrt_id, med_type=med_type, detail=detail,
        dscg_maindiag_code=str(main["diag_code"]), dscg_maindiag_name=str(main["diag_name"]),
    )  # fmt: skip
    return Outcome({}, psn_no=psn_no)


HANDLERS = {"2201": register, "2202": cancel_registration, "2203": upload_visit}
