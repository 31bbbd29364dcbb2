"""Which pooling regions have a 转诊目录, and which version is in force on a date.

Each region's catalogue is one or more versions (``<region>.yaml``, a later one
``<region>-<tag>.yaml`` with a later ``effective.from``), read by ``yidi.policy.referral``; the
version in force follows ``domain.rules.timeline`` (a version applies until the next one's date).
The pinyin of each version is precomputed once, when the registry is built.

A region without a catalogue is not bad input but a gap in the policy data: asking for it raises
``NoReferralCatalogue`` (a ``PolicyUndecidable``, exit code 2 / HTTP 422 at the edges) with
"该统筹区没有转诊目录". A malformed region code raises ``InvalidInput``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from yidi.domain.errors import PolicyUndecidable
from yidi.domain.referral.model import Catalogue
from yidi.domain.referral.scoring import IndexedCatalogue
from yidi.domain.regions import region_name, validate_region
from yidi.domain.rules import DatedValue, chain, in_force, newest


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
    """Catalogue versions (dated values whose value is the ``Catalogue``), by region."""

    def __init__(self, versions: Iterable[DatedValue]) -> None:
        by_region: dict[str, list[DatedValue]] = {}
        for v in versions:
            indexed = IndexedCatalogue(v.value)
            by_region.setdefault(v.name, []).append(DatedValue(
                v.name, indexed, v.start, v.end, v.citation, v.note, origin=v.origin, key=v.key,
            ))  # fmt: skip
        self._by_region = {r: chain(sorted(vs, key=lambda v: v.start)) for r, vs in by_region.items()}

    def regions(self) -> list[Catalogue]:
        """The newest catalogue of every region that has one, by region code."""
        return [newest(self._by_region[r]).value.catalogue for r in sorted(self._by_region)]

    def get(self, region: str, on: date | None = None) -> IndexedCatalogue:
        """The region's catalogue in force on ``on`` (default: the newest)."""
        validate_region(region, "region", known_only=False)
        versions = self._by_region.get(region)
        if not versions:
            raise NoReferralCatalogue(region)
        if on is None:
            return newest(versions).value
        hits = in_force(versions, on)
        if not hits:
            raise NoReferralCatalogue(region, on)
        return hits[0].value
