"""The public service desk's reads (issue 19 scope 10; the problem list 三(二), 三(三)): what anyone
may know without signing in — which institutions in a place settle directly, and the benefit
policy in force per pooling region with its source. Nothing here names a person.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from yidi.domain.settlement.explain import param_entry
from yidi.domain.settlement.parameters import PARAMS
from yidi.policy.loader import RegionPolicy, available_regions, load_region
from yidi.policy.sources import documents
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork

# what an institution may settle directly (hospitals.services, A-WEB-12), in display order
SERVICES = ("inpatient", "outpatient", "pharmacy")


def covers(place: str, region: str) -> bool:
    """A province code (xx0000) covers its cities, a city code (xxxx00) its counties and districts."""
    if place.endswith("0000"):
        return region[:2] == place[:2]
    if place.endswith("00"):
        return region[:4] == place[:4]
    return region == place


def institutions(factory: Callable[[], SqlAlchemyUnitOfWork], place: str) -> list[dict[str, Any]]:
    """The active institutions on the national interface within ``place`` (a division code), each
    with what it settles directly: inpatient always, outpatient and pharmacy as recorded."""
    with factory() as uow:
        rows = uow.hospital.hospitals()
    out = []
    for r in rows:
        if not r["active"] or not covers(place, r["region"]):
            continue
        recorded = {s.strip() for s in str(r.get("services") or "inpatient").split(",")}
        out.append(
            {"code": r["code"], "name": r["name"], "region": r["region"], "hosp_lv": r["hosp_lv"],
             "services": [s for s in SERVICES if s in recorded or s == "inpatient"]}
        )  # fmt: skip
    return sorted(out, key=lambda h: (h["region"], h["name"]))


def policy_regions() -> list[RegionPolicy]:
    """The pooling regions with a benefit-policy file."""
    return [load_region(r) for r in available_regions()]


def policy_rows(
    chosen: RegionPolicy, day: date, names: tuple[str, ...] = tuple(PARAMS)
) -> list[dict[str, Any]]:
    """The values of ``chosen`` in force on ``day``: label, scope (e.g. 长期/三级医院), value, dates
    and the source in people's words (an assumption as the clerk's words, its id apart) with the
    cited document's issuer and title."""
    rows = []
    for name in names:
        for v in chosen.params[name]:
            if v.covers(day):
                scope = "；".join(
                    "/".join(sorted(chosen.class_label(d, k) for k in c)) for d, c in v.selector
                )
                found = documents().find(v.citation.source)
                title = "" if found is None else f"《{found.title}》"
                if found is not None and found.issuer and not found.title.startswith(found.issuer):
                    title = found.issuer + title
                rows.append({**param_entry(v), "scope": scope or "全部", "document": title})
    return rows
