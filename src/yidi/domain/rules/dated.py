"""One dated rule value (带生效日期的规则取值): the one shape every rule file's values take.

A value applies from ``start``; it ends at ``end`` (inclusive) when given, otherwise the day
before the next value of its series starts (``timeline.chain``). A series is one parameter, one
selector (which classes it applies to, e.g. ``filing_category: long_term``) and one layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any

from yidi.domain.rules.citation import Citation, Cited

Selector = tuple[tuple[str, frozenset[str]], ...]  # (dimension, allowed classes); () = all


class Layer(IntEnum):
    """Precedence between files: a higher layer in force outranks every lower one."""

    DEFAULT = 0  # the provincial default (全省通用)
    REGION = 1  # a pooling region's own file
    OVERLAY = 2  # a reform or a claim type's overlay (测算方案、手工报销口径)


@dataclass(frozen=True)
class DatedValue(Cited):
    """A value of parameter ``name`` from ``start`` (to ``end``), with its citation."""

    name: str
    value: Any
    start: date
    end: date | None
    citation: Citation
    note: str = ""
    selector: Selector = ()
    layer: Layer = Layer.REGION
    origin: str = ""  # the file it came from
    key: str = ""  # where in the file (for errors naming file and key)

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def matches(self, classes: dict[str, str]) -> bool:
        return all(classes.get(dim) in allowed for dim, allowed in self.selector)

    @property
    def series(self) -> tuple[str, Selector, Layer]:
        return self.name, self.selector, self.layer

    @property
    def clause(self) -> Citation:
        """The citation, shown to people as the clause (or the clerk's words)."""
        return self.citation
