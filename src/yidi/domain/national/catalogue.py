"""The treatment region's catalogue (就医地目录) as the interface needs it.

"就医地目录、参保地政策" (seed 001): each fee line's item grade (``chrgitm_lv`` 1 甲 / 2 乙 / 3 丙),
self-pay proportion (``selfpay_prop``, 5,4) and price cap (``pric_uplmt_amt``, per unit) come
from the catalogue of the region where the hospital is, looked up by the national code
``med_list_codg``; the insured region's policy then settles the split amounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from yidi.domain.errors import PolicyUndecidable
from yidi.domain.rules import DatedValue, chain, in_force, newest

CHRGITM_LV = {"1": "甲类", "2": "乙类", "3": "丙类（自费）"}
MED_CHRGITM_TYPES = {
    "01": "床位费", "02": "诊察费", "03": "检查费", "04": "化验费", "05": "治疗费", "06": "手术费", "07": "护理费",
    "08": "卫生材料费", "09": "西药费", "10": "中药饮片费", "11": "中成药费", "12": "一般诊疗费", "13": "挂号费", "14": "其他费",
}  # fmt: skip


@dataclass(frozen=True)
class CatalogueItem:
    med_list_codg: str
    name: str
    chrgitm_lv: str
    selfpay_prop: int  # basis points
    pric_uplmt_amt: int | None  # fen per unit; None = no price cap
    med_chrgitm_type: str
    lmt_used_flag: bool = False


@dataclass(frozen=True)
class Catalogue:
    region: str
    name: str
    valid_from: date
    source: str
    demo: bool
    items: dict[str, CatalogueItem]

    def get(self, code: str) -> CatalogueItem | None:
        return self.items.get(code)


class NoCatalogue(PolicyUndecidable):
    """No catalogue for this treatment region: a gap in the policy data, not bad input."""

    def __init__(self, region: str) -> None:
        self.region = region
        super().__init__(
            "mdtrtarea_admvs", f"就医地 {region} 尚无医保目录", f"no catalogue for region {region}"
        )


class CatalogueRegistry:
    """Catalogue versions by treatment region (dated values whose value is the ``Catalogue``);
    a hospital in a county uses its city's catalogue, else its province's."""

    def __init__(self, versions: Iterable[DatedValue]) -> None:
        by_region: dict[str, list[DatedValue]] = {}
        for v in versions:
            by_region.setdefault(v.name, []).append(v)
        self._by_region = {r: chain(sorted(vs, key=lambda v: v.start)) for r, vs in by_region.items()}

    def regions(self) -> list[str]:
        return sorted(self._by_region)

    def for_region(self, region: str, on: date | None = None) -> Catalogue:
        """The catalogue in force on ``on`` (newest when omitted) of the region, its city or province."""
        for key in (region, region[:4] + "00", region[:2] + "0000"):
            versions = self._by_region.get(key)
            if not versions:
                continue
            hits = [newest(versions)] if on is None else in_force(versions, on)
            if hits:
                return hits[0].value
        raise NoCatalogue(region)
