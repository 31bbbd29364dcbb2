"""基金监管 pages (审核): the reviewers' queue, one settlement's review with the decision form,
and a hospital's own hits.

Staff act for the agency of the region they enter (就医地 for decisions; the settlement's
treatment region is proposed). Amounts are typed in yuan and stored in fen. Refusals (another
region's settlement, above the fund part, the same reviewer approving) are shown beside the form.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.access import AccessDenied
from yidi.domain.accounts import WebRole
from yidi.domain.errors import YidiError
from yidi.domain.supervision.parties import Party
from yidi.entrypoints.web.common import AnyUser, Form, Staff, render, uow
from yidi.entrypoints.web.errors import form_errors
from yidi.service_layer import supervision_decisions as sd
from yidi.service_layer import supervision_review as sr
from yidi.service_layer import supervision_screening as ss

router = APIRouter(prefix="/ui/audit", include_in_schema=False)
OUTCOMES = (("accept", "审核通过"), ("deduct", "扣除"), ("refer", "移交核查检查"))
SEVERITY_ZH = {"info": "提示", "suspect": "疑点", "violation": "违规"}
DECISION_FIELDS = ("outcome", "amount", "reason", "rule", "feedetl_sn", "agency_region")


def fen_of(text: object, field: str, errors: dict[str, str]) -> int:
    """Yuan typed in a form (两位小数) → fen; a bad amount is reported beside the field."""
    raw = str(text or "").strip() or "0"
    try:
        value = Decimal(raw)
    except InvalidOperation:
        errors[field] = "金额应为数字（元）"
        return 0
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def this_month() -> str:
    return f"{date.today():%Y-%m}"


@router.get("/queue", response_class=HTMLResponse)
def queue(request: Request, user: Staff, region: str = "", status: str = "pending") -> Response:
    items = sd.queue(uow(request), region or None, status or None)
    ratio = sr.month_ratio(uow(request), this_month())
    return render(request, "audit/queue.html", items=items, region=region, status=status, ratio=ratio,
                  SEVERITY_ZH=SEVERITY_ZH)  # fmt: skip


@router.post("/run", response_class=HTMLResponse)
def run(request: Request, user: Staff, form: Form) -> Response:
    month = str(form.get("month") or this_month())
    try:
        out = sr.run_month(uow(request), month)
    except YidiError as exc:
        return render(request, "audit/queue.html", items=[], region="", status="pending", SEVERITY_ZH=SEVERITY_ZH, ratio=None,
                      errors=form_errors(exc, ("month",)), values=form)  # fmt: skip
    return RedirectResponse(f"/ui/audit/queue?ran={month}&ratio={out['reviewed_ratio']}", status_code=303)


def _review(request: Request, setl_id: str, status_code: int = 200, **ctx: Any) -> Response:
    review = sd.settlement_review(uow(request), setl_id)
    ctx.setdefault("values", {"agency_region": review["treatment_region"], "outcome": "accept"})
    return render(request, "audit/review.html", status_code=status_code, r=review, outcomes=OUTCOMES,
                  key=uuid.uuid4().hex, SEVERITY_ZH=SEVERITY_ZH, **ctx)  # fmt: skip


@router.get("/settlements/{setl_id}", response_class=HTMLResponse)
def review(request: Request, user: Staff, setl_id: str) -> Response:
    return _review(request, setl_id)


@router.post("/settlements/{setl_id}/decide", response_class=HTMLResponse)
def decide(request: Request, user: Staff, form: Form, setl_id: str) -> Response:
    errors: dict[str, str] = {}
    amount = fen_of(form.get("amount"), "amount", errors)
    if errors:
        return _review(request, setl_id, 422, errors=errors, values=form)
    body = {"key": str(form.get("key") or uuid.uuid4().hex), "setl_id": setl_id, "outcome": form.get("outcome"),
            "amount_fen": amount, "reason": form.get("reason", ""), "rule": form.get("rule", ""),
            "feedetl_sn": form.get("feedetl_sn") or None}  # fmt: skip
    try:
        sd.decide(uow(request), Party.agency(str(form.get("agency_region", "")), user.username), body)
    except YidiError as exc:
        rename = {"amount_fen": "amount", "setl_id": "agency_region"}
        errs = form_errors(exc, DECISION_FIELDS, rename=lambda f: rename.get(f, f))
        return _review(request, setl_id, 409, errors=errs, values=form)
    return RedirectResponse(f"/ui/audit/settlements/{setl_id}?done=1", status_code=303)


@router.post("/decisions/{decision_id}/approve", response_class=HTMLResponse)
def approve(request: Request, user: Staff, form: Form, decision_id: str) -> Response:
    setl_id = str(form.get("setl_id", ""))
    try:
        sd.approve(uow(request), decision_id, Party.agency(str(form.get("agency_region", "")), user.username))
    except YidiError as exc:
        return _review(request, setl_id, 409, errors=form_errors(exc, ()))
    return RedirectResponse(f"/ui/audit/settlements/{setl_id}?approved=1", status_code=303)


@router.get("/hits", response_class=HTMLResponse)
def hits(request: Request, user: AnyUser, month: str = "") -> Response:
    """A month's hits: a hospital sees its own; staff everything (citizens: 403 from the service)."""
    m = month or this_month()
    own = user.hospital_code or "" if user.role is WebRole.HOSPITAL else None
    if user.role is WebRole.INSURED:
        raise AccessDenied("参保人不能查看审核结果", "insured persons see no review hits", rule="access.supervision")
    try:
        items = sr.month_hits(uow(request), m, own)
    except YidiError as exc:
        return render(request, "audit/hits.html", items=[], month=m, errors=form_errors(exc, ("month",)),
                      SEVERITY_ZH=SEVERITY_ZH)  # fmt: skip
    return render(request, "audit/hits.html", items=items, month=m, SEVERITY_ZH=SEVERITY_ZH)


@router.get("/sampling", response_class=HTMLResponse)
def sampling(request: Request, user: Staff, hospital_code: str = "", month: str = "", size: int = 30,
             extrapolate: str = "") -> Response:  # fmt: skip
    """抽样审核: draw a hospital's month (POST), then, once reviewed, the extrapolation."""
    values = {"hospital_code": hospital_code, "month": month or this_month(), "size": str(size)}
    result, errors = None, {}
    if hospital_code and extrapolate:
        try:
            result = ss.extrapolate(uow(request), hospital_code, values["month"], size)
        except YidiError as exc:
            errors = form_errors(exc, ("hospital_code", "month", "size"))
    return render(request, "audit/sampling.html", values=values, result=result, errors=errors, sample=None)


@router.post("/sampling", response_class=HTMLResponse)
def draw(request: Request, user: Staff, form: Form) -> Response:
    values = {k: str(form.get(k, "")) for k in ("hospital_code", "month", "size")}
    try:
        size = int(values["size"] or 30)
        sample = ss.sample(uow(request), values["hospital_code"], values["month"] or this_month(), size)
    except ValueError:
        return render(request, "audit/sampling.html", values=values, errors={"size": "样本量应为整数"}, result=None,
                      sample=None, status_code=422)  # fmt: skip
    except YidiError as exc:
        return render(request, "audit/sampling.html", values=values, result=None, sample=None, status_code=409,
                      errors=form_errors(exc, ("hospital_code", "month", "size")))  # fmt: skip
    return render(request, "audit/sampling.html", values=values, sample=sample, result=None)
