"""ECharts options in the house style, for Streamlit's own `st.echarts_chart`.

Why ECharts beside plotly: in the browser plotly.js (4.7 MB) costs a page about as much again as
a blank page, on every visit; Streamlit's ECharts element (1.2 MB) about a quarter of one
(docs/performance.md, "The floor under a page"). Pages move to it one at a time; the weekly
PDF keeps plotly, whose figures kaleido exports.

As with dashboard.charts.figures: every chart has a title, axis names with units, text in the
chosen language and the Okabe–Ito colours. Options are plain JSON (Streamlit accepts no
JavaScript callbacks), so what a point says on hover is written here, per point, as HTML
(`tip`), and axis labels use ECharts' string templates. No animation: a page is ready when it
is drawn, not a second later.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from dashboard.charts.figures import BLUE, FONT, GREEN, GREY, ORANGE, RED

FG, MUTED, GRID = "#1f2a37", "#5b6675", "#e3e8ef"
COLOURS = [BLUE, ORANGE, GREEN, RED, GREY, "#CC79A7", "#56B4E9", "#F0E442"]
# A time axis' labels in numbers at every level: ECharts' own month names are English only.
NUMERIC_TIME_LABELS = {
    "year": "{yyyy}",
    "month": "{yyyy}-{MM}",
    "day": "{MM}-{dd}",
    "hour": "{HH}:{mm}",
    "minute": "{HH}:{mm}",
    "second": "{HH}:{mm}:{ss}",
}


@dataclass(frozen=True)
class Chart:
    """An ECharts option and the height in pixels to draw it at."""

    option: dict
    height: int


def tip(head: str, *lines: str) -> str:
    """A point's hover text: its head in bold, then one line each; text escaped."""
    return "<br>".join([f"<b>{escape(head)}</b>", *(escape(x) for x in lines)])


def axis(name: str, kind: str = "value", *, side: str = "x", **more) -> dict:
    """An axis: `kind` value, category, time or log. An x axis has its name centred below its
    labels; a y axis (`side` "y") above its top end, reading across — names do not fit
    beside the labels, where ECharts would turn them sideways and the page cut them off."""
    spec = {
        "type": kind,
        "name": name,
        "nameTextStyle": {"color": FG, "fontSize": 13},
        "axisLabel": {"color": MUTED, "fontSize": 12, "hideOverlap": True},
        "axisLine": {"lineStyle": {"color": "#aab4c0"}},
        "splitLine": {"lineStyle": {"color": GRID}},
    }
    if side == "x":
        spec |= {"nameLocation": "middle", "nameGap": 30}
    else:  # its top end: "start" when the axis is turned over (inverse), as lists top-down are
        top = "start" if more.get("inverse") else "end"
        spec |= {"nameLocation": top, "nameGap": 14}
        spec["nameTextStyle"] = {**spec["nameTextStyle"], "align": "left"}
    if kind == "category":
        spec["splitLine"] = {"show": False}
    return _merge(spec, more)


def option(title: str, x: dict, y: dict, series: list[dict], **more) -> dict:
    """The whole option: title, axes, series, an item tooltip, no animation."""
    base = {
        "animation": False,
        "color": COLOURS,
        "textStyle": {"fontFamily": FONT, "color": FG},
        "title": {
            "text": title,
            "left": 0,
            "top": 0,
            "textStyle": {"fontSize": 17, "fontWeight": "bold", "color": FG, "fontFamily": FONT},
        },
        # containLabel keeps the tick labels in; the x axis' name needs the room below them
        "grid": {"left": 16, "right": 24, "top": 72, "bottom": 40, "containLabel": True},
        "tooltip": {
            "trigger": "item",
            "confine": True,
            "textStyle": {"fontFamily": FONT, "fontSize": 13},
        },
        "xAxis": x,
        "yAxis": y,
        "series": series,
    }
    return _merge(base, more)


def legend(**more) -> dict:
    """A legend along the top right, below the title."""
    return _merge(
        {"show": True, "top": 30, "right": 0, "textStyle": {"color": FG, "fontSize": 12}}, more
    )


def marker_line(value: float, label: str, *, vertical: bool = True, colour: str = RED) -> dict:
    """A dashed line across the plot at `value` (x when `vertical`), labelled at its end."""
    return {
        "silent": True,
        "symbol": "none",
        "lineStyle": {"color": colour, "type": "dashed", "width": 2},
        "label": {"formatter": label, "color": colour, "position": "end", "fontSize": 12},
        "data": [{"xAxis" if vertical else "yAxis": value}],
    }


def count_axis(values: list[float]) -> dict:
    """A count axis' settings: whole numbers, a step of 1 while the largest value is below 5 (so
    small counts never read 0, 0.5, 1), from zero."""
    top = max((v for v in values if v is not None), default=0)
    spec: dict = {"min": 0, "minInterval": 1}
    if top < 5:
        spec |= {"interval": 1, "max": max(int(top) + 1, 1)}
    return spec


def percent_range(values: list[float], margin: float = 0.0) -> dict:
    """A percent axis' settings: from `margin` points below the lowest value, down to a tick,
    to 100 %, in steps of 5 (10 when that is more than 40 points), labels with a % sign."""
    low = min((v for v in values if v is not None), default=0.0) - margin
    step = 5 if 100 - low <= 40 else 10
    return {
        "min": max(0, step * math.floor(low / step)),
        "max": 100,
        "interval": step,
        "axisLabel": {"formatter": "{value}%"},
    }


def whole_percent() -> dict:
    """A percent axis' settings for shares that may lie anywhere: 0 to 100 % in steps of 20."""
    return {"min": 0, "max": 100, "interval": 20, "axisLabel": {"formatter": "{value}%"}}


def area_sizes(values: list[float], biggest_px: float, smallest_px: float) -> list[float]:
    """Marker diameters with area ∝ value: the largest value `biggest_px` across, none below
    `smallest_px` (ECharts sizes symbols by diameter)."""
    top = max((v for v in values if v), default=0) or 1
    return [max(smallest_px, biggest_px * (max(v or 0, 0) / top) ** 0.5) for v in values]


def _merge(base: dict, more: dict) -> dict:
    """`base` with `more` laid over it, dictionaries merged key by key."""
    out = dict(base)
    for k, v in more.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out
