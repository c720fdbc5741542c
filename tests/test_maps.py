"""The city map (dashboard/geo/maps.py) and its outlines (dashboard/geo/outlines.py): heat weights
counted by hand on the tiny dataset, boundaries per scope without leaks, no remote resources, spike
markers, drill by click, the outline cache; on the generated demo data, the ten districts."""

from __future__ import annotations

import base64
import functools
import io
import json
import math
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
import shapely
import tiny_exports as tiny
from PIL import Image
from shapely.geometry import shape
from streamlit.elements.deck_gl_json_chart import PydeckSelectionSerde

from dashboard.core import city, romanise
from dashboard.data.catalog import Catalog
from dashboard.geo import map_labels, map_layers, maps, outlines
from dashboard.measures import metrics
from dashboard.measures.metrics import Spike

CENTRES = {
    tiny.G1: (112.565, 37.820),
    tiny.G2: (112.568, 37.822),
    tiny.G3: (112.640, 37.700),
    tiny.G4: (112.560, 37.860),
}


def spec(deck) -> dict:
    return json.loads(deck.to_json())


def layer(deck_spec: dict, layer_id: str) -> dict | None:
    return next((x for x in deck_spec["layers"] if x["id"] == layer_id), None)


def heat_image(deck_spec: dict, layer_id: str = "heat") -> tuple[np.ndarray, list[float]] | None:
    """A picture layer's image (rows × columns × RGBA) and its bounds, or None without it."""
    heat = layer(deck_spec, layer_id)
    if heat is None:
        return None
    assert heat["@@type"] == "BitmapLayer" and heat["image"].startswith("data:image/png;base64,")
    return _png(heat["image"]), heat["bounds"]


@functools.lru_cache(maxsize=8)
def _png(data_url: str) -> np.ndarray:
    # Decoded once per picture: a test looks at thousands of points of the same one.
    png = base64.b64decode(data_url.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def heat_alpha(
    deck_spec: dict, lon: float, lat: float, layer_id: str = "heat", around: int = 0
) -> int:
    """A picture's opacity (0-255) where (lon, lat) lies in it (the most within `around` pixels
    of it; 0 outside): columns linear in longitude, rows linear in Web Mercator y (the map's
    projection), worked out here."""
    found = heat_image(deck_spec, layer_id)
    if found is None:
        return 0
    rgba, (west, south, east, north) = found

    def merc(y):
        return math.log(math.tan(math.pi / 4 + math.radians(y) / 2))

    col = int((lon - west) / (east - west) * rgba.shape[1])
    row = int((merc(north) - merc(lat)) / (merc(north) - merc(south)) * rgba.shape[0])
    rows, cols = rgba.shape[:2]
    if not (0 <= row < rows and 0 <= col < cols):
        return 0
    window = rgba[max(0, row - around) : row + around + 1, max(0, col - around) : col + around + 1]
    return int(window[..., 3].max())


def grid_corners(cat: Catalog) -> dict[str, list[tuple[float, float]]]:
    """Each grid's outline vertices (its boundary_wkt, or the square drawn where it has none)."""
    grids = cat.query("map_grids")
    shapes = outlines.grid_polygons(grids)
    return {
        code: list(shapely.get_coordinates(geom.exterior if hasattr(geom, "exterior") else geom))
        for code, geom in zip(grids["grid_code"], shapes, strict=True)
    }


def fine_drawn(deck_spec: dict, corners: list[tuple[float, float]]) -> bool:
    """The grids' outline picture is drawn at every one of `corners` (within 2 pixels)."""
    return all(heat_alpha(deck_spec, x, y, "grid-outlines", around=2) > 0 for x, y in corners)


def fine_blank(deck_spec: dict, corners: list[tuple[float, float]]) -> bool:
    """Nothing of the grids' outline picture within 3 pixels of any of `corners`."""
    return all(heat_alpha(deck_spec, x, y, "grid-outlines", around=3) == 0 for x, y in corners)


def drill_features(deck_spec: dict) -> list[dict]:
    drill = [x for x in deck_spec["layers"] if x["id"].startswith(maps.DRILL_LAYER_PREFIX)]
    assert len(drill) == 1
    assert drill[0]["pickable"] is True
    return drill[0]["data"]["features"]


# -- heat --------------------------------------------------------------------------------------


def test_heat_weights_are_the_incidents_per_grid_counted_by_hand(tiny_catalog):
    cat = Catalog(tiny_catalog)
    # Reported per day (tiny_exports.py; E0006, cancelled, left out): G4 05-20; G1 06-01 and
    # 06-02; G2 06-03; G3 06-04 and 06-05; G2 06-07.
    expected = {
        (date(2024, 6, 5), 1): {tiny.G3: 1},
        (date(2024, 6, 5), 7): {tiny.G1: 2, tiny.G2: 1, tiny.G3: 2},
        (date(2024, 6, 7), 1): {tiny.G2: 1},
        (date(2024, 6, 7), 7): {tiny.G1: 2, tiny.G2: 2, tiny.G3: 2},
        (date(2024, 5, 26), 7): {tiny.G4: 1},
        (date(2024, 6, 6), 1): {},  # only the cancelled E0006
    }
    for (as_of, days), weights in expected.items():
        points = maps.heat_points(cat, as_of, days)
        assert dict(zip(points["grid_code"], points["incidents"], strict=True)) == weights
        d = spec(maps.deck(cat, as_of, window_days=days))
        assert (heat_image(d) is None) == (not weights)
        # Heat shows at every grid with incidents; G3 and G4 lie far from every other grid
        # (G1 and G2 are 300 m apart: their heat overlaps), so without incidents they are clear.
        for grid, centre in CENTRES.items():
            if grid in weights:
                assert heat_alpha(d, *centre) > 0, (as_of, days, grid)
            elif grid in (tiny.G3, tiny.G4):
                assert heat_alpha(d, *centre) == 0, (as_of, days, grid)


def test_heat_is_limited_to_the_scope(tiny_catalog):
    cat = Catalog(tiny_catalog, scope="140105001")
    d = spec(maps.deck(cat, date(2024, 6, 7), window_days=7))
    assert heat_alpha(d, *CENTRES[tiny.G1]) > 0 and heat_alpha(d, *CENTRES[tiny.G2]) > 0
    assert maps.heat_points(cat, date(2024, 6, 7), 7)["grid_code"].to_list() == [tiny.G1, tiny.G2]
    with pytest.raises(ValueError, match="window_days"):
        maps.heat_points(cat, date(2024, 6, 7), 0)


# -- boundaries per scope ------------------------------------------------------------------------


def test_city_level_has_one_outline_per_district_with_its_incidents(tiny_catalog):
    deck = spec(maps.deck(Catalog(tiny_catalog), date(2024, 6, 7), window_days=7))
    props = [f["properties"] for f in drill_features(deck)]
    assert props == [
        {"code": "140105", "name": "小店区", "incidents": 6},
        {"code": "140106", "name": "迎泽区", "incidents": 0},
    ]
    assert layer(deck, "grid-outlines") is None  # the city shows district outlines only
    # A grid without boundary_wkt is drawn as a small square round its centre.
    district = shape(drill_features(deck)[1]["geometry"])
    assert district.contains(shapely.Point(CENTRES[tiny.G4]))
    assert district.area < 0.01**2


def test_district_level_shows_its_streets_and_grids_only(tiny_catalog):
    cat = Catalog(tiny_catalog, scope="140105")
    deck = maps.deck(cat, date(2024, 6, 7), window_days=7)
    d = spec(deck)
    props = [f["properties"] for f in drill_features(d)]
    assert props == [
        {"code": "140105001", "name": "坞城街道", "incidents": 4},
        {"code": "140105002", "name": "北格镇", "incidents": 2},
    ]
    # The grids' outlines: one picture, drawn round G1, G2 and G3, not inside them.
    corners = grid_corners(Catalog(tiny_catalog))
    for g in (tiny.G1, tiny.G2, tiny.G3):
        assert fine_drawn(d, corners[g]), g
        assert heat_alpha(d, *CENTRES[g], "grid-outlines") == 0, g
    # Nothing of the other district reaches the browser: not its outline, code or name.
    assert fine_blank(d, corners[tiny.G4])
    text = deck.to_json()
    assert "140106" not in text and "迎泽" not in text and "柳巷" not in text


def test_street_and_community_levels(tiny_catalog):
    street = spec(maps.deck(Catalog(tiny_catalog, scope="140105001"), date(2024, 6, 7)))
    assert [f["properties"]["code"] for f in drill_features(street)] == ["140105001001"]
    corners = grid_corners(Catalog(tiny_catalog))
    assert fine_drawn(street, corners[tiny.G1]) and fine_drawn(street, corners[tiny.G2])
    assert fine_blank(street, corners[tiny.G3]) and fine_blank(street, corners[tiny.G4])
    community = spec(maps.deck(Catalog(tiny_catalog, scope="140105001001"), date(2024, 6, 7)))
    assert [f["properties"] for f in drill_features(community)] == [
        {"code": tiny.G1, "name": "龙城社区第一网格", "incidents": 0},
        {"code": tiny.G2, "name": "龙城社区第二网格", "incidents": 1},
    ]
    # Labels drop the parent's name: 第一网格, not 龙城社区第一网格.
    names = sorted(r["text"] for r in layer(community, "place-names")["data"])
    assert names == ["第一网格", "第二网格"]
    grid = spec(maps.deck(Catalog(tiny_catalog, scope=tiny.G3), date(2024, 6, 5)))
    assert [f["properties"]["incidents"] for f in drill_features(grid)] == [1]


def test_view_is_fitted_to_the_scope(tiny_catalog):
    whole = spec(maps.deck(Catalog(tiny_catalog), date(2024, 6, 7)))["initialViewState"]
    street = spec(maps.deck(Catalog(tiny_catalog, scope="140105001"), date(2024, 6, 7)))
    view = street["initialViewState"]
    assert 112.55 < view["longitude"] < 112.58 and 37.81 < view["latitude"] < 37.83
    assert view["zoom"] > whole["zoom"]
    lon = [CENTRES[g][0] for g in CENTRES]
    assert min(lon) < whole["longitude"] < max(lon)
    # A taller map (kiosk, or the size the page gives) zooms in further on the same extent.
    tall = maps.deck(Catalog(tiny_catalog), date(2024, 6, 7), size=(1100, 1000))
    assert spec(tall)["initialViewState"]["zoom"] > whole["zoom"]


def test_a_scope_without_grids_draws_an_empty_city_view(tiny_catalog):
    d = spec(maps.deck(Catalog(tiny_catalog, scope="140199"), date(2024, 6, 7)))
    assert drill_features(d) == [] and layer(d, "heat") is None
    lon_min, lat_min, lon_max, lat_max = city.BBOX
    assert lon_min < d["initialViewState"]["longitude"] < lon_max


# -- offline -------------------------------------------------------------------------------------


def test_no_basemap_and_no_remote_resources(tiny_catalog):
    spikes = [Spike("140105001", "小店区坞城街道", 12, 1.5, 10.5, 1e-9)]
    for scope in ("", "140105", "140105001", "140105001001", tiny.G1):
        deck = maps.deck(
            Catalog(tiny_catalog, scope=scope), date(2024, 6, 7), window_days=7, spikes=spikes
        )
        d = json.loads(deck.to_json())
        # The heat is a picture inside the JSON (a data: URL, so no request); the rest names
        # no address (the picture's base64 may spell "http" by chance).
        heat = layer(d, "heat")
        if heat is not None:
            assert heat.pop("image").startswith("data:image/png;base64,")
        assert "http" not in json.dumps(d, ensure_ascii=False).lower()
        # pydeck 0.9 leaves map_provider=None out of the JSON; the default map_style is kept as
        # "__MAP_STYLE__", which Streamlit reads as "no basemap" (mapStyle left out entirely
        # would make Streamlit 1.67 load Carto's basemap).
        assert "mapProvider" not in d
        assert d["mapStyle"] == "__MAP_STYLE__"
        assert d["views"][0]["@@type"] == "MapView" and d["views"][0]["clear"] is True
        kinds = {x["@@type"] for x in d["layers"]}
        assert kinds <= {
            "BitmapLayer",
            "GeoJsonLayer",
            "LineLayer",
            "TextLayer",
            "ScatterplotLayer",
        }
        # No PathLayer: a GeoJsonLayer draws fills only (its stroke would be one).
        for geo in (x for x in d["layers"] if x["@@type"] == "GeoJsonLayer"):
            assert geo["stroked"] is False
        for text_layer in (x for x in d["layers"] if x["@@type"] == "TextLayer"):
            # Literal values, not accessor expressions ("@@=auto" breaks the layer).
            assert text_layer["characterSet"] == "auto"
            assert "WenQuanYi Micro Hei" in text_layer["fontFamily"]
            assert text_layer["sizeUnits"] == "pixels"
            # a margin in the font atlas wide enough for the hook of a "J" (Jinyuan, not Jnyuan)
            assert text_layer["fontSettings"]["buffer"] >= 12


def test_english_map_names_places_in_pinyin_with_the_chinese_in_the_tooltip(tiny_catalog):
    city_en = spec(maps.deck(Catalog(tiny_catalog), date(2024, 6, 7), window_days=7, lang="en"))
    assert [f["properties"] for f in drill_features(city_en)] == [
        {"code": "140105", "name": "Xiaodian District", "name_zh": "小店区", "incidents": 6},
        {"code": "140106", "name": "Yingze District", "name_zh": "迎泽区", "incidents": 0},
    ]
    # On the map, a district's generic word on a line of its own (half as wide)
    assert sorted(r["text"] for r in layer(city_en, "place-names")["data"]) == [
        "Xiaodian\nDistrict",
        "Yingze\nDistrict",
    ]
    cat = Catalog(tiny_catalog, scope="140105001001")
    community = spec(maps.deck(cat, date(2024, 6, 7), lang="en"))
    assert sorted(r["text"] for r in layer(community, "place-names")["data"]) == [
        "Grid 1",
        "Grid 2",
    ]
    assert [f["properties"]["name"] for f in drill_features(community)] == [
        "Longcheng Community Grid 1",
        "Longcheng Community Grid 2",
    ]
    # The tooltip's second line is the Chinese name, in English only
    assert "{name_zh}" in maps.deck(cat, date(2024, 6, 7), lang="en")._tooltip["html"]
    assert "{name_zh}" not in maps.deck(cat, date(2024, 6, 7))._tooltip["html"]
    # The Chinese map is untouched by the English one drawn before it (the outlines are cached)
    zh = spec(maps.deck(Catalog(tiny_catalog), date(2024, 6, 7), window_days=7))
    assert [f["properties"]["name"] for f in drill_features(zh)] == ["小店区", "迎泽区"]


def test_tooltip_in_the_chosen_language(tiny_catalog):
    cat = Catalog(tiny_catalog)
    zh = maps.deck(cat, date(2024, 6, 7))._tooltip["html"]
    en = maps.deck(cat, date(2024, 6, 7), window_days=7, lang="en")._tooltip["html"]
    assert "{name}" in zh and "{incidents}" in zh and "2024-06-07 事件" in zh
    assert "Incidents in the 7 days to 2024-06-07" in en


# -- spikes --------------------------------------------------------------------------------------


def test_spike_markers_carry_name_and_count(tiny_catalog):
    spikes = [
        Spike("140105001", "小店区坞城街道", 12, 1.5, 10.5, 1e-9),
        Spike(tiny.G3, "北格村北格村网格", 11, 0.25, 10.75, 1e-12),
        Spike("140106001", "迎泽区柳巷街道", 30, 2.0, 28.0, 1e-15),  # another district
    ]
    cat = Catalog(tiny_catalog, scope="140105")
    d = spec(maps.deck(cat, date(2024, 6, 7), spikes=spikes))
    labels = layer(d, "spike-labels")["data"]
    assert [(r["code"], r["name"], r["incidents"]) for r in labels] == [
        ("140105001", "小店区坞城街道", 12),
        (tiny.G3, "北格村北格村网格", 11),
    ]
    # The rings are one picture: a ring round each marker (16 px; 3 px of line, filled faintly
    # inside), nothing at the other district's street.
    for row in labels:
        lon, lat = row["position"]
        assert 40 <= heat_alpha(d, lon, lat, "spike-rings") <= 80  # the fill, alpha 60
    assert heat_alpha(d, 112.560, 37.860, "spike-rings", around=20) == 0
    assert labels[0]["label"] == "小店区坞城街道\n12 起 · 均值 1.5"
    # A street's marker sits at the mean of its grids' centres, a grid's at its centre.
    assert labels[0]["position"] == pytest.approx([112.5665, 37.821])
    assert labels[1]["position"] == pytest.approx(list(CENTRES[tiny.G3]))
    en = spec(maps.deck(cat, date(2024, 6, 7), spikes=spikes, lang="en"))
    # In English the place is romanised, itself first, then its district
    assert (
        layer(en, "spike-labels")["data"][0]["label"]
        == "Wucheng Subdistrict, Xiaodian District\n12 · mean 1.5"
    )
    assert layer(spec(maps.deck(cat, date(2024, 6, 7))), "spike-rings") is None
    # With its own name (as metrics.spikes gives it) the English label names the street alone:
    # its district's outline is around it, and the whole path hid the names near it.
    own = [replace(spikes[0], own_name="坞城街道")]
    en_own = spec(maps.deck(cat, date(2024, 6, 7), spikes=own, lang="en"))
    assert layer(en_own, "spike-labels")["data"][0]["label"] == "Wucheng Subdistrict\n12 · mean 1.5"
    zh_own = spec(maps.deck(cat, date(2024, 6, 7), spikes=own))
    assert layer(zh_own, "spike-labels")["data"][0]["label"] == "小店区坞城街道\n12 起 · 均值 1.5"


def test_the_wall_writes_a_spike_in_one_short_line(tiny_catalog):
    spikes = [Spike("140105001", "小店区坞城街道", 12, 1.5, 10.5, 1e-9, "坞城街道")]
    cat = Catalog(tiny_catalog, scope="140105")
    d = spec(maps.deck(cat, date(2024, 6, 7), spikes=spikes, kiosk=True))
    assert layer(d, "spike-labels")["data"][0]["label"] == "坞城街道 12 起"
    en = spec(maps.deck(cat, date(2024, 6, 7), spikes=spikes, kiosk=True, lang="en"))
    assert layer(en, "spike-labels")["data"][0]["label"] == "Wucheng Subdistrict 12"
    # Every word on the wall is at least 24 px.
    assert layer(d, "spike-labels")["getSize"] >= 24
    assert layer(d, "place-names")["getSize"] >= 24
    # Ringed in a dark red halo, not set on a box: a background is a layer of its own in the
    # browser, slow to start without a GPU.
    labels = layer(d, "spike-labels")
    assert not labels.get("background")
    assert labels["fontSettings"]["sdf"] and labels["outlineWidth"] > 0


def _box(view, lon, lat, text, size, offset=(0, 0)):
    x, y = map_labels._pixels(lon, lat, view.zoom)
    lines = text.count("\n") + 1
    w, h = map_labels._text_width(text, size) + 6, size * (1.3 + 1.2 * (lines - 1))
    x, y = x + offset[0], y + offset[1]
    return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def _apart(a, b) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_a_crowded_name_is_nudged_not_dropped():
    view = map_layers.fit_view((112.0, 37.0, 113.0, 38.0), (800, 600))
    lon, lat = 112.5, 37.5
    # Two names 10 px apart: written in the same spot they would overlap.
    dx = 10 / (
        map_labels._pixels(lon + 1, lat, view.zoom)[0] - map_labels._pixels(lon, lat, view.zoom)[0]
    )
    labels = [
        map_layers.Label("A", "晋源区", lon, lat),
        map_layers.Label("B", "小店区", lon + dx, lat),
    ]
    rows = map_labels.place_labels(labels, view, 20)
    assert [r["text"] for r in rows] == ["晋源区", "小店区"]
    assert rows[0]["offset"] == [0, 0]  # the larger place keeps its spot
    a = _box(view, lon, lat, "晋源区", 20)
    b = _box(view, lon + dx, lat, "小店区", 20, rows[1]["offset"])
    assert _apart(a, b), (a, b)


def test_a_name_on_two_lines_keeps_clear_of_the_one_below_it():
    """A two-line name is as tall as its lines: a name one line below its centre is nudged
    clear of both lines (with one line's height it was written over the second)."""
    view = map_layers.fit_view((112.0, 37.0, 113.0, 38.0), (800, 600))
    lon, lat = 112.5, 37.5
    per_px = (
        map_labels._pixels(lon, lat + 1, view.zoom)[1] - map_labels._pixels(lon, lat, view.zoom)[1]
    )
    below = lat + 30 / per_px  # 30 px lower: clear of one line (26 px), not of two (50 px)
    labels = [
        map_layers.Label("A", "Yingze\nDistrict", lon, lat),
        map_layers.Label("B", "Xiaodian\nDistrict", lon, below),
    ]
    rows = map_labels.place_labels(labels, view, 20)
    assert [r["text"] for r in rows] == ["Yingze\nDistrict", "Xiaodian\nDistrict"]
    a = _box(view, lon, lat, rows[0]["text"], 20, rows[0]["offset"])
    b = _box(view, lon, below, rows[1]["text"], 20, rows[1]["offset"])
    assert _apart(a, b), (a, b)
    assert a[3] - a[1] == pytest.approx(20 * 2.5)


def test_a_name_that_fits_nowhere_whole_is_written_short():
    """A district hemmed in by its neighbours' names: its two lines fit at no nudge, its name
    without the generic word does (the small central districts on the English wall)."""
    view = map_layers.fit_view((112.0, 37.0, 113.0, 38.0), (800, 600))
    lon, lat = 112.5, 37.5
    px = map_labels._pixels(lon + 1, lat + 1, view.zoom)
    x0, y0 = map_labels._pixels(lon, lat, view.zoom)
    per_x, per_y = px[0] - x0, px[1] - y0

    def at(dx_px: float, dy_px: float) -> tuple[float, float]:
        return lon + dx_px / per_x, lat + dy_px / per_y

    # Names 35 px above and below: a line of 26 px fits between them, two lines (50 px) do not,
    # nor do they once nudged a line up or down, or a third of their width aside.
    labels = [
        map_layers.Label("A", "Xinghualing District", *at(0, -35)),
        map_layers.Label("B", "Xiaodian District", *at(0, 35)),
        map_layers.Label("C", "Yingze\nDistrict", lon, lat, short="Yingze"),
        map_layers.Label("D", "Jinyuan\nDistrict", *at(0, 200)),  # room: stays whole
    ]
    rows = map_labels.place_labels(labels, view, 20)
    texts = [r["text"] for r in rows]
    assert texts == ["Xinghualing District", "Xiaodian District", "Yingze", "Jinyuan\nDistrict"]
    boxes = [_box(view, *r["position"], r["text"], 20, r["offset"]) for r in rows]
    assert all(_apart(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    # Without a short form the hemmed-in name is left out, as before.
    alone = [replace(lb, short="") for lb in labels]
    assert "Yingze\nDistrict" not in [r["text"] for r in map_labels.place_labels(alone, view, 20)]


def test_a_districts_short_name_drops_its_generic_word():
    assert romanise.short_label_en("迎泽区") == "Yingze"
    assert romanise.short_label_en("古交市") == "Gujiao"
    assert romanise.short_label_en("坞城街道") == "Wucheng"
    english = map_layers.in_language(
        map_layers.Outlines(
            "v", "", 6, (), (map_layers.Label("140106", "迎泽区", 112.5, 37.8),), None, None, {}
        ),
        "en",
    )
    assert english.labels[0].text == "Yingze\nDistrict" and english.labels[0].short == "Yingze"


def test_names_keep_clear_of_spike_rings_and_labels():
    view = map_layers.fit_view((112.0, 37.0, 113.0, 38.0), (800, 600))
    lon, lat = 112.5, 37.5
    labels = [map_layers.Label("A", "杏花岭区", lon, lat)]
    mark = {"position": [lon, lat], "label": "汇丰街道 36 起"}
    rows = map_labels.place_labels(labels, view, 20, [mark], 20, 12, ring=16)
    assert len(rows) == 1 and rows[0]["offset"] != [0, 0]  # moved off the ring
    x, y = map_labels._pixels(lon, lat, view.zoom)
    ring = (x - 16, y - 16, x + 16, y + 16)
    name = _box(view, lon, lat, "杏花岭区", 20, rows[0]["offset"])
    assert _apart(name, ring)
    # The spike's label went to a side where it covers no name either.
    w = map_labels._text_width(mark["label"], 20) + 12
    h = 20 * 1.25 + 6
    sx, sy = mark["offset"]
    cx = x + sx + {"start": w / 2, "end": -w / 2, "middle": 0}[mark["anchor"]]
    cy = y + sy + {"center": 0, "top": h / 2, "bottom": -h / 2}[mark["baseline"]]
    assert _apart(name, (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))


# -- drill by click ------------------------------------------------------------------------------


def test_clicked_code_reads_streamlits_selection_state():
    # As st.pydeck_chart(..., on_select="rerun", selection_mode="single-object") returns it
    # after a click on 古交市 (recorded from Streamlit 1.67 in Chromium; geometry shortened).
    ui_value = json.dumps(
        {
            "selection": {
                "indices": {"drill-city": [9]},
                "objects": {
                    "drill-city": [
                        {
                            "geometry": {
                                "coordinates": [[[111.93, 37.77], [112.3, 38.34], [111.93, 37.77]]],
                                "type": "Polygon",
                            },
                            "properties": {"code": "140181", "incidents": 40, "name": "古交市"},
                            "type": "Feature",
                        }
                    ]
                },
            }
        }
    )
    event = PydeckSelectionSerde().deserialize(ui_value)
    assert maps.clicked_code(event) == "140181"
    assert maps.clicked_code(PydeckSelectionSerde().deserialize(None)) is None
    assert maps.clicked_code(None) is None
    assert maps.clicked_code({"selection": {"indices": {}, "objects": {}}}) is None
    # Only the clickable outlines count: a picked object of another layer is not a drill.
    other = {"selection": {"objects": {"heat": [{"properties": {"code": "140105"}}]}}}
    assert maps.clicked_code(other) is None
    assert map_layers.drill_layer_id("") == "drill-city"


# -- cache ---------------------------------------------------------------------------------------


def test_outlines_are_cached_per_data_version_and_scope(tiny_catalog):
    maps.clear_cache()
    first = outlines.outlines(Catalog(tiny_catalog, scope="140105"))
    assert outlines.outlines(Catalog(tiny_catalog, scope="140105")) is first
    other = outlines.outlines(Catalog(tiny_catalog))
    assert other is not first and other.scope == "" and first.scope == "140105"
    assert first.data_version == Catalog(tiny_catalog).data_version
    # Drawing the map reuses them: the features sent share the cached geometry.
    deck = maps.deck(Catalog(tiny_catalog, scope="140105"), date(2024, 6, 7))
    drawn = next(x for x in deck.layers if x.id == "drill-140105").data["features"]
    assert drawn[0]["geometry"] is first.children[0]["geometry"]
    assert "incidents" not in first.children[0]["properties"]  # the cache is not written to
    maps.clear_cache()  # empties the outlines' cache too (dashboard.geo.outlines)
    assert outlines.outlines(Catalog(tiny_catalog, scope="140105")) is not first


def test_the_heat_picture_of_a_view_is_drawn_once_and_shared(tiny_catalog):
    maps.clear_cache()
    cat = Catalog(tiny_catalog)

    def heat(deck):
        return next(x for x in deck.layers if x.id == "heat")

    day = heat(maps.deck(cat, date(2024, 6, 7), window_days=7))
    assert heat(maps.deck(Catalog(tiny_catalog), date(2024, 6, 7), window_days=7)) is day
    # Another day, window, size or the kiosk's scale is another picture.
    others = [
        heat(maps.deck(cat, date(2024, 6, 5), window_days=7)),
        heat(maps.deck(cat, date(2024, 6, 7), window_days=1)),
        heat(maps.deck(cat, date(2024, 6, 7), window_days=7, size=(600, 400))),
        heat(maps.deck(cat, date(2024, 6, 7), window_days=7, kiosk=True)),
    ]
    assert all(x is not day for x in others)
    assert len({id(x) for x in others}) == len(others)


# -- generated demo data -------------------------------------------------------------------------


def test_demo_city_map_has_exactly_the_ten_districts(demo_catalog):
    cat = Catalog(demo_catalog)
    as_of = metrics.resolve_as_of(cat, None)
    d = spec(maps.deck(cat, as_of, spikes=metrics.spikes(cat, as_of)))
    features = drill_features(d)
    assert sorted(f["properties"]["code"] for f in features) == sorted(
        x.code for x in city.DISTRICTS
    )
    assert {f["properties"]["name"] for f in features} == {x.name_zh for x in city.DISTRICTS}
    for f in features:  # one clean polygon each: the unions leave no slivers behind
        geom = shape(f["geometry"])
        assert geom.geom_type == "Polygon" and geom.is_valid and not geom.interiors
    # The heat is the day's new incidents, at most one point per grid.
    heat = maps.heat_points(cat, as_of)
    grids = cat.sql("select count(*) as n from grids")["n"][0]
    assert heat.height <= grids and heat["grid_code"].is_unique().all()
    new = metrics.kpis_by_day(cat, as_of, as_of)["new"][0]
    assert heat["incidents"].sum() == new
    # Drawn on the server: the browser gets one picture, not a point per grid.
    picture = heat_image(d)
    assert picture is not None and len(layer(d, "heat")["image"]) < 150_000
    assert sum(f["properties"]["incidents"] for f in features) == new
    assert len(json.dumps(features)) < 150_000  # simplified: the city outlines stay small


def test_demo_district_map_holds_that_district_only(demo_catalog):
    cat = Catalog(demo_catalog, scope="140106")
    d = spec(maps.deck(cat, metrics.resolve_as_of(cat, None), window_days=7))
    codes = [f["properties"]["code"] for f in drill_features(d)]
    streets = cat.sql("select distinct street_code from grids order by 1")["street_code"]
    assert codes == streets.to_list()
    assert all(c.startswith("140106") for c in codes)
    outline = shapely.union_all([shape(f["geometry"]) for f in drill_features(d)])
    # Every grid of the district is outlined in the picture, no grid of the others.
    corners = grid_corners(Catalog(demo_catalog))
    assert len(grid_corners(cat)) == cat.sql("select count(*) as n from grids")["n"][0]
    ours = [c for c in corners if c.startswith("140106")]
    others = [c for c in corners if c[:6] in ("140105", "140107")]
    assert all(fine_drawn(d, corners[c]) for c in ours)
    # A neighbour's grid may touch the district: those well away from its streets are blank.
    near = outline.buffer(0.01)
    away = [c for c in others if not near.intersects(shapely.MultiPoint(corners[c]))]
    assert len(away) > 100 and all(fine_blank(d, corners[c]) for c in away)
    assert len(layer(d, "grid-outlines")["image"]) < 200_000


def test_outlines_are_straight_segments_each_shared_edge_once():
    # Two unit squares side by side: seven edges, the one they share (x = 1) drawn once.
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    right = {"type": "Polygon", "coordinates": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]}
    features = [{"geometry": square}, {"geometry": right}]
    assert map_layers.outline_segments(features) == [
        {"s": [0, 0], "t": [1, 0]},
        {"s": [1, 0], "t": [1, 1]},
        {"s": [1, 1], "t": [0, 1]},
        {"s": [0, 1], "t": [0, 0]},
        {"s": [1, 0], "t": [2, 0]},
        {"s": [2, 0], "t": [2, 1]},
        {"s": [2, 1], "t": [1, 1]},
    ]
    drawn = map_layers.outline_layer("o", features, map_layers.OUTLINE, 2.0)
    assert drawn.type == "LineLayer" and len(drawn.data) == 7


def test_drill_outlines_follow_the_places(tiny_catalog):
    d = spec(maps.deck(Catalog(tiny_catalog), date(2024, 6, 7)))
    lines = layer(d, "place-outlines")
    assert lines["@@type"] == "LineLayer" and lines["pickable"] is False
    # Every vertex of every district's outline is an end of a segment, and no other point is.
    ends = {tuple(seg[k]) for seg in lines["data"] for k in ("s", "t")}
    vertices = {
        tuple(round(v, 5) for v in point)
        for f in drill_features(d)
        for point in shapely.get_coordinates(shape(f["geometry"]))
    }
    assert ends == vertices
