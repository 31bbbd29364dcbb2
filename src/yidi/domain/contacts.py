"""Where a person gets help (issue 19 scope 5): the national service line and each pooling
region's agency — name, phone, counter address, opening hours, channels that need no visit.

Seed 004 一(一) asks every city to publish its agency's service phone with the filing information;
seed 003 三(二) records that published phones go unanswered, so the national line (12393) is always
named as well. The values are data (``policy/data/contacts``), changed by an administrator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from yidi.domain.errors import Problems

_PHONE = re.compile(r"^[0-9０-９+（）()\-\s、,，转]{0,60}$")
LIMITS = {"agency": 60, "phone": 60, "address": 120, "hours": 120}


@dataclass(frozen=True)
class Hotline:
    number: str
    label: str
    source: str


@dataclass(frozen=True)
class AgencyContact:
    """A pooling region's agency as people reach it; empty fields are unknown, not absent."""

    region: str
    agency: str
    phone: str = ""
    address: str = ""
    hours: str = ""
    online: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""
    updated_by: str = ""  # the administrator who last changed it ("" = the packaged default)


def checked(region: str, agency: str, phone: str, address: str, hours: str) -> dict[str, str]:
    """An administrator's edit, every problem at once (``InvalidInput`` naming the fields)."""
    values = {"agency": agency.strip(), "phone": phone.strip(), "address": address.strip(), "hours": hours.strip()}
    problems = Problems()
    if not values["agency"]:
        problems.add("agency", "请填写经办机构名称", "the agency's name is required")
    for key, limit in LIMITS.items():
        if len(values[key]) > limit:
            problems.add(key, f"最多 {limit} 个字", f"{key}: at most {limit} characters")
    if not _PHONE.match(values["phone"]):
        problems.add("phone", "电话只能包含数字、区号连字符和“转”，多个号码用顿号分隔", "phone: digits and separators only")
    if not re.fullmatch(r"\d{6}", region):
        problems.add("region", "统筹区代码应为 6 位数字", "region must be a 6-digit code")
    problems.check()
    return values
