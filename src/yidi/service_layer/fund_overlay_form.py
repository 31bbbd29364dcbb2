"""The overlay of a 基金测算 edited as a form (调整参数表): the region's current deductibles and pooled
ratios per scheme, person class, filing class and hospital level, and its annual cap, major-expense
ratio and civil-servant ratio, as they apply on a day; the values a policy maker changes become
overlay entries (the YAML of ``settle-batch --overlay``) from the first day of the window, each an
assumption of the scenario. Unchanged values produce nothing, so the overlay holds only the reform.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from yidi.domain.errors import InvalidInput
from yidi.domain.money import fmt_fen, fmt_ratio, parse_fen, parse_ratio_bp
from yidi.domain.settlement.resolution import resolve
from yidi.policy.loader import load_region

PER_LEVEL = ("deductible", "pooled_ratio")
PER_SCHEME = ("pooled_annual_cap", "major_ratio")
PER_CATEGORY = ("cvlserv_ratio",)
RATIOS = {"pooled_ratio", "major_ratio", "cvlserv_ratio"}


@dataclass(frozen=True)
class Cell:
    param: str
    insutype: str
    psn_class: str
    category: str  # filing class, "*" for a scheme-wide value
    level: str  # hosp_lv class, "*" for a value not by level
    current: int

    @property
    def key(self) -> str:
        return "|".join((self.param, self.insutype, self.psn_class, self.category, self.level))

    @property
    def text(self) -> str:
        return fmt_ratio(self.current) if self.param in RATIOS else fmt_fen(self.current)


def _first_codes(maps: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for code, m in maps.items():
        out.setdefault(m.klass, code)
    return out


def cells(region: str, day: date) -> list[Cell]:
    policy = load_region(region)
    out: list[Cell] = []
    for insutype, scheme in policy.schemes.items():
        psn = _first_codes(scheme.maps["psn_type"])
        cats = _first_codes(scheme.maps["filing_category"])
        lvs = _first_codes(scheme.maps["hosp_lv"])
        seen_scheme: set[str] = set()
        for pclass, pcode in psn.items():
            for cclass, ccode in cats.items():
                for lclass, lcode in lvs.items():
                    r = resolve(policy, {"insutype": insutype, "psn_type": pcode, "filing_category": ccode,
                                         "hosp_lv": lcode}, day)  # fmt: skip
                    for p in PER_LEVEL:
                        out.append(Cell(p, insutype, pclass, cclass, lclass, r.number(p)))
                    for p in PER_CATEGORY:
                        value = r.value(p)
                        if lclass == next(iter(lvs)) and isinstance(value, int):
                            out.append(Cell(p, insutype, pclass, cclass, "*", value))
                    for p in PER_SCHEME:
                        value = r.value(p)
                        if p not in seen_scheme and isinstance(value, int) and not isinstance(value, bool):
                            seen_scheme.add(p)
                            out.append(Cell(p, insutype, "*", "*", "*", value))
    return out


def overlay_text(region: str, start: date, table: list[Cell], form: dict[str, str]) -> str:
    """The YAML overlay of the changed cells ("" when nothing changed); bad cells all at once."""
    problems: list[InvalidInput] = []
    entries: dict[str, list[dict[str, Any]]] = {}
    for c in table:
        raw = str(form.get(f"v:{c.key}", "")).strip()
        if not raw or raw == c.text:
            continue
        try:
            value = parse_ratio_bp(raw, c.key) if c.param in RATIOS else parse_fen(raw, c.key)
        except InvalidInput as exc:
            problems.append(exc)
            continue
        if value == c.current:
            continue
        when = {"insutype": c.insutype}
        if c.psn_class != "*":
            when["psn_type"] = c.psn_class
        if c.category != "*":
            when["filing_category"] = c.category
        shown = fmt_ratio(value) if c.param in RATIOS else fmt_fen(value)
        entry: dict[str, Any] = {"when": when}
        entry |= {"by_hosp_lv": {c.level: shown}} if c.level != "*" else {"value": shown}
        entry |= {"from": start.isoformat(), "source": "测算方案（网页编辑）", "assumption": True}
        entries.setdefault(c.param, []).append(entry)
    if problems:
        raise InvalidInput([p for exc in problems for p in exc.problems])
    if not entries:
        return ""
    return yaml.safe_dump({region: entries}, allow_unicode=True, sort_keys=False)
