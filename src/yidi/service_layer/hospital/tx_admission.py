"""【2401】入院办理, 【2402】出院办理, 【2404】入院撤销, 【2405】出院撤销 (the national interface specification:
admission; see docs/national-interface.md).

2401 detects cross-region care, decides the cover (``admission_rules``), writes the filing
service's history for any filing generated at admission (即申即享 / 急诊视同备案) and the visit —
all in the one transaction of the unit of work. Cancelling an admission also cancels the filing
that admission generated. State order: admitted → discharged → settled; cancellations walk back
(2305 → 2302 → 2405 → 2404, §2.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from yidi.domain.actors import Actor, Channel, Role
from yidi.domain.errors import YidiError
from yidi.domain.filing import lifecycle, stays
from yidi.domain.national.codes import (
    DSCG_WAYS,
    EMERGENCY_MED_TYPE,
    INPATIENT_MED_TYPES,
    MDTRT_CERT_TYPES,
    pay_loc,
)
from yidi.domain.national.errors import NationalError
from yidi.domain.national.fields import Node, node, nodes
from yidi.domain.national.formats import fmt_datetime, parse_datetime
from yidi.domain.national.plausibility import check_not_future
from yidi.domain.national.visit import Visit
from yidi.service_layer.filing_services import history_entry
from yidi.service_layer.hospital.admission_rules import decide_cover
from yidi.service_layer.hospital.context import (
    Call,
    Outcome,
    check_psn,
    new_id,
    own_visit,
    person_aggregate_for,
    person_for,
    refuse_if_suspended,
)

DIAG_TYPES = {"1": "西医诊断", "2": "中医主病诊断", "3": "中医主证诊断"}


def _diseinfo(call: Call) -> list[dict[str, Any]]:
    rows = nodes(call.env.input, "diseinfo", max_items=100)
    for d in rows:
        d.code("diag_type", "诊断类别", DIAG_TYPES)
        d.flag("maindiag_flag", "主诊断标志")
        d.text("diag_code", "诊断代码", max_len=30)
        d.text("diag_name", "诊断名称", max_len=300)
    if not any(d.values.get("maindiag_flag") == "1" for d in rows):
        raise NationalError("input.diseinfo", "诊断信息中须有一条主诊断（maindiag_flag=1）")
    return [d.values for d in rows]


def _required(n: Node, names: dict[str, str]) -> None:
    for name, label in names.items():
        n.text(name, label, max_len=300)


@dataclass(frozen=True)
class StayFields:
    """The validated fields of 2401 ``mdtrtinfo`` / 2403 ``adminfo`` and ``diseinfo[]``."""

    insutype: str
    begin: datetime
    med_type: str
    ipt_no: str
    diag_code: str
    diag_name: str
    exp: dict[str, Any]
    er_flag: bool
    diseinfo: list[dict[str, Any]]


def stay_fields(call: Call, n: Node, insutype: str, ipt_field: str = "ipt_no") -> StayFields:
    ins = n.code("insutype", "险种类型", {insutype: "参保险种"})
    begin: datetime = parse_datetime(n.values.get("begntime"), n.where("begntime"), "入院时间")
    check_not_future(begin, call.now, n.where("begntime"), "入院时间")
    n.code("mdtrt_cert_type", "就诊凭证类型", MDTRT_CERT_TYPES)
    n.text("mdtrt_cert_no", "就诊凭证编号", max_len=50)
    med_type = n.code("med_type", "医疗类别", INPATIENT_MED_TYPES)
    ipt_no = n.text(ipt_field, "住院号", max_len=30)
    _required(n, {"atddr_no": "主治医生编码", "chfpdr_name": "主诊医师姓名", "adm_diag_dscr": "入院诊断描述",
                  "adm_dept_codg": "入院科室编码", "adm_dept_name": "入院科室名称", "adm_bed": "入院床位"})  # fmt: skip
    diag_code = n.text("dscg_maindiag_code", "住院主诊断代码", max_len=30)
    diag_name = n.text("dscg_maindiag_name", "住院主诊断名称", max_len=300)
    exp = n.exp_content()
    er_flag = str(exp.get("er_flag", "0")) == "1"
    return StayFields(ins, begin, med_type, ipt_no, diag_code, diag_name, exp, er_flag, _diseinfo(call))


def _refuse_overlap(call: Call, id_number: str, begin: datetime, field: str) -> None:
    """One person, one stay at a time: a stay is open from its admission until its discharge
    (2402) or its final settlement (2304); a new admission (at any hospital) that begins while
    another is open is refused (docs/national-interface.md, "Plausibility"). The other stay is
    named by hospital and admission time only — another hospital's mdtrt_id is not revealed."""
    for other in call.uow.hospital.open_stays_at(id_number, begin, list(INPATIENT_MED_TYPES)):
        where = "本机构" if other["hospital_code"] == call.code else f"定点医药机构 {other['hospital_code']}"
        raise NationalError(
            field,
            f"该人员在{where}有未出院、未结算的住院（入院时间 {fmt_datetime(other['begntime'])}），"
            "不能同时办理另一次入院；请先出院或结算，或撤销原入院",
            "the person has another open stay",
        )


def admit(call: Call) -> Outcome:
    """【2401】入院办理 → ``result{mdtrt_id}``; warnings (e.g. emergency evidence) in ``warn_msg``."""
    n = node(call.env.input, "mdtrtinfo")
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person = person_aggregate_for(call, psn_no, n.where("psn_no"))
    refuse_if_suspended(call, person, n.where("psn_no"))
    f = stay_fields(call, n, person.insutype)
    if call.uow.hospital.visit_by_ipt_no(call.code, f.ipt_no) is not None:
        raise NationalError(n.where("ipt_no"), f"住院号 {f.ipt_no} 已办理入院")
    _refuse_overlap(call, person.id_number, f.begin, n.where("begntime"))
    region = str(call.hospital["region"])
    rules = call.uow.rules.for_region(person.insured_region)
    cover = decide_cover(
        person, rules, call.code, region, f.begin.date(), f.med_type, f.er_flag, f.exp, f.diag_name, n.path
    )
    actor = Actor(call.code, Role.HOSPITAL, Channel.HOSPITAL_ADMISSION)
    for change in cover.changes:
        call.uow.persons.add_history(history_entry(person, change, actor, f"【2401】{call.env.msgid}"))
    mdtrt_id = new_id("M", region, call.now)
    call.uow.hospital.add_visit(
        mdtrt_id=mdtrt_id, hospital_code=call.code, psn_no=psn_no, id_number=person.id_number, insutype=f.insutype,
        med_type=f.med_type, insured_region=person.insured_region, treatment_region=region,
        pay_loc=pay_loc(person.insured_region, region), filing_category=cover.category, filing_id=cover.filing_id,
        filing_basis=cover.basis, ipt_no=f.ipt_no, begntime=f.begin, endtime=None, status="admitted",
        er_flag=f.er_flag or f.med_type == EMERGENCY_MED_TYPE, dscg_maindiag_code=f.diag_code,
        dscg_maindiag_name=f.diag_name, warnings=cover.warnings,
        detail={"mdtrtinfo": n.values, "diseinfo": f.diseinfo, "filing_created": cover.filing_created,
                "emergency_evidence": cover.evidence},
    )  # fmt: skip
    out = {"mdtrt_id": mdtrt_id, "psn_no": psn_no, "ipt_otp_no": f.ipt_no}
    return Outcome({"result": out}, cover.warnings, psn_no)


def _visit_data(call: Call, node_name: str, lock: bool = True) -> tuple[Node, Visit]:
    n = node(call.env.input, node_name)
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30)
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person_for(call, psn_no, n.where("psn_no"), lock=lock)
    visit = own_visit(call, mdtrt_id, n.where("mdtrt_id"), lock=lock)
    check_psn(visit, psn_no, n.where("psn_no"))
    return n, visit


def discharge(call: Call) -> Outcome:
    """【2402】出院办理: records the discharge time and way; the stay can then be settled."""
    n, visit = _visit_data(call, "dscginfo")
    end: datetime = parse_datetime(n.values.get("endtime"), n.where("endtime"), "出院时间")
    check_not_future(end, call.now, n.where("endtime"), "出院时间")
    n.code("dscg_way", "离院方式", DSCG_WAYS)
    _required(n, {"dscg_dept_codg": "出院科室编码", "dscg_dept_name": "出院科室名称"})
    if visit.status != "admitted":
        raise NationalError(n.where("mdtrt_id"), f"就诊状态为 {visit.status}，不能办理出院")
    if end < visit.begntime:
        raise NationalError(n.where("endtime"), "出院时间早于入院时间")
    diseinfo = _diseinfo(call)
    detail = {**visit.detail, "dscginfo": n.values, "dscg_diseinfo": diseinfo}
    call.uow.hospital.update_visit(visit.mdtrt_id, endtime=end, status="discharged", detail=detail)
    _end_referral_stay(call, visit, end, n.path)
    return Outcome({}, psn_no=visit.psn_no)


def _end_referral_stay(call: Call, visit: Visit, end: datetime, where: str) -> None:
    """A stay under a referral filing ends that filing (seed 002 第十六条: one filing, one stay)."""
    if visit.filing_category != "referral" or not visit.filing_id:
        return
    person = call.uow.persons.get(visit.id_number, for_update=True)
    if person is None or all(f.id != visit.filing_id for f in person.filings):
        return
    change = stays.end_with_stay(person, str(visit.filing_id), end.date())
    if change is not None:
        actor = Actor(call.code, Role.HOSPITAL, Channel.HOSPITAL_ADMISSION)
        call.uow.persons.add_history(history_entry(person, change, actor, f"【2402】{call.env.msgid}"))


def cancel_discharge(call: Call) -> Outcome:
    """【2405】出院办理撤销 (only before settlement, or after 2305)."""
    n, visit = _visit_data(call, "data")
    if visit.status != "discharged":
        raise NationalError(
            n.where("mdtrt_id"), f"就诊状态为 {visit.status}，不能撤销出院（已结算须先【2305】）"
        )
    call.uow.hospital.update_visit(visit.mdtrt_id, endtime=None, status="admitted")
    return Outcome({}, psn_no=visit.psn_no)


def cancel_admission(call: Call) -> Outcome:
    """【2404】入院办理撤销: no fee details may remain (2302 first); the filing made at this
    admission is cancelled with it."""
    n, visit = _visit_data(call, "data")
    warnings = cancel_visit(call, visit, n.where("mdtrt_id"))
    return Outcome({}, warnings, visit.psn_no)


def cancel_visit(call: Call, visit: Visit, field: str) -> list[str]:
    if visit.status != "admitted":
        raise NationalError(field, f"就诊状态为 {visit.status}，不能撤销入院")
    if call.uow.hospital.fees(visit.mdtrt_id):
        raise NationalError(field, "该就诊仍有费用明细，请先【2302】撤销明细")
    call.uow.hospital.update_visit(visit.mdtrt_id, status="cancelled")
    if not (visit.detail.get("filing_created") and visit.filing_id):
        return []
    person = call.uow.persons.get(visit.id_number, for_update=True)
    assert person is not None
    rules = call.uow.rules.for_region(person.insured_region)
    try:
        change = lifecycle.cancel(person, visit.filing_id, call.today, rules)
    except YidiError as exc:
        return [f"入院时生成的备案 {visit.filing_id} 未能自动取消：{exc}"]
    actor = Actor(call.code, Role.HOSPITAL, Channel.HOSPITAL_ADMISSION)
    call.uow.persons.add_history(
        history_entry(person, change, actor, f"入院办理撤销【{call.env.infno}】{call.env.msgid}")
    )
    return []


HANDLERS = {"2401": admit, "2402": discharge, "2404": cancel_admission, "2405": cancel_discharge}
