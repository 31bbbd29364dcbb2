"""Charts as server-side SVG (图表：服务器端生成 SVG).

Why SVG from the server and not a JavaScript chart library (ECharts): the pages must work with no
network and no script (docs/web-ui.md), the same chart must print and go into the PDF reports
(WeasyPrint renders inline SVG but runs no JavaScript), and a few bar and column charts do not
justify vendoring and auditing a 1 MB library. Every chart is drawn from the same rows as the
table printed under it, so the table is the chart's accessible text and its exact figures; the
chart only shows proportions. Values are plain numbers here (display only; amounts stay exact in
the tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from markupsafe import Markup

Number = int | float | Decimal
COLORS = ("#0b5cad", "#c2410c", "#1e7b34", "#8a5a00")


def _scale(values: Sequence[Number]) -> float:
    top = max((abs(float(v)) for v in values), default=0.0)
    return top or 1.0


def bars(title: str, rows: Sequence[tuple[str, Sequence[Number]]], series: Sequence[str] = ("",)) -> Markup:
    """Horizontal bars, one group per row and one bar per series (e.g. 基线 / 方案)."""
    width, label_w, bar_h, gap = 640, 170, 14, 10
    per_row = bar_h * len(series) + gap
    legend_h = 22 if len(series) > 1 else 0
    height = 30 + legend_h + per_row * max(len(rows), 1)
    values = [float(v) for _, vs in rows for v in vs]
    top = _scale(values)
    avail = width - label_w - 70
    negative, positive = any(v < 0 for v in values), any(v > 0 for v in values)
    # zero at the left (all ≥ 0), in the middle (both signs) or at the right (all ≤ 0)
    zero = label_w + (avail / 2 if negative and positive else avail if negative else 0)
    span = avail / 2 if negative and positive else avail
    out = [_open(width, height, title)]
    for i, name in enumerate(series if len(series) > 1 else ()):
        lx = label_w + i * 120
        out.append(f'<rect x="{lx}" y="26" width="12" height="12" fill="{COLORS[i % 4]}"/>')
        out.append(f'<text x="{lx + 16}" y="37" font-size="12">{escape(name)}</text>')
    for r, (label, row) in enumerate(rows):
        y0 = 30 + legend_h + r * per_row
        out.append(
            f'<text x="{label_w - 6}" y="{y0 + per_row / 2}" font-size="12" text-anchor="end">{escape(label)}</text>'
        )
        for s, v in enumerate(row):
            length = abs(float(v)) / top * span
            x = zero if float(v) >= 0 else zero - length
            y = y0 + s * bar_h
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar_h - 2}" fill="{COLORS[s % 4]}"/>'
            )
            tx = x + length + 4 if float(v) >= 0 else zero + 4  # a negative value is written right of zero
            out.append(f'<text x="{tx:.1f}" y="{y + bar_h - 4}" font-size="11">{escape(str(v))}</text>')
    out.append(f'<line x1="{zero}" y1="{30 + legend_h}" x2="{zero}" y2="{height}" stroke="#555"/>')
    return Markup("".join(out) + "</svg>")


def columns(title: str, points: Sequence[tuple[str, Number]]) -> Markup:
    """Vertical columns over an ordered axis (months, days)."""
    width, height, left, bottom = 640, 220, 40, 40
    n = max(len(points), 1)
    step = (width - left - 10) / n
    top = _scale([v for _, v in points])
    out = [_open(width, height, title)]
    base = height - bottom
    for i, (label, v) in enumerate(points):
        h = abs(float(v)) / top * (base - 40)
        x = left + i * step + step * 0.15
        out.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" fill="{COLORS[0]}"/>'
        )
        out.append(
            f'<text x="{x + step * 0.35:.1f}" y="{base - h - 3:.1f}" font-size="10" text-anchor="middle">{escape(str(v))}</text>'
        )
        if n <= 16 or i % max(1, n // 12) == 0:
            out.append(
                f'<text x="{x + step * 0.35:.1f}" y="{base + 14}" font-size="10" text-anchor="middle">{escape(label)}</text>'
            )
    out.append(f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#555"/>')
    return Markup("".join(out) + "</svg>")


def sparkline(values: Sequence[int], label: str) -> Markup:
    """A small trend (counts per day, oldest first) for a table cell."""
    width, height = 84, 20
    top = max(values, default=0) or 1
    step = width / max(len(values), 1)
    rects = "".join(
        f'<rect x="{i * step + 1:.1f}" y="{height - v / top * (height - 2):.1f}" width="{step - 2:.1f}" '
        f'height="{v / top * (height - 2):.1f}" fill="{COLORS[0]}"/>'
        for i, v in enumerate(values)
    )
    return Markup(
        f'<svg class="spark" role="img" aria-label="{escape(label)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">{rects}</svg>'
    )


def _open(width: int, height: float, title: str) -> str:
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height:.0f}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
        f'<title>{escape(title)}</title><text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>'
    )
