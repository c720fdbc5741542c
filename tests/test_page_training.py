"""The /training page under AppTest, its figures checked against independent Polars computations
over the demo exports (never through the catalog or the page's own queries): cumulative
participant-times, training coverage by district, never-trained and lapsed counts, the sessions
shown; the place total against `griddash brief --json`; widgets driven, zh and en, city, district
and tiny scopes."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import apptest_pages
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.analysis import training_figures as tf
from dashboard.app import analysis_page
from dashboard.commands import cli
from dashboard.core import i18n
from dashboard.core.romanise import place_name

AS_OF = date(2026, 10, 31)  # the demo's last full day (tests/conftest.py DEMO_END)
DISTRICT = "140105"


def read(demo, table: str) -> pl.DataFrame:
    return pl.read_parquet(demo.exports / table / "**" / "*.parquet", hive_partitioning=False)


@pytest.fixture(scope="module")
def expected(demo):
    """The page's figures worked out from the exports with Polars, per scope ('' or DISTRICT)."""
    end = datetime.combine(AS_OF + timedelta(days=1), datetime.min.time())
    since = end - timedelta(days=365)  # sessions starting AS_OF−364 … AS_OF
    workers = read(demo, "workers")
    assignments = read(demo, "worker_grids")
    active = workers.filter(
        (pl.col("hired_on") <= AS_OF) & (pl.col("left_on").is_null() | (pl.col("left_on") > AS_OF))
    )["worker_id"]
    valid = assignments.filter(
        (pl.col("valid_from") <= AS_OF)
        & (pl.col("valid_to").is_null() | (pl.col("valid_to") > AS_OF))
        & pl.col("worker_id").is_in(active.implode())
    )
    sessions = read(demo, "trainings").filter(pl.col("starts_at") < end)
    attendance = read(demo, "training_attendance").join(
        sessions.select("session_id", "starts_at"), on="session_id"
    )
    as_worker = attendance.filter(pl.col("person_type") == "grid_worker")
    trained = set(as_worker.filter(pl.col("starts_at") >= since)["person_id"])
    ever = set(as_worker["person_id"])

    def place(scope: str) -> dict:
        # A scope sees the workers ever assigned to one of its grids (catalog.SCOPE_RULES).
        members = set(assignments.filter(pl.col("grid_code").str.starts_with(scope))["worker_id"])
        here = [w for w in active if w in members]
        rows = attendance if not scope else as_worker.filter(pl.col("person_id").is_in(members))
        return {
            "participant_times": rows.height,
            "sessions": rows["session_id"].n_unique() if scope else sessions.height,
            "coverage": sum(w in trained for w in here) / len(here) if here else None,
            "never": sum(w not in ever for w in here),
            "lapsed": sum(w in ever and w not in trained for w in here),
        }

    out = {scope: place(scope) for scope in ("", DISTRICT)}
    out["place"] = place  # any other scope, on demand
    by_district = {}
    for district, part in valid.group_by(pl.col("grid_code").str.slice(0, 6)):
        people = set(part["worker_id"])
        by_district[district[0]] = sum(w in trained for w in people) / len(people)
    names = dict(read(demo, "grids").select("district_code", "district_name").unique().iter_rows())
    out["coverage_by_district_name"] = {names[c]: v for c, v in by_district.items()}
    return out


def brief_coverage(demo_catalog, capsys, *args) -> float:
    assert cli.main(["brief", "--json", "--catalog", str(demo_catalog), *args]) == 0
    return json.loads(capsys.readouterr().out)["training_coverage_365d"]


def page(monkeypatch, demo_catalog, demo, **params) -> AppTest:
    return apptest_pages.open_page(monkeypatch, demo.exports, demo_catalog, "training", **params)


def rerun(at: AppTest) -> AppTest:
    at.run()
    apptest_pages.assert_ok(at)
    return at


def metrics_shown(at: AppTest) -> dict[str, str]:
    return apptest_pages.tile_values(at)


def chart(at: AppTest, index: int) -> dict:
    """The ECharts option of the page's index-th chart."""
    return json.loads(at.get("echarts_chart")[index].proto.spec)


def widget(at: AppTest, key: str):
    return next(w for w in at.get("button_group") if w.key == key)


@pytest.mark.parametrize(
    ("lang", "scope"), [("zh", ""), ("en", ""), ("zh", DISTRICT), ("en", DISTRICT)]
)
def test_headline_figures_equal_independent_counts(
    monkeypatch, demo_catalog, demo, capsys, expected, lang, scope
):
    at = page(
        monkeypatch,
        demo_catalog,
        demo,
        lang=lang,
        section="workers",
        **({"at": scope} if scope else {}),
    )
    want = expected[scope]
    shown = metrics_shown(at)
    assert shown[i18n.t("tr_kpi_participant_times", lang)] == f"{want['participant_times']:,}"
    assert shown[i18n.t("tr_kpi_sessions", lang)] == f"{want['sessions']:,}"
    assert shown[i18n.t("tr_kpi_coverage", lang)] == f"{100 * want['coverage']:.1f}%"
    assert shown[i18n.t("tr_kpi_never", lang)] == f"{want['never']:,}"
    assert shown[i18n.t("tr_kpi_lapsed", lang)] == f"{want['lapsed']:,}"
    # The place total is the briefing's training_coverage_365d for the same scope.
    brief = brief_coverage(demo_catalog, capsys, *(["--scope", scope] if scope else []))
    assert shown[i18n.t("tr_kpi_coverage", lang)] == f"{100 * brief:.1f}%"
    # The never-trained list holds one row per never-trained worker: the page draws the first
    # TABLE_ROWS and says how many there are (the downloads hold them all).
    never = next(
        d for d in apptest_pages.shown_tables(at) if i18n.t("tr_col_worker_id", lang) in d.columns
    )
    assert len(never) == min(want["never"], analysis_page.TABLE_ROWS)
    assert never[i18n.t("tr_col_worker_id", lang)].is_unique
    if want["never"] > analysis_page.TABLE_ROWS:
        n = f"{analysis_page.TABLE_ROWS:,}"
        said = i18n.t(
            "table_first_rows", lang, shown=n, total=f"{want['never']:,}", all=f"{want['never']:,}"
        )
        assert said in [c.value for c in at.caption]
    # Cadres carry no place: a drill-down view says so.
    assert any(i18n.t("tr_scope_note", lang) == c.value for c in at.caption) == bool(scope)


def test_coverage_by_district_chart_equals_polars(monkeypatch, demo_catalog, demo, expected):
    at = page(monkeypatch, demo_catalog, demo, lang="en", section="coverage")
    bars = next(
        c
        for c in map(lambda i: chart(at, i), range(len(at.get("echarts_chart"))))
        if c["title"]["text"]
        == i18n.t("tr_chart_coverage", "en", level=i18n.t("tr_lvl_district", "en"))
    )
    # One bar per district, its value the coverage in percent (rounded to 0.01 for drawing);
    # its label and hover text say it to 0.1.
    values = [bar["value"] for bar in bars["series"][0]["data"]]
    shown = dict(zip(bars["yAxis"]["data"], values, strict=True))
    # the districts named in English (core.romanise)
    want = {
        place_name(name, "en"): 100 * v for name, v in expected["coverage_by_district_name"].items()
    }
    assert shown.keys() == want.keys()
    for name, value in want.items():
        assert shown[name] == pytest.approx(value, abs=0.005)
    labels = {bar["label"]["formatter"] for bar in bars["series"][0]["data"]}
    assert labels == {f"{v:.1f}%" for v in want.values()}


def test_widgets_span_colour_and_window(monkeypatch, demo_catalog, demo, expected):
    at = page(monkeypatch, demo_catalog, demo, lang="en")
    widget(at, "tr_span").set_value("all")
    widget(at, "tr_colour").set_value("mode")
    rerun(at)
    assert at.query_params["span"] in ("all", ["all"])
    timeline = chart(at, 0)
    # Every session up to the day is a marker; colours are the modes, in words.
    assert sum(len(series["data"]) for series in timeline["series"]) == expected[""]["sessions"]
    modes = {i18n.t(f"tr_mode_{m}", "en") for m in ("video", "onsite")}
    assert {series["name"] for series in timeline["series"]} <= modes
    widget(at, "analysis_days").set_value(7)
    rerun(at)
    apptest_pages.open_section(at, "on_time")
    charts = [chart(at, i) for i in range(len(at.get("echarts_chart")))]
    scatter = next(
        c for c in charts if c["yAxis"]["name"] == i18n.t("tr_axis_on_time", "en", days=7)
    )
    # A place at 100 % on the plot's edge keeps its whole marker.
    assert scatter["series"][0]["clip"] is False


@pytest.mark.parametrize("digits", [9, 12, 16])
def test_small_scopes_show_their_own_figures(monkeypatch, demo_catalog, demo, expected, digits):
    grid = read(demo, "grids").filter(pl.col("grid_code").str.starts_with(DISTRICT))["grid_code"]
    scope = grid.sort()[0][:digits]
    at = page(monkeypatch, demo_catalog, demo, at=scope)
    # The place's own headline figures, from the exports.
    want, shown = expected["place"](scope), metrics_shown(at)
    assert want["participant_times"] > 0
    assert shown[i18n.t("tr_kpi_participant_times", "zh")] == f"{want['participant_times']:,}"
    assert shown[i18n.t("tr_kpi_sessions", "zh")] == f"{want['sessions']:,}"
    assert shown[i18n.t("tr_kpi_never", "zh")] == f"{want['never']:,}"
    assert shown[i18n.t("tr_kpi_lapsed", "zh")] == f"{want['lapsed']:,}"
    if want["coverage"] is not None:
        assert shown[i18n.t("tr_kpi_coverage", "zh")] == f"{100 * want['coverage']:.1f}%"
    for section in ("coverage", "topics", "workers", "on_time"):  # each in its turn, no error
        apptest_pages.open_section(at, section)


def test_empty_scope_says_no_rows(monkeypatch, demo_catalog, demo):
    at = page(monkeypatch, demo_catalog, demo, at=DISTRICT + "999999")  # no such street
    assert i18n.t("tr_no_sessions", "zh") in [i.value for i in at.info]
    apptest_pages.open_section(at, "workers")
    assert i18n.t("tr_no_workers", "zh") in [i.value for i in at.info]


# -- a hand-worked tiny dataset: lapsed, never trained, a worker with two grids ------------------


@pytest.fixture(scope="module")
def tiny_training_catalog(tmp_path_factory):
    """tests/tiny_exports.py plus: an old session T00 (2023-02-01) that W003 attended, instead
    of T02; and W004, hired 2024-01-01 on grid G4, who never attended."""
    import tiny_exports as tiny

    from dashboard.pipeline.ingest import ingest

    data = tiny.rows()
    data["trainings"].append(
        {**data["trainings"][1], "session_id": "T00", "starts_at": datetime(2023, 2, 1, 9, 0)}
    )
    data["training_attendance"] = [
        r
        for r in data["training_attendance"]
        if (r["session_id"], r["person_id"]) != ("T02", "W003")
    ]
    data["training_attendance"].append(
        {
            "session_id": "T00",
            "person_id": "W003",
            "person_type": "grid_worker",
            "minutes_attended": 100,
        }
    )
    data["workers"].append(
        {**data["workers"][0], "worker_id": "W004", "hired_on": date(2024, 1, 1)}
    )
    data["worker_grids"].append(
        {
            "worker_id": "W004",
            "grid_code": tiny.G4,
            "role": "member",
            "valid_from": date(2024, 1, 1),
            "valid_to": None,
        }
    )
    root = tmp_path_factory.mktemp("tiny_training")
    tiny.write(root / "exports", data)
    path = root / "catalog.duckdb"
    ingest(root / "exports", path, now=datetime(2024, 6, 9, 8, 0), progress=False)
    return path


def test_tiny_dataset_by_hand(tiny_training_catalog):
    from dashboard.analysis import training_analysis
    from dashboard.data.catalog import Catalog

    # On 2024-05-20 the 365 days start 2023-05-22: T01 (03-12) and T02 (04-18) count, T00 not.
    view = training_analysis.build(Catalog(tiny_training_catalog), date(2024, 5, 20), 30)
    assert view.totals == {
        "sessions": 3,
        "participant_times": 5,
        "grid_worker_times": 4,
        "cadre_times": 1,
    }
    # W001 and W002 trained, W003 lapsed (T00 only), W004 never: 2 of 4 active.
    assert view.status_counts() == {"trained": 2, "lapsed": 1, "never": 1}
    assert view.coverage_365d == 0.5
    status = dict(view.workers.select("worker_id", "status").iter_rows())
    assert status == {"W001": "trained", "W002": "trained", "W003": "lapsed", "W004": "never"}
    hours = dict(view.workers.select("worker_id", "hours_365d").iter_rows())
    assert hours == {"W001": 3.5, "W002": 85 / 60, "W003": 0, "W004": 0}
    # W001 covers G1 and G2 of one street: counted once there.
    by_district = {
        r["code"]: (r["active_workers"], r["coverage"]) for r in view.by_child.iter_rows(named=True)
    }
    assert by_district == {"140105": (2, 1.0), "140106": (2, 0.0)}
    by_street = {
        r["code"]: (r["active_workers"], r["lapsed"], r["never_trained"])
        for r in view.by_street.iter_rows(named=True)
    }
    assert by_street == {"140105001": (1, 0, 0), "140105002": (1, 0, 0), "140106001": (2, 1, 1)}
    # T01 by video: three participant-times (one a cadre), W001 and W002 reached; T02 on site.
    modes = {
        r["value"]: (r["participant_times"], r["workers_reached"], r["reached_share"])
        for r in view.by_mode.iter_rows(named=True)
    }
    assert modes == {"video": (3, 2, 0.5), "onsite": (1, 1, 0.25)}
    lapsed = training_analysis.worker_list(view.workers, "lapsed", "en")
    assert lapsed["worker_id"].to_list() == ["W003"]
    assert lapsed["last_session_day"].to_list() == ["2023-02-01"]
    # A district sees its own grid workers' attendance only: W003's one at T00.
    district = training_analysis.build(
        Catalog(tiny_training_catalog, scope="140106"), date(2024, 5, 20), 30
    )
    assert district.totals["participant_times"] == 1 and district.totals["sessions"] == 1


def test_the_timeline_legend_wraps_instead_of_scrolling():
    # An entry: 30 px of icon and gap, 12 px per CJK character, 7 per other; 14 px apart.
    assert tf.legend_rows(["Video", "On site"]) == 1
    assert tf.legend_rows(["中文" * 10] * 3, width=500) == 3  # 270 + 14 + 270 > 500
    assert tf.legend_rows(["中文" * 10] * 3, width=554) == 2  # 270 + 14 + 270 = 554 fits
    assert tf.legend_rows([]) == 1


def test_the_sessions_table_is_laid_out_only_when_opened(monkeypatch, demo_catalog, demo):
    at = page(monkeypatch, demo_catalog, demo, lang="en", span="all")
    heading = i18n.t("tr_col_title", "en")

    def tables():
        return [d for d in apptest_pages.shown_tables(at) if heading in d.columns]

    assert [e.label for e in at.expander] == [i18n.t("tr_sessions_table", "en")]
    assert tables() == []  # closed: nothing of it reaches the browser
    at.session_state["tr_sessions_open_en"] = True
    rerun(at)
    (shown,) = tables()
    # every session up to the day, one row each (the timeline's markers)
    timeline = chart(at, 0)
    assert len(shown) == sum(len(series["data"]) for series in timeline["series"]) > 0
