"""Heat drawn on the server (dashboard/geo/map_raster.py): where a point lands, how its weight
spreads, how values become colours — each worked out by hand."""

from __future__ import annotations

import io
import math

import numpy as np
from PIL import Image

from dashboard.geo import map_raster as hr

COLOURS = [[0, 0, 255], [255, 0, 0]]


def world(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator world pixels (512 at zoom 0), written out independently."""
    size = 512 * 2**zoom
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360 * size, (1 - y / math.pi) / 2 * size


def test_the_raster_is_centred_on_the_view_and_covers_it_with_the_margin():
    r = hr.raster_for((112.55, 37.85), 10.0, (1000, 500), margin_px=50)
    assert (r.columns, r.rows) == (550, 300)  # (1000 + 2·50) / 2 and (500 + 2·50) / 2 cells
    cx, cy = world(112.55, 37.85, 10.0)
    assert math.isclose(r.left, cx - 550, abs_tol=1e-6)
    assert math.isclose(r.top, cy - 300, abs_tol=1e-6)
    west, south, east, north = r.bounds()
    assert math.isclose(world(west, south, 10)[0], cx - 550, abs_tol=0.01)
    assert math.isclose(world(east, north, 10)[1], cy - 300, abs_tol=0.01)
    assert math.isclose(world(west, south, 10)[1], cy + 300, abs_tol=0.01)


def test_a_point_lands_in_its_cell_and_keeps_its_weight():
    r = hr.raster_for((112.55, 37.85), 11.0, (400, 300), margin_px=40)
    lon, lat = 112.56, 37.86
    values = hr.density(r, np.array([lon]), np.array([lat]), np.array([5.0]), radius_px=16)
    x, y = world(lon, lat, 11.0)
    expected = (int((y - r.top) // 2), int((x - r.left) // 2))
    assert np.unravel_index(values.argmax(), values.shape) == expected
    assert math.isclose(values.sum(), 5.0, rel_tol=1e-3)  # spread, not lost
    # Symmetric: one cell either side of the peak holds the same.
    row, col = expected
    assert math.isclose(values[row, col - 1], values[row, col + 1], rel_tol=1e-9)
    # A point outside the raster adds nothing.
    far = hr.density(r, np.array([lon, 113.5]), np.array([lat, 37.86]), np.array([5.0, 7.0]), 16)
    assert math.isclose(far.sum(), 5.0, rel_tol=1e-3)


def test_weights_add_up_where_points_share_a_cell():
    r = hr.raster_for((112.55, 37.85), 11.0, (400, 300), margin_px=40)
    two = hr.density(
        r, np.array([112.56, 112.56]), np.array([37.86, 37.86]), np.array([2.0, 3.0]), 16
    )
    one = hr.density(r, np.array([112.56]), np.array([37.86]), np.array([5.0]), 16)
    assert np.allclose(two, one)


def test_values_become_colours_along_the_range_fading_below_the_threshold():
    values = np.array([[0.0, 0.02, 0.5, 1.0, 2.0]])
    rgba = hr.colour(values, intensity=1.0, colors=COLOURS, threshold=0.04, opacity=0.8)
    # Levels: value / 2 (the top) → 0, 0.01, 0.25, 0.5, 1.
    assert rgba[0, 4].tolist() == [255, 0, 0, 204]  # the top: last colour, 0.8 opaque
    assert rgba[0, 3].tolist() == [128, 0, 128, 204]  # half way: rint(127.5), rint(127.5)
    assert rgba[0, 2].tolist() == [64, 0, 191, 204]  # a quarter: rint(63.75), rint(191.25)
    assert rgba[0, 1].tolist() == [3, 0, 252, 51]  # 0.01 < 0.04: a quarter of 204
    assert rgba[0, 0, 3] == 0
    # Intensity 4: half of the top already reaches the top colour.
    hot = hr.colour(values, intensity=4.0, colors=COLOURS, threshold=0.04, opacity=0.8)
    assert hot[0, 2].tolist() == [255, 0, 0, 204]


def test_nothing_to_draw_is_transparent():
    rgba = hr.colour(np.zeros((2, 3)), intensity=2.0, colors=COLOURS, threshold=0.04, opacity=0.8)
    assert (rgba[..., 3] == 0).all()


def test_the_picture_is_a_png_data_url_of_the_same_pixels():
    rgba = np.zeros((3, 4, 4), dtype=np.uint8)
    rgba[1, 2] = [10, 20, 30, 40]
    url = hr.png_data_url(rgba)
    assert url.startswith("data:image/png;base64,")
    import base64

    back = np.asarray(Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))))
    assert back.shape == (3, 4, 4) and (back == rgba).all()


def test_a_ringed_dot_is_filled_inside_and_ringed_at_its_radius():
    r = hr.raster_for((112.55, 37.85), 11.0, (200, 200), margin_px=0, cell=1)
    x, y = world(112.55, 37.85, 11.0)
    col, row = int(x - r.left), int(y - r.top)
    rgba = hr.dots(
        r, np.array([112.55]), np.array([37.85]), [[255, 0, 0, 60]], 16, [9, 9, 9, 255], 3
    )
    assert tuple(rgba[row, col]) == (255, 0, 0, 60)  # the centre: the fill
    assert tuple(rgba[row, col + 14]) == (9, 9, 9, 255)  # 14 px out: within the 3 px ring
    assert tuple(rgba[row, col - 14]) == (9, 9, 9, 255)
    assert tuple(rgba[row, col + 10]) == (255, 0, 0, 60)  # inside the ring: the fill again
    assert rgba[row, col + 18, 3] == 0 and rgba[row - 18, col, 3] == 0  # past the radius


def test_lines_are_drawn_along_their_path_only():
    r = hr.raster_for((112.55, 37.85), 11.0, (200, 200), margin_px=0, cell=1)
    (x0, y0), (x1, _) = world(112.54, 37.85, 11.0), world(112.56, 37.85, 11.0)
    path = np.array([[112.54, 37.85], [112.56, 37.85]])
    rgba = hr.lines(r, [path], [40, 80, 120, 200], 1.0)
    row = int(y0 - r.top)
    drawn = np.nonzero(rgba[row, :, 3])[0]
    assert drawn.min() == int(x0 - r.left) and drawn.max() == int(x1 - r.left)
    # The line's own colour where it half covers a pixel (within the rounding of 8 bits).
    assert np.abs(rgba[row, int((x0 + x1) / 2 - r.left), :3].astype(int) - (40, 80, 120)).max() <= 2
    assert rgba[row + 3, :, 3].max() == 0 and rgba[row - 3, :, 3].max() == 0  # one pixel wide
