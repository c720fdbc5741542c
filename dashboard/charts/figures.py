"""Plotly figure functions: the weekly PDF's charts (kaleido exports them), and the colours
and count-axis rule every chart shares. The pages draw ECharts
(dashboard.charts.echarts), the briefing SVG (dashboard.charts.svg_charts).

Every chart has a title, axis titles with units, and its text in the chosen language. `dark`
switches to the wall-screen (kiosk) palette; `scale` enlarges all type for a wall read from
five metres.
"""

from __future__ import annotations

import numbers

import plotly.graph_objects as go
import polars as pl

from dashboard.core.i18n import t

# Colours that stay apart for colour-blind readers (Okabe–Ito), on light and dark backgrounds.
BLUE, ORANGE, GREEN, RED, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#8a94a3"
# The same hues lighter, for lines on the wall's dark background (the blue and the green above
# are of one darkness there and could not be told apart).
SKY, LIGHT_GREEN = "#56B4E9", "#4CC38A"
PURPLE = "#CC79A7"  # Okabe–Ito's reddish purple: beside ORANGE where RED is too near it
# Every chart's plotly config: no mode bar (a wall screen has no mouse; analysts export the
# tables, which hold the same figures).
PLOT_CONFIG = {"displayModeBar": False}
FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'


def layout(
    fig: go.Figure,
    title: str,
    x_title: str,
    y_title: str,
    *,
    dark: bool,
    scale: float,
    height: int | None = None,
) -> go.Figure:
    fg = "#e8edf3" if dark else "#1f2a37"
    grid = "#2c3644" if dark else "#e3e8ef"
    fig.update_layout(
        title={"text": title, "font": {"size": 18 * scale}},
        font={"family": FONT, "size": 13 * scale, "color": fg},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        margin={"l": 60 * scale, "r": 20 * scale, "t": 56 * scale, "b": 48 * scale},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 1, "xanchor": "right"},
        hovermode="x unified",
        height=height,
    )
    fig.update_xaxes(title_text=x_title, gridcolor=grid, zeroline=False)
    fig.update_yaxes(title_text=y_title, gridcolor=grid, zeroline=False, rangemode="tozero")
    return fig


def count_axis(fig: go.Figure, axis: str = "y") -> go.Figure:
    """Whole-number ticks on a count axis (`axis` "x" or "y"): labels without decimals, and a
    step of 1 while the largest value — bars stacked when the chart stacks them — is below 5, so
    small counts never read "0, 1, 1, 2, 2" and an empty chart shows 0 and 1, not 0.2, 0.4 …"""
    other = "x" if axis == "y" else "y"
    stacked = fig.layout.barmode in ("stack", "relative")
    totals: dict = {}
    top = 0.0
    for trace in fig.data:
        if trace.type not in ("bar", "scatter"):
            continue
        values = getattr(trace, axis)
        if values is None:
            continue
        keys = getattr(trace, other)
        keys = range(len(values)) if keys is None else keys
        for key, value in zip(keys, values, strict=False):
            if not isinstance(value, numbers.Real) or value != value:  # None, text, NaN
                continue
            if stacked and trace.type == "bar":
                totals[key] = totals.get(key, 0) + value
                value = totals[key]
            top = max(top, value)
    update: dict = {"tickformat": ",d", "rangemode": "tozero"}
    if top < 5:
        update |= {"dtick": 1, "range": [0, max(top, 1) * 1.1]}
    getattr(fig, f"update_{axis}axes")(**update)
    return fig


def trend_30d(
    trend: pl.DataFrame,
    lang: str,
    *,
    dark: bool = False,
    scale: float = 1.0,
    height: int | None = None,
):
    """New and closed incidents per day, and the backlog at each day's end, over 30 days."""
    fig = go.Figure()
    for key, color, dash in (
        ("new", BLUE, None),
        ("closed", GREEN, None),
        ("backlog", ORANGE, "dot"),
    ):
        fig.add_trace(
            go.Scatter(
                x=trend["day"].to_list(),
                y=trend[key].to_list(),
                name=t(f"series_{key}", lang),
                mode="lines+markers",
                line={"color": color, "width": 2.5 * scale, "dash": dash},
                marker={"size": 5 * scale},
            )
        )
    # Month-day ticks read the same in both languages (plotly's month names are English only).
    fig.update_xaxes(tickformat="%m-%d", hoverformat="%Y-%m-%d")
    layout(
        fig,
        t("chart_trend_title", lang),
        t("axis_day", lang),
        t("axis_incidents", lang),
        dark=dark,
        scale=scale,
        height=height,
    )
    return count_axis(fig)


# A stacked segment shorter than this share of the tallest stack gets no number: its label would
# be shrunk to a speck or spill over its neighbours (the hover still gives it).
SEGMENT_LABEL_MIN_SHARE = 0.06


def segment_labels(values: list[int], tallest: int) -> list[str]:
    """Text for the segments of a stacked bar chart: each value, with thousands separators,
    or "" where the segment is under SEGMENT_LABEL_MIN_SHARE of `tallest` (or zero)."""
    least = max(tallest, 1) * SEGMENT_LABEL_MIN_SHARE
    return [f"{v:,}" if v and v >= least else "" for v in values]


def backlog_by_age(
    ages: pl.DataFrame,
    lang: str,
    *,
    dark: bool = False,
    scale: float = 1.0,
    height: int | None = None,
):
    """The backlog at the end of the day by age bucket, overdue part highlighted."""
    labels = [t(f"age_{a}", lang) for a in ages["age_bucket"]]
    on_time = [b - o for b, o in zip(ages["backlog"], ages["overdue"], strict=True)]
    overdue = ages["overdue"].to_list()
    tallest = max(ages["backlog"].to_list(), default=0)
    fig = go.Figure(
        [
            go.Bar(
                x=labels,
                y=on_time,
                name=t("series_within_deadline", lang),
                marker_color=BLUE,
                text=segment_labels(on_time, tallest),
                textposition="inside",
                # level, as the page's chart writes them: plotly turned a short segment's
                # number on its side
                textangle=0,
            ),
            go.Bar(
                x=labels,
                y=overdue,
                name=t("series_overdue", lang),
                marker_color=RED,
                text=segment_labels(overdue, tallest),
                textposition="inside",
                # level, as the page's chart writes them: plotly turned a short segment's
                # number on its side
                textangle=0,
            ),
        ]
    )
    # plotly lists a stack's legend top-down (overdue first); the page's chart names the
    # within-deadline part first
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    layout(
        fig,
        t("chart_backlog_age_title", lang),
        t("axis_age", lang),
        t("axis_cases", lang),
        dark=dark,
        scale=scale,
        height=height,
    )
    return count_axis(fig)
