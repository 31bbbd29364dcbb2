"""Administrative division codes (医保区划, 6 digits) yidi knows by name.

Pooling regions (统筹区) of Liaoning plus the provincial level codes used for cross-province
care (跨省异地). ``219900`` is the provincial-direct scheme (省直医保): employees of provincial
organs insured at province level.
"""

from __future__ import annotations

import re

from yidi.domain import divisions
from yidi.domain.errors import InvalidInput

LIAONING_POOLING_REGIONS: dict[str, str] = {
    "219900": "辽宁省本级（省直）",
    "210100": "沈阳市",
    "210200": "大连市",
    "210300": "鞍山市",
    "210400": "抚顺市",
    "210500": "本溪市",
    "210600": "丹东市",
    "210700": "锦州市",
    "210800": "营口市",
    "210900": "阜新市",
    "211000": "辽阳市",
    "211100": "盘锦市",
    "211200": "铁岭市",
    "211300": "朝阳市",
    "211400": "葫芦岛市",
}

PROVINCES: dict[str, str] = {
    "110000": "北京市",
    "120000": "天津市",
    "130000": "河北省",
    "140000": "山西省",
    "150000": "内蒙古自治区",
    "210000": "辽宁省",
    "220000": "吉林省",
    "230000": "黑龙江省",
    "310000": "上海市",
    "320000": "江苏省",
    "330000": "浙江省",
    "340000": "安徽省",
    "350000": "福建省",
    "360000": "江西省",
    "370000": "山东省",
    "410000": "河南省",
    "420000": "湖北省",
    "430000": "湖南省",
    "440000": "广东省",
    "450000": "广西壮族自治区",
    "460000": "海南省",
    "500000": "重庆市",
    "510000": "四川省",
    "520000": "贵州省",
    "530000": "云南省",
    "540000": "西藏自治区",
    "610000": "陕西省",
    "620000": "甘肃省",
    "630000": "青海省",
    "640000": "宁夏回族自治区",
    "650000": "新疆维吾尔自治区",
}

# City-level division codes outside Liaoning used as treatment places in the demo data and tests
# (GB/T 2260 县级及县级以上行政区划代码, 民政部; for the municipalities the code of the city's
# districts, 市辖区). Names for display only: yidi holds no policy for them, and a settlement
# request still treats them as their province (``region_name`` leaves them out on purpose).
OTHER_CITIES: dict[str, str] = {
    "110100": "北京市",
    "120100": "天津市",
    "310100": "上海市",
    "320100": "南京市",
    "330100": "杭州市",
    "440100": "广州市",
    "500100": "重庆市",
    "510100": "成都市",
}

_CODE = re.compile(r"^\d{6}$")


def region_name(code: str) -> str | None:
    """Chinese name of a known pooling region or province, else None."""
    return LIAONING_POOLING_REGIONS.get(code) or PROVINCES.get(code)


def division_name(code: str) -> str | None:
    """Chinese name to show for a division code: a pooling region, a province or any city of the
    division table (``divisions``); None when yidi does not know the code."""
    known = divisions.division(code)
    return region_name(code) or OTHER_CITIES.get(code) or (known.name if known else None)


def province_of(code: str) -> str:
    """The province code (xx0000) a division code belongs to; 219900 belongs to 210000."""
    return code[:2] + "0000"


def is_cross_province(insured_region: str, treatment_region: str) -> bool:
    """True when care is in another province (跨省异地, pay_loc 4) rather than in-province (3)."""
    return province_of(insured_region) != province_of(treatment_region)


def validate_region(code: object, field: str, *, known_only: bool = True) -> str:
    """Check a 6-digit division code; with ``known_only`` it must be a region yidi knows."""
    if not isinstance(code, str) or not _CODE.match(code):
        raise InvalidInput.of(
            field, f"区划代码应为 6 位数字：{code!r}", f"division code must be 6 digits: {code!r}"
        )
    # County codes of Liaoning (21xxxx) are accepted as treatment places; they belong to a city.
    if known_only and region_name(code) is None and not code.startswith("21"):
        raise InvalidInput.of(
            field, f"未知的统筹区或省份：{code}", f"unknown pooling region or province: {code}"
        )
    return code


def known_place(code: object, field: str) -> str:
    """A 6-digit division code that names a real place: a province, a prefecture-level division of
    the division table (``divisions``), 省直 219900, or a county whose prefecture is known (a
    county belongs to its city). An unknown code (999900; 219800, whose city does not exist) is
    ``InvalidInput`` naming the field: a filing or a claim for a place that does not exist can
    never be settled."""
    region = validate_region(code, field, known_only=False)
    city = region if region.endswith("00") else region[:4] + "00"
    if divisions.division(city) is None and divisions.division(region) is None:
        raise InvalidInput.of(
            field,
            f"未知的区划代码：{region}（不是任何省、市的医保区划）",
            f"unknown division code: {region} (no province or city has it)",
        )
    return region

