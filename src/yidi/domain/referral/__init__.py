"""The referral catalogue (转诊目录): per-region versions, fuzzy search and the "is it listed"
check, over a ``CatalogueRegistry`` the caller passes. ``yidi.policy.referral`` loads the
packaged catalogues and offers the same functions bound to them::

    search(region, query, limit=10)        -> ranked SearchHit list (score 0–100, match kind)
    is_listed(region, text, threshold=80)  -> ListingCheck (listed?, best row)
    catalogue_for(region, on=None)         -> Catalogue (raises NoReferralCatalogue if none)
    available_catalogues()                 -> newest Catalogue of every region that has one
"""

from __future__ import annotations

from yidi.domain.referral.model import Catalogue, CatalogueRow, ListingCheck, MatchKind, SearchHit
from yidi.domain.referral.registry import CatalogueRegistry, NoReferralCatalogue
from yidi.domain.referral.search import (
    DEFAULT_LISTED_THRESHOLD,
    DEFAULT_MIN_SCORE,
    MAX_QUERY_LENGTH,
    is_listed,
    search,
)

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
    "is_listed",
    "search",
]
