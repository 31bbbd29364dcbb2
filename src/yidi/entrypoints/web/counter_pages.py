"""Window filing at the agency counter (窗口办理) with the fields of the 附件1 form
(辽宁省省直基本医疗保险异地就医申请（取消）表), in the order a clerk works:

1. look the person up by ID number (the name is shown; a draft of theirs can be finished);
2. choose the category — the form then lists that category's materials only;
3. fill in the place, the materials seen and the 附件1 fields, then check the answers;
4. confirm: ``counter_filing.file_at_counter`` files (active, a draft awaiting materials, or a
   commitment when the person signs one) or finishes the person's draft of the same category
   and place. A draft is shown in amber as 草稿, never as a success.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from yidi.domain.actors import Channel
from yidi.domain.errors import YidiError
from yidi.domain.filing.categories import LABELS_ZH, Category, TemporaryReason, is_long_term
from yidi.domain.filing.channels import COUNTER_FORM_FIELDS, COUNTER_FORM_REQUIRED, check_counter_form
from yidi.domain.filing.creation import MaterialIn, NewFiling, check_fields
from yidi.domain.filing.materials import LABELS_ZH as MATERIALS_ZH
from yidi.domain.filing.materials import MaterialKind
from yidi.domain.filing.places import check_hospital
from yidi.domain.identifiers import parse_id_number
from yidi.entrypoints.web.common import Form, Staff, actor, choice, optional_date, render, uow
from yidi.entrypoints.web.errors import check, form_errors, ordered
from yidi.entrypoints.web.places import place
from yidi.service_layer import counter_filing, queries

router = APIRouter(prefix="/ui/staff/counter", include_in_schema=False)


def _page(request: Request, user: Any, status_code: int = 200, **ctx: Any) -> Response:
    """The counter page for the person and category in ``values`` (looked up here, so every
    answer — a refusal too — shows who is being served and that category's materials)."""
    values: dict[str, Any] = ctx.setdefault("values", {})
    errors: dict[str, str] = ctx.setdefault("errors", {})
    id_number = str(values.get("id_number", "")).strip()
    person, drafts, terms = None, [], None
    if id_number and "id_number" not in errors:
        who = actor(user, Channel.COUNTER)
        try:
            person = queries.get_person(uow(request), id_number, actor=who)
            drafts = [
                f for f in queries.list_filings(uow(request), id_number, actor=who) if f["status"] == "draft"
            ]
        except YidiError as exc:  # an unknown number: beside the field
            errors.update(form_errors(exc, ("id_number",), rename=lambda _: "id_number"))
    category = str(values.get("category") or "")
    if person is not None and category in {c.value for c in Category}:
        terms = counter_filing.category_terms(uow(request), str(person["insured_region"]), Category(category))
    elif errors and request.method == "POST":  # a refused form keeps every field its errors name
        terms = {"groups": [{"kinds": [str(k)], "label": v} for k, v in MATERIALS_ZH.items()], "commitment": True}
    return render(
        request, "staff/counter.html", status_code=status_code, categories=LABELS_ZH,
        materials=MATERIALS_ZH, form_fields=COUNTER_FORM_FIELDS, form_required=COUNTER_FORM_REQUIRED,
        person=person, drafts=drafts, terms=terms, long_term=bool(category) and category in LONG_TERM, **ctx,
    )  # fmt: skip


LONG_TERM = {c.value for c in Category if is_long_term(c)}


@router.get("", response_class=HTMLResponse)
def counter_page(
    request: Request, user: Staff, id_number: str = "", category: str = "", treatment_region: str = ""
) -> Response:
    values = {"id_number": id_number, "category": category, "treatment_region": treatment_region}
    return _page(request, user, values=values)


FIELDS = (
    "id_number", "category", "treatment_region", "start_date", "temporary_reason", "outpatient_hospital",
    "materials", "form", *(f"form.{k}" for k in COUNTER_FORM_FIELDS), "sign_commitment",
)  # fmt: skip


def counter_filing_form(form: dict[str, Any]) -> tuple[NewFiling | None, dict[str, str]]:
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
    """Check the answers first (``confirm`` absent: the check page, or back to the form with
    ``edit``); file only once the clerk confirms them."""
    cmd, errors = counter_filing_form(form)
    if cmd is None or form.get("edit"):
        return _page(
            request, user, 422 if errors and not form.get("edit") else 200, values=form, errors=errors
        )
    if form.get("confirm") != "yes":
        return _page(request, user, values=form, checking=True, place_code=cmd.treatment_region)
    try:
        result = counter_filing.file_at_counter(
            uow(request), actor(user, Channel.COUNTER), str(form.get("id_number", "")).strip(), cmd,
            request_id=str(form.get("request_id") or "") or None,
        )  # fmt: skip
    except YidiError as exc:
        return _page(request, user, 422, values=form, errors=form_errors(exc, FIELDS))
    return _page(request, user, values={"id_number": form.get("id_number", "")}, result=result)
