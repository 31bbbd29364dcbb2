"""Places by name: the division table (``division_table``) as values, found by name, pinyin or code.

People know a place as 北京 or 大连, not as 110100 or 210200 (seed 003 三(二): information people
can reach without an agency). ``search`` lists the divisions a text may mean, best first;
``resolve`` turns what a person typed — a name, a short name, full pinyin, pinyin initials or the
code — into exactly one division, or refuses naming the choices when the text is ambiguous
(``bj`` is 北京 or 宝鸡) or unknown. Forms and the REST API accept what ``resolve`` accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from yidi.domain.division_table import CITY_ROWS, PROVINCE_ROWS
from yidi.domain.errors import InvalidInput

# 辽宁省本级（省直医保）is a pooling region without a GB/T 2260 division of its own.
PROVINCIAL_DIRECT = ("219900", "210000", "辽宁省本级（省直）", "省直", "shengzhi", "sz")


@dataclass(frozen=True)
class Division:
    """A province or a prefecture-level division (a pooling region's 医保区划)."""

    code: str
    name: str
    short: str
    province: str  # the province code; a province is its own
    pinyin: str
    initials: str
    level: str  # "province" or "city"
    kind: str = ""  # provinces: province / municipality / hong_kong / macau / taiwan

    @property
    def label(self) -> str:
        """How a person reads it: 大连市（辽宁省）; a province or a municipality by its name alone."""
        parent = by_code().get(self.province)
        if self.level == "province" or parent is None or parent.kind == "municipality" or self.name.startswith(parent.name):
            return self.name
        return f"{self.name}（{parent.name}）"


@cache
def all_divisions() -> tuple[Division, ...]:
    provinces = [Division(c, n, s, c, p, i, "province", k) for c, n, s, p, i, k in PROVINCE_ROWS]
    cities = [Division(c, n, s, prov, p, i, "city") for c, prov, n, s, p, i in CITY_ROWS]
    c, prov, n, s, p, i = PROVINCIAL_DIRECT
    return (*provinces, *cities, Division(c, n, s, prov, p, i, "city"))


@cache
def by_code() -> dict[str, Division]:
    return {d.code: d for d in all_divisions()}


def division(code: str) -> Division | None:
    """The division with this code, or None."""
    return by_code().get(code)


_SPACES = re.compile(r"[\s'’·]+")


def _norm(text: str) -> str:
    return _SPACES.sub("", text).lower()


def _rank(d: Division, q: str) -> int | None:
    """0 = exact, 1 = prefix, 2 = contained; None = no match. Cities before provinces on a tie."""
    keys = (d.code, d.name, d.short, d.pinyin, d.initials)
    if q in keys:
        return 0
    if any(k.startswith(q) for k in keys):
        return 1
    if len(q) >= 2 and (q in d.name or (q.isascii() and len(q) >= 3 and q in d.pinyin)):
        return 2
    return None


def search(text: str, limit: int = 10) -> list[Division]:
    """The divisions ``text`` may mean (name, short name, pinyin, initials or code), best first."""
    q = _norm(text)
    if not q:
        return []
    found = [(r, d.level != "city", d.code, d) for d in all_divisions() if (r := _rank(d, q)) is not None]
    return [d for *_, d in sorted(found)[:limit]]


def _city_of_municipality(d: Division) -> Division:
    return by_code()[d.code[:2] + "0100"] if d.kind == "municipality" else d


def resolve(text: object, field: str) -> Division:
    """Exactly one division for what a person typed, or ``InvalidInput`` naming the field with the
    choices (ambiguous) or a hint (unknown). A municipality's province code means the city."""
    q = _norm(str(text or ""))
    if not q:
        raise InvalidInput.of(field, "请填写地区（如：北京、大连）", f"{field}: a place is required")
    found = search(q, limit=50)
    exact = [d for d in found if _rank(d, q) == 0]
    if len(exact) > 1:  # 北京 is the province and the city: take the city of a municipality
        cities = [d for d in exact if d.level == "city"]
        exact = cities if len(cities) == 1 else exact
    if len(exact) == 1 or len(found) == 1:
        return _city_of_municipality((exact or found)[0])
    if not found:
        raise InvalidInput.of(
            field, f"未找到地区“{text}”，请输入省或市的名称，如：北京、大连", f"{field}: unknown place {text!r}"
        )
    names = "、".join(dict.fromkeys(d.label for d in (exact or found)[:8]))  # 北京市 once, not as province and city
    raise InvalidInput.of(field, f"“{text}”可能是：{names}，请选择其一", f"{field}: ambiguous place {text!r}")
