"""The briefing's cohorts stored at ingest (dashboard/core/data_days.py): the rows of
resolution_minutes_by_scope_group and within_limit_by_scope worked out again with Polars from
the Parquet exports (no DuckDB); each session sees its own scope's rows only; the figures read
them exactly when the window, the day and the scope are the stored ones, and count the incidents
otherwise."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard.core import data_days
from dashboard.data.catalog import Catalog
from dashboard.measures import metrics

DISTRICT = "140105"
STREET = "140105001"


def read(exports, table: str) -> pl.DataFrame:
    return pl.read_parquet(exports / table / "**" / "*.parquet", hive_partitioning=False)


def minutes_up(later: pl.Expr, earlier: pl.Expr) -> pl.Expr:
    return ((later - earlier).dt.total_microseconds() / 60_000_000).ceil().cast(pl.Int64)


def last_day(incidents: pl.DataFrame) -> date:
    """The day before the one holding the latest timestamp plus an hour (DESIGN.md's D)."""
    latest = max(incidents["reported_at"].max(), incidents["closed_at"].max())
    return (latest + timedelta(hours=1)).date() - timedelta(days=1)


def by_scope(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Counts per district and for the whole city (scope '')."""
    district = frame.with_columns(scope=pl.col("grid_code").str.slice(0, 6))
    city = frame.with_columns(scope=pl.lit(""))
    return pl.concat([district, city]).group_by(["scope", *keys]).agg(incidents=pl.len())


@pytest.fixture(scope="module")
def exports(demo):
    assert not any(t["quarantined"] for t in demo.result.tables.values())  # catalog = exports
    return demo.exports


@pytest.fixture(scope="module")
def stored(demo_catalog):
    """The two stored tables as the file holds them (every scope), sorted for comparison."""
    con = duckdb.connect(str(demo_catalog), read_only=True)
    out = {name: con.sql(f"select * from {name}").pl() for name in data_days.STORED_BUILDS}
    con.close()
    return out


def test_resolution_minutes_equal_polars(exports, stored):
    inc = read(exports, "incidents").filter(pl.col("status") != "cancelled")
    d = last_day(inc)
    t = datetime.combine(d + timedelta(days=1), datetime.min.time())
    groups = (
        read(exports, "items")
        .join(read(exports, "categories"), on="category_code")
        .select("item_code", "group_zh", "group_en")
    )
    closed = pl.col("closed_at").is_not_null() & (pl.col("closed_at") < t)
    cohort = (
        inc.filter(pl.col("reported_at").dt.date().is_between(d - timedelta(days=89), d))
        .join(groups, on="item_code", how="left")
        .with_columns(
            closed=closed,
            minutes=minutes_up(
                pl.when(closed).then(pl.col("closed_at")).otherwise(pl.lit(t)),
                pl.col("reported_at"),
            ),
        )
    )
    recent = cohort.filter(pl.col("reported_at").dt.date() >= d - timedelta(days=29))
    keys = ["group_zh", "group_en", "minutes", "closed"]
    want = pl.concat(
        [
            by_scope(cohort, keys).with_columns(days=pl.lit(90, pl.Int32)),
            by_scope(recent, keys).with_columns(days=pl.lit(30, pl.Int32)),
        ]
    )
    got = stored["resolution_minutes_by_scope_group"]
    assert got["as_of"].unique().to_list() == [d]
    order = ["scope", "days", *keys]
    assert_frame_equal(
        got.drop("as_of").sort(order, nulls_last=True),
        want.select(got.drop("as_of").columns).sort(order, nulls_last=True),
        check_dtypes=False,
    )
    assert set(got["scope"]) == {"", *inc["grid_code"].str.slice(0, 6).unique()}
    assert got.filter(days=30, scope="")["incidents"].sum() == recent.height > 0
    assert got.filter(days=90, scope="")["incidents"].sum() == cohort.height > recent.height


def test_within_limit_ratios_equal_polars(exports, stored):
    inc = read(exports, "incidents").filter(pl.col("status") != "cancelled")
    d = last_day(inc)
    t = datetime.combine(d + timedelta(days=1), datetime.min.time())
    closed = pl.col("closed_at").is_not_null() & (pl.col("closed_at") < t)
    elapsed = pl.when(closed).then(pl.col("closed_at")).otherwise(pl.lit(t)) - pl.col("reported_at")
    limit = pl.col("deadline_at") - pl.col("reported_at")
    cohort = (
        inc.filter(
            pl.col("reported_at").dt.date().is_between(d - timedelta(days=29), d)
            & pl.col("deadline_at").is_not_null()
            & (pl.col("deadline_at") > pl.col("reported_at"))
        )
        .with_columns(
            closed=closed,
            share=elapsed.dt.total_microseconds() / limit.dt.total_microseconds(),
        )
        .with_columns(
            ratio=pl.min_horizontal((pl.col("share") * 10000).ceil() / 10000, pl.lit(1.0001))
        )
    )
    want = by_scope(cohort, ["ratio", "closed"])
    got = stored["within_limit_by_scope"]
    assert got["as_of"].unique().to_list() == [d]
    order = ["scope", "ratio", "closed"]
    assert_frame_equal(
        got.drop("as_of").sort(order),
        want.select(got.drop("as_of").columns).sort(order),
        check_dtypes=False,
        rel_tol=1e-12,
    )
    assert got.filter(scope="")["incidents"].sum() == cohort.height > 0


@pytest.mark.parametrize(
    ("scope", "seen"), [("", [""]), (DISTRICT, [DISTRICT]), (STREET, [])], ids=str
)
@pytest.mark.parametrize("console", [False, True], ids=["pages", "console"])
def test_each_session_sees_its_own_scope(demo_catalog, scope, seen, console):
    """The city's session too sees only the city's rows: the districts' are not its figures."""
    cat = Catalog(demo_catalog, scope=scope, console=console)
    for name in data_days.STORED_BUILDS:
        assert cat.sql(f"select distinct scope from {name}")["scope"].to_list() == seen, name


def test_the_stored_windows():
    d = date(2026, 10, 31)
    assert metrics.stored_days(d - timedelta(days=29), d, d) == 30
    assert metrics.stored_days(d - timedelta(days=89), d, d) == 90
    assert metrics.stored_days(d - timedelta(days=6), d, d) is None  # a week: not stored
    assert metrics.stored_days(d - timedelta(days=29), d, d + timedelta(days=1)) is None
    assert data_days.last_full_day(datetime(2026, 10, 31, 23, 0)) == d  # within the grace
    assert data_days.last_full_day(datetime(2026, 10, 31, 22, 59)) == d - timedelta(days=1)
    # No incidents: a day before any data, so the tables are built empty with their columns.
    nothing = data_days.stored_build_params("within_limit_by_scope", None)
    assert nothing["to"] == date(1970, 1, 1) and nothing["from"] == date(1969, 12, 3)


@pytest.mark.parametrize("scope", ["", DISTRICT, STREET], ids=["city", "district", "street"])
def test_figures_read_the_same_rows_either_way(demo_catalog, scope):
    """Stored (city, district) or counted (street, an earlier day): the rows the figures get
    are the live queries' rows."""
    cat = Catalog(demo_catalog, scope=scope)
    d = metrics.resolve_as_of(cat, None)
    for day in (d, d - timedelta(days=3)):
        t = metrics.day_end(day)
        recent = {"from": day - timedelta(days=29), "to": day}
        live = cat.query("resolution_minutes_cohort", **recent, cutoff=t)
        assert_frame_equal(metrics.resolution_cohort(cat, recent["from"], day, day), live)
        history = {"from": day - timedelta(days=89), "to": day}
        live = cat.query("resolution_minutes_by_group", **history, cutoff=t)
        assert_frame_equal(metrics.at_risk_history(cat, day), live)
        stored = cat.query("resolution_minutes_by_group_stored", as_of=day, days=90)
        assert stored.is_empty() == (day != d or scope == STREET)
        live = cat.query("within_limit_cohort", **recent, cutoff=t)
        want = 1 - _km_at_one(live)
        assert metrics.within_limit(cat, recent["from"], day, day) == pytest.approx(want)


def _km_at_one(cohort: pl.DataFrame) -> float:
    """Kaplan–Meier S(1) over (ratio, closed, incidents), written out (events at 1 count)."""
    s, at_risk = 1.0, cohort["incidents"].sum()
    for ratio in sorted(cohort["ratio"].unique()):
        here = cohort.filter(pl.col("ratio") == ratio)
        if ratio > 1:
            break
        events = here.filter("closed")["incidents"].sum()
        s *= 1 - events / at_risk if at_risk else 1.0
        at_risk -= here["incidents"].sum()
    return s if not math.isnan(s) else 1.0
