"""Load and validate treatment-region catalogue files (就医地医保目录).

Files live in ``yidi/policy/data/catalogue/<region>.yaml`` (packaged) or any directory given to
``load_registry``; one file per region and version, with ``effective`` (the version as a dated
value, ``policy.dated``) and ``demo: true`` on demonstration data. A broken file fails loudly
with ``PolicyFileError(file, key, reason)``: duplicate or malformed codes, unknown item grades,
ratios outside [0, 1], negative caps, a 丙类 item that is not fully self-paid, a missing source.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from yidi.domain.errors import PolicyFileError, YidiError
from yidi.domain.national.catalogue import (
    CHRGITM_LV,
    MED_CHRGITM_TYPES,
    Catalogue,
    CatalogueItem,
    CatalogueRegistry,
    NoCatalogue,
)
from yidi.domain.national.formats import parse_amount, parse_ratio
from yidi.domain.rules import DatedValue
from yidi.policy.dated import DATED_KEYS, parse_dated
from yidi.policy.files import Fields, data_dir, read_yaml

_CODE = re.compile(r"[0-9A-Za-z\-]{1,50}\Z")
_TOP = {"region", "name", "demo", "effective", "items"}
_ITEM = {
    "med_list_codg",
    "name",
    "chrgitm_lv",
    "selfpay_prop",
    "pric_uplmt_amt",
    "med_chrgitm_type",
    "lmt_used_flag",
}

__all__ = ["CatalogueRegistry", "NoCatalogue", "default_registry", "load_registry", "parse_catalogue"]


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


def parse_version(data: Any, file: str) -> DatedValue:
    """One catalogue as a dated value of its region."""
    f = Fields(file)
    f.mapping(data, "<root>", _TOP)
    region = f.region(data.get("region", ""), "region")
    eff = parse_dated(
        f.mapping(data.get("effective"), "effective", set(DATED_KEYS), required={"from"}), f, "effective",
        name=region, value=None,
    )  # fmt: skip
    rows = data.get("items")
    if not isinstance(rows, list) or not rows:
        f.fail("items", "应为非空数组 / must be a non-empty list")
    items: dict[str, CatalogueItem] = {}
    for i, raw in enumerate(rows):
        item = _item(raw, file, i)
        if item.med_list_codg in items:
            f.fail(f"items[{i}].med_list_codg", f"编码重复 / duplicate code {item.med_list_codg}")
        items[item.med_list_codg] = item
    name = str(data.get("name", region))
    catalogue = Catalogue(region, name, eff.start, eff.source, bool(data.get("demo", False)), items)
    return DatedValue(
        region, catalogue, eff.start, eff.end, eff.citation, eff.note, origin=file, key="effective"
    )


def parse_catalogue(data: Any, file: str) -> Catalogue:
    return parse_version(data, file).value


def load_registry(directory: Traversable | Path | None = None) -> CatalogueRegistry:
    """Every catalogue file of a directory (default: the packaged ones)."""
    root = directory or data_dir("catalogue")
    files = sorted((f for f in root.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    return CatalogueRegistry(parse_version(read_yaml(file), file.name) for file in files)


@cache
def default_registry() -> CatalogueRegistry:
    return load_registry()
