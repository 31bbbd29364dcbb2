"""协查, 问题协同 and inspection pages (基金监管), and the 协查函 / 协查结果 print views.

Staff act for the agency of the region they enter; a hospital sees and raises only its own
tickets and sees its own inspections. The print views follow the print convention (``web.pdf``):
the same URL with ``?format=pdf`` downloads the PDF.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.access import AccessDenied
from yidi.domain.accounts import WebRole, WebUser
from yidi.domain.errors import YidiError
from yidi.domain.supervision.inspections import InspectionKind
from yidi.domain.supervision.parties import Party
from yidi.domain.supervision.tickets import TicketKind
from yidi.entrypoints.web.audit_pages import fen_of
from yidi.entrypoints.web.common import AnyUser, Form, Staff, render, uow
from yidi.entrypoints.web.errors import form_errors
from yidi.entrypoints.web.pdf import print_view
from yidi.service_layer import supervision_work as sw
from yidi.service_layer import supervision_xiecha as sx

router = APIRouter(prefix="/ui/audit", include_in_schema=False)
STATUS_ZH = {"open": "待答复", "answered": "已答复", "escalated": "逾期督办", "confirmed": "确认违规", "cleared": "排除疑点"}
TICKET_ZH = {"open": "待响应", "responded": "已响应", "in_progress": "处理中", "resolved": "已办结", "closed": "已关闭"}
TICKET_KINDS = [(k.value, k.zh) for k in TicketKind]
INSPECTION_KINDS = [(k.value, k.zh) for k in InspectionKind]
CTX = {"STATUS_ZH": STATUS_ZH, "TICKET_ZH": TICKET_ZH, "TICKET_KINDS": TICKET_KINDS, "INSPECTION_KINDS": INSPECTION_KINDS}


def _party(user: WebUser, region: object) -> Party:
    if user.role is WebRole.HOSPITAL:
        return Party.hospital(user.hospital_code or "", user.username)
    if user.role is WebRole.INSURED:
        raise AccessDenied("参保人不能办理问题协同", "insured persons have no tickets", rule="access.supervision")
    return Party.agency(str(region or ""), user.username)


# --- 协查 ----------------------------------------------------------------------------------
def _cases(request: Request, status_code: int = 200, **ctx: Any) -> Response:
    items = sx.cases(uow(request), request.query_params.get("region") or None)
    return render(request, "audit/xiecha.html", status_code=status_code, items=items, **CTX, **ctx)


@router.get("/xiecha", response_class=HTMLResponse)
def cases(request: Request, user: Staff) -> Response:
    return _cases(request)


@router.post("/xiecha", response_class=HTMLResponse)
def open_case(request: Request, user: Staff, form: Form) -> Response:
    questions = [q for q in str(form.get("questions", "")).splitlines() if q.strip()]
    body = {"setl_id": form.get("setl_id", ""), "questions": questions, "deadline": form.get("deadline") or None}
    try:
        case = sx.open_case(uow(request), Party.agency(str(form.get("agency_region", "")), user.username), body)
    except YidiError as exc:
        fields = ("setl_id", "questions", "deadline", "agency_region")
        return _cases(request, 409, errors=form_errors(exc, fields), values=form)
    return RedirectResponse(f"/ui/audit/xiecha/{case['id']}", status_code=303)


def _case(request: Request, case_id: str, status_code: int = 200, **ctx: Any) -> Response:
    return render(request, "audit/xiecha_case.html", status_code=status_code, c=sx.get(uow(request), case_id), **CTX, **ctx)


@router.get("/xiecha/{case_id}", response_class=HTMLResponse)
def case(request: Request, user: Staff, case_id: str) -> Response:
    return _case(request, case_id)


@router.post("/xiecha/{case_id}/{action}", response_class=HTMLResponse)
def case_action(request: Request, user: Staff, form: Form, case_id: str, action: str) -> Response:
    party = Party.agency(str(form.get("agency_region", "")), user.username)
    errors: dict[str, str] = {}
    try:
        if action == "answer":
            body = {"findings": form.get("findings", ""), "suspected_fen": fen_of(form.get("suspected"), "suspected", errors),
                    "attachments": [a for a in str(form.get("attachments", "")).splitlines() if a.strip()]}  # fmt: skip
            if not errors:
                sx.answer(uow(request), case_id, party, body)
        elif action == "confirm":
            amount = fen_of(form.get("amount"), "amount", errors)
            if not errors:
                sx.confirm(uow(request), case_id, party, {"amount_fen": amount, "reason": form.get("reason", "")})
        elif action == "clear":
            sx.clear(uow(request), case_id, party)
        else:
            errors["_"] = f"未知操作：{action}"
    except YidiError as exc:
        rename = {"suspected_fen": "suspected", "amount_fen": "amount"}
        errors = form_errors(exc, ("findings", "suspected", "amount", "agency_region"), rename=lambda f: rename.get(f, f))
    if errors:
        return _case(request, case_id, 409, errors=errors, values=form)
    return RedirectResponse(f"/ui/audit/xiecha/{case_id}", status_code=303)


@router.get("/print/xiecha/{case_id}", response_class=HTMLResponse)
def print_letter(request: Request, user: Staff, case_id: str) -> Response:
    """协查函: the insured region's letter to the treatment region."""
    c = sx.get(uow(request), case_id)
    return print_view(request, "audit/print_letter.html", f"xiecha-{case_id}.pdf", c=c, today=date.today())


@router.get("/print/xiecha/{case_id}/result", response_class=HTMLResponse)
def print_result(request: Request, user: Staff, case_id: str) -> Response:
    """协查结果: the treatment region's findings and the outcome."""
    c = sx.get(uow(request), case_id)
    return print_view(request, "audit/print_result.html", f"xiecha-result-{case_id}.pdf", c=c, STATUS_ZH=STATUS_ZH)


# --- 问题协同 --------------------------------------------------------------------------------
def _tickets(request: Request, user: WebUser, status_code: int = 200, **ctx: Any) -> Response:
    region = request.query_params.get("region")
    party = _party(user, region) if user.role is WebRole.HOSPITAL or region else None
    return render(request, "audit/tickets.html", status_code=status_code, items=sw.tickets(uow(request), party),
                  **CTX, **ctx)  # fmt: skip


@router.get("/tickets", response_class=HTMLResponse)
def tickets(request: Request, user: AnyUser) -> Response:
    _party(user, "000000")  # citizens: 403
    return _tickets(request, user)


@router.post("/tickets", response_class=HTMLResponse)
def raise_ticket(request: Request, user: AnyUser, form: Form) -> Response:
    try:
        t = sw.raise_ticket(uow(request), _party(user, form.get("agency_region")), dict(form))
    except YidiError as exc:
        fields = ("kind", "subject", "addressed_kind", "addressed_code", "link", "setl_id", "agency_region")
        return _tickets(request, user, 409, errors=form_errors(exc, fields), values=form)
    return RedirectResponse(f"/ui/audit/tickets/{t['id']}", status_code=303)


def _ticket(request: Request, user: WebUser, ticket_id: str, status_code: int = 200, **ctx: Any) -> Response:
    party = _party(user, "") if user.role is WebRole.HOSPITAL else None
    t = sw.ticket(uow(request), ticket_id, party)
    return render(request, "audit/ticket.html", status_code=status_code, t=t, **CTX, **ctx)


@router.get("/tickets/{ticket_id}", response_class=HTMLResponse)
def ticket(request: Request, user: AnyUser, ticket_id: str) -> Response:
    _party(user, "000000")
    return _ticket(request, user, ticket_id)


@router.post("/tickets/{ticket_id}/{action}", response_class=HTMLResponse)
def ticket_action(request: Request, user: AnyUser, form: Form, ticket_id: str, action: str) -> Response:
    try:
        sw.act(uow(request), ticket_id, action, _party(user, form.get("agency_region")), str(form.get("note", "")))
    except YidiError as exc:
        return _ticket(request, user, ticket_id, 409, errors=form_errors(exc, ("note", "agency_region")), values=form)
    return RedirectResponse(f"/ui/audit/tickets/{ticket_id}", status_code=303)


# --- 核查检查 --------------------------------------------------------------------------------
def _inspections(request: Request, user: WebUser, status_code: int = 200, **ctx: Any) -> Response:
    year = int(request.query_params.get("year") or date.today().year)
    own = (user.hospital_code or "") if user.role is WebRole.HOSPITAL else None
    data = sw.inspections(uow(request), year, own)
    return render(request, "audit/inspections.html", status_code=status_code, data=data, **CTX, **ctx)


@router.get("/inspections", response_class=HTMLResponse)
def inspections(request: Request, user: AnyUser) -> Response:
    _party(user, "000000")
    return _inspections(request, user)


@router.post("/inspections", response_class=HTMLResponse)
def plan(request: Request, user: Staff, form: Form) -> Response:
    try:
        sw.plan(uow(request), dict(form), user.username)
    except YidiError as exc:
        fields = ("hospital_code", "kind", "planned_on", "institution_kind")
        return _inspections(request, user, 409, errors=form_errors(exc, fields), values=form)
    return RedirectResponse(f"/ui/audit/inspections?year={str(form.get('planned_on', ''))[:4]}", status_code=303)


@router.post("/inspections/{inspection_id}/{action}", response_class=HTMLResponse)
def inspection_action(request: Request, user: Staff, form: Form, inspection_id: str, action: str) -> Response:
    try:
        if action == "complete":
            sw.complete(uow(request), inspection_id, str(form.get("done_on", "")), user.username)
        else:
            body = {"item": form.get("item"), "compliant": form.get("compliant") == "yes", "note": form.get("note", "")}
            sw.record(uow(request), inspection_id, body, user.username)
    except YidiError as exc:
        return _inspections(request, user, 409, errors=form_errors(exc, ()), values=form)
    return RedirectResponse(f"/ui/audit/inspections#i-{inspection_id}", status_code=303)
