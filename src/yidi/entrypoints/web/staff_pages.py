"""Agency staff (经办人员): person and filing search, commitment follow-up, the manual-claim
queue and the benefit-policy tables per region.

Decisions stay in the services: ``run_deadlines`` revokes, ``claims_services`` moves a claim
through its workflow, ``policy.loader`` gives each value with its source.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.actors import Channel
from yidi.domain.errors import YidiError
from yidi.entrypoints.web.common import Form, Staff, actor, render, uow
from yidi.entrypoints.web.errors import form_errors
from yidi.entrypoints.web.filing_actions import change_terms
from yidi.service_layer import claims_services, filing_services, public_desk, queries

router = APIRouter(prefix="/ui/staff", include_in_schema=False)


@router.get("/persons", response_class=HTMLResponse)
def persons(request: Request, user: Staff, id_number: str = "") -> Response:
    person, filings, errors, terms = None, [], {}, {}
    if id_number.strip():
        who = actor(user, Channel.COUNTER)
        try:
            person = queries.get_person(uow(request), id_number.strip(), actor=who)
            filings = queries.list_filings(uow(request), id_number.strip(), actor=who)
            terms = change_terms(request, str(person["id_number"]))  # the locks the person sees
        except YidiError as exc:  # whatever the problem, it is the searched number's
            errors = form_errors(exc, ("id_number",), rename=lambda _: "id_number")
    return render(
        request, "staff/persons.html", id_number=id_number, person=person, filings=filings, errors=errors,
        terms=terms,
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


@router.post("/commitments/run", response_class=HTMLResponse)
def run_deadlines(request: Request, user: Staff, form: Form) -> Response:
    ran = filing_services.run_deadlines(uow(request), actor(user, Channel.SYSTEM))
    today, rows = open_commitments(request)
    return render(request, "staff/commitments.html", today=today, rows=rows, ran=ran)


CLAIM_ACTIONS = {
    "accept": ("受理", claims_services.accept_claim),
    "review": ("审核（计算金额）", claims_services.review_claim),
    "approve": ("审批同意", claims_services.approve_claim),
    "pay": ("支付", claims_services.pay_claim),
}
NEXT_ACTIONS = {"submitted": ["accept", "return"], "accepted": ["review", "return"], "reviewed": ["approve"]}
NEXT_ACTIONS["approved"] = ["pay"]


@router.get("/claims", response_class=HTMLResponse)
def claims_queue(request: Request, user: Staff, status: str = "") -> Response:
    return _queue(request, status)


def _queue(request: Request, status: str, **ctx: Any) -> Response:
    items = claims_services.list_claims(uow(request), status=status or None)
    return render(
        request, "staff/claims.html", items=items, status=status, next_actions=NEXT_ACTIONS,
        action_labels={k: v[0] for k, v in CLAIM_ACTIONS.items()} | {"return": "退回补正"},
        types={t["claim_type"]: t for t in claims_services.describe_types()}, **ctx,
    )  # fmt: skip


@router.post("/claims/{claim_id}/{action}", response_class=HTMLResponse)
def claim_action(request: Request, user: Staff, form: Form, claim_id: str, action: str) -> Response:
    who = actor(user, Channel.COUNTER)
    try:
        if action == "return":
            problems = [p for p in str(form.get("problems", "")).splitlines() if p.strip()]
            claims_services.return_claim(uow(request), who, claim_id, problems=problems, note="")
        elif action in CLAIM_ACTIONS:
            CLAIM_ACTIONS[action][1](uow(request), who, claim_id)  # type: ignore[operator]
        else:
            return _queue(request, "", errors={"_": f"未知操作：{action}"})
    except YidiError as exc:  # on the claim's card
        return _queue(request, "", errors=form_errors(exc, (claim_id,), rename=lambda _: claim_id))
    return RedirectResponse(f"/ui/staff/claims?done={claim_id}", status_code=303)


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
