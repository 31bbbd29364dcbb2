"""Manual reimbursement for the insured person (手工报销): the one-time materials notice, the
application, and my claims with status, promised date and any return notice.

The notice, the checks and the amounts are ``claims_services``'; the page only collects the bill,
the ticked materials and — for an emergency stay — the disease and its facts.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.accounts import WebUser
from yidi.domain.actors import Channel
from yidi.domain.errors import YidiError
from yidi.entrypoints.web.common import Form, Insured, actor, render, uow
from yidi.entrypoints.web.confirmations import check_answers, claim_timeline, masked
from yidi.entrypoints.web.desk_pages import fact_field, facts_from_form
from yidi.entrypoints.web.errors import form_errors, ordered, picked
from yidi.entrypoints.web.insured_pages import _id_number, _person
from yidi.entrypoints.web.labels import HOSP_LV_ZH
from yidi.entrypoints.web.places import place
from yidi.policy.criteria import load_criteria
from yidi.service_layer import claims_services

router = APIRouter(prefix="/ui/me/claims", include_in_schema=False)

BILL_FIELDS = ("medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt")
STAY_FIELDS = ("hosp_lv", "treatment_region", "care_start", "care_end", "hospital_code")


@router.get("", response_class=HTMLResponse)
def my_claims(request: Request, user: Insured) -> Response:
    """My claims, each with its reference number and its progress (已提交 → … → 支付, dated); the
    one just submitted first with what happens next, where the originals go and the payout."""
    who = actor(user, Channel.SELF_SERVICE)
    idn = _id_number(user)
    items = [
        claims_services.get_claim(uow(request), str(c["id"]), actor=who)
        for c in claims_services.list_claims(uow(request), id_number=idn, actor=who)
    ]
    types = {t["claim_type"]: t for t in claims_services.describe_types()}
    created = request.query_params.get("created")
    return render(
        request, "me/claims.html", items=items, types=types, created=created,
        done=next((c for c in items if created and c["id"] == created), None),
        timelines={c["id"]: claim_timeline(c) for c in items}, payee=masked(idn),
        person=_person(request, user),
    )  # fmt: skip


def _specs(disease: str) -> tuple[Any, list[Any]]:
    if not disease:
        return None, []
    criteria = load_criteria()
    chosen = criteria.find(disease)
    return chosen, [
        criteria.vocabulary.facts[k] for k in sorted(chosen.facts) if k in criteria.vocabulary.facts
    ]


def _form(
    request: Request, user: WebUser, values: dict[str, Any], status_code: int = 200, **ctx: Any
) -> Response:
    claim_type = str(values.get("claim_type", ""))
    types = claims_services.describe_types()
    notice = next((t for t in types if t["claim_type"] == claim_type), None)
    chosen, specs = (
        _specs(str(values.get("disease", ""))) if claim_type == "inpatient_emergency" else (None, [])
    )
    return render(
        request, "me/claim_new.html", status_code=status_code, types=types, notice=notice, values=values,
        hosp_levels=HOSP_LV_ZH, bill_fields=BILL_FIELDS, criteria=load_criteria(), chosen=chosen, specs=specs, **ctx,
    )  # fmt: skip


@router.get("/new", response_class=HTMLResponse)
def new_claim_page(request: Request, user: Insured) -> Response:
    """The form, prefilled from the query: the chosen type and disease, or the answers being
    changed from the check page's 修改 links (with the same request id)."""
    q = request.query_params
    values: dict[str, Any] = {k: q.get(k, "") for k in q if k != "materials"}
    values.setdefault("claim_type", "")
    values.setdefault("disease", "")
    if q.getlist("materials"):
        values["materials"] = q.getlist("materials")
    return _form(request, user, values)


@router.post("/new", response_class=HTMLResponse)
def new_claim(request: Request, user: Insured, form: Form) -> Response:
    claim_type = str(form.get("claim_type", ""))
    bill = {k: str(form.get(k, "")).strip() or "0.00" for k in BILL_FIELDS}
    bill.update({k: str(form.get(k, "")).strip() for k in STAY_FIELDS if str(form.get(k, "")).strip()})
    place_errors: dict[str, str] = {}
    region = place(form, "treatment_region", place_errors, STAY_FIELDS)
    picked(form, "hosp_lv", HOSP_LV_ZH, "请选择医院等级", place_errors)
    if region:
        bill["treatment_region"] = region
    specs: list[Any] = []
    evidence = None
    if claim_type == "inpatient_emergency" and form.get("disease"):
        _, specs = _specs(str(form["disease"]))
        evidence = {"disease": str(form["disease"]), "facts": facts_from_form(form, specs)}
    ticked = form.get("materials", [])
    materials = ticked if isinstance(ticked, list) else [ticked]
    confirmed = form.get("confirm") == "yes"
    try:
        if not place_errors and not confirmed:  # check your answers: every check, nothing written
            checked = claims_services.check_claim(
                uow(request), actor(user, Channel.SELF_SERVICE), _id_number(user), claim_type=claim_type,
                bill=bill, evidence=evidence, materials=materials,
            )  # fmt: skip
            return _check_page(request, form, checked, specs)
        out = claims_services.submit_claim(
            uow(request), actor(user, Channel.SELF_SERVICE), _id_number(user), claim_type=claim_type,
            bill=bill, evidence=evidence, materials=materials, request_id=str(form.get("request_id") or "") or None,
        )  # fmt: skip
    except YidiError as exc:
        fields = (*STAY_FIELDS, *BILL_FIELDS, "materials", *(f"fact.{s.key}" for s in specs))
        errors = form_errors(
            exc, fields, rename=lambda f: fact_field(f.removeprefix("bill.").removeprefix("evidence."))
        )
        errors = ordered({**errors, **place_errors}, fields)  # the place's own words win
        return _form(request, user, form, status_code=422, errors=errors)
    return RedirectResponse(f"/ui/me/claims?created={out['id']}", status_code=303)


def _check_page(
    request: Request, form: dict[str, Any], checked: dict[str, Any], specs: list[Any]
) -> Response:
    """请核对报销申请: the answers with 修改 links, the materials notice, 确认提交."""
    notice = next(t for t in claims_services.describe_types() if t["claim_type"] == checked["claim_type"])
    fields = [k for k in form if k not in ("csrf_token", "confirm", "request_id")]
    chosen, _ = (
        _specs(str(form.get("disease", ""))) if checked["claim_type"] == "inpatient_emergency" else (None, [])
    )
    return render(
        request, "me/claim_check.html", claim=checked, notice=notice, chosen=chosen, specs=specs,
        hosp_levels=HOSP_LV_ZH, bill_fields=BILL_FIELDS, **check_answers(form, None, fields, "/ui/me/claims/new"),
    )  # fmt: skip
