"""Plotly figures of the /training page, in the house style of dashboard.charts.figures (title, axis
titles with units, text in the chosen language). Inputs are the frames of
dashboard.analysis.training_analysis; no arithmetic beyond scaling shares to percent."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.colors import qualitative

from dashboard.charts import figures
from dashboard.charts.figures import BLUE, GREEN, GREY, ORANGE, RED, layout
from dashboard.core.i18n import t
from dashboard.core.romanise import place_name

LEVEL_ORDER = ("street", "district", "city")  # bottom to top in the timeline
MODE_COLOURS = {"video": BLUE, "onsite": ORANGE}
LEVEL_COLOURS = {"city": BLUE, "district": GREEN, "street": ORANGE}
MAX_MARKER_PX = 38


def value_label(kind: str, value: str, lang: str) -> str:
    """On-screen word for a session's mode or level ('video' → 视频会议); topics are data (zh)."""
    if kind in ("mode", "level"):
        return t(f"tr_{kind}_{value}", lang)
    return value


def timeline(
    sessions: pl.DataFrame, lang: str, colour: str = "topic", *, height: int = 420
) -> go.Figure:
    """Sessions over their start time: one lane per level (city / district / street), marker
    area ∝ participant-times, colour by `colour` (topic, mode or level), the title on hover."""
    fig = go.Figure()
    biggest = max(int(sessions["participant_times"].max() or 1), 1) if sessions.height else 1
    groups = sessions.partition_by(colour, as_dict=True, maintain_order=True)
    palette = qualitative.Safe + qualitative.Pastel
    # Many sessions (two years of monthly lectures) would overlap at full size.
    max_px = MAX_MARKER_PX if sessions.height <= 50 else 0.7 * MAX_MARKER_PX
    for i, ((value,), part) in enumerate(sorted(groups.items())):
        if colour == "mode":
            col = MODE_COLOURS.get(value, GREY)
        elif colour == "level":
            col = LEVEL_COLOURS.get(value, GREY)
        else:
            col = palette[i % len(palette)]
        fig.add_trace(
            go.Scatter(
                x=part["starts_at"].to_list(),
                y=[value_label("level", v, lang) for v in part["level"]],
                mode="markers",
                name=value_label(colour, value, lang),
                marker={
                    "size": part["participant_times"].to_list(),
                    "sizemode": "area",
                    "sizeref": 2.0 * biggest / max_px**2,
                    "sizemin": 5,
                    "color": col,
                    "opacity": 0.75,
                    "line": {"width": 1, "color": "white"},
                },
                customdata=list(
                    zip(
                        part["title"],
                        part["participant_times"],
                        part["grid_worker_times"],
                        part["cadre_times"],
                        part["duration_minutes"],
                        strict=True,
                    )
                ),
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>%{x|%Y-%m-%d %H:%M}<br>"
                    + t("tr_hover_participant_times", lang)
                    + ": %{customdata[1]:,}<br>"
                    + t("tr_hover_workers_cadres", lang)
                    + ": %{customdata[2]:,} / %{customdata[3]:,}<br>"
                    + t("tr_hover_duration", lang)
                    + ": %{customdata[4]} min<extra></extra>"
                ),
            )
        )
    fig.update_yaxes(
        categoryorder="array", categoryarray=[value_label("level", v, lang) for v in LEVEL_ORDER]
    )
    fig.update_xaxes(tickformat="%Y-%m", hoverformat="%Y-%m-%d")
    layout(
        fig,
        t("tr_chart_timeline", lang),
        t("tr_axis_starts_at", lang),
        t("tr_axis_level", lang),
        dark=False,
        scale=1.0,
        height=height,
    )
    fig.update_layout(
        hovermode="closest",
        legend={"orientation": "h", "y": -0.26, "x": 0, "xanchor": "left", "yanchor": "top"},
        margin={"l": 90, "b": 40},
    )
    fig.update_yaxes(rangemode="normal")
    return fig


def cumulative(sessions: pl.DataFrame, lang: str, *, height: int = 380) -> go.Figure:
    """Cumulative participant-times from the first session to the as-of day: all, grid workers,
    cadres (cadres only where the scope shows them), as steps at each session's start."""
    fig = go.Figure()
    cadres = int(sessions["cadre_times"].sum())
    series = [
        ("cum_participant_times", "tr_series_all", BLUE, None),
        ("cum_grid_worker_times", "tr_series_grid_workers", GREEN, "dot"),
        ("cum_cadre_times", "tr_series_cadres", ORANGE, "dash"),
    ]
    for column, key, colour, dash in series:
        if not cadres and column != "cum_grid_worker_times":
            continue  # a scoped view shows no cadres: 'all' would repeat the grid workers' line
        fig.add_trace(
            go.Scatter(
                x=sessions["starts_at"].to_list(),
                y=sessions[column].to_list(),
                name=t(key, lang),
                mode="lines",
                line={
                    "shape": "hv",
                    "color": colour,
                    "width": 2.5,
                    "dash": dash if cadres else None,
                },
                hovertemplate="%{y:,}",
            )
        )
    fig.update_xaxes(tickformat="%Y-%m", hoverformat="%Y-%m-%d")
    return layout(
        fig,
        t("tr_chart_cumulative", lang),
        t("tr_axis_starts_at", lang),
        t("tr_axis_participant_times", lang),
        dark=False,
        scale=1.0,
        height=height,
    )


def coverage_bars(places: pl.DataFrame, level: str, total: float | None, lang: str) -> go.Figure:
    """Training coverage (365 days) per place, lowest on top, with the place total (the
    briefing's training_coverage_365d) as a dashed line. `level`: the places' level name."""
    rows = places.filter(pl.col("coverage").is_not_null()).sort("coverage", descending=True)
    pct = [100 * c for c in rows["coverage"]]
    labels = [place_name(n, lang) or c for n, c in zip(rows["name"], rows["code"], strict=True)]
    fig = go.Figure(
        go.Bar(
            x=pct,
            y=labels,
            orientation="h",
            marker_color=BLUE,
            text=[f"{p:.1f}%" for p in pct],
            textposition="inside",
            insidetextanchor="end",
            customdata=list(
                zip(
                    rows["active_workers"],
                    rows["trained_365d"],
                    rows["lapsed"],
                    rows["never_trained"],
                    strict=True,
                )
            ),
            hovertemplate=(
                "<b>%{y}</b>: %{x:.1f}%<br>"
                + t("tr_col_active_workers", lang)
                + ": %{customdata[0]:,}<br>"
                + t("tr_col_trained_365d", lang)
                + ": %{customdata[1]:,}<br>"
                + t("tr_col_lapsed", lang)
                + ": %{customdata[2]:,}<br>"
                + t("tr_col_never_trained", lang)
                + ": %{customdata[3]:,}<extra></extra>"
            ),
        )
    )
    if total is not None:
        # The label sits above the plot area, clear of the bars' own labels.
        fig.add_vline(x=100 * total, line={"color": RED, "dash": "dash", "width": 2})
        fig.add_annotation(
            x=100 * total,
            y=1,
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            text=t("tr_total_line", lang, value=f"{100 * total:.1f}%"),
            font={"color": RED},
        )
    low = min(pct + [100 * total if total is not None else 100.0], default=0.0)
    fig.update_xaxes(range=[max(0.0, low - 10), 100.5], ticksuffix="%")
    height = max(300, 26 * rows.height + 130)
    layout(
        fig,
        t("tr_chart_coverage", lang, level=t(f"tr_lvl_{level}", lang)),
        t("tr_axis_coverage", lang),
        "",
        dark=False,
        scale=1.0,
        height=height,
    )
    fig.update_layout(hovermode="closest", showlegend=False, margin={"l": 10, "t": 80})
    fig.update_yaxes(automargin=True)
    return fig


def topics(by_topic: pl.DataFrame, lang: str) -> go.Figure:
    """Participant-times per topic over the 365 days (bars), with the share of active workers
    reached as the bar's label."""
    rows = by_topic.sort("participant_times")
    fig = go.Figure(
        go.Bar(
            x=rows["participant_times"].to_list(),
            y=rows["value"].to_list(),
            orientation="h",
            marker_color=GREEN,
            text=[
                t("tr_reached_label", lang, share=f"{100 * (s or 0):.0f}%")
                for s in rows["reached_share"]
            ],
            textposition="auto",
            customdata=list(zip(rows["sessions"], rows["workers_reached"], strict=True)),
            hovertemplate=(
                "<b>%{y}</b><br>"
                + t("tr_axis_participant_times", lang)
                + ": %{x:,}<br>"
                + t("tr_col_sessions", lang)
                + ": %{customdata[0]}<br>"
                + t("tr_col_workers_reached", lang)
                + ": %{customdata[1]:,}<extra></extra>"
            ),
        )
    )
    height = max(300, 28 * rows.height + 120)
    layout(
        fig,
        t("tr_chart_topics", lang),
        t("tr_axis_participant_times", lang),
        "",
        dark=False,
        scale=1.0,
        height=height,
    )
    figures.count_axis(fig, "x")
    fig.update_layout(hovermode="closest", showlegend=False, margin={"l": 10})
    fig.update_yaxes(automargin=True)
    return fig


def hours(workers: pl.DataFrame, lang: str) -> go.Figure:
    """Distribution of hours attended per active worker in the 365 days (1-hour bins [h, h+1),
    zeros included), the median as a dashed line. Counted here: one bar per hour reaches the
    browser, not one value per worker."""
    values = workers["hours_365d"].to_list()
    per_hour = (
        workers.select(pl.col("hours_365d").floor().cast(pl.Int64).alias("hour"))
        .group_by("hour")
        .len()
        .sort("hour")
    )
    fig = go.Figure(
        go.Bar(
            x=(per_hour["hour"] + 0.5).to_list(),
            y=per_hour["len"].to_list(),
            width=1,
            customdata=[f"{h}–{h + 1}" for h in per_hour["hour"]],
            marker_color=BLUE,
            hovertemplate="%{customdata} h: %{y:,}<extra></extra>",
        )
    )
    if values:
        median = float(workers["hours_365d"].median())
        fig.add_vline(x=median, line={"color": RED, "dash": "dash", "width": 2})
        fig.add_annotation(
            x=median,
            y=1,
            yref="paper",
            yanchor="bottom",
            showarrow=False,
            text=t("tr_median_line", lang, value=f"{median:.1f}"),
            font={"color": RED},
        )
    layout(
        fig,
        t("tr_chart_hours", lang),
        t("tr_axis_hours", lang),
        t("tr_axis_workers", lang),
        dark=False,
        scale=1.0,
        height=360,
    )
    figures.count_axis(fig)
    fig.update_layout(hovermode="closest", showlegend=False, bargap=0.05)
    if len(values) < 10:  # whole workers on the axis, not 0.2 of one
        fig.update_yaxes(dtick=1)
    return fig


def on_time_scatter(frame: pl.DataFrame, level: str, days: int, lang: str) -> go.Figure:
    """Per place: training coverage (365 days, x) against the on-time rate over the window (y),
    marker area ∝ cases closed with a deadline; descriptive only."""
    rows = frame.filter(pl.col("coverage").is_not_null() & pl.col("on_time_rate").is_not_null())
    biggest = max(int(rows["closed_with_deadline"].max() or 1), 1) if rows.height else 1
    fig = go.Figure(
        go.Scatter(
            x=[100 * c for c in rows["coverage"]],
            y=[100 * r for r in rows["on_time_rate"]],
            mode="markers",
            marker={
                "size": rows["closed_with_deadline"].to_list(),
                "sizemode": "area",
                "sizeref": 2.0 * biggest / 30**2,
                "sizemin": 4,
                "color": BLUE,
                "opacity": 0.6,
                "line": {"width": 1, "color": "white"},
            },
            customdata=list(
                zip(
                    [place_name(n, lang) for n in rows["name"]],
                    rows["active_workers"],
                    rows["trained_365d"],
                    rows["closed_with_deadline"],
                    rows["closed_on_time"],
                    strict=True,
                )
            ),
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>"
                + t("tr_axis_coverage", lang)
                + ": %{x:.1f}% (%{customdata[2]:,} / %{customdata[1]:,})<br>"
                + t("tr_col_on_time_rate", lang)
                + ": %{y:.1f}% (%{customdata[4]:,} / %{customdata[3]:,})"
                + "<extra></extra>"
            ),
        )
    )
    layout(
        fig,
        t("tr_chart_on_time", lang, level=t(f"tr_lvl_{level}", lang)),
        t("tr_axis_coverage", lang),
        t("tr_axis_on_time", lang, days=days),
        dark=False,
        scale=1.0,
        height=420,
    )
    fig.update_xaxes(ticksuffix="%")
    fig.update_yaxes(ticksuffix="%", rangemode="normal")
    fig.update_layout(hovermode="closest", showlegend=False)
    return fig
