"""Insured person (参保人): self-service filing, reimbursement estimate, guide (我的备案 itself
and the actions on a filing are in ``filing_actions``).

Every page works on the signed-in person's own ID number (from the account, never from the
form). Filing goes through ``filing_services.file`` with the self-service channel (告知承诺制);
the estimate through the settlement kernel (``desk.settle``) with the person's own codes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.access import AccessDenied
from yidi.domain.accounts import WebUser
from yidi.domain.actors import Channel
from yidi.domain.errors import YidiError
from yidi.domain.filing.categories import LABELS_ZH, Category, TemporaryReason
from yidi.domain.filing.creation import NewFiling, check_fields
from yidi.domain.filing.places import check_hospital
from yidi.domain.regions import division_name, province_of, region_name
from yidi.entrypoints.web.common import Form, Insured, actor, choice, optional_date, render, uow
from yidi.entrypoints.web.confirmations import check_answers
from yidi.entrypoints.web.errors import check, form_errors, ordered, picked
from yidi.entrypoints.web.labels import HOSP_LV_ZH, MED_TYPE_ZH
from yidi.entrypoints.web.places import place
from yidi.entrypoints.web.public_pages import filing_answer
from yidi.service_layer import desk, filing_services, queries

router = APIRouter(prefix="/ui/me", include_in_schema=False)


def _id_number(user: WebUser) -> str:
    if not user.id_number:
        raise AccessDenied(
            "此账号未关联参保人身份证号", "the account has no ID number", rule="web.insured_account"
        )
    return user.id_number


def _person(request: Request, user: WebUser) -> dict[str, Any]:
    return queries.get_person(uow(request), _id_number(user), actor=actor(user, Channel.SELF_SERVICE))


def commitment_terms(request: Request, user: WebUser) -> dict[str, Any]:
    """The commitment's deadline and clause as the person's region's rules give them today."""
    u = uow(request)
    region = str(_person(request, user)["insured_region"])
    rules = u.rules.for_region(region)
    today = u.clock()
    months = rules.get("commitment_deadline_months", today)
    return {"months": months.value, "clause": str(months.clause), "today": today}


def _form_page(request: Request, user: WebUser, status_code: int = 200, **ctx: Any) -> Response:
    return render(
        request, "me/filing_new.html", status_code=status_code, categories=LABELS_ZH,
        terms=commitment_terms(request, user), **ctx,
    )  # fmt: skip


@router.get("/filings/new", response_class=HTMLResponse)
def new_filing_page(request: Request, user: Insured) -> Response:
    """The form, prefilled from the query (the guide's category, or the answers being changed from
    the check page's 修改 links, with the same request id so a later submit is still one filing)."""
    keep = (*FILING_FIELDS, "request_id")
    return _form_page(request, user, values={k: request.query_params.get(k, "") for k in keep})


FILING_FIELDS = (
    "category", "treatment_region", "start_date", "temporary_reason", "outpatient_hospital", "sign_commitment",
)  # fmt: skip


def filing_from_form(form: dict[str, Any]) -> tuple[NewFiling | None, dict[str, str]]:
    """Form → the service's ``NewFiling``; every field problem at once: what cannot be parsed
    and what the domain says of the place and the hospital (``creation.check_fields``)."""
    errors: dict[str, str] = {}
    category = choice(form, "category", Category, errors, "请选择备案类别", required=True)
    reason = choice(form, "temporary_reason", TemporaryReason, errors, "请选择临时外出原因")
    region = place(form, "treatment_region", errors, FILING_FIELDS)
    outpatient = str(form.get("outpatient_hospital") or "").strip() or None
    if region is None:  # the place's problem is beside its field; the hospital is still checked
        check(errors, FILING_FIELDS, lambda: check_hospital(outpatient, None, "outpatient_hospital"), None)
    else:
        check(errors, FILING_FIELDS, lambda: check_fields(region, outpatient), None)
    start = optional_date(form, "start_date", errors)
    if form.get("sign_commitment") != "yes":
        errors["sign_commitment"] = "自助备案实行告知承诺制，请阅读并勾选承诺书"
    if errors or category is None or region is None:
        return None, ordered(errors, FILING_FIELDS)
    return NewFiling(
        category=category,
        treatment_region=region,
        temporary_reason=reason,
        start_date=start,
        outpatient_hospital=outpatient,
        sign_commitment=True,
    ), {}


@router.post("/filings/new", response_class=HTMLResponse)
def new_filing(request: Request, user: Insured, form: Form) -> Response:
    cmd, errors = filing_from_form(form)
    if cmd is None:
        return _form_page(request, user, 422, values=form, errors=errors)
    if form.get("confirm") != "yes":  # check your answers first: nothing is written before 确认提交
        return render(request, "me/filing_check.html", **check_answers(form, cmd, FILING_FIELDS))
    who = actor(user, Channel.SELF_SERVICE)
    try:
        result = filing_services.file(
            uow(request), who, _id_number(user), cmd, request_id=str(form.get("request_id") or "") or None
        )
    except YidiError as exc:
        return _form_page(request, user, 422, values=form, errors=form_errors(exc, FILING_FIELDS))
    filing = result["filing"]
    fid = filing["id"] if isinstance(filing, dict) else ""
    return RedirectResponse(f"/ui/me/filings?created={fid}", status_code=303)


@router.get("/guide", response_class=HTMLResponse)
def guide(request: Request, user: Insured, category: str = "") -> Response:
    """The guide "which filing do I need?" for the person's own 参保地 (the public desk's answer,
    ``public_pages.filing_answer``): each situation is a category, the answer the region's rules."""
    region = str(_person(request, user)["insured_region"])
    answer = filing_answer(uow(request), region, category)
    return render(request, "me/guide.html", categories=LABELS_ZH, answer=answer, chosen=category)


ESTIMATE_FIELDS = ("medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt")
ESTIMATE_FORM = ("mdtrtarea_admvs", "filing_category", "hosp_lv", "med_type", "setl_time", *ESTIMATE_FIELDS)


@router.get("/estimate", response_class=HTMLResponse)
def estimate_page(request: Request, user: Insured) -> Response:
    """The form prefilled from the person's filing in force (place by name, category), so the
    person types only what the hospital bill says."""
    values = {"setl_time": date.today().isoformat(), "mdtrtarea_admvs": "", "filing_category": ""}
    filings = queries.list_filings(uow(request), _id_number(user), actor=actor(user, Channel.SELF_SERVICE))
    current = next((f for f in filings if f.get("status") in ("active", "pending_commitment")), None)
    if current:
        region = str(current["treatment_region"])
        values |= {"mdtrtarea_admvs": division_name(region) or region, "filing_category": str(current["category"])}
    return _estimate(request, user, values, prefilled=current is not None)


def _estimable(code: str) -> str:
    """A place outside Liaoning settles as its province (the cross-province rules do not depend on
    the city), so 北京 (110100) or 杭州 is estimable like a filing to it."""
    return code if code.startswith("21") or region_name(code) else province_of(code)


def _split(form: dict[str, Any]) -> tuple[dict[str, str], bool]:
    """The bill's amounts; a total alone (all a person may know) is estimated as if all of it
    were within the policy scope — the most the fund could pay; the page says so (A-WEB-03)."""
    amounts = {k: str(form.get(k, "")).strip() for k in ESTIMATE_FIELDS}
    total_only = bool(amounts["medfee_sumamt"]) and not any(amounts[k] for k in ESTIMATE_FIELDS[1:])
    if total_only:
        amounts["inscp_scp_amt"] = amounts["medfee_sumamt"]
    return {k: v or "0.00" for k, v in amounts.items()}, total_only


@router.post("/estimate", response_class=HTMLResponse)
def estimate(request: Request, user: Insured, form: Form) -> Response:
    person = _person(request, user)
    amounts, total_only = _split(form)
    place_errors: dict[str, str] = {}  # the page's own words for its fields win over the service's
    region = place(form, "mdtrtarea_admvs", place_errors, ESTIMATE_FORM)
    picked(form, "filing_category", [c.value for c in LABELS_ZH], "请选择备案类别", place_errors)
    picked(form, "hosp_lv", HOSP_LV_ZH, "请选择医院等级", place_errors)
    picked(form, "med_type", MED_TYPE_ZH, "请选择医疗类别", place_errors)
    raw = {
        "insuplc_admdvs": person["insured_region"],
        "insutype": person["insutype"],
        "psn_type": person["psn_type"],
        "cvlserv_flag": "1" if person["civil_servant"] else "0",
        "acct_used_flag": "1" if form.get("acct_used_flag") == "1" else "0",
        "acct_balc": f"{int(person['account_balance_fen'] or 0) / 100:.2f}",
        **{k: str(form.get(k, "")).strip() for k in ("filing_category", "hosp_lv", "setl_time", "med_type")},
        "mdtrtarea_admvs": _estimable(region) if region else str(form.get("mdtrtarea_admvs", "")).strip(),
        **amounts,
    }  # fmt: skip
    errors: dict[str, str] = {}
    try:
        result = desk.settle(raw)
    except YidiError as exc:
        errors = form_errors(exc, ESTIMATE_FORM, rename=lambda f: "setl_time" if f == "setl_date" else f)
    if errors or place_errors:
        errors = ordered({**errors, **place_errors}, ESTIMATE_FORM)  # the place's own words win
        return _estimate(request, user, form, errors=errors, status_code=422)
    return _estimate(request, user, form, result=result, total_only=total_only)


def _estimate(
    request: Request, user: WebUser, values: dict[str, Any], status_code: int = 200, **ctx: Any
) -> Response:
    return render(
        request, "me/estimate.html", status_code=status_code, values=values, person=_person(request, user),
        categories=LABELS_ZH, hosp_levels=HOSP_LV_ZH, med_types=MED_TYPE_ZH, amount_fields=ESTIMATE_FIELDS, **ctx,
    )  # fmt: skip
