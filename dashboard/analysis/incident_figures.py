"""The /incidents page's charts (ECharts, in the house style of dashboard.charts.echarts) and its
tables' columns; its map is incident_map's.

Each function takes a frame of dashboard.analysis.incident_analysis and the language; every chart has a
title, axis titles with units and its legend in that language.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from html import escape

import polars as pl

from dashboard.analysis.incident_analysis import SOURCES, by_matter
from dashboard.charts import echarts as ec
from dashboard.charts import figures
from dashboard.core.i18n import pick, t
from dashboard.core.romanise import path_name

# One colour per source (Okabe–Ito, as dashboard.charts.figures), in contract.SOURCES order.
SOURCE_COLOURS = dict(
    zip(SOURCES, (figures.BLUE, figures.ORANGE, figures.GREEN, "#CC79A7", "#56B4E9"), strict=True)
)
HEAT_SCALE = [
    [0.0, "#f4f8fc"],
    [0.15, "#c6dbef"],
    [0.4, "#6baed6"],
    [0.7, "#2171b5"],
    [1.0, "#08306b"],
]
# Matter types in the treemap: soft tints (dark text stays readable), an item in its matter's.
TREEMAP_COLOURS = (
    "#9ecae1",
    "#fdd0a2",
    "#a1d99b",
    "#fcbba1",
    "#dadaeb",
    "#c7e9c0",
    "#fee391",
    "#d4b9da",
    "#c6dbef",
    "#fdae6b",
)


def source_name(source: str, lang: str) -> str:
    return t(f"source_{source}", lang)


def weekday_name(weekday: int, lang: str) -> str:
    return t(f"inc_wd_{weekday}", lang)


def hour_weekday(
    matrix: pl.DataFrame, weekday_days: dict[int, int], lang: str, *, height: int = 380
) -> ec.Chart:
    """Heatmap of incidents a day per weekday (rows, Monday on top) × hour of the day
    (columns): each cell's count over the window ÷ how many of that weekday the window holds
    (`weekday_days`, 1 Monday … 7 Sunday), to two decimals — a window of 30 days holds five
    of some weekdays and four of others, so raw counts were not comparable; the hover gives
    both."""
    days = [weekday_name(wd, lang) for wd in range(1, 8)]
    cells, top = [], 0.0
    for wd, hour, n in matrix.select("weekday", "hour", "incidents").iter_rows():
        k = weekday_days.get(wd, 0)
        per_day = round(n / k, 2) if k else 0.0
        top = max(top, per_day)
        text = t(
            "inc_hover_hour_weekday",
            lang,
            weekday=days[wd - 1],
            hour=hour,
            per_day=f"{per_day:,.2f}",
            n=f"{n:,}",
            days=k,
        )
        cells.append({"value": [hour, wd - 1, per_day], "tooltip": {"formatter": escape(text)}})
    return ec.Chart(
        ec.option(
            t("inc_chart_hour_weekday", lang),
            ec.axis(
                t("inc_axis_hour", lang),
                "category",
                data=[str(h) for h in range(24)],
                splitArea={"show": False},
            ),
            # Monday on top: the category axis runs upwards, so it is turned over
            ec.axis(t("inc_axis_weekday", lang), "category", side="y", data=days, inverse=True),
            [
                {
                    "type": "heatmap",
                    "data": cells,
                    "itemStyle": {"borderColor": "#ffffff", "borderWidth": 1},
                }
            ],
            visualMap={
                "min": 0,
                "max": top or 1,
                "calculable": False,
                "orient": "vertical",
                "right": 0,
                "top": "middle",
                "itemHeight": 180,
                "text": [t("inc_unit_per_day", lang, n=f"{top or 1:,.1f}"), "0"],
                "textStyle": {"color": ec.MUTED, "fontSize": 12},
                "inRange": {"color": [c for _, c in HEAT_SCALE]},
            },
            grid={"right": 64},
        ),
        height,
    )


def matter_treemap(items: pl.DataFrame, lang: str, *, height: int = 600) -> ec.Chart:
    """Treemap: the matter types (准入事项) sized by their incidents, each split into its items
    (事项清单); names in the chosen language. A click on a matter opens it; the bar below
    leads back. Tall (600 px): 37 matters and 82 items in 380 px left the smaller ones
    without a readable name (the hover still names every cell)."""
    cats = by_matter(items)
    total = int(items["incidents"].sum())
    nodes = []
    for i, (code, zh, en, n) in enumerate(cats.iter_rows()):
        colour = TREEMAP_COLOURS[i % len(TREEMAP_COLOURS)]
        # an item in its matter's tint
        children = [
            {
                **_treemap_node(
                    pick(row["item_zh"], row["item_en"], lang), int(row["incidents"]), int(n), lang
                ),
                "itemStyle": {"color": colour},
            }
            for row in items.filter(pl.col("category_code") == code).iter_rows(named=True)
        ]
        node = _treemap_node(pick(zh, en, lang), int(n), total, lang)
        nodes.append({**node, "children": children, "itemStyle": {"color": colour}})
    option = ec.option(
        t("inc_chart_treemap", lang),
        {},
        {},
        [
            {
                "type": "treemap",
                "name": t("inc_all_matters", lang),
                "data": nodes,
                "top": 44,
                "left": 0,
                "right": 0,
                "bottom": 30,
                "roam": False,
                "leafDepth": 2,
                "nodeClick": "zoomToNode",
                "label": {"show": True, "color": ec.FG},  # each node's text: _treemap_node
                # a matter's name on a strip above its items
                "upperLabel": {"show": True, "height": 20, "color": ec.FG, "fontWeight": "bold"},
                "itemStyle": {"borderColor": "#ffffff", "borderWidth": 1, "gapWidth": 1},
                "levels": [
                    {"itemStyle": {"borderWidth": 0, "gapWidth": 3}},  # the whole
                    {"itemStyle": {"borderColor": "#ffffff", "borderWidth": 2, "gapWidth": 1}},
                    {"itemStyle": {"borderColor": "#ffffff", "borderWidth": 1}},  # the items
                ],
                "breadcrumb": {"show": True, "bottom": 0, "left": 0},
            }
        ],
    )
    for cartesian in ("xAxis", "yAxis", "grid"):  # a treemap has no axes
        del option[cartesian]
    return ec.Chart(option, height)


def _treemap_node(name: str, n: int, parent: int, lang: str) -> dict:
    share = f"{100 * n / parent:.1f}%" if parent else "–"
    return {
        "name": name,
        "value": n,
        # the count thousands separated ("{c}" would write 1533): written here, as the tooltip is
        "label": {"formatter": f"{{b}}\n{n:,}"},
        "tooltip": {
            "formatter": ec.tip(name, t("inc_hover_treemap", lang, n=f"{n:,}", share=share))
        },
    }


def sources_over_time(
    frame: pl.DataFrame, lang: str, first: date, last: date, *, per_week: bool, height: int = 360
) -> ec.Chart:
    """Stacked bars of incidents per day (or per ISO week, at its Monday) by source, over the
    window first … last (days without incidents stay empty)."""
    if per_week:
        start = first - timedelta(days=first.weekday())
        periods = [start + timedelta(days=7 * i) for i in range((last - start).days // 7 + 1)]
    else:
        periods = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    # One category per period of the window, so a place with a single day of incidents still
    # gets a bar a period wide and the whole window shows.
    labels = [f"{d:%m-%d}" for d in periods]
    series, totals = [], [0] * len(periods)
    index = {d: i for i, d in enumerate(periods)}
    for source in SOURCES:
        counts = [0] * len(periods)
        rows = frame.filter(pl.col("source") == source)
        for period, n in zip(rows["period"], rows["incidents"], strict=True):
            day = period.date() if isinstance(period, datetime) else period
            if day in index:
                counts[index[day]] = int(n)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        name = source_name(source, lang)
        series.append(
            {
                "type": "bar",
                "name": name,
                "stack": "sources",
                "barCategoryGap": "15%",
                "itemStyle": {"color": SOURCE_COLOURS[source]},
                "data": [
                    {
                        "value": n,
                        "tooltip": {"formatter": ec.tip(f"{d:%Y-%m-%d}", f"{name}: {n:,}")},
                    }
                    if n
                    else None
                    for d, n in zip(periods, counts, strict=True)
                ],
            }
        )
    key = "inc_chart_sources_week" if per_week else "inc_chart_sources_day"
    x_key = "inc_axis_week" if per_week else "axis_day"
    return ec.Chart(
        ec.option(
            t(key, lang),
            ec.axis(t(x_key, lang), "category", data=labels),
            ec.axis(t("axis_incidents", lang), side="y", **ec.count_axis(totals)),
            series,
            legend=ec.legend(),
        ),
        height,
    )


def spike_history(
    spikes: pl.DataFrame, lang: str, first: date, last: date, *, height: int | None = None
) -> ec.Chart:
    """Dot chart of the spikes over the days checked (first … last): one row per place that
    spiked, a dot on each day it did, its area proportional to the day's count; hover shows
    count and 28-day baseline."""
    places = spikes.group_by("code").agg(pl.col("name").first(), pl.col("excess").max())
    order = places.sort("excess", descending=True)["code"].to_list()
    names = {c: path_name(n, lang) for c, n in places.select("code", "name").rows()}
    repeated = {n for n in names.values() if list(names.values()).count(n) > 1}
    label = {c: f"{names[c]} · {c}" if names[c] in repeated else names[c] for c in order}
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    rows = spikes.sort("day")
    counts = rows["count"].to_list()
    peak = max(counts) if counts else 1
    points = [
        {
            "value": [f"{d:%m-%d}", label[c]],
            "symbolSize": round(10 + 22 * math.sqrt(n / peak), 1),
            "tooltip": {
                "formatter": ec.tip(
                    label[c],
                    f"{d:%Y-%m-%d}",
                    t("inc_hover_spike", lang, n=f"{n:,}", baseline=f"{b:.1f}"),
                )
            },
        }
        for d, c, n, b in zip(rows["day"], rows["code"], counts, rows["baseline"], strict=True)
    ]
    return ec.Chart(
        ec.option(
            t("inc_chart_spikes", lang),
            ec.axis(t("axis_day", lang), "category", data=[f"{d:%m-%d}" for d in days]),
            # the largest spike on top: the category axis runs upwards, so it is turned over
            ec.axis(
                t("inc_axis_place", lang),
                "category",
                side="y",
                data=[label[c] for c in order],
                inverse=True,
                axisLabel={"hideOverlap": False},
            ),
            [
                {
                    "type": "scatter",
                    "data": points,
                    "itemStyle": {"color": figures.RED, "opacity": 0.75},
                }
            ],
        ),
        height or 140 + 34 * len(order),
    )


# -- tables --------------------------------------------------------------------------------------

LEVEL_NAMES = {6: "level_district", 9: "level_street", 12: "level_community", 16: "level_grid"}
TOP_ROWS = 15  # the top list, beside the map's height (Chinese names); the files hold every place
TOP_FILES = {9: "incidents_by_street", 12: "incidents_by_community", 16: "incidents_by_grid"}
_PARENT = {9: 6, 12: 9, 16: 9}


def top_columns(digits: int) -> dict[str, str]:
    """Column → i18n key of its heading, for a top_places() table of the level `digits`."""
    return {
        "rank": "inc_col_rank",
        "name": LEVEL_NAMES[digits],
        "parent": LEVEL_NAMES[_PARENT[digits]],
        "incidents": "inc_col_incidents",
        "per_day": "inc_col_per_day",
        "share_pct": "inc_col_share",
        "code": "inc_col_code",
    }


def top_table(frame: pl.DataFrame) -> pl.DataFrame:
    """A top_places() frame in the column order of the screen (names first, code last); the
    parent column left out where every row has the same one (a district's streets), and the
    share and per-day columns where they have no value (no incidents in the window, or no
    day with data): a column of "None" would say nothing."""
    cols = ["rank", "name", "parent", "incidents", "per_day", "share_pct", "code"]
    if frame["parent"].n_unique() <= 1:
        cols.remove("parent")
    cols = [
        c for c in cols if c not in ("per_day", "share_pct") or frame[c].null_count() < len(frame)
    ]
    return frame.select(cols)


SPIKE_COLUMNS = {
    "day": "inc_col_day",
    "level": "inc_col_level",
    "name": "col_place",
    "count": "col_count",
    "baseline": "col_baseline",
    "excess": "col_excess",
    "ratio": "inc_col_ratio",
    "code": "inc_col_code",
}


def spike_table(spikes: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The spike history for the screen: the level named in the chosen language, the baseline
    to two decimals (a quiet grid's 0.04 a day, which "× 250.0" divides by, is not "0.0") and
    the excess to one, the count as a multiple of the baseline ("× 15.6"; "–" where the
    baseline is 0); columns as SPIKE_COLUMNS. The Poisson tail probability that decides a spike
    is not shown: values like 1e-200 say nothing to a director (the caption states the rule)."""
    levels = {d: t(k, lang) for d, k in LEVEL_NAMES.items()}
    return spikes.select(
        pl.col("day").dt.strftime("%Y-%m-%d"),
        pl.col("level").replace_strict(levels, return_dtype=pl.String),
        "name",
        "count",
        pl.col("baseline").round(2),
        pl.col("excess").round(1),
        pl.when(pl.col("baseline") > 0)
        .then(pl.format("× {}", (pl.col("count") / pl.col("baseline")).round(1)))
        .otherwise(pl.lit("–"))
        .alias("ratio"),
        "code",
    )
