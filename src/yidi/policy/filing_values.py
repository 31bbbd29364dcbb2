"""The kinds of the filing-rule parameters (备案规则参数的取值类型): name → a checker that returns
the typed value (categories and materials as domain enums) or raises ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Callable

from yidi.domain.filing.categories import Category
from yidi.domain.filing.materials import MaterialKind

LOCK_ACTIONS = ("change", "cancel")
LOCK_SCOPES = ("all", "cross_province")
LOCK_RUNS_FROM = ("effect", "registration")
HOME_BENEFITS = ("suspended", "two_way", "two_way_when_materials_complete")


def _int(v: object) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise ValueError(f"expected a non-negative integer, got {v!r}")
    return v


def _bool(v: object) -> bool:
    if not isinstance(v, bool):
        raise ValueError(f"expected true/false, got {v!r}")
    return v


def _int_list(v: object) -> tuple[int, ...]:
    if not isinstance(v, list):
        raise ValueError(f"expected a list of integers, got {v!r}")
    return tuple(_int(x) for x in v)


def _regions(v: object) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(isinstance(x, str) and len(x) == 6 and x.isdigit() for x in v):
        raise ValueError(f"expected a list of 6-digit region codes (quoted), got {v!r}")
    return tuple(v)


def _hospitals(v: object) -> tuple[str, ...] | str:
    """``any`` (every designated hospital of the region), or the list of hospital codes."""
    if v == "any":
        return "any"
    if not isinstance(v, list) or not all(isinstance(x, str) and len(x) == 12 and x[0] == "H" for x in v):
        raise ValueError(f"expected 'any' or a list of hospital codes (H + 11 digits), got {v!r}")
    return tuple(v)


def _grades(v: object) -> tuple[str, ...] | str:
    """``any``, or the hospital grades (registry ``hosp_lv``: 3A, 3B, 3, 2, 1, township, unrated)."""
    from yidi.domain.national.codes import HOSP_LV_NAMES

    if v == "any":
        return "any"
    if not isinstance(v, list) or not v or not all(x in HOSP_LV_NAMES for x in v):
        raise ValueError(f"expected 'any' or a list of hospital grades {tuple(HOSP_LV_NAMES)}, got {v!r}")
    return tuple(v)


def _choice(options: tuple[str, ...]) -> Callable[[object], str]:
    def check(v: object) -> str:
        if v not in options:
            raise ValueError(f"expected one of {options}, got {v!r}")
        return str(v)

    return check


def _by_category(inner: Callable[[object], object]) -> Callable[[object], dict[Category, object]]:
    def check(v: object) -> dict[Category, object]:
        if not isinstance(v, dict):
            raise ValueError(f"expected a mapping category → value, got {v!r}")
        out: dict[Category, object] = {}
        for k, x in v.items():
            try:
                out[Category(k)] = inner(x)
            except ValueError as exc:
                raise ValueError(f"{k}: {exc}") from None
        return out

    return check


def _categories(v: object) -> tuple[Category, ...]:
    if not isinstance(v, list):
        raise ValueError(f"expected a list of categories, got {v!r}")
    return tuple(Category(x) for x in v)


def _lock(v: object) -> dict[str, object]:
    if not isinstance(v, dict):
        raise ValueError(
            "expected a mapping with months, scope, applies_to, exempt_posted_worker_workplace_change, runs_from"
        )
    extra = set(v) - {"months", "scope", "applies_to", "exempt_posted_worker_workplace_change", "runs_from"}
    if extra:
        raise ValueError(f"unknown keys {sorted(extra)}")
    applies = v.get("applies_to")
    if not isinstance(applies, list) or not set(applies) <= set(LOCK_ACTIONS):
        raise ValueError(f"applies_to must be a list out of {LOCK_ACTIONS}")
    return {
        "months": _by_category(_int)(v.get("months")),
        "scope": _choice(LOCK_SCOPES)(v.get("scope")),
        "applies_to": tuple(applies),
        "exempt_posted_worker_workplace_change": _bool(v.get("exempt_posted_worker_workplace_change", False)),
        "runs_from": _choice(LOCK_RUNS_FROM)(v.get("runs_from", "effect")),
    }


def _opening(v: object) -> dict[str, object]:
    if not isinstance(v, dict) or set(v) != {"days", "scope"}:
        raise ValueError("expected a mapping with exactly: days, scope")
    return {"days": _by_category(_int)(v["days"]), "scope": _choice(LOCK_SCOPES)(v["scope"])}


def _materials(v: object) -> dict[Category, object]:
    def groups(x: object) -> tuple[tuple[MaterialKind, ...], ...]:
        if not isinstance(x, list):
            raise ValueError("expected a list of groups; a group is a kind or a list of alternative kinds")
        out = []
        for g in x:
            alts = g if isinstance(g, list) else [g]
            out.append(tuple(MaterialKind(a) for a in alts))
        return tuple(out)

    return _by_category(groups)(v)


PARAMETERS: dict[str, Callable[[object], object]] = {
    "commitment_deadline_months": _int,
    "commitment_reminder_days": _int_list,
    "commitment_categories": _categories,
    "credit_restriction_months": _int,
    "temporary_validity_months": _int,
    "place_change_lock": _lock,
    "opening_delay_working_days": _opening,
    "posted_worker_min_posting_months": _int,
    "no_filing_temporary_regions": _regions,
    "auto_filing_temporary": _bool,
    "outpatient_account_without_filing": _bool,
    "emergency_flag_counts_as_filing": _bool,
    "home_benefits_during_filing": _choice(HOME_BENEFITS),
    "self_service_backdate_days": _int,
    "home_regions": _regions,
    "materials": _materials,
    "outside_cross_region": _regions,
    "max_days_ahead": _int,
    "referral_delegated_hospitals": _hospitals,
    "transfer_out_hospital_grades": _grades,
}
