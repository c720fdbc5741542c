"""The catalog on Apache Spark (GRIDDASH_ENGINE=spark): the same interface as
dashboard.data.catalog.Catalog — named query → Polars frame, `sql`, `info`, `data_version`,
`pinned`, `cache_key`, console statements — over the current version of a warehouse
(dashboard.data.warehouse), through one Spark Connect session per process.

Scope: per version, one temporary view per table (`gd_<version key>_<table>`, the manifest's
columns, Parquet read with the manifest's types), and per scope one view per table filtered by
the same rules as DuckDB's scoped_db (SCOPE_RULES, transpiled), with the district partition
pruned when the scope is a district or below. A statement names catalog tables (incidents);
the transpiler renames them to the scope's views, so nothing outside the scope resolves.

Where a query runs: when every table it reads is in the local aggregate cache
(dashboard.data.spark_cache.LOCAL_TABLES) on DuckDB here, else on Spark. Spark's result is
given the column types DuckDB's would have (found by running the query on empty tables of the
manifest's types), so pages and the brief get the same frames from either engine.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import sqlglot

from dashboard.core import paths
from dashboard.data import queries, spark_cache, spark_console, spark_queries, warehouse
from dashboard.data.scoped_db import (
    SCOPE_RULES,
    CatalogError,
    Limits,
    check_scope,
    scoped_selects,
)
from dashboard.spark import dialect
from dashboard.spark import session as spark_session

PAGE_LIMITS = Limits()
# DuckDB type of a manifest column → Spark's, for reading the Parquet files with a fixed schema.
SPARK_TYPES = {
    "VARCHAR": "STRING",
    "BIGINT": "BIGINT",
    "INTEGER": "INT",
    "SMALLINT": "SMALLINT",
    "DOUBLE": "DOUBLE",
    "FLOAT": "FLOAT",
    "BOOLEAN": "BOOLEAN",
    "DATE": "DATE",
    "TIMESTAMP": "TIMESTAMP_NTZ",
}
# Values of each declared type to bind when DuckDB only types a query (on empty tables).
_DUMMY = {"date": date(2000, 1, 1), "timestamp": datetime(2000, 1, 1), "integer": 9, "text": ""}


class SparkQueryError(CatalogError):
    """A statement failed on Spark or was stopped at its time limit."""


def _read_text(uri: str) -> str:
    return "".join(
        r.value for r in spark_session.session().read.text(uri, wholetext=True).collect()
    )


def read_manifest(root: str) -> warehouse.Manifest:
    """The current version's manifest: through the file system for a local folder, through Spark
    for hdfs:// or s3a://."""
    if not warehouse.is_remote(root):
        return warehouse.read_manifest(root)
    import json

    pointer = f"{root.rstrip('/')}/{warehouse.CURRENT}"
    try:
        version = json.loads(_read_text(pointer))["data_version"]
    except Exception as exc:  # noqa: BLE001 — Spark's, JSON's or a missing key: one message
        raise warehouse.WarehouseError(
            f"{pointer}: expected a griddash warehouse pointer, found {exc}"
        ) from exc
    where = f"{warehouse.version_path(root, version)}/{warehouse.MANIFEST}"
    return warehouse.Manifest.from_json(_read_text(where), where)


@dataclass
class _Version:
    """One version of a warehouse as this process has it: its views on Spark per scope, its
    local cache and the DuckDB column types of each query's result."""

    root: str
    manifest: warehouse.Manifest
    lock: threading.Lock = field(default_factory=threading.Lock)
    views: dict[tuple[str, bool], dict[str, str]] = field(default_factory=dict)
    bases: set[str] = field(default_factory=set)
    local: dict[str, duckdb.DuckDBPyConnection] = field(default_factory=dict)
    schemas: dict[tuple, pl.Schema] = field(default_factory=dict)
    empty: duckdb.DuckDBPyConnection | None = None

    @property
    def key(self) -> str:
        text = f"{self.root}|{self.manifest.data_version}"
        return "gd_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]

    def base(self, table: str, district: str = "") -> str:
        """The view of a whole table (or of one district's partition) of this version, created
        on first use. Call with the lock held."""
        entry = self.manifest.tables[table]
        if warehouse.PARTITION_DISTRICT not in entry.partitioned_by:
            district = ""  # one view of the whole table serves every scope
        name = f"{self.key}_{district or 'all'}_{table}"
        if name in self.bases:
            return name
        schema = ", ".join(f"`{c}` {_spark_type(c, t)}" for c, t in entry.columns)
        schema += "".join(f", `{p}` STRING" for p in entry.partitioned_by)
        path = warehouse.table_path(self.root, self.manifest.data_version, table)
        frame = spark_session.session().read.schema(schema).parquet(path)
        if district:
            # digits only (check_scope): a literal, as in scoped_db's rules
            frame = frame.where(f"{warehouse.PARTITION_DISTRICT} = '{district}'")
        frame.select(*[c for c, _ in entry.columns]).createOrReplaceTempView(name)
        self.bases.add(name)
        return name

    def scoped(
        self, scope: str, console: bool, tables: frozenset[str] | None = None
    ) -> dict[str, str]:
        """Catalog table → the Spark view holding the scope's rows, for `tables` (default all
        the scope may read; each view created on first use). Unknown tables are left out."""
        with self.lock:
            done = self.views.setdefault((scope, console), {})
            rules = scoped_selects("wh", set(self.manifest.tables), scope, console=console)
            wanted = set(rules) if tables is None else set(tables) & set(rules)
            for table in sorted(wanted - set(done)):
                select = rules[table]
                read = {t.name for t in dialect.parse_duckdb(select).find_all(sqlglot.exp.Table)}
                bases = {t: self.base(t, scope[:6] if t == table else "") for t in read}
                name = f"{self.key}_{scope or 'city'}_{'c' if console else 'p'}_{table}"
                text = dialect.to_spark(select, tables=bases)
                spark_session.session().sql(f"create or replace temporary view {name} as {text}")
                done[table] = name
            return {t: done[t] for t in wanted}

    def local_con(self, scope: str, limits: Limits) -> duckdb.DuckDBPyConnection:
        """A connection to the local aggregate cache with the scope's views."""
        with self.lock:
            if scope not in self.local:
                path = spark_cache.ensure(self.root, self.manifest, self._arrow)
                self.local[scope] = spark_cache.open_scoped_cache(path, scope, limits)
            return self.local[scope]

    def _arrow(self, table: str):
        """A table's rows for the local cache: read by DuckDB from a local warehouse's Parquet
        files (no round trip through Spark), through Spark from hdfs:// or s3a://."""
        entry = self.manifest.tables[table]
        if not entry.rows:
            return None  # nothing to copy (and maybe no file to read)
        if warehouse.is_remote(self.root):
            return spark_session.session().table(self.base(table)).toArrow()
        files = f"{warehouse.table_path(self.root, self.manifest.data_version, table)}/**/*.parquet"
        columns = ", ".join(f'"{c}"' for c, _ in entry.columns)  # the manifest's names
        with duckdb.connect(":memory:") as con:
            return (
                con.sql(
                    f"select {columns} from read_parquet($files, hive_partitioning = false)",
                    params={"files": files},
                )
                .arrow()
                .read_all()
            )

    def duckdb_schema(self, key: tuple, text: str, kinds: dict[str, str]) -> pl.Schema:
        """The columns DuckDB gives `text` (DuckDB SQL), from empty tables of the manifest's
        types; cached per `key`."""
        with self.lock:
            if key not in self.schemas:
                if self.empty is None:
                    self.empty = duckdb.connect(":memory:")
                    for t in self.manifest.tables.values():
                        cols = ", ".join(f'"{c}" {kind}' for c, kind in t.columns)
                        self.empty.execute(f'create table "{t.name}" ({cols})')
                values = {n: _DUMMY[k] for n, k in kinds.items()}
                self.schemas[key] = self.empty.sql(text, params=values or None).pl().schema
            return self.schemas[key]


def _spark_type(column: str, kind: str) -> str:
    if kind.startswith("DECIMAL"):
        return kind
    if kind.endswith("[]") or kind.startswith("STRUCT("):
        # lists and structs (open_spans.steps, incident_milestones' times): SQLGlot spells
        # them for Spark, TIMESTAMP as TIMESTAMP_NTZ as above
        return sqlglot.exp.DataType.build(kind, dialect="duckdb").sql(dialect="spark")
    if kind not in SPARK_TYPES:
        raise warehouse.WarehouseError(
            f"column {column}: expected a type of {sorted(SPARK_TYPES)}, found {kind}"
        )
    return SPARK_TYPES[kind]


KEEP_VERSIONS = 3  # versions of one warehouse this process keeps its views and cache of
_versions: dict[tuple[str, str], _Version] = {}
_versions_lock = threading.Lock()


def _version_of(root: str, manifest: warehouse.Manifest | None = None) -> _Version:
    manifest = manifest or read_manifest(root)
    missing = sorted(set(SCOPE_RULES) - set(manifest.tables))
    if missing:  # a version from before a table was added: its queries would fail one by one
        raise CatalogError(
            f"{root}: expected a warehouse version with the tables this griddash reads, found "
            f"none named {', '.join(missing)} in {manifest.data_version} (built by an older "
            "griddash); run `GRIDDASH_ENGINE=spark griddash ingest DIR --catalog PATH` to "
            "rebuild it"
        )
    with _versions_lock:
        key = (root, manifest.data_version)
        if key not in _versions:
            # Keep the versions pinned pages may still read (the last few), not every day's.
            older = [k for k in _versions if k[0] == root]
            for stale in older[: max(0, len(older) - KEEP_VERSIONS + 1)]:
                del _versions[stale]
            _versions[key] = _Version(root, manifest)
        return _versions[key]


def conform(frame: pl.DataFrame, schema: pl.Schema, what: str) -> pl.DataFrame:
    """Spark's result with DuckDB's column names and types; SparkQueryError when the columns
    differ or a cast would change a value (a fraction into a whole number)."""
    if frame.columns != list(schema.names()):
        raise SparkQueryError(
            f"{what}: expected the columns {list(schema.names())} on Spark, found {frame.columns}"
        )
    casts = []
    for name, want in schema.items():
        have = frame.schema[name]
        if have == want:
            continue
        if want.is_integer() and have.is_float():
            column = frame[name].drop_nulls()
            if not (column == column.round(0)).all():
                raise SparkQueryError(
                    f"{what}: column {name}: expected whole numbers ({want}), found fractions"
                )
        casts.append(pl.col(name).cast(want, strict=True))
    return frame.with_columns(casts) if casts else frame


class SparkCatalog:
    """A scoped, read-only view of the current version of the warehouse at `path`.

    path: the warehouse (a local folder, hdfs:// or s3a://; default $GRIDDASH_CATALOG); scope:
    grid-code prefix or ''; limits: the time limit of every statement (Spark's memory is the
    cluster's); console: the console's views; boundary: the user's own scope (default scope).
    """

    engine = "spark"

    def __init__(
        self,
        path: str | Path | None = None,
        scope: str = "",
        limits: Limits = PAGE_LIMITS,
        *,
        console: bool = False,
        boundary: str | None = None,
    ):
        self.path = str(path if path is not None else paths.catalog_file())
        self.scope = check_scope(scope)
        self.limits = limits
        self.console_views = console
        self.boundary = check_scope(scope if boundary is None else boundary)
        if not self.scope.startswith(self.boundary):
            raise ValueError(f"scope {self.scope!r}: expected one within {self.boundary!r}")
        if not warehouse.looks_like_warehouse(self.path):
            raise CatalogError(
                f"{self.path}: expected a griddash warehouse (GRIDDASH_ENGINE=spark), found "
                f"{'a file' if Path(self.path).is_file() else 'no _current.json'}; run "
                "`GRIDDASH_ENGINE=spark griddash ingest DIR --catalog PATH`"
            )

    # -- versions -------------------------------------------------------------------------------

    def _version(self) -> _Version:
        return _version_of(self.path)

    def pinned(self) -> SparkPinned:
        """This catalog at the warehouse's current version, fixed (as Catalog.pinned)."""
        return SparkPinned(self, self._version())

    newest = pinned  # a warehouse version is published whole: the newest is the current one

    @property
    def views(self) -> frozenset[str]:
        """The catalog tables a statement may read in this scope."""
        tables = set(self._version().manifest.tables)
        return frozenset(scoped_selects("wh", tables, self.scope, console=self.console_views))

    # -- queries --------------------------------------------------------------------------------

    def query(self, name: str, **params) -> pl.DataFrame:
        """Run the named query `name` with bind parameters; a Polars frame (DuckDB's types)."""
        q = queries.get(name)
        version = self._version()
        queries.bind(q, params)
        if spark_queries.tables_read(name) <= spark_cache.LOCAL_TABLES:
            cur = version.local_con(self.scope, self.limits).cursor()
            try:
                return cur.sql(q.sql, params=params or None).pl()
            finally:
                cur.close()
        views = version.scoped(self.scope, self.console_views, spark_queries.tables_read(name))
        text = spark_queries.spark_sql(name, tuple(sorted(views.items())))
        frame = self._run(text, spark_queries.spark_args(q, params), name)
        kinds = {n: dialect.param_kind(k) for n, k in q.params.items()}
        return conform(frame, version.duckdb_schema(("query", name), q.sql, kinds), name)

    def sql(self, text: str, params: dict | None = None) -> pl.DataFrame:
        """Run trusted SQL of this package (DuckDB dialect, not user input) on the scope."""
        params = params or {}
        version = self._version()
        tree = dialect.parse_duckdb(text)
        read = {t.name for t in tree.find_all(sqlglot.exp.Table)} - {
            c.alias_or_name for c in tree.find_all(sqlglot.exp.CTE)
        }
        if read <= spark_cache.LOCAL_TABLES:
            cur = version.local_con(self.scope, self.limits).cursor()
            try:
                return cur.sql(text, params=params or None).pl()
            finally:
                cur.close()
        kinds = spark_queries.param_types(params)
        views = version.scoped(self.scope, self.console_views, frozenset(read))
        frame = self._run(
            dialect.to_spark(tree, kinds, views), spark_queries.as_text(params), "sql"
        )
        key = ("sql", text, tuple(sorted(kinds.items())))
        return conform(frame, version.duckdb_schema(key, text, kinds), "sql")

    def _run(self, text: str, args: dict, what: str) -> pl.DataFrame:
        """`text` on Spark, interrupted (by its tag) after the time limit."""
        spark = spark_session.session()
        tag = f"griddash-{uuid.uuid4().hex}"
        spark.addTag(tag)
        deadline = spark_session.Deadline(spark, tag, self.limits.time_limit_s)
        try:
            table = spark.sql(text, args=args or None).toArrow()
        except Exception as exc:
            if deadline.fired:
                raise SparkQueryError(
                    f"{what}: expected a result within {self.limits.time_limit_s:g} s on Spark, "
                    "found it still running (interrupted)"
                ) from exc
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise SparkQueryError(f"{what}: failed on Spark: {first}") from exc
        finally:
            deadline.done()
            spark.removeTag(tag)
        return pl.from_arrow(table)

    def columns(self) -> pl.DataFrame:
        """Every column of the session's views, with the manifest's DuckDB types (as
        Catalog.columns): table_name, column_name, data_type; by table, then column order."""
        tables = self._version().manifest.tables
        rows = [
            (name, column, kind)
            for name in sorted(self.views)
            for column, kind in tables[name].columns
        ]
        return pl.DataFrame(rows, schema=["table_name", "column_name", "data_type"], orient="row")

    def info(self) -> dict[str, str]:
        """catalog_info as a dict (data_version, built_at, data_cutoff, …), from the manifest."""
        return dict(self._version().manifest.info)

    @property
    def data_version(self) -> str:
        return self._version().manifest.data_version

    def console_statement(self, text: str, **options) -> spark_console.SparkStatement:
        """An analyst's statement on Spark (dashboard.data.spark_console): checked with
        SQLGlot, run on the scope's console views with a row and a time limit."""
        return spark_console.start(self, text, **options)

    def console_view_names(self) -> frozenset[str]:
        """The catalog tables an analyst's statement may read in this scope."""
        tables = set(self._version().manifest.tables)
        return frozenset(scoped_selects("wh", tables, self.scope, console=True))

    def console_views_of(self, tables: frozenset[str]) -> dict[str, str]:
        """Catalog table → the Spark view the console reads for it, for `tables`."""
        return self._version().scoped(self.scope, True, tables)

    def table_names(self) -> frozenset[str]:
        """Every table of the warehouse version, in scope or not."""
        return frozenset(self._version().manifest.tables)


class SparkPinned(SparkCatalog):
    """One version of a SparkCatalog, fixed when it was pinned (as catalog.Pinned)."""

    def __init__(self, base: SparkCatalog, version: _Version):
        super().__init__(
            base.path, base.scope, base.limits, console=base.console_views, boundary=base.boundary
        )
        self._fixed = version

    def _version(self) -> _Version:
        return self._fixed

    def pinned(self) -> SparkPinned:
        return self

    def cache_key(self) -> tuple[str, str, str, bool]:
        """What identifies this catalog's data for a cache: warehouse, scope, version, views."""
        return (self.path, self.scope, self.data_version, self.console_views)
