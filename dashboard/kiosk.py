"""The wall-screen (kiosk, 大屏模式) rendering of the briefing's lists and trend: plain HTML and
SVG images, so every colour and size is ours — dark, high-contrast, and sized in rem, which the
kiosk style scales with the screen width (1920×1080 and 3840×2160 alike). The tiles are
dashboard.tile_cards' dark theme."""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from html import escape

CSS = """
<style>
.kq-table { width: 100%; border-collapse: collapse; font-size: 1.0rem; color: #e8edf3; }
.kq-table th { text-align: left; color: #9fb0c5; font-weight: 500; padding: 0.25rem 0.4rem;
               border-bottom: 1px solid #2c3a52; }
.kq-table td { padding: 0.3rem 0.4rem; border-bottom: 1px solid #1c2738; }
.kq-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.kq-title { color: #f4f7fb; font-size: 1.35rem; font-weight: 700; margin: 0.2rem 0 0.4rem 0; }
.kq-ok { color: #4cc38a; font-size: 1.1rem; }
</style>
"""


def _cell(value) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return "" if value is None else str(value)


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence], numeric: set[int],
          empty: str) -> str:  # fmt: skip
    """A titled dark table; `numeric` are the indexes of right-aligned number columns."""
    head = f'<div class="kq-title">{escape(title)}</div>'
    if not rows:
        return CSS + head + f'<div class="kq-ok">✓ {escape(empty)}</div>'
    th = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if i in numeric else ""}">{escape(_cell(v))}</td>'
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return CSS + head + f'<table class="kq-table"><tr>{th}</tr>{body}</table>'


def _nice_max(value: float) -> float:
    """A round axis maximum at or above value (1, 2, 2.5 or 5 × a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def trend_chart(days: Sequence, series: Sequence[tuple[str, str, Sequence[float]]],
                title: str, y_title: str) -> str:  # fmt: skip
    """A 30-day line chart as a vector image (an inline SVG could not pass st.html), dark, with
    axis ticks, a legend and the title; series are (label, colour, values)."""
    w, h, left, right, top, bottom = 600, 300, 58, 12, 62, 34
    top_value = _nice_max(max((max(v) for _, _, v in series if len(v)), default=1))
    n = max(len(days) - 1, 1)

    def x(i):
        return left + (w - left - right) * i / n

    def y(v):
        return top + (h - top - bottom) * (1 - v / top_value)

    parts = [
        f'<text x="0" y="20" fill="#f4f7fb" font-size="19" font-weight="700">{escape(title)}</text>'
    ]
    for k in range(5):
        v = top_value * k / 4
        parts.append(f'<line x1="{left}" x2="{w - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                     'stroke="#24324a" stroke-width="1"/>')  # fmt: skip
        parts.append(f'<text x="{left - 6}" y="{y(v) + 5:.1f}" fill="#9fb0c5" font-size="13" '
                     f'text-anchor="end">{v:,.0f}</text>')  # fmt: skip
    for i in range(0, len(days), 7):
        parts.append(f'<text x="{x(i):.1f}" y="{h - 10}" fill="#9fb0c5" font-size="13" '
                     f'text-anchor="middle">{days[i]:%m-%d}</text>')  # fmt: skip
    lx = left
    for label, color, values in series:
        pts = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="3" points="{pts}"/>')
        parts.append(f'<rect x="{lx}" y="34" width="14" height="4" fill="{color}"/>'
                     f'<text x="{lx + 19}" y="41" fill="#d5dde8" font-size="14">'
                     f'{escape(label)}</text>')  # fmt: skip
        lx += 26 + 15 * len(label) if not label.isascii() else 26 + 8 * len(label)
    parts.append(f'<text x="14" y="{top + (h - top - bottom) / 2:.0f}" fill="#9fb0c5" '
                 f'font-size="13" transform="rotate(-90 14 {top + (h - top - bottom) / 2:.0f})" '
                 f'text-anchor="middle">{escape(y_title)}</text>')  # fmt: skip
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
           'font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif">'
           + "".join(parts) + "</svg>")  # fmt: skip
    data = base64.b64encode(svg.encode()).decode()
    return f'<img alt="{escape(title)}" style="width:100%" src="data:image/svg+xml;base64,{data}">'
