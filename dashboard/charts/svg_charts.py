"""Small charts drawn as SVG images, for screens read at a glance (the briefing and the kiosk):
no chart library reaches the browser, so the page is ready sooner (a plotly chart costs about a
second of the browser's time here, docs/performance.md). What a hover would tell is written on
the chart: each series' last value in its legend, each bar's count on it. Two themes: `light`
(the briefing, drawn at about its on-screen size) and `dark` (the wall screen, drawn small and
scaled up with it).

The SVG goes in an <img> (st.html sanitises inline <svg> away), so it stays vector and sharp."""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape

FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif"


@dataclass(frozen=True)
class Theme:
    width: int  # viewBox size: the image scales to its column, text with it
    height: int
    title: str  # colours: title, legend, axis text, grid lines
    legend: str
    axis: str
    grid: str
    title_px: int
    text_px: int


THEMES = {
    "light": Theme(1000, 360, "#1f2a37", "#1f2a37", "#5b6675", "#e3e8ef", 18, 13),
    # Drawn small so it scales up about 1.5× in its kiosk column: text ≥ 24 px at 1920×1080.
    "dark": Theme(420, 215, "#f4f7fb", "#d5dde8", "#9fb0c5", "#24324a", 19, 16),
}


def axis_ticks(value: float) -> list[float]:
    """Round y-axis ticks from 0 to at or above `value`: about 3 to 5 steps of 1, 2, 2.5 or 5 ×
    a power of ten (counts get whole-number ticks: the step is at least 1, never 2.5)."""
    if value <= 0:
        return [0.0, 1.0]
    rough = value / 5
    power = 10 ** math.floor(math.log10(rough))
    factors = (1, 2, 2.5, 5, 10) if power >= 10 else (1, 2, 5, 10)
    step = next(m * power for m in factors if rough <= m * power)
    step = max(step, 1.0)
    steps = math.ceil(value / step - 1e-9)
    return [k * step for k in range(steps + 1)]


def _text_px(text: str, size: int) -> float:
    """About how wide `text` is drawn at font size `size` (CJK full width, Latin ~0.55)."""
    return sum(size if ord(ch) > 0x2E80 else 0.55 * size for ch in text)


def _frame(th: Theme, title: str, y_title: str, ticks: list[float], box) -> list[str]:
    """Title, horizontal grid lines at the ticks with their values, the y-axis title."""
    left, top, right, bottom = box
    parts = [
        f'<text x="0" y="{th.title_px + 2}" fill="{th.title}" font-size="{th.title_px}" '
        f'font-weight="700">{escape(title)}</text>'
    ]
    for v in ticks:
        y = bottom - (bottom - top) * v / ticks[-1]
        label = f"{v:,.0f}"
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{th.grid}" '
            'stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" fill="{th.axis}" font-size="{th.text_px}" '
            f'text-anchor="end">{label}</text>'
        )
    mid = (top + bottom) / 2
    parts.append(
        f'<text x="14" y="{mid:.0f}" fill="{th.axis}" font-size="{th.text_px}" '
        f'transform="rotate(-90 14 {mid:.0f})" text-anchor="middle">{escape(y_title)}</text>'
    )
    return parts


def _legend(th: Theme, entries: Sequence[tuple[str, str, str]], x: float, y: float) -> list[str]:
    """Legend entries (label, colour, swatch: line, dash or box) in one row from x."""
    parts = []
    for label, colour, swatch in entries:
        if swatch == "box":
            parts.append(f'<rect x="{x:.0f}" y="{y - 11}" width="14" height="14" fill="{colour}"/>')
        else:
            dash = ' stroke-dasharray="4 3"' if swatch == "dash" else ""
            parts.append(
                f'<line x1="{x:.0f}" x2="{x + 18:.0f}" y1="{y - 4}" y2="{y - 4}" '
                f'stroke="{colour}" stroke-width="3"{dash}/>'
            )
        parts.append(
            f'<text x="{x + 24:.0f}" y="{y}" fill="{th.legend}" font-size="{th.text_px + 1}">'
            f"{escape(label)}</text>"
        )
        x += 24 + _text_px(label, th.text_px + 1) + 18
    return parts


def _image(th: Theme, parts: list[str], alt: str) -> str:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {th.width} {th.height}" '
        f'font-family="{FONT}">' + "".join(parts) + "</svg>"
    )
    data = base64.b64encode(svg.encode()).decode()
    return f'<img alt="{escape(alt)}" style="width:100%" src="data:image/svg+xml;base64,{data}">'


def _theme(theme: str, width: int | None, height: int | None = None) -> Theme:
    th = THEMES[theme]
    return replace(th, width=width or th.width, height=height or th.height)


def trend_chart(
    days: Sequence,
    series: Sequence[tuple[str, str, Sequence[float]]],
    title: str,
    y_title: str,
    *,
    theme: str = "dark",
    dashed: Sequence[str] = (),
    width: int | None = None,
    height: int | None = None,
    legend_values: bool = True,
) -> str:
    """A line chart of a few series over days (dates), with axis ticks (a date every 7 days), a
    legend naming each series' last value (only its name without `legend_values`) and the title;
    `series` are (label, colour, values), `dashed` the labels drawn dashed. `width`: the
    drawing's width in px (about its width on screen, so text keeps its size; the theme's by
    default), `height` likewise. Returns an <img> tag."""
    th = _theme(theme, width, height)
    left, right, top, bottom = 62, th.width - 14, 70, th.height - 34
    ticks = axis_ticks(max((max(v) for _, _, v in series if len(v)), default=0))
    top_value = ticks[-1]
    n = max(len(days) - 1, 1)

    def x(i: int) -> float:
        return left + (right - left) * i / n

    def y(v: float) -> float:
        return bottom - (bottom - top) * v / top_value

    parts = _frame(th, title, y_title, ticks, (left, top, right, bottom))
    for i in range(0, len(days), 7):
        parts.append(
            f'<text x="{x(i):.1f}" y="{th.height - 10}" fill="{th.axis}" '
            f'font-size="{th.text_px}" text-anchor="middle">{days[i]:%m-%d}</text>'
        )
    for label, colour, values in series:
        dash = ' stroke-dasharray="7 5"' if label in dashed else ""
        pts = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="3"{dash} '
            f'stroke-linejoin="round" points="{pts}"/>'
        )
    entries = [
        (
            f"{label} {values[-1]:,}" if len(values) and legend_values else label,
            colour,
            "dash" if label in dashed else "line",
        )
        for label, colour, values in series
    ]
    parts += _legend(th, entries, left, th.title_px + 30)
    alt = title + ": " + "; ".join(e[0] for e in entries)
    return _image(th, parts, alt)


def stacked_bars(
    categories: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[int]]],
    title: str,
    y_title: str,
    *,
    theme: str = "light",
    width: int | None = None,
) -> str:
    """Stacked bars, one per category, the parts (label, colour, counts) bottom up; each part's
    count is written in it when it is tall enough, the total above the bar. `width` as for
    trend_chart. Returns an <img>."""
    th = _theme(theme, width)
    left, right, top, bottom = 62, th.width - 14, 70, th.height - 34
    totals = [sum(s[2][i] for s in series) for i in range(len(categories))]
    ticks = axis_ticks(max(totals, default=0))
    top_value = ticks[-1]
    slot = (right - left) / max(len(categories), 1)
    bar = slot * 0.62

    def h(v: float) -> float:
        return (bottom - top) * v / top_value

    parts = _frame(th, title, y_title, ticks, (left, top, right, bottom))
    for i, name in enumerate(categories):
        x0 = left + slot * i + (slot - bar) / 2
        base = bottom
        parts_shown = sum(1 for s in series if s[2][i])
        for _, colour, counts in series:
            v = counts[i]
            if v:
                parts.append(
                    f'<rect x="{x0:.1f}" y="{base - h(v):.1f}" width="{bar:.1f}" '
                    f'height="{h(v):.1f}" fill="{colour}"/>'
                )
                if parts_shown > 1 and h(v) >= th.text_px + 4:  # one part: its total says it
                    parts.append(
                        f'<text x="{x0 + bar / 2:.1f}" y="{base - h(v) / 2 + 4.5:.1f}" '
                        f'fill="#ffffff" font-size="{th.text_px}" text-anchor="middle">'
                        f"{v:,}</text>"
                    )
            base -= h(v)
        parts.append(
            f'<text x="{x0 + bar / 2:.1f}" y="{base - 5:.1f}" fill="{th.title}" '
            f'font-size="{th.text_px}" font-weight="700" text-anchor="middle">'
            f"{totals[i]:,}</text>"
            f'<text x="{x0 + bar / 2:.1f}" y="{th.height - 10}" fill="{th.axis}" '
            f'font-size="{th.text_px}" text-anchor="middle">{escape(name)}</text>'
        )
    parts += _legend(
        th, [(label, colour, "box") for label, colour, _ in series], left, th.title_px + 30
    )
    alt = title + ": " + "; ".join(f"{c} {n:,}" for c, n in zip(categories, totals, strict=True))
    return _image(th, parts, alt)
