"""Compliance of a region's temporary-visit benefits with the 2025 provincial guidance (004 二).

临时就医人员……按参保地同级别定点医疗机构待遇标准适当下调，原则上，
- 起付标准增幅在本地同级别定点医疗机构的2.5倍左右 — a temporary visit's deductible (referral,
  emergency and other temporary outings alike) is about 2.5 × the local same-level deductible:
  ``deviation = value ÷ local`` against ``guidance = 2.5``;
- 异地转诊就医和异地急诊抢救支付比例降幅在10个百分点左右 — referral and emergency ratios about 10
  points below local: ``deviation = (value − local)`` in points against ``guidance = −10``;
- 非急诊且未转诊临时外出就医支付比例降幅在20个百分点左右 — other temporary outings about 20 points
  below: ``guidance = −20``;
- 整合实施一种临时就医备案类型的统筹区，临时就医报销比例下调幅度在10个百分点左右 — a region that runs
  one temporary filing type: −10 for it.

"About" (左右) is a tolerance, and the seeds do not quantify it: ``Tolerances`` holds yidi's
reading as assumptions (A-FND-01, A-FND-02 in docs/operations.md). An item complies when
``|deviation − guidance| ≤ tolerance``, compared exactly; deviations are shown rounded half-up
(deductible factors to 4 decimals, ratio gaps are exact to 2). The function takes plain values:
which local value belongs to which setting, and whether it is itself an assumption, is the
caller's (the policy model's) business.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from yidi.domain.errors import FieldProblem, InvalidInput
from yidi.domain.fund.exact import fen_text, text_of
from yidi.domain.money import fmt_ratio

DEDUCTIBLE_FACTOR = Fraction(5, 2)
RATIO_CUT_REFERRAL_EMERGENCY = -10  # points
RATIO_CUT_OTHER_TEMPORARY = -20
RATIO_CUT_SINGLE_TYPE = -10
TEMPORARY_CATEGORIES = ("referral", "emergency", "temporary")
PARAMETERS = ("deductible", "pooled_ratio")


@dataclass(frozen=True)
class Tolerances:
    """How far from the guidance still reads as "左右" (about). Assumptions, see the docs."""

    deductible_factor: Fraction = Fraction(1, 2)  # A-FND-01: 2.0 × … 3.0 × local
    ratio_points: Fraction = Fraction(5, 2)  # A-FND-02: −12.5 … −7.5, −22.5 … −17.5 points


@dataclass(frozen=True)
class Setting:
    """One temporary-visit value and the local same-level value it is held against."""

    parameter: str  # "deductible" (fen) or "pooled_ratio" (basis points)
    category: str  # filing category: referral, emergency or temporary
    level: str  # hospital level (the request code or the policy class)
    value: int
    local_value: int
    local_is_assumption: bool = False


@dataclass(frozen=True)
class Item:
    """One row of ``yidi policy compliance``."""

    setting: Setting
    guidance: Fraction
    deviation: Fraction | None  # None: a zero local deductible has no multiple
    tolerance: Fraction

    @property
    def compliant(self) -> bool | None:
        if self.deviation is None:
            return None
        return abs(self.deviation - self.guidance) <= self.tolerance

    def as_json(self) -> dict[str, Any]:
        s = self.setting
        amount = s.parameter == "deductible"
        return {
            "parameter": s.parameter,
            "category": s.category,
            "level": s.level,
            "value": fen_text(s.value) if amount else fmt_ratio(s.value),
            "local_value": fen_text(s.local_value) if amount else fmt_ratio(s.local_value),
            "guidance": _plain(self.guidance),
            "deviation": text_of(self.deviation, 4 if amount else 2),
            "tolerance": _plain(self.tolerance),
            "compliant": self.compliant,
            "local_is_assumption": s.local_is_assumption,
        }


def check(
    settings: Iterable[Setting], single_temporary_type: bool = False, tolerances: Tolerances | None = None
) -> list[Item]:
    """Each setting against its guidance; every unusable setting is reported at once."""
    tol = tolerances or Tolerances()
    items, problems = [], []
    for s in settings:
        if s.parameter not in PARAMETERS:
            problems.append(
                FieldProblem(
                    "parameter",
                    f"指导意见不涉及参数 {s.parameter}",
                    f"the guidance does not cover {s.parameter}",
                )
            )
        elif s.category not in TEMPORARY_CATEGORIES:
            problems.append(
                FieldProblem(
                    "category",
                    f"{s.category} 不是临时就医类别，指导意见不适用",
                    f"{s.category} is not a temporary-visit category: the guidance does not apply",
                )
            )
        elif s.parameter == "deductible":
            deviation = Fraction(s.value, s.local_value) if s.local_value else None
            items.append(Item(s, DEDUCTIBLE_FACTOR, deviation, tol.deductible_factor))
        else:
            cut = ratio_cut(s.category, single_temporary_type)
            items.append(Item(s, Fraction(cut), Fraction(s.value - s.local_value, 100), tol.ratio_points))
    if problems:
        raise InvalidInput(problems)
    return items


def report(region: str, day: date, items: list[Item]) -> dict[str, Any]:
    """The ``yidi policy compliance --region R --date D --json`` body (issue 18 §6)."""
    return {"region": region, "date": day.isoformat(), "items": [i.as_json() for i in items]}


def ratio_cut(category: str, single_temporary_type: bool = False) -> int:
    """The guidance's ratio cut in points for a temporary-visit category (004 二)."""
    if single_temporary_type:
        return RATIO_CUT_SINGLE_TYPE
    return RATIO_CUT_OTHER_TEMPORARY if category == "temporary" else RATIO_CUT_REFERRAL_EMERGENCY


def _plain(value: Fraction) -> str:
    """A guidance or tolerance as written: "2.5", "-10", "0.5"."""
    text = text_of(value, 4)
    assert text is not None
    return text.rstrip("0").rstrip(".") if "." in text else text
