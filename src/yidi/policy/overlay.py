"""Reforms as overlays (政策调整测算): new parameter values applied in memory over a region.

An overlay has the same shape as a file's ``parameters`` section, e.g.
``{"deductible": [{"when": {"filing_category": "temporary"}, "by_hosp_lv": {"l3": 1200}, "from":
"2025-01-01", "source": "测算方案A", "assumption": true}]}``. Its values form the overlay layer,
which outranks the base file wherever it matches (``domain.rules.timeline``); everywhere else
the base applies. Fund projection re-prices past claims with the overlaid policy through the
same kernel.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from yidi.domain.errors import PolicyFileError
from yidi.domain.rules import Layer
from yidi.domain.settlement.parameters import PARAMS
from yidi.domain.settlement.policy import RegionPolicy
from yidi.policy.params import parse_param_entries


def apply_overlay(policy: RegionPolicy, overlay: dict[str, Any], name: str = "overlay") -> RegionPolicy:
    """A new policy with the overlay's values ranking above the base (the base is unchanged)."""
    if not isinstance(overlay, dict):
        raise PolicyFileError(name, "<root>", "调整方案应为映射 / overlay must be a mapping")
    params = dict(policy.params)
    for pname, entries in overlay.items():
        if pname not in PARAMS:
            raise PolicyFileError(name, pname, "未知参数 / unknown parameter")
        added = parse_param_entries(pname, entries, policy.schemes, name, layer=Layer.OVERLAY)
        params[pname] = added + params[pname]
    return replace(policy, params=params, name=f"{policy.name}（{name}）")


def overlays_from_text(text: str, name: str = "overlay") -> dict[str, RegionPolicy]:
    """A reform file ``{region: {parameter: [entries]}}`` (YAML) → each region's overlaid policy.

    The same format as ``yidi settle-batch --overlay``; used by the projection and the compliance
    check (an overlay is checked before it is projected)."""
    import yaml

    from yidi.policy.loader import load_region

    try:
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise PolicyFileError(name, "-", f"YAML 语法错误 / not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise PolicyFileError(
            name, "<root>", "调整方案应为 {统筹区: {参数: [...]}} / overlay must map region → parameters"
        )
    return {
        str(region): apply_overlay(load_region(str(region)), params, name) for region, params in raw.items()
    }
