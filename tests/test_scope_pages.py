"""Scope on every page, for every role: a director, a district lead, a viewer with the same
district and an analyst with one street of another, each signed in by the proxy header, opens
/, /incidents, /resolution, /workload, /training, /sql, /reports and /data (one AppTest session
per role, kept for the module, a link to someone else's place in the URL each time).

On each page a scoped user sees no other district's code or name and no street name outside
their place (test_access.Foreign: everything the page holds — text, tables, charts, maps,
widget options), the URL names their own place, and the page's headline figures are their
place's own, worked out here with Polars from the Parquet exports (lifelines for the KM
median). /data is refused to scoped users (not in the navigation, and the page itself stops);
/sql is refused to the viewer; a scoped console reads its own rows and not the catalog's
city-wide tables (scoped_db.CITY_ONLY_IN_CONSOLE), which the director's console reads.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

import polars as pl
import pytest
from apptest_pages import html_tables, tile_values
from lifelines import KaplanMeierFitter
from streamlit.testing.v1 import AppTest
from test_access import ACCESS, Foreign, assert_ok, everything_shown
from test_page_workload import demo_per_worker
from test_report_summary import km_hours_as_printed

from dashboard.analysis import console_schema
from dashboard.app import auth
from dashboard.core import i18n, paths
from dashboard.data import queries, scoped_db

APP = str(paths.PROJECT_ROOT / "app.py")
AS_OF = date(2026, 10, 31)  # the demo's last full day: every page's default
END = datetime.combine(AS_OF + timedelta(days=1), datetime.min.time())
FIRST30 = AS_OF - timedelta(days=29)
LEAD_SCOPE = "140105"  # test_access.ACCESS: the lead's and the viewer's district
ROLES = ("director", "lead", "viewer", "analyst")
PAGES = (
    "briefing",
    "incidents",
    "resolution",
    "workload",
    "training",
    "sql",
    "reports",
    "inventory",
)
ELSEWHERE = {"lead": "140106", "viewer": "140106", "analyst": "140107"}  # a link to another place
# The catalog's city-wide counts, which a scoped console does not have (README, Access control;
# decided in scoped_db.CITY_ONLY_IN_CONSOLE)
CITY_WIDE = ("catalog_tables", "catalog_files", "catalog_quarantine")
STORED = ("city", "140105", "140106", "140105001", "{street}")  # stand-in PDFs in the folder


def read(demo, table: str) -> pl.DataFrame:
    return pl.read_parquet(demo.exports / table / "**" / "*.parquet", hive_partitioning=False)


@pytest.fixture(scope="module")
def street(demo) -> str:
    """The analyst's scope: the first street (by code) of 迎泽区 — another district than the
    lead's, a level below it."""
    return read(demo, "grids").filter(pl.col("district_code") == "140106")["street_code"].min()


@pytest.fixture(scope="module")
def scopes(street) -> dict[str, str]:
    return {"director": "", "lead": LEAD_SCOPE, "viewer": LEAD_SCOPE, "analyst": street}


@pytest.fixture(scope="module")
def served(demo, demo_catalog, tmp_path_factory, street):
    """role → that user's AppTest session of app.py (header mode), made on first use."""
    folder = tmp_path_factory.mktemp("scope_pages")
    access = folder / "auth.toml"
    access.write_text(
        ACCESS.format(mode="header", extra="")
        + (f'\n[users.analyst]\nrole = "analyst"\nscope = "{street}"\n'),
        encoding="utf-8",
    )
    reports = folder / "reports"
    reports.mkdir()
    for scope in STORED:
        (reports / f"2026-W43_{scope.format(street=street)}_zh.pdf").write_bytes(b"%PDF-1.4 x")
    sessions: dict[str, AppTest] = {}

    def session(role: str) -> tuple[AppTest, bool]:
        """The role's session, and whether it was made just now: its first run is the
        briefing, opened with a link to someone else's place (a scoped user's) or the city."""
        if role in sessions:
            return sessions[role], False
        at = AppTest.from_file(APP, default_timeout=180)
        at.user = {auth.USER_KEY: role}
        if role != "director":
            at.query_params["at"] = ELSEWHERE[role]
        at.run()
        sessions[role] = at
        return at, True

    with pytest.MonkeyPatch.context() as mp:
        for name, value in (
            ("GRIDDASH_CATALOG", demo_catalog),
            ("GRIDDASH_DATA", demo.exports),
            ("GRIDDASH_AUTH", access),
            ("GRIDDASH_REPORTS", reports),
        ):
            mp.setenv(name, str(value))
        yield session


@functools.cache
def foreign_names(exports, scope: str) -> Foreign:
    """What a user with `scope` must not see: other districts' names and codes, and the names
    and codes of the streets outside the scope (a street's own district is its own; a name
    that occurs in one of the scope's own names does not count)."""
    grids = pl.read_parquet(exports / "grids" / "*.parquet")
    own = grids.filter(pl.col("grid_code").str.starts_with(scope))
    others = grids.filter(~pl.col("grid_code").str.starts_with(scope))
    own_text = " ".join(
        own["district_name"].unique().to_list()
        + own["street_name"].unique().to_list()
        + own["community_name"].unique().to_list()
        + own["grid_name"].unique().to_list()
    )
    districts = others.filter(pl.col("district_code") != scope[:6])
    names = districts["district_name"].unique().sort().to_list() + [
        n for n in others["street_name"].unique().sort() if n not in own_text
    ]
    codes = districts["district_code"].unique().sort().to_list()
    if len(scope) > 6:  # the other streets of the district
        codes += (
            others.filter(pl.col("district_code") == scope[:6])["street_code"]
            .unique()
            .sort()
            .to_list()
        )
    return Foreign(names, codes)


# -- what each page must show, worked out from the exports ---------------------------------------


def incidents(demo, scope: str) -> pl.DataFrame:
    """The scope's incidents, cancelled left out (DESIGN.md)."""
    return read(demo, "incidents").filter(
        pl.col("grid_code").str.starts_with(scope) & (pl.col("status") != "cancelled")
    )


def briefing_tiles(demo, scope: str) -> dict[str, str]:
    """New and closed on AS_OF, backlog and overdue at its end."""
    inc = incidents(demo, scope)
    backlog = inc.filter(
        (pl.col("reported_at") < END)
        & (pl.col("closed_at").is_null() | (pl.col("closed_at") >= END))
    )
    figures = {
        "tile_new": inc.filter(pl.col("reported_at").dt.date() == AS_OF).height,
        "tile_closed": inc.filter(pl.col("closed_at").dt.date() == AS_OF).height,
        "tile_backlog": backlog.height,
        "tile_overdue": backlog.filter(pl.col("deadline_at") < END).height,
    }
    return {i18n.t(k, "zh"): f"{n:,}" for k, n in figures.items()}


def last_30_days(demo, scope: str) -> pl.DataFrame:
    return incidents(demo, scope).filter(pl.col("reported_at").dt.date().is_between(FIRST30, AS_OF))


def km_median_hours(cohort: pl.DataFrame) -> float | None:
    """lifelines' first time with S ≤ 0.5, exact durations, censored at the end of AS_OF."""
    done = cohort["closed_at"].is_not_null() & (cohort["closed_at"] < END)
    until = cohort.select(
        pl.when(done).then(pl.col("closed_at")).otherwise(pl.lit(END)) - pl.col("reported_at")
    ).to_series()
    kmf = KaplanMeierFitter().fit(
        until.dt.total_milliseconds().to_numpy() / 3_600_000, done.to_numpy()
    )
    sf = kmf.survival_function_.iloc[:, 0]
    hit = sf[sf <= 0.5 + 1e-12]
    return None if hit.empty else float(hit.index[0])


def training(demo, scope: str) -> dict[str, str]:
    """Participant-times and sessions up to AS_OF: every attendance row for the city; for a
    scope, its grid workers' (assigned to one of its grids at any time; cadres carry no
    place) and the sessions they attended."""
    sessions = read(demo, "trainings").filter(pl.col("starts_at") < END)
    rows = read(demo, "training_attendance").join(sessions.select("session_id"), on="session_id")
    if scope:
        workers = read(demo, "worker_grids").filter(pl.col("grid_code").str.starts_with(scope))
        rows = rows.filter(
            (pl.col("person_type") == "grid_worker")
            & pl.col("person_id").is_in(workers["worker_id"].implode())
        )
    n_sessions = rows["session_id"].n_unique() if scope else sessions.height
    return {
        i18n.t("tr_kpi_participant_times", "zh"): f"{rows.height:,}",
        i18n.t("tr_kpi_sessions", "zh"): f"{n_sessions:,}",
    }


def metrics(at: AppTest) -> dict[str, str]:
    return tile_values(at)


def run_sql(at: AppTest, sql: str) -> AppTest:
    at.text_area(key="sql_text").set_value(sql)
    at.button(key="sql_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# -- the test ----------------------------------------------------------------------------------


def offered(role: str, page: str) -> bool:
    """As app.offered decides: no console for a viewer, no inventory below the city."""
    return not (page == "sql" and role == "viewer") and not (
        page == "inventory" and role != "director"
    )


@pytest.mark.parametrize(("role", "page"), [(r, p) for r in ROLES for p in PAGES])
def test_each_page_shows_the_users_place_only(served, demo, scopes, street, role, page):
    scope = scopes[role]
    at, fresh = served(role)
    if not offered(role, page):
        # not in the navigation, and the page itself refuses (a link, or a page run directly)
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"views/{page}.py")
        alone = AppTest.from_file(
            str(paths.PROJECT_ROOT / "views" / f"{page}.py"), default_timeout=60
        )
        alone.user = {auth.USER_KEY: role}
        alone.run()
        assert not alone.exception and not tile_values(alone) and not alone.dataframe
        assert not html_tables(alone)  # nor a printed table (the inventory's)
        said = (
            i18n.t("deny_console", "zh", user=role, role=i18n.t("role_viewer", "zh"))
            if page == "sql"
            else i18n.t("deny_inventory", "zh")
        )
        assert [e.value for e in alone.error] and said in alone.error[0].value
        return
    if not (fresh and page == "briefing"):
        at.query_params.clear()
        if scope:
            at.query_params["at"] = ELSEWHERE[role]
        at.switch_page(f"views/{page}.py")
        at.run()
    assert_ok(at)
    if scope:
        assert at.query_params["at"] in (scope, [scope]), "the URL names the user's own place"
        assert foreign_names(demo.exports, scope).found(everything_shown(at)) == []
    check = CHECKS[page]
    check(at, demo, scope, street)


def check_briefing(at, demo, scope, street):
    assert {
        k: v for k, v in tile_values(at).items() if k in (want := briefing_tiles(demo, scope))
    } == want


def check_incidents(at, demo, scope, street):
    assert metrics(at)[i18n.t("inc_m_incidents", "zh")] == f"{last_30_days(demo, scope).height:,}"


def check_resolution(at, demo, scope, street):
    cohort = last_30_days(demo, scope)
    shown = metrics(at)
    assert shown[i18n.t("res_m_incidents", "zh")] == f"{cohort.height:,}"
    median = shown[i18n.t("res_m_km_median", "zh")].removesuffix(" " + i18n.t("unit_hours", "zh"))
    assert median in km_hours_as_printed(km_median_hours(cohort)), median


def check_workload(at, demo, scope, street):
    workers = demo_per_worker(demo.exports, scope)
    assert metrics(at)[i18n.t("wl_tile_workers", "zh")] == f"{workers.height:,}"


def check_training(at, demo, scope, street):
    want = training(demo, scope)
    assert {k: v for k, v in metrics(at).items() if k in want} == want


def check_sql(at, demo, scope, street):
    # the schema browser, then the examples: one panel is laid out at a time
    shown = everything_shown(at)
    at.query_params["panel"] = "examples"
    at.run()
    shown += everything_shown(at)
    assert "sql_example_backlog_by_age" in shown  # the examples are in what was read
    run_sql(at, "select count(*) as n from incidents")
    n = at.dataframe[0].value["n"].tolist()
    assert n == [read(demo, "incidents").filter(pl.col("grid_code").str.starts_with(scope)).height]
    if scope:  # as decided: a scoped session has none of the city-wide catalog tables at all
        assert sorted(scoped_db.CITY_ONLY_IN_CONSOLE) == sorted(CITY_WIDE)
        for table in CITY_WIDE:
            assert table not in shown, table  # nor in the schema browser or the examples
            run_sql(at, f"select * from {table}")
            assert [e.value for e in at.error] == [i18n.t("sql_fail_refused", "zh")], table
            # the statement check's reason, in the page's language
            assert f"此处没有表 '{table}'" in str([c.value for c in at.code])
        return
    # the director's console reads all three, with the whole city's counts: the incidents
    # export's rows and files (the demo is clean: nothing quarantined)
    run_sql(
        at,
        "select (select rows_loaded from catalog_tables where table_name = 'incidents') "
        "as loaded, (select count(*) from catalog_files where table_name = 'incidents') "
        "as files, (select count(*) from catalog_quarantine) as quarantined",
    )
    assert_ok(at)
    files = len(list((demo.exports / "incidents").rglob("*.parquet")))
    assert at.dataframe[0].value.to_dict("records") == [
        {"loaded": read(demo, "incidents").height, "files": files, "quarantined": 0}
    ]


def check_reports(at, demo, scope, street):
    choice = at.selectbox(key="report_scope")
    assert choice.value == scope
    listed = sorted(x.value for x in at.text if x.value.endswith(".pdf"))
    names = [f"2026-W43_{s.format(street=street)}_zh.pdf" for s in STORED]
    inside = [
        n
        for n, s in zip(names, STORED, strict=True)
        if (s.format(street=street) if s != "city" else "").startswith(scope)
    ]
    assert listed == sorted(inside)


def check_inventory(at, demo, scope, street):
    shown = metrics(at)
    assert shown[i18n.t("kpi_grids", "zh")] == f"{read(demo, 'grids').height:,}"
    assert shown[i18n.t("kpi_incidents", "zh")] == f"{read(demo, 'incidents').height:,}"


CHECKS = {
    "briefing": check_briefing,
    "incidents": check_incidents,
    "resolution": check_resolution,
    "workload": check_workload,
    "training": check_training,
    "sql": check_sql,
    "reports": check_reports,
    "inventory": check_inventory,
}


def test_a_scoped_console_offers_no_example_it_cannot_read():
    """The console's examples are the named queries; a scoped session has none of the catalog's
    city-wide tables, so the one example that reads them (data_quality: catalog_tables and
    catalog_quarantine) is left out there — the city's console offers it."""
    city = [e.name for e in console_schema.examples(AS_OF, "", "zh")]
    scoped = [e.name for e in console_schema.examples(AS_OF, LEAD_SCOPE, "zh")]
    assert city == list(queries.registry())
    assert [n for n in city if n not in scoped] == ["data_quality"]
    for ex in console_schema.examples(AS_OF, LEAD_SCOPE, "zh"):
        assert not any(t in ex.sql for t in CITY_WIDE), ex.name
