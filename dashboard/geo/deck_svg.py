"""A map's deck drawn as SVG, for the browser to show without WebGL.

deck.gl on a machine without a GPU (this one, a thin client, many wall PCs) draws in software
WebGL: loading and starting it held the briefing's first frame ≈ 0.5 s warm and its painting
longer (docs/performance.md). The briefing's deck (dashboard.geo.maps) is made of layers an SVG
draws as well — pictures drawn on the server, straight lines, filled places and text — so
`svg(deck, size)` draws the same layers in the same order as one SVG document of `size` pixels:

| deck layer | drawn as |
| --- | --- |
| BitmapLayer (image, bounds) | `<image>` stretched over its bounds |
| LineLayer (s, t) | one `<path>` of straight segments |
| GeoJsonLayer | a `<path>` per feature, filled (one colour, or each feature's), stroked if the layer is; pickable: `class="pick"`, `data-code`, `data-tip` (the deck's tooltip filled in), focusable |
| ScatterplotLayer (radius in pixels) | a `<circle>` per row, pickable as above (the workload map's hover targets) |
| TextLayer | `<text>`, a line per `<tspan>`, in a halo |

A pickable shape's code is its property `code` (or `c`, the workload map's short key). Any other
layer (a HexagonLayer, say) raises ValueError: such a map needs deck.gl. The SVG
names no address (not even a namespace: it is put into the page's HTML, where `<svg>` needs
none); the pictures are the deck's data: URLs. Names and tooltips are escaped here.
The view is the deck's initial view (no panning: the briefing drills by click instead).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

import numpy as np
import pydeck as pdk

from dashboard.geo import map_raster
from dashboard.geo.map_layers import geometry_paths

# A text's halo on each side, as a share of its size: as the wall's picture writes them
# (dashboard.geo.wall_map): names 0.08, spike labels (the deck's thicker outline) 0.14.
HALO_SHARE = (0.08, 0.14)
LINE_HEIGHT = 1.2  # of a text's size, between the lines of a name on two lines
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_ANCHOR = {"start": "start", "middle": "middle", "end": "end"}


class Projection:
    """Longitude/latitude → the map's pixels (x right, y down from its top-left corner) for a
    view (longitude, latitude, zoom: Web Mercator, 512-pixel tiles) shown `size` pixels."""

    def __init__(self, view: Mapping[str, float], size: tuple[int, int]):
        cx, cy = map_raster.world_px(
            np.array([view["longitude"]]), np.array([view["latitude"]]), view["zoom"]
        )
        self.zoom = float(view["zoom"])
        self.left = float(cx[0]) - size[0] / 2
        self.top = float(cy[0]) - size[1] / 2

    def __call__(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x, y = map_raster.world_px(np.asarray(lon), np.asarray(lat), self.zoom)
        return x - self.left, y - self.top


def svg(deck: pdk.Deck, size: tuple[int, int]) -> str:
    """The deck's layers drawn as an SVG document of `size` (width, height) pixels, scaled to
    its container's width (viewBox). Its root carries `data-view` (longitude, latitude, zoom)."""
    spec = json.loads(deck.to_json())
    view = spec["initialViewState"]
    project = Projection(view, size)
    tooltip = getattr(deck, "_tooltip", None) or {}
    background = spec["views"][0].get("clearColor") if spec.get("views") else None
    width, height = size
    parts = [
        f'<svg viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="gd-map-svg" '
        f'data-view="{view["longitude"]},{view["latitude"]},{view["zoom"]}">'
    ]
    if background:
        parts.append(f'<rect width="{width}" height="{height}" fill="{_rgba(background)}"/>')
    for layer in spec["layers"]:
        kind = layer["@@type"]
        if kind == "BitmapLayer":
            parts.append(_bitmap(layer, project))
        elif kind == "LineLayer":
            parts.append(_lines(layer, project))
        elif kind == "GeoJsonLayer":
            parts.append(_places(layer, project, tooltip.get("html", "")))
        elif kind == "ScatterplotLayer":
            parts.append(_dots(layer, project, tooltip.get("html", "")))
        elif kind == "TextLayer":
            parts.append(_texts(layer, project))
        else:
            raise ValueError(
                f"layer {layer['id']!r}: expected a BitmapLayer, LineLayer, GeoJsonLayer, "
                f"ScatterplotLayer or TextLayer to draw as SVG, found a {kind} (it needs deck.gl)"
            )
    parts.append("</svg>")
    return "".join(parts)


def _rgba(colour: Sequence[float]) -> str:
    r, g, b = (int(c) for c in colour[:3])
    a = colour[3] / 255 if len(colour) > 3 else 1.0
    return f"rgba({r},{g},{b},{a:.3g})"


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _bitmap(layer: dict, project: Projection) -> str:
    west, south, east, north = layer["bounds"]
    x, y = project(np.array([west, east]), np.array([north, south]))
    return (
        f'<image id="{escape(layer["id"])}" href="{escape(layer["image"])}" '
        f'x="{_num(x[0])}" y="{_num(y[0])}" width="{_num(x[1] - x[0])}" '
        f'height="{_num(y[1] - y[0])}" preserveAspectRatio="none"/>'
    )


def _lines(layer: dict, project: Projection) -> str:
    rows = layer["data"]
    if not rows:
        return ""
    ends = np.array([[*r["s"][:2], *r["t"][:2]] for r in rows], dtype=np.float64)
    x0, y0 = project(ends[:, 0], ends[:, 1])
    x1, y1 = project(ends[:, 2], ends[:, 3])
    d = "".join(
        f"M{_num(a)} {_num(b)}L{_num(c)} {_num(e)}"
        for a, b, c, e in zip(x0, y0, x1, y1, strict=True)
    )
    return (
        f'<path id="{escape(layer["id"])}" d="{d}" fill="none" '
        f'stroke="{_rgba(layer["getColor"])}" stroke-width="{layer["getWidth"]}" '
        'stroke-linecap="round"/>'
    )


def _ring_path(ring: list, project: Projection) -> str:
    points = np.asarray(ring, dtype=np.float64)[:, :2]
    x, y = project(points[:, 0], points[:, 1])
    steps = [f"{_num(a)} {_num(b)}" for a, b in zip(x, y, strict=True)]
    return "M" + "L".join(steps) + "Z"


def fill_tip(template: str, properties: Mapping[str, Any]) -> str:
    """A deck tooltip's html with each {property} replaced by the feature's value, escaped (a
    placeholder the feature lacks is left empty)."""
    return _PLACEHOLDER.sub(lambda m: escape(str(properties.get(m.group(1), ""))), template)


def _pick(props: Mapping[str, Any], tip_html: str) -> str:
    """The attributes that make a shape hoverable and clickable: its code, name and tooltip."""
    code = props.get("code", props.get("c", ""))
    name = props.get("name", props.get("n", ""))
    return (
        f'class="pick" tabindex="0" role="button" data-code="{escape(str(code))}" '
        f'aria-label="{escape(str(name))}" data-tip="{escape(fill_tip(tip_html, props))}"'
    )


def _places(layer: dict, project: Projection, tip_html: str) -> str:
    pick = bool(layer.get("pickable"))
    fill = layer.get("getFillColor", [0, 0, 0, 0])
    each = isinstance(fill, str)  # an accessor: each feature its own colour
    shown = _rgba(layer.get("highlightColor", [255, 255, 255, 48]))
    group = f'<g id="{escape(layer["id"])}" style="--gd-hover:{shown}"'
    if not each:
        group += f' fill="{_rgba(fill)}"'
    if layer.get("stroked"):
        group += (
            f' stroke="{_rgba(layer.get("getLineColor", [0, 0, 0, 255]))}"'
            f' stroke-width="{layer.get("getLineWidth", 1)}" stroke-linejoin="round"'
        )
    out = [group + ">"]
    for feature in layer["data"]["features"]:
        d = "".join(_ring_path(r, project) for r in geometry_paths(feature["geometry"]))
        props = feature.get("properties", {})
        own = f' fill="{_rgba(_value(fill, feature))}"' if each else ""
        if not pick:
            out.append(f'<path d="{d}"{own}/>')
            continue
        out.append(f'<path {_pick(props, tip_html)} d="{d}"{own} fill-rule="evenodd"/>')
    out.append("</g>")
    return "".join(out)


def _dots(layer: dict, project: Projection, tip_html: str) -> str:
    rows = layer["data"]
    if not rows:
        return ""
    if layer.get("radiusUnits") != "pixels":
        raise ValueError(
            f"layer {layer['id']!r}: expected a ScatterplotLayer with its radius in pixels, "
            f"found radiusUnits {layer.get('radiusUnits')!r}"
        )
    fill = layer.get("getFillColor", [0, 0, 0, 255])
    radius = _num(float(layer.get("getRadius", 1)))
    shown = _rgba(layer.get("highlightColor", [255, 255, 255, 48]))
    pos = np.array([_value(layer["getPosition"], r)[:2] for r in rows], dtype=np.float64)
    xs, ys = project(pos[:, 0], pos[:, 1])
    out = [f'<g id="{escape(layer["id"])}" style="--gd-hover:{shown}">']
    for row, x, y in zip(rows, xs, ys, strict=True):
        attrs = _pick(row, tip_html) if layer.get("pickable") else ""
        out.append(
            f'<circle {attrs} cx="{_num(x)}" cy="{_num(y)}" r="{radius}" '
            f'fill="{_rgba(_value(fill, row))}"/>'
        )
    out.append("</g>")
    return "".join(out)


def _value(setting: Any, row: Mapping[str, Any]) -> Any:
    """A layer's setting for a row: an accessor ("@@=name", "@@=properties.fill") reads the
    row, else the literal."""
    if isinstance(setting, str) and setting.startswith("@@="):
        value: Any = row
        for key in setting[3:].split("."):
            value = value[key]
        return value
    return setting


def _texts(layer: dict, project: Projection) -> str:
    rows = layer["data"]
    if not rows:
        return ""
    size = float(layer["getSize"])
    font = layer.get("fontSettings", {})
    outline = float(layer.get("outlineWidth", 0)) / float(font.get("fontSize", 64))
    halo = size * (HALO_SHARE[1] if outline > 0.1 else HALO_SHARE[0])
    pos = np.array([_value(layer["getPosition"], r)[:2] for r in rows], dtype=np.float64)
    xs, ys = project(pos[:, 0], pos[:, 1])
    out = [
        f'<g id="{escape(layer["id"])}" font-size="{_num(size)}" '
        f'font-family="{escape(layer.get("fontFamily", "sans-serif"))}" '
        f'font-weight="{layer.get("fontWeight", 400)}" fill="{_rgba(layer["getColor"])}" '
        f'stroke="{_rgba(layer.get("outlineColor", [0, 0, 0, 255]))}" '
        f'stroke-width="{_num(2 * halo)}" stroke-linejoin="round" paint-order="stroke" '
        'dominant-baseline="central">'
    ]
    line = size * LINE_HEIGHT
    for row, x, y in zip(rows, xs, ys, strict=True):
        lines = str(_value(layer["getText"], row)).split("\n")
        dx, dy = _value(layer.get("getPixelOffset", [0, 0]), row)
        anchor = _ANCHOR[_value(layer.get("getTextAnchor", "middle"), row)]
        baseline = _value(layer.get("getAlignmentBaseline", "center"), row)
        # the first line's middle, so the block sits as the deck sets it against the point
        first = {
            "top": y + dy + line / 2,
            "center": y + dy - (len(lines) - 1) * line / 2,
            "bottom": y + dy - (len(lines) - 0.5) * line,
        }[baseline]
        spans = "".join(
            f'<tspan x="{_num(x + dx)}" y="{_num(first + i * line)}">{escape(text)}</tspan>'
            for i, text in enumerate(lines)
        )
        out.append(f'<text text-anchor="{anchor}">{spans}</text>')
    out.append("</g>")
    return "".join(out)
