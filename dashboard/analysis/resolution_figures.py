"""The /resolution page's charts but the Kaplan–Meier curves (dashboard.analysis.km_figures):
ECharts options in the house style (dashboard.charts.echarts). Every chart has a title, axis
names with units and its text in the chosen language."""

from __future__ import annotations

import math

import polars as pl

from dashboard.analysis.km_figures import FEW_HOUR_TICKS, log_hour_ticks, log_hours_axis
from dashboard.charts import echarts as ec
from dashboard.charts import figures
from dashboard.charts.figures import BLUE, GREEN, GREY, ORANGE, PURPLE, RED
from dashboard.core.i18n import t

# Bars' hover: every series at the bar's category, whole counts with separators.
COUNT_TIP = {"trigger": "axis", "axisPointer": {"type": "shadow"}, "valueFormatter": "%,d"}


def stage_durations(frame: pl.DataFrame, lang: str, *, height: int = 420) -> ec.Chart:
    """Per workflow stage, the median (dot) and the 90th percentile (end of the bar) of the
    hours it took, on-the-spot cases and dispatched cases in rows of their own (log hours)."""
    stages = [
        s for s in ("accept", "dispatch", "handle", "verify", "close") if s in set(frame["stage"])
    ]
    rows, series = [], []
    lo, hi = 1 / 60, 24.0
    for stage in stages:
        for path, colour in (("spot", GREEN), ("case", BLUE)):
            part = frame.filter((pl.col("path") == path) & (pl.col("stage") == stage))
            if part.is_empty():
                continue
            row = f"{t(f'res_stage_{stage}', lang)} · {t(f'res_path_{path}', lang)}"
            rows.append(row)
            r = part.row(0, named=True)
            med, p90 = max(r["median_hours"], 1 / 60), max(r["p90_hours"], 1 / 60)
            lo, hi = min(lo, med), max(hi, p90)
            tip = ec.tip(
                row,
                f"{t('res_median', lang)}: {r['median_hours']:.2f} {t('unit_hours', lang)}",
                f"P90: {r['p90_hours']:.1f} {t('unit_hours', lang)}",
                f"n = {r['cases']:,}",
            )
            series.append(
                {
                    "type": "line",
                    "name": t(f"res_path_{path}", lang),
                    "data": [
                        {"value": [med, row], "symbol": "circle", "symbolSize": 12},
                        {"value": [p90, row], "symbol": "rect", "symbolSize": [3, 16]},
                    ],
                    "lineStyle": {"color": colour, "width": 3},
                    "itemStyle": {"color": colour},
                    "tooltip": {"formatter": tip},
                }
            )
    x_min, x_max = lo / 1.5, hi * 1.5
    series.append(
        {
            "type": "line",
            "data": [],
            "markLine": {
                "silent": True,
                "symbol": "none",
                "data": log_hour_ticks(x_min, x_max, lang, FEW_HOUR_TICKS),
            },
        }
    )
    return ec.Chart(
        ec.option(
            t("res_chart_stages", lang),
            log_hours_axis(t("res_axis_stage_hours", lang), x_min, x_max),
            # the first stage on top: a category axis runs upwards (not turned over with
            # inverse, which would put the hour labels, drawn at the lines' start, on top)
            ec.axis("", "category", side="y", data=rows[::-1], axisLabel={"hideOverlap": False}),
            series,
            legend=ec.legend(data=[t(f"res_path_{p}", lang) for p in ("spot", "case")]),
            grid={"bottom": 56},
        ),
        height,
    )


def open_by_step(frame: pl.DataFrame, lang: str, *, height: int = 420) -> ec.Chart:
    """The backlog at the end of the as-of day by the last step reached: cases still within
    their deadline and overdue, stacked (horizontal bars, largest on top)."""
    frame = frame.sort("cases")
    labels = [t(f"res_step_{s}", lang) for s in frame["last_step"]]
    within = (frame["cases"] - frame["overdue"]).to_list()
    overdue = frame["overdue"].to_list()
    tallest = frame["cases"].max() or 0
    series = [
        _stacked(t(key, lang), values, figures.segment_labels(values, tallest), colour, "open")
        for key, values, colour in (
            ("series_within_deadline", within, BLUE),
            ("series_overdue", overdue, RED),
        )
    ]
    return ec.Chart(
        ec.option(
            t("res_chart_open_steps", lang),
            ec.axis(t("axis_cases", lang), **ec.count_axis(frame["cases"].to_list())),
            ec.axis("", "category", side="y", data=labels, axisLabel={"hideOverlap": False}),
            series,
            legend=ec.legend(),
            tooltip=COUNT_TIP,
        ),
        height,
    )


def _stacked(name: str, values: list, labels: list[str], colour: str, stack: str) -> dict:
    """A stacked bar series with the given label on each bar ("" for none)."""
    return {
        "type": "bar",
        "name": name,
        "stack": stack,
        "barCategoryGap": "30%",
        "itemStyle": {"color": colour},
        "label": {"show": True, "position": "inside", "color": "white"},
        "data": [
            {"value": v, "label": {"formatter": text, "show": bool(text)}}
            for v, text in zip(values, labels, strict=True)
        ],
    }


def returns_escalations(frame: pl.DataFrame, lang: str, *, height: int = 400) -> ec.Chart:
    """Per escalation level, the share of dispatched cases returned at least once and the
    share escalated (grouped bars, %)."""
    levels = [t(f"res_level_{lv}", lang) for lv in frame["escalation_level"]]
    series = []
    for column, key, colour in (
        ("return_rate", "res_series_returned", ORANGE),
        # purple, not red: the red beside the orange read as a second orange
        ("escalation_rate", "res_series_escalated", PURPLE),
    ):
        series.append(
            {
                "type": "bar",
                "name": t(key, lang),
                "itemStyle": {"color": colour},
                "label": {"show": True, "position": "top", "color": ec.FG},
                "data": [
                    {
                        "value": round(100 * (v or 0), 2),
                        "label": {"formatter": f"{100 * (v or 0):.1f}%"},
                    }
                    for v in frame[column]
                ],
            }
        )
    top = max([0.05, *frame["return_rate"].to_list(), *frame["escalation_rate"].to_list()])
    return ec.Chart(
        ec.option(
            t("res_chart_returns", lang),
            ec.axis(t("res_axis_level", lang), "category", data=levels),
            ec.axis(
                t("res_axis_share_cases", lang),
                side="y",
                min=0,
                max=math.ceil(120 * top),
                axisLabel={"formatter": "{value}%"},
            ),
            series,
            legend=ec.legend(),
            tooltip={**COUNT_TIP, "valueFormatter": "%.1f%%"},
        ),
        height,
    )


def satisfaction(by_score: pl.DataFrame, lang: str, *, height: int = 380) -> ec.Chart:
    """Ratings 1–5 of the incidents closed in the window, stacked by whether the incident
    closed by its deadline, late, or had no time limit."""
    columns = (
        ("on_time", "res_series_on_time", GREEN),
        ("late", "res_series_late", RED),
        ("no_limit", "res_series_no_limit", GREY),
    )
    totals = [sum(row) for row in zip(*(by_score[c].to_list() for c, _, _ in columns), strict=True)]
    return ec.Chart(
        ec.option(
            t("res_chart_satisfaction", lang),
            ec.axis(
                t("res_axis_score", lang), "category", data=[str(s) for s in by_score["score"]]
            ),
            ec.axis(t("axis_incidents", lang), side="y", **ec.count_axis(totals)),
            [
                {
                    "type": "bar",
                    "name": t(key, lang),
                    "stack": "scores",
                    "itemStyle": {"color": colour},
                    "data": by_score[column].to_list(),
                }
                for column, key, colour in columns
            ],
            legend=ec.legend(),
            tooltip=COUNT_TIP,
        ),
        height,
    )


def backlog_by_age(ages: pl.DataFrame, lang: str, *, height: int = 400) -> ec.Chart:
    """The backlog at the end of the day by age bucket, the overdue part stacked on top in red:
    the briefing's backlog-by-age chart (dashboard.charts.figures), drawn in ECharts."""
    labels = [t(f"age_{a}", lang) for a in ages["age_bucket"]]
    on_time = [b - o for b, o in zip(ages["backlog"], ages["overdue"], strict=True)]
    overdue = ages["overdue"].to_list()
    tallest = max(ages["backlog"].to_list(), default=0)
    series = [
        _stacked(t(key, lang), values, figures.segment_labels(values, tallest), colour, "age")
        for key, values, colour in (
            ("series_within_deadline", on_time, BLUE),
            ("series_overdue", overdue, RED),
        )
    ]
    return ec.Chart(
        ec.option(
            t("chart_backlog_age_title", lang),
            ec.axis(t("axis_age", lang), "category", data=labels),
            ec.axis(t("axis_cases", lang), side="y", **ec.count_axis(ages["backlog"].to_list())),
            series,
            legend=ec.legend(),
            tooltip=COUNT_TIP,
        ),
        height,
    )
