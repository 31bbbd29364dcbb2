"""The rule language of the criteria (规则树): the node base and the fixed operator table.

A rule is plain data in YAML (see ``parsing.py``), compiled once into node objects
(``logic.py``: all / any / not / criterion; ``leaves.py``: compare / derived / has / is). Each
node carries a ``check`` closure for the fast verdict (screening, benchmarks) and an ``explain``
method that returns the full ``Trace``. Nothing is ever ``eval``-ed: operators come from the
table below.

Three-valued logic: ``check`` returns True, False or None (unknown — a fact is missing); see
``verdict.py``. ``missing`` lists, for an unknown node, the facts whose values would decide it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import ClassVar

from yidi.domain.criteria.trace import Trace
from yidi.domain.criteria.verdict import Tri
from yidi.domain.criteria.vocabulary import Facts

Check = Callable[[Facts], Tri]

OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
SYMBOLS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


class Node:
    """Base of the compiled rule nodes."""

    kind: ClassVar[str]
    text: str
    check: Check

    def explain(self, facts: Facts) -> Trace:
        raise NotImplementedError

    def missing(self, facts: Facts) -> list[str]:
        """Facts that would decide this node (only meaningful when ``check`` gives None)."""
        raise NotImplementedError

    def fact_keys(self) -> frozenset[str]:
        """Every fact this node reads, for screening (was the disease assessed at all?)."""
        raise NotImplementedError


def number(value: float) -> str:
    """A threshold as written: 3 not 3.0, 0.1 not 0.10000."""
    return f"{value:g}"
