"""Where a rule value comes from (依据): a clause of a document, an assumption, or both.

An assumption is a value the policy documents do not give; it has a stable id (``A-SET-01``)
that resolves to a paragraph in ``docs/assumptions.md`` and to the registry
``policy/data/assumptions.yaml``. Machines get the id; people get the clause, or — for a value
resting on an assumption alone — the words an agency clerk would use, never the id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ASSUMPTION_ID = re.compile(r"A-[A-Z]{3}-\d{2}\Z")

# How a value the documents do not give is cited to people (a clerk's words, no id).
PEOPLE_ASSUMPTION = "按经办机构现行口径执行"


def is_assumption_id(text: str) -> bool:
    """``A-SET-01``: an area of three capitals and a two-digit number."""
    return bool(_ASSUMPTION_ID.match(text))


@dataclass(frozen=True)
class Clause:
    """A clause of a document: ``Clause("辽医保中心发〔2021〕45号", "二(一)")``."""

    document: str
    article: str = ""

    def __str__(self) -> str:
        # a full-width bracket attaches to the document: 铁岭指南（未规定）
        sep = "" if self.article.startswith("（") else " "
        return f"{self.document}{sep}{self.article}".strip()


@dataclass(frozen=True)
class Citation:
    """The source of one rule value: a document clause, an assumption id, or both (a value
    derived from a clause by an assumption). ``assumed`` without an id marks an ad-hoc
    assumption of a what-if reform, which the packaged data never uses."""

    clause: Clause | None = None
    assumption_id: str | None = None
    assumed: bool = False

    def __post_init__(self) -> None:
        if self.assumption_id is not None:
            object.__setattr__(self, "assumed", True)

    @property
    def source(self) -> str:
        """The machine form: the clause as cited, else the assumption id."""
        if self.clause is not None:
            return str(self.clause)
        return self.assumption_id or ""

    @property
    def document(self) -> str:
        return self.clause.document if self.clause is not None else ""

    def __str__(self) -> str:
        """The form shown to people: the clause, or the clerk's words for an assumption."""
        if self.clause is not None:
            return str(self.clause)
        return PEOPLE_ASSUMPTION if self.assumed else ""

    def as_dict(self) -> dict[str, object]:
        """For structured explanations: people's text plus the machine facts."""
        out: dict[str, object] = {"source": str(self), "assumption": self.assumed}
        if self.assumption_id:
            out["assumption_id"] = self.assumption_id
        return out


class Cited:
    """Mixin for anything with a ``citation``: the machine source and the assumption flags."""

    citation: Citation

    @property
    def source(self) -> str:
        """The clause as cited, or the assumption id (machine form)."""
        return self.citation.source

    @property
    def assumption(self) -> bool:
        return self.citation.assumed

    @property
    def assumption_id(self) -> str | None:
        return self.citation.assumption_id
