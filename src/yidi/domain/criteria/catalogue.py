"""One version of the 急危重病种标准: its systems, diseases and fact vocabulary, with lookup.

"符合以下疾病诊断且满足关键标准的，可申请办理备案并直接结算" (seed 000 附件2 / seed 003): each
disease here carries its key criterion (关键标准) as a compiled rule, the source text it was
transcribed from and where that text stands in the seeds.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from yidi.domain.criteria.rules import Node
from yidi.domain.criteria.vocabulary import Vocabulary
from yidi.domain.errors import InvalidInput


@dataclass(frozen=True, eq=False)
class Disease:
    """A disease (病种) of the list with its key criterion."""

    code: str
    name: str
    system_code: str
    system_name: str
    section: str  # e.g. 一（六）
    source_text: str
    source_ref: str  # seed document + section
    rule: Node
    aliases: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    facts: frozenset[str] = frozenset()  # every fact the criterion reads (via references too)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "system": {"code": self.system_code, "name": self.system_name},
            "section": self.section,
            "aliases": list(self.aliases),
            "source_text": self.source_text,
            "source_ref": self.source_ref,
            "notes": list(self.notes),
            "facts": sorted(self.facts),
        }


@dataclass(frozen=True)
class System:
    """A system (系统) — 循环系统, 呼吸系统 … — grouping diseases as the document does."""

    code: str
    name: str
    section: str
    diseases: tuple[Disease, ...]


@dataclass(frozen=True, eq=False)
class CriteriaSet:
    """The whole list in force from ``effective_from``, as published in ``document``."""

    id: str
    title: str
    version: str
    document: str
    effective_from: date
    preamble: str
    reading_of_bounds: str
    sources: tuple[Mapping[str, str], ...]
    vocabulary: Vocabulary
    systems: tuple[System, ...]
    diseases: tuple[Disease, ...] = field(init=False)
    _index: dict[str, Disease] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "diseases", tuple(d for s in self.systems for d in s.diseases))
        index: dict[str, Disease] = {}
        for disease in self.diseases:
            for key in (disease.code, disease.name, disease.section, *disease.aliases):
                index[_normal(key)] = disease
        object.__setattr__(self, "_index", index)

    def find(self, ref: str) -> Disease:
        """A disease by code (``shock``), Chinese name (``休克``), section (``一（六）``) or alias (``ARDS``)."""
        disease = self._index.get(_normal(ref))
        if disease is not None:
            return disease
        close = difflib.get_close_matches(_normal(ref), list(self._index), n=3, cutoff=0.5)
        hint_zh = f"；是否指：{'、'.join(self._index[c].name for c in close)}" if close else ""
        hint_en = f"; did you mean {', '.join(self._index[c].code for c in close)}" if close else ""
        raise InvalidInput.of(
            "disease",
            f"急危重病种标准中没有“{ref}”{hint_zh}（见 `yidi criteria list`）",
            f"no disease {ref!r} in the emergency criteria{hint_en}",
        )

    def summary(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "document": self.document,
            "effective_from": self.effective_from.isoformat(),
            "preamble": self.preamble,
            "reading_of_bounds": self.reading_of_bounds,
            "sources": [dict(s) for s in self.sources],
        }


def _normal(text: str) -> str:
    """Fold full-width forms and case, drop spaces: 'ＡＲＤＳ ' and 'ards' find the same disease."""
    return unicodedata.normalize("NFKC", text).replace(" ", "").casefold()
