"""The public service desk (公共服务, issue 19 scope 10): what the problem list says people cannot
find without an agency (三(二) no information online, 三(三) institutions that refuse direct
settlement), answered without signing in and linked from the sign-in page and every footer:

* ``/ui/public/guide`` which filing do I need, with the materials of each category (per 参保地);
* ``/ui/public/claims`` the materials of each manual-claim type (一次性告知);
* ``/ui/public/institutions`` the institutions of a city that settle directly (hospital registry);
* ``/ui/public/policy`` the benefits in force per pooling region, each with its source document;
* the agencies' phone, address and hours are ``/ui/help`` (``help_pages``).

The pages only read the rules and the registry; they know no person.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from yidi.domain.errors import YidiError
from yidi.domain.filing.categories import LABELS_ZH, Category
from yidi.domain.filing.materials import group_label
from yidi.domain.regions import LIAONING_POOLING_REGIONS
from yidi.domain.settlement.parameters import PARAMS
from yidi.entrypoints.web.common import render, uow
from yidi.entrypoints.web.errors import form_errors
from yidi.entrypoints.web.places import place_code
from yidi.service_layer import claims_services, public_desk
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

router = APIRouter(prefix="/ui/public", include_in_schema=False)
# the benefit values a person compares (the method switches stay on the staff page)
PEOPLE_PARAMS = (
    "deductible",
    "pooled_ratio",
    "pooled_annual_cap",
    "major_ratio",
    "major_annual_cap",
    "cvlserv_ratio",
)


def filing_answer(u: SqlAlchemyUnitOfWork, region: str, category: str) -> dict[str, Any] | None:
    """What the rules of the 参保地 ``region`` ask for a filing of ``category`` today: the materials
    (一次性告知), whether the commitment (告知承诺制) is open to it and its deadline, with clauses."""
    if category not in {c.value for c in Category}:
        return None
    rules, today = u.rules.for_region(region), u.clock()
    materials = rules.get("materials", today)
    commitment = rules.get("commitment_categories", today)
    months = rules.get("commitment_deadline_months", today)
    return {
        "category": category,
        "materials": [
            group_label(tuple(g)) for g in rules.as_dict("materials", today).get(Category(category), ())
        ],
        "materials_clause": str(materials.clause),
        "commitment": Category(category) in rules.as_tuple("commitment_categories", today),
        "commitment_clause": str(commitment.clause),
        "terms": {"months": months.value, "clause": str(months.clause), "today": today},
    }


@router.get("", response_class=HTMLResponse)
def desk(request: Request) -> Response:
    return render(request, "public/index.html")


@router.get("/guide", response_class=HTMLResponse)
def guide(request: Request, insured: str = "219900", category: str = "") -> Response:
    region = insured if insured in LIAONING_POOLING_REGIONS else "219900"
    answer = filing_answer(uow(request), region, category)
    return render(
        request, "public/guide.html", regions=LIAONING_POOLING_REGIONS, insured=region, chosen=category,
        categories=LABELS_ZH, answer=answer,
    )  # fmt: skip


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request) -> Response:
    return render(request, "public/claims.html", types=claims_services.describe_types())


@router.get("/institutions", response_class=HTMLResponse)
def institutions(request: Request, city: str = "") -> Response:
    found, errors, code = None, {}, ""
    if city.strip():
        try:
            code = place_code(city, "city")
            found = public_desk.institutions(lambda: uow(request), code)
        except YidiError as exc:
            errors = form_errors(exc, ("city",), rename=lambda _: "city")
    return render(request, "public/institutions.html", city=city, code=code, found=found, errors=errors)


@router.get("/policy", response_class=HTMLResponse)
def policy(request: Request, insured: str = "") -> Response:
    regions = public_desk.policy_regions()
    chosen = next((p for p in regions if p.region == insured), regions[0])
    day = date.today()
    rows = [{**r, "value": _percent(r)} for r in public_desk.policy_rows(chosen, day, PEOPLE_PARAMS)]
    return render(request, "public/policy.html", regions=regions, chosen=chosen, day=day, rows=rows)


def _percent(row: dict[str, Any]) -> str:
    """A ratio as people say it (0.8900 → 89%), exactly; other values as they are."""
    if PARAMS[row["name"]].kind != "ratio":
        return str(row["value"])
    try:
        return format((Decimal(str(row["value"])) * 100).normalize(), "f") + "%"
    except InvalidOperation:
        return str(row["value"])
