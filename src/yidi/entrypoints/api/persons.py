"""Insured persons (参保人员) under ``/api/v1/persons``."""

from __future__ import annotations

from fastapi import APIRouter

from yidi.entrypoints.api.deps import ActorDep, UowDep
from yidi.entrypoints.api.schemas import PersonBody, PersonStatusBody
from yidi.service_layer import person_services as ps
from yidi.service_layer import queries as q
from yidi.service_layer.filing_services import Result

router = APIRouter(prefix="/api/v1", tags=["persons 参保人员"])


@router.put("/persons/{id_number}")
def put_person(id_number: str, body: PersonBody, actor: ActorDep, uow: UowDep) -> Result:
    """登记或更新参保人员（身份证号按 GB 11643 校验）."""
    return ps.register_person(uow, actor, id_number=id_number, **body.model_dump())


@router.post("/persons/{id_number}/status")
def person_status(id_number: str, body: PersonStatusBody, actor: ActorDep, uow: UowDep) -> Result:
    """参保状态变更：退休、暂停、恢复、终止，同步更新备案 (辽社险办〔2017〕29号 第十三条(二))."""
    return ps.change_status(uow, actor, id_number, body.event, request_id=body.request_id)


@router.get("/persons/{id_number}")
def get_person(id_number: str, actor: ActorDep, uow: UowDep) -> Result:
    return q.get_person(uow, id_number, actor=actor)


@router.get("/persons/{id_number}/history")
def person_history(id_number: str, actor: ActorDep, uow: UowDep) -> list[Result]:
    return q.person_history(uow, id_number, actor=actor)
