"""The catalog connection: read-only, scoped, locked down — the only way pages, commands and the
console get data.

A `Catalog` opens its connection with dashboard.data.scoped_db: an in-memory DuckDB database that
attaches the catalog file read-only under a random alias, one view per table in which every row
lies inside the scope (a grid-code prefix: district 6 digits, street 9, community 12, grid 16;
empty for the whole city), limits, external access off, configuration locked. Named queries and
the package's own SQL run on it, in this process. An analyst's statement never does: it runs in a
worker process of its own (console_statement, dashboard.data.sql_sandbox), after dashboard.data.sqlguard has
checked it there, on a connection opened the same way to a copy of the catalog that holds the
scope's rows only (dashboard.data.scope_extract).

When the catalog file is replaced (a new ingest), the next query reopens it: running readers keep
the version they have, new queries see the new one. In the server, pages move to a new version
only once it is published (`gate`, `publish`): the server's warm-up builds the new version's first
views, then publishes it, so nobody waits for them (or for at most HOLD_LIMIT_S).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from dashboard.core import paths
from dashboard.data import queries, scope_extract, sql_sandbox, sqlguard
from dashboard.data.scoped_db import (  # noqa: F401 — re-exported: the catalog layer's public names
    REFERENCE_TABLES,
    SCOPE_PATTERN,
    SCOPE_RULES,
    CatalogError,
    Limits,
    check_scope,
    file_stamp,
    open_scoped,
)

PAGE_LIMITS = Limits()
CONSOLE_LIMITS = Limits(time_limit_s=10.0, memory_limit="2GB")
# How long pages may stay on the previous version while a new one waits to be published: the
# warm-up takes seconds to a minute; if it dies or hangs, pages move on regardless.
HOLD_LIMIT_S = 120.0


class _Publication:
    """Which version of each gated catalog file the pages may move to (process-wide).

    A file not gated (commands, tests, a server without warm-up): every new version is taken at
    once. A gated file: a page catalog that already reads a version keeps it until the file's
    new version is published, or until HOLD_LIMIT_S after it was first seen."""

    def __init__(self):
        self._lock = threading.Lock()
        self._gated: set[str] = set()
        self._published: dict[str, tuple] = {}
        self._first_seen: dict[tuple, float] = {}

    def gate(self, path: Path) -> None:
        with self._lock:
            self._gated.add(str(Path(path).absolute()))

    def publish(self, path: Path, stamp: tuple) -> None:
        with self._lock:
            self._published[str(Path(path).absolute())] = stamp

    def may_move(self, path: Path, stamp: tuple) -> bool:
        key = str(path.absolute())
        with self._lock:
            if key not in self._gated or self._published.get(key) == stamp:
                return True
            first = self._first_seen.setdefault(stamp, time.monotonic())
            return time.monotonic() - first >= HOLD_LIMIT_S


_publication = _Publication()


def gate(path: Path) -> None:
    """From now on, pages reading `path` move to a new version only when it is published
    (dashboard.app.startup does this when its warm-up runs). The console is never held: an
    analyst's statement reads the file as it is."""
    _publication.gate(path)


def publish(path: Path, stamp: tuple) -> None:
    """Let pages move to the version of `path` with this file_stamp (its first views are built)."""
    _publication.publish(path, stamp)


class Catalog:
    """A scoped, read-only view of the catalog file.

    path: the catalog file (default paths.catalog_file()); scope: grid-code prefix or '';
    limits: time and memory limits of every statement; console: open the views the SQL console
    offers (the schema browser lists exactly what the console's worker lets a statement read);
    boundary: the user's own scope when `scope` is a place inside it (default `scope`).
    """

    def __init__(
        self,
        path: Path | None = None,
        scope: str = "",
        limits: Limits = PAGE_LIMITS,
        *,
        console: bool = False,
        boundary: str | None = None,
    ):
        self.path = Path(path) if path is not None else paths.catalog_file()
        self.scope = check_scope(scope)
        self.limits = limits
        self.console_views = console  # views as the console's worker has them (scoped_db)
        # What the user may see at all (auth), `scope` or wider: a console statement reads a
        # copy holding the boundary's rows only, filtered to `scope` within it.
        self.boundary = check_scope(scope if boundary is None else boundary)
        if not self.scope.startswith(self.boundary):
            raise ValueError(f"scope {self.scope!r}: expected one within {self.boundary!r}")
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp = None
        self._views: frozenset[str] = frozenset()

    # -- connection -----------------------------------------------------------------------------

    def _open(self) -> duckdb.DuckDBPyConnection:
        db = open_scoped(self.path, self.scope, self.limits, console=self.console_views)
        self._views = db.views
        return db.con

    def _current(self) -> tuple[duckdb.DuckDBPyConnection, frozenset[str]]:
        """The connection to the current catalog version (reopened when the file was replaced)
        and its views."""
        stamp = file_stamp(self.path)
        with self._lock:
            if self._con is None or (stamp != self._stamp and self._may_move(stamp)):
                # The old connection is left to the garbage collector: other threads may still
                # be reading the previous version through their cursors or a Pinned catalog.
                self._con = self._open()
                self._stamp = stamp
            return self._con, self._views

    def _may_move(self, stamp: tuple) -> bool:
        return self.console_views or _publication.may_move(self.path, stamp)

    def newest(self) -> Pinned:
        """This catalog at the file's version now, pinned, whether or not that version is
        published yet: the warm-up builds a new version's first views with it. Pages read
        `pinned()`."""
        db = open_scoped(self.path, self.scope, self.limits, console=self.console_views)
        return Pinned(self, db.con, db.views)

    @property
    def views(self) -> frozenset[str]:
        """The names a statement may read: the scope's views of the current catalog version."""
        return self._current()[1]

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor on the current catalog version (reopened when the file was replaced)."""
        return self._current()[0].cursor()

    def pinned(self) -> Pinned:
        """This catalog at its current version, fixed: every query of the returned catalog reads
        that version, even after a new ingest swapped the file (a page run shows one version
        throughout: its header and its figures come from the same catalog)."""
        con, views = self._current()
        return Pinned(self, con, views)

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

    def console_statement(
        self,
        text: str,
        *,
        max_rows: int | None = None,
        max_bytes: int = sql_sandbox.PAGE_MAX_BYTES,
        max_values: int | None = sql_sandbox.PAGE_MAX_VALUES,
        on_build: Callable[[], None] | None = None,
    ) -> sql_sandbox.Statement:
        """Start an analyst's statement in a worker process of its own (dashboard.data.sql_sandbox),
        under this catalog's limits (time; memory of the whole worker). The worker checks the
        statement (dashboard.data.sqlguard) and runs it on a locked connection to a file that holds
        the boundary's rows only (dashboard.data.scope_extract; the catalog itself for a whole-city
        user; on_build() is called before such a copy is first built), through views of
        `scope` within it. Raises QueryRefused at once
        for a text over the size limit, CatalogError when there is no catalog file."""
        sqlguard.check_size(text)
        file_stamp(self.path)
        try:
            target = scope_extract.ensure(self.path, self.boundary, self.data_version, on_build)
        except scope_extract.CatalogChanged:  # a new ingest landed meanwhile: its version
            target = scope_extract.ensure(self.path, self.boundary, self.data_version, on_build)
        request = sql_sandbox.Request(
            str(target.absolute()),
            self.scope,
            text,
            self.limits,
            max_rows=max_rows,
            max_bytes=max_bytes,
            max_values=max_values,
        )
        return sql_sandbox.start(request)

    def columns(self) -> pl.DataFrame:
        """Every column of the session's views, as DuckDB types it: table_name, column_name,
        data_type; by table, then column order."""
        return self.sql(
            "select table_name, column_name, data_type from duckdb_columns() "
            "where database_name = current_database() and schema_name = 'main' "
            "order by table_name, column_index"
        )

    def info(self) -> dict[str, str]:
        """catalog_info as a dict (data_version, built_at, data_cutoff, …)."""
        return dict(self.sql("select key, value from catalog_info").iter_rows())

    @property
    def data_version(self) -> str:
        return self.info()["data_version"]


class Pinned(Catalog):
    """One version of a Catalog, fixed when it was pinned (Catalog.pinned). Queries never reopen
    the file; the connection, and with it that version, lives as long as this object.

    Cached page data is keyed on cache_key(): the file, the scope and the data version, so two
    sessions looking at the same place and version share one computation.
    """

    def __init__(self, base: Catalog, con: duckdb.DuckDBPyConnection, views: frozenset[str]):
        super().__init__(
            base.path, base.scope, base.limits, console=base.console_views, boundary=base.boundary
        )
        self._con, self._views, self._stamp = con, views, None
        self._version = super().info()["data_version"]

    def _current(self) -> tuple[duckdb.DuckDBPyConnection, frozenset[str]]:
        return self._con, self._views

    def pinned(self) -> Pinned:
        return self

    @property
    def data_version(self) -> str:
        return self._version

    def cache_key(self) -> tuple[str, str, str, bool]:
        """What identifies this catalog's data for a cache: file, scope, data version, views."""
        return (str(self.path), self.scope, self._version, self.console_views)
