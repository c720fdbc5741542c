"""`GRIDDASH_ENGINE=spark griddash ingest DIR --catalog PATH`: validate the exports on Spark and
write the warehouse at PATH (dashboard.data.warehouse's layout), then make the new version current.

Steps: validate (dashboard.pipeline.spark_validate: the DuckDB validator's rules, counts, quarantine files
and report) → the data version, from the same digest inputs as DuckDB's → every contract table's
clean rows (incident_events with their incident's grid_code) → the aggregates of
`queries/build/` → catalog_files, catalog_tables, catalog_quarantine, catalog_info → the
manifest → `warehouse.publish`. Tables with a grid code are partitioned by district; those with a
time also by month; rows are sorted within each file as the DuckDB catalog sorts its tables. A
table that cannot be loaded stops the build before anything is written; a failure while writing
removes the unfinished version folder. Either way the current version stays current.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import sqlglot
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, StructType

from dashboard import __version__
from dashboard.core import contract, data_days, paths
from dashboard.data import spark_queries, warehouse
from dashboard.data.queries import QUERIES_DIR, build_sql
from dashboard.data.warehouse import PARTITION_DISTRICT, PARTITION_MONTH, Manifest, TableEntry
from dashboard.pipeline import build_slices
from dashboard.pipeline import spark_validate_sql as validate_sql
from dashboard.pipeline.ingest import (
    AGGREGATES,
    SORT,
    IngestError,
    IngestSummary,
    StepTimer,
    catalog_counts,
    data_version,
    export_files,
)
from dashboard.pipeline.ingest import main as ingest_main
from dashboard.pipeline.spark_validate import validate
from dashboard.pipeline.validate_sql import clean_name
from dashboard.spark import dialect
from dashboard.spark.session import session

AGGREGATE_SORT = {
    "incidents_by_grid_day": "day, grid_code",
    "backlog_by_grid_day": "day, grid_code, age_bucket",
    "open_spans": "closed_at, reported_at",
    "incident_milestones": "reported_at, incident_id",
    "cases_handled_by_worker_day": "day, grid_code, worker_id",
    "returns_by_unit_grid_day": "day, grid_code, unit",
    "time_limits_by_grid_day": "day, grid_code, urgency, limit_seconds",
    "patrols_by_grid_day": "day, grid_code",
    "resolution_minutes_by_scope_group": "scope, days, group_zh, minutes, closed",
    "within_limit_by_scope": "scope, ratio, closed",
}
SPARK_OVERRIDES = QUERIES_DIR / "build" / "spark"
# Builds besides the sliced ones that need the named queries' dialect rather than validation's.
QUERIES_DIALECT = ("time_limits_by_grid_day",)
# The contract tables the build SQL reads.
BUILD_READS = (
    "incidents",
    "incident_events",
    "worker_grids",
    "workers",
    "patrols",
    "items",  # the stored cohorts split by matter group
    "categories",
)

# Spark's type names (DataType.simpleString) → DuckDB's, for the manifest.
DUCKDB_NAMES = {
    "string": "VARCHAR",
    "bigint": "BIGINT",
    "int": "INTEGER",
    "double": "DOUBLE",
    "date": "DATE",
    "timestamp_ntz": "TIMESTAMP",
    "timestamp": "TIMESTAMP WITH TIME ZONE",
    "boolean": "BOOLEAN",
}


@dataclass
class _Build:
    spark: SparkSession
    root: str
    version: str
    entries: dict[str, TableEntry]


def ingest(
    exports: Path,
    root: str | Path,
    *,
    now: datetime | None = None,
    progress: bool = True,
    spark: SparkSession | None = None,
) -> IngestSummary:
    """Validate `exports` on Spark and publish a new version of the warehouse at `root` (a local
    folder). now: validation clock, as for DuckDB. Returns the summary (`catalog` = root).
    Raises IngestError when a table cannot be loaded; nothing is written then."""
    started = time.perf_counter()
    exports = Path(exports)
    # hdfs://, s3a:// (or file://): the tables, the manifest and the pointer written by Spark
    remote = warehouse.is_remote(root)
    root = str(root).rstrip("/") if remote else str(Path(root).absolute())
    spark = spark or session()
    steps = ["validate", *contract.TABLE_NAMES, *AGGREGATES, "fingerprint", "publish"]
    timer = StepTimer(steps, "griddash ingest (spark)", progress)
    build = None
    try:
        result = validate(exports, spark=spark, now=now)
        if result.errors:
            lines = "; ".join(e["message"] for e in result.errors)
            raise IngestError(f"{len(result.errors)} load error(s), catalog not built: {lines}")
        timer.done("validate")
        files = export_files(exports)
        built_at = paths.now_local().replace(microsecond=0)
        version = data_version(files, result, built_at)
        if not remote and Path(warehouse.version_path(root, version)).exists():
            raise IngestError(
                f"{warehouse.version_path(root, version)}: expected a new version folder, found "
                "one already (the same data ingested within the minute); try again in a minute"
            )
        build = _Build(spark, root, version, {})
        counts = {n: t["rows"] - t["quarantined"] for n, t in result.tables.items()}
        for table in contract.TABLES:
            timer.doing(table.name)
            rows = _clean_rows(spark, table.name)
            _write(build, table.name, rows, SORT.get(table.name), count=counts[table.name])
            timer.done(table.name)
        # The build SQL reads the tables by their catalog names: the clean rows, then each
        # aggregate as written (cases_handled_by_worker_day reads incidents_by_grid_day).
        views = [*BUILD_READS, *AGGREGATES]
        for name in BUILD_READS:
            _clean_rows(spark, name).createOrReplaceTempView(name)
        # The per-incident builds run as one slice: Spark shuffles what does not fit in memory.
        lo, hi = spark.sql("select min(grid_code), max(grid_code) from incidents").first()
        latest = spark.sql(
            "select greatest(max(reported_at), max(closed_at)) from incidents"
        ).first()[0]
        for name in AGGREGATES:
            timer.doing(name)
            if name in data_days.STORED_BUILDS:
                values = data_days.stored_build_params(name, latest)
                kinds = spark_queries.param_types(values)
                frame = spark.sql(aggregate_select(name, kinds), args=spark_queries.as_text(values))
            else:
                args = {"lo": lo or "", "hi": hi or ""} if name in build_slices.SLICED else None
                frame = spark.sql(aggregate_select(name), args=args)
            _write(build, name, frame, AGGREGATE_SORT[name])
            _written(build, name).createOrReplaceTempView(name)
            timer.done(name)
        for name in views:
            spark.catalog.dropTempView(name)
        timer.doing("fingerprint")
        info = _info(spark, exports, version, built_at, started)
        for name, rows in _catalog_tables(files, result, info).items():
            _write(
                build,
                name,
                spark.createDataFrame(rows, _ddl(rows.schema)),
                None,
                count=rows.num_rows,
            )
        timer.done("fingerprint")
        manifest = Manifest(version, build.entries, info)
        if remote:
            where = f"{warehouse.version_path(root, version)}/{warehouse.MANIFEST}"
            warehouse.write_remote_text(spark, where, manifest.to_json())
            warehouse.write_remote_text(
                spark, f"{root}/{warehouse.CURRENT}", warehouse.remote_pointer(version)
            )
        else:
            warehouse.write_manifest(root, manifest)
            warehouse.publish(root, version)
        timer.done("publish")
    except BaseException:
        # A remote version folder left unfinished is never published (nothing names it).
        if (
            build is not None
            and not remote
            and warehouse.read_current_or_none(root) != build.version
        ):
            shutil.rmtree(warehouse.version_path(root, build.version), ignore_errors=True)
        raise
    finally:
        timer.close()
    return IngestSummary(
        catalog=root if remote else Path(root),
        data_version=version,
        rows=counts,
        quarantined={n: t["quarantined"] for n, t in result.tables.items()},
        seconds=time.perf_counter() - started,
        result=result,
        step_seconds=timer.seconds,
    )


def _clean_rows(spark: SparkSession, name: str) -> DataFrame:
    """The clean rows of a contract table; incident_events with their incident's grid code,
    joined by validation (validate_sql.CARRIED)."""
    return spark.table(clean_name(name))


def aggregate_select(name: str, params: dict[str, str] | None = None) -> str:
    """The Spark SELECT of one catalog build step: queries/build/spark/<name>.sql where SQLGlot
    cannot translate the DuckDB text (each says why), else queries/build/<name>.sql transpiled;
    the CREATE TABLE and the final ORDER BY dropped (rows are sorted within files instead).
    params: the types of the stored builds' bind values (name → date, timestamp, …)."""
    override = SPARK_OVERRIDES / f"{name}.sql"
    if override.is_file():
        tree = sqlglot.parse_one(override.read_text(encoding="utf-8"), read="spark")
    elif name in build_slices.SLICED or name in QUERIES_DIALECT or params:
        # the named queries' dialect: lists of steps (list_position, typed $lo/$hi), the
        # seconds of an interval (epoch), typed bind values
        if name in build_slices.SLICED:
            params = {"lo": "text", "hi": "text"}
        # CREATE and ORDER BY dropped before the translation, not after: the Spark text is not
        # read back (its :from, a keyword as a parameter name, does not parse again).
        tree = dialect.parse_duckdb(build_sql(name))
        select = tree.expression if isinstance(tree, sqlglot.exp.Create) else tree
        select.set("order", None)
        return dialect.to_spark(select, params=params)
    else:
        tree = sqlglot.parse_one(validate_sql.to_spark(build_sql(name)), read="spark")
    select = tree.expression if isinstance(tree, sqlglot.exp.Create) else tree
    select.set("order", None)
    return select.sql(dialect="spark")


def duckdb_type(kind) -> str:
    """A Spark column type as DuckDB spells it (lists as T[], structs as STRUCT("at" T, …): DuckDB
    itself spells the nested ones, quoting the field names it must)."""
    if isinstance(kind, ArrayType | StructType):
        return str(_duckdb_nested(kind))
    return DUCKDB_NAMES[kind.simpleString()]


def _duckdb_nested(kind):
    if isinstance(kind, ArrayType):
        return duckdb.list_type(_duckdb_nested(kind.elementType))
    if isinstance(kind, StructType):
        return duckdb.struct_type({f.name: _duckdb_nested(f.dataType) for f in kind.fields})
    return duckdb.sqltype(DUCKDB_NAMES[kind.simpleString()])


def _written(build: _Build, name: str) -> DataFrame:
    """Table `name` as written into the version folder (its manifest columns)."""
    path = warehouse.table_path(build.root, build.version, name)
    return build.spark.read.parquet(path).select(*[c for c, _ in build.entries[name].columns])


def _write(
    build: _Build, name: str, frame: DataFrame, sort: str | None, *, count: int | None = None
) -> None:
    """Write one table into the version folder, partitioned as warehouse.PARTITIONS says and sorted by
    `sort` within each file, and note its manifest entry (`count` rows, else counted from the
    files written)."""
    columns = tuple((f.name, duckdb_type(f.dataType)) for f in frame.schema.fields)
    path = warehouse.table_path(build.root, build.version, name)
    grid, at = warehouse.PARTITIONS.get(name, (None, None))
    parts: list[str] = []
    if grid:
        frame = frame.withColumn(PARTITION_DISTRICT, F.substring(F.col(grid), 1, 6))
        parts.append(PARTITION_DISTRICT)
    if at:
        frame = frame.withColumn(PARTITION_MONTH, F.date_format(F.col(at), "yyyy-MM"))
        parts.append(PARTITION_MONTH)
    frame = frame.repartition(*parts) if parts else frame.coalesce(1)
    if sort:
        frame = frame.sortWithinPartitions(
            *[F.col(c.strip()).asc_nulls_last() for c in sort.split(",")]
        )
    writer = frame.write.mode("error")
    if parts:
        writer = writer.partitionBy(*parts)
    writer.parquet(path)
    if count is None:
        count = build.spark.read.parquet(path).count()
    build.entries[name] = TableEntry(name, columns, tuple(parts), count)


def _info(
    spark: SparkSession, exports: Path, version: str, built_at: datetime, started: float
) -> dict[str, str]:
    """catalog_info's keys and values, as the DuckDB ingest writes them (engine: spark)."""
    first, last, last_closed = spark.sql(
        f"select min(reported_at), max(reported_at), max(closed_at) from {clean_name('incidents')}"
    ).collect()[0]
    cutoff = max((t for t in (last, last_closed) if t is not None), default=None)
    return {
        "data_version": version,
        "built_at": built_at.isoformat(),
        "exports": str(exports.absolute()),
        "data_first": first.isoformat() if first else "",
        "data_cutoff": cutoff.isoformat() if cutoff else "",
        "griddash_version": __version__,
        "engine": "spark",
        "spark_version": spark.version,
        "build_seconds": f"{time.perf_counter() - started:.1f}",
    }


def _catalog_tables(files: list[tuple], result, info: dict[str, str]) -> dict[str, pa.Table]:
    """catalog_files, catalog_tables, catalog_quarantine and catalog_info as Arrow tables, with
    the DuckDB catalog's column types."""
    tables, reasons = catalog_counts(result)

    def arrow(rows: list[tuple], fields: list[tuple[str, pa.DataType]]) -> pa.Table:
        cols = list(zip(*rows, strict=True)) if rows else [[] for _ in fields]
        return pa.table(
            [pa.array(c, t) for c, (_, t) in zip(cols, fields, strict=True)],
            names=[n for n, _ in fields],
        )

    text, big = pa.string(), pa.int64()
    return {
        "catalog_files": arrow(
            files,
            [
                ("table_name", text),
                ("file", text),
                ("bytes", big),
                ("modified_at", pa.timestamp("us")),
            ],
        ),
        "catalog_tables": arrow(
            tables,
            [("table_name", text), ("rows_read", big), ("rows_loaded", big), ("quarantined", big)],
        ),
        "catalog_quarantine": arrow(
            reasons, [("table_name", text), ("reason", text), ("rows", big)]
        ),
        "catalog_info": arrow(list(info.items()), [("key", text), ("value", text)]),
    }


def _ddl(schema: pa.Schema) -> str:
    """A Spark DDL schema for the small Arrow tables above (an empty one has nothing to infer
    from)."""
    names = {pa.string(): "string", pa.int64(): "bigint", pa.timestamp("us"): "timestamp_ntz"}
    return ", ".join(f"`{f.name}` {names[f.type]}" for f in schema)


def main(args) -> int:
    """`GRIDDASH_ENGINE=spark griddash ingest DIR [--catalog PATH]`: the warehouse at PATH; exit
    0 built, 1 built with rows quarantined, 2 not built (a table could not be loaded): the
    command's own output and exit codes (dashboard.pipeline.ingest.main) with this build."""
    return ingest_main(args, build=ingest)
