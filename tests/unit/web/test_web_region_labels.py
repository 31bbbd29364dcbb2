"""Region names on the pages come from the domain's one table (``regions.division_name``)."""

from __future__ import annotations

from yidi.domain.claims.amounts import _known
from yidi.domain.regions import OTHER_CITIES, division_name, region_name
from yidi.entrypoints.web.labels import insutype_zh, psn_type_zh, region_zh


def test_pages_name_pooling_regions_provinces_and_cities_elsewhere() -> None:
    assert region_zh("219900") == "辽宁省本级（省直）（219900）"
    assert region_zh("110000") == "北京市（110000）" and region_zh("110100") == "北京市（110100）"
    assert region_zh("440100") == "广州市（440100）" and region_zh("999999") == "999999"
    assert all(division_name(code) == name for code, name in OTHER_CITIES.items())


def test_cities_elsewhere_stay_their_province_for_settlement() -> None:
    # names for display only: a request for a city outside Liaoning is still settled as its province
    assert region_name("110100") is None and _known("110100") == "110000"


def test_codes_are_shown_with_their_chinese_name() -> None:
    assert insutype_zh("310") == "职工基本医疗保险（310）" and psn_type_zh("12") == "退休（12）"
    assert psn_type_zh("99") == "99"
