"""Filing routes under ``/api/v1`` for citizens, staff and hospitals.

Create, cancel, change, supply materials, complete, the third-city operation, query, history,
eligibility, settlement references and the claw-back due. Refusals are 409 with the clause.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from yidi.domain.access import AccessDenied
from yidi.domain.actors import Channel
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import NewFiling
from yidi.domain.identifiers import parse_id_number
from yidi.entrypoints.api.deps import ActorDep, UowDep
from yidi.entrypoints.api.schemas import (
    AdmissionBody,
    CancelBody,
    ChangeBody,
    CompleteBody,
    FilingBody,
    MaterialsBody,
    SettlementBody,
    ThirdCityBody,
    materials,
)
from yidi.service_layer import filing_services as fs
from yidi.service_layer import queries as q
from yidi.service_layer.filing_services import Result

router = APIRouter(prefix="/api/v1", tags=["filing 备案"])


@router.post("/filings", status_code=201)
def create_filing(body: FilingBody, actor: ActorDep, uow: UowDep) -> Result:
    """办理备案 (self-service, counter, referral; the channel comes from ``X-Yidi-Channel``)."""
    idn = parse_id_number(body.id_number, "id_number").value
    return fs.file(uow, actor, idn, body.command(), request_id=body.request_id)


@router.post("/admissions", status_code=201)
def admit(body: AdmissionBody, actor: ActorDep, uow: UowDep) -> Result:
    """入院登记即申即享 / 急诊标志视同备案 (hospital channels)."""
    idn = parse_id_number(body.id_number, "id_number").value
    cmd = body.command()
    if actor.channel is Channel.EMERGENCY_FLAG and body.category is Category.TEMPORARY:
        cmd = replace(cmd, category=Category.EMERGENCY, temporary_reason=None)
    return fs.admit(uow, actor, idn, cmd, request_id=body.request_id)


@router.get("/filings/{filing_id}")
def get_filing(filing_id: str, actor: ActorDep, uow: UowDep) -> Result:
    return q.get_filing(uow, filing_id, actor=actor)


@router.get("/filings/{filing_id}/history")
def history(filing_id: str, actor: ActorDep, uow: UowDep) -> list[Result]:
    """备案变更历史：谁、何渠道、何时、为何、变更前后."""
    return q.filing_history(uow, filing_id, actor=actor)


@router.post("/filings/{filing_id}/cancel")
def cancel(filing_id: str, body: CancelBody, actor: ActorDep, uow: UowDep) -> Result:
    return fs.cancel(uow, actor, filing_id, body.reason, request_id=body.request_id)


@router.post("/filings/{filing_id}/change")
def change(filing_id: str, body: ChangeBody, actor: ActorDep, uow: UowDep) -> Result:
    return fs.change(
        uow,
        actor,
        filing_id,
        treatment_region=body.treatment_region,
        outpatient_hospital=body.outpatient_hospital,
        chronic_hospital=body.chronic_hospital,
        workplace_changed=body.workplace_changed,
        items=materials(body.materials),
        request_id=body.request_id,
    )


@router.post("/filings/{filing_id}/materials")
def supply(filing_id: str, body: MaterialsBody, actor: ActorDep, uow: UowDep) -> Result:
    """补充材料 (completes a draft or a commitment filing)."""
    return fs.supply_materials(uow, actor, filing_id, materials(body.materials), request_id=body.request_id)


@router.post("/filings/{filing_id}/complete")
def complete(filing_id: str, body: CompleteBody, actor: ActorDep, uow: UowDep) -> Result:
    return fs.complete(uow, actor, filing_id, body.discharge_date, request_id=body.request_id)


@router.post("/filings/{filing_id}/third-city", status_code=201)
def third_city(filing_id: str, body: ThirdCityBody, actor: ActorDep, uow: UowDep) -> Result:
    """长期备案人员到第三地住院：终止长期、办理临时，一步完成 (辽医保中心发〔2021〕45号 二(二))."""
    owner = q.get_filing(uow, filing_id, actor=actor)["person_id_number"]
    cmd = NewFiling(
        category=body.category,
        treatment_region=body.treatment_region,
        temporary_reason=body.temporary_reason if body.category is Category.TEMPORARY else None,
        start_date=body.admitted_on,
        form=dict(body.form),
    )
    return fs.third_city_admission(uow, actor, str(owner), filing_id, cmd, request_id=body.request_id)


@router.post("/filings/{filing_id}/resume-long-term", status_code=201)
def resume(filing_id: str, actor: ActorDep, uow: UowDep) -> Result:
    """临时外出结束后重新办理异地长期居住."""
    return fs.resume_long_term(uow, actor, filing_id)


@router.post("/filings/{filing_id}/settlements", status_code=201)
def settlement(filing_id: str, body: SettlementBody, actor: ActorDep, uow: UowDep) -> Result:
    """The claw-back reference a platform settlement (2304/2207) recorded under the filing; a client
    cannot plant one — the date and amount sent are not taken (docs/security.md, H4)."""
    return fs.settlement_reference(uow, actor, filing_id, body.settlement_id)


@router.get("/persons/{id_number}/filings")
def list_filings(id_number: str, actor: ActorDep, uow: UowDep) -> list[Result]:
    return q.list_filings(uow, id_number, actor=actor)


@router.get("/persons/{id_number}/clawback")
def clawback(id_number: str, actor: ActorDep, uow: UowDep) -> Result:
    """待扣减的承诺制备案待遇差（分）."""
    return q.clawback_due(uow, id_number, actor=actor)


@router.post("/persons/{id_number}/clawback/{settlement_id}/recovered")
def clawback_recovered(id_number: str, settlement_id: str, actor: ActorDep, uow: UowDep) -> Result:
    """A later settlement deducted the benefit difference: mark it recovered (已扣减)."""
    idn = parse_id_number(id_number, "id_number").value
    return fs.mark_clawback_recovered(uow, actor, idn, settlement_id)


@router.get("/eligibility")
def eligibility(
    uow: UowDep,
    actor: ActorDep,
    id_number: str,
    on: Annotated[date, Query(alias="date")],
    region: str | None = None,
    hospital: str | None = None,
    admitted_on: date | None = None,
    care: str = "inpatient",
) -> Result:
    """待遇资格查询：是否覆盖、类别、待遇、理由与依据条款."""
    return q.eligibility(
        uow, id_number, on, region=region, hospital=hospital, admitted_on=admitted_on, care=care, actor=actor
    )


@router.post("/jobs/commitment-deadlines")
def run_deadlines(actor: ActorDep, uow: UowDep) -> Result:
    """承诺期限任务：提醒、到期撤销、有效期届满 (staff or system)."""
    if str(actor.role) not in ("staff", "system"):
        raise AccessDenied(
            "仅经办人员或系统可运行期限任务", "only staff or system may run the job", rule="access.staff_only.job"
        )
    return fs.run_deadlines(uow, actor)
