"""Who is covered where: the hospital desk's patient lookup and the insured person's coverage check.

Both ask ``queries.eligibility`` (filing status, category, basis, benefits, reasons with clauses);
the hospital asks for its own institution, the person for a city or a hospital code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from yidi.domain.filing.channels import Channel
from yidi.entrypoints.web.common import REFUSALS, Desk, Insured, actor, errors_of, render, uow
from yidi.entrypoints.web.insured_pages import _id_number
from yidi.service_layer import queries
from yidi.service_layer.web_users import WebRole, WebUser

router = APIRouter(prefix="/ui", include_in_schema=False)


def _check(
    request: Request, user: WebUser, id_number: str, region: str, hospital: str, care: str, channel: Channel
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    who = actor(user, channel)
    u = uow(request)
    try:
        answer = queries.eligibility(
            u, id_number, u.clock(), region=region or None, hospital=hospital or None, care=care, actor=who
        )
    except REFUSALS as exc:
        return None, {("id_number" if k in ("id_number", "_") else k): v for k, v in errors_of(exc).items()}
    return answer, {}


@router.get("/desk/patient", response_class=HTMLResponse)
def patient(
    request: Request, user: Desk, id_number: str = "", region: str = "", care: str = "inpatient"
) -> Response:
    """Patient lookup by ID number: person, filings and coverage at this hospital today."""
    hospital = user.hospital_code or "" if user.role is WebRole.HOSPITAL else ""
    person, filings = None, []
    answer: dict[str, Any] | None = None
    errors: dict[str, str] = {}
    if id_number.strip():
        idn = id_number.strip()
        who = actor(user, Channel.HOSPITAL_ADMISSION if hospital else Channel.COUNTER)
        try:
            person = queries.get_person(uow(request), idn, actor=who)
            filings = queries.list_filings(uow(request), idn, actor=who)
        except REFUSALS as exc:
            errors = {"id_number": next(iter(errors_of(exc).values()))}
        if person is not None and (hospital or region):
            answer, errors = _check(request, user, idn, region, hospital, care, who.channel)
    return render(
        request, "desk/patient.html", id_number=id_number, region=region, care=care, hospital=hospital,
        person=person, filings=filings, answer=answer, errors=errors, today=date.today(),
    )  # fmt: skip


@router.get("/me/coverage", response_class=HTMLResponse)
def coverage(
    request: Request, user: Insured, region: str = "", hospital: str = "", care: str = "inpatient"
) -> Response:
    """Coverage today for a city or a hospital ("can I be treated there?")."""
    answer: dict[str, Any] | None = None
    errors: dict[str, str] = {}
    if region.strip() or hospital.strip():
        answer, errors = _check(
            request, user, _id_number(user), region.strip(), hospital.strip(), care, Channel.SELF_SERVICE
        )
    return render(
        request, "me/coverage.html", region=region, hospital=hospital, care=care, answer=answer, errors=errors
    )
