"""The /workload page's map: an offline pydeck map of a measure per worker by grid (no
basemap, our own grid outlines; dashboard.geo.map_layers) — the grids as one picture drawn on
the server with hover targets at their centres, or the places one level down coloured — and
its legend, every text in the chosen language."""

from __future__ import annotations

from html import escape

import numpy as np
import polars as pl
import pydeck as pdk

from dashboard.analysis.workload_analysis import GridShapes, grid_shapes, map_by_place
from dashboard.analysis.workload_figures import fmt, measure_label
from dashboard.core.i18n import t
from dashboard.core.romanise import place_name
from dashboard.data.catalog import Catalog
from dashboard.geo import map_labels, map_layers, map_raster, maps

NO_WORKER = [120, 128, 140, 200]  # grids without a worker in the window
GRID_LINE = [13, 22, 36, 160]  # between neighbouring grids
DOT_RADIUS_PX = 2.2  # a grid's dot where the scope is drawn as centres (the city: 8,967 grids)
TIP_RADIUS_PX = 7  # the invisible hover target at each grid's centre
PICTURE_MARGIN_PX = 40


def classes(values: np.ndarray, n: int = len(map_layers.HEAT_COLORS)) -> np.ndarray:
    """Class breaks: n quantile classes of the values (fewer where values repeat)."""
    if values.size == 0:
        return np.empty(0)
    breaks = np.unique(np.quantile(values, np.linspace(0, 1, n + 1)))
    # Every value the same (one worker, say): one class from that value to itself.
    return breaks if breaks.size > 1 else np.repeat(breaks, 2)


def legend(breaks: np.ndarray, measure: str) -> list[tuple[str, str]]:
    """The map legend: (CSS colour, value range) per class."""
    out = []
    colours = _class_colours(len(breaks) - 1)
    for i in range(len(breaks) - 1):
        r, g, b = colours[i]
        out.append(
            (f"rgb({r},{g},{b})", f"{fmt(breaks[i], measure)} – {fmt(breaks[i + 1], measure)}")
        )
    return out


def _class_colours(n: int) -> list[list[int]]:
    """n colours spread over the map's cool-to-hot scale."""
    if n <= 0:
        return []
    idx = np.linspace(0, len(map_layers.HEAT_COLORS) - 1, n).round().astype(int)
    return [map_layers.HEAT_COLORS[i] for i in idx]


def grid_deck(
    shapes: GridShapes,
    outlines: maps.Outlines,
    values: pl.DataFrame,
    measure: str,
    lang: str,
    *,
    size: tuple[int, int] = (820, 600),
) -> tuple[pdk.Deck, np.ndarray]:
    """The workload map: each grid (its outline, or its centre where the scope has many grids)
    coloured by `values` (grid_values(): mean of the measure over the grid's workers) in quantile
    classes; grids without a worker grey; the scope's places outlined. Returns the deck and the
    class breaks (for the legend). No basemap: nothing leaves the machine.

    The coloured grids are one picture drawn on the server (map_raster), not thousands of
    shapes; where the scope has outlines (≤ MAX_GRID_POLYGONS grids) an invisible dot at each
    grid's centre carries the tooltip: n (name), c (code), v (value as shown), w (workers)."""
    rows = shapes.grids.join(values, on="grid_code", how="left")
    v = rows["value"].to_numpy().astype(float)
    known = ~np.isnan(v)
    breaks = classes(v[known])
    colours = _class_colours(len(breaks) - 1)
    cls = np.clip(np.searchsorted(breaks, v, side="right") - 1, 0, max(len(colours) - 1, 0))
    fills = [
        [*colours[c], 215] if k and colours else NO_WORKER for c, k in zip(cls, known, strict=True)
    ]
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
    return map_layers.offline_deck(layers, view, tooltip), breaks


def place_deck(
    outlines: maps.Outlines,
    values: pl.DataFrame,
    measure: str,
    lang: str,
    *,
    size: tuple[int, int] = (820, 600),
) -> tuple[pdk.Deck, np.ndarray]:
    """The workload map of a city or a district: each place one level down (outlines.children)
    filled by `values` (place_values(): mean of the measure over the place's workers) in
    quantile classes, grey where no worker; names written, a tooltip per place. Thousands of
    grid dots would be confetti at this scale. Returns the deck and the class breaks."""
    value_of = {c: (v, n) for c, v, n in values.select("code", "value", "workers").iter_rows()}
    v = np.array(
        [value_of.get(f["properties"]["code"], (np.nan, 0))[0] for f in outlines.children],
        dtype=float,
    )
    known = ~np.isnan(v)
    breaks = classes(v[known])
    colours = _class_colours(len(breaks) - 1)
    cls = np.clip(np.searchsorted(breaks, v, side="right") - 1, 0, max(len(colours) - 1, 0))
    no_worker = t("wl_map_no_worker", lang)
    features = []
    for f, c, k, value in zip(outlines.children, cls, known, v, strict=True):
        code = f["properties"]["code"]
        features.append(
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {
                    **f["properties"],
                    "fill": [*colours[c], 215] if k and colours else NO_WORKER,
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
            get_line_color=map_layers.OUTLINE,
            line_width_units=map_layers.literal("pixels"),
            get_line_width=1.6,
            pickable=True,
            auto_highlight=True,
            highlight_color=[255, 255, 255, 60],
        ),
    ]
    names = map_labels.place_labels(outlines.labels, view, 15)
    if names:
        layers.append(map_layers.names_layer(names, 15))
    tooltip = map_layers.tooltip(
        map_layers.name_html(lang) + f'<div style="opacity:.7">{t("map_code", lang)} {{code}}</div>'
        f"<div>{measure_label(measure, lang)}: <b>{{v}}</b></div>"
        f"<div>{t('wl_map_workers', lang)}: {{w}}</div>"
    )
    return map_layers.offline_deck(layers, view, tooltip), breaks


def grid_map(
    cat: Catalog, values: pl.DataFrame, measure: str, lang: str
) -> tuple[pdk.Deck, np.ndarray]:
    """The workload map of the catalog's scope — place_deck for a city or a district (values
    from place_values at the level below), else grid_deck (values from grid_values) — from the
    shapes and outlines cached per data version and scope; for shell.figure, so every session
    showing the same view shares it."""
    if map_by_place(cat.scope):
        return place_deck(maps.outlines(cat, lang), values, measure, lang)
    return grid_deck(grid_shapes(cat), maps.outlines(cat, lang), values, measure, lang)


def _outer_rings(geometry: dict) -> list[np.ndarray]:
    """The outer rings of a GeoJSON Polygon or MultiPolygon, as arrays of (lon, lat) rows."""
    if geometry["type"] == "Polygon":
        return [np.asarray(geometry["coordinates"][0], dtype=np.float64)]
    return [np.asarray(p[0], dtype=np.float64) for p in geometry["coordinates"]]


def legend_html(breaks: np.ndarray, measure: str, lang: str) -> str:
    """The map's legend as a line of colour chips with their value ranges (HTML, escaped)."""
    chip = (
        '<span style="display:inline-flex;align-items:center;gap:4px;margin-right:12px">'
        '<span style="width:14px;height:14px;border-radius:3px;background:{c}"></span>'
        "{text}</span>"
    )
    r, g, b, _ = NO_WORKER
    parts = [chip.format(c=c, text=escape(text)) for c, text in legend(breaks, measure)]
    parts.append(chip.format(c=f"rgb({r},{g},{b})", text=escape(t("wl_map_no_worker", lang))))
    title = escape(measure_label(measure, lang))
    colon = "：" if lang == "zh" else ": "
    return (
        f'<div style="font-size:0.85rem;line-height:1.9"><b>{title}</b>{colon}'
        + "".join(parts)
        + "</div>"
    )
