"""The Spark catalog's local aggregate cache: the briefing's small tables of one warehouse version,
copied once into a DuckDB file on this machine, so the queries that read only them run here in
milliseconds instead of a round trip to the cluster.

LOCAL_TABLES are the daily rollups per grid (incidents_by_grid_day, backlog_by_grid_day), the
patrolled grid-days (patrols_by_grid_day: the briefing's grid coverage), the places (grids), the
matter types (categories, items), the workers and their assignments, and the catalog's
bookkeeping. A named query whose every table is among them runs on this file
(dashboard.data.spark_catalog decides, from the tables the query reads); any other reads Spark.

The file is `cache_dir()/spark/<warehouse>/<data version>-<tables>.duckdb`: one per version and
set of LOCAL_TABLES (a digest of their names: a griddash that caches one more table must not
open the file an older one wrote without it), written to a temporary name and renamed into
place, never changed afterwards; a new version gets a new file. Scope works as on the catalog file: dashboard.data.scoped_db's rules, as views.
Nothing here imports pyspark: the tables come in as Arrow from the caller.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard.core import paths
from dashboard.data import warehouse
from dashboard.data.scoped_db import (
    REFERENCE_TABLES,
    Limits,
    attach_read_only,
    check_scope,
    scoped_selects,
)

LOCAL_TABLES = frozenset(
    {
        "incidents_by_grid_day",
        "backlog_by_grid_day",
        "patrols_by_grid_day",  # 4.8 M rows at 10M: grid coverage in ms, not a Spark job
        "resolution_minutes_by_scope_group",  # the brief's cohorts as of the last full day
        "within_limit_by_scope",
        "grids",
        "categories",
        "items",
        "workers",
        "worker_grids",
        *REFERENCE_TABLES,
    }
)
_build_lock = threading.Lock()


def cache_file(root: str | Path, version: str) -> Path:
    """Where one version of the warehouse `root` is cached on this machine (with this
    griddash's LOCAL_TABLES)."""
    key = hashlib.sha256(str(root).rstrip("/").encode("utf-8")).hexdigest()[:16]
    warehouse.version_path(root, version)  # checks the version's spelling
    tables = hashlib.sha256(" ".join(sorted(LOCAL_TABLES)).encode("utf-8")).hexdigest()[:8]
    return paths.cache_dir() / "spark" / key / f"{version}-{tables}.duckdb"


def ensure(root: str | Path, manifest: warehouse.Manifest, read: Callable[[str], pa.Table]) -> Path:
    """The cache file of `manifest`'s version, built first if missing: every table of
    LOCAL_TABLES the version holds, read(table) giving its rows as Arrow, stored with the
    manifest's DuckDB types."""
    target = cache_file(root, manifest.data_version)
    with _build_lock:
        if target.is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}")
        con = duckdb.connect(str(tmp))
        try:
            for name in sorted(LOCAL_TABLES & set(manifest.tables)):
                entry = manifest.tables[name]
                columns = ", ".join(f'"{c}" {kind}' for c, kind in entry.columns)
                con.execute(f'create table "{name}" ({columns})')  # manifest names and types
                rows = read(name)
                if rows is None:
                    continue  # an empty table: its columns are all there is
                con.register("incoming", rows)
                con.execute(f'insert into "{name}" select * from incoming')
                con.unregister("incoming")
            con.close()
            os.replace(tmp, target)
        finally:
            con.close()
            tmp.unlink(missing_ok=True)
        return target


def open_scoped_cache(path: Path, scope: str, limits: Limits) -> duckdb.DuckDBPyConnection:
    """A read-only connection on a cache file with the scope's views (scoped_db's rules) of the
    tables it holds, for the package's own SQL (named queries), never an analyst's."""
    con = duckdb.connect(":memory:", config={"threads": limits.threads})
    alias, tables = attach_read_only(con, Path(path), "cache")
    for table, select in scoped_selects(alias, tables, check_scope(scope)).items():
        con.execute(f"create view {table} as {select}")
    con.execute("set global max_execution_time = $ms", {"ms": int(limits.time_limit_s * 1000)})
    con.execute("set global enable_external_access = false")
    return con
