"""Manual reimbursement routes under ``/api/v1/claims`` (手工报销).

Insured people (or the employer's agent) read the complete materials of a type before they
submit, submit, hand in what the one-time notice asked for, follow the claim and withdraw it;
staff work the queue: accept, return once, review, approve (a second person), reject with reason
and clause, pay, and see the overdue list. Refusals are 409 with the rule and the clause.
Include with ``app.include_router(claims_routes.router)`` in ``create_app()``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from yidi.domain.identifiers import parse_id_number
from yidi.entrypoints.api.deps import MAX_OFFSET, ActorDep, UowDep
from yidi.service_layer import claims_services as cs

router = APIRouter(prefix="/api/v1/claims", tags=["claims 手工报销"])
Result = dict[str, Any]


class ClaimBody(BaseModel):
    id_number: str = Field(..., description="公民身份号码")
    claim_type: str = Field(..., description="inpatient_emergency, inpatient_relief, emergency_outpatient, …")
    bill: dict[str, Any] | None = Field(
        None,
        description="票据拆分金额（元，字符串两位小数）：medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, "
        "preselfpay_amt, inscp_scp_amt；hosp_lv, treatment_region, care_start, care_end, hospital_code",
    )
    evidence: dict[str, Any] | None = Field(
        None, description="急危重病证据：disease, facts, outcome (admitted/died)"
    )
    filing_id: str | None = None
    refund_year: int | None = Field(None, ge=2000, le=2100, description="个人账户返还年度")
    materials: list[str] = Field(default_factory=list, description="已交材料（一次性告知清单中的代码）")
    request_id: str | None = Field(None, max_length=100, description="客户端请求号，重试幂等")


class ReturnBody(BaseModel):
    problems: list[str] = Field(default_factory=list, description="已交但不合格、须重新提交的材料")
    note: str = Field("", max_length=500)


class MaterialsBody(BaseModel):
    materials: list[str]


class ReviewBody(BaseModel):
    evidence: dict[str, Any] | None = Field(
        None, description="审核时按病历录入的急危重病事实（替换提交时的）"
    )
    refund_fen: int | None = Field(None, ge=0, description="个人账户返还金额（分）")
    treat_undetermined_as_not_met: bool = False


class RejectBody(BaseModel):
    reason_zh: str = Field("", max_length=500)
    reason_en: str = Field("", max_length=500)
    clause: str = Field("", max_length=300, description="依据条款；留空则采用审核结论的理由和条款")


class NoteBody(BaseModel):
    note: str = Field("", max_length=500)
    request_id: str | None = Field(None, max_length=100)


@router.get("/types")
def types() -> list[Result]:
    """报销类型、适用统筹区与一次性告知材料清单."""
    return cs.describe_types()


@router.get("/types/{claim_type}/materials")
def materials(claim_type: str) -> Result:
    """某类报销所需的全部材料（提交前一次性告知）."""
    return cs.describe_materials(claim_type)


@router.post("", status_code=201)
def submit(body: ClaimBody, actor: ActorDep, uow: UowDep) -> Result:
    idn = parse_id_number(body.id_number, "id_number").value
    return cs.submit_claim(
        uow, actor, idn, claim_type=body.claim_type, bill=body.bill, evidence=body.evidence,
        filing_id=body.filing_id, refund_year=body.refund_year, materials=body.materials, request_id=body.request_id,
    )  # fmt: skip


@router.get("")
def queue(
    uow: UowDep,
    actor: ActorDep,
    status: str | None = None,
    id_number: str | None = None,
    claim_type: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> list[Result]:
    """待办队列（按状态，经办人员）或某人的报销申请（参保人只见本人的）."""
    return cs.list_claims(
        uow, status=status, id_number=id_number, claim_type=claim_type, limit=limit, offset=offset, actor=actor,
    )  # fmt: skip


@router.get("/overdue")
def overdue(uow: UowDep, actor: ActorDep, today: date | None = None) -> Result:
    """超过承诺办结日期的申请（最久的在前；经办人员）."""
    return cs.overdue_claims(uow, today, actor=actor)


@router.post("/jobs/release-holds")
def release_holds(actor: ActorDep, uow: UowDep) -> Result:
    """每日任务：备案材料已补齐的承诺制申请恢复审核并起算承诺日期."""
    return cs.release_holds(uow, actor)


@router.get("/{claim_id}")
def get(claim_id: str, actor: ActorDep, uow: UowDep) -> Result:
    """申请、回执（一次性告知）、金额与说明、历史."""
    return cs.get_claim(uow, claim_id, actor=actor)


@router.get("/{claim_id}/history")
def history(claim_id: str, actor: ActorDep, uow: UowDep) -> list[Result]:
    """谁、何渠道、何时、由何状态到何状态、为何、依据条款."""
    return cs.claim_history(uow, claim_id, actor=actor)


@router.post("/{claim_id}/accept")
def accept(claim_id: str, actor: ActorDep, uow: UowDep) -> Result:
    return cs.accept_claim(uow, actor, claim_id)


@router.post("/{claim_id}/return")
def return_(claim_id: str, body: ReturnBody, actor: ActorDep, uow: UowDep) -> Result:
    """退回补正（至多一次，一次列全）."""
    return cs.return_claim(uow, actor, claim_id, problems=body.problems, note=body.note)


@router.post("/{claim_id}/materials")
def resubmit(claim_id: str, body: MaterialsBody, actor: ActorDep, uow: UowDep) -> Result:
    return cs.resubmit_claim(uow, actor, claim_id, body.materials)


@router.post("/{claim_id}/review")
def review(claim_id: str, body: ReviewBody, actor: ActorDep, uow: UowDep) -> Result:
    return cs.review_claim(
        uow, actor, claim_id, evidence=body.evidence, refund_fen=body.refund_fen,
        treat_undetermined_as_not_met=body.treat_undetermined_as_not_met,
    )  # fmt: skip


@router.post("/{claim_id}/approve")
def approve(claim_id: str, actor: ActorDep, uow: UowDep) -> Result:
    return cs.approve_claim(uow, actor, claim_id)


@router.post("/{claim_id}/reject")
def reject(claim_id: str, body: RejectBody, actor: ActorDep, uow: UowDep) -> Result:
    return cs.reject_claim(
        uow, actor, claim_id, reason_zh=body.reason_zh, reason_en=body.reason_en, clause=body.clause
    )


@router.post("/{claim_id}/pay")
def pay(claim_id: str, body: NoteBody, actor: ActorDep, uow: UowDep) -> Result:
    return cs.pay_claim(uow, actor, claim_id, request_id=body.request_id)


@router.post("/{claim_id}/withdraw")
def withdraw(claim_id: str, body: NoteBody, actor: ActorDep, uow: UowDep) -> Result:
    return cs.withdraw_claim(uow, actor, claim_id, body.note)
