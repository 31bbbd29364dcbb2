"""Agency staff (经办人员): person and filing search, commitment follow-up and the
benefit-policy tables per region (the manual-claim queue: ``claim_desk_pages``).

Decisions stay in the services: ``run_deadlines`` revokes, ``claims_services`` moves a claim
through its workflow (``claim_desk_pages``), ``policy.loader`` gives each value with its source.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.actors import Channel
from yidi.domain.errors import YidiError
from yidi.domain.short_refs import parse_ref
from yidi.entrypoints.web.common import Form, Staff, actor, render, uow
from yidi.entrypoints.web.errors import form_errors
from yidi.entrypoints.web.filing_actions import change_terms
from yidi.service_layer import filing_services, public_desk, queries

router = APIRouter(prefix="/ui/staff", include_in_schema=False)


@router.get("/persons", response_class=HTMLResponse)
def persons(request: Request, user: Staff, id_number: str = "") -> Response:
    """人员与备案查询 by ID number, or by the short number a person reads out (BA… of a filing, BX…
    of a claim): the number leads to its person, the filing it names is marked."""
    person, filings, errors, terms = None, [], {}, {}
    searched = id_number.strip()
    ref = parse_ref(searched)
    if ref:
        owner = queries.person_of_reference(uow(request), searched)
        if owner is None:
            errors = {"id_number": f"未找到编号为 {ref[1]} 的备案或报销申请"}
        searched = owner or ""
    if searched:
        who = actor(user, Channel.COUNTER)
        try:
            person = queries.get_person(uow(request), searched, actor=who)
            filings = queries.list_filings(uow(request), searched, actor=who)
            terms = change_terms(request, str(person["id_number"]))  # the locks the person sees
        except YidiError as exc:  # whatever the problem, it is the searched number's
            errors = form_errors(exc, ("id_number",), rename=lambda _: "id_number")
    return render(
        request, "staff/persons.html", id_number=id_number, person=person, filings=filings, errors=errors,
        terms=terms, marked=ref[1] if ref else None,
    )  # fmt: skip


def open_commitments(request: Request) -> tuple[date, list[dict[str, Any]]]:
    """Every filing under an open commitment, most urgent first, with days left."""
    u = uow(request)
    with u:
        ids = u.persons.ids_with_deadline_work()
        today = u.clock()
    rows: list[dict[str, Any]] = []
    for idn in ids:
        for f in queries.list_filings(uow(request), idn):
            c = f.get("commitment")
            if f["status"] == "pending_commitment" and isinstance(c, dict):
                due = date.fromisoformat(str(c["due_on"]))
                rows.append({**f, "due_on": due, "days_left": (due - today).days})
    return today, sorted(rows, key=lambda r: r["due_on"])


@router.get("/commitments", response_class=HTMLResponse)
def commitments(request: Request, user: Staff) -> Response:
    today, rows = open_commitments(request)
    return render(request, "staff/commitments.html", today=today, rows=rows, ran=None)


@router.get("/commitments/run", response_class=HTMLResponse)
def preview_deadlines(request: Request, user: Staff) -> Response:
    """执行到期处理 asks first: which filings it revokes and whom it records as defaulters."""
    preview = filing_services.preview_deadlines(uow(request), actor(user, Channel.SYSTEM))
    return render(request, "staff/deadlines_preview.html", preview=preview)


@router.post("/commitments/run", response_class=HTMLResponse)
def run_deadlines(request: Request, user: Staff, form: Form) -> Response:
    if form.get("confirm") != "yes":  # revocations and credit defaults only after the preview
        return RedirectResponse("/ui/staff/commitments/run", status_code=303)
    ran = filing_services.run_deadlines(uow(request), actor(user, Channel.SYSTEM))
    today, rows = open_commitments(request)
    return render(request, "staff/commitments.html", today=today, rows=rows, ran=ran)


@router.get("/policy", response_class=HTMLResponse)
def policy(request: Request, user: Staff, region: str = "", on: str = "") -> Response:
    regions = public_desk.policy_regions()
    chosen = next((p for p in regions if p.region == region), regions[0])
    try:
        day = date.fromisoformat(on) if on else date.today()
    except ValueError:
        day = date.today()
    rows = public_desk.policy_rows(chosen, day)
    return render(request, "staff/policy.html", regions=regions, chosen=chosen, day=day, rows=rows)
