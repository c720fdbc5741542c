"""pydeck building blocks shared by every map: colours, the offline Deck, view fitting and the
standard layers (where the names go: map_labels).

The maps (dashboard.geo.maps for the briefing, incident_map, workload_map, the SQL console's
quick map) draw our own outlines over a plain background: no basemap, tiles, remote fonts or
icons, so the JSON the browser receives names no URL. `offline_deck` is the one place that sets
that up. Layer builders take the scope's outlines (`outlines.outlines`) or their parts and return
`pdk.Layer`s with fixed ids: `drill-…` (clickable, see `maps.clicked_code`), `place-outlines`,
`grid-outlines` (a picture), `place-names`, `heat`.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import polars as pl
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard.core import city, romanise
from dashboard.core.i18n import normalize_lang, t
from dashboard.geo import map_raster


@dataclass(frozen=True)
class Label:
    code: str
    text: str  # the name without its parent's name in front (第3网格, not 万科城社区第3网格)
    lon: float
    lat: float
    short: str = ""  # written instead where `text` fits nowhere (Yingze for Yingze / District)


@dataclass(frozen=True)
class Outlines:
    """A scope's boundaries, computed once per data version (dashboard.geo.outlines.outlines)."""

    data_version: str
    scope: str
    child_digits: int
    children: tuple[dict, ...]  # GeoJSON features: properties code, name; simplified geometry
    labels: tuple[Label, ...]  # where to write the children's names, largest child first
    fine: dict | None  # one GeoJSON feature with the grids' outlines, drawn thin; None if none
    bbox: tuple[float, float, float, float] | None  # lon_min, lat_min, lon_max, lat_max
    anchors: dict[str, tuple[float, float]]  # code of any level in scope → where to mark it


COORD_DIGITS = 5  # ~1 m
DRILL_LAYER_PREFIX = "drill"

FONT_FAMILY = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif"
# Pixels around each glyph in deck.gl's font atlas. deck.gl draws a glyph from its origin, so
# what lies left of it is kept only within this margin: at 4–6 px the hook of a "J" was cut
# off and "Jinyuan" read "Jnyuan" on the English maps; 12 keeps it (seen in Chromium).
GLYPH_BUFFER = 12
BACKGROUND = [13, 22, 36, 255]
OUTLINE = [214, 226, 242, 235]
FINE_OUTLINE = [128, 150, 182, 110]
FINE_LINE_PX = 0.7  # the grids' thin outlines under the places'
LABEL = [236, 242, 250, 255]
LABEL_HALO = [13, 22, 36, 255]
SPIKE = [255, 77, 79, 255]
SPIKE_HALO = [150, 20, 30, 255]  # round a spike's label
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
HEAT_THRESHOLD = 0.04  # below this share of the top colour, the heat fades out
HEAT_OPACITY = 0.8


# -- the deck and its view -----------------------------------------------------------------------


class Deck(pdk.Deck):
    """A pydeck Deck whose JSON is compact (pydeck indents it, which triples the size of the
    outlines Streamlit sends to the browser)."""

    def to_json(self) -> str:
        return json.dumps(
            self,
            sort_keys=True,
            default=default_serialize,
            separators=(",", ":"),
            ensure_ascii=False,
        )


def offline_deck(
    layers: list[pdk.Layer], view: pdk.ViewState, tooltip: dict | bool = False
) -> Deck:
    """A map with no basemap: the layers on the dark BACKGROUND, the view given, the tooltip
    (a dict of html and style, see `tooltip`; False for none)."""
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


def _mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude, 0 (north edge) … 1 (south edge)."""
    s = math.sin(math.radians(lat))
    return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)


def literal(text: str) -> str:
    """A string pydeck passes through as a value: it reads any other string as an accessor
    expression (`"pixels"` would become `@@=pixels`, which deck.gl evaluates to undefined)."""
    return f'"{text}"'


def tooltip(html: str, font_size: int = 14) -> dict:
    """A pydeck tooltip: the html template ({property} filled in by deck.gl) in the maps' dark
    style."""
    return {
        "html": html,
        "style": {
            "backgroundColor": "rgba(13,22,36,0.92)",
            "color": "#ecf2fa",
            "fontFamily": FONT_FAMILY,
            "fontSize": f"{font_size}px",
        },
    }


def name_html(lang: str, name: str = "name", zh: str = "name_zh") -> str:
    """A tooltip's first line, the place's name (property `name`); in English a second line with
    the Chinese (property `zh`: features from `in_language`)."""
    html = f'<div style="font-size:15px;font-weight:600">{{{name}}}</div>'
    if normalize_lang(lang) == "en":
        html += f'<div style="opacity:.85">{{{zh}}}</div>'
    return html


def place_tooltip(lang: str, *rows: str) -> dict:
    """The tooltip of a place: its name (and in English the Chinese), its code, then the rows
    given (HTML, with {property} placeholders)."""
    return tooltip(
        name_html(lang)
        + f'<div style="opacity:.7">{t("map_code", lang)} {{code}}</div>'
        + "".join(rows)
    )


def in_language(shapes: Outlines, lang: str) -> Outlines:
    """`shapes` for a map in `lang`: in English the children's names and the labels romanised
    (dashboard.core.romanise; a street's or community's label without its generic word), each
    child keeping its Chinese name as property `name_zh` for the tooltip; in Chinese `shapes`
    itself."""
    if normalize_lang(lang) != "en":
        return shapes
    children = tuple(
        {
            **f,
            "properties": {
                **f["properties"],
                "name": romanise.place_en(f["properties"]["name"]),
                "name_zh": f["properties"]["name"],
            },
        }
        for f in shapes.children
    )
    # Streets' and communities' labels without the generic word (Wucheng, not Wucheng
    # Subdistrict): three times the width of the Chinese does not fit between their neighbours.
    # Districts' whole, on two lines (Yingze / District).
    short = {6: romanise.district_label_en, 9: romanise.label_en, 12: romanise.label_en}.get(
        shapes.child_digits, romanise.place_en
    )
    # A district whose two lines fit nowhere (the small central ones) is named without the
    # generic word rather than left out.
    shorter = romanise.short_label_en if shapes.child_digits == 6 else (lambda _: "")
    labels = tuple(replace(lb, text=short(lb.text), short=shorter(lb.text)) for lb in shapes.labels)
    return replace(shapes, children=children, labels=labels)


def incidents_tooltip(window_text: str, lang: str) -> dict:
    """The tooltip of a clickable place (see `counted_children`): its name, its code, and its
    incidents in the window described by window_text."""
    return place_tooltip(lang, f"<div>{window_text}: <b>{{incidents}}</b></div>")


# -- layers --------------------------------------------------------------------------------------


def drill_layer_id(scope: str) -> str:
    """The id of the clickable outline layer of a scope's map."""
    return f"{DRILL_LAYER_PREFIX}-{scope or 'city'}"


def counted_children(shapes: Outlines, grids: pl.DataFrame) -> list[dict]:
    """The scope's clickable places (shapes.children) with an `incidents` property: the sum of
    `grids`' incidents (columns grid_code, incidents) over each place's grids, 0 where none."""
    counts = dict(
        grids.group_by(pl.col("grid_code").str.slice(0, shapes.child_digits).alias("code"))
        .agg(pl.col("incidents").sum())
        .iter_rows()
    )
    return [
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


def outline_segments(features: Iterable[dict]) -> list[dict]:
    """The boundaries of GeoJSON features ((Multi)Polygon, (Multi)LineString) as straight
    segments {"s": [lon, lat], "t": [lon, lat]}, an edge two shapes share once, in the order
    first met."""
    seen: set[tuple] = set()
    segments = []
    for feature in features:
        for path in geometry_paths(feature["geometry"]):
            points = [[round(v, COORD_DIGITS) for v in point[:2]] for point in path]
            for a, b in itertools.pairwise(points):
                edge = (tuple(a), tuple(b)) if a <= b else (tuple(b), tuple(a))
                if a != b and edge not in seen:
                    seen.add(edge)
                    segments.append({"s": a, "t": b})
    return segments


def geometry_paths(geometry: dict) -> list[list]:
    """The coordinate lists of a GeoJSON geometry's rings or lines."""
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "LineString":
        return [coords]
    if kind in ("Polygon", "MultiLineString"):
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for polygon in coords for ring in polygon]
    return []


def outline_layer(
    layer_id: str, features: Iterable[dict], color: list[int], width: float
) -> pdk.Layer:
    """Outlines only (not clickable) of GeoJSON features, `width` pixels wide, as straight
    segments (a LineLayer). Not a GeoJsonLayer's stroke: that is a PathLayer, whose shaders
    alone held the first frame 0.7–1.1 s in software WebGL (no GPU, as on a thin client or a
    wall PC without one), a LineLayer's about 0.1 s (docs/performance.md)."""
    return pdk.Layer(
        "LineLayer",
        id=layer_id,
        data=outline_segments(features),
        get_source_position="s",
        get_target_position="t",
        get_color=color,
        width_units=literal("pixels"),
        get_width=width,
        pickable=False,
    )


FINE_MARGIN_PX = 40  # the fine outlines' picture reaches this far past the map's edges


def fine_outline_layer(
    fine: dict, view: pdk.ViewState, size: tuple[int, int], scale: float = 1.0
) -> pdk.Layer:
    """The grids' outlines (Outlines.fine) drawn thin under the clickable places: one picture
    drawn on the server for the map `view` of `size` pixels (thousands of edges would be
    hundreds of KB as segments, and a PathLayer is slow to start: outline_layer)."""
    raster = map_raster.raster_for(
        (view.longitude, view.latitude), view.zoom, size, FINE_MARGIN_PX, cell=1
    )
    paths = [np.asarray(p, dtype=np.float64)[:, :2] for p in geometry_paths(fine["geometry"])]
    rgba = map_raster.lines(raster, paths, FINE_OUTLINE, FINE_LINE_PX * scale)
    layer = pdk.Layer("BitmapLayer", id="grid-outlines", bounds=raster.bounds(), pickable=False)
    layer.image = map_raster.png_data_url(rgba)  # after construction: not an accessor
    return layer


def rings_layer(
    layer_id: str,
    rows: list[dict],
    view: pdk.ViewState,
    size: tuple[int, int],
    radius_px: float,
    fill: list[int],
    line: list[int],
    line_px: float,
) -> pdk.Layer:
    """A ring of `radius_px` pixels (filled `fill`, ringed `line_px` wide in `line`) at each row's
    "position", as one picture drawn on the server for the map `view` of `size` pixels: a
    ScatterplotLayer's shaders held the first frame about 0.4 s in software WebGL, a second
    picture costs next to nothing beside the heat's (docs/performance.md). Not clickable."""
    raster = map_raster.raster_for(
        (view.longitude, view.latitude), view.zoom, size, FINE_MARGIN_PX, cell=1
    )
    lon = np.array([r["position"][0] for r in rows], dtype=np.float64)
    lat = np.array([r["position"][1] for r in rows], dtype=np.float64)
    rgba = map_raster.dots(raster, lon, lat, [fill] * len(rows), radius_px, line, line_px)
    layer = pdk.Layer("BitmapLayer", id=layer_id, bounds=raster.bounds(), pickable=False)
    layer.image = map_raster.png_data_url(rgba)  # after construction: not an accessor
    return layer


PLACE_LINE_PX = (2.2, 1.6)  # the places' outlines at city and district scope, and below


def place_line_px(scope: str, widths: tuple[float, float] = PLACE_LINE_PX) -> float:
    """The places' outline width in pixels at `scope` (widths: at city and district scope, and
    below)."""
    return widths[0] if len(scope) in (0, 6) else widths[1]


def drill_layers(
    scope: str,
    children: list[dict],
    scale: float = 1.0,
    widths: tuple[float, float] = PLACE_LINE_PX,
) -> list[pdk.Layer]:
    """The places one level down: faintly filled and clickable to drill down (id
    drill_layer_id(scope)), then their outlines (place-outlines, outline_layer). widths: the
    line's pixels at city and district scope, and below; times scale."""
    fill = pdk.Layer(
        "GeoJsonLayer",
        id=drill_layer_id(scope),
        data={"type": "FeatureCollection", "features": children},
        stroked=False,
        filled=True,
        get_fill_color=[255, 255, 255, 8],
        pickable=True,
        auto_highlight=True,
        highlight_color=[255, 255, 255, 48],
    )
    width = place_line_px(scope, widths) * scale
    return [fill, outline_layer("place-outlines", children, OUTLINE, width)]


def text_layer(layer_id: str, rows: list[dict], size: float, **settings) -> pdk.Layer:
    """Text at each row's "position", `size` pixels, in FONT_FAMILY with the glyphs the text
    needs (character_set "auto": Chinese names are not in deck.gl's default ASCII atlas);
    settings: the TextLayer's other properties (get_text, colours, anchors…); font_settings
    are laid over GLYPH_BUFFER."""
    font = {"buffer": GLYPH_BUFFER, **settings.pop("font_settings", {})}
    return pdk.Layer(
        "TextLayer",
        id=layer_id,
        data=rows,
        get_position="position",
        get_size=size,
        size_units=literal("pixels"),
        font_family=literal(FONT_FAMILY),
        character_set=literal("auto"),
        font_settings=font,
        pickable=False,
        **settings,
    )


def names_layer(rows: list[dict], size: float, *, on_light: bool = False) -> pdk.Layer:
    """The places' names (rows from place_labels), `size` pixels: white on a dark halo over the
    dark map, or (`on_light`, over pale fills) dark on a light halo."""
    return text_layer(
        "place-names",
        rows,
        size,
        get_text="text",
        get_color=LABEL_HALO if on_light else LABEL,
        font_settings={"sdf": True, "fontSize": 64},
        outline_width=3,
        outline_color=LABEL if on_light else LABEL_HALO,
        get_text_anchor=literal("middle"),
        get_alignment_baseline=literal("center"),
        get_pixel_offset="offset",
    )


def heat_picture(
    points: pl.DataFrame,
    level: int,
    view: pdk.ViewState,
    size: tuple[int, int],
    intensity_factor: float = 1.0,
    scale: float = 1.0,
) -> tuple[map_raster.Raster, np.ndarray]:
    """The heat of `points` (lon, lat, incidents: the weight) over the map `view` of `size`
    pixels plus a margin, with the radius and intensity of the scope level (digits of the
    scope's code): where it lies, and its RGBA cells (half the map's pixels). intensity_factor
    below 1 for smoother heat (a week's, say), never under 1."""
    radius = HEAT_RADIUS[level] * scale
    raster = map_raster.raster_for((view.longitude, view.latitude), view.zoom, size, 3 * radius)
    values = map_raster.density(
        raster,
        points["lon"].to_numpy(),
        points["lat"].to_numpy(),
        points["incidents"].to_numpy(),
        radius,
    )
    rgba = map_raster.colour(
        values,
        max(1.0, HEAT_INTENSITY[level] * intensity_factor),
        HEAT_COLORS,
        HEAT_THRESHOLD,
        HEAT_OPACITY,
    )
    return raster, rgba


def heat_layer(
    points: pl.DataFrame,
    level: int,
    view: pdk.ViewState,
    size: tuple[int, int],
    intensity_factor: float = 1.0,
    scale: float = 1.0,
) -> pdk.Layer:
    """Incident heat from `points` (lon, lat, incidents: the weight) as one image drawn on the
    server (heat_picture) for the map `view` of `size` pixels."""
    raster, rgba = heat_picture(points, level, view, size, intensity_factor, scale)
    layer = pdk.Layer("BitmapLayer", id="heat", bounds=raster.bounds(), pickable=False)
    # Set after construction: pydeck would read a string argument as an accessor expression.
    layer.image = map_raster.png_data_url(rgba)
    return layer
