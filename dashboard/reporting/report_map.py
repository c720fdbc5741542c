"""The weekly PDF's incidents map: the places one level below the report's scope (city →
districts, district → streets, street → communities, community → grids), each filled by its
incidents in the week, and labelled with its name and count.

A plotly figure, exported to SVG by kaleido with the report's other charts (nothing fetched: no
basemap, no geo projection). The outlines are dashboard.geo.outlines' GeoJSON (shapely unions of
the grids), drawn in a plane where a degree of longitude is cos(latitude) of a degree of latitude,
so shapes are not stretched. The axis ranges are set here, to the same scale on both axes, so a
label's place in pixels is known before plotly draws it: `place_labels` puts each label at its
place's inner point (map_layers.Label), or, where that would cover a label already placed, moves
it out along a leader line, largest place first; a label with no free spot is left off (the table
below the map lists every place).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboard.charts.figures import FONT

WIDTH = 900  # the SVG's width (pixels); the PDF prints it 180 mm wide
MAX_HEIGHT = 600
MIN_PLOT_HEIGHT = 300
MARGIN = {"l": 8, "r": 96, "t": 8, "b": 8}  # the colour bar sits in the right margin
PAD = 0.04  # share of the places' extent left free round them
LABEL_SIZE = 13  # pixels: about 7.4 pt at the PDF's scale
COLOURS = "OrRd"  # light for few incidents, dark red for many; readable in grey print
OUTLINE = "#55606e"
INK = "#1f2a37"
# Where a label may go, in pixels from its place's inner point: first on it, then further out.
RADII = (0, 18, 30, 44, 60, 78, 100, 125)
NEAR = 78  # spots up to this far are tried first, even covering other places' points
DIRECTIONS = 16


@dataclass(frozen=True)
class PlacedLabel:
    code: str
    text: str
    x: float  # the place's inner point (plot coordinates)
    y: float
    dx: float  # where the label's centre is, in pixels from (x, y); y down
    dy: float
    moved: bool  # the label no longer covers its point: a leader line joins them


@dataclass(frozen=True)
class Frame:
    """The plane the map is drawn in: x = (lon − lon0)·cos(lat0), y = lat; the axis ranges,
    and pixels per unit (the same on both axes)."""

    lon0: float
    cos_lat: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    plot_w: float
    plot_h: float

    def x(self, lon: float) -> float:
        return (lon - self.lon0) * self.cos_lat

    def px(self, x: float, y: float) -> tuple[float, float]:
        """Pixel position (from the figure's top-left) of a point of the plane."""
        per = self.plot_w / (self.x_range[1] - self.x_range[0])
        return (
            MARGIN["l"] + (x - self.x_range[0]) * per,
            MARGIN["t"] + (self.y_range[1] - y) * per,
        )

    @property
    def height(self) -> int:
        return round(self.plot_h + MARGIN["t"] + MARGIN["b"])


def _rings(feature: dict) -> list[list]:
    geom = feature["geometry"]
    polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


def frame_for(features: list[dict], width: int = WIDTH, max_height: int = MAX_HEIGHT) -> Frame:
    """The plane and ranges that show every feature, as tall as the places' shape asks, within
    max_height."""
    lons = [p[0] for f in features for ring in _rings(f) for p in ring] or [112.55]
    lats = [p[1] for f in features for ring in _rings(f) for p in ring] or [37.85]
    lon0, lat0 = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    cos_lat = math.cos(math.radians(lat0))
    dx = max((max(lons) - min(lons)) * cos_lat, 1e-6) * (1 + 2 * PAD)
    dy = max(max(lats) - min(lats), 1e-6) * (1 + 2 * PAD)
    plot_w = width - MARGIN["l"] - MARGIN["r"]
    plot_h = min(max(plot_w * dy / dx, MIN_PLOT_HEIGHT), max_height - MARGIN["t"] - MARGIN["b"])
    per = min(plot_w / dx, plot_h / dy)  # pixels per unit, the same both ways
    half_w, half_h = plot_w / per / 2, plot_h / per / 2
    return Frame(lon0, cos_lat, (-half_w, half_w), (lat0 - half_h, lat0 + half_h), plot_w, plot_h)


def text_width(text: str, size: float) -> float:
    """Pixels a line of text takes in the CJK font: a Chinese character is about `size` wide,
    a digit, letter or space about 0.58 of it."""
    return sum(size if ord(ch) > 0x2E80 else 0.58 * size for ch in text)


def _overlaps(box, boxes: np.ndarray) -> bool:
    """Whether `box` (x0, y0, x1, y1) overlaps any row of `boxes` (n × 4)."""
    return bool(
        np.any(
            (box[0] < boxes[:, 2])
            & (boxes[:, 0] < box[2])
            & (box[1] < boxes[:, 3])
            & (boxes[:, 1] < box[3])
        )
    )


def _crosses(starts: np.ndarray, ends: np.ndarray, boxes: np.ndarray) -> bool:
    """Whether any segment starts[i]–ends[i] (n × 2) passes through any box (m × 4), by
    Liang–Barsky clipping of every segment against every box."""
    if not len(starts) or not len(boxes):
        return False
    a, d = starts[:, None, :], (ends - starts)[:, None, :]
    lo, hi = np.zeros((len(starts), len(boxes))), np.ones((len(starts), len(boxes)))
    with np.errstate(divide="ignore", invalid="ignore"):
        for axis in (0, 1):
            p, q0, q1 = (
                d[..., axis],
                boxes[None, :, axis] - a[..., axis],
                boxes[None, :, axis + 2] - a[..., axis],
            )
            t0, t1 = np.minimum(q0 / p, q1 / p), np.maximum(q0 / p, q1 / p)
            parallel = p == 0
            outside = parallel & ((q0 > 0) | (q1 < 0))
            lo = np.where(parallel, np.where(outside, 2.0, lo), np.maximum(lo, t0))
            hi = np.where(parallel, hi, np.minimum(hi, t1))
    return bool(np.any(lo <= hi))


def _free(
    point, offset, size, bounds, taken: np.ndarray, leaders: np.ndarray, others: np.ndarray
) -> bool:
    """Whether a label `size` (w, h) centred at `offset` (dx, dy) pixels from its place's
    `point` lies inside `bounds` and covers no box in `taken`, no leader line (n × 4: start,
    end) and none of the points `others` (n × 2), and its own leader line (where it is moved
    off its point) crosses no box in `taken` (but one written over the point itself)."""
    (px, py), (dx, dy), (w, h) = point, offset, size
    box = (px + dx - w / 2, py + dy - h / 2, px + dx + w / 2, py + dy + h / 2)
    if not (
        box[0] >= bounds[0] and box[1] >= bounds[1] and box[2] <= bounds[2] and box[3] <= bounds[3]
    ):
        return False
    if _overlaps(box, taken) or _crosses(leaders[:, :2], leaders[:, 2:], np.array([box])):
        return False
    if abs(dx) > w / 2 or abs(dy) > h / 2:
        # A label already written over this place's point hides the leader's start anyway.
        clear = ~(
            (taken[:, 0] <= px) & (px <= taken[:, 2]) & (taken[:, 1] <= py) & (py <= taken[:, 3])
        )
        if _crosses(np.array([point]), np.array([(px + dx, py + dy)]), taken[clear]):
            return False
    inside = (
        (others[:, 0] >= box[0])
        & (others[:, 0] <= box[2])
        & (others[:, 1] >= box[1])
        & (others[:, 1] <= box[3])
    )
    return not bool(np.any(inside))


def place_labels(
    labels: list[tuple[str, str, float, float]], frame: Frame, size: float = LABEL_SIZE
) -> list[PlacedLabel]:
    """Where each label (code, text, lon, lat; the first placed first) is written: on its
    point where that covers no label placed before it, else at the nearest free spot round it
    (RADII × DIRECTIONS, nearer first, then pointing away from the map's centre), inside the
    plot, joined to its point by a leader line. A spot is free when its box covers no placed
    label or leader line and its own leader line crosses no placed label; among the spots up to
    NEAR pixels away, and then among those further, spots that also keep clear of the other
    places' points are tried first. Labels with no free spot are left out."""
    left, top = MARGIN["l"], MARGIN["t"]
    right, bottom = left + frame.plot_w, top + frame.plot_h
    cx, cy = (left + right) / 2, (top + bottom) / 2
    bounds = (left, top, right, bottom)
    points = np.array([frame.px(frame.x(lon), lat) for _, _, lon, lat in labels]).reshape(-1, 2)
    taken = np.empty((0, 4))
    leaders = np.empty((0, 4))
    nothing = np.empty((0, 2))
    out = []
    for i, (code, text, lon, lat) in enumerate(labels):
        px, py = points[i]
        others = np.delete(points, i, axis=0)
        w, h = text_width(text, size) + 8, size * 1.45 + 4
        outward = math.atan2(py - cy, px - cx)
        near, far = [], []
        for r in RADII[1:]:
            angles = sorted(
                (2 * math.pi * k / DIRECTIONS for k in range(DIRECTIONS)),
                key=lambda a: abs(math.remainder(a - outward, 2 * math.pi)),
            )
            # Sideways moves need room for half the label's width as well.
            (near if r <= NEAR else far).extend(
                (
                    math.cos(a) * (r + w / 2 * abs(math.cos(a))),
                    math.sin(a) * (r + h / 2 * abs(math.sin(a))),
                )
                for a in angles
            )

        # On its point if free; else moved near, first keeping clear of the other places'
        # points; else further out (a longer leader line).
        tries = [((0.0, 0.0), nothing)] + [
            (spot, avoid) for spots in (near, far) for avoid in (others, nothing) for spot in spots
        ]
        found = next(
            (
                spot
                for spot, avoid in tries
                if _free((px, py), spot, (w, h), bounds, taken, leaders, avoid)
            ),
            None,
        )
        if found is None:
            continue
        dx, dy = found
        taken = np.vstack(
            [taken, (px + dx - w / 2, py + dy - h / 2, px + dx + w / 2, py + dy + h / 2)]
        )
        moved = abs(dx) > w / 2 or abs(dy) > h / 2
        if moved:
            leaders = np.vstack([leaders, (px, py, px + dx, py + dy)])
        out.append(PlacedLabel(code, text, frame.x(lon), lat, dx, dy, moved))
    return out


def place_map(
    features: list[dict],
    counts: dict[str, int],
    labels: list[tuple[str, str, float, float]],
    scale_title: str,
    *,
    width: int = WIDTH,
    max_height: int = MAX_HEIGHT,
) -> go.Figure:
    """The places of `features` (GeoJSON, properties code and name) filled by `counts` (code →
    incidents; 0 where missing) on one colour scale from 0 to the largest count, with a colour
    bar titled scale_title; `labels` (code, text, lon, lat), largest place first, written with
    their place's count where place_labels finds room, the busiest first. The figure's height
    follows the places' shape (frame_for); the codes of the places labelled are in
    fig.layout.meta["labels"]."""
    frame = frame_for(features, width, max_height)
    top = max([*counts.values(), 1])
    traces = []  # dicts, and the figure made once: plotly validates what it is given per call
    # Largest first, so a place lying inside another is painted over it.
    for f in sorted(features, key=lambda f: -_extent(f)):
        n = counts.get(f["properties"]["code"], 0)
        xs, ys = [], []
        for polygon in _outer_rings(f):
            xs += [frame.x(p[0]) for p in polygon] + [None]
            ys += [p[1] for p in polygon] + [None]
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines",
                "fill": "toself",
                "fillcolor": sample_colorscale(COLOURS, [n / top])[0],
                "line": {"color": OUTLINE, "width": 0.8},
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    # The busiest places are labelled first (then the larger): where room runs out, the quiet
    # ones go without.
    busiest = sorted(labels, key=lambda lb: -counts.get(lb[0], 0))
    placed = place_labels(
        [(c, f"{text} {counts.get(c, 0):,}", lon, lat) for c, text, lon, lat in busiest], frame
    )
    moved = [p for p in placed if p.moved]
    if moved:  # a dot where a moved label's leader line ends
        traces.append(
            {
                "type": "scatter",
                "x": [p.x for p in moved],
                "y": [p.y for p in moved],
                "mode": "markers",
                "hoverinfo": "skip",
                "showlegend": False,
                "marker": {"size": 4, "color": INK},
            }
        )
    annotations = [
        {
            "x": p.x,
            "y": p.y,
            "text": p.text,
            "showarrow": p.moved,
            "ax": p.dx,
            "ay": p.dy,
            "axref": "pixel",
            "ayref": "pixel",
            "arrowhead": 0,
            "arrowwidth": 0.8,
            "arrowcolor": INK,
            "standoff": 2,
            "font": {"size": LABEL_SIZE, "color": INK},
            "bgcolor": "rgba(255,255,255,0.82)",
            "borderpad": 1,
            "xanchor": "center",
            "yanchor": "middle",
        }
        for p in placed
    ]
    bar_shapes, bar_labels = _colour_bar(top, scale_title)
    return go.Figure(
        data=traces,
        layout={
            "font": {"family": FONT, "size": 12, "color": INK},
            "width": width,
            "height": frame.height,
            "margin": MARGIN,
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "annotations": annotations + bar_labels,
            "shapes": bar_shapes,
            "meta": {"labels": [p.code for p in placed]},
            "xaxis": {"visible": False, "range": list(frame.x_range), "fixedrange": True},
            "yaxis": {"visible": False, "range": list(frame.y_range), "fixedrange": True},
        },
    )


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` steps up to top."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


BAR_STEPS = 32  # the colour bar's bands


def _colour_bar(top: float, title: str) -> tuple[list[dict], list[dict]]:
    """The colour scale 0 … top as a bar of filled bands in the right margin, with round
    ticks: (shapes, annotations). Drawn with shapes: plotly's own colour bar is a gradient,
    which the PDF's SVG reader does not draw."""
    x0, x1 = 1.03, 1.07  # paper coordinates: the right margin
    y0, y1 = 0.2, 0.8
    band = (y1 - y0) / BAR_STEPS
    colours = sample_colorscale(COLOURS, [(i + 0.5) / BAR_STEPS for i in range(BAR_STEPS)])
    paper = {"xref": "paper", "yref": "paper"}
    shapes = [
        {
            "type": "rect",
            **paper,
            "x0": x0,
            "x1": x1,
            "y0": y0 + i * band,
            "y1": y0 + (i + 1) * band + band * 0.05,
            "fillcolor": colour,
            "line": {"width": 0},
            "layer": "above",
        }
        for i, colour in enumerate(colours)
    ]
    # The frame as lines, not an unfilled rectangle: the PDF's SVG reader paints a transparent
    # fill black.
    for xa, xb, ya, yb in ((x0, x1, y0, y0), (x0, x1, y1, y1), (x0, x0, y0, y1), (x1, x1, y0, y1)):
        shapes.append(
            {
                "type": "line",
                **paper,
                "x0": xa,
                "x1": xb,
                "y0": ya,
                "y1": yb,
                "line": {"color": OUTLINE, "width": 0.6},
                "layer": "above",
            }
        )
    step = nice_step(top)
    ticks = [i * step for i in range(int(top // step) + 1)]
    labels = [
        {
            **paper,
            "x": x1,
            "y": y0 + (y1 - y0) * v / max(top, 1),
            "text": f"{v:,.0f}",
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "middle",
            "xshift": 3,
            "font": {"size": 11, "color": INK},
        }
        for v in ticks
    ]
    labels.append(
        {
            **paper,
            "x": x0,
            "y": y1,
            "text": title,
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "bottom",
            "yshift": 6,
            "font": {"size": 11, "color": INK},
        }
    )
    return shapes, labels


def _outer_rings(feature: dict) -> list[list]:
    geom = feature["geometry"]
    polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    return [polygon[0] for polygon in polygons if polygon]


def _extent(feature: dict) -> float:
    pts = [p for ring in _outer_rings(feature) for p in ring]
    if not pts:
        return 0.0
    return (max(p[0] for p in pts) - min(p[0] for p in pts)) * (
        max(p[1] for p in pts) - min(p[1] for p in pts)
    )
