"""The SQL console's quick chart and map of a result: which columns can be drawn, and the
ECharts chart (dashboard.charts.echarts) or pydeck map of them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl
import pydeck as pdk

from dashboard.charts import echarts as ec
from dashboard.core.i18n import t
from dashboard.data.catalog import Catalog
from dashboard.geo import map_layers, outlines

# -- the quick chart ----------------------------------------------------------------------------

CHART_KINDS = ("line", "bar", "scatter", "map")
MAP_SIZE = (1200, 520)  # pixels; the page gives st.pydeck_chart the same height


@dataclass(frozen=True)
class ChartColumns:
    """A result's columns as the quick chart offers them, and its first guess."""

    all: tuple[str, ...]
    numeric: tuple[str, ...]
    lon: tuple[str, ...]  # numeric columns named like a longitude
    lat: tuple[str, ...]
    kind: str  # line over a date or time, a map where there are coordinates, else bars
    x: str
    ys: tuple[str, ...]
    labels: tuple[str, ...] = ()  # text columns, names first: what a series can be
    series: str | None = None  # one line or bar colour per value of this column


def date_columns(frame: pl.DataFrame) -> list[str]:
    """Columns of dates (shown as dates, not as midnight timestamps)."""
    return [n for n, d in frame.schema.items() if d == pl.Date]


def _unique(frame: pl.DataFrame, cols: list[str]) -> bool:
    return frame.select(cols).is_unique().all()


def chart_columns(frame: pl.DataFrame) -> ChartColumns:
    """The quick chart's first guess: over the first date or time column a line, one per value
    of a text column when the dates repeat (monthly counts by matter type); else bars over the
    result's key — the first text column whose values do not repeat (the street, not its
    district) — or, with coordinates, a map."""
    schema = frame.schema
    numeric = tuple(n for n, d in schema.items() if d.is_numeric())
    lon = tuple(n for n in numeric if re.search(r"(^|_)(lon|lng|longitude)$", n.lower()))
    lat = tuple(n for n in numeric if re.search(r"(^|_)(lat|latitude)$", n.lower()))
    temporal = [n for n, d in schema.items() if d.is_temporal()]
    texts = [n for n, d in schema.items() if d == pl.String]
    labels = [n for n in texts if n.endswith(("name", "_zh", "_en"))]
    labels += [n for n in texts if n not in labels]  # names first
    series = None
    if temporal:
        kind, x = "line", temporal[0]
        if not _unique(frame, [x]):
            series = next((c for c in labels if _unique(frame, [x, c])), None)
    else:
        kind = "map" if lon and lat else "bar"
        keys = [c for c in labels if _unique(frame, [c])] or labels or list(schema)
        x = keys[0]
    values = [n for n in numeric if n != x and n not in lon + lat]
    ys = tuple(values[:3] if kind == "line" and series is None else values[:1])
    return ChartColumns(tuple(schema), numeric, lon, lat, kind, x, ys, tuple(labels), series)


QUICK_SERIES_MAX = 12  # more lines than this cannot be told apart by colour
QUICK_COLOURS = (*ec.COLOURS, "#1f2a37", "#8c564b", "#7f7f7f", "#bcbd22")
NULL_LABEL = "NULL"  # a category that is SQL's null, as the result table shows it


def _x_values(column: pl.Series) -> tuple[str, list]:
    """The ECharts axis type for a result column and its values in JSON: dates and timestamps
    on a time axis (as text ECharts reads), numbers on a value axis, anything else (text,
    durations, times of day) as categories, null named."""
    dtype = column.dtype
    if dtype == pl.Date:
        return "time", [None if v is None else v.isoformat() for v in column]
    if dtype == pl.Datetime:
        texts = column.dt.replace_time_zone(None).dt.strftime("%Y-%m-%d %H:%M:%S")
        return "time", texts.to_list()
    if dtype.is_numeric():
        return "value", column.cast(pl.Float64).to_list()
    return "category", [NULL_LABEL if v is None else str(v) for v in column]


def quick_chart(
    frame: pl.DataFrame,
    kind: str,
    x: str,
    ys: list[str],
    lang: str,
    *,
    series: str | None = None,
    height: int = 430,
) -> ec.Chart:
    """The quick chart: the columns ys against x as lines (sorted by x when x is a date, a time
    or a number), bars or points; with `series`, one per value of that column (the
    QUICK_SERIES_MAX largest by total, the subtitle saying how many are left out). Rows that
    share an x (within a series) are added together only where they must be, and the subtitle
    says so. Axis names are the column names (a result's units are whatever its SQL made)."""
    keys = [x] + ([series] if series else [])
    notes = []
    data = frame
    if not frame.select(keys).is_unique().all():
        data = frame.group_by(keys, maintain_order=True).agg(pl.col(ys).sum())
        notes.append(
            t("sql_chart_summed", lang, rows=f"{frame.height:,}", points=f"{data.height:,}")
        )
    if kind == "line" and (data.schema[x].is_temporal() or data.schema[x].is_numeric()):
        # along dates and numbers; text keeps the result's own order (its ORDER BY), which
        # sorting by name would replace with the alphabet's
        data = data.sort(x, nulls_last=True)
    groups: list[tuple[str | None, pl.DataFrame]] = [(None, data)]
    if series:
        totals = data.group_by(series).agg(pl.col(ys[0]).sum().alias("_total"))
        order = totals.sort("_total", descending=True, nulls_last=True)[series].to_list()
        shown = order[:QUICK_SERIES_MAX]
        if len(order) > len(shown):
            notes.append(t("sql_chart_series_top", lang, shown=len(shown), total=len(order)))
        groups = [
            (
                NULL_LABEL if v is None else str(v),
                data.filter(pl.col(series).is_null() if v is None else pl.col(series) == v),
            )
            for v in shown
        ]
    x_kind, _ = _x_values(data[x])
    drawn = []
    for label, rows in groups:
        _, xs = _x_values(rows[x])
        for y in ys:
            values = rows[y].cast(pl.Float64).to_list()
            name = y if label is None else (label if len(ys) == 1 else f"{label} · {y}")
            colour = QUICK_COLOURS[len(drawn) % len(QUICK_COLOURS)]
            one = {
                "type": kind,
                "name": name,
                "data": [list(p) for p in zip(xs, values, strict=True)],
                "itemStyle": {"color": colour},
            }
            if kind == "line":
                one |= {
                    "showSymbol": rows.height <= 60,
                    "lineStyle": {"color": colour, "width": 2.2},
                }
            elif kind == "scatter":
                one |= {"symbolSize": 7, "itemStyle": {"color": colour, "opacity": 0.7}}
            drawn.append(one)
    title = t("sql_chart_title", lang, y=", ".join(ys), x=x)
    if series:
        title = t("sql_chart_title_series", lang, y=", ".join(ys), x=x, series=series)
    y_name = ys[0] if len(ys) == 1 else t("sql_chart_values", lang)
    more: dict = {
        "tooltip": {"trigger": "item" if kind == "scatter" else "axis"},
    }
    if len(drawn) > 1:  # a long legend goes down the right side, clear of the title
        more["legend"] = (
            ec.legend(type="scroll", orient="vertical", top=72, right=0)
            if len(drawn) > 4
            else ec.legend()
        )
        if len(drawn) > 4:
            more["grid"] = {"right": 190}
    if x_kind == "category":
        # the categories in the order met: a later series' new values after the first's
        seen = dict.fromkeys(v for s in drawn for v, _ in s["data"])
        x_axis = ec.axis(x, "category", data=list(seen))
    elif x_kind == "time":
        x_axis = ec.axis(x, "time", axisLabel={"formatter": ec.NUMERIC_TIME_LABELS})
    else:
        x_axis = ec.axis(x, "value", scale=True)
    # points need no zero baseline, and read one at a time
    y_axis = ec.axis(y_name, side="y", scale=kind == "scatter")
    spec = ec.option(title, x_axis, y_axis, drawn, **more)
    spec["title"] |= {"subtext": " · ".join(notes), "subtextStyle": {"color": ec.MUTED}}
    return ec.Chart(spec, height)


def quick_map(
    cat: Catalog, frame: pl.DataFrame, lon: str, lat: str, value: str | None, lang: str
) -> pdk.Deck:
    """The result's rows as points on the scope's own outlines (outlines.outlines), no basemap
    (map_layers.offline_deck): a pydeck ScatterplotLayer on lon/lat, sized by `value` when one
    is chosen."""
    cols = [lon, lat] + ([value] if value else [])
    points = frame.select(cols).drop_nulls([lon, lat])
    points = points.filter(pl.col(lon).is_between(-180, 180) & pl.col(lat).is_between(-90, 90))
    weight = points[value].cast(pl.Float64).fill_null(0).abs() if value else None
    top = float(weight.max() or 0) if weight is not None and weight.len() else 0.0
    # Smaller points the more there are, so a few thousand still show where they lie.
    span = 11 if points.height <= 300 else 6 if points.height <= 3_000 else 3
    rows = [
        {
            "position": [float(x), float(y)],
            "radius": 2 + (span * (float(w) / top) ** 0.5 if top else span / 3),
            "value": "" if w is None or value is None else f"{value}: {w:,.6g}",
        }
        for x, y, w in zip(
            points[lon],
            points[lat],
            weight if weight is not None else [None] * points.height,
            strict=True,
        )
    ]
    shapes = outlines.outlines(cat)
    layers = [
        map_layers.outline_layer("outlines", shapes.children, map_layers.FINE_OUTLINE, 1.2),
        pdk.Layer(
            "ScatterplotLayer",
            id="points",
            data=rows,
            get_position="position",
            get_radius="radius",
            radius_units=map_layers.literal("pixels"),
            get_fill_color=[230, 159, 0, 190],
            get_line_color=[255, 255, 255, 200],
            stroked=True,
            line_width_units=map_layers.literal("pixels"),
            get_line_width=0.6,
            pickable=True,
        ),
    ]
    if rows:
        xs, ys = points[lon], points[lat]
        bbox = (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
    else:
        bbox = shapes.bbox
    tooltip = map_layers.tooltip("{value}", font_size=13) if value else False
    return map_layers.offline_deck(layers, map_layers.fit_view(bbox, MAP_SIZE), tooltip)
