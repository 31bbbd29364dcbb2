"""本机构患者 (a hospital's patients): the relation ``domain.access`` asks about when a hospital
reads a person's history, claims or claw-back (see docs/filing.md "Who sees and does what")."""

from __future__ import annotations

from collections.abc import Callable

from yidi.domain.actors import Actor
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork


def is_patient(uow: SqlAlchemyUnitOfWork, hospital_code: str, id_number: str) -> bool:
    """本机构患者: a visit at the hospital, a filing it made (through the national interface as
    its code, or through one of its accounts), or a filing naming it as outpatient or chronic-disease
    hospital (``uow.patients``). Runs inside the caller's open unit of work."""
    return uow.patients.is_patient(hospital_code, id_number)


def patient_check(uow: SqlAlchemyUnitOfWork, actor: Actor | None, id_number: str) -> Callable[[], bool]:
    """The lazy "is this the hospital's patient?" question ``domain.access`` asks when it must."""
    code = actor.subject if actor is not None else None
    return lambda: code is not None and is_patient(uow, code, id_number)
