"""One locked, scoped DuckDB connection on the catalog file: what every reader of the catalog opens.

An in-memory DuckDB database attaches the catalog file read-only under a random alias and creates
one view per table in which every row lies inside the scope (a grid-code prefix: district 6
digits, street 9, community 12, grid 16; empty for the whole city). Then the limits are set,
external access is turned off and the configuration locked. `dashboard.data.catalog.Catalog` (pages,
commands, the PDF) and the SQL console's worker process (`dashboard.data.sql_worker`) both open their
connection here, so the scope and the lock-down are written once.

Nothing heavy is imported here (no Polars): the console's worker starts from this module.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dashboard.core import paths

SCOPE_PATTERN = re.compile(r"(?:\d{6}|\d{9}|\d{12}|\d{16})?")

# How a scope limits each table: a condition on the table's own rows ({p} = the prefix literal,
# {c} = the attached catalog). Tables not listed are reference data, the same for every scope.
_BY_GRID = "starts_with(grid_code, {p})"
# Tables the ingest stores per scope (the city as '', each district as its six digits): every
# session sees its own scope's rows only — the city's session too, which is why they are
# SCOPE_KEYED. A street or smaller scope sees none (its pages count the incidents themselves).
_OWN_SCOPE = "scope = {p}"
SCOPE_KEYED = frozenset({"resolution_minutes_by_scope_group", "within_limit_by_scope"})
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
    "incident_milestones": _BY_GRID,
    "cases_handled_by_worker_day": _BY_GRID,
    "returns_by_unit_grid_day": _BY_GRID,
    "time_limits_by_grid_day": _BY_GRID,
    "patrols_by_grid_day": _BY_GRID,
    "resolution_minutes_by_scope_group": _OWN_SCOPE,
    "within_limit_by_scope": _OWN_SCOPE,
    # A worker belongs to a scope when assigned to one of its grids (at any time).
    "workers": f"worker_id in ({_SCOPED_WORKERS})",
    # Cadres carry no place in the exports: a scoped session sees its grid workers only.
    "training_attendance": f"person_type = 'grid_worker' and person_id in ({_SCOPED_WORKERS})",
    "trainings": (
        "session_id in (select session_id from {c}.main.training_attendance "
        f"where person_type = 'grid_worker' and person_id in ({_SCOPED_WORKERS}))"
    ),
}
# Columns added to a catalog table after catalogs were built without them: an older catalog is
# refused with their names, rather than failing in one query after another.
ADDED_COLUMNS = {
    "incidents_by_grid_day": ("closed_on_spot",),
    "open_spans": ("steps",),
    "incident_milestones": ("last_step_at", "accept_minutes", "close_minutes"),
}
REFERENCE_TABLES = (
    "categories",
    "items",
    "catalog_info",
    "catalog_tables",
    "catalog_quarantine",
    "catalog_files",
)

# The SQL console shows less of the catalog's own bookkeeping than the pages read: never the
# server's paths (catalog_info's `exports`), and to a scoped session nothing city-wide (row counts,
# quarantine counts and file sizes of the whole city; the first and last timestamps of the whole
# city's data and how long its build took).
CONSOLE_RULES = {"catalog_info": "key <> 'exports'"}
SCOPED_CONSOLE_RULES = {
    "catalog_info": "key in ('data_version', 'built_at', 'griddash_version', 'duckdb_version')"
}
CITY_ONLY_IN_CONSOLE = ("catalog_tables", "catalog_quarantine", "catalog_files")
CONSOLE_TIME_ZONE = "Asia/Shanghai"  # the data's, so that %Z tells nothing of the server

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)?\s*", re.IGNORECASE)
_UNIT = {
    "": 1,
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "tb": 1000**4,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
}


class CatalogError(Exception):
    """The catalog is missing or cannot be opened; the message says what to run."""


def size_bytes(text: str) -> int:
    """'2GB', '300MB', '1.5GiB' as bytes (DuckDB's spelling of sizes); ValueError otherwise."""
    match = _SIZE.fullmatch(text or "")
    if not match:
        raise ValueError(f"memory limit: expected a size such as 2GB or 500MB, found {text!r}")
    return int(float(match.group(1)) * _UNIT[(match.group(2) or "").lower()])


@dataclass(frozen=True)
class Limits:
    """Limits of every statement on a connection.

    time_limit_s: seconds per statement. memory_limit: a size such as '2GB' — for the pages'
    connections DuckDB's own memory_limit; for the SQL console the cap of the whole worker
    process (dashboard.data.sql_sandbox). threads: DuckDB's worker threads.
    """

    time_limit_s: float = 60.0
    memory_limit: str = "4GB"
    threads: int = 2

    @property
    def memory_bytes(self) -> int:
        return size_bytes(self.memory_limit)


def check_scope(scope: str | None) -> str:
    """The validated scope prefix ('' for the whole city); ValueError otherwise."""
    scope = (scope or "").strip()
    if not SCOPE_PATTERN.fullmatch(scope):
        raise ValueError(
            "scope: expected a grid-code prefix of 6 (district), 9 (street), 12 (community) or "
            f"16 (grid) digits, found {scope!r}"
        )
    return scope


def private_folder(path: Path) -> Path:
    """`path` made (if need be) and kept readable by this user only."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077 and path.stat().st_uid == os.getuid():
        path.chmod(0o700)
    return path


def file_stamp(path: Path) -> tuple:
    """What identifies one version of the catalog file (a new ingest replaces the file)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise CatalogError(
            f"{path}: no catalog yet; expected one built by `griddash ingest`"
        ) from None
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


@dataclass
class ScopedDB:
    """An open, locked connection: its scoped views, the catalog's alias and every table name
    the attached file holds (views or not — the console keeps names off all of them)."""

    con: duckdb.DuckDBPyConnection
    views: frozenset[str]
    alias: str
    tables: frozenset[str]


def scoped_selects(
    alias: str, tables: set[str] | frozenset[str], scope: str, *, console: bool = False
) -> dict[str, str]:
    """For each table of the catalog attached as `alias` that a session of `scope` may read,
    the SELECT of its rows (the scope's rule as a WHERE). console: what the SQL console may read
    (CONSOLE_RULES, CITY_ONLY_IN_CONSOLE). Unknown tables are left out."""
    # The prefix is digits only (check_scope), so it can stand as a literal in DDL, which takes
    # no parameters.
    prefix = f"'{check_scope(scope)}'"
    selects = {}
    for table in sorted(tables):
        rule = SCOPE_RULES.get(table)
        where = ""
        if rule and (scope or table in SCOPE_KEYED):
            where = " where " + rule.format(p=prefix, c=alias)
        elif not rule and table not in REFERENCE_TABLES:
            continue  # unknown tables stay out of reach
        if console and scope and table in CITY_ONLY_IN_CONSOLE:
            continue
        rules = SCOPED_CONSOLE_RULES if scope else CONSOLE_RULES
        if console and table in rules:
            where = " where " + rules[table]
        selects[table] = f"select * from {alias}.main.{table}{where}"
    return selects


def attach_read_only(con: duckdb.DuckDBPyConnection, path: Path, kind: str) -> tuple[str, set[str]]:
    """Attach the DuckDB file `path` read-only under a random alias `<kind>_<hex>`; (alias, its
    table names). CatalogError for a path ATTACH could not take safely."""
    alias = f"{kind}_" + secrets.token_hex(8)
    absolute = str(Path(path).absolute())
    if "'" in absolute:
        raise CatalogError(f"{absolute}: expected a {kind} path without quotes")
    # ATTACH takes no bind parameters; the path was checked above.
    con.execute(f"attach '{absolute}' as {alias} (read_only)")
    tables = {
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = $db", {"db": alias}
        ).fetchall()
    }
    return alias, tables


def open_scoped(
    path: Path,
    scope: str,
    limits: Limits,
    *,
    console: bool = False,
    duckdb_memory: str | None = None,
    temp_dir: Path | None = None,
) -> ScopedDB:
    """Attach `path` read-only, create the scope's views, set the limits and lock the connection.

    console: the views an analyst's statement may read (CONSOLE_RULES, CITY_ONLY_IN_CONSOLE);
    duckdb_memory: DuckDB's memory_limit (default limits.memory_limit); temp_dir: where DuckDB
    may spill (default paths.duckdb_temp_dir()), the only folder the connection may touch.
    Settings are global, so every cursor of the connection has them too.
    """
    path = Path(path)
    file_stamp(path)
    con = duckdb.connect(":memory:", config={"threads": limits.threads})
    alias, tables = attach_read_only(con, path, "catalog")
    absolute = str(path.absolute())
    missing = sorted(set(SCOPE_RULES) - tables)
    if missing:  # a catalog from before a table was added: its queries would fail one by one
        con.close()
        raise CatalogError(
            f"{absolute}: expected a catalog with the tables this griddash reads, found none "
            f"named {', '.join(missing)} (built by an older griddash); run griddash ingest "
            "to rebuild it"
        )
    have = set(
        con.execute(
            "select table_name || '.' || column_name from duckdb_columns() "
            "where database_name = $db",
            {"db": alias},
        ).fetchall()
    )
    lacking = sorted(
        f"{t}.{c}" for t, cols in ADDED_COLUMNS.items() for c in cols if (f"{t}.{c}",) not in have
    )
    if lacking:  # a catalog from before a column was added
        con.close()
        raise CatalogError(
            f"{absolute}: expected a catalog with the columns this griddash reads, found none "
            f"named {', '.join(lacking)} (built by an older griddash); run griddash ingest "
            "to rebuild it"
        )
    views = set()
    for table, select in scoped_selects(alias, tables, scope, console=console).items():
        con.execute(f"create view {table} as {select}")
        views.add(table)
    temp = temp_dir or paths.duckdb_temp_dir()
    private_folder(paths.duckdb_temp_dir())  # spilled rows are nobody else's to read
    temp.mkdir(mode=0o700, parents=True, exist_ok=True)
    # GLOBAL: a cursor starts from the global values, not from this connection's (a plain SET
    # of a session setting such as max_execution_time left every cursor at DuckDB's default).
    con.execute("set global allowed_directories = $dirs", {"dirs": [str(temp)]})
    con.execute("set global temp_directory = $t", {"t": str(temp)})
    con.execute("set global memory_limit = $m", {"m": duckdb_memory or limits.memory_limit})
    con.execute("set global max_execution_time = $ms", {"ms": int(limits.time_limit_s * 1000)})
    con.execute("set global python_enable_replacements = false")
    if console:
        con.execute("set global TimeZone = $z", {"z": CONSOLE_TIME_ZONE})
        # Spilling beyond what fits in memory: bounded, so that no statement fills the disk.
        con.execute("set global max_temp_directory_size = $m", {"m": limits.memory_limit})
    con.execute("set global enable_external_access = false")
    con.execute("set global lock_configuration = true")
    return ScopedDB(con, frozenset(views), alias, frozenset(tables))
