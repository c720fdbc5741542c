"""The per-incident tables (incident_milestones, open_spans with its steps) are built one slice
of grid codes at a time: slices by hand, each incident's milestones against Polars, and a catalog
built in many slices holding the same rows as one built in one."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest
from conftest import DEMO_VALIDATED_AT

from dashboard.pipeline import build_slices
from dashboard.pipeline.ingest import ingest


def test_slices_by_hand():
    counts = [("a", 3), ("b", 4), ("c", 1), ("d", 9), ("e", 2)]
    assert build_slices.grid_slices(counts, 8) == [("a", "c"), ("d", "d"), ("e", "e")]
    assert build_slices.grid_slices(counts, 100) == [("a", "e")]
    assert build_slices.grid_slices(counts, 1) == [(g, g) for g, _ in counts]
    assert build_slices.grid_slices([], 8) == []


def test_slice_size_follows_the_memory_limit():
    assert build_slices.slice_incidents("8GB") == 16_000_000
    assert build_slices.slice_incidents("500MB") == 1_000_000
    with pytest.raises(ValueError, match="expected a size such as 2GB"):
        build_slices.slice_incidents("lots")


def test_milestones_hold_each_incidents_first_steps(demo, demo_catalog):
    con = duckdb.connect(str(demo_catalog), read_only=True)
    got = (
        con.sql(
            "select incident_id, first_accept_at, first_dispatch_at, first_resolve_at, "
            "first_verify_at, first_close_at, len(return_times) as returns, "
            "len(escalate_times) as escalations from incident_milestones"
        )
        .pl()
        .sort("incident_id")
    )
    events = pl.read_parquet(demo.exports / "incident_events" / "**" / "*.parquet")
    incidents = pl.read_parquet(demo.exports / "incidents" / "**" / "*.parquet")
    clean = demo_catalog_ids(con)
    kept = incidents.filter(
        (pl.col("status") != "cancelled") & pl.col("incident_id").is_in(clean)
    ).select("incident_id")
    steps = ["accept", "dispatch", "resolve", "verify", "close"]
    mine = events.filter(pl.col("incident_id").is_in(clean))
    expected = (
        mine.filter(pl.col("step").is_in([*steps, "return", "escalate"]))
        .group_by("incident_id")
        .agg(
            *[pl.col("at").filter(pl.col("step") == s).min().alias(f"first_{s}_at") for s in steps],
            returns=(pl.col("step") == "return").sum().cast(pl.Int64),
            escalations=(pl.col("step") == "escalate").sum().cast(pl.Int64),
        )
        .join(kept, on="incident_id")
        .sort("incident_id")
    )
    assert got.height == expected.height > 100
    assert got.select(expected.columns).cast(expected.schema).equals(expected)
    assert got["returns"].sum() > 0 and got["escalations"].sum() > 0


def demo_catalog_ids(con) -> list[str]:
    """The incidents loaded (the demo quarantines a few)."""
    return [r[0] for r in con.execute("select incident_id from incidents").fetchall()]


def rows(path, table: str, key: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    lists = {"open_spans": "list_sort(steps) as steps"}.get(table, "*")
    select = "* exclude (steps), " + lists if table == "open_spans" else lists
    return con.execute(f"select {select} from {table} order by {key}").fetchall()


def test_many_slices_build_the_same_tables_as_one(demo, demo_catalog, tmp_path):
    sliced = tmp_path / "sliced.duckdb"
    ingest(demo.exports, sliced, now=DEMO_VALIDATED_AT, progress=False, slice_incidents=300)
    con = duckdb.connect(str(sliced), read_only=True)
    counts = build_slices.incident_counts_by_grid(con)
    slices = build_slices.grid_slices(counts, 300)
    assert len(slices) > 5
    for table in ("incident_milestones", "open_spans"):
        assert rows(sliced, table, "incident_id") == rows(demo_catalog, table, "incident_id")
    # Appended slice after slice, each in its own order: grid codes never go back to an
    # earlier slice, and within a slice reported_at (closed_at) never decreases.
    for table, order in (("incident_milestones", "reported_at"), ("open_spans", "closed_at")):
        stored = con.execute(f"select grid_code, {order} from {table}").fetchall()
        slice_of = [
            next(i for i, (lo, hi) in enumerate(slices) if lo <= g <= hi) for g, _ in stored
        ]
        assert slice_of == sorted(slice_of)
        for i in set(slice_of):
            times = [t for (g, t), s in zip(stored, slice_of, strict=True) if s == i]
            known = [t for t in times if t is not None]
            assert known == sorted(known) and times[: len(known)] == known  # open ones last
