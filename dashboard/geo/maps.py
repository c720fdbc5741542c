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
whose id starts with `drill` (map_layers.drill_layers); `clicked_code(event)` reads the code back
from what `st.pydeck_chart(..., on_select="rerun", selection_mode="single-object")` returns.
The colours, the offline Deck, view fitting, label placement and the layers the other maps
share are in dashboard.geo.map_layers; the spike markers are drawn here only. What a map shows
is worked out once (`plan`) for its two drawings: the deck, and the wall's picture
(dashboard.geo.wall_map).

Incident heat is weighted from the aggregate `incidents_by_grid_day` at the grid centres (named
query `map_grid_incidents`), so the browser gets at most one point per grid (8,967), never raw
incidents. Outlines above the grid are unions of the grids' `boundary_wkt` (a small square round
the centre where it is null), simplified; they are computed once per (data version, scope) and
kept in a module-level cache.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import polars as pl
import pydeck as pdk
import shapely
from shapely.ops import polylabel

from dashboard.core.i18n import normalize_lang, t
from dashboard.core.romanise import path_en, place_en
from dashboard.core.shared_cache import SharedCache
from dashboard.data.catalog import Catalog
from dashboard.geo.map_labels import place_labels
from dashboard.geo.map_layers import (  # Label and Outlines are defined there, used from here too
    COORD_DIGITS,
    DRILL_LAYER_PREFIX,
    SPIKE,
    SPIKE_HALO,
    Label,
    Outlines,
    counted_children,
    drill_layers,
    fine_outline_layer,
    fit_view,
    heat_layer,
    in_language,
    incidents_tooltip,
    names_layer,
    offline_deck,
    rings_layer,
    text_layer,
)
from dashboard.measures.metrics import Spike

# Digits of a code at each level (city, district, street, community, grid), and for a scope of
# each length the level whose outlines are clicked on to drill down.
LEVEL_DIGITS = (0, 6, 9, 12, 16)
CHILD_DIGITS = {0: 6, 6: 9, 9: 12, 12: 16, 16: 16}
NAME_COLUMNS = {6: "district_name", 9: "street_name", 12: "community_name", 16: "grid_name"}

# Simplification tolerance (degrees) of the clickable outlines per scope level: coarse for the
# city (about 150 m, about a pixel there: the ten district outlines stay a few kB), fine for a
# street or community. Grid outlines drawn thin under them use FINE_TOLERANCE.
TOLERANCE = {0: 0.0015, 6: 0.0004, 9: 0.0001, 12: 0.00003, 16: 0.00003}
FINE_TOLERANCE = 0.00008
# Unions close the hairline gaps left by rounding the grids' vertices: each grid is grown by
# this much (degrees, ~2 m) before the union and the result shrunk back by as much.
SEAM = 0.00002
SPIKE_LABEL_OFFSET = 22  # pixels from the marker's centre to its label
SPIKE_FILL = [255, 77, 79, 60]  # inside a spike's ring
SPIKE_LINE_PX = 3  # the ring's width
SPIKE_RING_PX = 16  # the ring's radius
NULL_BOUNDARY_HALF_SIDE = 0.002  # degrees: the square drawn for a grid without an outline

# The map's size on the briefing page (pixels), used to fit the view to the scope's extent.
# The briefing map's (width, height) in CSS pixels at 1920×1080: its column with the sidebar
# open, and the kiosk's right-hand column. The view is fitted to these, so a place is not cut off.
VIEWPORT = (860, 500)
KIOSK_VIEWPORT = (830, 520)


# -- outlines ------------------------------------------------------------------------------------


# Per (data version, scope, level, language): shared by every session that shows the scope.
_OUTLINES: SharedCache[Outlines] = SharedCache(64)
# The heat and the grids' outline pictures of a view, shared by every session (and every
# refresh) that shows it.
_HEAT: SharedCache[pdk.Layer] = SharedCache(64)
_FINE: SharedCache[pdk.Layer] = SharedCache(64)


def outlines(cat: Catalog, lang: str = "zh") -> Outlines:
    """The scope's boundaries, from the cache when this data version and scope were drawn
    before (the same object), else computed and cached. In English the names are romanised
    (map_layers.in_language), the Chinese kept for the tooltips."""
    version = cat.data_version
    lang = normalize_lang(lang)
    # In English: the same shapes as the Chinese ones (cached too), named in the language.
    return _OUTLINES.get(
        (version, cat.scope, len(cat.scope), lang),
        lambda: _build_outlines(cat, version) if lang == "zh" else in_language(outlines(cat), lang),
    )


def clear_cache() -> None:
    for cache in (_OUTLINES, _HEAT, _FINE):
        cache.clear()


def heat_factor(window_days: int) -> float:
    """The heat's intensity factor: a week's heat is smoother than a day's, so it gets less
    boost, or the core saturates."""
    return 1.0 if window_days == 1 else 0.65


def _heat(
    cat: Catalog,
    as_of: date,
    window_days: int,
    heat: pl.DataFrame,
    view: pdk.ViewState,
    size: tuple[int, int],
    scale: float,
) -> pdk.Layer:
    return _HEAT.get(
        (cat.data_version, cat.scope, as_of, window_days, size, scale),
        lambda: heat_layer(heat, len(cat.scope), view, size, heat_factor(window_days), scale),
    )


def _fine(
    cat: Catalog, shapes: Outlines, view: pdk.ViewState, size: tuple[int, int], scale: float
) -> pdk.Layer:
    return _FINE.get(
        (cat.data_version, cat.scope, size, scale),
        lambda: fine_outline_layer(shapes.fine, view, size, scale),
    )


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


@dataclass(frozen=True)
class MapPlan:
    """What a briefing map shows, worked out once for its two drawings: the deck (deck) and
    the wall's picture (wall_map.picture). Sizes are in the map's pixels."""

    cat: Catalog
    as_of: date
    window_days: int
    lang: str
    shapes: Outlines
    view: pdk.ViewState
    size: tuple[int, int]
    scale: float  # line widths and ring radii × this (1.45 on the wall)
    heat: pl.DataFrame  # heat_points
    marks: list[dict]  # the spikes in the scope: position, label, anchor, baseline, offset
    label_rows: list[dict]  # the places' names placed (map_labels.place_labels)
    label_size: float
    spike_size: float

    @property
    def ring_px(self) -> float:
        return SPIKE_RING_PX * self.scale


def plan(
    cat: Catalog,
    as_of: date,
    *,
    window_days: int = 1,
    lang: str = "zh",
    spikes: Sequence[Spike] = (),
    kiosk: bool = False,
    size: tuple[int, int] | None = None,
) -> MapPlan:
    """The map of the catalog's scope on as_of (arguments as deck's): its outlines, heat, spike
    marks and names placed, the view fitted to the scope."""
    shapes = outlines(cat, lang)
    level = len(cat.scope)
    scale = 1.45 if kiosk else 1.0
    size = size or (KIOSK_VIEWPORT if kiosk else VIEWPORT)
    view = fit_view(shapes.bbox, size)
    marks = _spike_rows(spikes, shapes, lang, kiosk)
    # On the wall every word is ≥ 24 px at 1920×1080, read from five metres.
    label_size = max((17 if level == 0 else 14) * scale, 24 if kiosk else 0)
    spike_size = max(16 * scale, 24 if kiosk else 0)
    label_rows = place_labels(
        shapes.labels,
        view,
        label_size,
        marks,
        spike_size,
        SPIKE_LABEL_OFFSET * scale,
        ring=SPIKE_RING_PX * scale,
    )
    return MapPlan(
        cat=cat,
        as_of=as_of,
        window_days=window_days,
        lang=lang,
        shapes=shapes,
        view=view,
        size=size,
        scale=scale,
        heat=heat_points(cat, as_of, window_days),
        marks=marks,
        label_rows=label_rows,
        label_size=label_size,
        spike_size=spike_size,
    )


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
    grids, 16), marked where they lie in the scope; kiosk: the wall's larger text and lines
    (the wall itself shows the same plan as a picture, wall_map.picture); size: the map's
    (width, height) in pixels, to fit the view (default VIEWPORT, or KIOSK_VIEWPORT in kiosk
    mode) — give st.pydeck_chart the same height. No basemap, tiles, remote fonts or icons:
    the JSON the browser receives names no URL.
    """
    p = plan(cat, as_of, window_days=window_days, lang=lang, spikes=spikes, kiosk=kiosk, size=size)
    layers = []
    if p.heat.height:
        layers.append(_heat(cat, as_of, window_days, p.heat, p.view, p.size, p.scale))
    if p.shapes.fine is not None:
        layers.append(_fine(cat, p.shapes, p.view, p.size, p.scale))
    layers += drill_layers(cat.scope, counted_children(p.shapes, p.heat), p.scale)
    if p.label_rows:
        layers.append(names_layer(p.label_rows, p.label_size))
    if p.marks:
        layers.append(
            rings_layer(
                "spike-rings",
                p.marks,
                p.view,
                p.size,
                p.ring_px,
                SPIKE_FILL,
                SPIKE,
                SPIKE_LINE_PX * p.scale,
            )
        )
        layers.append(
            text_layer(
                "spike-labels",
                p.marks,
                p.spike_size,
                get_text="label",
                get_color=[255, 255, 255, 255],
                font_weight=600,
                # a dark red halo, not a box: a TextLayer's background is a layer of its own,
                # whose start held the first frame ~0.35 s in software WebGL
                font_settings={"sdf": True, "fontSize": 64},
                outline_width=10,
                outline_color=SPIKE_HALO,
                get_text_anchor="anchor",
                get_alignment_baseline="baseline",
                get_pixel_offset="offset",
            )
        )

    if window_days == 1:
        window = t("map_incidents_day", lang, as_of=as_of.isoformat())
    else:
        window = t("map_incidents_days", lang, days=window_days, as_of=as_of.isoformat())
    return offline_deck(layers, p.view, incidents_tooltip(window, lang))


def _spike_rows(
    spikes: Sequence[Spike], shapes: Outlines, lang: str, kiosk: bool = False
) -> list[dict]:
    rows = []
    for s in spikes:
        at = shapes.anchors.get(s.code)
        if at is None:  # not in this scope
            continue
        english = normalize_lang(lang) == "en"
        # In English the place's own name (Huifeng Subdistrict): with its district after it the
        # label is three times the Chinese and hides the names around it. (A spike without its
        # own name keeps the whole path.)
        own_en = place_en(s.own_name) if s.own_name else path_en(s.name)
        if kiosk:  # one short line, so the district names around it stay readable
            name = own_en if english else (s.own_name or s.name)
            label = t("map_spike_label_kiosk", lang, name=name, count=s.count)
        else:
            name = own_en if english else s.name
            label = t(
                "map_spike_label", lang, name=name, count=s.count, baseline=f"{s.baseline:.1f}"
            )
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
