"""Incident heat drawn on the server: a small PNG the maps show as one image (a BitmapLayer).

deck.gl's HeatmapLayer redraws the heat in the browser from every point, on the GPU; where there
is none (a wall PC, a thin client, this machine's software WebGL) it took about 2 s of the
briefing's first paint. Here the same picture is computed once per view: each point's weight
is put in the raster cell under it, spread by a Gaussian of the map's heat radius, scaled so the
hottest cell times `intensity` is the top of the colour range, coloured, and faded out below
`threshold` of that top (as the HeatmapLayer does). The raster covers the fitted view plus a
margin, in Web Mercator (the map's projection), at HALF the map's pixels: heat is smooth, and
the browser stretches the image linearly.
"""

from __future__ import annotations

import base64
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image
from scipy.ndimage import gaussian_filter

TILE_PX = 512  # deck.gl's world size at zoom 0
CELL_PX = 2  # map pixels per raster cell


@dataclass(frozen=True)
class Raster:
    """Where the raster lies: its top-left corner in world pixels at `zoom`, its cells."""

    zoom: float
    left: float
    top: float
    columns: int
    rows: int

    def bounds(self) -> list[float]:
        """[lon_min, lat_min, lon_max, lat_max] of the raster's outer edges."""
        right = self.left + self.columns * CELL_PX
        bottom = self.top + self.rows * CELL_PX
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
    centre: tuple[float, float], zoom: float, size: tuple[int, int], margin_px: float
) -> Raster:
    """The raster covering a map of `size` pixels centred on (lon, lat) at `zoom`, plus margin_px
    on every side (so a little panning still shows heat)."""
    cx, cy = world_px(np.array([centre[0]]), np.array([centre[1]]), zoom)
    width, height = size[0] + 2 * margin_px, size[1] + 2 * margin_px
    columns, rows = math.ceil(width / CELL_PX), math.ceil(height / CELL_PX)
    return Raster(
        zoom, float(cx[0]) - columns * CELL_PX / 2, float(cy[0]) - rows * CELL_PX / 2, columns, rows
    )


def density(
    raster: Raster, lon: np.ndarray, lat: np.ndarray, weight: np.ndarray, radius_px: float
) -> np.ndarray:
    """Summed weight per cell (rows × columns, row 0 at the top) spread by a Gaussian whose
    sigma is a third of the heat radius (radius_px, map pixels); points outside the raster are left
    out (they lie beyond the map's margin)."""
    x, y = world_px(lon, lat, raster.zoom)
    col = np.floor((x - raster.left) / CELL_PX).astype(np.int64)
    row = np.floor((y - raster.top) / CELL_PX).astype(np.int64)
    inside = (col >= 0) & (col < raster.columns) & (row >= 0) & (row < raster.rows)
    cells = np.zeros((raster.rows, raster.columns), dtype=np.float64)
    np.add.at(cells, (row[inside], col[inside]), np.asarray(weight, dtype=np.float64)[inside])
    return gaussian_filter(cells, sigma=radius_px / 3 / CELL_PX, mode="constant", truncate=3.0)


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


def png_data_url(rgba: np.ndarray) -> str:
    """The image as a data: URL (the map's JSON names no address outside the page)."""
    buffer = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
