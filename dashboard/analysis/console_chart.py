"""The SQL console's quick chart and map of a result: which columns can be drawn, and the
chart or pydeck map of them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from dashboard.data.catalog import Catalog

if TYPE_CHECKING:
    import pydeck as pdk

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


def quick_map(
    cat: Catalog, frame: pl.DataFrame, lon: str, lat: str, value: str | None, lang: str
) -> pdk.Deck:
    """The result's rows as points on the scope's own outlines (maps.outlines), no basemap
    (map_layers.offline_deck): a pydeck ScatterplotLayer on lon/lat, sized by `value` when one
    is chosen."""
    # Imported here: the rest of this module is shared with `griddash query` (error_kind), which
    # should not pay for pydeck and shapely.
    import pydeck as pdk

    from dashboard.geo import map_layers, maps

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
    shapes = maps.outlines(cat)
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
