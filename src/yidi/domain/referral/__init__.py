"""The referral catalogue (转诊目录): per-region data, fuzzy search and the "is it listed" check.

Public API for the CLI, the hospital interface and the manual-claim review::

    search(region, query, limit=10)        -> ranked SearchHit list (score 0–100, match kind)
    is_listed(region, text, threshold=80)  -> ListingCheck (listed?, best row)
    catalogue_for(region, on=None)         -> Catalogue (raises NoReferralCatalogue if none)
    available_catalogues()                 -> newest Catalogue of every region that has one
"""

from __future__ import annotations

from datetime import date

from yidi.domain.referral.model import Catalogue, CatalogueRow, ListingCheck, MatchKind, SearchHit
from yidi.domain.referral.registry import CatalogueRegistry, NoReferralCatalogue, default_registry
from yidi.domain.referral.search import (
    DEFAULT_LISTED_THRESHOLD,
    DEFAULT_MIN_SCORE,
    MAX_QUERY_LENGTH,
    is_listed,
    search,
)


def catalogue_for(region: str, on: date | None = None) -> Catalogue:
    """The region's 转诊目录 in force on ``on`` (newest when omitted)."""
    return default_registry().get(region, on).catalogue


def available_catalogues() -> list[Catalogue]:
    """The newest catalogue of every pooling region that has one."""
    return default_registry().regions()


__all__ = [
    "DEFAULT_LISTED_THRESHOLD",
    "DEFAULT_MIN_SCORE",
    "MAX_QUERY_LENGTH",
    "Catalogue",
    "CatalogueRegistry",
    "CatalogueRow",
    "ListingCheck",
    "MatchKind",
    "NoReferralCatalogue",
    "SearchHit",
    "available_catalogues",
    "catalogue_for",
    "is_listed",
    "search",
]
