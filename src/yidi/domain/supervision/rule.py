"""A review rule (审核规则): code, Chinese name, basis, severity, parameters, check and explanation.

A rule's ``check`` is a function over columns (``Context``) that returns the rows it finds
(``Found``); its ``explain`` turns one found row into a plain-Chinese sentence and structured
facts. Parameters carry their default and their own basis, so a threshold is data with a source
(phase B reads dated values for them from the rule data file and passes them in).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from yidi.domain.supervision.basis import Basis, Severity, basis_text
from yidi.domain.supervision.columns import I32, I64, NO_ROW

if TYPE_CHECKING:
    from yidi.domain.supervision.context import Context


@dataclass(frozen=True)
class Param:
    """One parameter of a rule: its default, unit and where the number comes from."""

    name: str
    default: int
    unit: str  # fen, days, months, years, count, bp (basis points of 1/10000)
    zh: str
    basis: Basis


@dataclass(frozen=True)
class Found:
    """Rows a rule found: the settlement, the line (-1 for a whole-settlement finding), the value
    observed, the limit it broke, and another row it relates to (a visit or line; -1 = none)."""

    settlement: I32
    line: I32
    value: I64
    limit: I64
    other: I32

    @classmethod
    def of(
        cls,
        settlement: Any,
        *,
        line: Any = None,
        value: Any = None,
        limit: Any = None,
        other: Any = None,
    ) -> Found:
        s = np.asarray(settlement, dtype=np.int32)
        n = len(s)
        if n == 0:
            return NOTHING

        def col(x: Any, dtype: type, fill: int) -> Any:
            return np.full(n, fill, dtype=dtype) if x is None else np.asarray(x, dtype=dtype)

        return cls(
            s, col(line, np.int32, NO_ROW), col(value, np.int64, 0), col(limit, np.int64, 0),
            col(other, np.int32, NO_ROW),
        )  # fmt: skip

    def __len__(self) -> int:
        return len(self.settlement)


_NONE32, _NONE64 = np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64)
NOTHING = Found(_NONE32, _NONE32, _NONE64, _NONE64, _NONE32)


@dataclass(frozen=True)
class HitRow:
    """One found row handed to ``explain``."""

    settlement: int
    line: int
    value: int
    limit: int
    other: int


Check = Callable[["Context", Mapping[str, int]], Found]
Explain = Callable[["Context", Mapping[str, int], HitRow], tuple[str, dict[str, object]]]


@dataclass(frozen=True)
class ReviewRule:
    code: str  # R-XC …
    name: str  # Chinese name
    basis: Basis
    severity: Severity
    check: Check
    explain: Explain
    params: tuple[Param, ...] = ()
    per_line: bool = False  # hits name a fee line

    @property
    def clause(self) -> str:
        return basis_text(self.basis)

    def defaults(self) -> dict[str, int]:
        return {p.name: p.default for p in self.params}

    def describe(self) -> dict[str, object]:
        """The rule as data: for the docs, the CLI and the rule list page."""
        return {
            "code": self.code,
            "name": self.name,
            "clause": self.clause,
            "severity": str(self.severity),
            "per_line": self.per_line,
            "params": [
                {
                    "name": p.name,
                    "default": p.default,
                    "unit": p.unit,
                    "zh": p.zh,
                    "basis": basis_text(p.basis),
                }
                for p in self.params
            ],
        }
