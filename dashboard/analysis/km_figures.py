"""The Kaplan–Meier chart of /resolution (the share of a cohort still open against hours since
report) and the log hours axis it shares with the stage chart: ECharts options in the house
style (dashboard.charts.echarts). The weekly report draws its own Kaplan–Meier chart in plotly
(reporting.report_charts) through the same curve points (km_drawn_together) and hour labels
(hour_text)."""

from __future__ import annotations

import math

import numpy as np

from dashboard.analysis.resolution_analysis import SegmentKM
from dashboard.charts import echarts as ec
from dashboard.charts.figures import BLUE, GREEN, GREY, ORANGE, RED
from dashboard.core.i18n import t

# Up to eight curves: the first five solid, the rest dashed, each dashed one unlike in hue the
# solid one it could be taken for (sky blue beside blue, vermilion beside orange: in thin lines
# those pairs read as one colour).
COLOURS = (BLUE, ORANGE, GREEN, "#CC79A7", "#1f2a37", "#56B4E9", RED, "#8c564b", GREY, "#F0E442")
SOLID_CURVES = 5
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


def log_hours_axis(name: str, x_min: float, x_max: float) -> dict:
    """A log axis of hours from x_min to x_max. Its labels are log_hour_ticks' lines (ECharts
    takes no label function: a tick labelled 1 d is a line at 24 with its text below)."""
    return ec.axis(
        name,
        "log",
        logBase=10,
        min=x_min,
        max=x_max,
        nameGap=34,
        axisLabel={"show": False},
        axisTick={"show": False},
        splitLine={"show": False},
        minorSplitLine={"show": False},
    )


def log_hour_ticks(x_min: float, x_max: float, lang: str, ticks: tuple = HOUR_TICKS) -> list:
    """markLine data: a light line at each tick of `ticks` within the axis, its label below."""
    return [
        {
            "xAxis": h,
            "lineStyle": {"color": ec.GRID, "type": "solid", "width": 1},
            "label": {"formatter": hour_text(h, lang), "position": "start", "color": ec.MUTED},
        }
        for h in ticks
        if x_min <= h <= x_max
    ]


KM_DRAWN_POINTS = 400  # about one per 2.5 pixels across the chart


def km_drawn_together(
    curves: list[tuple[np.ndarray, np.ndarray]],
    x_min: float,
    x_max: float,
    points: int = KM_DRAWN_POINTS,
) -> tuple[list[float], list[list[float]]]:
    """Several Kaplan–Meier curves (hours ascending, survival just after each) through the same
    hours, so that an axis tooltip lists every curve at the hovered hour (ECharts lists only
    the series with a point nearest to it): (hours, one list of values per curve). From
    (x_min, 1), then every curve's events (raised to x_min), flat to x_max; with more than
    `points` events in all, `points` log-spaced hours instead: a step moves right by at most
    one spacing (under 4 % of its hours over a year), a figure read off the chart stays where it
    was; 50,000 steps were 660 KB of JSON."""
    raised = [np.maximum(np.asarray(h, dtype=float), x_min) for h, _ in curves]
    events = np.unique(np.concatenate(raised)) if raised else np.array([])
    if events.size + 2 <= points:
        grid = events if events.size and events[-1] >= x_max else np.append(events, x_max)
    else:
        grid = np.geomspace(x_min, x_max, points)
    values = []
    for hours, (_, survival) in zip(raised, curves, strict=True):
        at = np.searchsorted(hours, grid, side="right") - 1
        survival = np.append(np.asarray(survival, dtype=float), 1.0)  # [-1]: before any event
        values.append([1.0, *np.round(survival[at], 4).tolist()])
    # Rounded: hours to 4 significant digits, shares to a hundredth of a percentage point.
    return [x_min, *(float(f"{h:.4g}") for h in grid)], values


def line_type(i: int) -> str:
    """The i-th curve's line: solid for the first SOLID_CURVES, dashed after (COLOURS)."""
    return "solid" if i % len(COLOURS) < SOLID_CURVES else "dashed"


def km_segments(
    segments: list[tuple[str, SegmentKM]],
    lang: str,
    *,
    title: str,
    limits: list[tuple[str, float]] = (),
    x_max_hours: float,
    height: int = 480,
) -> ec.Chart:
    """Kaplan–Meier step curves, one per (label, segment): the share still open against hours
    since report on a log axis (minutes-long on-the-spot cases and weeks-long cases on one
    chart). Dotted vertical lines at the `limits` (label, hours); dashed guides at 50 % and
    10 % still open, where the KM median and p90 are read. The axis ends at `x_max_hours` (the
    oldest report's time to the cut-off: nothing is known beyond it). A curve with more than
    KM_DRAWN_POINTS steps in all is drawn through its values at that many log-spaced hours;
    every curve has a point at the same hours, so the tooltip lists them all
    (km_drawn_together)."""
    x_min = 1 / 60  # a minute: the durations' resolution
    series = []
    x, ys = km_drawn_together(
        [
            (np.asarray(s.hours, dtype=float), np.asarray(s.survival, dtype=float))
            for _, s in segments
        ],
        x_min,
        x_max_hours,
    )
    for i, ((label, _), y) in enumerate(zip(segments, ys, strict=True)):
        colour = COLOURS[i % len(COLOURS)]
        series.append(
            {
                "type": "line",
                "name": label,
                "step": "end",
                "showSymbol": False,
                "data": [[float(f"{a:.4g}"), round(100 * b, 2)] for a, b in zip(x, y, strict=True)],
                "lineStyle": {"color": colour, "width": 2, "type": line_type(i)},
                "itemStyle": {"color": colour},
            }
        )
    marks = log_hour_ticks(x_min, x_max_hours, lang)
    for q, key in ((50, "res_guide_median"), (10, "res_guide_p90")):
        marks.append(
            {
                "yAxis": q,
                "lineStyle": {"color": GREY, "type": "dashed", "width": 1},
                "label": {
                    "formatter": t(key, lang),
                    "position": "insideStartBottom",
                    "color": GREY,
                },
            }
        )
    for label, hours in limits:
        if x_min < hours < x_max_hours:
            # near the right edge the label goes left of its line, or it is cut off
            right = math.log(hours / x_min) > 0.75 * math.log(x_max_hours / x_min)
            marks.append(
                {
                    "xAxis": hours,
                    "lineStyle": {"color": RED, "type": "dotted", "width": 1.2},
                    "label": {
                        "formatter": label,
                        "position": "insideEndTop",
                        "rotate": 0,
                        "color": RED,
                        "align": "right" if right else "left",
                        "offset": [-4 if right else 4, 0],
                    },
                }
            )
    # the ticks and guides ride on an empty series of their own, out of the legend
    series.append(
        {
            "type": "line",
            "data": [],
            "markLine": {"silent": True, "symbol": "none", "data": marks},
        }
    )
    return ec.Chart(
        ec.option(
            title,
            log_hours_axis(
                t("axis_hours_since_report", lang) + t("res_axis_log", lang), x_min, x_max_hours
            ),
            ec.axis(t("axis_share_open", lang), side="y", **ec.whole_percent()),
            series,
            legend=ec.legend(
                data=[label for label, _ in segments],
                type="scroll",
                orient="vertical",
                top=72,
                right=0,
                textStyle={"width": 220, "overflow": "truncate"},  # most group names whole
            ),
            # values as percentages, the hours (4 significant digits) in the header
            tooltip={"trigger": "axis", "valueFormatter": "%.1f%%"},
            axisPointer={"label": {"formatter": "{value} " + t("unit_hours", lang)}},
            grid={"right": 250, "bottom": 56},
        ),
        height,
    )
