"""The /workload page's charts and map: plotly figures in the house style (figures.layout) and
an offline pydeck map (no basemap, our own grid outlines; dashboard.geo.map_layers), every text in the
chosen language."""

from __future__ import annotations

from html import escape

import numpy as np
import plotly.graph_objects as go
import polars as pl
import pydeck as pdk
from plotly.subplots import make_subplots

from dashboard.analysis.workload_analysis import (
    DECIMALS,
    MEASURES,
    Fences,
    GridShapes,
    Spread,
    box_summary,
    grid_shapes,
    map_by_place,
)
from dashboard.charts import figures
from dashboard.core.i18n import t
from dashboard.core.romanise import place_name
from dashboard.data.catalog import Catalog
from dashboard.geo import map_layers, map_raster, maps

EMPLOYMENT_COLOURS = {"full_time": figures.BLUE, "part_time": figures.ORANGE}


def measure_label(measure: str, lang: str) -> str:
    """The measure's name with its unit, e.g. 巡查时长（分钟/在岗日）."""
    return t(
        "wl_axis", lang, label=t(f"wl_measure_{measure}", lang), unit=t(f"wl_unit_{measure}", lang)
    )


def fmt(value: float | None, measure: str | None = None, decimals: int | None = None) -> str:
    """A number as shown on the page: thousands separators, the measure's decimals."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    d = decimals if decimals is not None else DECIMALS.get(measure or "", 0)
    return f"{value:,.{d}f}"


def histogram(
    workers: pl.DataFrame,
    measure: str,
    lang: str,
    *,
    median: float | None,
    fence: Fences | None,
    height: int = 380,
) -> go.Figure:
    """Workers per value of `measure`, stacked by employment (full-time, part-time), with the
    median and the over- and under-load lines (twice and half the median) marked. Counted here (histogram_bins), so the
    browser gets one bar per bin, not a value per worker."""
    x_all = workers[measure].to_numpy().astype(float)
    fig = go.Figure()
    if x_all.size:
        edges = histogram_edges(x_all)
        centres, width = (edges[:-1] + edges[1:]) / 2, float(edges[1] - edges[0])
        ranges = [
            f"{fmt(a, measure)} – {fmt(b, measure)}"
            for a, b in zip(edges[:-1], edges[1:], strict=True)
        ]
        for kind, colour in EMPLOYMENT_COLOURS.items():
            part = workers.filter(pl.col("employment") == kind)[measure].to_numpy().astype(float)
            if part.size:
                name = t(f"wl_employment_{kind}", lang)
                fig.add_trace(
                    go.Bar(
                        x=centres,
                        y=np.histogram(part, bins=edges)[0],
                        width=width,
                        name=name,
                        marker_color=colour,
                        opacity=0.85,
                        customdata=ranges,
                        hovertemplate=f"{name}<br>%{{customdata}}: %{{y}}<extra></extra>",
                    )
                )
    marks = [(median, t("wl_median", lang, v=fmt(median, measure)), figures.GREEN, "dash")]
    if fence is not None and fence.high > fence.low:  # no spread, no fences to mark
        marks += [
            (fence.high, t("wl_fence_high", lang, v=fmt(fence.high, measure)), figures.RED, "dot")
        ]
        if fence.low > 0:  # a fence below zero marks nothing
            marks.append(
                (fence.low, t("wl_fence_low", lang, v=fmt(fence.low, measure)), figures.RED, "dot")
            )
    for i, (x, text, colour, dash) in enumerate(marks):
        if x is not None:
            fig.add_vline(
                x=x,
                line={"color": colour, "width": 1.5, "dash": dash},
                annotation_text=text,
                annotation_position="top right",
                annotation_yshift=-18 * i,
                annotation_font_color=colour,
                annotation_bgcolor="rgba(255,255,255,0.85)",
            )
    fig.update_layout(barmode="stack", bargap=0.05, hovermode="closest")
    figures.layout(
        fig,
        t("wl_chart_hist_title", lang, measure=t(f"wl_measure_{measure}", lang)),
        measure_label(measure, lang),
        t("wl_axis_workers", lang),
        dark=False,
        scale=1.0,
        height=height,
    )
    return figures.count_axis(fig)


def histogram_edges(values: np.ndarray) -> np.ndarray:
    """Equal-width bin edges over the values: about two bins per √n, 5 … 40 (a few workers get a
    few wide bars, not slivers); the last edge just past the largest value, so it is counted."""
    lo, hi = float(values.min()), float(values.max())
    n = int(np.clip(2 * np.sqrt(values.size), 5, 40))
    size = (hi - lo) / n if hi > lo else 1.0
    return lo + size * np.arange(n + 2)


def lorenz(spread: Spread, measure: str, lang: str, *, height: int = 380) -> go.Figure:
    """The Lorenz curve of `measure` over the workers (stats.lorenz) against the line of
    equality, the Gini coefficient in the title."""
    name = t(f"wl_measure_{measure}", lang)
    fig = go.Figure(
        [
            go.Scatter(
                x=[0, 1],
                y=[0, 1],
                mode="lines",
                name=t("wl_series_equality", lang),
                line={"color": figures.GREY, "dash": "dot", "width": 1.5},
                hoverinfo="skip",
            ),
            go.Scatter(
                x=spread.population_share,
                y=spread.value_share,
                mode="lines",
                name=t("wl_series_lorenz", lang),
                fill="tonexty",
                fillcolor="rgba(0,114,178,0.12)",
                line={"color": figures.BLUE, "width": 2.5},
            ),
        ]
    )
    title = t("wl_chart_lorenz_title", lang, measure=name, gini=fmt(spread.gini, decimals=3))
    figures.layout(
        fig,
        title,
        t("wl_axis_worker_share", lang),
        t("wl_axis_value_share", lang, measure=name),
        dark=False,
        scale=1.0,
        height=height,
    )
    fig.update_xaxes(range=[0, 1], tickformat=".0%")
    fig.update_yaxes(range=[0, 1], tickformat=".0%")
    fig.update_layout(
        hovermode="closest",
        legend={"x": 0.02, "xanchor": "left", "y": 0.98, "yanchor": "top", "orientation": "v"},
    )
    return fig


def boxes(workers: pl.DataFrame, lang: str, *, height: int = 360) -> go.Figure:
    """One box plot per measure (each its own axis and unit), full-time and part-time workers
    side by side; whiskers at 1.5·IQR, workers beyond them drawn as points. The boxes are drawn
    from workload_analysis.box_summary (five numbers and the outliers), not from every worker's
    value: the page stays small at 8,650 workers."""
    fig = make_subplots(
        rows=1,
        cols=len(MEASURES),
        horizontal_spacing=0.06,
        subplot_titles=[t(f"wl_measure_{m}", lang) for m in MEASURES],
    )
    for col, measure in enumerate(MEASURES, start=1):
        for kind, colour in EMPLOYMENT_COLOURS.items():
            name = t(f"wl_employment_{kind}", lang)
            box = box_summary(workers.filter(pl.col("employment") == kind)[measure].to_numpy())
            if box is None:
                continue
            fig.add_trace(
                go.Box(
                    x=[name],
                    q1=[box.q1],
                    median=[box.median],
                    q3=[box.q3],
                    lowerfence=[box.lower_whisker],
                    upperfence=[box.upper_whisker],
                    name=name,
                    marker={"color": colour},
                    line={"width": 1.4},
                    legendgroup=kind,
                    showlegend=col == 1,
                ),
                row=1,
                col=col,
            )
            if box.outliers:
                fig.add_trace(
                    go.Scatter(
                        x=[name] * len(box.outliers),
                        y=list(box.outliers),
                        mode="markers",
                        name=name,
                        legendgroup=kind,
                        showlegend=False,
                        hoverinfo="y",
                        marker={"color": colour, "size": 3, "opacity": 0.5},
                    ),
                    row=1,
                    col=col,
                )
        fig.update_yaxes(title_text=t(f"wl_unit_{measure}", lang), row=1, col=col, title_standoff=4)
    figures.layout(
        fig, t("wl_chart_boxes_title", lang), "", "", dark=False, scale=1.0, height=height
    )
    fig.update_xaxes(showticklabels=False)
    # _layout set the y title on the first axis only; put each measure's unit back.
    for col, measure in enumerate(MEASURES, start=1):
        fig.update_yaxes(title_text=t(f"wl_unit_{measure}", lang), row=1, col=col)
    fig.update_annotations(font_size=13)
    # The legend below the boxes: above, it would cover the last measure's title.
    fig.update_layout(
        hovermode="closest",
        margin={"t": 90, "b": 40},
        legend={"y": -0.06, "yanchor": "top", "x": 0.5, "xanchor": "center"},
    )
    return fig


def coverage(days: pl.DataFrame, lang: str, *, height: int = 340) -> go.Figure:
    """Daily grid coverage (grids patrolled ÷ all grids in scope) and its 7-day mean."""
    fig = go.Figure(
        [
            go.Scatter(
                x=days["day"].to_list(),
                y=days["share"].to_list(),
                name=t("wl_series_coverage_daily", lang),
                mode="lines+markers" if days.height <= 60 else "lines",
                line={"color": figures.BLUE, "width": 1.2},
                marker={"size": 4},
                opacity=1.0 if days.height <= 60 else 0.45,
            ),
            go.Scatter(
                x=days["day"].to_list(),
                y=days["share_7d"].to_list(),
                name=t("wl_series_coverage_7d", lang),
                mode="lines",
                line={"color": figures.ORANGE, "width": 2.5},
            ),
        ]
    )
    fig.update_xaxes(tickformat="%m-%d", hoverformat="%Y-%m-%d")
    figures.layout(
        fig,
        t("wl_chart_coverage_title", lang),
        t("axis_day", lang),
        t("wl_axis_coverage", lang),
        dark=False,
        scale=1.0,
        height=height,
    )
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%")
    return fig


def vacant(days: pl.DataFrame, lang: str, *, height: int = 340) -> go.Figure:
    """Grids without an active grid worker at each day of the window."""
    fig = go.Figure(
        go.Bar(
            x=days["day"].to_list(),
            y=days["grids_without_worker"].to_list(),
            name=t("wl_series_vacant", lang),
            marker_color=figures.RED,
        )
    )
    fig.update_xaxes(tickformat="%m-%d", hoverformat="%Y-%m-%d")
    figures.layout(
        fig,
        t("wl_chart_vacant_title", lang),
        t("axis_day", lang),
        t("wl_axis_grids", lang),
        dark=False,
        scale=1.0,
        height=height,
    )
    fig.update_layout(showlegend=False)
    return figures.count_axis(fig)  # whole grids: no 0.2-grid ticks when the counts are small


# -- the map -------------------------------------------------------------------------------------

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
    names = map_layers.place_labels(outlines.labels, view, 15)
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
