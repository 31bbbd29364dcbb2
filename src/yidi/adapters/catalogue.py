"""Load and validate treatment-region catalogue files (就医地医保目录).

Files live in ``yidi/policy/data/catalogue/<region>.yaml`` (packaged) or any directory given to
``CatalogueRegistry``; one file per region, dated (``valid_from``) and sourced (``source``), with
``demo: true`` on demonstration data. A broken file fails loudly with
``PolicyFileError(file, key, reason)``: duplicate or malformed codes, unknown item grades,
ratios outside [0, 1], negative caps, a 丙类 item that is not fully self-paid.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from yidi.domain.errors import PolicyFileError, PolicyUndecidable, YidiError
from yidi.domain.national.catalogue import CHRGITM_LV, MED_CHRGITM_TYPES, Catalogue, CatalogueItem
from yidi.domain.national.formats import parse_amount, parse_ratio

_CODE = re.compile(r"[0-9A-Za-z\-]{1,50}\Z")
_REGION = re.compile(r"\d{6}\Z")
_TOP = {"region", "name", "demo", "valid_from", "source", "items"}
_ITEM = {
    "med_list_codg",
    "name",
    "chrgitm_lv",
    "selfpay_prop",
    "pric_uplmt_amt",
    "med_chrgitm_type",
    "lmt_used_flag",
}


class NoCatalogue(PolicyUndecidable):
    """No catalogue for this treatment region: a gap in the policy data, not bad input."""

    def __init__(self, region: str) -> None:
        self.region = region
        super().__init__(
            "mdtrtarea_admvs", f"就医地 {region} 尚无医保目录", f"no catalogue for region {region}"
        )


def _item(raw: Any, file: str, i: int) -> CatalogueItem:
    where = f"items[{i}]"
    if not isinstance(raw, dict):
        raise PolicyFileError(file, where, "应为对象 / must be a mapping")
    unknown = sorted(set(raw) - _ITEM)
    if unknown:
        raise PolicyFileError(file, f"{where}.{unknown[0]}", "未知字段 / unknown key")
    code = str(raw.get("med_list_codg", ""))
    if not _CODE.match(code):
        raise PolicyFileError(file, f"{where}.med_list_codg", f"编码格式错误 / bad code {code!r}")
    name = str(raw.get("name", "")).strip()
    if not name:
        raise PolicyFileError(file, f"{where}.name", "缺少名称 / missing name")
    level = str(raw.get("chrgitm_lv", ""))
    if level not in CHRGITM_LV:
        raise PolicyFileError(file, f"{where}.chrgitm_lv", f"应为 1/2/3 / must be 1, 2 or 3: {level!r}")
    kind = str(raw.get("med_chrgitm_type", "14"))
    if kind not in MED_CHRGITM_TYPES:
        raise PolicyFileError(file, f"{where}.med_chrgitm_type", f"未知收费项目类别 / unknown type {kind!r}")
    try:
        prop = parse_ratio(str(raw.get("selfpay_prop", "")), f"{where}.selfpay_prop")
        cap_raw = raw.get("pric_uplmt_amt")
        cap = None if cap_raw in (None, "") else parse_amount(str(cap_raw), f"{where}.pric_uplmt_amt")
    except YidiError as exc:
        raise PolicyFileError(file, f"{where}", str(exc)) from None
    if level == "3" and prop != 10_000:
        raise PolicyFileError(
            file, f"{where}.selfpay_prop", "丙类项目自付比例应为 1 / class-C items are fully self-paid"
        )
    if level == "1" and prop != 0:
        raise PolicyFileError(
            file, f"{where}.selfpay_prop", "甲类项目自付比例应为 0 / class-A items have no prior self-pay"
        )
    return CatalogueItem(code, name, level, prop, cap, kind, bool(raw.get("lmt_used_flag", False)))


def parse_catalogue(data: Any, file: str) -> Catalogue:
    if not isinstance(data, dict):
        raise PolicyFileError(file, "<root>", "应为对象 / must be a mapping")
    unknown = sorted(set(data) - _TOP)
    if unknown:
        raise PolicyFileError(file, unknown[0], "未知字段 / unknown key")
    region = str(data.get("region", ""))
    if not _REGION.match(region):
        raise PolicyFileError(file, "region", f"应为 6 位区划 / must be a 6-digit region: {region!r}")
    valid_from = data.get("valid_from")
    if not isinstance(valid_from, date):
        raise PolicyFileError(file, "valid_from", "应为日期 YYYY-MM-DD / must be a date")
    source = str(data.get("source", "")).strip()
    if not source:
        raise PolicyFileError(file, "source", "须注明来源 / a source is required")
    rows = data.get("items")
    if not isinstance(rows, list) or not rows:
        raise PolicyFileError(file, "items", "应为非空数组 / must be a non-empty list")
    items: dict[str, CatalogueItem] = {}
    for i, raw in enumerate(rows):
        item = _item(raw, file, i)
        if item.med_list_codg in items:
            raise PolicyFileError(
                file, f"items[{i}].med_list_codg", f"编码重复 / duplicate code {item.med_list_codg}"
            )
        items[item.med_list_codg] = item
    name = str(data.get("name", region))
    return Catalogue(region, name, valid_from, source, bool(data.get("demo", False)), items)


def _read(file: Traversable | Path) -> Catalogue:
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PolicyFileError(file.name, "<yaml>", str(exc)) from None
    return parse_catalogue(data, file.name)


class CatalogueRegistry:
    """Catalogues by treatment region; a hospital in a county uses its city's catalogue."""

    def __init__(self, directory: Traversable | Path | None = None) -> None:
        root = directory or resources.files("yidi.policy.data").joinpath("catalogue")
        self._by_region: dict[str, Catalogue] = {}
        for file in sorted(root.iterdir(), key=lambda f: f.name):
            if file.name.endswith(".yaml"):
                cat = _read(file)
                if cat.region in self._by_region:
                    raise PolicyFileError(
                        file.name, "region", f"重复的地区目录 / duplicate region {cat.region}"
                    )
                self._by_region[cat.region] = cat

    def regions(self) -> list[str]:
        return sorted(self._by_region)

    def for_region(self, region: str, on: date | None = None) -> Catalogue:
        for key in (region, region[:4] + "00", region[:2] + "0000"):
            cat = self._by_region.get(key)
            if cat is not None and (on is None or cat.valid_from <= on):
                return cat
        raise NoCatalogue(region)


@cache
def default_registry() -> CatalogueRegistry:
    return CatalogueRegistry()
