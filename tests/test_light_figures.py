"""Figures drawn from counted data instead of raw values (issue 14): each checked against values
worked out here from the raw rows — the Kaplan–Meier curve's drawn points, the histograms'
bars, the workload map's picture and hover targets, tables drawn in part with a search box."""

from __future__ import annotations

import base64
import io
import json
import math
from datetime import timedelta

import apptest_pages
import numpy as np
import polars as pl
import shapely
from PIL import Image

from dashboard.analysis import km_figures as kmf
from dashboard.analysis import training_figures as tf
from dashboard.analysis import workload_analysis as wa
from dashboard.analysis import workload_figures as wf
from dashboard.analysis import workload_map as wm
from dashboard.app import analysis_page
from dashboard.core import i18n
from dashboard.data.catalog import Catalog
from dashboard.geo import map_raster, outlines
from dashboard.measures import metrics

MEASURE = "patrol_minutes_per_day"


def step_value(hours: list[float], survival: list[float], x: float) -> float:
    """S(x) of a step curve, by a plain loop: the survival after the last event at or before x."""
    value = 1.0
    for h, s in zip(hours, survival, strict=True):
        if h <= x:
            value = s
    return value


def test_a_short_km_curve_is_drawn_through_every_step():
    curve = (np.array([0.005, 2.0, 5.0]), np.array([0.9, 0.5, 0.2]))
    x, (y,) = kmf.km_drawn_together([curve], 1 / 60, 100.0)
    # From (a minute, 100 %), each event (the first raised to a minute), flat to the end.
    assert x == [1 / 60, float(f"{1 / 60:.4g}"), 2.0, 5.0, 100.0]
    assert y == [1.0, 0.9, 0.5, 0.2, 0.2]


def test_a_long_km_curve_is_drawn_at_log_spaced_hours_with_its_values_there():
    rng = np.random.default_rng(7)
    hours = np.sort(rng.uniform(0.02, 900.0, 5000))
    survival = np.linspace(0.9998, 0.05, 5000)
    x, (y,) = kmf.km_drawn_together([(hours, survival)], 1 / 60, 1000.0, points=300)
    x, y = x[1:], y[1:]  # after (a minute, 100 %)
    assert len(x) == len(y) == 300
    assert math.isclose(x[0], 1 / 60, rel_tol=1e-3) and x[-1] == 1000.0
    ratios = np.diff(np.log(x))
    assert np.allclose(ratios[1:-1], ratios[1], rtol=0.05)  # evenly spaced on the log axis
    for xi, yi in list(zip(x, y, strict=True))[::17]:
        assert math.isclose(yi, step_value(hours.tolist(), survival.tolist(), xi), abs_tol=1e-4)


def test_km_curves_drawn_together_share_their_hours():
    """ECharts' axis tooltip lists only the series with a point nearest the hovered hour: every
    curve gets a point at every curve's events, its own value there."""
    a = (np.array([0.005, 2.0, 5.0]), np.array([0.9, 0.5, 0.2]))
    b = (np.array([1.0, 5.0, 30.0]), np.array([0.75, 0.5, 0.0]))
    x, (ya, yb) = kmf.km_drawn_together([a, b], 1 / 60, 100.0)
    assert x == [1 / 60, float(f"{1 / 60:.4g}"), 1.0, 2.0, 5.0, 30.0, 100.0]
    assert ya == [1.0, 0.9, 0.9, 0.5, 0.2, 0.2, 0.2]
    assert yb == [1.0, 1.0, 0.75, 0.75, 0.5, 0.0, 0.0]


def test_many_km_curves_drawn_together_at_log_spaced_hours():
    rng = np.random.default_rng(11)
    curves = []
    for n in (3000, 40):
        hours = np.sort(rng.uniform(0.02, 900.0, n))
        curves.append((hours, np.linspace(0.999, 0.05, n)))
    x, ys = kmf.km_drawn_together(curves, 1 / 60, 1000.0, points=300)
    assert len(x) == 301 and all(len(y) == 301 for y in ys)  # (a minute, 100 %) first
    for (hours, survival), y in zip(curves, ys, strict=True):
        for xi, yi in list(zip(x[1:], y[1:], strict=True))[::13]:
            want = step_value(hours.tolist(), survival.tolist(), xi)
            # hours shown to 4 significant digits: a step within that rounding may fall on either side
            near = [step_value(hours.tolist(), survival.tolist(), xi * f) for f in (0.9995, 1.0005)]
            assert math.isclose(yi, want, abs_tol=1e-4) or any(
                math.isclose(yi, v, abs_tol=1e-4) for v in near
            )


def test_workload_histogram_bars_count_every_worker_once():
    values = [0.0, 0.5, 1.0, 1.0, 2.5, 3.0, 9.9, 10.0, 4.0, 4.0, 4.0, 7.2]
    workers = pl.DataFrame({MEASURE: values, "employment": ["full_time"] * 8 + ["part_time"] * 4})
    chart = wf.histogram(workers, MEASURE, "en", median=4.0, fence=None)
    bars = [s for s in chart.option["series"] if s["type"] == "bar"]
    assert all(s["stack"] == "workers" for s in bars)  # one bar per bin, the kinds stacked
    assert sum(b["value"][1] for s in bars for b in s["data"]) == len(values)
    # Bins of equal width from the smallest value, the largest counted in the last one.
    n = int(np.clip(2 * np.sqrt(len(values)), 5, 40))  # 6 bins over 0 … 10, width 10/6
    width = 10 / n
    assert chart.option["xAxis"]["min"] == 0.0
    assert math.isclose(chart.option["xAxis"]["max"], (n + 1) * width)
    for s in bars:
        kind = "full_time" if s["name"] == i18n.t("wl_employment_full_time", "en") else "part_time"
        mine = workers.filter(pl.col("employment") == kind)[MEASURE].to_list()
        for bar in s["data"]:
            centre, count = bar["value"]
            lo = centre - width / 2
            assert count == sum(1 for v in mine if lo - 1e-9 <= v < lo + width - 1e-9)
        centres = [b["value"][0] for b in s["data"]]
        assert np.allclose(np.diff(centres), width)
    # The median marked (no fences given): one line at 4.0.
    assert [line["xAxis"] for line in bars[0]["markLine"]["data"]] == [4.0]


def test_training_hours_bars_are_workers_per_whole_hour():
    hours = [0.0, 0.0, 0.5, 1.0, 1.5, 1.99, 3.0, 12.25]
    chart = tf.hours(pl.DataFrame({"hours_365d": hours}), "en")
    (series,) = chart.option["series"]
    # A bar per hour from 0 to the last, at the middle of [h, h+1): 0–1 h holds 0.0, 0.0, 0.5;
    # 1–2 h 1.0, 1.5, 1.99; 3–4 h 3.0; 12–13 h 12.25; the hours between empty (so every bar
    # is an hour wide: ECharts sizes bars on a value axis by the closest two).
    counts = {0: 3, 1: 3, 3: 1, 12: 1}
    assert [bar["value"] for bar in series["data"]] == [
        [h + 0.5, counts.get(h, 0)] for h in range(13)
    ]
    tips = [bar["tooltip"]["formatter"] for bar in series["data"]]
    assert tips[:4] == ["0–1 h: 3", "1–2 h: 3", "2–3 h: 0", "3–4 h: 1"]
    assert tips[-1] == "12–13 h: 1"
    # The median of the eight values, (1.0 + 1.5) / 2 = 1.25, as a line labelled 1.2 (1.25
    # rounds half to even); the axis runs to the end of the last bin.
    assert series["markLine"]["data"] == [{"xAxis": 1.25}]
    assert series["markLine"]["label"]["formatter"] == "Median 1.2 h"
    assert chart.option["xAxis"]["max"] == 13


def picture(deck_json: dict, layer_id: str) -> tuple[np.ndarray, list[float]]:
    layer = next(x for x in deck_json["layers"] if x["id"] == layer_id)
    png = base64.b64decode(layer["image"].split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")), layer["bounds"]


def pixel(rgba: np.ndarray, bounds: list[float], lon: float, lat: float) -> list[int]:
    west, south, east, north = bounds

    def merc(y):
        return math.log(math.tan(math.pi / 4 + math.radians(y) / 2))

    col = int((lon - west) / (east - west) * rgba.shape[1])
    row = int((merc(north) - merc(lat)) / (merc(north) - merc(south)) * rgba.shape[0])
    return rgba[row, col].tolist()


# The classes' edges as factors of the scope's mean per worker, written out here.
FACTORS = (0.5, 2 / 3, 1 / 1.1, 1.1, 1.5, 2.0)


def expected_colours(grids: pl.DataFrame, values: pl.DataFrame, mean: float) -> dict:
    """grid → RGBA: the class of its value (how many of mean × FACTORS it reaches), grey
    without a worker."""
    value = dict(zip(values["grid_code"], values["value"], strict=True))
    out = {}
    for code in grids["grid_code"]:
        v = value.get(code)
        if v is None:
            out[code] = wm.NO_WORKER
        else:
            k = sum(1 for f in FACTORS if v >= mean * f)
            out[code] = [*wm.BAND_COLORS[k], wm.FILL_ALPHA]
    return out


def test_workload_map_legend_runs_around_the_mean():
    # mean 60: edges 30, 40, 54.5 (60 ÷ 1.1), 66, 90, 120
    texts = [text for _, text in wm.legend(wm.band_edges(60.0), MEASURE)]
    assert texts == [
        "< 30.0",
        "30.0 – 40.0",
        "40.0 – 54.5",
        "54.5 – 66.0",
        "66.0 – 90.0",
        "90.0 – 120.0",
        "≥ 120.0",
    ]
    # Each chip as the map shows its class: the fill laid over the dark background, e.g. the
    # middle class 247 at 235/255 over (13, 22, 36): 247·235/255 + 13·20/255 = 228.6 → 229.
    colours = [colour for colour, _ in wm.legend(wm.band_edges(60.0), MEASURE)]
    assert colours[3] == "rgb(229,229,230)"  # 22·20/255 = 1.7 → 229.3; 36·20/255 = 2.8 → 230.4
    assert wm.on_map([120, 128, 140, 200]) == "rgb(97,105,118)"  # no worker, at 200/255
    # A small mean of a count: two significant digits on every chip, not "0 – 1", "1 – 1".
    texts = [text for _, text in wm.legend(wm.band_edges(0.9), "incidents_reported")]
    assert texts[0] == "< 0.45" and texts[3] == "0.82 – 0.99" and texts[-1] == "≥ 1.80"
    assert wf.fmt_stat(0.64, "incidents_reported") == "0.64"
    assert wf.fmt_stat(1.3, "incidents_reported") == "1.3"
    assert wf.fmt_stat(35.0, "incidents_reported") == "35"
    assert wf.fmt_stat(1234.56, MEASURE) == "1,234.6"
    # No mean to compare with (every worker at 0): one class, the middle one.
    assert wm.band_edges(0.0).size == 0 and len(wm.legend(wm.band_edges(None), MEASURE)) == 1
    assert list(wm.band_of(np.array([0.0, 5.0]), wm.band_edges(0.0))) == [3, 3]
    # 60.0 and 64.4 are 7.3 % apart
    values = pl.DataFrame({"code": ["a", "b", "c"], "value": [60.0, 64.4, None]})
    assert wm.range_note(values, MEASURE, "zh") == "图中最低 60.0、最高 64.4，相差 7.3%。"
    assert wm.range_note(values.head(0), MEASURE, "en") == ""
    far = pl.DataFrame({"code": ["a", "b"], "value": [24.2, 140.7]})  # 140.7 / 24.2 = 5.81
    assert wm.range_note(far, MEASURE, "en") == (
        " Drawn here: lowest 24.2, highest 140.7, 5.8 times the lowest."
    )


def test_districts_a_few_percent_apart_share_the_middle_class(demo_catalog):
    cat = Catalog(demo_catalog)
    last = metrics.resolve_as_of(cat, None)
    view = wa.build(cat, last - timedelta(days=29), last)
    mean = float(view.workers[MEASURE].mean())
    values = wa.place_values(view.workers, view.assignments, MEASURE, 6)
    deck = wm.place_deck(outlines.outlines(cat), values, MEASURE, "zh", mean)
    d = json.loads(deck.to_json())
    features = d["layers"][0]["data"]["features"]
    value = dict(zip(values["code"], values["value"], strict=True))
    for f in features:
        v = value.get(f["properties"]["code"])
        k = sum(1 for x in FACTORS if v >= mean * x)
        assert f["properties"]["fill"] == [*wm.BAND_COLORS[k], wm.FILL_ALPHA]
        if abs(v / mean - 1) < 0.09:  # within a tenth of the mean: the pale middle class
            assert f["properties"]["fill"][:3] == [247, 247, 247]


def close(a: list[int], b: list[int], tolerance: int = 2) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a, b, strict=True))


def inside_px(geometry: dict, centre: tuple[float, float], zoom: float) -> float:
    """How far (map pixels) the centre lies inside the grid's outline; negative outside."""
    rings = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    best = -math.inf
    cx, cy = map_raster.world_px(np.array([centre[0]]), np.array([centre[1]]), zoom)
    point = shapely.Point(cx[0], cy[0])
    for polygon in rings:
        ring = np.asarray(polygon[0])
        x, y = map_raster.world_px(ring[:, 0], ring[:, 1], zoom)
        shape = shapely.Polygon(np.column_stack([x, y]))
        d = shape.exterior.distance(point)
        best = max(best, d if shape.contains(point) else -d)
    return best


def workload_values(cat: Catalog) -> tuple[pl.DataFrame, float]:
    """The grids' values over the last 30 days, and the scope's mean per worker."""
    last = metrics.resolve_as_of(cat, None)
    view = wa.build(cat, last - timedelta(days=29), last)
    mean = float(view.workers[MEASURE].mean())
    return wa.grid_values(view.workers, view.assignments, MEASURE), mean


def test_district_workload_map_is_a_picture_of_each_grid_in_its_class_colour(demo_catalog):
    cat = Catalog(demo_catalog, scope="140105")
    shapes = wa.grid_shapes(cat)
    assert shapes.geometry is not None  # a district: outlines, and a hover target per grid
    values, mean = workload_values(cat)
    deck = wm.grid_deck(shapes, outlines.outlines(cat), values, MEASURE, "zh", mean)
    d = json.loads(deck.to_json())
    rgba, bounds = picture(d, "workload-grids")
    want = expected_colours(shapes.grids, values, mean)
    centres = dict(
        zip(shapes.grids["grid_code"], shapes.grids.select("lon", "lat").rows(), strict=True)
    )
    # Where a grid's centre lies 3 pixels or more inside its outline, the picture shows the
    # grid's colour there (to ±2 per channel: the reduction from the finer drawing rounds).
    zoom = d["initialViewState"]["zoom"]
    roomy = [g for g in want if inside_px(shapes.geometry[g], centres[g], zoom) >= 3]
    assert len(roomy) > 50  # at the district's zoom most urban grids are a few pixels wide
    for g in roomy:
        assert close(pixel(rgba, bounds, *centres[g]), want[g]), g
    assert len({tuple(want[g]) for g in roomy}) >= 4  # several classes among them
    tips = next(x for x in d["layers"] if x["id"] == "workload-grid-tips")["data"]
    assert sorted(r["c"] for r in tips) == sorted(shapes.grids["grid_code"])
    value = dict(zip(values["grid_code"], values["value"], strict=True))
    workers = dict(zip(values["grid_code"], values["workers"], strict=True))
    names = dict(zip(shapes.grids["grid_code"], shapes.grids["grid_name"], strict=True))
    for r in tips:
        v = value.get(r["c"])
        assert r["v"] == (i18n.t("wl_map_no_worker", "zh") if v is None else wf.fmt(v, MEASURE))
        assert r["n"] == names[r["c"]] and r["w"] == workers.get(r["c"], 0)
        assert math.dist(r["p"], centres[r["c"]]) < 1e-4
    # The unit is said once, in the tooltip.
    assert i18n.t(f"wl_unit_{MEASURE}", "zh") in deck._tooltip["html"]  # what st.pydeck_chart sends
    assert len(json.dumps(d, ensure_ascii=False).encode()) < 500_000


def test_city_workload_map_draws_a_dot_per_grid_and_no_per_grid_data(demo_catalog):
    cat = Catalog(demo_catalog)
    shapes = wa.grid_shapes(cat)
    assert shapes.geometry is None and shapes.grids.height > wa.MAX_GRID_POLYGONS
    values, mean = workload_values(cat)
    deck = wm.grid_deck(shapes, outlines.outlines(cat), values, MEASURE, "en", mean)
    d = json.loads(deck.to_json())
    assert [x["id"] for x in d["layers"]] == ["workload-grids", "workload-places"]
    rgba, bounds = picture(d, "workload-grids")
    want = expected_colours(shapes.grids, values, mean)
    # Dots overlap where grids are dense: every dot with no other grid's centre within 6
    # pixels shows its grid's colour at its centre (to ±2 per channel: rounding).
    zoom = d["initialViewState"]["zoom"]
    x, y = map_raster.world_px(shapes.grids["lon"].to_numpy(), shapes.grids["lat"].to_numpy(), zoom)
    apart = []
    for i, (g, lon, lat) in enumerate(shapes.grids.select("grid_code", "lon", "lat").iter_rows()):
        others = np.hypot(x - x[i], y - y[i])
        others[i] = np.inf
        if others.min() >= 6:
            apart.append((g, lon, lat))
    assert len(apart) > 100
    for g, lon, lat in apart:
        assert close(pixel(rgba, bounds, lon, lat), want[g]), g
    assert len(json.dumps(d).encode()) < 300_000


def test_grid_picture_fills_a_square_and_leaves_the_rest_clear():
    raster = map_raster.raster_for((112.5, 37.8), 12.0, (200, 200), 0, cell=1)
    square = np.array([[112.49, 37.79], [112.51, 37.79], [112.51, 37.81], [112.49, 37.81]])
    rgba = map_raster.polygons(raster, [[square]], [[10, 200, 30, 255]])
    x, y = map_raster.world_px(square[:, 0], square[:, 1], 12.0)
    cols, rows = np.sort(x - raster.left), np.sort(y - raster.top)
    inside = rgba[int(rows[0]) + 2 : int(rows[-1]) - 1, int(cols[0]) + 2 : int(cols[-1]) - 1]
    assert (inside == [10, 200, 30, 255]).all()
    outside = np.ones(rgba.shape[:2], dtype=bool)
    outside[int(rows[0]) - 1 : int(rows[-1]) + 2, int(cols[0]) - 1 : int(cols[-1]) + 2] = False
    assert (rgba[outside][:, 3] == 0).all()


def test_a_long_table_is_drawn_in_part_and_the_search_finds_any_row(
    monkeypatch, demo, demo_catalog
):
    at = apptest_pages.open_page(
        monkeypatch, demo.exports, demo_catalog, "workload", lang="en", section="workers"
    )
    heading = i18n.t("wl_col_worker_id", "en")
    every = [d for d in apptest_pages.shown_tables(at) if heading in d.columns][-1]
    # The page lists the workers in post some time in its window (the default, ending on the last
    # full day) and assigned to a grid in it; the demo's workers table also holds earlier leavers.
    cat = Catalog(demo_catalog)
    data_first, last = metrics.data_days(cat)
    first = max(data_first, last - timedelta(days=analysis_page.DEFAULT_WINDOW - 1))
    ids = cat.sql(
        "select worker_id from workers w where hired_on <= $last "
        "and (left_on is null or left_on > $first) and exists (select 1 from worker_grids a "
        "where a.worker_id = w.worker_id and a.valid_from <= $last "
        "and (a.valid_to is null or a.valid_to > $first)) order by worker_id",
        {"first": first, "last": last},
    )["worker_id"]
    workers = ids.len()
    assert len(every) == min(workers, analysis_page.TABLE_ROWS) < workers
    n = f"{analysis_page.TABLE_ROWS:,}"
    assert i18n.t("table_first_rows", "en", shown=n, total=f"{workers:,}", all=f"{workers:,}") in [
        c.value for c in at.caption
    ]
    # A worker far down the list (not drawn) is found by part of their id, in any case.
    hidden = next(w for w in ids if w not in set(every[heading]))
    box = next(w for w in at.text_input if w.key == "find_workload_by_worker")
    box.input(hidden.lower()).run()
    apptest_pages.assert_ok(at)
    found = [d for d in apptest_pages.shown_tables(at) if heading in d.columns][-1]
    assert found[heading].tolist() == [hidden]
    assert i18n.t("table_found", "en", n="1") in [c.value for c in at.caption]


def test_km_curves_alike_in_hue_differ_in_line():
    # Blue and sky blue, orange and vermilion read as one colour in thin lines: one of each
    # pair is solid, the other dashed.
    style = {c: kmf.line_type(i) for i, c in enumerate(kmf.COLOURS)}
    assert style["#0072B2"] == "solid" and style["#56B4E9"] == "dashed"  # blue, sky blue
    assert style["#E69F00"] == "solid" and style["#D55E00"] == "dashed"  # orange, vermilion
    assert [kmf.line_type(i) for i in range(8)] == ["solid"] * 5 + ["dashed"] * 3
