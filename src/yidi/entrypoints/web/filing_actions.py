"""我的备案: the insured person's own filings and what may be done with each — change (变更) the
place or the chosen hospitals, cancel, supply the materials promised under a commitment.

Whether a change or a cancel is possible today, and from when if a lock holds (长期备案生效后
N 个月内不得变更/取消), is the domain's decision (``lifecycle.change``, ``locks.check_lock``)
with the region's rule and its clause; the actions go through ``filing_services``. Refusals are
shown on the filing's card, beside the field they concern.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from yidi.domain.access import AccessDenied
from yidi.domain.accounts import WebUser
from yidi.domain.actors import Channel
from yidi.domain.errors import FilingRefused, NotFound, YidiError
from yidi.domain.filing import lifecycle
from yidi.domain.filing.creation import MaterialIn
from yidi.domain.filing.filing import Filing
from yidi.domain.filing.locks import check_lock
from yidi.domain.filing.materials import PLACE_BOUND, MaterialKind, missing_groups
from yidi.domain.filing.places import check_hospital, treatment_place
from yidi.domain.filing.rules import RegionRules
from yidi.entrypoints.web import places
from yidi.entrypoints.web.common import Form, Insured, actor, optional_date, render, uow
from yidi.entrypoints.web.errors import check, form_errors, ordered
from yidi.entrypoints.web.insured_pages import _id_number, _person
from yidi.service_layer import filing_services, queries

router = APIRouter(prefix="/ui/me/filings", include_in_schema=False)

CHANGE_FIELDS = ("treatment_region", "outpatient_hospital", "chronic_hospital", "materials", "valid_until")


def _lock(filing: Filing, action: str, today: date, rules: RegionRules) -> dict[str, Any] | None:
    """The lock on ``action`` today as the domain states it (None: not locked)."""
    try:
        check_lock(filing, action, today, rules)
    except FilingRefused as exc:
        p = exc.reason.params
        return {
            "unlocked_on": p["unlocked_on"], "months": p["lock_months"], "effective_from": p["effective_from"],
            "clause": str(exc.reason.clause or ""),
        }  # fmt: skip
    return None


def change_terms(request: Request, id_number: str) -> dict[str, dict[str, Any]]:
    """For each filing in force: may it be changed, which change is locked until when (and why),
    whether the posted-worker exemption exists, and which proofs a new place needs."""
    u = uow(request)
    with u:
        person = u.persons.get(id_number)
        if person is None:
            return {}
        today = u.clock()
        rules = u.rules.for_region(person.insured_region)
        out: dict[str, dict[str, Any]] = {}
        for f in person.filings:
            if not f.in_force:
                continue
            try:  # nothing asked: the domain only says whether this filing can be changed at all
                lifecycle.change(person, f.id, today, rules)
            except FilingRefused as exc:
                out[f.id] = {
                    "applicable": False,
                    "why": exc.reason.zh,
                    "clause": str(exc.reason.clause or ""),
                }
                continue
            place_lock = _lock(f, "change", today, rules)
            exempt = None
            if place_lock:
                try:
                    exempt = check_lock(f, "change", today, rules, workplace_changed=True)
                except FilingRefused:
                    exempt = None
            # a new place needs its own proofs; proofs not tied to the place carry over (lifecycle.change)
            kept = [m for m in f.materials if m.kind not in PLACE_BOUND]
            groups = missing_groups(rules.as_dict("materials", today).get(f.category, ()), kept, today)
            out[f.id] = {
                "applicable": True,
                "place_lock": place_lock,
                "cancel_lock": _lock(f, "cancel", today, rules),
                "exemption": {"zh": exempt.zh, "clause": str(exempt.clause or "")} if exempt else None,
                "place_groups": groups,
            }
        return out


def filings_page(request: Request, user: WebUser, status_code: int = 200, **ctx: Any) -> Response:
    """The 我的备案 page: every own filing with its state, what may change, and its history."""
    idn = _id_number(user)
    who = actor(user, Channel.SELF_SERVICE)
    u = uow(request)
    filings = queries.list_filings(u, idn, actor=who)
    history = {f["id"]: queries.filing_history(u, str(f["id"]), actor=who) for f in filings}
    ctx.setdefault("created", request.query_params.get("created"))
    ctx.setdefault("changed", request.query_params.get("changed"))
    ctx.setdefault("done", _done(request, filings))
    return render(
        request, "me/filings.html", status_code=status_code, person=_person(request, user), filings=filings,
        history=history, terms=change_terms(request, idn), **ctx,
    )  # fmt: skip


def _done(request: Request, filings: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The confirmation to show: the filing just filed, changed or cancelled (from the redirect)."""
    for kind in ("created", "changed", "cancelled"):
        wanted = request.query_params.get(kind)
        found = next((f for f in filings if wanted and f["id"] == wanted), None)
        if found:
            return {"kind": kind, "filing": found}
    return None


@router.get("", response_class=HTMLResponse)
def my_filings(request: Request, user: Insured) -> Response:
    return filings_page(request, user)


def _own(request: Request, user: WebUser, filing_id: str) -> None:
    """Only the person's own filings (403 otherwise, 404 when unknown)."""
    try:
        filing = queries.get_filing(uow(request), filing_id)
    except NotFound:
        raise NotFound("filing", filing_id, "未找到该备案") from None
    if filing.get("person_id_number") != _id_number(user):
        raise AccessDenied("只能办理本人的备案", "only one's own filings", rule="access.citizen_own")


def _back(request: Request, user: WebUser, filing_id: str, message: str) -> Response:
    """The 我的备案 page again with ``message`` on the filing's card (and in the summary)."""
    return filings_page(request, user, 422, created=None, errors={filing_id: message})


def _refused(exc: YidiError) -> str:
    return "；".join(form_errors(exc).values())


@router.post("/{filing_id}/cancel")
def cancel(request: Request, user: Insured, form: Form, filing_id: str) -> Response:
    _own(request, user, filing_id)
    why = str(form.get("why", "")).strip() or "本人申请取消"
    try:
        filing_services.cancel(uow(request), actor(user, Channel.SELF_SERVICE), filing_id, why)
    except YidiError as exc:
        return _back(request, user, filing_id, _refused(exc))
    return RedirectResponse(f"/ui/me/filings?cancelled={filing_id}", status_code=303)


def _ticked(form: dict[str, Any]) -> list[str]:
    ticked = form.get("materials", [])
    return ticked if isinstance(ticked, list) else [ticked] if ticked else []


@router.post("/{filing_id}/supply")
def supply(request: Request, user: Insured, form: Form, filing_id: str) -> Response:
    _own(request, user, filing_id)
    reference = str(form.get("reference", "")).strip()
    try:
        kinds = [MaterialKind(k) for k in _ticked(form)]
    except ValueError:
        return _back(request, user, filing_id, "未知的材料类型")
    if not kinds:
        return _back(request, user, filing_id, "请勾选要补充的材料")
    items = tuple(MaterialIn(k, reference) for k in kinds)
    try:
        filing_services.supply_materials(uow(request), actor(user, Channel.SELF_SERVICE), filing_id, items)
    except YidiError as exc:
        return _back(request, user, filing_id, _refused(exc))
    return RedirectResponse("/ui/me/filings", status_code=303)


def _change_errors(exc: YidiError, moving: bool) -> dict[str, str]:
    """A refusal beside the change form's field: a lock or "not applicable" names the filing, which
    on this form is the place being changed (or the form as a whole when no place was asked)."""
    return form_errors(
        exc, CHANGE_FIELDS, rename=lambda f: "treatment_region" if f == "filing_id" and moving else f
    )


@router.post("/{filing_id}/change")
def change(request: Request, user: Insured, form: Form, filing_id: str) -> Response:
    """变更: a new treatment place (with its proofs) and/or the chosen outpatient and chronic-disease
    hospitals, decided by ``filing_services.change`` under the region's locks."""
    _own(request, user, filing_id)
    outpatient, chronic = (str(form.get(k, "")).strip().upper() or None for k in ("outpatient_hospital", "chronic_hospital"))
    errors: dict[str, str] = {}
    asked = bool(str(form.get("treatment_region", "")).strip())  # a place typed: 大连, dalian or 210200
    region = places.place(form, "treatment_region", errors, CHANGE_FIELDS, required=False)
    valid_until = optional_date(form, "valid_until", errors)
    try:
        kinds = [MaterialKind(k) for k in _ticked(form)]
    except ValueError:
        kinds, errors["materials"] = [], "未知的材料类型"
    if not (asked or outpatient or chronic):
        errors["treatment_region"] = "请填写新的就医地，或新的门诊统筹 / 门诊慢特病定点医院"
    # every field's own problem now, not one per submit (whether a hospital lies in the place is
    # the change's decision: the place may be the filing's present one)
    place = check(errors, CHANGE_FIELDS, lambda: treatment_place(region), None) if region else None
    for name, code in (("outpatient_hospital", outpatient), ("chronic_hospital", chronic)):
        check(errors, CHANGE_FIELDS, partial(check_hospital, code, place, name), None)
    if not errors:
        reference = str(form.get("reference", "")).strip()
        try:
            filing_services.change(
                uow(request), actor(user, Channel.SELF_SERVICE), filing_id, treatment_region=region,
                outpatient_hospital=outpatient, chronic_hospital=chronic,
                workplace_changed=form.get("workplace_changed") == "yes",
                items=tuple(MaterialIn(k, reference, valid_until) for k in kinds),
                request_id=str(form.get("request_id") or "") or None,
            )  # fmt: skip
        except YidiError as exc:
            errors = _change_errors(exc, moving=asked)
    if errors:
        errors = ordered(errors, CHANGE_FIELDS)
        return filings_page(
            request,
            user,
            422,
            created=None,
            change_errors={filing_id: errors},
            change_values={filing_id: form},
        )
    return RedirectResponse(f"/ui/me/filings?changed={filing_id}#f-{filing_id}", status_code=303)
