"""The weekly report's charts: plotly figures (dashboard.charts.figures, and the Kaplan–Meier
curves drawn here as /resolution draws them in ECharts, from the same curve points), made into
SVG by kaleido on Debian's chromium (one session per report, MathJax off, nothing
fetched) for fpdf2 to embed as vectors."""

from __future__ import annotations

import asyncio
import math
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from dashboard.analysis import km_figures
from dashboard.analysis.resolution_analysis import SegmentKM
from dashboard.charts import figures
from dashboard.charts.figures import GREY, RED, layout
from dashboard.core.i18n import t
from dashboard.reporting import report_map
from dashboard.reporting.report import PLACE_ROWS, ReportData, ReportError, km_by_group

BROWSER = "/usr/bin/chromium"
KM_X_MAX_HOURS = 7 * 24  # a week's cohort: nothing is known past Monday 00:00 + 7 days
CHART_HEIGHT = 400  # the trend's SVG height (width 900)
# The backlog chart is lower, so page 2 holds it, the most overdue cases and those due next.
BACKLOG_HEIGHT = 300


def km_height(groups: int) -> int:
    """The KM chart's SVG height (pixels; width 900, 5 px a millimetre in print): what its page
    leaves beside the table of `groups` rows (6.2 mm each) and the note — 261 mm below the
    running header, 41 mm of heading, table head and note, 4 mm spare — from 400 to 700."""
    return int(min(max((261 - 41 - 4 - 6.2 * groups) * 5, 400), 700))


def map_max_height(places: int) -> int:
    """The incidents map's largest SVG height (pixels; width 900, printed 180 mm wide, so 5 px
    a millimetre) that leaves room on its page for the headings, the note and a table of
    `places` rows (at most PLACE_ROWS, 6.2 mm each): 261 mm of the page below the running
    header, 56 mm of headings, notes and table head, 4 mm spare."""
    return int((261 - 56 - 4 - 6.2 * min(places, PLACE_ROWS)) * 5)


class SvgExporter:
    """One kaleido session on Debian's chromium (MathJax off, plotly.js from the installed
    package: nothing fetched), run by an event loop in a thread of its own and started as soon
    as the exporter is made, so chromium (1–3 s) starts while the report's data is read. A
    context manager: leaving it closes chromium."""

    def __init__(self, width: int = 900):
        path = os.environ.get("BROWSER_PATH", BROWSER)
        if not Path(path).exists():
            raise ReportError(f"{path}: no chromium found; install Debian's package `chromium`")
        self.width = width
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        self._session = asyncio.run_coroutine_threadsafe(self._open(path), self._loop)

    @staticmethod
    async def _open(path: str):
        import kaleido

        session = kaleido.Kaleido(path=path, mathjax=False)
        await session.__aenter__()
        return session

    def export(self, figs: list[tuple[go.Figure, int]]) -> list[bytes]:
        """SVG of each (figure, height in pixels), `width` pixels wide, in order."""
        session = self._session.result()

        async def run() -> list[bytes]:
            return [
                await session.calc_fig(
                    fig, opts={"format": "svg", "width": self.width, "height": h}
                )
                for fig, h in figs
            ]

        svgs = asyncio.run_coroutine_threadsafe(run(), self._loop).result()
        # fpdf2's SVG parser takes unitless lengths only ("3px" in plotly's style attributes).
        return [re.sub(rb"(\d)px", rb"\1", s) for s in svgs]

    def close(self) -> None:
        try:
            if self._session.exception() is None:
                exit_ = self._session.result().__aexit__(None, None, None)
                asyncio.run_coroutine_threadsafe(exit_, self._loop).result()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()

    def __enter__(self) -> SvgExporter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def export_svgs(figs: list, width: int = 900, height: int = 400) -> list[bytes]:
    """SVG of each Plotly figure from one kaleido session (SvgExporter). An item may be
    (figure, height) for a height other than `height`."""
    items = [item if isinstance(item, tuple) else (item, height) for item in figs]
    with SvgExporter(width) as exporter:
        return exporter.export(items)


def km_figure(data: ReportData, lang: str) -> go.Figure:
    """The week's Kaplan–Meier curves by matter group, drawn as the /resolution page draws
    them (km_figures.km_segments: log hours axis, 50 % and 10 % guides) up to the end
    of the week's censoring window."""
    groups = km_by_group(data.by_group, lang)
    return km_segments_plotly(
        [(g.group, g) for g in groups],
        lang,
        title=t("chart_km_title", lang),
        x_max_hours=KM_X_MAX_HOURS,
    )


def _log_hours_axis(
    fig: go.Figure,
    x_min: float,
    x_max: float,
    lang: str,
    ticks: tuple = km_figures.HOUR_TICKS,
    **kw,
) -> None:
    ticks = [h for h in ticks if x_min <= h <= x_max]
    fig.update_xaxes(
        type="log",
        range=[math.log10(x_min), math.log10(x_max)],
        tickvals=ticks,
        ticktext=[km_figures.hour_text(h, lang) for h in ticks],
        **kw,
    )


def km_segments_plotly(
    segments: list[tuple[str, SegmentKM]],
    lang: str,
    *,
    title: str,
    limits: list[tuple[str, float]] = (),
    x_max_hours: float,
    height: int | None = None,
) -> go.Figure:
    """The weekly report's Kaplan–Meier chart, in plotly for kaleido's static export, drawn as
    /resolution draws its own in ECharts (km_figures.km_segments): step curves, one per
    (label, segment): the share still open against hours
    since report on a log axis (minutes-long on-the-spot cases and weeks-long cases on one
    chart). Dotted vertical lines at the `limits` (label, hours); dashed guides at 50 % and
    10 % still open, where the KM median and p90 are read. The axis ends at `x_max_hours` (the
    oldest report's time to the cut-off: nothing is known beyond it). Curves with more than
    KM_DRAWN_POINTS steps in all are drawn through their values at that many log-spaced hours
    (km_drawn_together, as on the page)."""
    x_min = 1 / 60  # a minute: the durations' resolution
    fig = go.Figure()
    x, ys = km_figures.km_drawn_together(
        [
            (np.asarray(s.hours, dtype=float), np.asarray(s.survival, dtype=float))
            for _, s in segments
        ],
        x_min,
        x_max_hours,
    )
    for i, ((label, _), y) in enumerate(zip(segments, ys, strict=True)):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                name=label,
                mode="lines",
                line_shape="hv",
                line={
                    "color": km_figures.COLOURS[i % len(km_figures.COLOURS)],
                    "width": 2,
                    # as on /resolution: the curves after the fifth dashed
                    "dash": "solid" if km_figures.line_type(i) == "solid" else "dash",
                },
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


def map_figure(data: ReportData, lang: str) -> go.Figure:
    """The places one level below the scope, coloured by the week's incidents (report_map)."""
    counts = dict(zip(data.places["code"], data.places["incidents"], strict=True))
    return report_map.place_map(
        data.map_features,
        counts,
        data.map_labels,
        t("rep_map_scale", lang),
        max_height=map_max_height(data.places.height),
    )


@dataclass(frozen=True)
class Charts:
    """The report's charts as SVG, in page order (trend, backlog by age, KM curves, map), with
    their heights in pixels (all 900 wide), and how many places the map left unlabelled."""

    svgs: list[bytes]
    heights: list[int]
    unlabelled: int


def charts(data: ReportData, lang: str, export=export_svgs) -> Charts:
    """The report's charts, made into SVG by `export` (export_svgs, or an SvgExporter's)."""
    trend = figures.trend_30d(data.trend, lang)
    trend.update_layout(title_text="")  # the page's heading names it
    where = map_figure(data, lang)
    items = [
        (trend, CHART_HEIGHT),
        (figures.backlog_by_age(data.ages, lang), BACKLOG_HEIGHT),
        (km_figure(data, lang), km_height(len(km_by_group(data.by_group, lang)))),
        (where, where.layout.height),
    ]
    return Charts(
        export(items), [h for _, h in items], data.places.height - len(where.layout.meta["labels"])
    )
