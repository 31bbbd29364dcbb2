"""Supervision routes under ``/api/v1/audit`` (基金监管), the same use cases as ``yidi audit``.

Staff run the month's review (``POST /run`` → exactly the CLI's JSON), list the 协查 candidates,
work the queue of their agency's region and decide (accept / deduct / refer; a second reviewer
approves a large deduction). A staff member acts for the agency of ``agency_region`` (the
就医地 whose bills they review). A hospital sees only its own hits and settlements' reviews;
citizens see nothing here. Refusals are the one error model (409 with rule and clause, 422 for
bad input, 403 for another's records, 404 for what does not exist).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from yidi.domain.access import AccessDenied
from yidi.domain.actors import Actor, Role
from yidi.domain.supervision.parties import Party
from yidi.entrypoints.api.deps import ActorDep, UowDep
from yidi.service_layer import supervision_decisions as sd
from yidi.service_layer import supervision_review as sr
from yidi.service_layer import supervision_screening as ss

router = APIRouter(prefix="/api/v1/audit", tags=["audit 基金监管"])
Result = dict[str, Any]
Region = Annotated[str, Field(pattern=r"^\d{6}$", description="经办机构所在统筹区（就医地）6位代码")]


class RunBody(BaseModel):
    month: str = Field(..., description="结算月份 YYYY-MM")
    today: str | None = Field(None, description="按此日期运行（YYYY-MM-DD），默认今天")


class DecisionBody(BaseModel):
    key: str = Field(..., max_length=64, description="请求编号：同一编号重复提交得到同一结论")
    setl_id: str
    outcome: str = Field(..., description="accept 审核通过 / deduct 扣除 / refer 移交核查检查")
    amount_fen: int = Field(0, description="扣除金额（分）")
    reason: str = Field("", max_length=500)
    rule: str = Field("", max_length=10, description="扣除所依据的审核规则编码")
    feedetl_sn: str | None = Field(None, description="针对某一费用明细时填写")
    agency_region: Region


class ApproveBody(BaseModel):
    agency_region: Region


def require_staff(actor: Actor) -> None:
    if actor.role not in (Role.STAFF, Role.SYSTEM):
        raise AccessDenied("只有经办机构工作人员可以办理基金监管业务", f"{actor} is not agency staff",
                           rule="access.supervision_staff")  # fmt: skip


def hospital_scope(actor: Actor) -> str | None:
    """None for staff (everything), the institution code for a hospital; citizens are refused."""
    if actor.role is Role.HOSPITAL:
        if not actor.subject:
            raise AccessDenied("此账号未关联医疗机构编码", f"{actor} has no institution code",
                               rule="access.no_subject")  # fmt: skip
        return actor.subject
    require_staff(actor)
    return None


@router.post("/run", summary="运行某月审核规则（可重复运行）")
def run(body: RunBody, uow: UowDep, actor: ActorDep) -> Result:
    require_staff(actor)
    from yidi.domain.filing.dates import parse_date

    today = parse_date(body.today, "today") if body.today else None
    return sr.run_month(uow, sr.parse_month(body.month), today=today)


@router.get("/xiecha", summary="某月协查对象（跨省住院3万元以上）")
def xiecha(month: Annotated[str, Query(description="YYYY-MM")], uow: UowDep, actor: ActorDep) -> Result:
    require_staff(actor)
    return sr.xiecha_candidates(uow, month)


@router.get("/hits", summary="某月审核命中（医疗机构只见本机构）")
def hits(
    month: Annotated[str, Query(description="YYYY-MM")], uow: UowDep, actor: ActorDep,
    hospital_code: Annotated[str | None, Query()] = None,
) -> Result:  # fmt: skip
    own = hospital_scope(actor)
    return {"hits": sr.month_hits(uow, sr.parse_month(month), own or hospital_code)}


@router.get("/queue", summary="人工审核队列")
def queue(
    uow: UowDep, actor: ActorDep, region: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    status: Annotated[str | None, Query()] = "pending",
) -> Result:  # fmt: skip
    require_staff(actor)
    return {"items": sd.queue(uow, region, status or None)}


@router.get("/settlements/{setl_id}", summary="一笔结算的审核情况")
def settlement(setl_id: str, uow: UowDep, actor: ActorDep) -> Result:
    return sd.settlement_review(uow, setl_id, hospital=hospital_scope(actor))


@router.post("/decisions", summary="审核结论：通过、扣除、移交")
def decide(body: DecisionBody, uow: UowDep, actor: ActorDep) -> Result:
    require_staff(actor)
    data = body.model_dump()
    return sd.decide(uow, Party.agency(data.pop("agency_region"), actor.user), data)


@router.post("/decisions/{decision_id}/approve", summary="复核大额扣除（须另一名经办人员）")
def approve(decision_id: str, body: ApproveBody, uow: UowDep, actor: ActorDep) -> Result:
    require_staff(actor)
    return sd.approve(uow, decision_id, Party.agency(body.agency_region, actor.user))


@router.get("/ratio", summary="某月审核率（已审核 ÷ 异地结算，目标 1.00）")
def ratio(month: Annotated[str, Query(description="YYYY-MM")], uow: UowDep, actor: ActorDep) -> Result:
    require_staff(actor)
    return sr.month_ratio(uow, month)


@router.post("/sampling", summary="分层抽样（同一医院同一月份抽中的相同）；extrapolate=true 外推差错率与追回额")
def sampling(
    hospital_code: Annotated[str, Query()], month: Annotated[str, Query(description="YYYY-MM")], uow: UowDep,
    actor: ActorDep, size: Annotated[int, Query(ge=0, le=10_000)] = 30, extrapolate: bool = False,
) -> Result:  # fmt: skip
    require_staff(actor)
    return (ss.extrapolate if extrapolate else ss.sample)(uow, hospital_code, month, size)


@router.post("/screen", summary="异常筛查（结果进入审核队列）")
def screen(body: RunBody, uow: UowDep, actor: ActorDep) -> Result:
    require_staff(actor)
    return ss.screen_month(uow, body.month)
