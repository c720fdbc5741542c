"""The /workload page's charts: plotly figures in the house style (figures.layout), every text
in the chosen language. Its map is in workload_map."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard.analysis.workload_analysis import (
    DECIMALS,
    MEASURES,
    Fences,
    Spread,
    box_summary,
)
from dashboard.charts import figures
from dashboard.core.i18n import t

EMPLOYMENT_COLOURS = {"full_time": figures.BLUE, "part_time": figures.ORANGE}


def measure_label(measure: str, lang: str) -> str:
    """The measure's name with its unit, e.g. 巡查时长（分钟/在岗日）."""
    return t(
        "wl_axis", lang, label=t(f"wl_measure_{measure}", lang), unit=t(f"wl_unit_{measure}", lang)
    )


def fmt(value: float | None, measure: str | None = None, decimals: int | None = None) -> str:
    """A number as shown on the page: thousands separators, the measure's decimals."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    d = decimals if decimals is not None else DECIMALS.get(measure or "", 0)
    return f"{value:,.{d}f}"


def histogram(
    workers: pl.DataFrame,
    measure: str,
    lang: str,
    *,
    median: float | None,
    fence: Fences | None,
    height: int = 380,
) -> go.Figure:
    """Workers per value of `measure`, stacked by employment (full-time, part-time), with the
    median and the over- and under-load lines (twice and half the median) marked. Counted here (histogram_bins), so the
    browser gets one bar per bin, not a value per worker."""
    x_all = workers[measure].to_numpy().astype(float)
    fig = go.Figure()
    if x_all.size:
        edges = histogram_edges(x_all)
        centres, width = (edges[:-1] + edges[1:]) / 2, float(edges[1] - edges[0])
        ranges = [
            f"{fmt(a, measure)} – {fmt(b, measure)}"
            for a, b in zip(edges[:-1], edges[1:], strict=True)
        ]
        for kind, colour in EMPLOYMENT_COLOURS.items():
            part = workers.filter(pl.col("employment") == kind)[measure].to_numpy().astype(float)
            if part.size:
                name = t(f"wl_employment_{kind}", lang)
                fig.add_trace(
                    go.Bar(
                        x=centres,
                        y=np.histogram(part, bins=edges)[0],
                        width=width,
                        name=name,
                        marker_color=colour,
                        opacity=0.85,
                        customdata=ranges,
                        hovertemplate=f"{name}<br>%{{customdata}}: %{{y}}<extra></extra>",
                    )
                )
    marks = [(median, t("wl_median", lang, v=fmt(median, measure)), figures.GREEN, "dash")]
    if fence is not None and fence.high > fence.low:  # no spread, no fences to mark
        marks += [
            (fence.high, t("wl_fence_high", lang, v=fmt(fence.high, measure)), figures.RED, "dot")
        ]
        if fence.low > 0:  # a fence below zero marks nothing
            marks.append(
                (fence.low, t("wl_fence_low", lang, v=fmt(fence.low, measure)), figures.RED, "dot")
            )
    for i, (x, text, colour, dash) in enumerate(marks):
        if x is not None:
            fig.add_vline(
                x=x,
                line={"color": colour, "width": 1.5, "dash": dash},
                annotation_text=text,
                annotation_position="top right",
                annotation_yshift=-18 * i,
                annotation_font_color=colour,
                annotation_bgcolor="rgba(255,255,255,0.85)",
            )
    fig.update_layout(barmode="stack", bargap=0.05, hovermode="closest")
    figures.layout(
        fig,
        t("wl_chart_hist_title", lang, measure=t(f"wl_measure_{measure}", lang)),
        measure_label(measure, lang),
        t("wl_axis_workers", lang),
        dark=False,
        scale=1.0,
        height=height,
    )
    return figures.count_axis(fig)


def histogram_edges(values: np.ndarray) -> np.ndarray:
    """Equal-width bin edges over the values: about two bins per √n, 5 … 40 (a few workers get a
    few wide bars, not slivers); the last edge just past the largest value, so it is counted."""
    lo, hi = float(values.min()), float(values.max())
    n = int(np.clip(2 * np.sqrt(values.size), 5, 40))
    size = (hi - lo) / n if hi > lo else 1.0
    return lo + size * np.arange(n + 2)


def lorenz(spread: Spread, measure: str, lang: str, *, height: int = 380) -> go.Figure:
    """The Lorenz curve of `measure` over the workers (stats.lorenz) against the line of
    equality, the Gini coefficient in the title."""
    name = t(f"wl_measure_{measure}", lang)
    fig = go.Figure(
        [
            go.Scatter(
                x=[0, 1],
                y=[0, 1],
                mode="lines",
                name=t("wl_series_equality", lang),
                line={"color": figures.GREY, "dash": "dot", "width": 1.5},
                hoverinfo="skip",
            ),
            go.Scatter(
                x=spread.population_share,
                y=spread.value_share,
                mode="lines",
                name=t("wl_series_lorenz", lang),
                fill="tonexty",
                fillcolor="rgba(0,114,178,0.12)",
                line={"color": figures.BLUE, "width": 2.5},
            ),
        ]
    )
    title = t("wl_chart_lorenz_title", lang, measure=name, gini=fmt(spread.gini, decimals=3))
    figures.layout(
        fig,
        title,
        t("wl_axis_worker_share", lang),
        t("wl_axis_value_share", lang, measure=name),
        dark=False,
        scale=1.0,
        height=height,
    )
    fig.update_xaxes(range=[0, 1], tickformat=".0%")
    fig.update_yaxes(range=[0, 1], tickformat=".0%")
    fig.update_layout(
        hovermode="closest",
        legend={"x": 0.02, "xanchor": "left", "y": 0.98, "yanchor": "top", "orientation": "v"},
    )
    return fig


def boxes(workers: pl.DataFrame, lang: str, *, height: int = 360) -> go.Figure:
    """One box plot per measure (each its own axis and unit), full-time and part-time workers
    side by side; whiskers at 1.5·IQR, workers beyond them drawn as points. The boxes are drawn
    from workload_analysis.box_summary (five numbers and the outliers), not from every worker's
    value: the page stays small at 8,650 workers."""
    fig = make_subplots(
        rows=1,
        cols=len(MEASURES),
        horizontal_spacing=0.06,
        subplot_titles=[t(f"wl_measure_{m}", lang) for m in MEASURES],
    )
    for col, measure in enumerate(MEASURES, start=1):
        for kind, colour in EMPLOYMENT_COLOURS.items():
            name = t(f"wl_employment_{kind}", lang)
            box = box_summary(workers.filter(pl.col("employment") == kind)[measure].to_numpy())
            if box is None:
                continue
            fig.add_trace(
                go.Box(
                    x=[name],
                    q1=[box.q1],
                    median=[box.median],
                    q3=[box.q3],
                    lowerfence=[box.lower_whisker],
                    upperfence=[box.upper_whisker],
                    name=name,
                    marker={"color": colour},
                    line={"width": 1.4},
                    legendgroup=kind,
                    showlegend=col == 1,
                ),
                row=1,
                col=col,
            )
            if box.outliers:
                fig.add_trace(
                    go.Scatter(
                        x=[name] * len(box.outliers),
                        y=list(box.outliers),
                        mode="markers",
                        name=name,
                        legendgroup=kind,
                        showlegend=False,
                        hoverinfo="y",
                        marker={"color": colour, "size": 3, "opacity": 0.5},
                    ),
                    row=1,
                    col=col,
                )
        fig.update_yaxes(title_text=t(f"wl_unit_{measure}", lang), row=1, col=col, title_standoff=4)
    figures.layout(
        fig, t("wl_chart_boxes_title", lang), "", "", dark=False, scale=1.0, height=height
    )
    fig.update_xaxes(showticklabels=False)
    # _layout set the y title on the first axis only; put each measure's unit back.
    for col, measure in enumerate(MEASURES, start=1):
        fig.update_yaxes(title_text=t(f"wl_unit_{measure}", lang), row=1, col=col)
    fig.update_annotations(font_size=13)
    # The legend below the boxes: above, it would cover the last measure's title.
    fig.update_layout(
        hovermode="closest",
        margin={"t": 90, "b": 40},
        legend={"y": -0.06, "yanchor": "top", "x": 0.5, "xanchor": "center"},
    )
    return fig


def coverage(days: pl.DataFrame, lang: str, *, height: int = 340) -> go.Figure:
    """Daily grid coverage (grids patrolled ÷ all grids in scope) and its 7-day mean."""
    fig = go.Figure(
        [
            go.Scatter(
                x=days["day"].to_list(),
                y=days["share"].to_list(),
                name=t("wl_series_coverage_daily", lang),
                mode="lines+markers" if days.height <= 60 else "lines",
                line={"color": figures.BLUE, "width": 1.2},
                marker={"size": 4},
                opacity=1.0 if days.height <= 60 else 0.45,
            ),
            go.Scatter(
                x=days["day"].to_list(),
                y=days["share_7d"].to_list(),
                name=t("wl_series_coverage_7d", lang),
                mode="lines",
                line={"color": figures.ORANGE, "width": 2.5},
            ),
        ]
    )
    fig.update_xaxes(tickformat="%m-%d", hoverformat="%Y-%m-%d")
    figures.layout(
        fig,
        t("wl_chart_coverage_title", lang),
        t("axis_day", lang),
        t("wl_axis_coverage", lang),
        dark=False,
        scale=1.0,
        height=height,
    )
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%")
    return fig


def vacant(days: pl.DataFrame, lang: str, *, height: int = 340) -> go.Figure:
    """Grids without an active grid worker at each day of the window."""
    fig = go.Figure(
        go.Bar(
            x=days["day"].to_list(),
            y=days["grids_without_worker"].to_list(),
            name=t("wl_series_vacant", lang),
            marker_color=figures.RED,
        )
    )
    fig.update_xaxes(tickformat="%m-%d", hoverformat="%Y-%m-%d")
    figures.layout(
        fig,
        t("wl_chart_vacant_title", lang),
        t("axis_day", lang),
        t("wl_axis_grids", lang),
        dark=False,
        scale=1.0,
        height=height,
    )
    fig.update_layout(showlegend=False)
    return figures.count_axis(fig)  # whole grids: no 0.2-grid ticks when the counts are small
