"""The two registries every citation resolves against: documents and assumptions.

``documents.yaml`` names each document and the ways rule files cite it; a citation
"<document> <clause>" is split at the longest registered name that starts it (an unregistered
citation, e.g. a what-if reform's "测算方案A", is kept whole as its document). ``assumptions.yaml``
holds every assumption id with its title, default, reason and what would confirm it; citing an
unknown id is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from yidi.domain.rules import Clause
from yidi.policy.files import Fields, data_dir, read_yaml

_ASSUMPTION_KEYS = {"title", "default", "why", "confirm"}
_DOCUMENT_KEYS = {"names", "title", "issuer", "effective", "note"}


@dataclass(frozen=True)
class Document:
    """A policy document rule files cite."""

    id: str
    names: tuple[str, ...]
    title: str
    issuer: str = ""
    effective: date | None = None
    note: str = ""


@dataclass(frozen=True)
class Assumption:
    """A value the documents do not give (假设参数): what yidi does and why."""

    id: str
    title: str
    default: str
    why: str
    confirm: str


class Documents:
    """The registered documents and the names rule files may cite them by."""

    def __init__(self, documents: dict[str, Document]) -> None:
        self.by_id = documents
        # longest first, so "辽宁2025异地就医通知" is never cut short by a shorter name
        self._names = sorted(
            ((n, d) for d in documents.values() for n in d.names), key=lambda nd: -len(nd[0])
        )

    def find(self, citation: str) -> Document | None:
        """The document a citation names (its longest registered name that starts it)."""
        for name, document in self._names:
            if citation.startswith(name):
                return document
        return None

    def clause(self, citation: str) -> Clause:
        """``"辽医保中心发〔2021〕45号 三(一)"`` → document + clause."""
        text = citation.strip()
        for name, _document in self._names:
            if text.startswith(name):
                return Clause(name, text[len(name) :].strip())
        return Clause(text)


@cache
def documents() -> Documents:
    f = Fields("documents.yaml")
    raw = f.mapping(read_yaml(data_dir() / "documents.yaml"), "<root>", {"documents"})
    out = {}
    for doc_id, entry in f.mapping(raw.get("documents"), "documents").items():
        where = f"documents.{doc_id}"
        e = f.mapping(entry, where, _DOCUMENT_KEYS, required={"names", "title"})
        names = e["names"]
        if not isinstance(names, list) or not names:
            f.fail(f"{where}.names", "应为非空列表 / must be a non-empty list")
        out[str(doc_id)] = Document(
            str(doc_id),
            tuple(f.text(n, f"{where}.names") for n in names),
            f.text(e["title"], f"{where}.title"),
            f.optional_text(e.get("issuer"), f"{where}.issuer") or "",
            f.day(e["effective"], f"{where}.effective") if e.get("effective") is not None else None,
            f.optional_text(e.get("note"), f"{where}.note") or "",
        )
    return Documents(out)


@cache
def assumptions() -> dict[str, Assumption]:
    from yidi.domain.rules import is_assumption_id

    f = Fields("assumptions.yaml")
    raw = f.mapping(read_yaml(data_dir() / "assumptions.yaml"), "<root>", {"assumptions"})
    out = {}
    for aid, entry in f.mapping(raw.get("assumptions"), "assumptions").items():
        where = f"assumptions.{aid}"
        if not is_assumption_id(str(aid)):
            f.fail(where, "编号应形如 A-SET-01 / ids look like A-SET-01")
        e = f.mapping(entry, where, _ASSUMPTION_KEYS, required=_ASSUMPTION_KEYS)
        out[str(aid)] = Assumption(
            str(aid), *(f.text(e[k], f"{where}.{k}") for k in ("title", "default", "why", "confirm"))
        )
    return out
