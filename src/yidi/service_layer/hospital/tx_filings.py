"""【2503】人员慢特病备案, 【2504】撤销, 【2505】人员定点备案, 【2506】撤销, 【5301】慢特病备案查询
(the national interface specification: filing transactions; see docs/national-interface.md),
through the filing domain in the one transaction of the request.

* 2505 ``biz_appy_type`` 08 异地安置登记 files a 异地安置退休人员 filing for the designated
  hospital's place. Long-term filings are the insured person's own (告知承诺制 self-service,
  seed 000 二(一)); the hospital's terminal relays the person's (or agent's, ``agnter_*``)
  declaration, so the actor is the citizen on the self-service channel and the history says which
  hospital and message carried it. 03 就医定点医疗机构登记 / 01 门诊慢特病登记 choose the
  outpatient-pooling / chronic-disease hospital of the person's long-term filing there
  (``lifecycle.change``: the filing must be long-term and in force, the hospital in its place).
* 2503 registers a chronic disease (门慢门特) on that long-term filing: the identifying hospital
  becomes its chronic-disease hospital and the disease is kept in the filing's form under
  ``opsp.<sn>`` (code, name, dates) — the filing model has no disease list yet.
* 2506 / 2504 undo what this hospital registered (a 2505-08 filing is cancelled under the filing
  rules, e.g. the 6-month lock); 5301 lists the registered diseases of the person's filings.

A hospital registers only itself (security review H3): ``fixmedins_code`` (2505) and
``ide_fixmedins_no`` (2503) must be the caller's own code. Who registered what is kept in
structured fields — the 2505-08 filing's form ``registered_by``, each disease's ``hospital`` —
and 2504/2506 compare those and the filing's hospitals with the caller, never history text.
"""

from __future__ import annotations

import json
from typing import Any

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.filing import lifecycle
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import NewFiling, create_filing
from yidi.domain.filing.filing import Filing
from yidi.domain.filing.lifecycle import Change
from yidi.domain.filing.person import InsuredPerson
from yidi.domain.national.errors import NationalError
from yidi.domain.national.external_ids import MAX_SN, filing_id, filing_sn
from yidi.domain.national.fields import Node, node
from yidi.domain.national.formats import fmt_date, parse_date
from yidi.service_layer.filing_services import history_entry
from yidi.service_layer.hospital.context import Call, Outcome, new_id, person_aggregate_for

BIZ_APPY_TYPES = {"01": "门诊慢特病登记", "03": "就医定点医疗机构登记", "08": "异地安置登记"}
OPSP = "opsp."
REGISTERED_BY = "registered_by"  # form key: the hospital that relayed a 2505-08 filing


def _own_code(call: Call, n: Node, name: str, label: str) -> str:
    """The hospital named in ``name``, which must be the caller itself."""
    code = n.text(name, label, max_len=30)
    if code != call.code:
        raise NationalError(n.where(name), f"{label} {code} 不是本机构（{call.code}），医疗机构只能为本机构办理")
    return code


def _hospital_actor(call: Call) -> Actor:
    return Actor(call.code, Role.HOSPITAL, Channel.HOSPITAL_ADMISSION)


def _long_term_at(call: Call, person: InsuredPerson, code: str, field: str) -> Filing:
    """The person's in-force long-term filing whose place holds hospital ``code``."""
    row = call.uow.hospital.hospital(code)
    if row is None:
        raise NationalError(field, f"定点医药机构 {code} 未登记")
    region = str(row["region"])
    for f in person.filings:
        if f.in_force and f.long_term and f.treatment_region[:4] == region[:4]:
            return f
    raise NationalError(
        field, f"该人员在 {region} 无有效的异地长期居住备案，须先办理异地安置登记（biz_appy_type 08）"
    )


def _record(call: Call, person: InsuredPerson, change: Change, actor: Actor, note: str) -> None:
    call.uow.persons.add_history(history_entry(person, change, actor, f"{note} {call.env.msgid}"))


def designate(call: Call) -> Outcome:
    """【2505】人员定点备案 → ``result{trt_dcla_detl_sn}`` (the filing id)."""
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person = person_aggregate_for(call, psn_no, n.where("psn_no"))
    biz = n.code("biz_appy_type", "业务申请类型", BIZ_APPY_TYPES)
    begin = parse_date(n.values.get("begndate"), n.where("begndate"), "开始日期")
    n.text("fix_srt_no", "定点排序号", max_len=10)
    code = _own_code(call, n, "fixmedins_code", "定点医药机构编号")
    n.text("fixmedins_name", "定点医药机构名称", max_len=200)
    rules = call.uow.rules.for_region(person.insured_region)
    note = f"【2505】{BIZ_APPY_TYPES[biz]} 经 {call.code}"
    if biz == "08":
        row = call.uow.hospital.hospital(code)
        if row is None:
            raise NationalError(n.where("fixmedins_code"), f"定点医药机构 {code} 未登记")
        signer = n.text("agnter_name", "代办人姓名", max_len=50, required=False) or person.name
        req = NewFiling(
            Category.LONG_TERM_RETIREE, str(row["region"]), start_date=begin, outpatient_hospital=code,
            sign_commitment=True,
            form={"phone": n.text("tel", "联系电话", max_len=50), "signed_by": signer, REGISTERED_BY: code},
        )  # fmt: skip
        actor = Actor(person.id_number, Role.CITIZEN, Channel.SELF_SERVICE)
        filing, reasons = create_filing(person, req, actor, call.today, rules)
        _record(call, person, Change(filing, "create", None, reasons), actor, note)
        return Outcome({"result": {"trt_dcla_detl_sn": filing_sn(filing.id)}}, [r.zh for r in reasons], psn_no)
    filing = _long_term_at(call, person, code, n.where("fixmedins_code"))
    if biz == "03":
        change = lifecycle.change(person, filing.id, call.today, rules, outpatient_hospital=code)
    else:
        change = lifecycle.change(person, filing.id, call.today, rules, chronic_hospital=code)
    _record(call, person, change, _hospital_actor(call), note)
    return Outcome({"result": {"trt_dcla_detl_sn": filing_sn(filing.id)}}, psn_no=psn_no)


def undesignate(call: Call) -> Outcome:
    """【2506】人员定点备案撤销: only what this hospital registered with 2505 — the 2505-08 filing
    it relayed, or its own designation as the filing's outpatient / chronic-disease hospital."""
    n, person, sn, memo = _cancel_input(call)
    filing = next((f for f in person.filings if f.id == sn and f.in_force), None)
    relayed = filing is not None and filing.form.get(REGISTERED_BY) == call.code
    named = filing is not None and call.code in (filing.outpatient_hospital, filing.chronic_hospital)
    if filing is None or not (relayed or named):
        raise NationalError(n.where("trt_dcla_detl_sn"), f"未找到本机构办理的有效人员定点备案 {sn}")
    rules = call.uow.rules.for_region(person.insured_region)
    note = f"【2506】撤销 经 {call.code}" + (f" {memo}" if memo else "")
    if relayed:
        change = lifecycle.cancel(person, sn, call.today, rules, memo)
        _record(call, person, change, _hospital_actor(call), note)
        return Outcome({}, psn_no=person.psn_no)
    before = filing.snapshot()
    if filing.outpatient_hospital == call.code:
        filing.outpatient_hospital = None
    if filing.chronic_hospital == call.code:
        filing.chronic_hospital = None
    _record(call, person, Change(filing, "change", before, []), _hospital_actor(call), note)
    return Outcome({}, psn_no=person.psn_no)


def _cancel_input(call: Call) -> tuple[Node, InsuredPerson, str, str]:
    n = node(call.env.input, "data")
    sn = filing_id(n.text("trt_dcla_detl_sn", "待遇申报明细流水号", max_len=MAX_SN))
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    memo = n.text("memo", "撤销原因", max_len=200, required=False)
    return n, person_aggregate_for(call, psn_no, n.where("psn_no")), sn, memo


def register_chronic(call: Call) -> Outcome:
    """【2503】人员慢特病备案 → ``result{trt_dcla_detl_sn}`` (one per disease registration)."""
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person = person_aggregate_for(call, psn_no, n.where("psn_no"))
    n.code("insutype", "险种类型", {person.insutype: "参保险种"})
    dise_code = n.text("opsp_dise_code", "门慢门特病种目录代码", max_len=30)
    dise_name = n.text("opsp_dise_name", "门慢门特病种名称", max_len=300)
    ide = _own_code(call, n, "ide_fixmedins_no", "鉴定定点医药机构编号")
    parse_date(n.values.get("hosp_ide_date"), n.where("hosp_ide_date"), "医院鉴定日期")
    begin = parse_date(n.values.get("begndate"), n.where("begndate"), "开始日期")
    end_text = n.values.get("enddate")
    end = parse_date(end_text, n.where("enddate"), "结束日期") if end_text else None
    if end is not None and end < begin:
        raise NationalError(n.where("enddate"), "结束日期早于开始日期")
    filing = _long_term_at(call, person, ide, n.where("ide_fixmedins_no"))
    if any(json.loads(v)["code"] == dise_code for k, v in filing.form.items() if k.startswith(OPSP)):
        raise NationalError(n.where("opsp_dise_code"), f"病种 {dise_code} 已备案")
    rules = call.uow.rules.for_region(person.insured_region)
    change = lifecycle.change(person, filing.id, call.today, rules, chronic_hospital=ide)
    sn = new_id("C", str(call.hospital["region"]), call.now)
    entry = {
        "code": dise_code,
        "name": dise_name,
        "begndate": fmt_date(begin),
        "enddate": fmt_date(end) if end else "",
        "hospital": call.code,
    }
    filing.form = {**filing.form, OPSP + sn: json.dumps(entry, ensure_ascii=False)}
    _record(
        call, person, change, _hospital_actor(call), f"【2503】{dise_code} {dise_name} {sn} 经 {call.code}"
    )
    return Outcome({"result": {"trt_dcla_detl_sn": sn}}, psn_no=psn_no)


def cancel_chronic(call: Call) -> Outcome:
    """【2504】人员慢特病备案撤销: only a registration this hospital made."""
    n, person, sn, memo = _cancel_input(call)
    filing = next((f for f in person.filings if OPSP + sn in f.form), None)
    if filing is None or json.loads(filing.form[OPSP + sn]).get("hospital") != call.code:
        raise NationalError(n.where("trt_dcla_detl_sn"), f"未找到本机构办理的慢特病备案 {sn}")
    before = filing.snapshot()
    filing.form = {k: v for k, v in filing.form.items() if k != OPSP + sn}
    note = f"【2504】撤销 {sn} 经 {call.code}" + (f" {memo}" if memo else "")
    _record(call, person, Change(filing, "change", before, []), _hospital_actor(call), note)
    return Outcome({}, psn_no=person.psn_no)


def chronic_info(call: Call) -> Outcome:
    """【5301】人员慢特病备案查询 → ``feedetail[]{opsp_dise_code, opsp_dise_name, begndate, enddate}``."""
    n = node(call.env.input, "data")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person = person_aggregate_for(call, psn_no, n.where("psn_no"))
    rows: list[dict[str, Any]] = []
    for f in person.filings:
        for key, value in sorted(f.form.items()) if f.in_force else ():
            if key.startswith(OPSP):
                e = json.loads(value)
                rows.append({"opsp_dise_code": e["code"], "opsp_dise_name": e["name"], "begndate": e["begndate"],
                             "enddate": e["enddate"], "trt_dcla_detl_sn": key[len(OPSP):],
                             "fixmedins_code": f.chronic_hospital or ""})  # fmt: skip
    return Outcome({"feedetail": rows}, psn_no=psn_no)


HANDLERS = {
    "2503": register_chronic,
    "2504": cancel_chronic,
    "2505": designate,
    "2506": undesignate,
    "5301": chronic_info,
}
