"""协查, 问题协同 and inspection routes under ``/api/v1/audit`` (基金监管).

A staff member acts for the agency of ``agency_region`` (参保地 to open and conclude a 协查, 就医地
to answer it; either to raise or work a ticket); a hospital acts as itself and sees only its own
tickets and inspections. The rules — only the addressed 就医地 answers, a deadline after today, an
amount within the fund part — are the domain's, refused with the one error model.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from yidi.domain.actors import Actor
from yidi.domain.errors import InvalidInput
from yidi.domain.supervision.parties import Party
from yidi.entrypoints.api.audit import Region, hospital_scope, require_staff
from yidi.entrypoints.api.deps import ActorDep, UowDep
from yidi.service_layer import supervision_work as sw
from yidi.service_layer import supervision_xiecha as sx

router = APIRouter(prefix="/api/v1/audit", tags=["audit 基金监管"])
Result = dict[str, Any]


class OpenBody(BaseModel):
    setl_id: str
    questions: list[str]
    deadline: str | None = Field(None, description="答复期限 YYYY-MM-DD，默认30日")
    agency_region: Region = Field(..., description="参保地统筹区")


class AnswerBody(BaseModel):
    findings: str
    attachments: list[str] = Field(default_factory=list)
    suspected_fen: int = 0
    agency_region: Region = Field(..., description="就医地统筹区")


class ConfirmBody(BaseModel):
    amount_fen: int
    reason: str = ""
    agency_region: Region


class AgencyBody(BaseModel):
    agency_region: Region


class TicketBody(BaseModel):
    kind: str = Field(..., description="settlement_failure / filing_mismatch / fee_dispute / system")
    subject: str
    addressed_kind: str = Field(..., description="agency / hospital")
    addressed_code: str
    setl_id: str | None = None
    filing_id: str | None = None
    msgid: str | None = None
    agency_region: str | None = Field(None, pattern=r"^\d{6}$", description="经办人员代表的统筹区")


class StepBody(BaseModel):
    note: str = ""
    agency_region: str | None = Field(None, pattern=r"^\d{6}$")


class PlanBody(BaseModel):
    hospital_code: str
    kind: str = Field(..., description="routine / special / key / flying / expert")
    planned_on: str
    institution_kind: str = "hospital"


class FindingBody(BaseModel):
    item: str
    compliant: bool
    note: str = ""
    deduction_ids: list[str] = Field(default_factory=list)


class CompleteBody(BaseModel):
    done_on: str


def _agency(actor: Actor, region: str | None) -> Party:
    require_staff(actor)
    if not region:
        raise InvalidInput.of("agency_region", "请填写经办机构所在统筹区", "agency_region required")
    return Party.agency(region, actor.user)


def _as_party(actor: Actor, region: str | None) -> Party:
    """A hospital as itself; staff as the agency of ``region``."""
    own = hospital_scope(actor)
    return Party.hospital(own, actor.user) if own is not None else _agency(actor, region)


@router.post("/xiecha/cases", summary="参保地发起协查")
def open_case(body: OpenBody, uow: UowDep, actor: ActorDep) -> Result:
    data = body.model_dump()
    return sx.open_case(uow, _agency(actor, data.pop("agency_region")), data)


@router.get("/xiecha/cases", summary="协查列表（本统筹区发起或被协查的）")
def list_cases(
    uow: UowDep, actor: ActorDep, region: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    status: Annotated[str | None, Query()] = None,
) -> Result:  # fmt: skip
    require_staff(actor)
    return {"items": sx.cases(uow, region, status)}


@router.get("/xiecha/cases/{case_id}", summary="一件协查")
def get_case(case_id: str, uow: UowDep, actor: ActorDep) -> Result:
    require_staff(actor)
    return sx.get(uow, case_id)


@router.post("/xiecha/cases/{case_id}/answer", summary="就医地答复协查")
def answer_case(case_id: str, body: AnswerBody, uow: UowDep, actor: ActorDep) -> Result:
    data = body.model_dump()
    return sx.answer(uow, case_id, _agency(actor, data.pop("agency_region")), data)


@router.post("/xiecha/cases/{case_id}/confirm", summary="参保地确认违规（扣除并返还参保地）")
def confirm_case(case_id: str, body: ConfirmBody, uow: UowDep, actor: ActorDep) -> Result:
    data = body.model_dump()
    return sx.confirm(uow, case_id, _agency(actor, data.pop("agency_region")), data)


@router.post("/xiecha/cases/{case_id}/clear", summary="参保地排除疑点")
def clear_case(case_id: str, body: AgencyBody, uow: UowDep, actor: ActorDep) -> Result:
    return sx.clear(uow, case_id, _agency(actor, body.agency_region))


@router.post("/xiecha/escalate", summary="逾期协查督办（每日）")
def escalate(uow: UowDep, actor: ActorDep) -> Result:
    require_staff(actor)
    return {"escalated": sx.escalate_overdue(uow)}


@router.post("/tickets", summary="发起问题协同")
def raise_ticket(body: TicketBody, uow: UowDep, actor: ActorDep) -> Result:
    data = body.model_dump()
    return sw.raise_ticket(uow, _as_party(actor, data.pop("agency_region")), data)


@router.get("/tickets", summary="问题协同列表（医疗机构只见本机构的）")
def list_tickets(
    uow: UowDep, actor: ActorDep, region: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None
) -> Result:
    own = hospital_scope(actor)
    party = Party.hospital(own, actor.user) if own else (Party.agency(region, actor.user) if region else None)
    return {"items": sw.tickets(uow, party)}


@router.get("/tickets/{ticket_id}", summary="一件问题协同及其处理记录")
def get_ticket(ticket_id: str, uow: UowDep, actor: ActorDep) -> Result:
    own = hospital_scope(actor)
    return sw.ticket(uow, ticket_id, Party.hospital(own, actor.user) if own else None)


@router.post("/tickets/{ticket_id}/{action}", summary="响应、处理、办结、关闭、重新打开")
def step_ticket(ticket_id: str, action: str, body: StepBody, uow: UowDep, actor: ActorDep) -> Result:
    return sw.act(uow, ticket_id, action, _as_party(actor, body.agency_region), body.note)


@router.post("/inspections", summary="制定检查计划")
def plan(body: PlanBody, uow: UowDep, actor: ActorDep) -> Result:
    require_staff(actor)
    return sw.plan(uow, body.model_dump(), actor.user)


@router.get("/inspections", summary="年度检查计划与每年不少于一次指标（医疗机构只见本机构的）")
def list_inspections(year: Annotated[int, Query(ge=2000, le=2100)], uow: UowDep, actor: ActorDep) -> Result:
    return sw.inspections(uow, year, hospital_scope(actor))


@router.post("/inspections/{inspection_id}/findings", summary="记录检查事项结果")
def finding(inspection_id: str, body: FindingBody, uow: UowDep, actor: ActorDep) -> Result:
    require_staff(actor)
    return sw.record(uow, inspection_id, body.model_dump(), actor.user)


@router.post("/inspections/{inspection_id}/complete", summary="完成检查")
def complete(inspection_id: str, body: CompleteBody, uow: UowDep, actor: ActorDep) -> Result:
    require_staff(actor)
    return sw.complete(uow, inspection_id, body.done_on, actor.user)


