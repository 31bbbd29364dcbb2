"""The referral catalogue (转诊目录) as plain values.

A pooling region's 转诊目录 lists the diseases and treatments for which an insured person may be
referred elsewhere (异地转诊). Seed 001 (铁岭 guide 一.1): a person whose condition is in the
region's 转诊目录 is filed as a referral directly by the agency, without a hospital's referral
certificate. Seed 003 附件 2 is 朝阳's catalogue (211300), 177 rows of 序号 / 科室 / 疾病名称/治疗方式.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


@dataclass(frozen=True)
class CatalogueRow:
    """One row exactly as written in the source: 序号, 科室, 疾病名称/治疗方式.

    ``aliases`` are editorial readings of an evidently garbled row (search only, never shown as
    the source text); ``note`` says why they exist.
    """

    number: int
    department: str
    text: str
    aliases: tuple[str, ...] = ()
    note: str | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"row": self.number, "department": self.department, "text": self.text}
        if self.aliases:
            out["aliases"] = list(self.aliases)
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class CatalogueSource:
    """Where the catalogue comes from: seed file, document, attachment and title as written."""

    seed: str
    document: str
    attachment: str | None
    title_as_written: str
    document_number: str | None
    note: str | None


@dataclass(frozen=True)
class Catalogue:
    """One version of one pooling region's referral catalogue, from one data file."""

    region: str
    region_name: str
    title: str
    version: int
    effective_from: date
    effective_from_assumed: bool
    effective_note: str | None
    source: CatalogueSource
    rows: tuple[CatalogueRow, ...]
    file: str

    def header(self) -> dict[str, object]:
        """The catalogue's identity for output: region, title, version, dates, source."""
        return {
            "region": self.region,
            "region_name": self.region_name,
            "title": self.title,
            "version": self.version,
            "effective_from": self.effective_from.isoformat(),
            "effective_from_assumption": self.effective_from_assumed,
            "row_count": len(self.rows),
            "source": {
                "seed": self.source.seed,
                "document": self.source.document,
                "attachment": self.source.attachment,
                "title_as_written": self.source.title_as_written,
                "document_number": self.source.document_number,
            },
        }


class MatchKind(StrEnum):
    """How a query matched a row, strongest first."""

    EXACT = "exact"  # the query is the row's text or one of its parts
    SUBSTRING = "substring"  # the query is inside a part, or a part is inside the query
    PINYIN = "pinyin"  # same pinyin (homophone typo), typed full pinyin or pinyin initials
    FUZZY = "fuzzy"  # similar characters (wrong or missing character)

    @property
    def zh(self) -> str:
        return _KIND_ZH[self]


_KIND_ZH = {
    MatchKind.EXACT: "精确",
    MatchKind.SUBSTRING: "包含",
    MatchKind.PINYIN: "拼音",
    MatchKind.FUZZY: "模糊",
}


@dataclass(frozen=True)
class SearchHit:
    """One ranked result: the row, its score (0–100), how it matched and on which part."""

    row: CatalogueRow
    score: float
    kind: MatchKind
    matched: str

    def as_dict(self) -> dict[str, object]:
        return {
            **self.row.as_dict(),
            "score": round(self.score, 1),
            "match": self.kind.value,
            "matched_term": self.matched,
        }


@dataclass(frozen=True)
class ListingCheck:
    """Answer to "is this diagnosis/treatment in the region's 转诊目录?" with the evidence.

    ``listed`` is a screening aid for the hospital interface and manual-claim review, not a
    decision: staff confirm against ``best``'s source text.
    """

    region: str
    text: str
    listed: bool
    threshold: float
    best: SearchHit | None

    def as_dict(self) -> dict[str, object]:
        return {
            "region": self.region,
            "text": self.text,
            "listed": self.listed,
            "threshold": self.threshold,
            "best": self.best.as_dict() if self.best else None,
        }
