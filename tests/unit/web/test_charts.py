"""Server-side SVG charts: well-formed, labelled for screen readers, bars on the right side of zero."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from yidi.entrypoints.web.charts import bars, columns, sparkline

NS = "{http://www.w3.org/2000/svg}"


def _rects(svg: str) -> list[dict[str, str]]:
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-label")
    return [r.attrib for r in root.iter(f"{NS}rect")]


def test_positive_bars_start_at_the_left() -> None:
    rects = _rects(bars("基线与方案", [("统筹", [Decimal("10.00"), Decimal("5.00")])], ("基线", "方案")))
    bars_only = [r for r in rects if r["y"] != "26"]  # the legend squares sit at y = 26
    assert [float(r["x"]) for r in bars_only] == [170.0, 170.0]
    assert float(bars_only[0]["width"]) == 2 * float(bars_only[1]["width"])


def test_negative_bars_end_at_zero_on_the_right() -> None:
    rects = _rects(bars("变化", [("a", [Decimal("-4")]), ("b", [Decimal("-2")])]))
    assert [round(float(r["x"]) + float(r["width"]), 1) for r in rects] == [570.0, 570.0]


def test_mixed_signs_share_a_middle_zero_and_escape_labels() -> None:
    svg = bars("<变化>", [("x&y", [1]), ("z", [-1])])
    rects = _rects(svg)
    assert (
        float(rects[0]["x"]) == 370.0 and round(float(rects[1]["x"]) + float(rects[1]["width"]), 1) == 370.0
    )
    assert "&lt;变化&gt;" in svg and "x&amp;y" in svg


def test_columns_and_sparkline() -> None:
    assert len(_rects(columns("月份", [("2025-01", 3), ("2025-02", 0)]))) == 2
    assert len(_rects(sparkline([0, 1, 2], "近7日"))) == 3
