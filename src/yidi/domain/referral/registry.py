"""Which pooling regions have a 转诊目录, and which version is in force on a date.

Each region's catalogue is a data file ``<region>.yaml`` (a later version may be another file
``<region>-<tag>.yaml`` with a later ``effective_from``) under ``yidi/policy/data/referral``.
Files are read and their pinyin precomputed once, on first use.

A region without a catalogue is not bad input but a gap in the policy data: asking for it raises
``NoReferralCatalogue`` (a ``PolicyUndecidable``, exit code 2 / HTTP 422 at the edges) with
"该统筹区没有转诊目录". A malformed region code raises ``InvalidInput``.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from yidi.domain.errors import PolicyUndecidable
from yidi.domain.referral.catalogue_file import load_catalogue_file
from yidi.domain.referral.model import Catalogue
from yidi.domain.referral.scoring import IndexedCatalogue
from yidi.domain.regions import region_name, validate_region

DATA_DIR = Path(__file__).resolve().parents[2] / "policy" / "data" / "referral"


class NoReferralCatalogue(PolicyUndecidable):
    """The pooling region has no 转诊目录 in yidi (or none in force on the date asked)."""

    def __init__(self, region: str, on: date | None = None) -> None:
        name = region_name(region) or "未知地区"
        when_zh = f"在 {on.isoformat()} " if on else ""
        when_en = f" in force on {on.isoformat()}" if on else ""
        super().__init__(
            "region",
            f"该统筹区{when_zh}没有转诊目录：{region}（{name}）",
            f"no referral catalogue{when_en} for region {region}",
        )
        self.region = region


class CatalogueRegistry:
    """All catalogue files of one directory, indexed by region and effective date."""

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        by_region: dict[str, list[IndexedCatalogue]] = {}
        for path in sorted(data_dir.glob("*.yaml")):
            indexed = IndexedCatalogue(load_catalogue_file(path))
            by_region.setdefault(indexed.catalogue.region, []).append(indexed)
        for versions in by_region.values():
            versions.sort(key=lambda c: c.catalogue.effective_from, reverse=True)
        self._by_region = by_region

    def regions(self) -> list[Catalogue]:
        """The newest catalogue of every region that has one, by region code."""
        return [self._by_region[r][0].catalogue for r in sorted(self._by_region)]

    def get(self, region: str, on: date | None = None) -> IndexedCatalogue:
        """The region's catalogue in force on ``on`` (default: the newest)."""
        validate_region(region, "region", known_only=False)
        versions = self._by_region.get(region)
        if not versions:
            raise NoReferralCatalogue(region)
        if on is None:
            return versions[0]
        for indexed in versions:
            if indexed.catalogue.effective_from <= on:
                return indexed
        raise NoReferralCatalogue(region, on)


@lru_cache(maxsize=1)
def default_registry() -> CatalogueRegistry:
    """The catalogues shipped in the package, loaded once per process."""
    return CatalogueRegistry()
