"""The /workload page's map: an offline pydeck map of a measure per worker by grid (no
basemap, our own grid outlines; dashboard.geo.map_layers) — the grids as one picture drawn on
the server with hover targets at their centres, or the places one level down coloured — and
its legend, every text in the chosen language. The page shows the deck drawn as SVG
(`grid_map_svg`, dashboard.geo.deck_svg): no WebGL to start."""

from __future__ import annotations

from html import escape
from itertools import pairwise

import numpy as np
import polars as pl
import pydeck as pdk

from dashboard.analysis.workload_analysis import GridShapes, grid_shapes, map_by_place
from dashboard.analysis.workload_figures import fmt, fmt_stat, measure_label, stat_decimals
from dashboard.core.i18n import t
from dashboard.core.romanise import place_name
from dashboard.data.catalog import Catalog
from dashboard.geo import deck_svg, map_labels, map_layers, map_raster
from dashboard.geo import outlines as geo_outlines  # `outlines` is place_deck's argument

NO_WORKER = [120, 128, 140, 200]  # grids without a worker in the window
FILL_ALPHA = 235  # the classes' fill: nearly opaque, so the colours read as their legend's
GRID_LINE = [13, 22, 36, 160]  # between neighbouring grids
DOT_RADIUS_PX = 2.2  # a grid's dot where the scope is drawn as centres (the city: 8,967 grids)
TIP_RADIUS_PX = 7  # the invisible hover target at each grid's centre
PICTURE_MARGIN_PX = 40
MAP_SIZE = (820, 600)  # the map's pixels: its view is fitted to them


# Classes by how far a place's value lies from the scope's mean per worker (the page's tile), as
# factors symmetric on a log scale: within ×/÷1.1 (about ±10 %) is the middle class, beyond
# ×/÷2 (the factor of the page's over- and under-loaded fences, which are around the median of
# single workers) the ends. Quantile classes made a spread of 5 % between districts look like
# alarm against calm; these show it as one colour.
BAND_FACTORS = (1 / 2, 2 / 3, 1 / 1.1, 1.1, 3 / 2, 2)
# Purple below the mean, neutral near it, orange above (ColorBrewer PuOr, 7 classes): a
# workload is neither good nor bad high or low, so no red for alarm.
BAND_COLORS = [
    [84, 39, 136],
    [153, 142, 195],
    [216, 218, 235],
    [247, 247, 247],
    [254, 224, 182],
    [241, 163, 64],
    [179, 88, 6],
]


def band_edges(reference: float | None) -> np.ndarray:
    """The six inner class edges: the scope's mean per worker `reference` times BAND_FACTORS;
    empty where there is no positive mean to compare with (every value then in the middle)."""
    if reference is None or not np.isfinite(reference) or reference <= 0:
        return np.empty(0)
    return reference * np.asarray(BAND_FACTORS)


def band_of(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Each value's class, 0 … 6: how many edges lie at or below it (the middle class, 3, for
    all where there are no edges)."""
    if edges.size == 0:
        return np.full(values.shape, len(BAND_FACTORS) // 2)
    return np.searchsorted(edges, values, side="right")


def legend(edges: np.ndarray, measure: str) -> list[tuple[str, str]]:
    """The map legend: (CSS colour, value range) per class, lowest first; where there are no
    edges (no worker, or every one at 0), the middle class alone, labelled 0."""
    if edges.size == 0:
        return [(on_map([*BAND_COLORS[len(BAND_FACTORS) // 2], FILL_ALPHA]), fmt(0.0, measure))]
    d = stat_decimals(edges, measure)  # the same decimals on every chip
    texts = [f"< {fmt(edges[0], decimals=d)}"]
    texts += [f"{fmt(lo, decimals=d)} – {fmt(hi, decimals=d)}" for lo, hi in pairwise(edges)]
    texts.append(f"≥ {fmt(edges[-1], decimals=d)}")
    return [(on_map([*c, FILL_ALPHA]), text) for c, text in zip(BAND_COLORS, texts, strict=True)]


def _fills(values: np.ndarray, known: np.ndarray, edges: np.ndarray) -> list[list[int]]:
    """RGBA per value: its class colour, NO_WORKER where unknown."""
    cls = band_of(np.where(known, values, 0.0), edges)
    return [
        [*BAND_COLORS[c], FILL_ALPHA] if k else NO_WORKER for c, k in zip(cls, known, strict=True)
    ]


def on_map(rgba: list[int]) -> str:
    """A fill's CSS colour as the map shows it, laid over its dark background: the legend's
    chip matches what is drawn (the pale middle class at 215/255 showed as a mid-grey that no
    chip had, and read as "no data")."""
    a = rgba[3] / 255 if len(rgba) > 3 else 1.0
    under = map_layers.BACKGROUND[:3]
    r, g, b = (round(c * a + bg * (1 - a)) for c, bg in zip(rgba[:3], under, strict=True))
    return f"rgb({r},{g},{b})"


def grid_deck(
    shapes: GridShapes,
    outlines: map_layers.Outlines,
    values: pl.DataFrame,
    measure: str,
    lang: str,
    reference: float | None,
    *,
    size: tuple[int, int] = MAP_SIZE,
) -> pdk.Deck:
    """The workload map: each grid (its outline, or its centre where the scope has many grids)
    coloured by `values` (grid_values(): mean of the measure over the grid's workers) in the
    classes of band_edges(reference), `reference` the scope's mean per worker; grids without a
    worker grey; the scope's places outlined. No basemap: nothing leaves the machine.

    The coloured grids are one picture drawn on the server (map_raster), not thousands of
    shapes; where the scope has outlines (≤ MAX_GRID_POLYGONS grids) an invisible dot at each
    grid's centre carries the tooltip: n (name), c (code), v (value as shown), w (workers)."""
    rows = shapes.grids.join(values, on="grid_code", how="left")
    v = rows["value"].to_numpy().astype(float)
    known = ~np.isnan(v)
    fills = _fills(v, known, band_edges(reference))
    view = map_layers.fit_view(outlines.bbox, size)
    raster = map_raster.raster_for(
        (view.longitude, view.latitude), view.zoom, size, PICTURE_MARGIN_PX, cell=1
    )
    if shapes.geometry is not None:
        rings = [_outer_rings(shapes.geometry[code]) for code in rows["grid_code"]]
        rgba = map_raster.polygons(raster, rings, fills, outline=GRID_LINE)
    else:
        rgba = map_raster.dots(
            raster, rows["lon"].to_numpy(), rows["lat"].to_numpy(), fills, DOT_RADIUS_PX
        )
    picture = pdk.Layer("BitmapLayer", id="workload-grids", bounds=raster.bounds(), pickable=False)
    picture.image = map_raster.png_data_url(rgba)  # after construction: not an accessor
    layers = [picture]
    if shapes.geometry is not None:
        # Short keys and the unit in the tooltip, not in every row: 2,000 grids stay ~200 KB.
        no_worker = t("wl_map_no_worker", lang)
        data = [
            {
                "p": [round(lon, 4), round(lat, 4)],
                "c": code,
                "n": place_name(name, lang),
                "z": name,
                "w": int(n or 0),
                "v": fmt(value, measure) if k else no_worker,
            }
            for (code, name, lon, lat, value, n), k in zip(
                rows.select("grid_code", "grid_name", "lon", "lat", "value", "workers").iter_rows(),
                known,
                strict=True,
            )
        ]
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                id="workload-grid-tips",
                data=data,
                get_position="p",
                get_fill_color=[0, 0, 0, 0],
                get_radius=TIP_RADIUS_PX,
                radius_units=map_layers.literal("pixels"),
                pickable=True,
                auto_highlight=True,
                highlight_color=[255, 255, 255, 120],
            )
        )
        tooltip = map_layers.tooltip(
            map_layers.name_html(lang, "n", "z")
            + f'<div style="opacity:.7">{t("map_code", lang)} {{c}}</div>'
            f"<div>{measure_label(measure, lang)}: <b>{{v}}</b></div>"
            f"<div>{t('wl_map_workers', lang)}: {{w}}</div>"
        )
    else:
        tooltip = False
    layers.append(
        map_layers.outline_layer("workload-places", outlines.children, map_layers.OUTLINE, 1.6)
    )
    return map_layers.offline_deck(layers, view, tooltip)


def place_deck(
    outlines: map_layers.Outlines,
    values: pl.DataFrame,
    measure: str,
    lang: str,
    reference: float | None,
    *,
    size: tuple[int, int] = MAP_SIZE,
) -> pdk.Deck:
    """The workload map of a city or a district: each place one level down (outlines.children)
    filled by `values` (place_values(): mean of the measure over the place's workers) in the
    classes of band_edges(reference), grey where no worker; names written, a tooltip per place.
    Thousands of grid dots would be confetti at this scale."""
    value_of = {c: (v, n) for c, v, n in values.select("code", "value", "workers").iter_rows()}
    v = np.array(
        [value_of.get(f["properties"]["code"], (np.nan, 0))[0] for f in outlines.children],
        dtype=float,
    )
    known = ~np.isnan(v)
    fills = _fills(v, known, band_edges(reference))
    no_worker = t("wl_map_no_worker", lang)
    features = []
    for f, fill, k, value in zip(outlines.children, fills, known, v, strict=True):
        code = f["properties"]["code"]
        features.append(
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {
                    **f["properties"],
                    "fill": fill,
                    "v": fmt(value, measure) if k else no_worker,
                    "w": int(value_of.get(code, (0, 0))[1]),
                },
            }
        )
    view = map_layers.fit_view(outlines.bbox, size)
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            id="workload-places-filled",
            data={"type": "FeatureCollection", "features": features},
            stroked=True,
            filled=True,
            get_fill_color="properties.fill",
            # dark between pale fills (the light outline of the other maps vanished there)
            get_line_color=map_layers.BACKGROUND,
            line_width_units=map_layers.literal("pixels"),
            get_line_width=1.6,
            pickable=True,
            auto_highlight=True,
            highlight_color=[255, 255, 255, 60],
        ),
    ]
    names = map_labels.place_labels(outlines.labels, view, 15)
    if names:
        # Most fills are pale (the middle classes): dark names read better on them.
        layers.append(map_layers.names_layer(names, 15, on_light=True))
    tooltip = map_layers.tooltip(
        map_layers.name_html(lang) + f'<div style="opacity:.7">{t("map_code", lang)} {{code}}</div>'
        f"<div>{measure_label(measure, lang)}: <b>{{v}}</b></div>"
        f"<div>{t('wl_map_workers', lang)}: {{w}}</div>"
    )
    return map_layers.offline_deck(layers, view, tooltip)


def grid_map(
    cat: Catalog, values: pl.DataFrame, measure: str, lang: str, reference: float | None
) -> pdk.Deck:
    """The workload map of the catalog's scope — place_deck for a city or a district (values
    from place_values at the level below), else grid_deck (values from grid_values), classed
    around `reference`, the scope's mean per worker — from the shapes and outlines cached per
    data version and scope; for shell.figure, so every session showing the same view shares it."""
    if map_by_place(cat.scope):
        return place_deck(geo_outlines.outlines(cat, lang), values, measure, lang, reference)
    return grid_deck(
        grid_shapes(cat), geo_outlines.outlines(cat, lang), values, measure, lang, reference
    )


def grid_map_svg(
    cat: Catalog, values: pl.DataFrame, measure: str, lang: str, reference: float | None
) -> str:
    """grid_map (same arguments) drawn as one SVG document of MAP_SIZE pixels, its places and
    grids hoverable and clickable (dashboard.geo.deck_svg); for shell.figure."""
    return deck_svg.svg(grid_map(cat, values, measure, lang, reference), MAP_SIZE)


def _outer_rings(geometry: dict) -> list[np.ndarray]:
    """The outer rings of a GeoJSON Polygon or MultiPolygon, as arrays of (lon, lat) rows."""
    if geometry["type"] == "Polygon":
        return [np.asarray(geometry["coordinates"][0], dtype=np.float64)]
    return [np.asarray(p[0], dtype=np.float64) for p in geometry["coordinates"]]


def legend_html(reference: float | None, measure: str, lang: str) -> str:
    """The map's legend as a line of colour chips with their value ranges, around the scope's
    mean per worker `reference` (HTML, escaped)."""
    chip = (
        '<span style="display:inline-flex;align-items:center;gap:4px;margin-right:12px">'
        '<span style="width:14px;height:14px;border-radius:3px;background:{c}"></span>'
        "{text}</span>"
    )
    edges = band_edges(reference)
    parts = [chip.format(c=c, text=escape(text)) for c, text in legend(edges, measure)]
    parts.append(chip.format(c=on_map(NO_WORKER), text=escape(t("wl_map_no_worker", lang))))
    title = escape(measure_label(measure, lang))
    if edges.size:
        title += escape(t("wl_map_legend_around", lang, mean=fmt_stat(reference, measure)))
    colon = "：" if lang == "zh" else ": "
    return (
        f'<div style="font-size:0.85rem;line-height:1.9"><b>{title}</b>{colon}'
        + "".join(parts)
        + "</div>"
    )


def range_note(values: pl.DataFrame, measure: str, lang: str) -> str:
    """A sentence on how far apart the map's values are (lowest, highest, and the highest over
    the lowest in %), so that neighbouring classes are read for what they are; empty without
    values."""
    v = values["value"].drop_nulls().drop_nans() if values.height else values["value"]
    if v.is_empty():
        return ""
    low, high = float(v.min()), float(v.max())
    d = stat_decimals([low, high], measure)
    low_text, high_text = fmt(low, decimals=d), fmt(high, decimals=d)
    if low <= 0:
        return t("wl_map_range", lang, low=low_text, high=high_text)
    if high >= 2 * low:  # "5.8 times", not "480.7 % apart"
        key, apart = "wl_map_range_times", f"{high / low:.1f}"
    else:
        key, apart = "wl_map_range_pct", f"{100 * (high / low - 1):.1f}%"
    return t(key, lang, low=low_text, high=high_text, apart=apart)
