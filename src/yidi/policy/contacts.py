"""The packaged help contacts (``policy/data/contacts/contacts.yaml``): the national service line
and each region's agency, read once and checked (known keys, texts, a citation per region)."""

from __future__ import annotations

from functools import cache

from yidi.domain.contacts import AgencyContact, Hotline
from yidi.policy.files import Fields, data_dir, read_yaml

_REGION_KEYS = {"agency", "phone", "address", "hours", "online", "source"}
FILE = "contacts/contacts.yaml"


@cache
def packaged() -> tuple[Hotline, dict[str, AgencyContact]]:
    f = Fields(FILE)
    raw = f.mapping(read_yaml(data_dir("contacts") / "contacts.yaml", FILE), "<root>", {"hotline", "regions"})
    line = f.mapping(raw.get("hotline"), "hotline", {"number", "label", "source"}, required={"number", "label", "source"})
    hotline = Hotline(*(f.text(line[k], f"hotline.{k}") for k in ("number", "label", "source")))
    regions = {}
    for code, entry in f.mapping(raw.get("regions"), "regions").items():
        where = f"regions.{code}"
        e = f.mapping(entry, where, _REGION_KEYS, required={"agency", "source"})
        online = e.get("online") or []
        if not isinstance(online, list):
            f.fail(f"{where}.online", "应为列表 / must be a list")
        phone, address, hours = (f.optional_text(e.get(k) or None, f"{where}.{k}") or "" for k in ("phone", "address", "hours"))
        regions[str(code)] = AgencyContact(
            str(code),
            f.text(e["agency"], f"{where}.agency"),
            phone,
            address,
            hours,
            online=tuple(f.text(o, f"{where}.online") for o in online),
            source=f.text(e["source"], f"{where}.source"),
        )
    return hotline, regions
