"""A copy of the catalog holding one scope's rows only, for the SQL console of a scoped session.

Why a copy and not the scoped views: DuckDB's optimizer moves an analyst's filters next to the
scope's own — into the table scan, below the semi-join that scopes workers, into the dictionary of
a compressed column — and evaluates them on rows of other places. A filter that cannot fail still
shows whether it was evaluated: a deliberately huge computation in a CASE branch runs out of
memory or time, one yes/no per statement, enough to read another district's names bit by bit
(issue 12's red-team run did). A worker that attaches a file holding nothing but its scope's rows
cannot be made to touch another place's rows, however DuckDB plans the statement.

One file per (catalog file, data version, scope) under paths.cache_dir()/scopes, built on first
use in a process of its own (`python -m dashboard.data.scope_extract`), under a file lock, written to a
temporary name and renamed; the copies of older data versions of the same catalog are removed
when a new one is built. The whole city needs no copy: its console reads the catalog itself.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from dashboard.core import paths
from dashboard.data.scoped_db import CatalogError, check_scope, private_folder, scoped_selects


class CatalogChanged(CatalogError):
    """The catalog file was replaced while its copy was built."""


BUILD_LIMIT_S = 900  # a district of a 50M-incident city; the build is killed beyond
BUILD_MEMORY = "4GB"
_CATALOG_CHANGED = 3  # the builder's exit status when the file holds another data version


def _folder(catalog: Path) -> Path:
    key = hashlib.sha256(str(catalog.absolute()).encode()).hexdigest()[:12]
    return paths.cache_dir() / "scopes" / key


def extract_path(catalog: Path, data_version: str, scope: str) -> Path:
    """Where the copy of `scope` of this catalog's `data_version` lives."""
    return _folder(catalog) / data_version / f"{check_scope(scope)}.duckdb"


def ensure(
    catalog: Path, scope: str, data_version: str, on_build: Callable[[], None] | None = None
) -> Path:
    """The file a console statement of `scope` reads: the catalog itself for the whole city,
    else the scope's copy, built first when there is none (on_build() is called before a build,
    which takes seconds on a large city). CatalogError when it cannot be built."""
    catalog = Path(catalog)
    if not scope:
        return catalog
    path = extract_path(catalog, data_version, scope)
    if path.exists():
        return path
    if on_build is not None:
        on_build()
    try:
        private_folder(paths.cache_dir() / "scopes")  # copies of the data: this user's only
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise CatalogError(
            f"{paths.cache_dir()}: expected a folder the server may write (GRIDDASH_CACHE) for "
            f"the console's scoped copies, found {exc.strerror.lower()}"
        ) from None
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build per copy, across threads and processes
        if not path.exists():
            _build_in_a_process(catalog, scope, data_version, path)
            _remove_older_versions(catalog, data_version)
    return path


def _build_in_a_process(catalog: Path, scope: str, data_version: str, path: Path) -> None:
    for stale in path.parent.glob(f".{path.name}.*.partial"):  # of builds killed with their caller
        pid = stale.name.split(".")[-2]
        if not (pid.isdigit() and os.path.exists(f"/proc/{pid}")):
            stale.unlink(missing_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "dashboard.data.scope_extract",
                str(catalog.absolute()),
                scope,
                data_version,
                str(partial),
            ],
            cwd=paths.PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=BUILD_LIMIT_S,
            env={**os.environ, "GRIDDASH_SERVER_PID": str(os.getpid())},
        )
    except subprocess.TimeoutExpired:
        raise CatalogError(
            f"the console's copy of scope {scope} took over {BUILD_LIMIT_S} s to build"
        ) from None
    if done.returncode == _CATALOG_CHANGED:
        raise CatalogChanged("the catalog was replaced while its scoped copy was built")
    if done.returncode != 0 or not partial.exists():
        partial.unlink(missing_ok=True)
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise CatalogError(f"the console's copy of scope {scope} could not be built: {last}")
    os.replace(partial, path)


def _remove_older_versions(catalog: Path, data_version: str) -> None:
    for folder in _folder(catalog).iterdir():
        if folder.is_dir() and folder.name != data_version:
            shutil.rmtree(folder, ignore_errors=True)


def build(catalog: Path, scope: str, data_version: str, out: Path) -> int:
    """Write the scope's rows of every table the console offers to the new file `out`; 0, or
    _CATALOG_CHANGED when the catalog holds another data version than expected."""
    for path in (catalog, out):
        if "'" in str(path):
            raise CatalogError(f"{path}: expected a path without quotes")
    # Bounded like the pages' connections (a district of a large city spills rather than grows).
    con = duckdb.connect(":memory:", config={"threads": 2, "memory_limit": BUILD_MEMORY})
    con.execute("set temp_directory = $t", {"t": str(out.parent / f".spill-{os.getpid()}")})
    # ATTACH takes no bind parameters; the paths were checked above.
    con.execute(f"attach '{catalog}' as source (read_only)")
    version = con.execute(
        "select value from source.main.catalog_info where key = 'data_version'"
    ).fetchone()
    if not version or version[0] != data_version:
        return _CATALOG_CHANGED
    tables = {
        r[0]
        for r in con.execute(
            "select table_name from duckdb_tables() where database_name = 'source'"
        ).fetchall()
    }
    con.execute(f"attach '{out}' as copy")
    for table, select in scoped_selects("source", tables, scope, console=True).items():
        con.execute(f"create table copy.main.{table} as {select}")
    con.execute("detach copy")
    con.close()
    shutil.rmtree(out.parent / f".spill-{os.getpid()}", ignore_errors=True)
    return 0


if __name__ == "__main__":
    from dashboard.data.sql_worker import die_with_parent

    die_with_parent()  # a build whose caller is gone stops too
    sys.exit(build(Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])))
