"""The /workload page: its figures against values worked out by hand on the tiny dataset and
against independent Polars computations over the demo exports (never through the catalog), and
the page under AppTest in zh and en, at city, district and grid level, with its widgets driven."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import apptest_pages
import numpy as np
import polars as pl
import pytest
import tiny_exports as tiny
from streamlit.testing.v1 import AppTest

from dashboard.analysis import workload_analysis as wa
from dashboard.app import analysis_page
from dashboard.core import i18n
from dashboard.data.catalog import Catalog

AS_OF = date(2026, 10, 31)  # the demo's last full day
DAYS = 30
FIRST = AS_OF - timedelta(days=DAYS - 1)
DISTRICT = "140105"


def read_export(exports, table: str) -> pl.DataFrame:
    return pl.read_parquet(exports / table / "**" / "*.parquet", hive_partitioning=False)


def gini_by_definition(x: np.ndarray) -> float:
    """Gini as the mean absolute difference over all ordered pairs ÷ twice the mean, summed in
    blocks so that 8,650 workers need no 8,650² matrix."""
    x = np.asarray(x, dtype=float)
    total = sum(np.abs(x[i : i + 1000, None] - x[None, :]).sum() for i in range(0, x.size, 1000))
    return total / (2 * x.size**2 * x.mean())


# -- hand-worked values on the tiny dataset --------------------------------------------------------


def test_tiny_workload_by_hand(tiny_catalog):
    """Window 2024-05-10 … 2024-06-08 (30 days). W003 left on 05-31 (exclusive), so was in post
    05-10 … 05-30 = 21 days; W001 and W002 all 30. Patrols: W001 120 + 60 min on 06-01 (G1, G2),
    W002 180 on 06-04, W003 90 on 05-20. Settled cases (closed in the window, never dispatched):
    E0001 (G1, 06-01) and E0008 (G2, 06-08) → W001, the only worker of G1 and G2; E0007 (G4,
    05-20) → W003, G4's worker until 05-31. E0002 was dispatched, E0003 is not closed."""
    cat = Catalog(tiny_catalog)
    view = wa.build(cat, date(2024, 5, 10), date(2024, 6, 8))
    w = {r["worker_id"]: r for r in view.workers.iter_rows(named=True)}
    assert sorted(w) == ["W001", "W002", "W003"]
    assert [w[k]["days_in_post"] for k in sorted(w)] == [30, 30, 21]
    assert [w[k]["patrol_minutes_per_day"] for k in sorted(w)] == [6.0, 6.0, pytest.approx(90 / 21)]
    assert [w[k]["cases_handled"] for k in sorted(w)] == [2.0, 0.0, 1.0]
    assert [w[k]["incidents_reported"] for k in sorted(w)] == [1, 1, 1]
    assert [w[k]["households_visited"] for k in sorted(w)] == [23, 22, 11]
    assert [w[k]["households_in_grids"] for k in sorted(w)] == [840.0, 420.0, 420.0]
    assert w["W001"]["grid_names"] == "龙城社区第一网格、龙城社区第二网格"
    assert [w[k]["full_window"] for k in sorted(w)] == [True, True, False]
    # Gini of (6, 6, 90/21): pairs differ only against W003 — 4 ordered pairs of |6 − 90/21|.
    x = 90 / 21
    by_hand = 4 * (6 - x) / (2 * 9 * ((12 + x) / 3))
    assert wa.spread(view.workers, "patrol_minutes_per_day").gini == pytest.approx(by_hand)
    # G4 has nobody from 05-31 on: vacant on the as-of day for 9 days (05-31 … 06-08).
    vacant = view.without_worker
    assert vacant["grid_code"].to_list() == [tiny.G4]
    assert vacant["vacant_since"].to_list() == [date(2024, 5, 31)]
    assert vacant["days_vacant"].to_list() == [9]
    by_day = dict(view.without_by_day.select("day", "grids_without_worker").iter_rows())
    assert by_day[date(2024, 5, 30)] == 0 and by_day[date(2024, 5, 31)] == 1
    assert sum(by_day.values()) == 9 and view.without_by_day["grids"].unique().to_list() == [4]
    # The map: G1 and G2 carry W001's value, G3 W002's, G4 W003's (assigned in the window).
    values = dict(
        wa.grid_values(view.workers, view.assignments, "cases_handled")
        .select("grid_code", "value")
        .iter_rows()
    )
    assert values == {tiny.G1: 2.0, tiny.G2: 2.0, tiny.G3: 0.0, tiny.G4: 1.0}
    # The city's map colours districts: 小店区 holds W001 (2) and W002 (0), counted once each
    # though W001 has two grids → 1.0 over 2 workers; 迎泽区 W003 → 1.0 over 1. A district's
    # map colours its streets: 140105001 W001 → 2.0, 140105002 W002 → 0.0.
    by_district = wa.map_values(view.workers, view.assignments, "cases_handled", "")
    assert by_district.rows() == [("140105", 1.0, 2), ("140106", 1.0, 1)]
    by_street = wa.map_values(view.workers, view.assignments, "cases_handled", "140105")
    assert by_street.rows()[:2] == [("140105001", 2.0, 1), ("140105002", 0.0, 1)]
    by_grid = wa.map_values(view.workers, view.assignments, "cases_handled", "140105001")
    assert by_grid["grid_code"].to_list()[:2] == [tiny.G1, tiny.G2]
    # A district's view holds its own workers only (W003's grid G4 lies in 迎泽区).
    yingze = wa.build(Catalog(tiny_catalog, scope="140106"), date(2024, 5, 10), date(2024, 6, 8))
    assert yingze.workers["worker_id"].to_list() == ["W003"]
    assert yingze.without_worker["grid_code"].to_list() == [tiny.G4]


def test_tiny_transfers_and_leavers_by_hand(tmp_path):
    """Two cases the demo data never has. W004 covered G4 (迎泽区) until 2023-12-31 and has had
    no assignment since, though still in post: not a worker of 迎泽区 (or of anywhere) in the
    window. W003 left on 05-31 but its assignment to G4 was never closed: G4 is vacant from the
    leaving day, 05-31, not since W004's assignment ended, and W003 gets no share of later cases."""
    from dashboard.pipeline.ingest import ingest

    data = tiny.rows()
    data["workers"].append(
        {
            "worker_id": "W004",
            "display_name": "网格员丁",
            "employment": "full_time",
            "hired_on": date(2020, 1, 1),
            "left_on": None,
        }
    )
    data["worker_grids"].append(
        {
            "worker_id": "W004",
            "grid_code": tiny.G4,
            "role": "lead",
            "valid_from": date(2020, 1, 1),
            "valid_to": date(2024, 1, 1),
        }
    )
    for a in data["worker_grids"]:
        if a["worker_id"] == "W003":
            a["valid_to"] = None
    exports = tiny.write(tmp_path / "exports", data)
    path = tmp_path / "catalog.duckdb"
    ingest(exports, path, now=datetime(2024, 12, 1, 8, 0), progress=False)
    yingze = wa.build(Catalog(path, scope="140106"), date(2024, 5, 10), date(2024, 6, 8))
    assert yingze.workers["worker_id"].to_list() == ["W003"]
    city = wa.build(Catalog(path), date(2024, 5, 10), date(2024, 6, 8))
    assert city.workers["worker_id"].to_list() == ["W001", "W002", "W003"]
    assert city.without_worker["grid_code"].to_list() == [tiny.G4]
    assert city.without_worker["vacant_since"].to_list() == [date(2024, 5, 31)]
    assert city.without_worker["days_vacant"].to_list() == [9]


def test_fences_and_lists_by_hand():
    workers = pl.DataFrame(
        {
            "worker_id": [f"W{i}" for i in range(9)],
            "display_name": ["x"] * 9,
            "employment": ["full_time"] * 9,
            "grids": [1] * 9,
            "grid_names": ["g"] * 9,
            "street_names": ["s"] * 9,
            "full_window": [True] * 8 + [False],
            # the first eight sorted: 1 5 10 11 12 12 25 40 → median (11 + 12) / 2 = 11.5,
            # bounds 5.75 and 23
            "incidents_reported": [1, 10, 11, 5, 12, 12, 25, 40, 500],
        }
    )
    fence, over, under = wa.loaded(workers, "incidents_reported")
    assert (fence.median, fence.low, fence.high, fence.workers) == (11.5, 5.75, 23.0, 8)
    # W6 (25) and W7 (40) are above 23; W8 (500) too, but not in post all along.
    assert over["worker_id"].to_list() == ["W7", "W6"]
    assert under["worker_id"].to_list() == ["W0", "W3"]  # 1 and 5, lowest first
    # A median of 0 gives no ratio to judge by: nobody is listed.
    zero = workers.with_columns(pl.Series("incidents_reported", [0, 0, 0, 0, 0, 3, 4, 9, 1]))
    fence, over, under = wa.loaded(zero, "incidents_reported")
    assert fence.median == 0 and over.is_empty() and under.is_empty()


def test_box_summary_by_hand():
    # Quartiles by numpy's linear rule: Q1 = 2, median 3, Q3 = 4; IQR 2, fences −1 and 7.
    box = wa.box_summary(np.array([4, 1, 100, 3, 2]))
    assert (box.q1, box.median, box.q3) == (2, 3, 4)
    assert (box.lower_whisker, box.upper_whisker, box.outliers) == (1, 4, (100,))
    flat = wa.box_summary(np.array([5, 5, 5]))  # IQR 0: nothing is an outlier of itself
    assert (flat.lower_whisker, flat.upper_whisker, flat.outliers) == (5, 5, ())
    assert wa.box_summary(np.array([])) is None


def test_boxes_are_drawn_from_five_numbers():
    """The box plots carry each group's five numbers and its outliers, never every value."""
    from dashboard.analysis import workload_figures as wf

    values = {"full_time": [4, 1, 100, 3, 2], "part_time": [7, 8, 9, 10]}
    rows = [(kind, v) for kind, vs in values.items() for v in vs]
    workers = pl.DataFrame(
        {
            "employment": [k for k, _ in rows],
            **{m: [float(v) for _, v in rows] for m in wa.MEASURES},
        }
    )
    series = wf.boxes(workers, "en").option["series"]
    boxes = [s for s in series if s["type"] == "boxplot"]
    points = [s for s in series if s["type"] == "scatter"]
    assert len(boxes) == len(wa.MEASURES)  # one per measure, full-time and part-time side by side
    # Each box is [lower whisker, Q1, median, Q3, upper whisker]; no samples sent.
    full = {tuple(s["data"][0]["value"]) for s in boxes}
    assert full == {(1, 2, 3, 4, 4)}
    part = {tuple(s["data"][1]["value"]) for s in boxes}  # Q1 7.75, Q3 9.25
    assert part == {(7, 7.75, 8.5, 9.25, 10)}
    # full-time's outlier, at the full-time box (category 0)
    assert [[p["value"] for p in s["data"]] for s in points] == [[[0, 100.0]]] * len(wa.MEASURES)


# -- independent computations over the demo exports ----------------------------------------------


def demo_per_worker(
    exports, scope: str = "", first: date = FIRST, as_of: date = AS_OF
) -> pl.DataFrame:
    """Per worker in post in first … as_of and in the scope (an assignment to one of its grids
    valid on a day of the window: valid_from ≤ as_of and valid_to, exclusive, after first): days
    in post, patrol minutes a day, patrol days, households visited, incidents reported, cases
    handled, grids assigned in the window and their households (each grid's shared equally among
    the workers assigned to it in the window)."""
    workers = read_export(exports, "workers")
    assignments = read_export(exports, "worker_grids")
    in_window = assignments.filter(
        pl.col("grid_code").str.starts_with(scope),
        pl.col("valid_from") <= as_of,
        pl.col("valid_to").is_null() | (pl.col("valid_to") > first),
    )
    in_scope = in_window["worker_id"]
    grids = (
        in_window.select("worker_id", "grid_code")
        .unique()
        .join(read_export(exports, "grids").select("grid_code", "households"), on="grid_code")
        .with_columns((pl.col("households") / pl.len().over("grid_code")).alias("share"))
        .group_by("worker_id")
        .agg(pl.len().alias("grids"), pl.col("share").sum().alias("households_in_grids"))
    )
    workers = workers.filter(
        pl.col("worker_id").is_in(in_scope.implode()),
        pl.col("hired_on") <= as_of,
        pl.col("left_on").is_null() | (pl.col("left_on") > first),
    )
    last_day = pl.min_horizontal(pl.lit(as_of), pl.col("left_on") - timedelta(days=1))
    days = (last_day - pl.max_horizontal(pl.lit(first), pl.col("hired_on"))).dt.total_days() + 1
    patrols = (
        read_export(exports, "patrols")
        .filter(
            pl.col("patrol_date").is_between(first, as_of),
            pl.col("grid_code").str.starts_with(scope),
        )
        .group_by("worker_id")
        .agg(
            pl.col("minutes").sum(),
            pl.col("patrol_date").n_unique().alias("patrol_days"),
            pl.col("households_visited").sum(),
        )
    )
    incidents = read_export(exports, "incidents").filter(pl.col("grid_code").str.starts_with(scope))
    end = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    start = datetime.combine(first, datetime.min.time())
    reported = (
        incidents.filter(
            pl.col("reported_at") >= start,
            pl.col("reported_at") < end,
            pl.col("status") != "cancelled",
        )
        .group_by(pl.col("reporter_worker_id").alias("worker_id"))
        .len("reported")
    )
    settled = incidents.filter(
        pl.col("dispatched_at").is_null(),
        pl.col("status") != "cancelled",
        pl.col("closed_at") >= start,
        pl.col("closed_at") < end,
    ).with_columns(pl.col("closed_at").dt.date().alias("day"))
    credited = (
        settled.join(assignments, on="grid_code")
        .filter(
            pl.col("valid_from") <= pl.col("day"),
            pl.col("valid_to").is_null() | (pl.col("valid_to") > pl.col("day")),
        )
        .with_columns((1 / pl.len().over("incident_id")).alias("share"))
        .group_by("worker_id")
        .agg(pl.col("share").sum().alias("cases"))
    )
    return (
        workers.with_columns(days.alias("days"))
        .join(patrols, on="worker_id", how="left")
        .join(reported, on="worker_id", how="left")
        .join(credited, on="worker_id", how="left")
        .join(grids, on="worker_id", how="left")
        .with_columns(
            pl.col(
                "minutes", "reported", "cases", "patrol_days", "households_visited", "grids"
            ).fill_null(0),
            pl.col("households_in_grids").fill_null(0.0),
        )
        .with_columns((pl.col("minutes") / pl.col("days")).alias("per_day"))
        .sort("worker_id")
    )


@pytest.fixture(scope="module")
def expected(demo) -> pl.DataFrame:
    return demo_per_worker(demo.exports)


@pytest.fixture(scope="module")
def expected_district(demo) -> pl.DataFrame:
    return demo_per_worker(demo.exports, DISTRICT)


def test_per_worker_figures_equal_polars(demo_catalog, expected):
    view = wa.build(Catalog(demo_catalog), FIRST, AS_OF)
    mine = view.workers.sort("worker_id")
    assert mine["worker_id"].to_list() == expected["worker_id"].to_list()
    assert mine["days_in_post"].to_list() == expected["days"].to_list()
    assert np.allclose(mine["patrol_minutes_per_day"], expected["per_day"], rtol=1e-12)
    assert mine["incidents_reported"].to_list() == expected["reported"].to_list()
    assert np.allclose(mine["cases_handled"], expected["cases"], rtol=1e-12)
    assert expected["cases"].sum() > 0 and expected["reported"].sum() > 0
    assert mine["grids"].to_list() == expected["grids"].to_list()
    assert np.allclose(mine["households_in_grids"], expected["households_in_grids"], rtol=1e-12)
    assert mine["patrol_days"].to_list() == expected["patrol_days"].to_list()
    assert mine["households_visited"].to_list() == expected["households_visited"].to_list()
    assert expected["grids"].max() > 1  # someone holds several grids
    g = wa.spread(mine, "patrol_minutes_per_day").gini
    assert g == pytest.approx(gini_by_definition(expected["per_day"].to_numpy()), rel=1e-9)


def grids_without_worker(exports, day: date) -> pl.DataFrame:
    """The grids with no assignment valid on the day held by a worker in post, from the exports."""
    grids = read_export(exports, "grids")
    assignments = read_export(exports, "worker_grids").join(
        read_export(exports, "workers"), on="worker_id"
    )
    covered = assignments.filter(
        pl.col("valid_from") <= day,
        pl.col("valid_to").is_null() | (pl.col("valid_to") > day),
        pl.col("hired_on") <= day,
        pl.col("left_on").is_null() | (pl.col("left_on") > day),
    )["grid_code"].unique()
    return grids.filter(~pl.col("grid_code").is_in(covered.implode()))


def test_grids_without_worker_equal_polars(demo_catalog, demo):
    """No assignment valid on the day held by a worker in post, recomputed from the exports for
    every day of the window (the demo keeps a few percent of grids vacant on every day)."""
    view = wa.build(Catalog(demo_catalog), FIRST, AS_OF)
    for day, count in view.without_by_day.select("day", "grids_without_worker").iter_rows():
        missing = grids_without_worker(demo.exports, day)
        assert count == missing.height, day
        if day == AS_OF:
            assert missing.height > 0
            assert sorted(view.without_worker["grid_code"]) == sorted(missing["grid_code"])


# -- the page ------------------------------------------------------------------------------------


def run(monkeypatch, demo_catalog, demo, **params) -> AppTest:
    params = {"as_of": AS_OF.isoformat(), **params}
    return apptest_pages.open_page(monkeypatch, demo.exports, demo_catalog, "workload", **params)


def check(at: AppTest) -> None:
    apptest_pages.assert_ok(at)


def tiles(at: AppTest) -> dict[str, str]:
    return apptest_pages.tile_values(at)


def widget(at: AppTest, kind: str, key: str):
    return next(w for w in at.get(kind) if w.key == key)


def url(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def over_table(at: AppTest, lang: str):
    """The over-loaded list: the first table whose columns are the list's."""
    heading = i18n.t("wl_col_grid_names", lang)
    return next(d for d in apptest_pages.shown_tables(at) if heading in d.columns)


def expected_under(values: pl.DataFrame, column: str) -> list[str]:
    """Below half the median, lowest first (ties by worker ID)."""
    whole = values.filter(pl.col("days") == DAYS)
    low = float(np.median(whole[column].to_numpy().astype(float))) / 2
    return whole.filter(pl.col(column) < low).sort([column, "worker_id"])["worker_id"].to_list()


def expected_over(values: pl.DataFrame, column: str) -> list[str]:
    whole = values.filter(pl.col("days") == DAYS)
    high = 2 * float(np.median(whole[column].to_numpy().astype(float)))  # twice the median
    if high == 0:  # a median of 0 gives no ratio: nobody is listed
        return []
    return (
        whole.filter(pl.col(column) > high)
        .sort([column, "worker_id"], descending=[True, False])["worker_id"]
        .to_list()
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_city(monkeypatch, demo_catalog, demo, expected, lang):
    at = run(monkeypatch, demo_catalog, demo, lang=lang)
    shown = tiles(at)
    assert shown[i18n.t("wl_tile_workers", lang)] == f"{expected.height:,}"
    gini = gini_by_definition(expected["per_day"].to_numpy())
    assert shown[i18n.t("wl_tile_gini", lang)] == f"{gini:.3f}"
    mean = expected["per_day"].mean()
    unit = i18n.t("wl_unit_patrol_minutes_per_day", lang)
    assert shown[i18n.t("wl_tile_mean", lang, unit=unit)] == f"{mean:,.1f}"
    vacant = grids_without_worker(demo.exports, AS_OF).height
    assert shown[i18n.t("wl_tile_without_worker", lang)] == f"{vacant:,}"
    apptest_pages.open_section(at, "loaded")
    over = over_table(at, lang)
    listed = expected_over(expected, "per_day")
    # The page draws the first TABLE_ROWS; the tab names how many there are in all.
    assert over[i18n.t("wl_col_worker_id", lang)].tolist() == listed[: len(over)]
    assert len(over) == min(len(listed), analysis_page.TABLE_ROWS)
    assert i18n.t("wl_over", lang, n=len(listed)) in [tab.label for tab in at.tabs]
    # Only the open list is laid out; the other tab's comes when it is picked.
    heading = i18n.t("wl_col_grid_names", lang)
    assert len([d for d in apptest_pages.shown_tables(at) if heading in d.columns]) == 1
    low = expected_under(expected, "per_day")
    at.session_state[f"wl_lists_{lang}"] = i18n.t("wl_under", lang, n=len(low))
    at.run()
    (under,) = [d for d in apptest_pages.shown_tables(at) if heading in d.columns]
    assert under[i18n.t("wl_col_worker_id", lang)].tolist() == low[: len(under)]
    assert len(under) == min(len(low), analysis_page.TABLE_ROWS) > 0
    # Each lower section draws its own charts, and only the open one is drawn.
    for section, charts, maps in (
        ("spread", 3, 0),
        ("map", 1, 1),
        ("coverage", 1, 0),
        ("workers", 0, 0),
    ):
        apptest_pages.open_section(at, section)
        # the map is SVG in the map component (dashboard.app.place_map), no deck.gl
        assert (len(at.get("echarts_chart")), len(at.get("bidi_component"))) == (charts, maps)
        assert not at.get("deck_gl_json_chart")
    # The shared measures' headings say why a worker has half a case.
    (table,) = apptest_pages.shown_tables(at)
    for key in ("wl_col_cases_handled_shared", "wl_col_households_in_grids_shared"):
        assert i18n.t(key, lang) in table.columns
    # Every worker's table can be downloaded in the three formats.
    labels = {b.proto.label for b in at.get("download_button")}
    assert {i18n.t(f"download_{f}", lang) for f in ("csv", "xlsx", "parquet")} <= labels


def test_page_district_with_widgets_driven(monkeypatch, demo_catalog, demo, expected_district):
    workers_tile, gini_tile = i18n.t("wl_tile_workers", "en"), i18n.t("wl_tile_gini", "en")
    at = run(monkeypatch, demo_catalog, demo, at=DISTRICT, lang="en", section="loaded")
    shown = tiles(at)
    assert shown[workers_tile] == f"{expected_district.height:,}"
    gini = gini_by_definition(expected_district["per_day"].to_numpy())
    assert shown[gini_tile] == f"{gini:.3f}"

    # The measure: incidents reported, kept in the URL.
    widget(at, "button_group", "wl_measure").set_value("incidents_reported").run()
    check(at)
    assert url(at, "measure") == "incidents_reported"
    gini = gini_by_definition(expected_district["reported"].to_numpy())
    assert tiles(at)[gini_tile] == f"{gini:.3f}"
    listed = expected_over(expected_district, "reported")
    if listed:
        over = over_table(at, "en")
        assert over["Worker id"].tolist() == listed[: len(over)]
        assert len(over) == min(len(listed), analysis_page.TABLE_ROWS)
    else:  # most workers of the small demo reported nothing: the page says why nobody is listed
        n = expected_district.filter(pl.col("days") == DAYS).height
        said = i18n.t(
            "wl_loaded_zero", "en", n=f"{n:,}", unit=i18n.t("wl_unit_incidents_reported", "en")
        )
        assert said in [c.value for c in at.caption]

    # Cases handled.
    widget(at, "button_group", "wl_measure").set_value("cases_handled").run()
    check(at)
    gini = gini_by_definition(expected_district["cases"].to_numpy())
    assert tiles(at)[gini_tile] == f"{gini:.3f}"

    # Part-timers only, kept in the URL.
    widget(at, "button_group", "wl_employment").set_value("part_time").run()
    check(at)
    assert url(at, "employment") == "part_time"
    part = expected_district.filter(pl.col("employment") == "part_time")
    assert tiles(at)[workers_tile] == f"{part.height:,}"
    gini = gini_by_definition(part["cases"].to_numpy())
    assert tiles(at)[gini_tile] == f"{gini:.3f}"

    # A 7-day window: the tiles are the part-timers' of 10-25 … 10-31 (Polars over the exports).
    widget(at, "button_group", "analysis_days").set_value(7).run()
    check(at)
    assert url(at, "days") == "7"
    week = demo_per_worker(demo.exports, DISTRICT, AS_OF - timedelta(days=6), AS_OF).filter(
        pl.col("employment") == "part_time"
    )
    assert tiles(at)[workers_tile] == f"{week.height:,}"
    assert tiles(at)[gini_tile] == f"{gini_by_definition(week['cases'].to_numpy()):.3f}"


def test_page_at_grid_level_and_with_a_bad_link(monkeypatch, demo_catalog, demo, expected):
    grid = read_export(demo.exports, "worker_grids")["grid_code"].sort()[0]
    at = run(monkeypatch, demo_catalog, demo, at=grid, measure="households_in_grids")
    n = demo_per_worker(demo.exports, grid).height
    assert tiles(at)[i18n.t("wl_tile_workers", "zh")] == f"{n:,}"
    for section in ("loaded", "map", "coverage", "workers"):  # each in its turn, without an error
        apptest_pages.open_section(at, section)
    # A grid with one worker in the window: no Gini, and the page says why instead of "0.000".
    codes = read_export(demo.exports, "worker_grids")["grid_code"].unique().sort()
    one = next(g for g in codes.head(40) if demo_per_worker(demo.exports, g).height == 1)
    at = run(monkeypatch, demo_catalog, demo, at=one)
    assert tiles(at)[i18n.t("wl_tile_gini", "zh")] == "–"
    assert i18n.t("wl_no_gini_one", "zh", n=1) in [i.value for i in at.info]
    # Nonsense in a hand-edited link falls back to the defaults.
    at = run(monkeypatch, demo_catalog, demo, measure="nonsense", employment="nobody")
    label = i18n.t("wl_tile_mean", "zh", unit=i18n.t("wl_unit_patrol_minutes_per_day", "zh"))
    # the defaults' figures: every worker of the city, patrol minutes a day (Polars)
    assert tiles(at)[label] == f"{expected['per_day'].mean():,.1f}"
    assert tiles(at)[i18n.t("wl_tile_workers", "zh")] == f"{expected.height:,}"


def test_outliers_sharing_a_value_are_one_point_that_counts_them():
    """Workers beyond the whiskers with the same value are drawn once, their number on hover:
    1 … 6 and 100 twice — Q1 2.75, Q3 29.5, IQR 26.75, so 100 > 29.5 + 1.5 · 26.75 = 69.6."""
    from dashboard.analysis import workload_figures as wf

    values = [1, 2, 3, 4, 5, 6, 100, 100]
    workers = pl.DataFrame(
        {"employment": ["full_time"] * len(values), **{m: values for m in wa.MEASURES}}
    ).with_columns(pl.col(wa.MEASURES).cast(pl.Float64))
    series = wf.boxes(workers, "en").option["series"]
    points = [s for s in series if s["type"] == "scatter"]
    assert [[p["value"] for p in s["data"]] for s in points] == [[[0, 100.0]]] * len(wa.MEASURES)
    assert all("(2 workers)" in s["data"][0]["tooltip"]["formatter"] for s in points)
