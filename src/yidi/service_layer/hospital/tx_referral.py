"""【2501】转院备案 and 【2502】转院备案撤销 (the national interface specification: filing transactions; see
docs/national-interface.md): the referring hospital files the referral (异地转诊, seed 001 二.1)
through the filing service, in this transaction.

``refmedin.mdtrtarea_admdvs`` is the destination; the filing's id is the ``trt_dcla_detl_sn``.
The hospital's diagnosis stands for the diagnosis record and the patient's card for the ID card
(recorded as materials with the message id). Whether the diagnosis is in the insured region's
referral catalogue is told as a warning (a screening aid; seed 001 一.1). A hospital cancels only
referrals it filed.
"""

from __future__ import annotations

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.errors import YidiError
from yidi.domain.filing import lifecycle, transfer_out
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import MaterialKind
from yidi.domain.filing.referral_basis import check_delegation
from yidi.domain.national.errors import NationalError
from yidi.domain.national.external_ids import MAX_SN, filing_id, filing_sn
from yidi.domain.national.fields import node
from yidi.domain.national.formats import parse_date
from yidi.domain.referral import NoReferralCatalogue
from yidi.policy.referral import is_listed
from yidi.service_layer.filing_services import history_entry
from yidi.service_layer.hospital.context import Call, Outcome, person_aggregate_for


def _actor(call: Call) -> Actor:
    return Actor(call.code, Role.HOSPITAL, Channel.REFERRAL_HOSPITAL)


def file_referral(call: Call) -> Outcome:
    """【2501】 → ``result{trt_dcla_detl_sn}``."""
    n = node(call.env.input, "refmedin")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person = person_aggregate_for(call, psn_no, n.where("psn_no"))
    n.code("insutype", "险种类型", {person.insutype: "参保险种"})
    diag_code = n.text("diag_code", "诊断代码", max_len=30)
    diag_name = n.text("diag_name", "诊断名称", max_len=300)
    sent = {name: n.text(name, label, max_len=300)
            for name, label in (("reflin_medins_no", "转往定点医药机构编号"), ("reflin_medins_name", "转往医院名称"),
                                ("refl_type", "转院类型"), ("refl_rea", "转院原因"), ("refl_opnn", "转院意见"))}  # fmt: skip
    dest = n.text("mdtrtarea_admdvs", "就医地行政区划", max_len=6)
    refl_date = parse_date(n.values.get("refl_date"), n.where("refl_date"), "转院日期")
    begin = n.values.get("begndate")
    start = parse_date(begin, n.where("begndate"), "开始日期") if begin else refl_date
    ref = f"【2501】{call.env.msgid}"
    req = NewFiling(
        Category.REFERRAL, dest, start_date=start,
        materials=(MaterialIn(MaterialKind.ID_CARD, ref), MaterialIn(MaterialKind.DIAGNOSIS_RECORD, f"{diag_code} {diag_name}")),
        form={"reflin_medins_no": sent["reflin_medins_no"]},  # the hospital referred to: its patient (docs/security.md)
        referring_hospital=call.code, referring_grade=str(call.hospital["hosp_lv"]),  # a transfer out of the treatment place (seed 002 第十八条)
    )  # fmt: skip
    rules = call.uow.rules.for_region(person.insured_region)
    try:
        check_delegation(call.code, rules, call.today)  # 委托 (seed 001 二.1)
        # a transfer out of a long-term filer's place needs the grade (seed 002 第十八条)
        filing, changes = transfer_out.file_referral(person, req, _actor(call), call.today, rules)
    except YidiError as exc:
        raise _in_2501_terms(exc) from None
    for change in changes:
        call.uow.persons.add_history(history_entry(person, change, _actor(call), ref))
    warnings = []
    try:
        listed = is_listed(person.insured_region, diag_name)
        if not listed.listed:
            warnings.append(f"诊断“{diag_name}”不在参保地转诊目录内，请确认转诊依据")
    except NoReferralCatalogue:
        pass
    return Outcome({"result": {"trt_dcla_detl_sn": filing_sn(filing.id)}}, warnings, psn_no)


def _in_2501_terms(exc: YidiError) -> YidiError:
    """Filing errors name the filing's fields; say them in 2501's terms (begndate = refl_date when absent)."""
    fields = {"treatment_region": "mdtrtarea_admdvs", "start_date": "begndate", "materials": "diag_code"}
    if exc.field in fields:
        return NationalError(f"input.refmedin.{fields[exc.field]}", exc.zh)
    return exc


def cancel_referral(call: Call) -> Outcome:
    """【2502】: cancel a referral this hospital filed."""
    n = node(call.env.input, "data")
    sn = filing_id(n.text("trt_dcla_detl_sn", "待遇申报明细流水号", max_len=MAX_SN))
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    memo = n.text("memo", "撤销原因", max_len=200, required=False)
    person = person_aggregate_for(call, psn_no, n.where("psn_no"))
    filing = next((f for f in person.filings if f.id == sn), None)
    mine = filing is not None and any(
        h.action == "create" and h.actor == str(_actor(call)) for h in call.uow.persons.history(filing_id=sn)
    )
    if filing is None or not mine or filing.category is not Category.REFERRAL:
        raise NationalError(n.where("trt_dcla_detl_sn"), f"未找到本机构办理的转院备案 {sn}")
    rules = call.uow.rules.for_region(person.insured_region)
    change = lifecycle.cancel(person, sn, call.today, rules)
    note = f"【2502】{call.env.msgid}" + (f" {memo}" if memo else "")
    call.uow.persons.add_history(history_entry(person, change, _actor(call), note))
    return Outcome({}, psn_no=psn_no)


HANDLERS = {"2501": file_referral, "2502": cancel_referral}
