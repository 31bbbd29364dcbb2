"""Locks on changing or cancelling a filing (变更/取消时限).

One dated parameter, ``place_change_lock``, carries the rule of each period:

* 2017 省直 cross-province (seed 002 第十二条): no change of place within 1 year of registration
  for retirees and long-term residents, 6 months for posted workers;
* 2021 省直 (seed 000 一): a change of place not sooner than 6 months after the last, except a
  posted worker whose workplace changed;
* 2025 province (seed 004 一(一)): no change *or cancel* within 6 months of taking effect.

Temporary filings may be cancelled at any time (seed 004 一(一)); locks apply to long-term ones.
The lock runs from ``place_effective_from``: the filing's start, or its last change of place —
except where the rule says ``runs_from: registration`` (2017: 登记备案后一年内), where a filing's
first place locks from the day it was registered (``filed_on``), not from its opening 15 working
days later.
"""

from __future__ import annotations

from datetime import date

from yidi.domain.errors import FilingRefused
from yidi.domain.filing.categories import Category
from yidi.domain.filing.clauses import Reason
from yidi.domain.filing.dates import add_months
from yidi.domain.filing.filing import Filing
from yidi.domain.filing.rules import RegionRules
from yidi.domain.regions import is_cross_province

ACTION_ZH = {"change": "变更", "cancel": "取消"}
ACTION_EN = {"change": "changed", "cancel": "cancelled"}
WHEN_ZH = {"effect": "生效", "registration": "登记备案"}


def lock_start(filing: Filing, runs_from: str) -> date:
    """The day the lock counts from: the place's effect, or its registration (``filed_on`` for the
    filing's first place; a change of place is registered and takes effect the same day)."""
    if runs_from == "registration" and filing.place_effective_from == filing.start_date:
        return min(filing.filed_on, filing.place_effective_from)
    return filing.place_effective_from


def check_lock(
    filing: Filing,
    action: str,
    today: date,
    rules: RegionRules,
    *,
    new_region: str | None = None,
    workplace_changed: bool = False,
) -> Reason | None:
    """Refuse a locked change/cancel; return a Reason when an exemption let it through."""
    if not filing.long_term:
        return None
    param = rules.get("place_change_lock", today)
    spec = param.value
    assert isinstance(spec, dict)
    if action not in spec["applies_to"]:
        return None
    if spec["scope"] == "cross_province" and not (
        is_cross_province(filing.insured_region, filing.treatment_region)
        or (new_region is not None and is_cross_province(filing.insured_region, new_region))
    ):
        return None
    months = int(spec["months"].get(filing.category, 0))
    if months == 0:
        return None
    since = lock_start(filing, str(spec.get("runs_from", "effect")))
    unlocked_on = add_months(since, months)
    if today >= unlocked_on:
        return None
    params: dict[str, object] = {
        "lock_months": months,
        "effective_from": since,
        "unlocked_on": unlocked_on,
        "action": action,
        "rule_source": param.origin,
    }
    if (
        action == "change"
        and spec["exempt_posted_worker_workplace_change"]
        and filing.category is Category.POSTED_WORKER
        and workplace_changed
    ):
        return Reason(
            "lock.posted_worker_workplace_change",
            "常驻异地工作人员工作地变更，不受就医地变更间隔 6 个月的限制",
            "posted worker whose workplace changed: exempt from the 6-month change interval",
            param.clause,
            params,
        )
    raise FilingRefused(
        "FILING_LOCKED",
        Reason(
            "lock.place_change",
            f"长期备案自 {since} {WHEN_ZH[str(spec.get('runs_from', 'effect'))]}，{months} 个月内不得"
            f"{ACTION_ZH[action]}；{unlocked_on} 起可以办理",
            f"a long-term filing may not be {ACTION_EN[action]} within {months} months of "
            f"{since}; possible from {unlocked_on}",
            param.clause,
            params,
            "filing_id",
        ),
    )
