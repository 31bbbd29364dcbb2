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
from yidi.domain.filing.categories import LABELS_ZH, Category, TemporaryReason
from yidi.domain.filing.channels import COUNTER_FORM_FIELDS, COUNTER_FORM_REQUIRED
from yidi.domain.filing.creation import MaterialIn, NewFiling
from yidi.domain.filing.materials import LABELS_ZH as MATERIALS_ZH
from yidi.domain.filing.materials import MaterialKind
from yidi.entrypoints.web.common import REFUSALS, Form, Staff, actor, errors_of, optional_date, render, uow
from yidi.service_layer import filing_services

router = APIRouter(prefix="/ui/staff/counter", include_in_schema=False)


def _page(request: Request, status_code: int = 200, **ctx: Any) -> Response:
    return render(
        request, "staff/counter.html", status_code=status_code, categories=LABELS_ZH,
        reasons=list(TemporaryReason), materials=MATERIALS_ZH, form_fields=COUNTER_FORM_FIELDS,
        form_required=COUNTER_FORM_REQUIRED, **ctx,
    )  # fmt: skip


@router.get("", response_class=HTMLResponse)
def counter_page(request: Request, user: Staff) -> Response:
    return _page(request)


def counter_filing(form: dict[str, Any]) -> tuple[NewFiling | None, dict[str, str]]:
    """The posted 附件1 form → ``NewFiling``; unparseable fields named."""
    errors: dict[str, str] = {}
    category = None
    try:
        category = Category(str(form.get("category", "")))
    except ValueError:
        errors["category"] = "请选择备案类别"
    start = optional_date(form, "start_date", errors)
    ticked = form.get("materials", [])
    kinds = ticked if isinstance(ticked, list) else [ticked] if ticked else []
    if errors or category is None:
        return None, errors
    reason = str(form.get("temporary_reason") or "")
    return NewFiling(
        category=category,
        treatment_region=str(form.get("treatment_region", "")).strip(),
        temporary_reason=TemporaryReason(reason) if reason else None,
        start_date=start,
        outpatient_hospital=str(form.get("outpatient_hospital") or "").strip() or None,
        materials=tuple(MaterialIn(MaterialKind(k)) for k in kinds),
        sign_commitment=form.get("sign_commitment") == "yes",
        form={
            k: str(form.get(f"form.{k}", "")).strip() for k in COUNTER_FORM_FIELDS if form.get(f"form.{k}")
        },
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
    except REFUSALS as exc:
        return _page(request, 422, values=form, errors=errors_of(exc))
    return _page(request, values={}, result=result)
