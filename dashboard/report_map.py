"""The weekly PDF's incidents map: the places one level below the report's scope (city →
districts, district → streets, street → communities, community → grids), each filled by its
incidents in the week, and labelled with its name and count.

A plotly figure, exported to SVG by kaleido with the report's other charts (nothing fetched: no
basemap, no geo projection). The outlines are maps.outlines' GeoJSON (shapely unions of the grids),
drawn in a plane where a degree of longitude is cos(latitude) of a degree of latitude, so shapes
are not stretched. The axis ranges are set here, to the same scale on both axes, so a label's
place in pixels is known before plotly draws it: `place_labels` puts each label at its place's
inner point (maps.Label), or, where that would cover a label already placed, moves it out along
a leader line, largest place first; a label with no free spot is left off (the table below the
map lists every place).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboard.figures import FONT

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
RADII = (0, 22, 34, 48, 64, 82, 104, 130, 160)
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
        return (MARGIN["l"] + (x - self.x_range[0]) * per,
                MARGIN["t"] + (self.y_range[1] - y) * per)  # fmt: skip

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


def _overlaps(box, boxes) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)


def place_labels(labels: list[tuple[str, str, float, float]], frame: Frame,
                 size: float = LABEL_SIZE) -> list[PlacedLabel]:  # fmt: skip
    """Where each label (code, text, lon, lat; largest place first) is written: on its point
    where that covers no label placed before it, else at the nearest free spot round it
    (RADII × DIRECTIONS, nearer first, then pointing away from the map's centre), inside the
    plot. Labels with no free spot are left out."""
    left, top = MARGIN["l"], MARGIN["t"]
    right, bottom = left + frame.plot_w, top + frame.plot_h
    cx, cy = (left + right) / 2, (top + bottom) / 2
    taken: list[tuple[float, float, float, float]] = []
    out = []
    for code, text, lon, lat in labels:
        x, y = frame.x(lon), lat
        px, py = frame.px(x, y)
        w, h = text_width(text, size) + 8, size * 1.45 + 4
        outward = math.atan2(py - cy, px - cx)
        spots = [(0.0, 0.0)]
        for r in RADII[1:]:
            angles = sorted((2 * math.pi * k / DIRECTIONS for k in range(DIRECTIONS)),
                            key=lambda a: abs(math.remainder(a - outward, 2 * math.pi)))  # fmt: skip
            # Sideways moves need room for half the label's width as well.
            spots += [(math.cos(a) * (r + w / 2 * abs(math.cos(a))),
                       math.sin(a) * (r + h / 2 * abs(math.sin(a)))) for a in angles]  # fmt: skip
        for dx, dy in spots:
            box = (px + dx - w / 2, py + dy - h / 2, px + dx + w / 2, py + dy + h / 2)
            inside = box[0] >= left and box[2] <= right and box[1] >= top and box[3] <= bottom
            if inside and not _overlaps(box, taken):
                taken.append(box)
                moved = abs(dx) > w / 2 or abs(dy) > h / 2
                out.append(PlacedLabel(code, text, x, y, dx, dy, moved))
                break
    return out


def place_map(features: list[dict], counts: dict[str, int], labels: list[tuple[str, str, float, float]],
              scale_title: str, *, width: int = WIDTH, max_height: int = MAX_HEIGHT) -> go.Figure:  # fmt: skip
    """The places of `features` (GeoJSON, properties code and name) filled by `counts` (code →
    incidents; 0 where missing) on one colour scale from 0 to the largest count, with a colour
    bar titled scale_title; `labels` (code, text, lon, lat), largest place first, written with
    their place's count where place_labels finds room. The figure's height follows the places'
    shape (frame_for); its PlacedLabels are in fig.layout.meta["labels"] (codes)."""
    frame = frame_for(features, width, max_height)
    top = max([*counts.values(), 1])
    fig = go.Figure()
    # Largest first, so a place lying inside another is painted over it.
    order = sorted(features, key=lambda f: -_extent(f))
    for f in order:
        n = counts.get(f["properties"]["code"], 0)
        colour = sample_colorscale(COLOURS, [n / top])[0]
        xs, ys = [], []
        for polygon in _outer_rings(f):
            xs += [frame.x(p[0]) for p in polygon] + [None]
            ys += [p[1] for p in polygon] + [None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=colour,
                                 line={"color": OUTLINE, "width": 0.8}, hoverinfo="skip",
                                 showlegend=False))  # fmt: skip
    placed = place_labels([(c, f"{text} {counts.get(c, 0):,}", lon, lat)
                           for c, text, lon, lat in labels], frame)  # fmt: skip
    moved = [p for p in placed if p.moved]
    if moved:  # a dot where a moved label's leader line ends
        fig.add_trace(go.Scatter(x=[p.x for p in moved], y=[p.y for p in moved], mode="markers",
                                 hoverinfo="skip", showlegend=False,
                                 marker={"size": 4, "color": INK}))  # fmt: skip
    for p in placed:
        fig.add_annotation(x=p.x, y=p.y, text=p.text, showarrow=p.moved, ax=p.dx, ay=p.dy,
                           axref="pixel", ayref="pixel", arrowhead=0, arrowwidth=0.8,
                           arrowcolor=INK, standoff=2, font={"size": LABEL_SIZE, "color": INK},
                           bgcolor="rgba(255,255,255,0.82)", borderpad=1,
                           xanchor="center", yanchor="middle")  # fmt: skip
    _colour_bar(fig, top, scale_title)
    fig.update_layout(
        font={"family": FONT, "size": 12, "color": INK},
        width=width, height=frame.height, margin=MARGIN,
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
        meta={"labels": [p.code for p in placed]},
    )  # fmt: skip
    fig.update_xaxes(visible=False, range=list(frame.x_range), fixedrange=True)
    fig.update_yaxes(visible=False, range=list(frame.y_range), fixedrange=True)
    return fig


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` steps up to top."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


BAR_STEPS = 32  # the colour bar's bands


def _colour_bar(fig: go.Figure, top: float, title: str) -> None:
    """The colour scale 0 … top as a bar of filled bands in the right margin, with round
    ticks; drawn with shapes (plotly's own colour bar is a gradient, which the PDF's SVG
    reader does not draw)."""
    x0, x1 = 1.03, 1.07  # paper coordinates: the right margin
    y0, y1 = 0.2, 0.8
    band = (y1 - y0) / BAR_STEPS
    colours = sample_colorscale(COLOURS, [(i + 0.5) / BAR_STEPS for i in range(BAR_STEPS)])
    for i, colour in enumerate(colours):
        fig.add_shape(type="rect", xref="paper", yref="paper", x0=x0, x1=x1,
                      y0=y0 + i * band, y1=y0 + (i + 1) * band + band * 0.05,
                      fillcolor=colour, line={"width": 0}, layer="above")  # fmt: skip
    for xa, xb, ya, yb in ((x0, x1, y0, y0), (x0, x1, y1, y1), (x0, x0, y0, y1), (x1, x1, y0, y1)):
        # lines, not an unfilled rectangle: the PDF's SVG reader paints a transparent fill black
        fig.add_shape(type="line", xref="paper", yref="paper", x0=xa, x1=xb, y0=ya, y1=yb,
                      line={"color": OUTLINE, "width": 0.6}, layer="above")  # fmt: skip
    step = nice_step(top)
    value = 0.0
    while value <= top:
        y = y0 + (y1 - y0) * value / max(top, 1)
        fig.add_annotation(x=x1, y=y, xref="paper", yref="paper", text=f"{value:,.0f}",
                           showarrow=False, xanchor="left", yanchor="middle", xshift=3,
                           font={"size": 11, "color": INK})  # fmt: skip
        value += step
    fig.add_annotation(x=x0, y=y1, xref="paper", yref="paper", text=title, showarrow=False,
                       xanchor="left", yanchor="bottom", yshift=6,
                       font={"size": 11, "color": INK})  # fmt: skip


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
