"""The staff's manual-claim pages (手工报销经办): the queue, one claim with what a decision needs
and the actions the signed-in member may take, and the payment's confirmation page.

Which actions are offered is the domain's (``claims.actions.staff_actions``); every action
runs in ``claims_services`` and the page reports what it did to which claim (``?done=``).
Payment (支付) moves money, so it only runs from its confirmation page (``confirm=yes``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.actors import Channel
from yidi.domain.claims.actions import ACTION_ZH, DONE_ZH
from yidi.domain.claims.kinds import STATUS_ZH
from yidi.domain.errors import InvalidInput, YidiError
from yidi.entrypoints.web.common import Form, Staff, actor, render, uow
from yidi.entrypoints.web.desk_pages import fact_labels
from yidi.entrypoints.web.errors import form_errors
from yidi.policy.criteria import load_criteria
from yidi.service_layer import claims_desk, claims_services

router = APIRouter(prefix="/ui/staff/claims", include_in_schema=False)
FIELDS = ("problems", "reason", "clause")
WORK_ZH = {"submitted": "待受理", "accepted": "待审核", "reviewed": "待审批", "approved": "待支付"}


def _types() -> dict[str, Any]:
    return {t["claim_type"]: t for t in claims_services.describe_types()}


@router.get("", response_class=HTMLResponse)
def queue(request: Request, user: Staff, status: str = "") -> Response:
    found = claims_desk.queue(uow(request), actor(user, Channel.COUNTER), status)
    return render(
        request, "staff/claims.html", items=found["items"], status=status, types=_types(),
        statuses=STATUS_ZH, work=WORK_ZH, action_labels=ACTION_ZH,
    )  # fmt: skip


def _case(request: Request, user: Any, claim_id: str, status_code: int = 200, **ctx: Any) -> Response:
    case = claims_desk.claim_case(uow(request), claim_id, actor(user, Channel.COUNTER))
    return render(
        request, "staff/claim.html", status_code=status_code, case=case, c=case["claim"], types=_types(),
        statuses=STATUS_ZH, action_labels=ACTION_ZH, done_labels=DONE_ZH, fact_labels=fact_labels(load_criteria()), **ctx,
    )  # fmt: skip


@router.get("/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, user: Staff, claim_id: str, done: str = "") -> Response:
    return _case(request, user, claim_id, done=done if done in DONE_ZH else "")


@router.get("/{claim_id}/pay", response_class=HTMLResponse)
def pay_confirmation(request: Request, user: Staff, claim_id: str) -> Response:
    """支付 asks first: who is paid how much for which claim."""
    case = claims_desk.claim_case(uow(request), claim_id, actor(user, Channel.COUNTER))
    if "pay" not in case["actions"]:
        return RedirectResponse(f"/ui/staff/claims/{claim_id}", status_code=303)
    return render(request, "staff/claim_pay.html", case=case, c=case["claim"], types=_types())


@router.post("/{claim_id}/{action}", response_class=HTMLResponse)
def claim_action(request: Request, user: Staff, form: Form, claim_id: str, action: str) -> Response:
    who = actor(user, Channel.COUNTER)
    if action == "pay" and form.get("confirm") != "yes":  # never pays without the confirmation page
        return RedirectResponse(f"/ui/staff/claims/{claim_id}/pay", status_code=303)
    try:
        _run(uow(request), who, claim_id, action, form)
    except YidiError as exc:  # beside the action's field, the rest at the top
        return _case(
            request, user, claim_id, 422, errors=form_errors(exc, FIELDS), failed=action, values=form
        )
    return RedirectResponse(f"/ui/staff/claims/{claim_id}?done={action}", status_code=303)


def _run(u: Any, who: Any, claim_id: str, action: str, form: dict[str, Any]) -> None:
    reason, clause = str(form.get("reason", "")).strip(), str(form.get("clause", "")).strip()
    if action == "return":
        ticked = form.get("problems", [])
        problems = ticked if isinstance(ticked, list) else [ticked] if ticked else []
        claims_services.return_claim(
            u, who, claim_id, problems=problems, note=str(form.get("note", "")).strip()
        )
    elif action == "reject":
        claims_services.reject_claim(u, who, claim_id, reason_zh=reason, clause=clause)
    elif action == "disapprove":
        claims_services.disapprove_claim(u, who, claim_id, reason_zh=reason, clause=clause)
    elif action == "accept":
        claims_services.accept_claim(u, who, claim_id)
    elif action == "review":
        claims_services.review_claim(u, who, claim_id)
    elif action == "approve":
        claims_services.approve_claim(u, who, claim_id)
    elif action == "pay":
        claims_services.pay_claim(u, who, claim_id, request_id=str(form.get("request_id") or "") or None)
    else:
        raise InvalidInput.of("", f"未知操作：{action}", f"unknown action {action!r}")
