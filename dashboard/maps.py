"""The city map of the morning briefing: our own boundaries, incident heat and spike markers,
drawn by pydeck with no basemap, so the page makes no request outside the machine.

`deck(cat, as_of, …)` draws the catalog's scope:

| scope | outlines drawn (clickable ones first) |
| --- | --- |
| city ('') | the districts |
| district (6 digits) | its streets; its grids, thin |
| street (9) | its communities; its grids, thin |
| community (12), grid (16) | its grids |

The clickable outlines carry `code` and `name` in their GeoJSON properties and sit in a layer
whose id starts with `drill`; `clicked_code(event)` reads the code back from what
`st.pydeck_chart(..., on_select="rerun", selection_mode="single-object")` returns.

Incident heat is weighted from the aggregate `incidents_by_grid_day` at the grid centres (named
query `map_grid_incidents`), so the browser gets at most one point per grid (8,967), never raw
incidents. Outlines above the grid are unions of the grids' `boundary_wkt` (a small square round
the centre where it is null), simplified; they are computed once per (data version, scope) and
kept in a module-level cache.
"""

from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import polars as pl
import pydeck as pdk
import shapely
from pydeck.bindings.json_tools import default_serialize
from shapely.ops import polylabel

from dashboard import city
from dashboard.catalog import Catalog
from dashboard.i18n import t
from dashboard.metrics import Spike

# Digits of a code at each level (city, district, street, community, grid), and for a scope of
# each length the level whose outlines are clicked on to drill down.
LEVEL_DIGITS = (0, 6, 9, 12, 16)
CHILD_DIGITS = {0: 6, 6: 9, 9: 12, 12: 16, 16: 16}
NAME_COLUMNS = {6: "district_name", 9: "street_name", 12: "community_name", 16: "grid_name"}
DRILL_LAYER_PREFIX = "drill"

# Simplification tolerance (degrees) of the clickable outlines per scope level: coarse for the
# city (about 150 m, about a pixel there: the ten district outlines stay a few kB), fine for a
# street or community. Grid outlines drawn thin under them use FINE_TOLERANCE.
TOLERANCE = {0: 0.0015, 6: 0.0004, 9: 0.0001, 12: 0.00003, 16: 0.00003}
FINE_TOLERANCE = 0.00008
# Unions close the hairline gaps left by rounding the grids' vertices: each grid is grown by
# this much (degrees, ~2 m) before the union and the result shrunk back by as much.
SEAM = 0.00002
COORD_DIGITS = 5  # ~1 m
SPIKE_LABEL_OFFSET = 22  # pixels from the marker's centre to its label
NULL_BOUNDARY_HALF_SIDE = 0.002  # degrees: the square drawn for a grid without an outline

FONT_FAMILY = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif"
BACKGROUND = [13, 22, 36, 255]
OUTLINE = [214, 226, 242, 235]
FINE_OUTLINE = [128, 150, 182, 110]
LABEL = [236, 242, 250, 255]
LABEL_HALO = [13, 22, 36, 255]
SPIKE = [255, 77, 79, 255]
# Heat from cool to hot, readable on the dark background.
HEAT_COLORS = [
    [34, 94, 168],
    [29, 145, 192],
    [65, 182, 196],
    [161, 218, 180],
    [254, 204, 92],
    [253, 141, 60],
    [240, 59, 32],
]
# Heat radius in pixels per scope level: small for the city, so the urban core does not merge
# into one blob; larger as the map shows fewer, bigger grids.
HEAT_RADIUS = {0: 16, 6: 22, 9: 30, 12: 45, 16: 60}
# Heat intensity: the colour scale runs up to the hottest pixel, which at city level is far
# hotter than the rest; a higher intensity keeps ordinary places visible.
HEAT_INTENSITY = {0: 2.5, 6: 1.8, 9: 1.5, 12: 1.2, 16: 1.0}

# The map's size on the briefing page (pixels), used to fit the view to the scope's extent.
VIEWPORT = (1100, 620)
KIOSK_VIEWPORT = (1400, 820)


# -- outlines ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    code: str
    text: str  # the name without its parent's name in front (第3网格, not 万科城社区第3网格)
    lon: float
    lat: float


@dataclass(frozen=True)
class Outlines:
    """A scope's boundaries, computed once per data version (see outlines())."""

    data_version: str
    scope: str
    child_digits: int
    children: tuple[dict, ...]  # GeoJSON features: properties code, name; simplified geometry
    labels: tuple[Label, ...]  # where to write the children's names, largest child first
    fine: dict | None  # one GeoJSON feature with the grids' outlines, drawn thin; None if none
    bbox: tuple[float, float, float, float] | None  # lon_min, lat_min, lon_max, lat_max
    anchors: dict[str, tuple[float, float]]  # code of any level in scope → where to mark it


_CACHE: OrderedDict[tuple[str, str, int], Outlines] = OrderedDict()
_CACHE_SIZE = 64
_CACHE_LOCK = threading.Lock()


def outlines(cat: Catalog) -> Outlines:
    """The scope's boundaries, from the cache when this data version and scope were drawn
    before (the same object), else computed and cached."""
    version = cat.data_version
    key = (version, cat.scope, len(cat.scope))
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    built = _build_outlines(cat, version)
    with _CACHE_LOCK:
        kept = _CACHE.setdefault(key, built)  # another session may have been first
        _CACHE.move_to_end(key)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return kept


def clear_cache() -> None:
    with _CACHE_LOCK:
        _CACHE.clear()


def grid_polygons(grids: pl.DataFrame) -> np.ndarray:
    """Shapely polygons of the grids: boundary_wkt, or a small square round the centre where it
    is null or unreadable."""
    geoms = shapely.from_wkt(grids["boundary_wkt"].to_numpy(), on_invalid="ignore")
    geoms = np.asarray(geoms, dtype=object)
    missing = np.array([g is None or shapely.is_empty(g) for g in geoms], dtype=bool)
    if missing.any():
        lon = grids["center_lon"].to_numpy()[missing]
        lat = grids["center_lat"].to_numpy()[missing]
        area = grids["area_km2"].fill_null(0.0).to_numpy()[missing]
        # Half the side of a square of the grid's area (if known), in degrees of latitude.
        half = np.where(area > 0, np.sqrt(np.maximum(area, 0.0)) / 2 / 110.57, 0.0)
        half = np.clip(np.where(half > 0, half, NULL_BOUNDARY_HALF_SIDE), 0.0005, 0.01)
        geoms[missing] = shapely.box(lon - half, lat - half, lon + half, lat + half)
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        geoms[invalid] = shapely.make_valid(geoms[invalid])
    return geoms


def _union(polygons: np.ndarray) -> shapely.Geometry:
    if len(polygons) == 1:
        return polygons[0]
    grown = shapely.buffer(polygons, SEAM, join_style="mitre")
    return shapely.buffer(shapely.union_all(grown), -SEAM, join_style="mitre")


def _round(geom: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geom, lambda xy: np.round(xy, COORD_DIGITS))


def geojson(geom: shapely.Geometry) -> dict:
    return json.loads(shapely.to_geojson(_round(geom)))


def _build_outlines(cat: Catalog, version: str) -> Outlines:
    scope = cat.scope
    level = len(scope)
    child = CHILD_DIGITS[level]
    grids = cat.query("map_grids")
    if grids.is_empty():
        return Outlines(version, scope, child, (), (), None, None, {})
    polygons = grid_polygons(grids)
    codes = grids["grid_code"].to_numpy()
    child_codes = np.array([c[:child] for c in codes])
    names = grids[NAME_COLUMNS[child]].to_numpy()
    parent_names = (
        grids[NAME_COLUMNS[LEVEL_DIGITS[LEVEL_DIGITS.index(child) - 1]]].to_numpy()
        if child > 6
        else None
    )
    tolerance = TOLERANCE[level]

    features, labels, areas = [], [], []
    for code in np.unique(child_codes):
        members = child_codes == code
        shape = _union(polygons[members])
        simple = shapely.simplify(shape, tolerance, preserve_topology=True)
        if shapely.is_empty(simple):
            simple = shape
        name = str(names[members][0] or code)
        features.append(
            {
                "type": "Feature",
                "geometry": geojson(simple),
                "properties": {"code": str(code), "name": name},
            }
        )
        point = _label_point(shape)
        parent = str(parent_names[members][0] or "") if parent_names is not None else ""
        text = (
            name[len(parent) :] if parent and name.startswith(parent) and name != parent else name
        )
        labels.append(
            Label(str(code), text, round(point.x, COORD_DIGITS), round(point.y, COORD_DIGITS))
        )
        areas.append(shapely.area(shape))

    fine = None
    if level in (6, 9):
        thin = shapely.simplify(polygons, FINE_TOLERANCE, preserve_topology=True)
        fine = {
            "type": "Feature",
            "geometry": geojson(shapely.multipolygons(shapely.get_parts(thin))),
            "properties": {},
        }

    x0, y0, x1, y1 = shapely.total_bounds(polygons)
    return Outlines(
        data_version=version,
        scope=scope,
        child_digits=child,
        children=tuple(features),
        labels=tuple(labels[i] for i in np.argsort(-np.array(areas), kind="stable")),
        fine=fine,
        bbox=(float(x0), float(y0), float(x1), float(y1)),
        anchors=_anchors(grids, scope),
    )


def _label_point(shape: shapely.Geometry) -> shapely.Point:
    """A point well inside the largest part of the shape (where its name is written)."""
    parts = shapely.get_parts(shape)
    largest = parts[int(np.argmax(shapely.area(parts)))] if len(parts) > 1 else shape
    try:
        return polylabel(largest, tolerance=0.0005)
    except Exception:  # pragma: no cover - polylabel refuses some degenerate shapes
        return shapely.point_on_surface(largest)


def _anchors(grids: pl.DataFrame, scope: str) -> dict[str, tuple[float, float]]:
    """Where to mark a place of any level in the scope (for spikes): the mean of its grids'
    centres, or the grid's centre."""
    out: dict[str, tuple[float, float]] = {}
    for digits in LEVEL_DIGITS[1:]:
        if digits < len(scope):
            continue
        means = grids.group_by(pl.col("grid_code").str.slice(0, digits).alias("code")).agg(
            pl.col("center_lon").mean(), pl.col("center_lat").mean()
        )
        for code, lon, lat in means.iter_rows():
            out[code] = (round(lon, COORD_DIGITS), round(lat, COORD_DIGITS))
    return out


# -- heat ----------------------------------------------------------------------------------------


def heat_points(cat: Catalog, as_of: date, window_days: int = 1) -> pl.DataFrame:
    """Grids with incidents reported in the window_days days ending on as_of: grid_code, lon,
    lat, incidents (cancelled left out). One row per grid at most."""
    if window_days < 1:
        raise ValueError(f"window_days: expected 1 or more days, found {window_days}")
    rows = cat.query("map_grid_incidents", as_of=as_of, days=int(window_days))
    return rows.select(
        "grid_code",
        pl.col("center_lon").round(COORD_DIGITS).alias("lon"),
        pl.col("center_lat").round(COORD_DIGITS).alias("lat"),
        "incidents",
    )


# -- the deck ------------------------------------------------------------------------------------


class Deck(pdk.Deck):
    """A pydeck Deck whose JSON is compact (pydeck indents it, which triples the size of the
    outlines Streamlit sends to the browser)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def fit_view(bbox, size: tuple[int, int], padding: float = 0.06) -> pdk.ViewState:
    """A view state showing the box (lon_min, lat_min, lon_max, lat_max) in a map of `size`
    pixels (web Mercator, 512-pixel tiles), with a margin of `padding` on each side."""
    if bbox is None:
        bbox = city.BBOX
    x0, y0, x1, y1 = bbox
    width, height = size
    usable_w, usable_h = width * (1 - 2 * padding), height * (1 - 2 * padding)

    merc = _mercator_y
    dx = max((x1 - x0) / 360.0, 1e-9)
    dy = max(abs(merc(y0) - merc(y1)), 1e-9)
    zoom = min(math.log2(usable_w / (512 * dx)), math.log2(usable_h / (512 * dy)), 17.0)
    centre_y = (merc(y0) + merc(y1)) / 2
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * centre_y))))
    return pdk.ViewState(
        longitude=round((x0 + x1) / 2, 6),
        latitude=round(lat, 6),
        zoom=round(zoom, 3),
        min_zoom=max(round(zoom, 3) - 2, 0),
        max_zoom=18,
        pitch=0,
        bearing=0,
    )


def literal(text: str) -> str:
    """A string pydeck passes through as a value: it reads any other string as an accessor
    expression (`"pixels"` would become `@@=pixels`, which deck.gl evaluates to undefined)."""
    return f'"{text}"'


def drill_layer_id(scope: str) -> str:
    """The id of the clickable outline layer of a scope's map."""
    return f"{DRILL_LAYER_PREFIX}-{scope or 'city'}"


def deck(
    cat: Catalog,
    as_of: date,
    *,
    window_days: int = 1,
    lang: str = "zh",
    spikes: Sequence[Spike] = (),
    kiosk: bool = False,
    size: tuple[int, int] | None = None,
) -> pdk.Deck:
    """The city map of the catalog's scope on as_of: outlines, incident heat over window_days
    days (1: the day; 7: the week ending on it), spike markers, the view fitted to the scope.

    lang: the tooltip's language; spikes: metrics.spikes() of the day (streets, 9 digits, or
    grids, 16), marked where they lie in the scope; kiosk: larger text and lines; size: the
    map's (width, height) in pixels, to fit the view (default VIEWPORT, or KIOSK_VIEWPORT in
    kiosk mode) — give st.pydeck_chart the same height. No basemap, tiles, remote fonts or
    icons: the JSON the browser receives names no URL.
    """
    shapes = outlines(cat)
    level = len(cat.scope)
    heat = heat_points(cat, as_of, window_days)
    scale = 1.35 if kiosk else 1.0

    # Incidents in the window per clickable place.
    counts = dict(
        heat.group_by(pl.col("grid_code").str.slice(0, shapes.child_digits).alias("code"))
        .agg(pl.col("incidents").sum())
        .iter_rows()
    )
    children = [
        {
            "type": "Feature",
            "geometry": f["geometry"],
            "properties": {
                **f["properties"],
                "incidents": int(counts.get(f["properties"]["code"], 0)),
            },
        }
        for f in shapes.children
    ]

    layers = []
    if heat.height:
        layers.append(
            pdk.Layer(
                "HeatmapLayer",
                id="heat",
                data=heat.select("lon", "lat", "incidents").to_dicts(),
                get_position=["lon", "lat"],
                get_weight="incidents",
                aggregation=literal("SUM"),
                radius_pixels=int(HEAT_RADIUS[level] * scale),
                # A week's heat is smoother than a day's: less boost, or the core saturates.
                intensity=max(1.0, HEAT_INTENSITY[level] * (1.0 if window_days == 1 else 0.65)),
                threshold=0.04,
                color_range=HEAT_COLORS,
                opacity=0.8,
                pickable=False,
            )
        )
    if shapes.fine is not None:
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                id="grid-outlines",
                data={"type": "FeatureCollection", "features": [shapes.fine]},
                stroked=True,
                filled=False,
                get_line_color=FINE_OUTLINE,
                line_width_units=literal("pixels"),
                get_line_width=0.7 * scale,
                pickable=False,
            )
        )
    layers.append(
        pdk.Layer(
            "GeoJsonLayer",
            id=drill_layer_id(cat.scope),
            data={"type": "FeatureCollection", "features": children},
            stroked=True,
            filled=True,
            get_fill_color=[255, 255, 255, 8],
            get_line_color=OUTLINE,
            line_width_units=literal("pixels"),
            get_line_width=(2.2 if level in (0, 6) else 1.6) * scale,
            line_joint_rounded=True,
            pickable=True,
            auto_highlight=True,
            highlight_color=[255, 255, 255, 48],
        )
    )
    view = fit_view(shapes.bbox, size or (KIOSK_VIEWPORT if kiosk else VIEWPORT))
    marks = _spike_rows(spikes, shapes, lang)
    label_size = (17 if level == 0 else 14) * scale
    spike_size = 16 * scale
    label_rows = place_labels(
        shapes.labels, view, label_size, marks, spike_size, SPIKE_LABEL_OFFSET * scale
    )
    if label_rows:
        layers.append(
            pdk.Layer(
                "TextLayer",
                id="place-names",
                data=label_rows,
                get_position="position",
                get_text="text",
                get_size=label_size,
                size_units=literal("pixels"),
                get_color=LABEL,
                font_family=literal(FONT_FAMILY),
                character_set=literal("auto"),
                font_settings={"sdf": True, "fontSize": 64, "buffer": 6},
                outline_width=3,
                outline_color=LABEL_HALO,
                get_text_anchor=literal("middle"),
                get_alignment_baseline=literal("center"),
                pickable=False,
            )
        )
    if marks:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                id="spike-rings",
                data=marks,
                get_position="position",
                get_radius=16 * scale,
                radius_units=literal("pixels"),
                stroked=True,
                filled=True,
                get_fill_color=[255, 77, 79, 60],
                get_line_color=SPIKE,
                line_width_units=literal("pixels"),
                get_line_width=3 * scale,
                pickable=False,
            )
        )
        layers.append(
            pdk.Layer(
                "TextLayer",
                id="spike-labels",
                data=marks,
                get_position="position",
                get_text="label",
                get_size=spike_size,
                size_units=literal("pixels"),
                get_color=[255, 255, 255, 255],
                font_family=literal(FONT_FAMILY),
                font_weight=600,
                character_set=literal("auto"),
                background=True,
                get_background_color=[150, 20, 30, 230],
                background_padding=[6, 3, 6, 3],
                get_text_anchor="anchor",
                get_alignment_baseline="baseline",
                get_pixel_offset="offset",
                pickable=False,
            )
        )

    if window_days == 1:
        window = t("map_incidents_day", lang, as_of=as_of.isoformat())
    else:
        window = t("map_incidents_days", lang, days=window_days, as_of=as_of.isoformat())
    tooltip = {
        "html": (
            '<div style="font-size:15px;font-weight:600">{name}</div>'
            f'<div style="opacity:.7">{t("map_code", lang)} {{code}}</div>'
            f"<div>{window}: <b>{{incidents}}</b></div>"
        ),
        "style": {
            "backgroundColor": "rgba(13,22,36,0.92)",
            "color": "#ecf2fa",
            "fontFamily": FONT_FAMILY,
            "fontSize": "14px",
        },
    }
    map_view = pdk.View(type="MapView", controller=True, clear=True, clear_color=BACKGROUND)
    return Deck(
        layers=layers,
        views=[map_view],
        initial_view_state=view,
        # No basemap. map_style stays at pydeck's default, which with map_provider=None is
        # serialised as "mapStyle": "__MAP_STYLE__": Streamlit reads that as "no basemap".
        # map_style=None would leave mapStyle out, and Streamlit 1.67 then loads Carto's
        # basemap style from basemaps.cartocdn.com (seen in the browser's requests).
        map_provider=None,
        tooltip=tooltip,
    )


def _mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude, 0 (north edge) … 1 (south edge)."""
    s = math.sin(math.radians(lat))
    return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)


def _pixels(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """World pixel coordinates of a point at a zoom level (web Mercator, 512-pixel tiles)."""
    size = 512 * 2**zoom
    return (lon + 180) / 360 * size, _mercator_y(lat) * size


def _text_width(text: str, size: float) -> float:
    return sum(size if ord(ch) > 0x2E80 else 0.6 * size for ch in max(text.split("\n"), key=len))


def _overlaps(box, taken) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken)


# Where a spike's label may go, in order of preference: (text anchor, baseline, offset direction).
_SPIKE_SIDES = (
    ("start", "center", (1, 0)),
    ("end", "center", (-1, 0)),
    ("middle", "top", (0, 1)),
    ("middle", "bottom", (0, -1)),
)


def place_labels(
    labels, view: pdk.ViewState, size: float, marks: list[dict], spike_size: float, offset: float
) -> list[dict]:
    """Names to write at the fitted zoom, largest place first, leaving out any whose box would
    overlap one already placed (the tooltip still names every place); then each spike label is
    put on the first side of its marker (right, left, below, above) where it covers no name.
    Sets "anchor", "baseline" and "offset" on the marks; returns the names' rows."""
    taken, rows = [], []
    for label in labels:
        x, y = _pixels(label.lon, label.lat, view.zoom)
        w, h = _text_width(label.text, size) + 6, size * 1.3
        box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        if not _overlaps(box, taken):
            taken.append(box)
            rows.append({"position": [label.lon, label.lat], "text": label.text})
    for m in marks:
        x, y = _pixels(*m["position"], view.zoom)
        w = _text_width(m["label"], spike_size) + 12
        h = (m["label"].count("\n") + 1) * spike_size * 1.25 + 6
        boxes = []
        for anchor, baseline, (dx, dy) in _SPIKE_SIDES:
            cx, cy = x + dx * (offset + w / 2), y + dy * (offset + h / 2)
            boxes.append(
                (anchor, baseline, (dx, dy), (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
            )
        anchor, baseline, (dx, dy), box = next(
            (b for b in boxes if not _overlaps(b[3], taken)), boxes[0]
        )
        taken.append(box)
        m.update(anchor=anchor, baseline=baseline, offset=[dx * offset, dy * offset])
    return rows


def _spike_rows(spikes: Sequence[Spike], shapes: Outlines, lang: str) -> list[dict]:
    rows = []
    for s in spikes:
        at = shapes.anchors.get(s.code)
        if at is None:  # not in this scope
            continue
        label = t("map_spike_label", lang, name=s.name, count=s.count, baseline=f"{s.baseline:.1f}")
        rows.append(
            {
                "position": list(at),
                "code": s.code,
                "name": s.name,
                "incidents": s.count,
                "label": label,
            }
        )
    return rows


# -- drill by click ------------------------------------------------------------------------------


def clicked_code(event: Any) -> str | None:
    """The code of the place clicked on the map, from what
    `st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=…)` returns
    (a PydeckState: {"selection": {"indices": {layer: [i]}, "objects": {layer: [feature]}}});
    None when nothing in a clickable layer is selected."""
    if not isinstance(event, Mapping):
        return None
    selection = event.get("selection")
    if not isinstance(selection, Mapping):
        return None
    objects = selection.get("objects")
    if not isinstance(objects, Mapping):
        return None
    for layer, picked in objects.items():
        if not str(layer).startswith(DRILL_LAYER_PREFIX) or not picked:
            continue
        obj = picked[0]
        if not isinstance(obj, Mapping):
            continue
        props = obj.get("properties")
        code = props.get("code") if isinstance(props, Mapping) else None
        code = code if code is not None else obj.get("code")
        if isinstance(code, str) and code.isdigit() and len(code) in LEVEL_DIGITS[1:]:
            return code
    return None
