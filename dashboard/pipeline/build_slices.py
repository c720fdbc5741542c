"""Catalog tables built one slice of grid codes at a time.

`open_spans` and `incident_milestones` group the workflow events by incident. At 50 M incidents
(250 M events) one such aggregation does not fit the ingest's memory limit: it spilled 12 GB and
had not finished after 20 minutes (docs/performance.md). Built over slices of grid codes that
hold at most `per_slice` incidents each, every slice fits, and the slices are appended in order,
each sorted as its build file says.
"""

from __future__ import annotations

import duckdb

from dashboard.data.queries import build_sql
from dashboard.data.scoped_db import size_bytes

SLICED = ("open_spans", "incident_milestones")
# Memory one incident's share of a slice may take: 16 M incidents a slice under 8 GB. At 50M
# (8 GB) four such slices built incident_milestones in 106 s, seven of 8 M in 129 s; one slice of
# all 50 M spilled 12 GB and had not finished after 20 minutes (docs/performance.md).
BYTES_PER_INCIDENT = 500


def slice_incidents(memory_limit: str) -> int:
    """How many incidents one slice may hold under DuckDB's memory limit (e.g. '8GB')."""
    return max(1, size_bytes(memory_limit) // BYTES_PER_INCIDENT)


def grid_slices(counts: list[tuple[str, int]], per_slice: int) -> list[tuple[str, str]]:
    """Consecutive (first, last) grid codes, both included, covering `counts` — (grid code,
    incidents) sorted by grid code — with at most `per_slice` incidents each, unless one grid
    alone holds more (it is then a slice of its own)."""
    slices: list[tuple[str, str]] = []
    first, held = None, 0
    for i, (grid, incidents) in enumerate(counts):
        if first is not None and held + incidents > per_slice:
            slices.append((first, counts[i - 1][0]))
            first, held = None, 0
        if first is None:
            first = grid
        held += incidents
    if first is not None:
        slices.append((first, counts[-1][0]))
    return slices


def build_sliced(con: duckdb.DuckDBPyConnection, name: str, slices: list[tuple[str, str]]) -> None:
    """Create table `name` from queries/build/<name>.sql, run once per slice ($lo, $hi) and
    appended in slice order; an empty table with the right columns when there are no slices."""
    create = build_sql(name)
    head = f"create table {name} as"
    if head not in create:
        raise ValueError(f"queries/build/{name}.sql: expected '{head}', found none")
    insert = create.replace(head, f"insert into {name}", 1)
    if not slices:  # no incidents: the columns still exist
        con.execute(create, {"lo": "", "hi": ""}).fetchall()
        return
    for i, (lo, hi) in enumerate(slices):
        con.execute(create if i == 0 else insert, {"lo": lo, "hi": hi}).fetchall()


def incident_counts_by_grid(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """(grid code, incidents) of the catalog being built, sorted by grid code."""
    return con.execute(
        "select grid_code, count(*) from incidents group by grid_code order by grid_code"
    ).fetchall()
