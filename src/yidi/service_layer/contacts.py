"""Help contacts (issue 19 scope 5): the national service line and each pooling region's agency,
the packaged defaults (``policy.contacts``) with an administrator's changes over them.

Every Liaoning pooling region is listed, so the administrator can fill in one the packaged data
does not know; until then it is named after its city and its phone is empty (pages then point to
the national line; assumption A-WEB-01).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from yidi.domain.contacts import AgencyContact, Hotline, checked
from yidi.domain.regions import LIAONING_POOLING_REGIONS
from yidi.policy.contacts import packaged
from yidi.service_layer.unit_of_work import SqlAlchemyUnitOfWork


def hotline() -> Hotline:
    return packaged()[0]


def _defaults() -> dict[str, AgencyContact]:
    known = packaged()[1]
    out = {
        code: known.get(code) or AgencyContact(code, f"{name}医疗保障经办机构", source="A-WEB-01")
        for code, name in LIAONING_POOLING_REGIONS.items()
    }
    return {**out, **known}


def _changed(c: AgencyContact, values: dict[str, str] | None) -> AgencyContact:
    if not values:
        return c
    return replace(
        c, agency=values["agency"], phone=values["phone"], address=values["address"], hours=values["hours"],
        updated_by=values["updated_by"], source="",  # an administrator's entry, not the packaged source
    )  # fmt: skip


def all_contacts(uow: SqlAlchemyUnitOfWork) -> list[AgencyContact]:
    """Every region's contact, 省直 first then the cities in code order, changes applied."""
    with uow:
        changed = uow.contacts.changed()
    merged = [_changed(c, changed.get(code)) for code, c in _defaults().items()]
    return sorted(merged, key=lambda c: (c.region != "219900", c.region))


def contact_for(uow: SqlAlchemyUnitOfWork, region: str) -> AgencyContact | None:
    """The agency of ``region`` (a county's city; None for a region outside Liaoning)."""
    city = region if region == "219900" else region[:4] + "00"
    return next((c for c in all_contacts(uow) if c.region == city), None)


def save(
    uow: SqlAlchemyUnitOfWork, region: str, agency: str, phone: str, address: str, hours: str, *, by: str
) -> AgencyContact:
    """An administrator's change of a region's contact (``InvalidInput`` naming every bad field)."""
    values = checked(region, agency, phone, address, hours)
    with uow:
        uow.contacts.save(region, values, by, datetime.now(UTC))
        uow.commit()
    found = contact_for(uow, region)
    assert found is not None
    return found
