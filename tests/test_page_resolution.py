"""The /resolution page: its figures against independent computations — lifelines for the
Kaplan–Meier medians by source, Polars straight from the Parquet exports for the stage
durations, the open cases by last step, the handling-unit league table and satisfaction — and
the page under AppTest in zh and en, at city and district level, with its widgets driven."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import apptest_pages
import numpy as np
import polars as pl
import pytest
from lifelines import KaplanMeierFitter
from streamlit.testing.v1 import AppTest

from dashboard.analysis import resolution_analysis as ra
from dashboard.core import i18n
from dashboard.core.romanise import unit_name
from dashboard.data.catalog import Catalog
from dashboard.measures import metrics

DAYS = 30


def read(exports, table: str) -> pl.DataFrame:
    return pl.read_parquet(exports / table / "**" / "*.parquet", hive_partitioning=False)


@pytest.fixture(scope="module")
def window(demo_catalog):
    # Only the day is taken from the catalog; every expected figure is computed below.
    as_of = metrics.data_days(Catalog(demo_catalog))[1]
    first = as_of - timedelta(days=DAYS - 1)
    cut = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    return first, as_of, cut


@pytest.fixture(scope="module")
def district(demo):
    grids = read(demo.exports, "grids")
    return grids["district_code"].value_counts(sort=True)["district_code"][0]


def cohort(exports, first: date, as_of: date, cut: datetime, prefix: str = "") -> pl.DataFrame:
    inc = read(exports, "incidents").filter(
        pl.col("grid_code").str.starts_with(prefix) & (pl.col("status") != "cancelled")
    )
    closed = pl.col("closed_at").is_not_null() & (pl.col("closed_at") < cut)
    return inc.filter(pl.col("reported_at").dt.date().is_between(first, as_of)).with_columns(
        event=closed,
        minutes=(
            (
                pl.when(closed).then(pl.col("closed_at")).otherwise(pl.lit(cut))
                - pl.col("reported_at")
            ).dt.total_seconds()
            / 60
        ).ceil(),
    )


def km_quantile_hours(part: pl.DataFrame, q: float) -> float | None:
    kmf = KaplanMeierFitter().fit(
        part["minutes"].to_numpy(), event_observed=part["event"].to_numpy()
    )
    sf = kmf.survival_function_.iloc[:, 0]
    hit = sf[sf <= q + 1e-12]
    return None if hit.empty else float(hit.index[0]) / 60


def test_km_by_source_matches_lifelines(demo, demo_catalog, window):
    first, as_of, cut = window
    expected = {}
    for (source,), part in cohort(demo.exports, first, as_of, cut).group_by("source"):
        expected[source] = (part.height, km_quantile_hours(part, 0.5), km_quantile_hours(part, 0.1))
    cat = Catalog(demo_catalog)
    got = {
        s.segment: (s.incidents, s.km_median_hours, s.km_p90_hours)
        for s in ra.segment_km(ra.segment_cohort(cat, "source", first, as_of, as_of))
    }
    assert set(got) == set(expected)
    for source, (n, med, p90) in expected.items():
        assert got[source][0] == n
        assert got[source][1] == pytest.approx(med) if med is not None else got[source][1] is None
        assert got[source][2] == pytest.approx(p90) if p90 is not None else got[source][2] is None


def first_steps(exports, cut: datetime) -> pl.DataFrame:
    events = read(exports, "incident_events").filter(pl.col("at") < cut)
    return events.pivot(on="step", index="incident_id", values="at", aggregate_function="min")


def earlier(window, back: int) -> tuple[date, date, datetime]:
    """The window moved `back` days into the past: events after its cut-off exist, and a step
    reached later must not count."""
    first, as_of, cut = window
    step = timedelta(days=back)
    return first - step, as_of - step, cut - step


@pytest.mark.parametrize("back", [0, 10])
def test_stage_durations_match_polars(demo, demo_catalog, window, back):
    first, as_of, cut = earlier(window, back)
    ids = cohort(demo.exports, first, as_of, cut).select("incident_id", "reported_at")
    steps = ids.join(first_steps(demo.exports, cut), on="incident_id")
    steps = steps.with_columns(
        path=pl.when(pl.col("dispatch").is_null()).then(pl.lit("spot")).otherwise(pl.lit("case"))
    )
    spans = {
        "accept": ("reported_at", "accept"),
        "dispatch": ("accept", "dispatch"),
        "handle": (pl.coalesce("dispatch", "accept"), "resolve"),
        "verify": ("resolve", "verify"),
        "close": (pl.coalesce("verify", "resolve"), "close"),
    }
    got = ra.stages(Catalog(demo_catalog), first, as_of, as_of)
    for path, stage, cases, median, p90 in got.select(
        "path", "stage", "cases", "median_hours", "p90_hours"
    ).iter_rows():
        start, end = spans[stage]
        start = pl.col(start) if isinstance(start, str) else start
        hours = (
            steps.filter(pl.col("path") == path)
            .select(((pl.col(end) - start).dt.total_seconds() / 3600).alias("h"))
            .drop_nulls()
            .filter(pl.col("h") >= 0)["h"]
            .to_numpy()
        )
        assert cases == hours.size, (path, stage)
        assert median == pytest.approx(np.quantile(hours, 0.5)), (path, stage)
        assert p90 == pytest.approx(np.quantile(hours, 0.9)), (path, stage)
    assert set(got["stage"]) >= {"accept", "handle", "close"}


WORKFLOW = ["report", "accept", "dispatch", "return", "escalate", "resolve", "verify"]


def open_by_last_step_polars(exports, cut: datetime, prefix: str = "") -> dict[str, int]:
    """The backlog at `cut` by the last step reached before it, from the exports; steps at the
    same instant are taken in the workflow's order (WORKFLOW), the later one last."""
    inc = read(exports, "incidents").filter(
        pl.col("grid_code").str.starts_with(prefix)
        & (pl.col("status") != "cancelled")
        & (pl.col("reported_at") < cut)
        & (pl.col("closed_at").is_null() | (pl.col("closed_at") >= cut))
    )
    events = read(exports, "incident_events").filter(
        (pl.col("at") < cut) & ~pl.col("step").is_in(["close", "cancel", "reopen"])
    )
    order = {s: i for i, s in enumerate(WORKFLOW)}
    last = (
        events.with_columns(pl.col("step").replace_strict(order, default=-1).alias("pos"))
        .sort("at", "pos")
        .group_by("incident_id")
        .agg(pl.col("step").last())
    )
    return dict(
        inc.join(last, on="incident_id", how="left")
        .group_by(pl.col("step").fill_null("none"))
        .len()
        .iter_rows()
    )


@pytest.mark.parametrize("back", [0, 10])
def test_open_cases_by_last_step_match_polars(demo, demo_catalog, window, district, back):
    _, as_of, cut = earlier(window, back)
    for prefix in ("", district):
        expected = open_by_last_step_polars(demo.exports, cut, prefix)
        got = ra.open_by_last_step(Catalog(demo_catalog, scope=prefix), as_of)
        assert dict(got.select("last_step", "cases").iter_rows()) == expected
        # the same backlog as the briefing's
        assert (
            got["cases"].sum()
            == metrics.backlog_by_age(Catalog(demo_catalog, scope=prefix), as_of)["backlog"].sum()
        )


def test_steps_at_the_same_instant_follow_the_workflow(tmp_path):
    """A hand-made tie on the tiny exports. The backlog at the end of 2024-06-08: E0003 (only
    reported) → report; E0004 reported and accepted at 16:45 (the accept written first in the
    file) → accept, the later step of the workflow, though 'report' sorts after 'accept' by name
    and comes last in the file; E0005 dispatched 08:00, then returned and escalated both at
    09:00 (return written first) → escalate, though 'return' sorts after it by name and comes
    first in the file. So neither the first nor the last row of a tie, nor the name, gives the
    answer: only the workflow's order does. All three are past their deadlines (06-08 10:00, 06-07 16:45, 06-05 19:30
    are before 06-09 00:00); E0006 is cancelled, the others closed."""
    import tiny_exports as tiny

    from dashboard.pipeline.ingest import ingest

    data = tiny.rows()
    events = data["incident_events"]
    at = tiny._t
    events.insert(
        events.index(next(e for e in events if e["incident_id"] == "E0004")),
        {
            "incident_id": "E0004",
            "step": "accept",
            "at": at("2024-06-04 16:45:00"),
            "unit": "北格村",
        },
    )
    events += [
        {
            "incident_id": "E0005",
            "step": "dispatch",
            "at": at("2024-06-05 08:00:00"),
            "unit": "北格镇综治办",
        },
        {
            "incident_id": "E0005",
            "step": "return",
            "at": at("2024-06-05 09:00:00"),
            "unit": "北格镇综治办",
        },
        {
            "incident_id": "E0005",
            "step": "escalate",
            "at": at("2024-06-05 09:00:00"),
            "unit": "北格镇综治办",
        },
    ]
    exports = tiny.write(tmp_path / "exports", data)
    ingest(exports, tmp_path / "c.duckdb", now=datetime(2024, 12, 1, 8, 0), progress=False)
    got = ra.open_by_last_step(Catalog(tmp_path / "c.duckdb"), date(2024, 6, 8))
    assert sorted(got.select("last_step", "cases", "overdue").iter_rows()) == [
        ("accept", 1, 1),
        ("escalate", 1, 1),
        ("report", 1, 1),
    ]


def returns_by_level_polars(exports, first, as_of, cut, prefix="") -> dict[str, tuple]:
    """Per escalation level, the window's dispatched cases: (cases, returned cases, escalated
    cases, returns, escalations), from the exports' events before the cut-off."""
    events = read(exports, "incident_events").filter(pl.col("at") < cut)
    counts = events.group_by("incident_id").agg(
        dispatches=(pl.col("step") == "dispatch").sum(),
        returns=(pl.col("step") == "return").sum(),
        escalations=(pl.col("step") == "escalate").sum(),
    )
    cases = (
        cohort(exports, first, as_of, cut, prefix)
        .join(counts, on="incident_id")
        .filter(pl.col("dispatches") > 0)
    )
    return {
        level: (
            len(g),
            int((g["returns"] > 0).sum()),
            int((g["escalations"] > 0).sum()),
            int(g["returns"].sum()),
            int(g["escalations"].sum()),
        )
        for (level,), g in cases.group_by("escalation_level")
    }


@pytest.mark.parametrize("back", [0, 10])
def test_returns_and_escalations_match_polars(demo, demo_catalog, window, district, back):
    first, as_of, cut = earlier(window, back)
    for prefix in ("", district):
        expected = returns_by_level_polars(demo.exports, first, as_of, cut, prefix)
        got = Catalog(demo_catalog, scope=prefix).query(
            "resolution_returns_by_level", **{"from": first, "to": as_of, "cutoff": cut}
        )
        assert {
            r["escalation_level"]: (
                r["cases"],
                r["returned_cases"],
                r["escalated_cases"],
                r["returns"],
                r["escalations"],
            )
            for r in got.iter_rows(named=True)
        } == expected
        assert sum(v[1] for v in expected.values()) > 0  # the demo has returned cases
        # The levels in the order of the hierarchy, from the grid up (not by size).
        hierarchy = ["grid", "community", "street", "district", "city"]
        levels = got["escalation_level"].to_list()
        assert levels == [lv for lv in hierarchy if lv in expected]


def closed_in_window(exports, first, as_of, prefix=""):
    return read(exports, "incidents").filter(
        pl.col("grid_code").str.starts_with(prefix)
        & (pl.col("status") != "cancelled")
        & pl.col("closed_at").dt.date().is_between(first, as_of)
    )


def test_league_table_matches_polars(demo, demo_catalog, window, district):
    first, as_of, _ = window
    for prefix in ("", district):
        done = closed_in_window(demo.exports, first, as_of, prefix).filter(
            pl.col("handling_unit").is_not_null()
        )
        expected = (
            done.group_by("handling_unit")
            .agg(
                closed=pl.len(),
                on_time=(pl.col("closed_at") <= pl.col("deadline_at")).sum()
                / pl.col("deadline_at").is_not_null().sum(),
                median=((pl.col("closed_at") - pl.col("reported_at")).dt.total_seconds() / 3600)
                .median()
                .round(1),
            )
            .sort("handling_unit")
        )
        got = (
            ra.league(Catalog(demo_catalog, scope=prefix), first, as_of)
            .filter(pl.col("closed") > 0)
            .sort("handling_unit")
        )
        assert got["handling_unit"].to_list() == expected["handling_unit"].to_list()
        assert got["closed"].to_list() == expected["closed"].to_list()
        np.testing.assert_allclose(got["on_time_rate"].to_numpy(), expected["on_time"].to_numpy())
        np.testing.assert_allclose(
            got["median_hours_closed"].to_numpy(), expected["median"].to_numpy(), atol=0.051
        )


@pytest.mark.parametrize("back", [0, 10])
def test_league_returns_match_the_events(demo, demo_catalog, window, district, back):
    # The league's returns come from returns_by_unit_grid_day, built at ingest: here, from the
    # exported events — each return step in the window by its unit, cancelled incidents left out.
    first, as_of, _ = earlier(window, back)
    incidents = read(demo.exports, "incidents").select("incident_id", "grid_code", "status")
    returns = (
        read(demo.exports, "incident_events")
        .filter((pl.col("step") == "return") & pl.col("at").dt.date().is_between(first, as_of))
        .join(incidents, on="incident_id")
        .filter(pl.col("status") != "cancelled")
    )
    for prefix in ("", district):
        expected = dict(
            returns.filter(pl.col("grid_code").str.starts_with(prefix))
            .group_by("unit")
            .len()
            .iter_rows()
        )
        got = ra.league(Catalog(demo_catalog, scope=prefix), first, as_of)
        by_unit = dict(got.select("handling_unit", "returns").iter_rows())
        assert sum(by_unit.values()) > 0  # the demo's units return cases
        assert by_unit == {unit: expected.get(unit, 0) for unit in by_unit}


@pytest.mark.parametrize("back", [0, 10])
def test_limit_markers_match_polars(demo, demo_catalog, window, district, back):
    # resolution_limit_hours_by_urgency reads time_limits_by_grid_day (built at ingest) and takes
    # the median from the counts of each limit: here, straight from the incidents.
    first, as_of, _ = earlier(window, back)
    for prefix in ("", district):
        limited = (
            read(demo.exports, "incidents")
            .filter(
                pl.col("grid_code").str.starts_with(prefix)
                & (pl.col("status") != "cancelled")
                & pl.col("reported_at").dt.date().is_between(first, as_of)
                & (pl.col("deadline_at") > pl.col("reported_at"))
            )
            .with_columns(
                hours=(pl.col("deadline_at") - pl.col("reported_at")).dt.total_seconds() / 3600
            )
        )
        expected = {
            u: (g.height, g["hours"].median(), g["hours"].min(), g["hours"].max())
            for (u,), g in limited.group_by("urgency")
        }
        got = ra.limit_markers(Catalog(demo_catalog, scope=prefix), first, as_of)
        markers = {
            r["urgency"]: (
                r["incidents"],
                r["median_limit_hours"],
                r["min_limit_hours"],
                r["max_limit_hours"],
            )
            for r in got.iter_rows(named=True)
        }
        assert markers.keys() == expected.keys()
        for urgency, want in expected.items():
            assert markers[urgency] == pytest.approx(want)
        assert len(expected) == 2  # urgent and normal, each with several limits
        assert all(lo < hi for _, _, lo, hi in expected.values())


def test_satisfaction_matches_polars(demo, demo_catalog, window):
    first, as_of, _ = window
    done = closed_in_window(demo.exports, first, as_of)
    rated = done.filter(pl.col("satisfaction").is_not_null())
    sat = ra.satisfaction(Catalog(demo_catalog), first, as_of)
    assert sat.closed == done.height
    assert sat.rated == rated.height
    assert sat.mean == pytest.approx(rated["satisfaction"].mean())
    late = rated.filter(pl.col("closed_at") > pl.col("deadline_at"))
    assert sat.mean_late == pytest.approx(late["satisfaction"].mean())
    counts = dict(rated["satisfaction"].value_counts().iter_rows())
    assert dict(sat.by_score.select("score", "total").iter_rows()) == {
        s: counts.get(s, 0) for s in range(1, 6)
    }


def test_tiny_scope_gives_empty_frames_not_errors(demo_catalog, window):
    first, as_of, _ = window
    cat = Catalog(demo_catalog, scope="1401059999999999")  # a grid that does not exist
    assert ra.segment_km(ra.segment_cohort(cat, "place", first, as_of, as_of)) == []
    assert ra.stages(cat, first, as_of, as_of).is_empty()
    assert ra.summary(cat, first, as_of, as_of).incidents == 0
    assert ra.satisfaction(cat, first, as_of).mean is None


# -- the page under AppTest ----------------------------------------------------------------------


def page(monkeypatch, demo, demo_catalog, **params) -> AppTest:
    return apptest_pages.open_page(monkeypatch, demo.exports, demo_catalog, "resolution", **params)


def ok(at: AppTest) -> None:
    apptest_pages.assert_ok(at)


def hours(h: float | None, lang: str) -> str:
    return "–" if h is None else f"{h:.1f} {i18n.t('unit_hours', lang)}"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("level", ["city", "district"])
def test_page_renders_and_its_widgets_work(
    monkeypatch, demo, demo_catalog, window, district, lang, level
):
    first, as_of, cut = window
    prefix = district if level == "district" else ""
    params = {"lang": lang, "as_of": as_of.isoformat()} | ({"at": prefix} if prefix else {})
    at = page(monkeypatch, demo, demo_catalog, **params)
    tr = i18n.t
    # headline: cohort size and the KM median, recomputed with lifelines
    c = cohort(demo.exports, first, as_of, cut, prefix)
    shown = apptest_pages.tile_values(at)
    assert shown[tr("res_m_incidents", lang)] == f"{c.height:,}"
    assert shown[tr("res_m_km_median", lang)] == hours(km_quantile_hours(c, 0.5), lang)
    assert shown[tr("res_m_km_p90", lang)] == hours(km_quantile_hours(c, 0.1), lang)
    # each lower section draws its own charts, and only the open one is drawn
    for section, n_charts in (("stall", 2), ("backlog", 2), ("sat", 1), ("km", 1)):
        apptest_pages.open_section(at, section)
        assert len(at.get("echarts_chart")) == n_charts, section
        if section == "stall":  # the open cases by last step, against the exports
            steps = next(
                d
                for d in apptest_pages.shown_tables(at)
                if tr("res_col_last_step", lang) in d.columns
            )
            want = {
                tr(f"res_step_{k}", lang): n
                for k, n in open_by_last_step_polars(demo.exports, cut, prefix).items()
            }
            assert (
                dict(
                    zip(
                        steps[tr("res_col_last_step", lang)],
                        steps[tr("res_col_cases", lang)],
                        strict=True,
                    )
                )
                == want
            )
        if section == "backlog":  # dispatched, returned and escalated cases per level
            levels = next(
                d
                for d in apptest_pages.shown_tables(at)
                if tr("res_col_dispatched", lang) in d.columns
            )
            want = {
                tr(f"res_level_{k}", lang): v[:3]
                for k, v in returns_by_level_polars(demo.exports, first, as_of, cut, prefix).items()
            }
            got = {
                r[tr("res_col_level", lang)]: (
                    r[tr("res_col_dispatched", lang)],
                    r[tr("res_col_returned", lang)],
                    r[tr("res_col_escalated", lang)],
                )
                for r in levels.to_dict("records")
            }
            assert got == want
        if section == "sat":  # the mean score of the window's closed and rated cases
            rated = closed_in_window(demo.exports, first, as_of, prefix)["satisfaction"]
            shown = apptest_pages.tile_values(at)
            assert shown[tr("res_m_sat_mean", lang)] == f"{rated.drop_nulls().mean():.2f}"

    # split by source: the segment table's KM medians equal lifelines'
    at.segmented_control(key="res_split").set_value("source").run()
    ok(at)
    assert at.query_params["split"] in ("source", ["source"])  # kept in the URL
    table = apptest_pages.shown_tables(at)[0]
    expected = {
        tr(f"source_{s}", lang): km_quantile_hours(part, 0.5) for (s,), part in c.group_by("source")
    }
    got = dict(
        zip(table[tr("res_col_segment", lang)], table[tr("res_col_km_median", lang)], strict=True)
    )
    assert set(got) == set(expected)
    for name, med in expected.items():
        assert (got[name] != got[name] and med is None) or got[name] == pytest.approx(round(med, 1))

    # split by place: one row per place one level down that had incidents
    at.segmented_control(key="res_split").set_value("place").run()
    ok(at)
    digits = 9 if prefix else 6
    places = apptest_pages.shown_tables(at)[0][tr("res_col_segment", lang)]
    assert len(places) == c["grid_code"].str.slice(0, digits).n_unique()

    # the league table's filter
    apptest_pages.open_section(at, "league")
    at.number_input(key="res_min").set_value(5).run()
    ok(at)
    league = apptest_pages.shown_tables(at)[0]
    assert (league[tr("res_col_closed_window", lang)] >= 5).all()
    # exactly the units that closed at least 5 of the place's cases in the window (Polars)
    closed = (
        closed_in_window(demo.exports, first, as_of, prefix)
        .filter(pl.col("handling_unit").is_not_null())
        .group_by("handling_unit")
        .len()
    )
    units = closed.filter(pl.col("len") >= 5)
    assert 0 < units.height < closed.height
    assert dict(
        zip(
            league[tr("res_col_unit", lang)], league[tr("res_col_closed_window", lang)], strict=True
        )
    ) == {unit_name(u, lang): n for u, n in units.iter_rows()}  # English: core.romanise


def test_page_at_a_grid_without_incidents_says_no_rows(monkeypatch, demo, demo_catalog):
    grids = read(demo.exports, "grids")["grid_code"]
    busy = set(read(demo.exports, "incidents")["grid_code"])
    quiet = [g for g in grids if g not in busy]
    assert quiet, "the small demo leaves many grids without any incident"
    at = page(monkeypatch, demo, demo_catalog, at=quiet[0])
    shown = apptest_pages.tile_values(at)
    assert shown[i18n.t("res_m_incidents", "zh")] == "0"
    assert shown[i18n.t("res_m_km_median", "zh")] == "–"
    assert i18n.t("no_rows", "zh") in [i.value for i in at.info]  # the KM section, empty
    assert not at.warning  # no incidents: nothing to caution about
    for section in ("stall", "backlog", "due", "league", "sat"):  # each in turn, without an error
        apptest_pages.open_section(at, section)


def test_page_at_a_grid_with_few_incidents_says_they_are_few(monkeypatch, demo, demo_catalog):
    incidents = read(demo.exports, "incidents")
    counts = incidents.group_by("grid_code").len()
    grid = counts.filter(pl.col("len") >= 2).sort("len", "grid_code")["grid_code"][0]
    at = page(monkeypatch, demo, demo_catalog, at=grid, days=365, lang="en")
    n = int(apptest_pages.tile_cards(at)[0]["value"].replace(",", ""))
    assert 0 < n < 30  # a grid's year in the small demo
    assert [w.value for w in at.warning] == [
        i18n.t("res_few_one" if n == 1 else "res_few", "en", n=f"{n:,}", least=30)
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_due_today_by_matter_group_equals_brief_json(monkeypatch, demo, demo_catalog, capsys, lang):
    """预计超期 by matter group: the groups add up to `griddash brief --json`'s at_risk, each
    group's due count is its cases', and the case list is the brief's in the same order."""
    from dashboard.commands import cli

    assert cli.main(["brief", "--json", "--catalog", str(demo_catalog)]) == 0
    risk = json.loads(capsys.readouterr().out)["at_risk"]
    at = page(monkeypatch, demo, demo_catalog, lang=lang)
    apptest_pages.open_section(at, "due")
    ok(at)
    groups, cases = apptest_pages.shown_tables(at)[:2]
    tr = i18n.t
    assert groups[tr("res_col_due", lang)].sum() == risk["due_24h"] > 0
    # Each group's expected count is its cases' chances summed (shown to one decimal).
    name = "group_zh" if lang == "zh" else "group_en"
    by_group: dict[str, list[float]] = {}
    for c in risk["cases"]:
        by_group.setdefault(c[name], []).append(c["p_miss"])
    shown = dict(
        zip(
            groups[tr("res_col_group", lang)],
            zip(
                groups[tr("res_col_due", lang)],
                groups[tr("res_col_expected_overdue", lang)],
                strict=True,
            ),
            strict=True,
        )
    )
    assert shown == {g: (len(p), round(sum(p), 1)) for g, p in by_group.items()}
    assert list(cases[tr("res_col_incident", lang)]) == [c["incident_id"] for c in risk["cases"]]
    assert list(cases[tr("res_col_p_miss", lang)]) == [
        round(100 * c["p_miss"]) for c in risk["cases"]
    ]
