"""Compliance of a region's temporary-visit benefits with the 2025 guidance (004 二), on a date,
for the policy in force or for a reform overlay (checked before it is projected).

For each scheme, person class, temporary category (referral, emergency, temporary) and hospital
level class of the region's benefit file, the deductible and pooled ratio are resolved with the
desk's own resolver, once for the category and once for the region's local category (the data in
``fund/compliance.yaml``), and handed to ``domain.fund.compliance.check``. A local value is an
assumption when the region's local standard is (A-FND-04) or the value itself rests on one
(铁岭's local values, A-SET-04). Rows that say the same thing (same category, level and values)
are shown once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from yidi.domain.fund.compliance import TEMPORARY_CATEGORIES, Setting, check, report
from yidi.domain.settlement.policy import RegionPolicy
from yidi.domain.settlement.resolution import resolve
from yidi.policy.clearing import fund_tolerances
from yidi.policy.fund_compliance import compliance_data
from yidi.policy.loader import load_region

PARAMETERS = ("deductible", "pooled_ratio")


def settings_of(policy: RegionPolicy, day: date, local_category: str, local_assumed: bool) -> list[Setting]:
    out: list[Setting] = []
    seen: set[tuple[str, str, str, int, int]] = set()
    for insutype, scheme in policy.schemes.items():
        psn_types = _one_code_per_class(scheme.maps["psn_type"])
        levels = _one_code_per_class(scheme.maps["hosp_lv"])
        categories = [c for c in TEMPORARY_CATEGORIES if c in scheme.maps["filing_category"]]
        for category in categories:
            for psn_type in psn_types:
                for level in levels:
                    request = {"insutype": insutype, "psn_type": psn_type, "hosp_lv": level}
                    value = resolve(policy, {**request, "filing_category": category}, day)
                    local = resolve(policy, {**request, "filing_category": local_category}, day)
                    for name in PARAMETERS:
                        key = (name, category, level, value.number(name), local.number(name))
                        if key in seen:
                            continue
                        seen.add(key)
                        assumed = local_assumed or bool(local.values[name].citation.assumed)
                        out.append(Setting(name, category, level, key[3], key[4], assumed))
    return out


def _one_code_per_class(maps: dict[str, Any]) -> list[str]:
    """The first request code of each class, in the file's order (3 for 三级, 2, 1 …)."""
    first: dict[str, str] = {}
    for code, m in maps.items():
        first.setdefault(m.klass, code)
    return list(first.values())


def compliance(region: str, day: date, overlays: dict[str, RegionPolicy] | None = None) -> dict[str, Any]:
    """The ``yidi policy compliance --json`` body for ``region`` on ``day``."""
    data = compliance_data()
    spec = data.region(region)
    policy = (overlays or {}).get(region) or load_region(region)
    settings = settings_of(policy, day, spec.local_category, spec.assumption is not None)
    items = check(settings, spec.single_temporary_type, fund_tolerances(day))
    return report(region, day, items)
