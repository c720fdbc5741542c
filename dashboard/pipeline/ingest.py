"""`griddash ingest`: validate the exports, then build the DuckDB catalog and swap it in atomically.

The catalog holds the clean rows of every table (incidents sorted by reported_at, so a time window
reads only its own row groups), the panel-grain aggregates built from `queries/build/*.sql` (the
briefing's cohorts as of the last full day among them: dashboard.core.data_days), the
quarantine counts and load errors, and a fingerprint of what was loaded. It is built in a
temporary file beside the target and renamed over it: readers that are running keep the version
they have open and see the new one on their next query (dashboard.data.catalog reopens on change).
A table that cannot be loaded stops the build: nothing half-loaded is shown as whole.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
from tqdm import tqdm

from dashboard import __version__
from dashboard.core import contract, data_days, paths
from dashboard.data.queries import build_sql
from dashboard.pipeline import build_slices
from dashboard.pipeline.validate import ValidationResult, table_files, validate

# Final tables: each one's sort order (the Spark ingest sorts within its partitions by it).
SORT = {
    "incidents": "reported_at, incident_id",
    "patrols": "patrol_date, grid_code, worker_id",
    "grids": "grid_code",
    "worker_grids": "grid_code, valid_from",
    "training_attendance": "session_id, person_id",
}
AGGREGATES = (
    "incidents_by_grid_day",
    "backlog_by_grid_day",
    "open_spans",
    "incident_milestones",
    "cases_handled_by_worker_day",  # after incidents_by_grid_day, which it reads
    "returns_by_unit_grid_day",
    "time_limits_by_grid_day",
    "patrols_by_grid_day",
    *data_days.STORED_BUILDS,  # the briefing's cohorts as of the last full day
)


class IngestError(Exception):
    """The exports could not be loaded; nothing was built."""


@dataclass
class IngestSummary:
    catalog: Path | str  # a file, or a Spark warehouse (a folder or an hdfs://, s3a:// URI)
    data_version: str
    rows: dict[str, int]
    quarantined: dict[str, int]
    seconds: float
    result: ValidationResult
    step_seconds: dict[str, float]


class StepTimer:
    """An ingest's steps as they run: a progress bar (off unless `progress`) and the seconds
    each step took, in `seconds` (step → s)."""

    def __init__(self, steps: list[str], desc: str, progress: bool):
        self.bar = tqdm(total=len(steps), desc=desc, unit="step", disable=not progress)
        self.seconds: dict[str, float] = {}
        self._mark = time.perf_counter()

    def doing(self, step: str) -> None:
        self.bar.set_postfix_str(step)

    def done(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[step] = now - self._mark
        self._mark = now
        self.bar.update()

    def close(self) -> None:
        self.bar.close()


def memory_limit() -> str:
    """DuckDB's memory limit for ingest: $GRIDDASH_MEMORY_LIMIT, default 8GB."""
    return os.environ.get("GRIDDASH_MEMORY_LIMIT", "8GB")


def ingest(
    exports: Path,
    catalog: Path,
    *,
    now: datetime | None = None,
    progress: bool = True,
    slice_incidents: int | None = None,
) -> IngestSummary:
    """Validate `exports` and build the catalog file `catalog` (replaced atomically).

    now: validation clock (rows after it are future_timestamp); default the local wall clock.
    slice_incidents: most incidents per slice of the per-incident builds (build_slices); default
    what the memory limit holds.
    Raises IngestError when a table cannot be loaded; the old catalog, if any, stays in place.
    """
    started = time.perf_counter()
    exports, catalog = Path(exports), Path(catalog)
    catalog.parent.mkdir(parents=True, exist_ok=True)
    tmp = catalog.with_name(f".{catalog.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    steps = ["validate", *contract.TABLE_NAMES, *AGGREGATES, "fingerprint", "swap"]
    timer = StepTimer(steps, "griddash ingest", progress)
    staging = duckdb.connect(
        ":memory:",
        config={
            "memory_limit": memory_limit(),
            "temp_directory": str(paths.duckdb_temp_dir()),
            "preserve_insertion_order": False,
        },
    )
    try:
        timer.doing("validate")
        result = validate(exports, con=staging, now=now)
        if result.errors:
            lines = "; ".join(e["message"] for e in result.errors)
            raise IngestError(f"{len(result.errors)} load error(s), catalog not built: {lines}")
        timer.done("validate")
        staging.execute(f"attach '{_sql_path(tmp)}' as out")
        for table in contract.TABLES:
            timer.doing(table.name)
            _copy_table(staging, table)
            timer.done(table.name)
        staging.execute("use out")
        slices = None
        latest = latest_timestamp(staging)
        for name in AGGREGATES:
            timer.doing(name)
            if name in data_days.STORED_BUILDS:
                staging.execute(build_sql(name), data_days.stored_build_params(name, latest))
            elif name in build_slices.SLICED:
                if slices is None:
                    slices = build_slices.grid_slices(
                        build_slices.incident_counts_by_grid(staging),
                        slice_incidents or build_slices.slice_incidents(memory_limit()),
                    )
                build_slices.build_sliced(staging, name, slices)
            else:
                staging.execute(build_sql(name)).fetchall()
            timer.done(name)
        timer.doing("fingerprint")
        version = _write_fingerprint(staging, exports, result, started, latest)
        timer.done("fingerprint")
        staging.execute("use memory")
        staging.execute("detach out")
        staging.close()
        os.replace(tmp, catalog)
        timer.done("swap")
    except BaseException:
        staging.close()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        timer.close()
    return IngestSummary(
        catalog=catalog,
        data_version=version,
        rows={n: t["rows"] - t["quarantined"] for n, t in result.tables.items()},
        quarantined={n: t["quarantined"] for n, t in result.tables.items()},
        seconds=time.perf_counter() - started,
        result=result,
        step_seconds=timer.seconds,
    )


def latest_timestamp(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """The incidents' latest timestamp, reported or closed (catalog_info's data_cutoff); None
    when there are none."""
    return con.execute(
        "select greatest(max(reported_at), max(closed_at)) from incidents"
    ).fetchone()[0]


def _sql_path(path: Path) -> str:
    # The path goes into ATTACH, which takes no bind parameters: refuse what could break out.
    text = str(path.absolute())
    if "'" in text:
        raise IngestError(f"{text}: expected a catalog path without quotes")
    return text


def _copy_table(con: duckdb.DuckDBPyConnection, table: contract.Table) -> None:
    """out.<table> = the clean rows, in the table's sort order; the events with the grid code
    validation joined to them (validate_sql.CARRIED), so that a scope filters them like
    everything else."""
    order = f" order by {SORT[table.name]}" if table.name in SORT else ""
    con.execute(
        f"create table out.{table.name} as select * from clean_{table.name}{order}"
    ).fetchall()
    con.execute(f"drop table checked_{table.name}")  # free memory as we go


def export_files(exports: Path) -> list[tuple[str, str, int, datetime]]:
    """catalog_files' rows: (table, file relative to `exports`, bytes, modified_at local) of
    every contract table's Parquet files."""
    files = []
    for table in contract.TABLES:
        for path in table_files(exports, table.name):
            st = path.stat()
            files.append(
                (
                    table.name,
                    path.relative_to(exports).as_posix(),
                    st.st_size,
                    datetime.fromtimestamp(st.st_mtime),
                )
            )
    return files


def data_version(files: list[tuple], result: ValidationResult, built_at: datetime) -> str:
    """The data version: the build minute and a digest of the files and what validation kept of
    them. The same files validated at another clock (rows set aside as future) are other data,
    and must not share a version — the pages' caches are keyed on it."""
    kept = sorted(
        (n, t["rows"], t["quarantined"], sorted(t["reasons"].items()))
        for n, t in result.tables.items()
    )
    digest = hashlib.sha256(repr((sorted(files), kept)).encode()).hexdigest()[:8]
    return f"{built_at:%Y%m%d.%H%M}-{digest}"


def catalog_counts(result: ValidationResult) -> tuple[list[tuple], list[tuple]]:
    """catalog_tables' rows (table, rows_read, rows_loaded, quarantined) and catalog_quarantine's
    (table, reason, rows)."""
    tables = [
        (n, t["rows"], t["rows"] - t["quarantined"], t["quarantined"])
        for n, t in result.tables.items()
    ]
    reasons = [(n, r, c) for n, t in result.tables.items() for r, c in t["reasons"].items()]
    return tables, reasons


def _write_fingerprint(
    con: duckdb.DuckDBPyConnection,
    exports: Path,
    result: ValidationResult,
    started: float,
    cutoff: datetime | None,
) -> str:
    """catalog_files, catalog_tables, catalog_quarantine and catalog_info (cutoff: the incidents'
    latest timestamp, latest_timestamp's, already read for the stored builds); returns the
    version."""
    files = export_files(exports)
    built_at = paths.now_local().replace(microsecond=0)
    version = data_version(files, result, built_at)
    con.execute(
        "create table catalog_files (table_name varchar, file varchar, bytes bigint, "
        "modified_at timestamp)"
    )
    con.executemany("insert into catalog_files values (?, ?, ?, ?)", files)
    con.execute(
        "create table catalog_tables (table_name varchar, rows_read bigint, rows_loaded bigint, "
        "quarantined bigint)"
    )
    tables, reasons = catalog_counts(result)
    con.executemany("insert into catalog_tables values (?, ?, ?, ?)", tables)
    con.execute("create table catalog_quarantine (table_name varchar, reason varchar, rows bigint)")
    if reasons:
        con.executemany("insert into catalog_quarantine values (?, ?, ?)", reasons)
    first = con.execute("select min(reported_at) from incidents").fetchone()[0]
    info = {
        "data_version": version,
        "built_at": built_at.isoformat(),
        "exports": str(exports.absolute()),
        "data_first": first.isoformat() if first else "",
        "data_cutoff": cutoff.isoformat() if cutoff else "",
        "griddash_version": __version__,
        "duckdb_version": duckdb.__version__,
        "build_seconds": f"{time.perf_counter() - started:.1f}",
    }
    con.execute("create table catalog_info (key varchar primary key, value varchar)")
    con.executemany("insert into catalog_info values (?, ?)", list(info.items()))
    return version


def main(args, build: Callable[..., IngestSummary] | None = None) -> int:
    """`griddash ingest DIR [--catalog FILE]`: exit 0 built, 1 built with rows quarantined,
    2 not built (a table could not be loaded). `build`: the engine's ingest (default DuckDB's;
    the Spark engine passes its own, which writes a warehouse at the --catalog path)."""
    import sys

    exports = args.dir or paths.exports_dir()
    catalog = args.catalog or paths.catalog_file()
    try:
        summary = (build or ingest)(exports, catalog, progress=not args.no_progress)
    except IngestError as exc:
        print(f"griddash: {exc}", file=sys.stderr)
        return 2
    total = sum(summary.rows.values())
    bad = sum(summary.quarantined.values())
    print(
        f"griddash: catalog {summary.catalog} built in {summary.seconds:.1f} s, data version "
        f"{summary.data_version}: {total:,} rows loaded, {bad:,} quarantined"
    )
    return 1 if bad else 0
