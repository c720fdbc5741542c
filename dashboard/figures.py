"""Plotly figure functions: one per chart, used by the screen and (later) the weekly PDF.

Every chart has a title, axis titles with units, and its text in the chosen language. `dark`
switches to the wall-screen (kiosk) palette; `scale` enlarges all type for a wall read from
five metres.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.i18n import t

# Colours that stay apart for colour-blind readers (Okabe–Ito), on light and dark backgrounds.
BLUE, ORANGE, GREEN, RED, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#8a94a3"
FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, *, dark: bool,
            scale: float, height: int | None = None) -> go.Figure:  # fmt: skip
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


def trend_30d(trend: pl.DataFrame, lang: str, *, dark: bool = False, scale: float = 1.0,
              height: int | None = None):  # fmt: skip
    """New and closed incidents per day, and the backlog at each day's end, over 30 days."""
    fig = go.Figure()
    for key, color, dash in (("new", BLUE, None), ("closed", GREEN, None),
                             ("backlog", ORANGE, "dot")):  # fmt: skip
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
    return _layout(fig, t("chart_trend_title", lang), t("axis_day", lang),
                   t("axis_incidents", lang), dark=dark, scale=scale, height=height)  # fmt: skip


def backlog_by_age(ages: pl.DataFrame, lang: str, *, dark: bool = False, scale: float = 1.0,
                   height: int | None = None):  # fmt: skip
    """The backlog at the end of the day by age bucket, overdue part highlighted."""
    labels = [t(f"age_{a}", lang) for a in ages["age_bucket"]]
    on_time = [b - o for b, o in zip(ages["backlog"], ages["overdue"], strict=True)]
    fig = go.Figure(
        [
            go.Bar(
                x=labels,
                y=on_time,
                name=t("series_within_deadline", lang),
                marker_color=BLUE,
                text=on_time,
                textposition="inside",
            ),
            go.Bar(
                x=labels,
                y=ages["overdue"].to_list(),
                name=t("series_overdue", lang),
                marker_color=RED,
                text=ages["overdue"].to_list(),
                textposition="inside",
            ),
        ]  # fmt: skip
    )
    fig.update_layout(barmode="stack")
    return _layout(fig, t("chart_backlog_age_title", lang), t("axis_age", lang),
                   t("axis_cases", lang), dark=dark, scale=scale, height=height)  # fmt: skip
