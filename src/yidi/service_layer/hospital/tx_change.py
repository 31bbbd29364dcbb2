"""【2403】住院信息变更: correct an admission's details before it is settled (§2.3).

``adminfo`` carries the 2401 fields plus ``mdtrt_id``; ``diseinfo[]`` replaces the diagnoses.
Diagnoses, department, bed, doctor, admission time and the emergency evidence may change; the
emergency warning is re-evaluated. A change that would change the *cover* (emergency ↔ not,
maternity ↔ not) is refused: the filing made at admission depended on it, so the admission is
cancelled (2404) and made again. A settled stay is changed only after 2305.
"""

from __future__ import annotations

from yidi.domain.national.codes import EMERGENCY_MED_TYPE, MATERNITY_MED_TYPE
from yidi.domain.national.errors import NationalError
from yidi.domain.national.fields import node
from yidi.service_layer.hospital.admission_rules import emergency_evidence
from yidi.service_layer.hospital.context import Call, Outcome, check_psn, own_visit, person_for
from yidi.service_layer.hospital.tx_admission import stay_fields


def change(call: Call) -> Outcome:
    n = node(call.env.input, "adminfo")
    mdtrt_id = n.text("mdtrt_id", "就诊ID", max_len=30)
    psn_no = n.text("psn_no", "人员编号", max_len=30)
    person = person_for(call, psn_no, n.where("psn_no"), lock=True)
    visit = own_visit(call, mdtrt_id, n.where("mdtrt_id"), lock=True)
    check_psn(visit, psn_no, n.where("psn_no"))
    f = stay_fields(
        call, n, person.insutype, ipt_field="ipt_otp_no" if "ipt_otp_no" in n.values else "ipt_no"
    )
    if visit.status not in ("admitted", "discharged"):
        raise NationalError(n.where("mdtrt_id"), f"就诊状态为 {visit.status}，不能变更")
    if any(
        s["kind"] == "settle" and s["status"] == "valid"
        for s in call.uow.hospital.settlements_of_visit(mdtrt_id)
    ):
        raise NationalError(n.where("mdtrt_id"), "该就诊已结算，须先【2305】撤销结算再变更")
    if f.ipt_no != visit.ipt_no:
        raise NationalError(n.where("ipt_no"), "住院号不能变更")
    emergency = f.er_flag or f.med_type == EMERGENCY_MED_TYPE
    if emergency != visit.er_flag or (f.med_type == MATERNITY_MED_TYPE) != (
        visit.med_type == MATERNITY_MED_TYPE
    ):
        raise NationalError(
            n.where("med_type"), "变更会改变异地就医待遇类别（急诊/生育），请【2404】撤销入院后重新办理"
        )
    if visit.endtime is not None and f.begin > visit.endtime:
        raise NationalError(n.where("begntime"), "入院时间晚于出院时间")
    evidence, warning = emergency_evidence(f.exp, f.begin.date(), n.path) if emergency else ({}, None)
    warnings = [warning] if warning else []
    detail = {
        **visit.detail,
        "mdtrtinfo": n.values,
        "diseinfo": f.diseinfo,
        "emergency_evidence": evidence,
    }
    call.uow.hospital.update_visit(
        mdtrt_id, med_type=f.med_type, begntime=f.begin, dscg_maindiag_code=f.diag_code,
        dscg_maindiag_name=f.diag_name, warnings=warnings, detail=detail,
    )  # fmt: skip
    return Outcome({}, warnings, psn_no)


HANDLERS = {"2403": change}
