"""ECharts charts of the /training page (dashboard.charts.echarts: title, axis names with units,
text in the chosen language, what a point says on hover). Inputs are the frames of
dashboard.analysis.training_analysis; no arithmetic beyond scaling shares to percent and
counting hours per worker into bins."""

from __future__ import annotations

import polars as pl
from plotly.colors import qualitative

from dashboard.charts import echarts as ec
from dashboard.charts.figures import BLUE, GREEN, GREY, ORANGE
from dashboard.core.i18n import t
from dashboard.core.romanise import place_name

LEVEL_ORDER = ("street", "district", "city")  # bottom to top in the timeline
MODE_COLOURS = {"video": BLUE, "onsite": ORANGE}
LEVEL_COLOURS = {"city": BLUE, "district": GREEN, "street": ORANGE}
# Twelve topics need twelve colours that can be told apart at a glance: Tableau 10 and two dark
# ones (violet, slate) beside its light purple and grey. The colour-blind-safe palette used before
# had three pinks and purples that looked alike on the timeline; the legend and hover name each.
TOPIC_COLOURS = [
    *qualitative.T10,
    "#6B3FA0",
    "#2F4F4F",
]
MAX_MARKER_PX = 38
TIME_LABELS = {"year": "{yyyy}", "month": "{yyyy}-{MM}", "day": "{MM}-{dd}"}
LEGEND_ROW_PX = 22  # one line of the legend (12 px text, 14 px icon, the gap)
LEGEND_WIDTH_PX = 760  # the legend's width at 1920 px (the chart's column, less its margins)


def value_label(kind: str, value: str, lang: str) -> str:
    """On-screen word for a session's mode or level ('video' → 视频会议); topics are data (zh)."""
    if kind in ("mode", "level"):
        return t(f"tr_{kind}_{value}", lang)
    return value


def _iso(moment) -> str:
    """A local time as ECharts reads it: ISO without a zone, drawn as it is written."""
    return moment.isoformat(timespec="minutes")


def timeline(
    sessions: pl.DataFrame, lang: str, colour: str = "topic", *, height: int = 420
) -> ec.Chart:
    """Sessions over their start time: one lane per level (city / district / street), marker
    area ∝ participant-times, colour by `colour` (topic, mode or level), the title on hover."""
    times = sessions["participant_times"].to_list()
    # Many sessions (two years of monthly lectures) would overlap at full size.
    max_px = MAX_MARKER_PX if sessions.height <= 50 else 0.7 * MAX_MARKER_PX
    sized = sessions.with_columns(_px=pl.Series(ec.area_sizes(times, max_px, 5.0)))
    groups = sized.partition_by(colour, as_dict=True, maintain_order=True)
    series = []
    for i, ((value,), part) in enumerate(sorted(groups.items())):
        if colour == "mode":
            col = MODE_COLOURS.get(value, GREY)
        elif colour == "level":
            col = LEVEL_COLOURS.get(value, GREY)
        else:
            col = TOPIC_COLOURS[i % len(TOPIC_COLOURS)]
        points = [
            {
                "value": [_iso(r["starts_at"]), value_label("level", r["level"], lang)],
                "symbolSize": round(r["_px"], 1),
                "tooltip": {
                    "formatter": ec.tip(
                        r["title"],
                        f"{r['starts_at']:%Y-%m-%d %H:%M}",
                        f"{t('tr_hover_participant_times', lang)}: {r['participant_times']:,}",
                        f"{t('tr_hover_workers_cadres', lang)}: "
                        f"{r['grid_worker_times']:,} / {r['cadre_times']:,}",
                        f"{t('tr_hover_duration', lang)}: {r['duration_minutes']} min",
                    )
                },
            }
            for r in part.iter_rows(named=True)
        ]
        series.append(
            {
                "type": "scatter",
                "name": value_label(colour, value, lang),
                "data": points,
                "itemStyle": {
                    "color": col,
                    "opacity": 0.75,
                    "borderColor": "white",
                    "borderWidth": 1,
                },
            }
        )
    # Every entry of the legend in view, wrapped over as many lines as it takes (a scrolling
    # legend cut the topics off and hid two pages of them): the plot keeps its height.
    rows = legend_rows([s["name"] for s in series])
    return ec.Chart(
        ec.option(
            t("tr_chart_timeline", lang),
            ec.axis(
                t("tr_axis_starts_at", lang),
                "time",
                boundaryGap=["3%", "3%"],
                axisLabel={"formatter": TIME_LABELS},
            ),
            ec.axis(
                t("tr_axis_level", lang),
                "category",
                side="y",
                data=[value_label("level", v, lang) for v in LEVEL_ORDER],
            ),
            series,
            legend=ec.legend(top=None, bottom=0, left=0, right=0, itemGap=14),
            grid={"bottom": 52 + LEGEND_ROW_PX * rows},
        ),
        height + LEGEND_ROW_PX * (rows - 1),
    )


def legend_rows(names: list[str], width: int = LEGEND_WIDTH_PX) -> int:
    """How many lines a plain horizontal legend of `names` takes at 12 px type in `width`
    pixels, as ECharts wraps it: an entry is its icon (25 px + 5) and its text (a CJK
    character 12 px, another character about 7), entries 14 px apart, at least one line."""
    rows, used = 1, 0
    for name in names:
        text = sum(12 if ord(ch) > 0x2E80 else 7 for ch in name)
        entry = 30 + text
        if used and used + 14 + entry > width:
            rows, used = rows + 1, 0
        used += (14 if used else 0) + entry
    return rows


def cumulative(sessions: pl.DataFrame, lang: str, *, height: int = 380) -> ec.Chart:
    """Cumulative participant-times from the first session to the as-of day: all, grid workers,
    cadres (cadres only where the scope shows them), as steps at each session's start."""
    cadres = int(sessions["cadre_times"].sum())
    lines = [
        ("cum_participant_times", "tr_series_all", BLUE, "solid"),
        ("cum_grid_worker_times", "tr_series_grid_workers", GREEN, "dotted"),
        ("cum_cadre_times", "tr_series_cadres", ORANGE, "dashed"),
    ]
    starts = [_iso(s) for s in sessions["starts_at"]]
    series = [
        {
            "type": "line",
            "name": t(key, lang),
            "step": "end",
            "showSymbol": False,
            "data": [list(p) for p in zip(starts, sessions[column].to_list(), strict=True)],
            "itemStyle": {"color": colour},
            "lineStyle": {"color": colour, "width": 2.5, "type": dash if cadres else "solid"},
        }
        for column, key, colour, dash in lines
        # a scoped view shows no cadres: 'all' would repeat the grid workers' line
        if cadres or column == "cum_grid_worker_times"
    ]
    return ec.Chart(
        ec.option(
            t("tr_chart_cumulative", lang),
            ec.axis(
                t("tr_axis_starts_at", lang),
                "time",
                axisLabel={"formatter": TIME_LABELS},
            ),
            ec.axis(t("tr_axis_participant_times", lang), side="y", min=0),
            series,
            legend=ec.legend(),
            tooltip={"trigger": "axis", "valueFormatter": "%,d"},
        ),
        height,
    )


def coverage_bars(places: pl.DataFrame, level: str, total: float | None, lang: str) -> ec.Chart:
    """Training coverage (365 days) per place, lowest on top, with the place total (the
    briefing's training_coverage_365d) as a dashed line. `level`: the places' level name."""
    rows = places.filter(pl.col("coverage").is_not_null()).sort("coverage", descending=True)
    pct = [100 * c for c in rows["coverage"]]
    labels = [place_name(n, lang) or c for n, c in zip(rows["name"], rows["code"], strict=True)]
    bars = [
        {
            "value": round(p, 2),
            "label": {"formatter": f"{p:.1f}%"},
            "tooltip": {
                "formatter": ec.tip(
                    f"{label}: {p:.1f}%",
                    f"{t('tr_col_active_workers', lang)}: {r['active_workers']:,}",
                    f"{t('tr_col_trained_365d', lang)}: {r['trained_365d']:,}",
                    f"{t('tr_col_lapsed', lang)}: {r['lapsed']:,}",
                    f"{t('tr_col_never_trained', lang)}: {r['never_trained']:,}",
                )
            },
        }
        for p, label, r in zip(pct, labels, rows.iter_rows(named=True), strict=True)
    ]
    series = {
        "type": "bar",
        "data": bars,
        "itemStyle": {"color": BLUE},
        # at the bar's start: the total's dashed line runs near the bars' ends
        "label": {"show": True, "position": "insideLeft", "color": "white"},
        "barCategoryGap": "25%",
    }
    if total is not None:
        series["markLine"] = ec.marker_line(
            round(100 * total, 2), t("tr_total_line", lang, value=f"{100 * total:.1f}%")
        )
    # Bars from zero: a bar's length is its share (cut at 80 %, 90 % looked twice 85 %).
    return ec.Chart(
        ec.option(
            t("tr_chart_coverage", lang, level=t(f"tr_lvl_{level}", lang)),
            ec.axis(t("tr_axis_coverage", lang), **ec.whole_percent()),
            ec.axis("", "category", side="y", data=labels, axisLabel={"hideOverlap": False}),
            [series],
        ),
        max(300, 26 * rows.height + 130),
    )


def topics(by_topic: pl.DataFrame, lang: str) -> ec.Chart:
    """Participant-times per topic over the 365 days (bars), with the share of active workers
    reached as the bar's label."""
    rows = by_topic.sort("participant_times")
    longest = max(rows["participant_times"].to_list(), default=0) or 1
    bars = [
        {
            "value": r["participant_times"],
            "label": {
                "formatter": t(
                    "tr_reached_label", lang, share=f"{100 * (r['reached_share'] or 0):.0f}%"
                ),
                # a short bar has no room inside: its label goes after it
                **(
                    {}
                    if r["participant_times"] >= 0.25 * longest
                    else {"position": "right", "color": ec.FG}
                ),
            },
            "tooltip": {
                "formatter": ec.tip(
                    r["value"],
                    f"{t('tr_axis_participant_times', lang)}: {r['participant_times']:,}",
                    f"{t('tr_col_sessions', lang)}: {r['sessions']}",
                    f"{t('tr_col_workers_reached', lang)}: {r['workers_reached']:,}",
                )
            },
        }
        for r in rows.iter_rows(named=True)
    ]
    return ec.Chart(
        ec.option(
            t("tr_chart_topics", lang),
            ec.axis(
                t("tr_axis_participant_times", lang),
                **ec.count_axis(rows["participant_times"].to_list()),
            ),
            ec.axis(
                "",
                "category",
                side="y",
                data=rows["value"].to_list(),
                axisLabel={"hideOverlap": False},
            ),
            [
                {
                    "type": "bar",
                    "data": bars,
                    "itemStyle": {"color": GREEN},
                    # at the bar's start: the total's dashed line runs near the bars' ends
                    "label": {"show": True, "position": "insideLeft", "color": "white"},
                    "barCategoryGap": "25%",
                }
            ],
        ),
        max(300, 28 * rows.height + 120),
    )


def hours_bins(workers: pl.DataFrame) -> pl.DataFrame:
    """Active workers per whole hour attended in the 365 days: hour h counts [h, h+1), zeros
    included; one row per hour that has workers."""
    return (
        workers.select(pl.col("hours_365d").floor().cast(pl.Int64).alias("hour"))
        .group_by("hour")
        .len("workers")
        .sort("hour")
    )


def hours(workers: pl.DataFrame, lang: str) -> ec.Chart:
    """Distribution of hours attended per active worker in the 365 days (1-hour bins [h, h+1),
    zeros included), the median as a dashed line. Counted here: one bar per hour reaches the
    browser, not one value per worker."""
    bins = hours_bins(workers)
    # Every hour from 0 to the last, empty ones too: on a value axis ECharts makes a bar as
    # wide as the closest two bars' gap, so a missing hour would widen its neighbours.
    if bins.height:
        every = pl.DataFrame(
            {"hour": range(int(bins["hour"].max()) + 1)}, schema={"hour": pl.Int64}
        )
        bins = every.join(bins, on="hour", how="left").with_columns(pl.col("workers").fill_null(0))
    bars = [
        {"value": [h + 0.5, n], "tooltip": {"formatter": f"{h}–{h + 1} h: {n:,}"}}
        for h, n in zip(bins["hour"], bins["workers"], strict=True)
    ]
    series = {"type": "bar", "data": bars, "barWidth": "92%", "itemStyle": {"color": BLUE}}
    if workers.height:
        median = float(workers["hours_365d"].median())
        series["markLine"] = ec.marker_line(
            round(median, 3), t("tr_median_line", lang, value=f"{median:.1f}")
        )
    top = int(bins["hour"].max() or 0) + 1 if bins.height else 1
    return ec.Chart(
        ec.option(
            t("tr_chart_hours", lang),
            ec.axis(t("tr_axis_hours", lang), min=0, max=top, minInterval=1),
            ec.axis(
                t("tr_axis_workers", lang), side="y", **ec.count_axis(bins["workers"].to_list())
            ),
            [series],
        ),
        360,
    )


def on_time_scatter(frame: pl.DataFrame, level: str, days: int, lang: str) -> ec.Chart:
    """Per place: training coverage (365 days, x) against the on-time rate over the window (y),
    marker area ∝ cases closed with a deadline; descriptive only."""
    rows = frame.filter(pl.col("coverage").is_not_null() & pl.col("on_time_rate").is_not_null())
    sizes = ec.area_sizes(rows["closed_with_deadline"].to_list(), 30.0, 4.0)
    xs = [100 * c for c in rows["coverage"]]
    ys = [100 * r for r in rows["on_time_rate"]]
    points = [
        {
            "value": [round(100 * r["coverage"], 2), round(100 * r["on_time_rate"], 2)],
            "symbolSize": round(px, 1),
            "tooltip": {
                "formatter": ec.tip(
                    place_name(r["name"], lang),
                    f"{t('tr_axis_coverage', lang)}: {100 * r['coverage']:.1f}% "
                    f"({r['trained_365d']:,} / {r['active_workers']:,})",
                    f"{t('tr_col_on_time_rate', lang)}: {100 * r['on_time_rate']:.1f}% "
                    f"({r['closed_on_time']:,} / {r['closed_with_deadline']:,})",
                )
            },
        }
        for r, px in zip(rows.iter_rows(named=True), sizes, strict=True)
    ]
    return ec.Chart(
        ec.option(
            t("tr_chart_on_time", lang, level=t(f"tr_lvl_{level}", lang)),
            ec.axis(t("tr_axis_coverage", lang), **ec.percent_range(xs, margin=2)),
            ec.axis(
                t("tr_axis_on_time", lang, days=days), side="y", **ec.percent_range(ys, margin=2)
            ),
            [
                {
                    "type": "scatter",
                    "data": points,
                    # a place at 100 % sits on the plot's edge: its marker drawn whole, not cut
                    "clip": False,
                    "itemStyle": {
                        "color": BLUE,
                        "opacity": 0.6,
                        "borderColor": "white",
                        "borderWidth": 1,
                    },
                }
            ],
        ),
        420,
    )
