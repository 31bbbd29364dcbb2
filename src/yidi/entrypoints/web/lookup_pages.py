"""Who is covered where: the hospital desk's patient lookup and the insured person's coverage check.

Both ask ``queries.eligibility`` (filing status, category, basis, benefits, reasons with clauses);
the hospital asks for its own institution, the person for a city or a hospital code.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from yidi.domain.accounts import WebRole, WebUser
from yidi.domain.actors import Channel
from yidi.domain.errors import NotFound, YidiError
from yidi.domain.national.certificates import E_VOUCHER, resolve_certificate
from yidi.entrypoints.web.common import Desk, Insured, actor, render, uow
from yidi.entrypoints.web.errors import form_errors
from yidi.entrypoints.web.insured_pages import _id_number
from yidi.entrypoints.web.places import place_code
from yidi.service_layer import e_vouchers, queries

router = APIRouter(prefix="/ui", include_in_schema=False)


def _check(
    request: Request,
    user: WebUser,
    id_number: str,
    region: str,
    hospital: str,
    care: str,
    channel: Channel,
    fields: tuple[str, ...],
    rename: Callable[[str], str] | None = None,
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    who = actor(user, channel)
    u = uow(request)
    try:
        code = place_code(region, "region") if region else None  # 大连, dalian or 210200
        answer = queries.eligibility(
            u, id_number, u.clock(), region=code, hospital=hospital or None, care=care, actor=who
        )
    except YidiError as exc:
        return None, form_errors(exc, fields, rename)
    return answer, {}


CERT_TYPES = (("02", "居民身份证"), ("03", "社会保障卡"), ("01", "医保电子凭证"))
PATIENT_FIELDS = ("cert_no", "region")


@router.get("/desk/patient", response_class=HTMLResponse)
def patient(
    request: Request,
    user: Desk,
    cert_no: str = "",
    cert_type: str = "02",
    id_number: str = "",
    region: str = "",
    care: str = "inpatient",
) -> Response:
    """Patient lookup by 就诊凭证 (ID card, social security card; ``id_number`` is the ID card's
    shortcut for links): person, filings and coverage at this hospital today."""
    hospital = user.hospital_code or "" if user.role is WebRole.HOSPITAL else ""
    number = (cert_no or id_number).strip()
    person, filings = None, []
    answer: dict[str, Any] | None = None
    errors: dict[str, str] = {}
    if number or cert_type == E_VOUCHER:
        who = actor(user, Channel.HOSPITAL_ADMISSION if hospital else Channel.COUNTER)
        try:
            idn = resolve_certificate(cert_type, number, "cert_no", e_voucher=e_vouchers.verify).value
            person = queries.get_person(uow(request), idn, actor=who)
            filings = queries.list_filings(uow(request), idn, actor=who)
        except NotFound:
            errors = {"cert_no": f"未查询到此{dict(CERT_TYPES)[cert_type]}号码的参保登记，请核对后重试"}
        except YidiError as exc:  # whatever the certificate's problem, it is the number field's
            errors = form_errors(exc, PATIENT_FIELDS, rename=lambda _: "cert_no")
        if person is not None and (hospital or region):
            answer, errors = _check(
                request, user, idn, region, hospital, care, who.channel, PATIENT_FIELDS,
                rename=lambda f: "cert_no" if f in ("id_number", "") else f,
            )  # fmt: skip
    return render(
        request, "desk/patient.html", cert_no=number, cert_type=cert_type, cert_types=CERT_TYPES, region=region,
        care=care, hospital=hospital, person=person, filings=filings, answer=answer, errors=errors,
        today=date.today(),
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
            request, user, _id_number(user), region.strip(), hospital.strip(), care, Channel.SELF_SERVICE,
            ("region", "hospital"),
        )  # fmt: skip
    return render(
        request, "me/coverage.html", region=region, hospital=hospital, care=care, answer=answer, errors=errors
    )
