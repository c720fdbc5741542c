"""Patrol coverage per day (queries/grid_coverage_by_day.sql, from the ingest's
patrols_by_grid_day) against Polars straight from the patrols and grids exports: for each day,
the grids in scope with a patrol on one of the $days days ending on it."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest
from test_brief_independent import read

from dashboard.data.catalog import Catalog


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


@pytest.mark.parametrize("scope", ["", "140105"])
@pytest.mark.parametrize("days", [1, 2, 7])
def test_coverage_matches_the_exports(demo, demo_catalog, scope, days):
    cat = Catalog(demo_catalog, scope=scope).pinned()
    last = cat.sql("select max(patrol_date) as d from patrols")["d"][0]
    first = last - timedelta(days=29)
    found = cat.query("grid_coverage_by_day", **{"from": first, "to": last}, days=days)
    want = coverage_from_exports(demo.exports, scope, first, last, days)
    assert found.rows() == want
    # a real comparison: grids patrolled, and not every grid every day
    assert min(r[1] for r in want) > 0 and max(r[1] for r in want) < want[0][2]


def test_the_first_days_see_patrols_before_the_window(demo, demo_catalog):
    """A 7-day coverage on the window's first day counts the six days before it."""
    cat = Catalog(demo_catalog).pinned()
    first = cat.sql("select min(patrol_date) as d from patrols")["d"][0] + timedelta(days=10)
    found = cat.query("grid_coverage_by_day", **{"from": first, "to": first}, days=7)
    want = coverage_from_exports(demo.exports, "", first, first, 7)
    one_day = coverage_from_exports(demo.exports, "", first, first, 1)
    assert found.rows() == want
    assert want[0][1] > one_day[0][1]
