"""The three verdicts of a key criterion (关键标准判定结果) and the three-valued logic behind them.

Internally a criterion evaluates to ``True`` (met), ``False`` (not met) or ``None`` (cannot be
decided from the facts given). Kleene's logic decides as early as the facts allow: an any-of
(任意一种情形 / 或) with one met branch is met even when the other branches are unknown; an all-of
(且 / 伴) with one unmet branch is not met even when the others are unknown.
"""

from __future__ import annotations

from enum import StrEnum

Tri = bool | None


class Verdict(StrEnum):
    """Outcome for one disease: the stay qualifies as 急诊抢救, it does not, or facts are missing."""

    QUALIFIES = "qualifies"
    NOT_MET = "not_met"
    UNDETERMINED = "undetermined"

    @property
    def zh(self) -> str:
        return _ZH[self]

    @classmethod
    def of(cls, value: Tri) -> Verdict:
        if value is None:
            return cls.UNDETERMINED
        return cls.QUALIFIES if value else cls.NOT_MET


_ZH = {
    Verdict.QUALIFIES: "符合",
    Verdict.NOT_MET: "不符合",
    Verdict.UNDETERMINED: "待定（缺少事实）",
}
