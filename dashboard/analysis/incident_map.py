"""The /incidents page's map: pydeck, offline like dashboard.geo.maps (our own outlines, no
basemap, nothing fetched; the layers from dashboard.geo.map_layers) — the filtered incidents as
heat or as 3D hexagon columns, weighted at the grid centres. The heat map is drawn by the
browser as SVG (`svg`, as the briefing's: no WebGL to start); the 3D columns need deck.gl."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pydeck as pdk

from dashboard.core.i18n import t
from dashboard.data.catalog import Catalog
from dashboard.geo import deck_svg, map_labels, map_layers, outlines

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
    shapes = outlines.outlines(cat, lang)
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
        layers.append(map_layers.fine_outline_layer(shapes.fine, view, MAP_SIZE))
    children = map_layers.counted_children(shapes, grids)
    layers += map_layers.drill_layers(cat.scope, children, widths=(2.0, 1.5))
    if mode == "heat":  # names would float under the columns of the tilted 3D view
        size = 17 if level == 0 else 14
        rows = map_labels.place_labels(shapes.labels, view, size)
        if rows:
            layers.append(map_layers.names_layer(rows, size))
    window = t("inc_map_tooltip_window", lang, first=first.isoformat(), last=last.isoformat())
    return map_layers.offline_deck(layers, view, map_layers.incidents_tooltip(window, lang))


def svg(cat: Catalog, grids: pl.DataFrame, lang: str, first: date, last: date) -> str:
    """The heat map (deck's "heat", same arguments) as one SVG document of MAP_SIZE pixels
    (dashboard.geo.deck_svg), its places clickable with their tooltips."""
    return deck_svg.svg(deck(cat, grids, "heat", lang, first, last), MAP_SIZE)
