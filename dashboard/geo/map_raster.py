"""Map pictures drawn on the server: small PNGs the maps show as one image each (a BitmapLayer),
instead of thousands of points or polygons for the browser to draw.

Incident heat: deck.gl's HeatmapLayer redraws the heat in the browser from every point, on the
GPU; where there is none (a wall PC, a thin client, this machine's software WebGL) it took about
2 s of the briefing's first paint. Here the same picture is computed once per view: each point's weight
is put in the raster cell under it, spread by a Gaussian of the map's heat radius, scaled so the
hottest cell times `intensity` is the top of the colour range, coloured, and faded out below
`threshold` of that top (as the HeatmapLayer does). The raster covers the fitted view plus a
margin, in Web Mercator (the map's projection), at HALF the map's pixels: heat is smooth, and
the browser stretches the image linearly.

Thin lines (the grids' outlines under a district's or a street's map): thousands of edges as
one picture instead of a PathLayer, whose shaders alone held the browser's first frame for
0.7–1.1 s in software WebGL (docs/performance.md).

Coloured grids (the workload map): each grid's outline filled with its colour (or a dot at its
centre), drawn at twice the map's pixels and reduced, so edges are smooth; 8,967 grids as GeoJSON
were 1.4 MB over the websocket, as a picture they are tens of KB.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw
from scipy.ndimage import gaussian_filter

TILE_PX = 512  # deck.gl's world size at zoom 0
CELL_PX = 2  # map pixels per heat raster cell
SUPERSAMPLE = 2  # grid pictures are drawn this many times finer, then reduced


@dataclass(frozen=True)
class Raster:
    """Where the raster lies: its top-left corner in world pixels at `zoom`, its cells, each
    `cell` map pixels wide."""

    zoom: float
    left: float
    top: float
    columns: int
    rows: int
    cell: float = CELL_PX

    def bounds(self) -> list[float]:
        """[lon_min, lat_min, lon_max, lat_max] of the raster's outer edges."""
        right = self.left + self.columns * self.cell
        bottom = self.top + self.rows * self.cell
        lon0, lat0 = lonlat(self.left, bottom, self.zoom)
        lon1, lat1 = lonlat(right, self.top, self.zoom)
        return [round(lon0, 6), round(lat0, 6), round(lon1, 6), round(lat1, 6)]


def world_px(lon: np.ndarray, lat: np.ndarray, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator world pixel coordinates (x east, y south) of points at a zoom level."""
    size = TILE_PX * 2.0**zoom
    s = np.sin(np.radians(lat))
    return (np.asarray(lon) + 180) / 360 * size, (
        0.5 - np.log((1 + s) / (1 - s)) / (4 * np.pi)
    ) * size


def lonlat(x: float, y: float, zoom: float) -> tuple[float, float]:
    """The inverse of world_px for one point."""
    size = TILE_PX * 2.0**zoom
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / size))))
    return x / size * 360 - 180, lat


def raster_for(
    centre: tuple[float, float],
    zoom: float,
    size: tuple[int, int],
    margin_px: float,
    cell: float = CELL_PX,
) -> Raster:
    """The raster covering a map of `size` pixels centred on (lon, lat) at `zoom`, plus margin_px
    on every side (so a little panning still shows the picture), in cells of `cell` pixels."""
    cx, cy = world_px(np.array([centre[0]]), np.array([centre[1]]), zoom)
    width, height = size[0] + 2 * margin_px, size[1] + 2 * margin_px
    columns, rows = math.ceil(width / cell), math.ceil(height / cell)
    left, top = float(cx[0]) - columns * cell / 2, float(cy[0]) - rows * cell / 2
    return Raster(zoom, left, top, columns, rows, cell)


def density(
    raster: Raster, lon: np.ndarray, lat: np.ndarray, weight: np.ndarray, radius_px: float
) -> np.ndarray:
    """Summed weight per cell (rows × columns, row 0 at the top) spread by a Gaussian whose
    sigma is a third of the heat radius (radius_px, map pixels); points outside the raster are left
    out (they lie beyond the map's margin)."""
    x, y = world_px(lon, lat, raster.zoom)
    col = np.floor((x - raster.left) / raster.cell).astype(np.int64)
    row = np.floor((y - raster.top) / raster.cell).astype(np.int64)
    inside = (col >= 0) & (col < raster.columns) & (row >= 0) & (row < raster.rows)
    cells = np.zeros((raster.rows, raster.columns), dtype=np.float64)
    np.add.at(cells, (row[inside], col[inside]), np.asarray(weight, dtype=np.float64)[inside])
    return gaussian_filter(cells, sigma=radius_px / 3 / raster.cell, mode="constant", truncate=3.0)


def colour(
    values: np.ndarray,
    intensity: float,
    colors: Sequence[Sequence[int]],
    threshold: float,
    opacity: float,
) -> np.ndarray:
    """RGBA (uint8) per cell: value / max × intensity, capped at 1, along the colour range
    (linear between its stops); alpha `opacity`, faded linearly to 0 below `threshold`."""
    top = float(values.max())
    level = np.zeros_like(values) if top <= 0 else np.minimum(values / top * intensity, 1.0)
    stops = np.asarray(colors, dtype=np.float64)
    at = level * (len(stops) - 1)
    low = np.floor(at).astype(np.int64).clip(0, len(stops) - 1)
    high = np.minimum(low + 1, len(stops) - 1)
    frac = (at - low)[..., None]
    rgb = stops[low] * (1 - frac) + stops[high] * frac
    alpha = opacity * np.minimum(level / threshold, 1.0) * 255
    rgba = np.concatenate([rgb, alpha[..., None]], axis=-1)
    return np.rint(rgba).astype(np.uint8)


def _canvas(raster: Raster) -> tuple[Image.Image, ImageDraw.ImageDraw, float]:
    image = Image.new(
        "RGBA", (raster.columns * SUPERSAMPLE, raster.rows * SUPERSAMPLE), (0, 0, 0, 0)
    )
    return image, ImageDraw.Draw(image), SUPERSAMPLE / raster.cell


def _reduce(image: Image.Image) -> np.ndarray:
    """The finer drawing reduced to the raster's cells (RGBA uint8), averaged with the colours
    weighted by their opacity (PIL's premultiplied mode): a pixel half covered by a line keeps
    the line's colour at half its opacity, not a colour darkened by the transparent black
    beside it."""
    return np.asarray(image.convert("RGBa").reduce(SUPERSAMPLE).convert("RGBA"))


def _to_canvas(raster: Raster, lon, lat, scale: float) -> tuple[np.ndarray, np.ndarray]:
    x, y = world_px(
        np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64), raster.zoom
    )
    return (x - raster.left) * scale, (y - raster.top) * scale


def polygons(
    raster: Raster,
    rings: Sequence[Sequence[np.ndarray]],
    fills: Sequence[Sequence[int]],
    outline: Sequence[int] | None = None,
) -> np.ndarray:
    """RGBA (uint8, rows × columns): per shape, its rings (arrays of (lon, lat) rows; outer
    rings only — a hole is filled) filled with its RGBA colour and outlined in `outline`."""
    image, draw, scale = _canvas(raster)
    line = tuple(outline) if outline is not None else None
    for shape_rings, fill in zip(rings, fills, strict=True):
        for ring in shape_rings:
            x, y = _to_canvas(raster, ring[:, 0], ring[:, 1], scale)
            draw.polygon(
                list(zip(x.tolist(), y.tolist(), strict=True)), fill=tuple(fill), outline=line
            )
    return _reduce(image)


def dots(
    raster: Raster,
    lon: np.ndarray,
    lat: np.ndarray,
    fills: Sequence[Sequence[int]],
    radius_px: float,
    outline: Sequence[int] | None = None,
    outline_px: float = 0.0,
) -> np.ndarray:
    """RGBA (uint8, rows × columns): a disc of `radius_px` map pixels at each point, in its
    RGBA colour, ringed `outline_px` wide in `outline` (inside the radius) when given; later
    points over earlier ones."""
    image, draw, scale = _canvas(raster)
    x, y = _to_canvas(raster, lon, lat, scale)
    r = radius_px * SUPERSAMPLE
    line = tuple(outline) if outline is not None else None
    width = max(1, round(outline_px * SUPERSAMPLE)) if line else 0
    for cx, cy, fill in zip(x.tolist(), y.tolist(), fills, strict=True):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=tuple(fill), outline=line, width=width)
    return _reduce(image)


def lines(
    raster: Raster, paths: Sequence[np.ndarray], color: Sequence[int], width_px: float
) -> np.ndarray:
    """RGBA (uint8, rows × columns): each path (an array of (lon, lat) rows) drawn as a line
    `width_px` map pixels wide in its RGBA colour (at least one pixel of the finer drawing, so
    a line thinner than that is fainter after the reduction, as a thin line is on screen)."""
    image, draw, scale = _canvas(raster)
    width = max(1, round(width_px * SUPERSAMPLE))
    fill = tuple(color)
    for path in paths:
        x, y = _to_canvas(raster, path[:, 0], path[:, 1], scale)
        draw.line(list(zip(x.tolist(), y.tolist(), strict=True)), fill=fill, width=width)
    return _reduce(image)


def png_data_url(rgba: np.ndarray) -> str:
    """The image as a data: URL (the map's JSON names no address outside the page)."""
    buffer = io.BytesIO()
    # Not optimize=True: 3 % smaller, nine times slower (95 against 11 ms for the city's heat).
    Image.fromarray(rgba, "RGBA").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
