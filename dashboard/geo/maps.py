"""The city map of the morning briefing: our own boundaries, incident heat and spike markers,
described as a pydeck deck with no basemap and shown as SVG (`svg`, dashboard.geo.deck_svg), so
the page makes no request outside the machine and starts no WebGL.

`deck(cat, as_of, …)` draws the catalog's scope:

| scope | outlines drawn (clickable ones first) |
| --- | --- |
| city ('') | the districts |
| district (6 digits) | its streets; its grids, thin |
| street (9) | its communities; its grids, thin |
| community (12), grid (16) | its grids |

The clickable outlines carry `code` and `name` in their GeoJSON properties and sit in a layer
whose id starts with `drill` (map_layers.drill_layers). In the SVG they are the shapes a click
reports (dashboard.app.place_map); on a map still drawn by deck.gl (/incidents' 3D columns)
`clicked_code(event)` reads the code back from what `st.pydeck_chart(..., on_select="rerun",
selection_mode="single-object")` returns.
The colours, the offline Deck, view fitting, label placement and the layers the other maps
share are in dashboard.geo.map_layers; the spike markers are drawn here only. What a map shows
is worked out once (`plan`) for its two drawings: the deck, and the wall's picture
(dashboard.geo.wall_map).

Incident heat is weighted from the aggregate `incidents_by_grid_day` at the grid centres (named
query `map_grid_incidents`), so the browser gets at most one point per grid (8,967), never raw
incidents. The outlines themselves — the places' boundaries, where their names go, where a spike
is marked — are built and cached in dashboard.geo.outlines; the heat and the grids' outline
pictures of a view are cached here. `clear_cache` empties both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import polars as pl
import pydeck as pdk

from dashboard.core.i18n import normalize_lang, t
from dashboard.core.romanise import path_en, place_en
from dashboard.core.shared_cache import SharedCache
from dashboard.data.catalog import Catalog
from dashboard.geo import deck_svg
from dashboard.geo.map_labels import place_labels
from dashboard.geo.map_layers import (
    COORD_DIGITS,
    DRILL_LAYER_PREFIX,
    SPIKE,
    SPIKE_HALO,
    Outlines,
    counted_children,
    drill_layers,
    fine_outline_layer,
    fit_view,
    heat_layer,
    incidents_tooltip,
    names_layer,
    offline_deck,
    rings_layer,
    text_layer,
    tooltip,
)
from dashboard.geo.outlines import LEVEL_DIGITS, outlines
from dashboard.geo.outlines import clear_cache as clear_outlines
from dashboard.measures.metrics import Spike

SPIKE_LABEL_OFFSET = 22  # pixels from the marker's centre to its label
SPIKE_FILL = [255, 77, 79, 60]  # inside a spike's ring
SPIKE_LINE_PX = 3  # the ring's width
SPIKE_RING_PX = 16  # the ring's radius

# The map's size on the briefing page (pixels), used to fit the view to the scope's extent.
# The briefing map's (width, height) in CSS pixels at 1920×1080: its column with the sidebar
# open, and the kiosk's right-hand column. The view is fitted to these, so a place is not cut off.
VIEWPORT = (860, 500)
KIOSK_VIEWPORT = (830, 520)


# The heat and the grids' outline pictures of a view, shared by every session (and every
# refresh) that shows it.
_HEAT: SharedCache[pdk.Layer] = SharedCache(64)
_FINE: SharedCache[pdk.Layer] = SharedCache(64)
# The briefing's map of a view as SVG (svg), shared likewise.
_SVG: SharedCache[str] = SharedCache(64)
# The style of the SVG map's tooltips: the deck's.
TIP_STYLE = tooltip("")["style"]


def clear_cache() -> None:
    """Forget the scopes' outlines (dashboard.geo.outlines), every view's heat and grid
    pictures and its SVG."""
    clear_outlines()
    for cache in (_HEAT, _FINE, _SVG):
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
    labels = shapes.labels
    if kiosk:
        # On the wall (24 px, read from afar) the short forms from the start: whole, the larger
        # places' two lines left the three smallest central districts no room (7 of 10 named in
        # English beside a spike; 9 of 10 short). The list beside the map names places whole.
        labels = tuple(replace(lb, text=lb.short or lb.text, short="") for lb in labels)
    label_rows = place_labels(
        labels,
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


def svg(
    cat: Catalog,
    as_of: date,
    *,
    window_days: int = 1,
    lang: str = "zh",
    spikes: Sequence[Spike] = (),
    size: tuple[int, int] | None = None,
) -> str:
    """The briefing's map (arguments as deck's) as one SVG document (deck_svg.svg: the deck's
    layers, its tooltips filled in per place), for the browser to draw without WebGL; drawn once
    per view and shared by the sessions that show it."""
    size = size or VIEWPORT
    marks = tuple((s.code, s.name, s.own_name, s.count, s.baseline) for s in spikes)

    def build() -> str:
        d = deck(cat, as_of, window_days=window_days, lang=lang, spikes=spikes, size=size)
        return deck_svg.svg(d, size)

    key = (cat.data_version, cat.scope, as_of, window_days, normalize_lang(lang), marks, size)
    return _SVG.get(key, build)


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
