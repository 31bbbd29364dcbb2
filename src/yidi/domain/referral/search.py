"""Search a region's 转诊目录 by Chinese text, and check whether a text is listed.

These are the functions the CLI, the hospital interface (checking a referral filing, 2501) and the
manual-claim review call (through ``yidi.policy.referral``, which binds them to the packaged
catalogues). Matching is described in ``scoring``; the catalogue versions in ``registry``. Queries are validated here: empty or longer than ``MAX_QUERY_LENGTH`` characters
raise ``InvalidInput`` naming the field.
"""

from __future__ import annotations

from datetime import date

from yidi.domain.errors import InvalidInput
from yidi.domain.referral.model import ListingCheck, SearchHit
from yidi.domain.referral.registry import CatalogueRegistry
from yidi.domain.referral.scoring import IndexedCatalogue, Query

MAX_QUERY_LENGTH = 200
"""Longest accepted query: the longest 朝阳 row is 88 characters; a diagnosis line fits in 200."""

DEFAULT_MIN_SCORE = 50.0
"""Search shows rows from this score up: low enough to show a 3-character query with one wrong
character (≈ 60), high enough to hide rows that share one character with the query."""

DEFAULT_LISTED_THRESHOLD = 80.0
"""``is_listed`` says yes from this score up: every exact and substring match (≥ 80) and a
homophone typo covering at least half of an item (pinyin band 70–90). A fuzzy-only match (a
wrong character of another sound, capped at 79) never counts at the default: too weak to be
evidence on its own. It is a screening aid and the reviewer confirms against the row's source
text; a caller that prefers recall passes a lower threshold (60–70)."""

DEFAULT_LIMIT = 10
MAX_LIMIT = 500


def search(
    region: str,
    query: str,
    *,
    limit: int = DEFAULT_LIMIT,
    min_score: float = DEFAULT_MIN_SCORE,
    on: date | None = None,
    registry: CatalogueRegistry,
) -> list[SearchHit]:
    """Rows of the region's catalogue matching ``query``, best first (score, then row number)."""
    q = _query(query, "query")
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput.of(
            "limit", f"条数应在 1–{MAX_LIMIT} 之间：{limit!r}", f"limit must be 1–{MAX_LIMIT}"
        )
    _check_score(min_score, "min_score")
    indexed = registry.get(region, on)
    return _ranked(indexed, q, min_score)[:limit]


def is_listed(
    region: str,
    text: str,
    *,
    threshold: float = DEFAULT_LISTED_THRESHOLD,
    on: date | None = None,
    registry: CatalogueRegistry,
) -> ListingCheck:
    """Does a diagnosis or treatment text match a row of the region's 转诊目录 at ``threshold``+?

    Seed 001 一.1: a condition in the 转诊目录 lets the agency file the referral directly. The
    answer carries the best row so the reviewer can confirm it against the source text.
    """
    q = _query(text, "text")
    _check_score(threshold, "threshold")
    indexed = registry.get(region, on)
    hits = _ranked(indexed, q, 0.0)
    best = hits[0] if hits else None
    listed = best is not None and best.score >= threshold
    return ListingCheck(indexed.catalogue.region, text, listed, float(threshold), best)


def _ranked(indexed: IndexedCatalogue, q: Query, min_score: float) -> list[SearchHit]:
    hits: list[SearchHit] = []
    for row, s in zip(indexed.catalogue.rows, indexed.best_per_row(q), strict=True):
        if s is not None and s.value >= min_score:
            hits.append(SearchHit(row, min(100.0, s.value), s.kind, s.term.text))
    hits.sort(key=lambda h: (-h.score, h.row.number))
    return hits


def _query(value: object, field: str) -> Query:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput.of(field, "查询内容不能为空", "query must not be empty")
    if len(value) > MAX_QUERY_LENGTH:
        raise InvalidInput.of(
            field,
            f"查询内容过长：{len(value)} 个字符，最多 {MAX_QUERY_LENGTH}",
            f"query too long: {len(value)} characters, at most {MAX_QUERY_LENGTH}",
        )
    q = Query.of(value)
    if not q.text:
        raise InvalidInput.of(
            field, "查询内容没有可检索的文字（只有标点或空格）", "query has no letters or characters"
        )
    return q


def _check_score(value: object, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise InvalidInput.of(field, f"分数应在 0–100 之间：{value!r}", f"{field} must be 0–100")
