"""The catalog connection: read-only, scoped, locked down — the only way pages, commands and the
console get data.

A `Catalog` opens an in-memory DuckDB database, attaches the catalog file read-only under a
random alias, and creates one view per table in which every row lies inside the scope (a
grid-code prefix: district 6 digits, street 9, community 12, grid 16; empty for the whole
city). Then it sets the limits, turns external access off and locks the configuration. Named
queries and console SQL name only these views; the console's statements are also checked by
dashboard.sqlguard so that none can reach the attached file by its alias.

When the catalog file is replaced (a new ingest), the next query reopens it: running readers keep
the version they have, new queries see the new one.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa

from dashboard import paths, queries, sqlguard

SCOPE_PATTERN = re.compile(r"(?:\d{6}|\d{9}|\d{12}|\d{16})?")

# How a scope limits each table: a condition on the table's own rows ({p} = the prefix literal,
# {c} = the attached catalog). Tables not listed are reference data, the same for every scope.
_BY_GRID = "starts_with(grid_code, {p})"
_SCOPED_WORKERS = "select worker_id from {c}.main.worker_grids where starts_with(grid_code, {p})"
SCOPE_RULES = {
    "grids": _BY_GRID,
    "incidents": _BY_GRID,
    "incident_events": _BY_GRID,
    "patrols": _BY_GRID,
    "worker_grids": _BY_GRID,
    "incidents_by_grid_day": _BY_GRID,
    "backlog_by_grid_day": _BY_GRID,
    "open_spans": _BY_GRID,
    # A worker belongs to a scope when assigned to one of its grids (at any time).
    "workers": f"worker_id in ({_SCOPED_WORKERS})",
    # Cadres carry no place in the exports: a scoped session sees its grid workers only.
    "training_attendance": f"person_type = 'grid_worker' and person_id in ({_SCOPED_WORKERS})",
    "trainings": (
        "session_id in (select session_id from {c}.main.training_attendance "
        f"where person_type = 'grid_worker' and person_id in ({_SCOPED_WORKERS}))"
    ),
}
REFERENCE_TABLES = (
    "categories",
    "items",
    "catalog_info",
    "catalog_tables",
    "catalog_quarantine",
    "catalog_files",
)


class CatalogError(Exception):
    """The catalog is missing or cannot be opened; the message says what to run."""


@dataclass(frozen=True)
class Limits:
    """Per-connection limits. time_limit_s: per statement; memory_limit: DuckDB's setting."""

    time_limit_s: float = 60.0
    memory_limit: str = "4GB"
    threads: int = 2


CONSOLE_LIMITS = Limits(time_limit_s=10.0, memory_limit="2GB")


def check_scope(scope: str | None) -> str:
    """The validated scope prefix ('' for the whole city); ValueError otherwise."""
    scope = (scope or "").strip()
    if not SCOPE_PATTERN.fullmatch(scope):
        raise ValueError(
            "scope: expected a grid-code prefix of 6 (district), 9 (street), 12 (community) or "
            f"16 (grid) digits, found {scope!r}"
        )
    return scope


class Catalog:
    """A scoped, read-only view of the catalog file.

    path: the catalog file (default paths.catalog_file()); scope: grid-code prefix or '';
    limits: time and memory limits of every statement.
    """

    def __init__(self, path: Path | None = None, scope: str = "", limits: Limits = Limits()):
        self.path = Path(path) if path is not None else paths.catalog_file()
        self.scope = check_scope(scope)
        self.limits = limits
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp = None
        self.views: frozenset[str] = frozenset()

    # -- connection -----------------------------------------------------------------------------

    def _file_stamp(self):
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise CatalogError(
                f"{self.path}: no catalog yet; expected one built by `griddash ingest`"
            ) from None
        return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)

    def _open(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(":memory:", config={"threads": self.limits.threads})
        alias = "catalog_" + secrets.token_hex(8)
        path = str(self.path.absolute())
        if "'" in path:
            raise CatalogError(f"{path}: expected a catalog path without quotes")
        # ATTACH takes no bind parameters; the path was checked above.
        con.execute(f"attach '{path}' as {alias} (read_only)")
        tables = {
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where database_name = $db",
                {"db": alias},
            ).fetchall()
        }
        # The prefix is digits only (check_scope), so it can stand as a literal in view DDL,
        # which takes no parameters.
        prefix = f"'{self.scope}'"
        views = set()
        for table in sorted(tables):
            rule = SCOPE_RULES.get(table)
            where = ""
            if rule and self.scope:
                where = " where " + rule.format(p=prefix, c=alias)
            elif not rule and table not in REFERENCE_TABLES:
                continue  # unknown tables stay out of reach
            con.execute(f"create view {table} as select * from {alias}.main.{table}{where}")
            views.add(table)
        temp = paths.duckdb_temp_dir()
        temp.mkdir(parents=True, exist_ok=True)
        con.execute("set allowed_directories = $dirs", {"dirs": [str(temp)]})
        con.execute("set temp_directory = $t", {"t": str(temp)})
        con.execute("set memory_limit = $m", {"m": self.limits.memory_limit})
        con.execute("set max_execution_time = $ms", {"ms": int(self.limits.time_limit_s * 1000)})
        con.execute("set python_enable_replacements = false")
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
        self.views = frozenset(views)
        return con

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor on the current catalog version (reopened when the file was replaced)."""
        stamp = self._file_stamp()
        with self._lock:
            if self._con is None or stamp != self._stamp:
                # The old connection is left to the garbage collector: other threads may still
                # be reading the previous version through their cursors.
                self._con = self._open()
                self._stamp = stamp
            return self._con.cursor()

    # -- queries --------------------------------------------------------------------------------

    @contextmanager
    def _running(self):
        """A cursor whose statements are interrupted after the time limit.

        DuckDB's max_execution_time is set too, but it does not stop a result that is being
        streamed (to_arrow_reader), so a watchdog thread interrupts the cursor as well.
        """
        cur = self.cursor()
        timer = threading.Timer(self.limits.time_limit_s, cur.interrupt)
        timer.daemon = True
        timer.start()
        try:
            yield cur
        finally:
            timer.cancel()
            cur.close()

    def query(self, name: str, **params) -> pl.DataFrame:
        """Run the named query `name` with bind parameters; a Polars frame."""
        q = queries.get(name)
        with self._running() as cur:
            return cur.sql(q.sql, params=queries.bind(q, params)).pl()

    def sql(self, text: str, params: dict | None = None) -> pl.DataFrame:
        """Run trusted SQL written in this package (not user input) against the scoped views."""
        with self._running() as cur:
            return cur.sql(text, params=params or None).pl()

    def console_batches(self, text: str, batch_rows: int = 65_536) -> Iterator[pa.RecordBatch]:
        """Run an analyst's statement — checked by dashboard.sqlguard first (QueryRefused) —
        under this catalog's limits, streaming Arrow record batches (memory stays bounded)."""
        with self._running() as cur:
            statement = sqlguard.check(cur, text, set(self.views))
            yield from cur.sql(statement).to_arrow_reader(batch_rows)

    def console(self, text: str, max_rows: int) -> tuple[pl.DataFrame, bool]:
        """The first max_rows rows of an analyst's statement, and whether there were more."""
        batches, rows = [], 0
        for batch in self.console_batches(text, batch_rows=min(max_rows + 1, 65_536)):
            batches.append(batch)
            rows += batch.num_rows
            if rows > max_rows:
                break
        if not batches:  # no rows: ask DuckDB for the schema alone
            with self._running() as cur:
                statement = sqlguard.check(cur, text, set(self.views))
                return cur.sql(statement).limit(0).pl(), False
        frame = pl.from_arrow(pa.Table.from_batches(batches))
        return frame.head(max_rows), frame.height > max_rows

    def info(self) -> dict[str, str]:
        """catalog_info as a dict (data_version, built_at, data_cutoff, …)."""
        return dict(self.sql("select key, value from catalog_info").iter_rows())

    @property
    def data_version(self) -> str:
        return self.info()["data_version"]
