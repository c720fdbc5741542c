"""The wall's map (dashboard/geo/wall_map.py): one picture of the briefing's map, where each thing
is found by a projection worked out here — the spike rings and labels, the places' names and
outlines, the heat — and nothing where nothing is; one picture per view."""

from __future__ import annotations

import io
import math
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from PIL import Image

from dashboard.data.catalog import Catalog
from dashboard.geo import map_layers, maps, wall_map
from dashboard.measures.metrics import Spike

DAY = date(2024, 6, 7)
R = wall_map.WALL_PIXEL_RATIO
SPIKES = [
    Spike("140105001", "小店区坞城街道", 12, 1.5, 10.5, 1e-9, "坞城街道"),
    Spike("140106001", "迎泽区柳巷街道", 30, 2.0, 28.0, 1e-15),  # not in 小店区
]


def pixels(png: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return np.asarray(image.convert("RGB")).astype(int)


def where(p: maps.MapPlan, lon: float, lat: float) -> tuple[float, float]:
    """(column, row) of a point in the picture: Web Mercator at the view's zoom, from the view's
    centre, times the pixel ratio — worked out here, not with the code's projection."""

    def world(lo: float, la: float) -> tuple[float, float]:
        size = 512 * 2**p.view.zoom
        y = math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
        return (lo + 180) / 360 * size, (1 - y / math.pi) / 2 * size

    x, y = world(lon, lat)
    cx, cy = world(p.view.longitude, p.view.latitude)
    return (x - cx + p.size[0] / 2) * R, (y - cy + p.size[1] / 2) * R


def near(img: np.ndarray, x: float, y: float, around: int) -> np.ndarray:
    """The pixels within `around` of (x, y), as rows of RGB."""
    x, y = round(x), round(y)
    return img[max(0, y - around) : y + around + 1, max(0, x - around) : x + around + 1].reshape(
        -1, 3
    )


def like(pixels_rgb: np.ndarray, colour, tolerance: int = 40) -> int:
    """How many of the pixels are within `tolerance` (each channel) of `colour`."""
    return int((np.abs(pixels_rgb - np.array(colour[:3])) <= tolerance).all(axis=1).sum())


@pytest.fixture
def district(tiny_catalog):
    return Catalog(tiny_catalog, scope="140105")


def test_the_picture_is_the_wall_map_at_almost_twice_its_pixels(district):
    png = wall_map.picture(district, DAY, spikes=SPIKES)
    img = pixels(png)
    width, height = maps.KIOSK_VIEWPORT
    # A little under twice: Streamlit shrinks (and encodes again) a picture over 1,460 px wide.
    assert 1.5 <= R <= 2 and width * R <= 1460
    assert img.shape == (round(height * R), round(width * R), 3)
    # The corners are the map's plain background: no basemap, nothing drawn there.
    for y, x in [(0, 0), (0, -1), (-1, 0), (-1, -1)]:
        assert tuple(img[y, x]) == tuple(map_layers.BACKGROUND[:3])


def test_the_spike_is_ringed_and_labelled_where_it_lies(district):
    wall_map.clear_cache()
    p = maps.plan(district, DAY, spikes=SPIKES, kiosk=True)
    img = pixels(wall_map.picture(district, DAY, spikes=SPIKES))
    [mark] = p.marks  # 柳巷街道 is in another district: no mark
    assert mark["label"] == "坞城街道 12 起"
    x, y = where(p, *mark["position"])
    ring = p.ring_px * R  # the ring's outer edge, its line inside it
    on_ring = [
        (x + (ring - 2) * math.cos(a), y + (ring - 2) * math.sin(a))
        for a in np.linspace(0, 2 * math.pi, 12, endpoint=False)
    ]
    assert all(like(near(img, px, py, 1), map_layers.SPIKE, 60) for px, py in on_ring)
    # Its label, white in a dark red halo, on the side place_labels chose, beside the ring.
    dx, dy = mark["offset"]
    side = near(img, x + (dx + np.sign(dx) * 30) * R, y + dy * R, 12)
    assert like(side, [255, 255, 255], 30) > 5 and like(side, map_layers.SPIKE_HALO, 40) > 5
    # Nothing else (the other district's street has no mark): beside the same map drawn
    # without its marks (the names placed round them as before), what changed is this ring, or
    # its label on its side of it.
    plain = np.asarray(wall_map.draw(replace(p, marks=[]))).astype(int)
    ys, xs = np.nonzero((img != plain).any(axis=2))
    off_ring = np.hypot(xs - x, ys - y) > ring + 2
    lx, ly = x + dx * R, y + dy * R  # where the label is anchored
    width = len(mark["label"]) * p.spike_size * R  # more than it takes
    left = {"start": lx - 10, "middle": lx - width / 2, "end": lx - width}[mark["anchor"]]
    box = (xs >= left) & (xs <= left + width + 10) & (np.abs(ys - ly) <= 1.5 * p.spike_size * R)
    assert box[off_ring].all()


def test_every_name_is_written_at_its_place_in_a_halo(district):
    p = maps.plan(district, DAY, kiosk=True)
    img = pixels(wall_map.picture(district, DAY))
    assert p.label_rows and p.label_size >= 24  # read from five metres
    for row in p.label_rows:
        x, y = where(p, *row["position"])
        dx, dy = row["offset"]
        text = near(img, x + dx * R, y + dy * R, round(p.label_size * R / 2))
        assert like(text, map_layers.LABEL, 30) > 10, row["text"]


def test_the_places_are_outlined_and_the_heat_drawn_where_the_incidents_are(district):
    p = maps.plan(district, DAY, kiosk=True)
    img = pixels(wall_map.picture(district, DAY))
    # Each place's outline: pixels of the outline's colour along its edges (a vertex each).
    for feature in p.shapes.children:
        ring = map_layers.geometry_paths(feature["geometry"])[0]
        a, b = ring[0], ring[1]
        x, y = where(p, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        assert like(near(img, x, y, 3), map_layers.OUTLINE, 40), feature["properties"]["code"]
    # Heat round the one grid with incidents on the day, nowhere else. Heat is the only
    # colourful thing here: the background, names and outlines are greys of blue.
    [hot] = p.heat.iter_rows(named=True)
    x, y = where(p, hot["lon"], hot["lat"])
    colourful = img.max(axis=2) - img.min(axis=2) > 80
    ys, xs = np.nonzero(colourful)
    radius = map_layers.HEAT_RADIUS[6] * p.scale * R  # the heat's spread, in picture pixels
    assert len(xs) > 1000 and np.hypot(xs - x, ys - y).max() <= radius


def test_one_picture_per_view(district, tiny_catalog):
    wall_map.clear_cache()
    first = wall_map.picture(district, DAY, spikes=SPIKES)
    assert wall_map.picture(Catalog(tiny_catalog, scope="140105"), DAY, spikes=SPIKES) is first
    others = [
        wall_map.picture(district, DAY),
        wall_map.picture(district, DAY, spikes=SPIKES, lang="en"),
        wall_map.picture(district, DAY, spikes=SPIKES, window_days=7),
        wall_map.picture(Catalog(tiny_catalog), DAY, spikes=SPIKES),
    ]
    assert all(x is not first for x in others)
    en = maps.plan(district, DAY, spikes=SPIKES, lang="en", kiosk=True)
    assert en.marks[0]["label"] == "Wucheng Subdistrict 12"


def test_the_english_wall_names_districts_short(tiny_catalog):
    # 24 px from afar: the districts' short forms from the start (the list beside the map names
    # them whole); the page's map keeps the whole names where they fit.
    city = Catalog(tiny_catalog)
    wall = [r["text"] for r in maps.plan(city, DAY, lang="en", kiosk=True).label_rows]
    page = [r["text"] for r in maps.plan(city, DAY, lang="en").label_rows]
    assert wall and all(
        "\n" not in x and not x.endswith(("District", "County", "City")) for x in wall
    )
    assert any(x.endswith(("\nDistrict", "\nCounty", "\nCity")) for x in page)
    assert {x.split("\n")[0] for x in page} >= set(wall)
    # Chinese has no short form: the wall writes the names as the page does.
    zh_wall = [r["text"] for r in maps.plan(city, DAY, kiosk=True).label_rows]
    assert zh_wall and all(x.endswith(("区", "县", "市")) for x in zh_wall)
