"""Hospital desk (医院端): emergency-criteria check, screening, referral-catalogue search.

The verdicts, trees and source texts come from ``yidi.domain.criteria``; the search from
``yidi.policy.referral``. The page only turns form fields into the facts object the evaluator
validates (numbers as numbers, 是/否 as booleans, ticked options as sets).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from yidi.domain.criteria import evaluate, screen
from yidi.domain.criteria.vocabulary import FactSpec
from yidi.domain.errors import YidiError
from yidi.entrypoints.web.common import Desk, Form, render
from yidi.entrypoints.web.errors import form_errors
from yidi.entrypoints.web.pdf import print_view
from yidi.policy import referral
from yidi.policy.criteria import load_criteria

router = APIRouter(prefix="/ui/desk", include_in_schema=False)


def facts_from_form(form: dict[str, Any], specs: list[FactSpec]) -> dict[str, object]:
    """Form fields ``fact.<key>`` → the evaluator's raw facts; blank means "not known"."""
    out: dict[str, object] = {}
    for spec in specs:
        raw = form.get(f"fact.{spec.key}")
        if spec.type == "set":
            ticked = raw if isinstance(raw, list) else [raw] if raw else []
            if ticked:
                out[spec.key] = ticked
        elif raw in (None, ""):
            continue
        elif spec.type == "boolean":
            out[spec.key] = raw == "true"
        elif spec.type == "enum":
            out[spec.key] = str(raw)
        else:
            try:
                out[spec.key] = float(str(raw)) if "." in str(raw) else int(str(raw))
            except ValueError:
                out[spec.key] = str(raw)  # the vocabulary names the problem
    return out


def fact_field(field: str) -> str:
    """The form field of a fact the evaluator names (``facts.lactate`` → ``fact.lactate``)."""
    return "fact." + field.removeprefix("facts.") if field.startswith("facts.") else field


def _disease_specs(disease_code: str) -> tuple[Any, list[FactSpec]]:
    criteria = load_criteria()
    disease = criteria.find(disease_code)
    vocab = criteria.vocabulary
    return disease, [vocab.facts[k] for k in sorted(disease.facts) if k in vocab.facts]


@router.get("/criteria", response_class=HTMLResponse)
def criteria_page(request: Request, user: Desk, disease: str = "") -> Response:
    criteria = load_criteria()
    chosen, specs = _disease_specs(disease) if disease else (None, [])
    return render(request, "desk/criteria.html", criteria=criteria, chosen=chosen, specs=specs)


@router.post("/criteria", response_class=HTMLResponse)
def criteria_check(request: Request, user: Desk, form: Form) -> Response:
    criteria = load_criteria()
    chosen, specs = _disease_specs(str(form.get("disease", "")))
    facts = facts_from_form(form, specs)
    try:
        result = evaluate(criteria, chosen.code, facts).as_dict()
    except YidiError as exc:
        errors = form_errors(exc, [f"fact.{s.key}" for s in specs], rename=fact_field)
        return render(
            request, "desk/criteria.html", status_code=422, criteria=criteria, chosen=chosen,
            specs=specs, values=form, errors=errors,
        )  # fmt: skip
    return render(
        request, "desk/criteria.html", criteria=criteria, chosen=chosen, specs=specs, values=form,
        result=result, labels=fact_labels(criteria), print_query=_fact_query(chosen.code, form),
    )  # fmt: skip


def _fact_query(disease: str, form: dict[str, Any]) -> str:
    """The disease and the facts as a query string: the print view re-evaluates from it."""
    pairs = [("disease", disease)]
    for k, v in form.items():
        if k.startswith("fact."):
            pairs += [(k, str(one)) for one in (v if isinstance(v, list) else [v]) if one != ""]
    return urlencode(pairs)


@router.get("/criteria/print", response_class=HTMLResponse)
def criteria_print(request: Request, user: Desk, disease: str = "") -> Response:
    """The verdict for the case file (病案留存): a print view, ``?format=pdf`` its PDF; the facts
    come in the query and are evaluated again, so the sheet is the evaluator's answer."""
    criteria = load_criteria()
    chosen, specs = _disease_specs(disease)
    form: dict[str, Any] = {}
    for k in request.query_params:
        found = request.query_params.getlist(k)
        form[k] = found if len(found) > 1 else found[0]
    result = evaluate(criteria, chosen.code, facts_from_form(form, specs)).as_dict()
    given = [(s.label, form[f"fact.{s.key}"]) for s in specs if form.get(f"fact.{s.key}") not in (None, "")]
    return print_view(
        request, "print/criteria.html", f"急危重病种核对-{chosen.name}.pdf", result=result, chosen=chosen,
        given=given, labels=fact_labels(criteria), summary=criteria.summary(), today=date.today(),
        back_href=f"/ui/desk/criteria?disease={chosen.code}",
    )  # fmt: skip


@router.get("/screen", response_class=HTMLResponse)
def screen_page(request: Request, user: Desk) -> Response:
    criteria = load_criteria()
    return render(request, "desk/screen.html", specs=list(criteria.vocabulary.facts.values()))


@router.post("/screen", response_class=HTMLResponse)
def screen_check(request: Request, user: Desk, form: Form) -> Response:
    criteria = load_criteria()
    specs = list(criteria.vocabulary.facts.values())
    try:
        result = screen(criteria, facts_from_form(form, specs)).as_dict()
    except YidiError as exc:
        errors = form_errors(exc, [f"fact.{s.key}" for s in specs], rename=fact_field)
        return render(request, "desk/screen.html", status_code=422, specs=specs, values=form, errors=errors)
    return render(
        request, "desk/screen.html", specs=specs, values=form, result=result, labels=fact_labels(criteria)
    )


@router.get("/referral", response_class=HTMLResponse)
def referral_page(request: Request, user: Desk, region: str = "", q: str = "") -> Response:
    catalogues = referral.available_catalogues()
    region = region or (catalogues[0].region if catalogues else "")
    hits, errors = [], {}
    if q.strip():
        try:
            hits = [h.as_dict() for h in referral.search(region, q, limit=20)]
        except YidiError as exc:  # a bad query beside the search box; a region without a catalogue on top
            errors = form_errors(exc, ("q",), rename=lambda f: "q" if f == "query" else f)
    return render(
        request, "desk/referral.html", catalogues=catalogues, region=region, q=q, hits=hits,
        errors=errors, searched=bool(q.strip()),
    )  # fmt: skip


def fact_labels(criteria: Any) -> dict[str, str]:
    vocab = criteria.vocabulary
    labels = {k: s.label for k, s in vocab.facts.items()}
    labels.update({k: s.label for k, s in vocab.derived.items()})
    return labels
