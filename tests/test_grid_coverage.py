"""Patrol coverage per day (queries/grid_coverage_by_day.sql, from the ingest's
patrols_by_grid_day) against Polars straight from the patrols and grids exports: for each day,
the grids in scope with a patrol on one of the $days days ending on it."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest
from test_brief_independent import read

from dashboard.data.catalog import Catalog

STREET = "140105003"


def coverage_from_exports(exports, scope: str, first, last, days: int) -> list[tuple]:
    """(day, patrolled, grids) per day first … last, counted with Polars: the distinct grids of
    the scope with a patrol dated within day − (days − 1) … day."""
    patrols = (
        read(exports, "patrols")
        .filter(pl.col("grid_code").str.starts_with(scope))
        .select("grid_code", "patrol_date")
        .unique()
    )
    grids = read(exports, "grids").filter(pl.col("grid_code").str.starts_with(scope)).height
    rows = []
    day = first
    while day <= last:
        reach = patrols.filter(
            pl.col("patrol_date").is_between(day - timedelta(days=days - 1), day)
        )
        rows.append((day, reach["grid_code"].n_unique(), grids))
        day += timedelta(days=1)
    return rows


def patrol_days(cat: Catalog):
    days = cat.sql("select min(patrol_date) as a, max(patrol_date) as b from patrols")
    return days["a"][0], days["b"][0]


@pytest.mark.parametrize("scope", ["", "140105", STREET])
@pytest.mark.parametrize("days", [1, 2, 7, 30])
def test_coverage_matches_the_exports(demo, demo_catalog, scope, days):
    cat = Catalog(demo_catalog, scope=scope).pinned()
    _, last = patrol_days(cat)
    first = last - timedelta(days=29)
    found = cat.query("grid_coverage_by_day", **{"from": first, "to": last}, days=days)
    want = coverage_from_exports(demo.exports, scope, first, last, days)
    assert found.rows() == want
    # a real comparison: grids patrolled on every day, never all of them in a day
    assert min(r[1] for r in want) > 0
    assert min(r[1] for r in want) < want[0][2]


@pytest.mark.parametrize("days", [1, 7])
def test_a_window_reaching_past_both_ends_of_the_patrols(demo, demo_catalog, days):
    """Days before the first patrol count none; after the last, a patrol keeps covering its
    grid for $days − 1 days, then none."""
    cat = Catalog(demo_catalog).pinned()
    earliest, latest = patrol_days(cat)
    first, last = earliest - timedelta(days=3), latest + timedelta(days=10)
    found = cat.query("grid_coverage_by_day", **{"from": first, "to": last}, days=days)
    want = coverage_from_exports(demo.exports, "", first, last, days)
    assert found.rows() == want
    patrolled = [r[1] for r in want]
    assert patrolled[:3] == [0, 0, 0] and patrolled[-3:] == [0, 0, 0]
    assert patrolled[3] > 0


def test_the_built_table_matches_the_exports(demo, demo_catalog):
    """patrols_by_grid_day: a row per grid and day with a patrol, its patrols and the grid's
    next day with one (null for its last)."""
    cat = Catalog(demo_catalog).pinned()
    found = cat.sql(
        "select day, grid_code, patrols, next_day from patrols_by_grid_day order by grid_code, day"
    )
    want = (
        read(demo.exports, "patrols")
        .group_by("grid_code", pl.col("patrol_date").alias("day"))
        .agg(pl.len().alias("patrols"))
        .sort("grid_code", "day")
        .with_columns(pl.col("day").shift(-1).over("grid_code").alias("next_day"))
        .select("day", "grid_code", "patrols", "next_day")
    )
    assert found.rows() == want.rows()
    assert want["patrols"].max() > 1  # some grid was patrolled twice on a day
