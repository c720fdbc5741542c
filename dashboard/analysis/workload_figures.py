"""The /workload page's charts: ECharts options in the house style (dashboard.charts.echarts),
every text in the chosen language. Its map is in workload_map."""

from __future__ import annotations

import numpy as np
import polars as pl

from dashboard.analysis.workload_analysis import (
    DECIMALS,
    MEASURES,
    Fences,
    Spread,
    box_summary,
)
from dashboard.charts import echarts as ec
from dashboard.charts import figures
from dashboard.core.i18n import t

EMPLOYMENT_COLOURS = {"full_time": figures.BLUE, "part_time": figures.ORANGE}
DAY_LABELS = {"year": "{yyyy}", "month": "{MM}-{dd}", "day": "{MM}-{dd}"}


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


def stat_decimals(values, measure: str) -> int:
    """Decimals for figures worked out from a measure (a mean, a median, class edges): the
    measure's own, or more so the smallest non-zero of `values` keeps two significant digits
    — a mean of 0.64 incidents is not "1", nor are edges 0.3 and 0.4 both "0" (at most 3)."""
    d = DECIMALS.get(measure, 0)
    small = [abs(v) for v in values if v is not None and np.isfinite(v) and v != 0]
    if small:
        d = max(d, min(3, 1 - int(np.floor(np.log10(min(small))))))
    return d


def fmt_stat(value: float | None, measure: str) -> str:
    """fmt with stat_decimals of the one value."""
    return fmt(value, decimals=stat_decimals([value], measure))


def histogram(
    workers: pl.DataFrame,
    measure: str,
    lang: str,
    *,
    median: float | None,
    fence: Fences | None,
    height: int = 380,
) -> ec.Chart:
    """Workers per value of `measure`, stacked by employment (full-time, part-time), with the
    median and the over- and under-load lines (twice and half the median) marked. Counted here
    (histogram_edges), so the browser gets one bar per bin, not a value per worker."""
    x_all = workers[measure].to_numpy().astype(float)
    series: list[dict] = []
    counts: list[int] = []
    x_axis: dict = {}
    if x_all.size:
        edges = histogram_edges(x_all)
        centres = (edges[:-1] + edges[1:]) / 2
        # the bins' outer edges, unlabelled: they are rarely round numbers
        x_axis = {
            "min": float(edges[0]),
            "max": float(edges[-1]),
            "axisLabel": {"showMinLabel": False, "showMaxLabel": False},
        }
        for kind, colour in EMPLOYMENT_COLOURS.items():
            part = workers.filter(pl.col("employment") == kind)[measure].to_numpy().astype(float)
            if not part.size:
                continue
            name = t(f"wl_employment_{kind}", lang)
            per_bin = np.histogram(part, bins=edges)[0]
            counts = [
                a + int(b) for a, b in zip(counts or [0] * len(per_bin), per_bin, strict=True)
            ]
            series.append(
                {
                    "type": "bar",
                    "name": name,
                    "stack": "workers",
                    "barWidth": "96%",
                    "itemStyle": {"color": colour, "opacity": 0.85},
                    "data": [
                        {
                            "value": [float(c), int(n)],
                            "tooltip": {
                                "formatter": ec.tip(
                                    name, f"{fmt(a, measure)} – {fmt(b, measure)}: {int(n):,}"
                                )
                            },
                        }
                        for c, n, a, b in zip(centres, per_bin, edges[:-1], edges[1:], strict=True)
                    ],
                }
            )
    # The marks' decimals: enough for the smallest (half the median) to keep two digits.
    d = stat_decimals([median, fence.low if fence else None], measure)
    marks = [(median, t("wl_median", lang, v=fmt(median, decimals=d)), figures.GREEN)]
    if fence is not None and fence.high > fence.low:  # no spread, no fences to mark
        marks.append(
            (fence.high, t("wl_fence_high", lang, v=fmt(fence.high, decimals=d)), figures.RED)
        )
        if fence.low > 0:  # a fence below zero marks nothing
            marks.append(
                (fence.low, t("wl_fence_low", lang, v=fmt(fence.low, decimals=d)), figures.RED)
            )
    lines = [
        # each label a line lower than the one before, so neighbours do not cover each other
        _labelled_line(x, text, colour, i)
        for i, (x, text, colour) in enumerate(m for m in marks if m[0] is not None)
    ]
    if series and lines:
        series[0]["markLine"] = {
            "silent": True,
            "symbol": "none",
            "data": lines,
        }
    return ec.Chart(
        ec.option(
            t("wl_chart_hist_title", lang, measure=t(f"wl_measure_{measure}", lang)),
            ec.axis(measure_label(measure, lang), **x_axis),
            ec.axis(t("wl_axis_workers", lang), side="y", **ec.count_axis(counts)),
            series,
            legend=ec.legend(),
        ),
        height,
    )


def _labelled_line(x: float, text: str, colour: str, row: int) -> dict:
    """A dashed vertical line at x, its label inside the plot at its top, `row` lines down."""
    return {
        "xAxis": round(float(x), 4),
        "lineStyle": {"color": colour, "type": "dashed", "width": 1.5},
        "label": {
            "formatter": text,
            "position": "insideEndTop",
            "rotate": 0,
            "color": colour,
            "backgroundColor": "rgba(255,255,255,0.85)",
            "padding": [1, 3],
            "align": "left",
            "offset": [4, 4 + 18 * row],
        },
    }


def histogram_edges(values: np.ndarray) -> np.ndarray:
    """Equal-width bin edges over the values: about two bins per √n, 5 … 40 (a few workers get a
    few wide bars, not slivers); the last edge just past the largest value, so it is counted."""
    lo, hi = float(values.min()), float(values.max())
    n = int(np.clip(2 * np.sqrt(values.size), 5, 40))
    size = (hi - lo) / n if hi > lo else 1.0
    return lo + size * np.arange(n + 2)


def lorenz(spread: Spread, measure: str, lang: str, *, height: int = 380) -> ec.Chart:
    """The Lorenz curve of `measure` over the workers (stats.lorenz) against the line of
    equality, the Gini coefficient in the title; the gap between them shaded."""
    name = t(f"wl_measure_{measure}", lang)
    # already thinned to workload_analysis.LORENZ_POINTS + 1 points of the curve itself
    xs = np.round(100 * np.asarray(spread.population_share, float), 3).tolist()
    ys = np.round(100 * np.asarray(spread.value_share, float), 3).tolist()
    series = [
        {
            "type": "line",
            "name": t("wl_series_lorenz", lang),
            "showSymbol": False,
            "stack": "gap",
            "data": [[x, y] for x, y in zip(xs, ys, strict=True)],
            "lineStyle": {"color": figures.BLUE, "width": 2.5},
            "itemStyle": {"color": figures.BLUE},
        },
        {
            # stacked on the curve up to the line of equality: the shaded gap
            "type": "line",
            "name": "gap",
            "showSymbol": False,
            "stack": "gap",
            "silent": True,
            "tooltip": {"show": False},
            "data": [[x, round(x - y, 3)] for x, y in zip(xs, ys, strict=True)],
            "lineStyle": {"opacity": 0},
            "areaStyle": {"color": "rgba(0,114,178,0.12)"},
        },
        {
            "type": "line",
            "name": t("wl_series_equality", lang),
            "showSymbol": False,
            "silent": True,
            "tooltip": {"show": False},
            "data": [[0, 0], [100, 100]],
            "lineStyle": {"color": figures.GREY, "type": "dotted", "width": 1.5},
            "itemStyle": {"color": figures.GREY},
        },
    ]
    return ec.Chart(
        ec.option(
            t("wl_chart_lorenz_title", lang, measure=name, gini=fmt(spread.gini, decimals=3)),
            ec.axis(t("wl_axis_worker_share", lang), **ec.whole_percent()),
            ec.axis(t("wl_axis_value_share", lang, measure=name), side="y", **ec.whole_percent()),
            series,
            legend=ec.legend(
                data=[t("wl_series_lorenz", lang), t("wl_series_equality", lang)],
                top=80,
                left=70,
                right=None,
                orient="vertical",
            ),
            tooltip={"trigger": "axis", "valueFormatter": "%.1f%%"},
            axisPointer={"label": {"formatter": "{value}%"}},
        ),
        height,
    )


def boxes(workers: pl.DataFrame, lang: str, *, height: int = 360) -> ec.Chart:
    """One box plot per measure (each its own axis and unit), full-time and part-time workers
    side by side; whiskers at 1.5·IQR, workers beyond them drawn as points. The boxes are drawn
    from workload_analysis.box_summary (five numbers and the outliers), not from every worker's
    value: the page stays small at 8,650 workers."""
    kinds = list(EMPLOYMENT_COLOURS)
    names = [t(f"wl_employment_{k}", lang) for k in kinds]
    n = len(MEASURES)
    width = 100 / n
    grids, x_axes, y_axes, titles, series = [], [], [], [], []
    for i, measure in enumerate(MEASURES):
        grids.append(
            {
                "left": f"{i * width + 1.5:.2f}%",
                "width": f"{width - 3:.2f}%",
                "top": 96,
                "bottom": 28,
                "containLabel": True,
            }
        )
        titles.append(
            {
                "text": t(f"wl_measure_{measure}", lang),
                "left": f"{i * width + width / 2:.2f}%",
                "top": 36,
                "textAlign": "center",
                "textStyle": {"fontSize": 13, "fontWeight": "normal", "color": ec.FG},
            }
        )
        x_axes.append(ec.axis("", "category", gridIndex=i, data=names))
        y_axes.append(
            ec.axis(
                t(f"wl_unit_{measure}", lang),
                side="y",
                gridIndex=i,
                min=0,  # from zero, as the plotly boxes were: every measure counts up from it
                nameTextStyle={"align": "center"},
            )
        )
        drawn, outliers = [], []
        for k, (kind, colour) in enumerate(EMPLOYMENT_COLOURS.items()):
            box = box_summary(workers.filter(pl.col("employment") == kind)[measure].to_numpy())
            if box is None:
                drawn.append("-")
                continue
            five = [box.lower_whisker, box.q1, box.median, box.q3, box.upper_whisker]
            drawn.append(
                {
                    "value": [float(v) for v in five],
                    "itemStyle": {"color": _tint(colour), "borderColor": colour},
                    "tooltip": {
                        "formatter": ec.tip(
                            names[k],
                            t(
                                "wl_box_tip",
                                lang,
                                high=fmt(box.upper_whisker, measure),
                                q3=fmt(box.q3, measure),
                                median=fmt(box.median, measure),
                                q1=fmt(box.q1, measure),
                                low=fmt(box.lower_whisker, measure),
                            ),
                        )
                    },
                }
            )
            # one point per distinct value beyond the whiskers, with how many workers have it:
            # many share a whole number, and 8,650 workers' outliers would be a heavy page
            values, counts = np.unique(np.asarray(box.outliers, dtype=float), return_counts=True)
            outliers += [
                {
                    "value": [k, float(v)],
                    "itemStyle": {"color": colour, "opacity": 0.5},
                    "tooltip": {
                        "formatter": ec.tip(
                            names[k],
                            t("wl_outlier_tip", lang, v=fmt(float(v), measure), n=f"{n:,}"),
                        )
                    },
                }
                for v, n in zip(values, counts, strict=True)
            ]
        series.append(
            {
                "type": "boxplot",
                "xAxisIndex": i,
                "yAxisIndex": i,
                "data": drawn,
                "boxWidth": [12, 40],
            }
        )
        if outliers:
            series.append(
                {
                    "type": "scatter",
                    "xAxisIndex": i,
                    "yAxisIndex": i,
                    "symbolSize": 4,
                    "data": outliers,
                }
            )
    option = ec.option(t("wl_chart_boxes_title", lang), x_axes, y_axes, series)
    option["title"] = [option["title"], *titles]
    option["grid"] = grids
    return ec.Chart(option, height)


def _tint(colour: str) -> str:
    """The colour at a fifth of its strength on white: a box's fill under its outline."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * 0.2):02x}" for c in (r, g, b))


def _day_series(days: pl.DataFrame, column: str, scale: float = 1.0, digits: int = 1) -> list:
    return [
        [f"{d:%Y-%m-%d}", None if v is None else round(scale * v, digits)]
        for d, v in zip(days["day"], days[column], strict=True)
    ]


def coverage(days: pl.DataFrame, lang: str, *, height: int = 340) -> ec.Chart:
    """Daily grid coverage (grids patrolled ÷ all grids in scope) and its 7-day mean."""
    few = days.height <= 60
    series = [
        {
            "type": "line",
            "name": t("wl_series_coverage_daily", lang),
            "data": _day_series(days, "share", 100),
            "showSymbol": few,
            "symbolSize": 4,
            "lineStyle": {"color": figures.BLUE, "width": 1.2, "opacity": 1.0 if few else 0.45},
            "itemStyle": {"color": figures.BLUE},
        },
        {
            "type": "line",
            "name": t("wl_series_coverage_7d", lang),
            "data": _day_series(days, "share_7d", 100),
            "showSymbol": False,
            "lineStyle": {"color": figures.ORANGE, "width": 2.5},
            "itemStyle": {"color": figures.ORANGE},
        },
    ]
    return ec.Chart(
        ec.option(
            t("wl_chart_coverage_title", lang),
            ec.axis(t("axis_day", lang), "time", axisLabel={"formatter": DAY_LABELS}),
            ec.axis(t("wl_axis_coverage", lang), side="y", **ec.whole_percent()),
            series,
            legend=ec.legend(),
            tooltip={"trigger": "axis", "valueFormatter": "%.1f%%"},
        ),
        height,
    )


def vacant(days: pl.DataFrame, lang: str, *, height: int = 340) -> ec.Chart:
    """Grids without an active grid worker at each day of the window."""
    values = days["grids_without_worker"].to_list()
    return ec.Chart(
        ec.option(
            t("wl_chart_vacant_title", lang),
            ec.axis(t("axis_day", lang), "time", axisLabel={"formatter": DAY_LABELS}),
            ec.axis(t("wl_axis_grids", lang), side="y", **ec.count_axis(values)),
            [
                {
                    "type": "bar",
                    "name": t("wl_series_vacant", lang),
                    "barWidth": "70%",
                    "data": _day_series(days, "grids_without_worker", digits=0),
                    "itemStyle": {"color": figures.RED},
                }
            ],
            tooltip={"trigger": "axis", "valueFormatter": "%,d"},
        ),
        height,
    )
