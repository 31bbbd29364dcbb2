"""Filing at the agency counter (窗口备案, 辽医保中心发〔2021〕45号 二（二）): what the clerk
needs for one category, and filing that finishes the person's draft instead of opening a second.

A counter filing without complete materials and without the commitment is a draft (草稿, not in
force: ``creation.decide_status``). When the person comes back with the rest, the same counter
form finishes that draft — the materials now seen are added to it (``supply_materials``) and it
comes into force once nothing is missing — rather than leaving two filings for one trip.
"""

from __future__ import annotations

from typing import Any

from yidi.domain.actors import Actor
from yidi.domain.filing.categories import Category
from yidi.domain.filing.creation import NewFiling
from yidi.domain.filing.materials import group_label
from yidi.service_layer import filing_services, queries
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

Result = dict[str, Any]


def category_terms(uow: SqlAlchemyUnitOfWork, insured_region: str, category: Category) -> Result:
    """The materials one category needs in the person's insured region (groups of alternatives)
    and whether the category may be filed under a commitment, with the clauses."""
    with uow:
        rules, today = uow.rules.for_region(insured_region), uow.clock()
    groups = [tuple(g) for g in rules.as_dict("materials", today).get(category, ())]
    return {
        "groups": [{"kinds": [str(k) for k in g], "label": group_label(g)} for g in groups],
        "kinds": list(dict.fromkeys(str(k) for g in groups for k in g)),
        "materials_clause": str(rules.get("materials", today).clause),
        "commitment": category in rules.as_tuple("commitment_categories", today),
        "commitment_clause": str(rules.get("commitment_categories", today).clause),
    }


def open_draft(filings: list[Result], category: str, treatment_region: str) -> Result | None:
    """The person's draft of this category and place, if any (the one a second visit finishes)."""
    return next(
        (f for f in filings if f["status"] == "draft" and f["category"] == category
         and f["treatment_region"] == treatment_region),
        None,
    )  # fmt: skip


def file_at_counter(
    uow: SqlAlchemyUnitOfWork, actor: Actor, id_number: str, req: NewFiling, *, request_id: str | None = None
) -> Result:
    """File at the counter, or finish the person's draft of the same category and place with the
    materials seen now; ``finished_draft`` names the draft that was finished."""
    filings = queries.list_filings(uow, id_number, actor=actor)
    draft = open_draft(filings, str(req.category), req.treatment_region)
    if draft is None:
        return {
            **filing_services.file(uow, actor, id_number, req, request_id=request_id),
            "finished_draft": None,
        }
    have = {str(m["kind"]) for m in draft["materials"]}
    new = tuple(m for m in req.materials if str(m.kind) not in have)
    result = filing_services.supply_materials(uow, actor, str(draft["id"]), new, request_id=request_id)
    return {**result, "finished_draft": draft["id"]}
