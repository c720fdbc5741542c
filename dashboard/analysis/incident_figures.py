"""The /incidents page's charts (plotly, in the house style of dashboard.charts.figures) and its map
(pydeck, offline like dashboard.geo.maps: our own outlines, no basemap, nothing fetched; the
layers from dashboard.geo.map_layers).

Each function takes a frame of dashboard.analysis.incident_analysis and the language; every chart has a
title, axis titles with units and its legend in that language.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

import plotly.graph_objects as go
import polars as pl
import pydeck as pdk

from dashboard.analysis.incident_analysis import SOURCES, by_matter
from dashboard.charts import figures
from dashboard.core.i18n import pick, t
from dashboard.core.romanise import path_name
from dashboard.data.catalog import Catalog
from dashboard.geo import map_labels, map_layers, maps

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
PLOT_CONFIG = figures.PLOT_CONFIG
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


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int) -> go.Figure:
    return figures.layout(fig, title, x_title, y_title, dark=False, scale=1.0, height=height)


def source_name(source: str, lang: str) -> str:
    return t(f"source_{source}", lang)


def weekday_name(weekday: int, lang: str) -> str:
    return t(f"inc_wd_{weekday}", lang)


def hour_weekday(matrix: pl.DataFrame, lang: str, *, height: int = 380) -> go.Figure:
    """Heatmap of incidents per weekday (rows, Monday on top) × hour of the day (columns); the
    colour and the hover give the count summed over the window."""
    z = [
        matrix.filter(pl.col("weekday") == wd).sort("hour")["incidents"].to_list()
        for wd in range(1, 8)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(24)),
            y=[weekday_name(wd, lang) for wd in range(1, 8)],
            colorscale=HEAT_SCALE,
            colorbar={"title": {"text": t("inc_unit_incidents", lang)}, "thickness": 12},
            xgap=1,
            ygap=1,
            hovertemplate=t("inc_hover_hour_weekday", lang) + "<extra></extra>",
        )
    )
    _layout(
        fig,
        t("inc_chart_hour_weekday", lang),
        t("inc_axis_hour", lang),
        t("inc_axis_weekday", lang),
        height,
    )
    fig.update_xaxes(dtick=2, range=[-0.5, 23.5], showgrid=False)
    fig.update_yaxes(autorange="reversed", showgrid=False, rangemode="normal")
    fig.update_layout(hovermode="closest")
    return fig


def matter_treemap(items: pl.DataFrame, lang: str, *, height: int = 380) -> go.Figure:
    """Treemap: the matter types (准入事项) sized by their incidents, each split into its items
    (事项清单); names in the chosen language."""
    root = t("inc_all_matters", lang)
    cats = by_matter(items)
    ids, labels, parents, values = ["all"], [root], [""], [int(items["incidents"].sum())]
    colours = ["#f4f8fc"]
    palette = {}
    for i, (code, zh, en, n) in enumerate(cats.iter_rows()):
        palette[code] = TREEMAP_COLOURS[i % len(TREEMAP_COLOURS)]
        ids.append(code)
        labels.append(pick(zh, en, lang))
        parents.append("all")
        values.append(int(n))
        colours.append(palette[code])
    for row in items.iter_rows(named=True):
        ids.append(row["item_code"])
        labels.append(pick(row["item_zh"], row["item_en"], lang))
        parents.append(row["category_code"])
        values.append(int(row["incidents"]))
        colours.append(palette[row["category_code"]])
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            maxdepth=3,
            textinfo="label+value",
            hovertemplate=t("inc_hover_treemap", lang) + "<extra></extra>",
            marker={"colors": colours, "line": {"width": 1, "color": "#ffffff"}},
            tiling={"pad": 2},
            pathbar={"visible": True},
        )
    )
    _layout(fig, t("inc_chart_treemap", lang), "", "", height)
    fig.update_layout(margin={"l": 8, "r": 8, "t": 56, "b": 8})
    return fig


def sources_over_time(
    frame: pl.DataFrame, lang: str, first: date, last: date, *, per_week: bool, height: int = 360
) -> go.Figure:
    """Stacked bars of incidents per day (or per ISO week, at its Monday) by source, over the
    window first … last (days without incidents stay empty)."""
    fig = go.Figure()
    # A bar a period wide (in ms on a date axis): plotly sizes bars by the closest two points,
    # so a place with a single day of incidents got a hairline.
    width = 0.85 * (7 if per_week else 1) * 86_400_000
    for source in SOURCES:
        rows = frame.filter(pl.col("source") == source)
        fig.add_trace(
            go.Bar(
                x=rows["period"].to_list(),
                y=rows["incidents"].to_list(),
                width=[width] * rows.height,
                name=source_name(source, lang),
                marker_color=SOURCE_COLOURS[source],
            )
        )
    fig.update_layout(barmode="stack", bargap=0.15)
    key = "inc_chart_sources_week" if per_week else "inc_chart_sources_day"
    x_key = "inc_axis_week" if per_week else "axis_day"
    _layout(fig, t(key, lang), t(x_key, lang), t("axis_incidents", lang), height)
    figures.count_axis(fig)
    # The whole window on the axis, whole days (a sparse place would get hour ticks).
    # Numbers only: plotly's month names are English.
    if per_week:
        start, end = first - timedelta(days=first.weekday()), last - timedelta(days=last.weekday())
        pad = timedelta(days=4)
    else:
        start, end, pad = first, last, timedelta(hours=12)
    span = [datetime.combine(start, time()) - pad, datetime.combine(end, time()) + pad]
    days = (last - first).days + 1
    fig.update_xaxes(
        tickformat="%m-%d",
        hoverformat="%Y-%m-%d",
        range=span,
        dtick=None if per_week else 86_400_000 * (1 if days <= 14 else 7),
    )
    return fig


def spike_history(
    spikes: pl.DataFrame, lang: str, first: date, last: date, *, height: int | None = None
) -> go.Figure:
    """Dot chart of the spikes over the days checked (first … last): one row per place that
    spiked, a dot on each day it did, its area proportional to the day's count; hover shows
    count and 28-day baseline."""
    places = spikes.group_by("code").agg(pl.col("name").first(), pl.col("excess").max())
    order = places.sort("excess", descending=True)["code"].to_list()
    names = {c: path_name(n, lang) for c, n in places.select("code", "name").rows()}
    repeated = {n for n in names.values() if list(names.values()).count(n) > 1}
    label = {c: f"{names[c]} · {c}" if names[c] in repeated else names[c] for c in order}
    rows = spikes.sort("day")
    counts = rows["count"].to_list()
    peak = max(counts) if counts else 1
    fig = go.Figure(
        go.Scatter(
            x=rows["day"].to_list(),
            y=[label[c] for c in rows["code"]],
            mode="markers",
            marker={
                "size": [10 + 22 * math.sqrt(c / peak) for c in counts],
                "color": figures.RED,
                "opacity": 0.75,
                "line": {"width": 0},
            },
            customdata=list(zip(counts, rows["baseline"].to_list(), strict=True)),
            hovertemplate=t("inc_hover_spike", lang) + "<extra></extra>",
        )
    )
    height = height or 140 + 34 * len(order)
    _layout(
        fig, t("inc_chart_spikes", lang), t("axis_day", lang), t("inc_axis_place", lang), height
    )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=list(reversed([label[c] for c in order])),
        rangemode="normal",
    )
    # The whole span checked, whole days: a single spike day would otherwise get hour ticks.
    half = timedelta(hours=12)
    fig.update_xaxes(
        tickformat="%m-%d",
        hoverformat="%Y-%m-%d",
        range=[datetime.combine(first, time()) - half, datetime.combine(last, time()) + half],
        dtick=86_400_000 * max(1, ((last - first).days + 1) // 10),
    )
    fig.update_layout(
        hovermode="closest", showlegend=False, margin={"l": 200, "r": 20, "t": 56, "b": 48}
    )
    return fig


# -- the map -------------------------------------------------------------------------------------

MAP_MODES = ("heat", "hex")
MAP_SIZE = (1000, 560)  # pixels the view is fitted to; st.pydeck_chart gets the same height
# Hexagon radius (metres) per scope level: about a street block in the city, finer further down.
HEX_RADIUS = {0: 900, 6: 450, 9: 180, 12: 70, 16: 40}
HEX_TOP = 0.15  # the tallest column's height as a share of the scope's width
HEX_PITCH, HEX_BEARING = 45, -10
HEX_ZOOM_IN = 0.25  # the tilted view shows the scope smaller than the flat one it was fitted in


def _extent_m(bbox) -> float:
    x0, y0, x1, y1 = bbox
    mid = math.radians((y0 + y1) / 2)
    return max((x1 - x0) * 111_320 * math.cos(mid), (y1 - y0) * 110_570, 200.0)


def deck(
    cat: Catalog, grids: pl.DataFrame, mode: str, lang: str, first: date, last: date
) -> pdk.Deck:
    """The scope's map: our outlines (the places one level down, clickable to drill, with their
    filtered incidents in the tooltip) over either a heatmap ("heat") or 3D hexagon columns
    ("hex") of the filtered incidents, weighted at the grid centres (`grids`: per_grid()).
    No basemap: the JSON names no URL."""
    shapes = maps.outlines(cat, lang)
    level = len(cat.scope)
    digits = map_layers.COORD_DIGITS
    points = grids.filter(pl.col("incidents") > 0).select(
        pl.col("lon").round(digits), pl.col("lat").round(digits), "incidents"
    )
    view = map_layers.fit_view(shapes.bbox, MAP_SIZE)
    layers = []
    if points.height and mode == "hex":
        top = _extent_m(shapes.bbox or (0, 0, 0.1, 0.1)) * HEX_TOP
        layers.append(
            pdk.Layer(
                "HexagonLayer",
                id="hexagons",
                data=points.to_dicts(),
                get_position=["lon", "lat"],
                get_elevation_weight="incidents",
                get_color_weight="incidents",
                elevation_aggregation=map_layers.literal("SUM"),
                color_aggregation=map_layers.literal("SUM"),
                radius=HEX_RADIUS[level],
                coverage=0.85,
                extruded=True,
                elevation_range=[0, top],
                elevation_scale=1,
                color_range=map_layers.HEAT_COLORS[1:],
                # Colours by quantile (most cells are quiet, a few very busy: a linear scale
                # would paint nearly all alike); the heights stay proportional to the counts.
                color_scale_type=map_layers.literal("quantile"),
                gpu_aggregation=False,
                opacity=0.85,
                pickable=False,
            )
        )
        view = pdk.ViewState(
            longitude=view.longitude,
            latitude=view.latitude,
            zoom=view.zoom + HEX_ZOOM_IN,
            min_zoom=view.min_zoom,
            max_zoom=view.max_zoom,
            pitch=HEX_PITCH,
            bearing=HEX_BEARING,
        )
    elif points.height:
        layers.append(map_layers.heat_layer(points, level, view, MAP_SIZE, intensity_factor=0.65))
    if shapes.fine is not None and mode == "heat":
        layers.append(map_layers.fine_outline_layer(shapes.fine))
    children = map_layers.counted_children(shapes, grids)
    layers.append(map_layers.drill_layer(cat.scope, children, widths=(2.0, 1.5)))
    if mode == "heat":  # names would float under the columns of the tilted 3D view
        size = 17 if level == 0 else 14
        rows = map_labels.place_labels(shapes.labels, view, size)
        if rows:
            layers.append(map_layers.names_layer(rows, size))
    window = t("inc_map_tooltip_window", lang, first=first.isoformat(), last=last.isoformat())
    return map_layers.offline_deck(layers, view, map_layers.incidents_tooltip(window, lang))


# -- tables --------------------------------------------------------------------------------------

LEVEL_NAMES = {6: "level_district", 9: "level_street", 12: "level_community", 16: "level_grid"}
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
    parent column left out where every row has the same one (a district's streets)."""
    cols = ["rank", "name", "parent", "incidents", "per_day", "share_pct", "code"]
    if frame["parent"].n_unique() <= 1:
        cols.remove("parent")
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
    """The spike history for the screen: the level named in the chosen language, baseline and
    excess to one decimal, the count as a multiple of the baseline ("× 15.6"; "–" where the
    baseline is 0); columns as SPIKE_COLUMNS. The Poisson tail probability that decides a spike
    is not shown: values like 1e-200 say nothing to a director (the caption states the rule)."""
    levels = {d: t(k, lang) for d, k in LEVEL_NAMES.items()}
    return spikes.select(
        pl.col("day").dt.strftime("%Y-%m-%d"),
        pl.col("level").replace_strict(levels, return_dtype=pl.String),
        "name",
        "count",
        pl.col("baseline").round(1),
        pl.col("excess").round(1),
        pl.when(pl.col("baseline") > 0)
        .then(pl.format("× {}", (pl.col("count") / pl.col("baseline")).round(1)))
        .otherwise(pl.lit("–"))
        .alias("ratio"),
        "code",
    )
