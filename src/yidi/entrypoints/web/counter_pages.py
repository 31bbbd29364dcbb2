"""Window filing at the agency counter (窗口办理) with the fields of the 附件1 form
(辽宁省省直基本医疗保险异地就医申请（取消）表).

The clerk records the person's ID number, the category and place, the materials seen, and the
form's fields; ``filing_services.file`` with the counter channel decides (active, draft awaiting
materials, or a commitment when the person signs one) and names what is missing.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from yidi.domain.actors import Channel
from yidi.domain.errors import YidiError
from yidi.domain.filing.categories import LABELS_ZH, Category, TemporaryReason
from yidi.domain.filing.channels import COUNTER_FORM_FIELDS, COUNTER_FORM_REQUIRED, check_counter_form
from yidi.domain.filing.creation import MaterialIn, NewFiling, check_fields
from yidi.domain.filing.materials import LABELS_ZH as MATERIALS_ZH
from yidi.domain.filing.materials import MaterialKind
from yidi.domain.filing.places import check_hospital
from yidi.domain.identifiers import parse_id_number
from yidi.entrypoints.web.common import Form, Staff, actor, choice, optional_date, render, uow
from yidi.entrypoints.web.errors import check, form_errors, ordered
from yidi.entrypoints.web.places import place
from yidi.service_layer import filing_services

router = APIRouter(prefix="/ui/staff/counter", include_in_schema=False)


def _page(request: Request, status_code: int = 200, **ctx: Any) -> Response:
    return render(
        request, "staff/counter.html", status_code=status_code, categories=LABELS_ZH,
        materials=MATERIALS_ZH, form_fields=COUNTER_FORM_FIELDS,
        form_required=COUNTER_FORM_REQUIRED, **ctx,
    )  # fmt: skip


@router.get("", response_class=HTMLResponse)
def counter_page(request: Request, user: Staff) -> Response:
    return _page(request)


FIELDS = (
    "id_number", "category", "treatment_region", "start_date", "temporary_reason", "outpatient_hospital",
    "materials", "form", *(f"form.{k}" for k in COUNTER_FORM_FIELDS), "sign_commitment",
)  # fmt: skip


def counter_filing(form: dict[str, Any]) -> tuple[NewFiling | None, dict[str, str]]:
    """The posted 附件1 form → ``NewFiling``; every field problem at once: the ID number, what
    cannot be parsed, and the domain's checks of the place, the hospital and the 附件1 fields."""
    errors: dict[str, str] = {}
    check(errors, FIELDS, lambda: parse_id_number(str(form.get("id_number", "")).strip(), "id_number"), None)
    category = choice(form, "category", Category, errors, "请选择备案类别", required=True)
    reason = choice(form, "temporary_reason", TemporaryReason, errors, "请选择临时外出原因")
    start = optional_date(form, "start_date", errors)
    ticked = form.get("materials", [])
    try:
        kinds = [
            MaterialKind(k) for k in (ticked if isinstance(ticked, list) else [ticked] if ticked else [])
        ]
    except ValueError:
        kinds, errors["materials"] = [], "未知的材料类型"
    region = place(form, "treatment_region", errors, FIELDS)
    outpatient = str(form.get("outpatient_hospital") or "").strip() or None
    sheet = {k: str(form.get(f"form.{k}", "")).strip() for k in COUNTER_FORM_FIELDS if form.get(f"form.{k}")}
    if region is None:  # the place's problem is beside its field; the rest is still checked
        check(errors, FIELDS, lambda: check_counter_form(sheet), None)
        check(errors, FIELDS, lambda: check_hospital(outpatient, None, "outpatient_hospital"), None)
    else:
        check(errors, FIELDS, lambda: check_fields(region, outpatient, form=sheet), None)
    if errors or category is None or region is None:
        return None, ordered(errors, FIELDS)
    return NewFiling(
        category=category,
        treatment_region=region,
        temporary_reason=reason,
        start_date=start,
        outpatient_hospital=outpatient,
        materials=tuple(MaterialIn(k) for k in kinds),
        sign_commitment=form.get("sign_commitment") == "yes",
        form=sheet,
    ), {}


@router.post("", response_class=HTMLResponse)
def counter_file(request: Request, user: Staff, form: Form) -> Response:
    cmd, errors = counter_filing(form)
    id_number = str(form.get("id_number", "")).strip()
    if cmd is None:
        return _page(request, 422, values=form, errors=errors)
    try:
        result = filing_services.file(
            uow(request), actor(user, Channel.COUNTER), id_number, cmd,
            request_id=str(form.get("request_id") or "") or None,
        )  # fmt: skip
    except YidiError as exc:
        return _page(request, 422, values=form, errors=form_errors(exc, FIELDS))
    return _page(request, values={}, result=result)
