"""A deck drawn as SVG (dashboard/geo/deck_svg.py) and the briefing's map drawn so
(maps.svg): positions worked out here with the Web Mercator formulas, names escaped, each
clickable place with its code and tooltip, nothing but the four kinds of layer it can draw."""

from __future__ import annotations

import math
import re
from datetime import date
from xml.etree import ElementTree

import pydeck as pdk
import pytest

from dashboard.data.catalog import Catalog
from dashboard.geo import deck_svg, map_layers, maps
from dashboard.measures.metrics import Spike

SIZE = (400, 300)
VIEW = pdk.ViewState(longitude=112.5, latitude=37.8, zoom=10)


def pixel(lon: float, lat: float, view=VIEW, size=SIZE) -> tuple[float, float]:
    """Where (lon, lat) lies on a map of `size` pixels centred on the view: 512 × 2^zoom world
    pixels round the globe, y by the Mercator formula, worked out here (not map_raster's)."""
    world = 512 * 2**view.zoom

    def x(lon_):
        return (lon_ + 180) / 360 * world

    def y(lat_):
        phi = math.radians(lat_)
        return (1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) / 2 * world

    return (
        x(lon) - x(view.longitude) + size[0] / 2,
        y(lat) - y(view.latitude) + size[1] / 2,
    )


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def numbers(d: str) -> list[float]:
    """A path's coordinates, x and y in turn."""
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", d)]


def flat(points) -> list[float]:
    return [v for point in points for v in point]


def tiny_deck(name: str = "龙城<社区>") -> pdk.Deck:
    square = [[112.49, 37.79], [112.51, 37.79], [112.51, 37.81], [112.49, 37.81], [112.49, 37.79]]
    picture = pdk.Layer("BitmapLayer", id="heat", bounds=[112.45, 37.75, 112.55, 37.85])
    picture.image = "data:image/png;base64,AAAA"
    layers = [
        picture,
        pdk.Layer(
            "GeoJsonLayer",
            id="drill-140105",
            data={
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Polygon", "coordinates": [square]},
                        "properties": {"code": "140105001", "name": name, "incidents": 7},
                    }
                ],
            },
            stroked=False,
            filled=True,
            get_fill_color=[255, 255, 255, 8],
            pickable=True,
        ),
        map_layers.outline_layer("place-outlines", [], map_layers.OUTLINE, 2.0),
        pdk.Layer(
            "LineLayer",
            id="lines",
            data=[{"s": [112.49, 37.79], "t": [112.51, 37.81]}],
            get_source_position="s",
            get_target_position="t",
            get_color=[214, 226, 242, 235],
            get_width=2.2,
        ),
        map_layers.names_layer(
            [{"position": [112.5, 37.8], "text": "Yingze\nDistrict", "offset": [0, 0]}], 20
        ),
    ]
    tip = map_layers.tooltip("<b>{name}</b> {code}: {incidents} {missing}")
    return map_layers.offline_deck(layers, VIEW, tip)


def test_each_layer_lies_where_the_mercator_formulas_put_it():
    root = parse(deck_svg.svg(tiny_deck(), SIZE))
    assert root.tag == "svg" and root.get("viewBox") == "0 0 400 300"
    assert root.get("data-view") == "112.5,37.8,10"
    # The background, then the layers in the deck's order.
    kinds = [(e.tag, e.get("id")) for e in root]
    assert kinds == [
        ("rect", None),
        ("image", "heat"),
        ("g", "drill-140105"),
        ("path", "lines"),  # the empty outline layer draws nothing
        ("g", "place-names"),
    ]
    assert root[0].get("fill") == "rgba(13,22,36,1)"
    # The picture stretched over its bounds: west/north at its top-left corner.
    image = root[1]
    left, top = pixel(112.45, 37.85)
    right, bottom = pixel(112.55, 37.75)
    assert float(image.get("x")) == pytest.approx(left, abs=0.06)
    assert float(image.get("y")) == pytest.approx(top, abs=0.06)
    assert float(image.get("width")) == pytest.approx(right - left, abs=0.11)
    assert float(image.get("height")) == pytest.approx(bottom - top, abs=0.11)
    assert image.get("href") == "data:image/png;base64,AAAA"
    # The segment's two ends.
    ends = numbers(root[3].get("d"))
    assert ends == pytest.approx(flat([pixel(112.49, 37.79), pixel(112.51, 37.81)]), abs=0.06)
    assert root[3].get("stroke-width") == "2.2"


def test_a_clickable_place_carries_its_code_and_its_tooltip_escaped():
    svg = deck_svg.svg(tiny_deck(), SIZE)
    assert "<社区>" not in svg  # escaped wherever the name is written
    place = parse(svg).find("g[@id='drill-140105']/path")
    assert place.get("class") == "pick" and place.get("tabindex") == "0"
    assert place.get("data-code") == "140105001"
    assert place.get("aria-label") == "龙城<社区>"
    # The tooltip's template filled in, the name escaped inside it (read back once by the
    # parser: the browser puts the attribute's text into the tooltip as HTML).
    assert place.get("data-tip") == "<b>龙城&lt;社区&gt;</b> 140105001: 7 "
    corners = numbers(place.get("d"))
    expected = [
        pixel(*p) for p in ([112.49, 37.79], [112.51, 37.79], [112.51, 37.81], [112.49, 37.81])
    ]
    assert corners[:8] == pytest.approx(flat(expected), abs=0.06)
    assert place.get("d").endswith("Z")


def test_a_name_on_two_lines_is_centred_on_its_place():
    names = parse(deck_svg.svg(tiny_deck(), SIZE)).find("g[@id='place-names']")
    assert names.get("font-size") == "20" and "WenQuanYi Micro Hei" in names.get("font-family")
    assert names.get("paint-order") == "stroke"  # the halo under the letters
    text = names.find("text")
    assert text.get("text-anchor") == "middle"
    lines = [(s.text, float(s.get("x")), float(s.get("y"))) for s in text.findall("tspan")]
    x, y = pixel(112.5, 37.8)
    line = 20 * deck_svg.LINE_HEIGHT
    assert [t for t, _, _ in lines] == ["Yingze", "District"]
    assert lines[0][1:] == pytest.approx((x, y - line / 2), abs=0.06)
    assert lines[1][1:] == pytest.approx((x, y + line / 2), abs=0.06)


def test_a_layer_it_cannot_draw_is_refused_by_name():
    hexagons = pdk.Layer("HexagonLayer", id="hexagons", data=[], get_position=["lon", "lat"])
    deck = map_layers.offline_deck([hexagons], VIEW)
    with pytest.raises(ValueError, match=r"'hexagons'.*found a HexagonLayer"):
        deck_svg.svg(deck, SIZE)
    metres = pdk.Layer("ScatterplotLayer", id="dots", data=[{"p": [112.5, 37.8]}], get_position="p")
    with pytest.raises(ValueError, match="radius in pixels"):
        deck_svg.svg(map_layers.offline_deck([metres], VIEW), SIZE)


def test_places_in_colours_of_their_own_and_hover_targets():
    """The workload map's two kinds: places each filled in its class's colour and outlined,
    and invisible dots at the grids' centres carrying the tooltips (short keys)."""
    square = [[112.49, 37.79], [112.51, 37.79], [112.51, 37.81], [112.49, 37.81], [112.49, 37.79]]
    places = pdk.Layer(
        "GeoJsonLayer",
        id="classes",
        data={
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [square]},
                    "properties": {"code": "140105", "name": "小店区", "fill": [230, 97, 1, 235]},
                }
            ],
        },
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=[13, 22, 36, 255],
        get_line_width=1.6,
        pickable=True,
    )
    dots = pdk.Layer(
        "ScatterplotLayer",
        id="tips",
        data=[{"p": [112.5, 37.8], "c": "1401050010010001", "n": "第一网格", "v": "6.0"}],
        get_position="p",
        get_fill_color=[0, 0, 0, 0],
        get_radius=7,
        radius_units=map_layers.literal("pixels"),
        pickable=True,
    )
    tip = map_layers.tooltip("{n}{name}: {v}")
    root = parse(deck_svg.svg(map_layers.offline_deck([places, dots], VIEW, tip), SIZE))
    group = root.find("g[@id='classes']")
    assert group.get("stroke") == "rgba(13,22,36,1)" and group.get("stroke-width") == "1.6"
    place = group.find("path")
    assert place.get("fill") == "rgba(230,97,1,0.922)" and place.get("data-code") == "140105"
    dot = root.find("g[@id='tips']/circle")
    assert dot.get("class") == "pick" and dot.get("data-code") == "1401050010010001"
    assert dot.get("r") == "7" and dot.get("fill") == "rgba(0,0,0,0)"
    assert (float(dot.get("cx")), float(dot.get("cy"))) == pytest.approx(
        pixel(112.5, 37.8), abs=0.06
    )
    assert dot.get("data-tip") == "第一网格: 6.0" and dot.get("aria-label") == "第一网格"


def test_the_briefing_map_as_svg_is_the_decks_places_counts_and_names(tiny_catalog):
    maps.clear_cache()
    cat = Catalog(tiny_catalog, scope="140105")
    spikes = [Spike("140105001", "小店区坞城街道", 12, 1.5, 10.5, 1e-9)]
    svg = maps.svg(cat, date(2024, 6, 7), window_days=7, spikes=spikes)
    root = parse(svg)
    places = root.findall(".//path[@class='pick']")
    # The district's two streets, clickable, with their incidents of the 7 days counted by hand
    # (tiny_exports.py: G1 two, G2 two in 坞城街道; G3 two in 北格镇).
    assert [p.get("data-code") for p in places] == ["140105001", "140105002"]
    tips = [p.get("data-tip") for p in places]
    assert "坞城街道" in tips[0] and "<b>4</b>" in tips[0]
    assert "北格镇" in tips[1] and "<b>2</b>" in tips[1]
    assert "2024-06-07" in tips[0]  # the window, as the tooltip's line says it
    names = {"".join(t.itertext()) for t in root.findall("g[@id='place-names']/text")}
    assert names == {"坞城街道", "北格镇"}
    spike = "".join(root.find("g[@id='spike-labels']/text").itertext())
    assert spike.startswith("小店区坞城街道") and "12 起" in spike
    # The pictures: the heat, the grids' outlines, the spike's ring; no other district.
    assert [i.get("id") for i in root.findall("image")] == ["heat", "grid-outlines", "spike-rings"]
    assert "140106" not in svg and "迎泽" not in svg
    # Offline: nothing in it names an address (the pictures are data: URLs).
    without_pictures = re.sub(r'href="data:image/png;base64,[^"]*"', "", svg)
    assert "http" not in without_pictures.lower() and "url(" not in without_pictures
    # Drawn once per view and shared; another language is another drawing.
    assert maps.svg(cat, date(2024, 6, 7), window_days=7, spikes=spikes) is svg
    english = maps.svg(cat, date(2024, 6, 7), window_days=7, spikes=spikes, lang="en")
    assert english is not svg and "Wucheng" in english


def test_the_city_workload_map_as_svg_keeps_each_districts_class(demo_catalog):
    from datetime import timedelta

    from dashboard.analysis import workload_analysis as wa
    from dashboard.analysis import workload_map as wm
    from dashboard.geo import outlines
    from dashboard.measures import metrics

    cat = Catalog(demo_catalog)
    last = metrics.resolve_as_of(cat, None)
    view = wa.build(cat, last - timedelta(days=29), last)
    measure = "cases_handled"
    mean = float(view.workers[measure].mean())
    values = wa.place_values(view.workers, view.assignments, measure, 6)
    root = parse(wm.grid_map_svg(cat, values, measure, "zh", mean))
    places = root.findall(".//path[@class='pick']")
    deck = wm.place_deck(outlines.outlines(cat), values, measure, "zh", mean)
    features = deck.layers[0].data["features"]
    assert [p.get("data-code") for p in places] == [f["properties"]["code"] for f in features]
    for p, f in zip(places, features, strict=True):
        r, g, b, a = f["properties"]["fill"]
        assert p.get("fill") == f"rgba({r},{g},{b},{a / 255:.3g})"
        assert f["properties"]["v"] in p.get("data-tip")
    assert len({p.get("fill") for p in places}) >= 2  # districts in more than one class
