"""The scope's boundaries and where its places' names and marks go, computed from the grids and
shared by every map (the briefing's deck and wall picture, /incidents, /workload, the SQL
console's quick map, the weekly PDF's map).

`outlines(cat, lang)` returns the catalog's scope as map_layers.Outlines: the places one level
down (CHILD_DIGITS) as GeoJSON features with `code` and `name`, simplified per scope level
(TOLERANCE); where to write their names (the point deepest inside each, largest place first);
for a district or a street, the grids' outlines in one feature, drawn thin (FINE_TOLERANCE); the
scope's extent; and an anchor for every place of any level in the scope, where a spike is marked.

Outlines above the grid are unions of the grids' `boundary_wkt` (a small square round the centre
where it is null: `grid_polygons`), simplified; they are computed once per (data version, scope)
and kept in a module-level cache every session shares (the English ones too: the same shapes,
the names romanised). `clear_cache` empties it (dashboard.geo.maps.clear_cache does too).
"""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import shapely
from shapely.ops import polylabel

from dashboard.core.i18n import normalize_lang
from dashboard.core.shared_cache import SharedCache
from dashboard.data.catalog import Catalog
from dashboard.geo.map_layers import COORD_DIGITS, Label, Outlines, in_language

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
NULL_BOUNDARY_HALF_SIDE = 0.002  # degrees: the square drawn for a grid without an outline

# Per (data version, scope, level, language): shared by every session that shows the scope.
_OUTLINES: SharedCache[Outlines] = SharedCache(64)


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
    """Forget every scope's outlines (the next call computes them again)."""
    _OUTLINES.clear()


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
    """The geometry as a GeoJSON geometry (a dict), its coordinates rounded to COORD_DIGITS."""
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
