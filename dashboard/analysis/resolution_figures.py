"""Plotly figures of the /resolution page, in the house style of dashboard.charts.figures (its layout
and colours). Every chart has a title, axis titles with units and its text in the chosen
language."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import polars as pl

from dashboard.analysis.resolution_analysis import SegmentKM
from dashboard.charts import figures
from dashboard.charts.figures import BLUE, GREEN, GREY, ORANGE, RED, layout
from dashboard.core.i18n import t

COLOURS = (BLUE, ORANGE, GREEN, RED, "#CC79A7", "#56B4E9", "#1f2a37", "#8c564b", GREY, "#F0E442")
# Hour ticks of a log axis, readable in both languages (10 min … a year); fewer on small charts.
HOUR_TICKS = (1 / 6, 0.5, 1, 2, 4, 8, 24, 72, 168, 360, 720, 2160, 8760)
FEW_HOUR_TICKS = (1 / 6, 1, 4, 24, 72, 168, 720, 8760)


def hour_text(h: float, lang: str) -> str:
    """A duration in hours as short text in `lang`: 10分钟 / 2 h / 3 d."""
    if h < 1:
        return f"{round(h * 60)}{t('res_unit_min', lang)}"
    if h >= 24 and h % 24 == 0:
        return f"{int(h // 24)}{t('res_unit_day', lang)}"
    return f"{h:g}{t('res_unit_h', lang)}"


def _log_hours_axis(
    fig: go.Figure, x_min: float, x_max: float, lang: str, ticks: tuple = HOUR_TICKS, **kw
) -> None:
    ticks = [h for h in ticks if x_min <= h <= x_max]
    fig.update_xaxes(
        type="log",
        range=[math.log10(x_min), math.log10(x_max)],
        tickvals=ticks,
        ticktext=[hour_text(h, lang) for h in ticks],
        **kw,
    )


KM_DRAWN_POINTS = 400  # about one per 2.5 pixels across the chart


def km_drawn(
    hours: np.ndarray,
    survival: np.ndarray,
    x_min: float,
    x_max: float,
    points: int = KM_DRAWN_POINTS,
) -> tuple[list[float], list[float]]:
    """The points a Kaplan–Meier step curve is drawn through (as "hv" steps): from (x_min, 1)
    at each event time (hours, ascending; survival just after it), held flat to x_max. With
    more than `points` events, the curve's value at `points` log-spaced hours from x_min to
    x_max instead: a step moves right by at most one spacing (under 4 % of its hours over a
    year), a figure read off the chart stays where it was; 50,000 steps were 660 KB of JSON."""
    if hours.size <= points:
        x = [x_min, *np.maximum(hours, x_min).tolist()]
        y = [1.0, *survival.tolist()]
        if x[-1] < x_max:
            x, y = [*x, x_max], [*y, y[-1]]
        return x, y
    grid = np.geomspace(x_min, x_max, points)
    at = np.searchsorted(hours, grid, side="right") - 1
    # Rounded: hours to 4 significant digits, shares to a hundredth of a percentage point.
    y = np.where(at < 0, 1.0, survival[np.maximum(at, 0)])
    return [float(f"{h:.4g}") for h in grid], np.round(y, 4).tolist()


def km_segments(
    segments: list[tuple[str, SegmentKM]],
    lang: str,
    *,
    title: str,
    limits: list[tuple[str, float]] = (),
    x_max_hours: float,
    height: int | None = None,
) -> go.Figure:
    """Kaplan–Meier step curves, one per (label, segment): the share still open against hours
    since report on a log axis (minutes-long on-the-spot cases and weeks-long cases on one
    chart). Dotted vertical lines at the `limits` (label, hours); dashed guides at 50 % and
    10 % still open, where the KM median and p90 are read. The axis ends at `x_max_hours` (the
    oldest report's time to the cut-off: nothing is known beyond it). A curve with more than
    KM_DRAWN_POINTS steps is drawn through its values at that many log-spaced hours
    (km_drawn)."""
    x_min = 1 / 60  # a minute: the durations' resolution
    fig = go.Figure()
    for i, (label, s) in enumerate(segments):
        x, y = km_drawn(
            np.asarray(s.hours, dtype=float),
            np.asarray(s.survival, dtype=float),
            x_min,
            x_max_hours,
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                name=label,
                mode="lines",
                line_shape="hv",
                line={"color": COLOURS[i % len(COLOURS)], "width": 2},
                hovertemplate=f"{label}<br>%{{x:.1f}} {t('unit_hours', lang)}: %{{y:.1%}}<extra></extra>",
            )
        )
    for q, key in ((0.5, "res_guide_median"), (0.1, "res_guide_p90")):
        fig.add_hline(
            y=q,
            line={"color": GREY, "width": 1, "dash": "dash"},
            annotation_text=t(key, lang),
            annotation_position="bottom left",
            annotation_font_color=GREY,
        )
    for label, hours in limits:
        # A trace, not add_vline: shapes and annotations on a log axis take log10 positions,
        # which plotly.py's helper does not apply to its annotation.
        if x_min < hours < x_max_hours:
            fig.add_trace(
                go.Scatter(
                    x=[hours, hours],
                    y=[0, 1.0],
                    mode="lines+text",
                    text=["", label],
                    # near the right edge the label goes left of its line, or it is cut off
                    textposition="bottom left"
                    if math.log(hours / x_min) > 0.75 * math.log(x_max_hours / x_min)
                    else "bottom right",
                    textfont={"color": RED},
                    showlegend=False,
                    line={"color": RED, "width": 1.2, "dash": "dot"},
                    hoverinfo="skip",
                )
            )
    layout(
        fig,
        title,
        t("axis_hours_since_report", lang) + t("res_axis_log", lang),
        t("axis_share_open", lang),
        dark=False,
        scale=1.0,
        height=height,
    )
    _log_hours_axis(fig, x_min, x_max_hours, lang)
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%")
    fig.update_layout(
        hovermode="closest",
        margin={"t": 80},
        legend={"orientation": "v", "y": 1, "yanchor": "top", "x": 1.02, "xanchor": "left"},
    )
    return fig


def stage_durations(frame: pl.DataFrame, lang: str, *, height: int | None = None) -> go.Figure:
    """Per workflow stage, the median (dot) and the 90th percentile (end of the bar) of the
    hours it took, for on-the-spot cases and dispatched cases side by side (log hour axis)."""
    fig = go.Figure()
    stages = [
        s for s in ("accept", "dispatch", "handle", "verify", "close") if s in set(frame["stage"])
    ]
    labels = {s: t(f"res_stage_{s}", lang) for s in stages}
    lo, hi = 1 / 60, 24.0
    for path, colour in (("spot", GREEN), ("case", BLUE)):
        part = frame.filter(pl.col("path") == path).sort("position")
        if part.is_empty():
            continue
        ys = [labels[s] for s in part["stage"]]
        med = [max(v, 1 / 60) for v in part["median_hours"]]
        p90 = [max(v, 1 / 60) for v in part["p90_hours"]]
        lo, hi = min(lo, *med), max(hi, *p90)
        name = t(f"res_path_{path}", lang)
        fig.add_trace(
            go.Scatter(
                x=p90,
                y=ys,
                mode="markers",
                name=f"{name} · P90",
                showlegend=False,
                marker={
                    "symbol": "line-ns-open",
                    "size": 16,
                    "color": colour,
                    "line": {"width": 2},
                },
                hovertemplate=f"{name}<br>%{{y}} P90: %{{x:.1f}} {t('unit_hours', lang)}<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=med,
                y=ys,
                mode="markers",
                name=name,
                marker={"size": 12, "color": colour},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "color": colour,
                    "thickness": 2,
                    "width": 0,
                    "array": [p - m for p, m in zip(p90, med, strict=True)],
                    "arrayminus": [0] * len(med),
                },
                customdata=part["cases"].to_list(),
                hovertemplate=(
                    f"{name}<br>%{{y}} {t('res_median', lang)}: %{{x:.2f}} "
                    f"{t('unit_hours', lang)} (n=%{{customdata:,}})<extra></extra>"
                ),
            )
        )
    layout(
        fig,
        t("res_chart_stages", lang),
        t("res_axis_stage_hours", lang),
        "",
        dark=False,
        scale=1.0,
        height=height,
    )
    _log_hours_axis(fig, lo / 1.5, hi * 1.5, lang, FEW_HOUR_TICKS)
    fig.update_yaxes(
        categoryorder="array", categoryarray=[labels[s] for s in stages][::-1], rangemode="normal"
    )
    fig.update_layout(hovermode="closest", scattermode="group", margin={"t": 100})
    return fig


def open_by_step(frame: pl.DataFrame, lang: str, *, height: int | None = None) -> go.Figure:
    """The backlog at the end of the as-of day by the last step reached: cases still within
    their deadline and overdue, stacked (horizontal bars, largest on top)."""
    frame = frame.sort("cases")
    labels = [t(f"res_step_{s}", lang) for s in frame["last_step"]]
    within = (frame["cases"] - frame["overdue"]).to_list()
    overdue = frame["overdue"].to_list()
    tallest = frame["cases"].max() or 0

    fig = go.Figure(
        [
            go.Bar(
                y=labels,
                x=within,
                orientation="h",
                name=t("series_within_deadline", lang),
                marker_color=BLUE,
                text=figures.segment_labels(within, tallest),
                textposition="inside",
            ),
            go.Bar(
                y=labels,
                x=overdue,
                orientation="h",
                name=t("series_overdue", lang),
                marker_color=RED,
                text=figures.segment_labels(overdue, tallest),
                textposition="inside",
            ),
        ]
    )
    fig.update_layout(barmode="stack", hovermode="y unified")
    layout(
        fig,
        t("res_chart_open_steps", lang),
        t("axis_cases", lang),
        "",
        dark=False,
        scale=1.0,
        height=height,
    )
    fig.update_yaxes(rangemode="normal")
    figures.count_axis(fig, "x")
    return fig


def returns_escalations(frame: pl.DataFrame, lang: str, *, height: int | None = None) -> go.Figure:
    """Per escalation level, the share of dispatched cases returned at least once and the
    share escalated (grouped bars, %)."""
    levels = [t(f"res_level_{lv}", lang) for lv in frame["escalation_level"]]
    fig = go.Figure(
        [
            go.Bar(
                x=levels,
                y=frame["return_rate"].to_list(),
                name=t("res_series_returned", lang),
                marker_color=ORANGE,
                texttemplate="%{y:.1%}",
                textposition="outside",
            ),
            go.Bar(
                x=levels,
                y=frame["escalation_rate"].to_list(),
                name=t("res_series_escalated", lang),
                marker_color=RED,
                texttemplate="%{y:.1%}",
                textposition="outside",
            ),
        ]
    )
    fig.update_layout(barmode="group")
    layout(
        fig,
        t("res_chart_returns", lang),
        t("res_axis_level", lang),
        t("res_axis_share_cases", lang),
        dark=False,
        scale=1.0,
        height=height,
    )
    top = max([0.05, *frame["return_rate"].to_list(), *frame["escalation_rate"].to_list()])
    fig.update_yaxes(tickformat=".0%", range=[0, top * 1.2])
    fig.update_layout(margin={"t": 90})
    return fig


def satisfaction(by_score: pl.DataFrame, lang: str, *, height: int | None = None) -> go.Figure:
    """Ratings 1–5 of the incidents closed in the window, stacked by whether the incident
    closed by its deadline, late, or had no time limit."""
    x = [str(s) for s in by_score["score"]]
    fig = go.Figure(
        [
            go.Bar(x=x, y=by_score[col].to_list(), name=t(key, lang), marker_color=colour)
            for col, key, colour in (
                ("on_time", "res_series_on_time", GREEN),
                ("late", "res_series_late", RED),
                ("no_limit", "res_series_no_limit", GREY),
            )
        ]
    )
    fig.update_layout(barmode="stack")
    layout(
        fig,
        t("res_chart_satisfaction", lang),
        t("res_axis_score", lang),
        t("axis_incidents", lang),
        dark=False,
        scale=1.0,
        height=height,
    )
    figures.count_axis(fig)
    fig.update_layout(margin={"t": 90})
    return fig


def backlog_by_age(ages: pl.DataFrame, lang: str, *, height: int | None = None) -> go.Figure:
    """The briefing's backlog-by-age chart (dashboard.charts.figures), unchanged."""
    return figures.backlog_by_age(ages, lang, height=height)
