"""A dyad series as a standalone SVG: stacked quad-class bars per period, the Goldstein sum as a
line, alerts marked. Used by briefs; the dashboard draws the same chart in the browser.

Every piece of text is escaped; the SVG holds no script and loads nothing.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

import pandas as pd

QUAD_COLORS = {1: "#8fd18a", 2: "#1b7837", 3: "#f4a261", 4: "#b2182b"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}  # fmt: skip
LINE_COLOR = "#1d3557"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def _label(period: Any) -> str:
    return str(period)[:10]


def series_svg(
    series: pd.DataFrame,
    *,
    title: str = "",
    width: int = 860,
    height: int = 300,
    freq: str = "week",
) -> str:
    """The chart of a ``dyad_series``/``dyad_escalation`` frame as an SVG document string."""
    ml, mr, mt, mb = 48, 56, 34 if title else 14, 58
    pw, ph = width - ml - mr, height - mt - mb
    n = max(len(series), 1)
    slot = pw / n
    bar = max(2.0, slot * 0.7)
    counts = series[["q1", "q2", "q3", "q4"]].sum(axis=1) if len(series) else pd.Series([0])
    cmax = max(1, math.ceil(_nice_max(float(counts.max() or 0))))
    ticks = cmax if cmax <= 5 else 4  # whole numbers of events on the left axis
    gvals = series["goldstein"].astype(float).tolist() if len(series) else [0.0]
    gabs = _nice_max(max(abs(min(gvals)), abs(max(gvals)), 1.0))

    def y_count(v: float) -> float:
        return mt + ph - v / cmax * ph

    def y_gold(v: float) -> float:
        return mt + ph / 2 - v / gabs * (ph / 2)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title or 'dyad series')}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if title:
        out.append(
            f'<text x="{ml}" y="20" font-size="14" font-weight="bold">{escape(title)}</text>'
        )
    # grid and axes
    for i in range(ticks + 1):
        v = cmax * i / ticks
        y = y_count(v)
        out.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{ml - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{v:g}</text>')
    for i in range(5):
        g = -gabs + 2 * gabs * i / 4
        out.append(
            f'<text x="{ml + pw + 6}" y="{y_gold(g) + 4:.1f}" fill="{LINE_COLOR}">{g:+g}</text>'
        )
    out.append(
        f'<text x="12" y="{mt + ph / 2:.1f}" transform="rotate(-90 12 {mt + ph / 2:.1f})" '
        f'text-anchor="middle" fill="#555">events</text>'
    )
    out.append(
        f'<text x="{width - 8}" y="{mt + ph / 2:.1f}" transform="rotate(90 {width - 8} '
        f'{mt + ph / 2:.1f})" text-anchor="middle" fill="{LINE_COLOR}">Goldstein sum</text>'
    )
    zero = y_gold(0)
    out.append(
        f'<line x1="{ml}" x2="{ml + pw}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="{LINE_COLOR}" '
        'stroke-dasharray="3 3" stroke-opacity="0.4"/>'
    )
    # bars
    every = max(1, math.ceil(n / 12))
    points = []
    for i, row in enumerate(series.itertuples(index=False)):
        x = ml + i * slot + (slot - bar) / 2
        base = 0.0
        for q in (1, 2, 3, 4):
            v = float(getattr(row, f"q{q}"))
            if v <= 0:
                continue
            y0, y1 = y_count(base), y_count(base + v)
            out.append(
                f'<rect x="{x:.1f}" y="{y1:.1f}" width="{bar:.1f}" height="{y0 - y1:.1f}" '
                f'fill="{QUAD_COLORS[q]}"><title>{escape(_label(row.period))}: {int(v)} '
                f"{QUAD_NAMES[q]}</title></rect>"
            )
            base += v
        cx = ml + i * slot + slot / 2
        points.append(f"{cx:.1f},{y_gold(float(row.goldstein)):.1f}")
        if getattr(row, "alert", False) is True:
            level = getattr(row, "level", None) or "warning"
            color = "#b2182b" if level == "critical" else "#e76f51"
            ty = mt - 2 if not title else mt - 4
            out.append(
                f'<path d="M{cx - 6:.1f},{ty:.1f} L{cx + 6:.1f},{ty:.1f} L{cx:.1f},{ty + 10:.1f} Z" '
                f'fill="{color}"><title>{escape(level)} alert, z = {float(row.z):.1f}</title></path>'
            )
        if i % every == 0:
            lx, ly = cx, mt + ph + 14
            out.append(
                f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="end" fill="#555" '
                f'transform="rotate(-35 {lx:.1f} {ly:.1f})">{escape(_label(row.period))}</text>'
            )
    if len(points) > 1:
        out.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE_COLOR}" '
            'stroke-width="2"/>'
        )
    for p in points:
        x, y = p.split(",")
        out.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{LINE_COLOR}"/>')
    # legend
    lx = ml
    ly = height - 8
    for q in (1, 2, 3, 4):
        out.append(f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{QUAD_COLORS[q]}"/>')
        out.append(f'<text x="{lx + 14}" y="{ly}">{QUAD_NAMES[q]}</text>')
        lx += 14 + len(QUAD_NAMES[q]) * 6 + 16
    out.append(
        f'<line x1="{lx}" x2="{lx + 18}" y1="{ly - 4}" y2="{ly - 4}" stroke="{LINE_COLOR}" '
        'stroke-width="2"/>'
    )
    out.append(f'<text x="{lx + 22}" y="{ly}">Goldstein sum per {escape(freq)}</text>')
    out.append("</svg>")
    return "\n".join(out)
