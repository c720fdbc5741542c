"""Validation on Spark: the DuckDB validator's rules, reasons, counts, quarantine files and report,
with the rows checked by Spark.

`validate(exports, spark=…)` is dashboard.pipeline.validate.validate with a `SparkChecker`: the
schema checks (Parquet footers, read with pyarrow), the load errors, the report and the
quarantine folder's hidden staging and publish are the same code; only the reading of the rows
and the rules' SQL run on Spark (the rules transpiled by dashboard.pipeline.spark_validate_sql). After a
run the session holds, for every table that could be checked, the temporary views
`checked_<table>` (materialised: contract columns, `_file`, `_row`, `_reason`) and
`clean_<table>` (its good rows), as the DuckDB validator leaves tables in its connection.

The exports folder is read by the client (footers, file sizes) and by Spark (rows): a local
folder in tests and on one machine; on a cluster, a path every executor sees at the same place.
"""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pyspark.errors import PySparkException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from dashboard.core.contract import Table
from dashboard.pipeline import spark_validate_sql as validate_sql
from dashboard.pipeline import validate as duck_validate
from dashboard.pipeline.validate import ValidationResult
from dashboard.pipeline.validate_sql import checked_name, clean_name

# The Spark type each contract kind is cast to (DuckDB's canonical types, in Spark's names).
SPARK_TYPE = {
    "integer": "bigint",
    "floating": "double",
    "string": "string",
    "date": "date",
    "timestamp": "timestamp_ntz",
    "boolean": "boolean",
}

# The Arrow types of the quarantine files, as DuckDB writes them.
ARROW_TYPE = {
    "integer": pa.int64(),
    "floating": pa.float64(),
    "string": pa.string(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
    "boolean": pa.bool_(),
}


class SparkChecker:
    """Runs the validator's rules on Spark (the object `validate` calls in place of DuckDB)."""

    read_errors: tuple[type[BaseException], ...] = (PySparkException,)

    def __init__(self, spark: SparkSession) -> None:
        self.spark = spark
        self.frames: dict[str, DataFrame] = {}
        # Nanosecond timestamps (pyarrow's default unit for pandas data) are read as their
        # integer count and converted below; Spark refuses them as timestamps.
        spark.conf.set("spark.sql.legacy.parquet.nanosAsLong", "true")

    def drop(self, name: str) -> None:
        """Forget table `name`'s views and its materialised rows."""
        self.spark.catalog.dropTempView(clean_name(name))
        self.spark.catalog.dropTempView(checked_name(name))
        self.spark.catalog.dropTempView(_src_name(name))
        frame = self.frames.pop(name, None)
        if frame is not None:
            frame.unpersist()

    def check(
        self, table: Table, files: list[str], prefix_len: int, now: datetime
    ) -> dict[str | None, int]:
        """checked_<name> (materialised) and clean_<name> from `files` (full paths, sorted;
        `_file` is each without its first `prefix_len` characters); rows per reason (None =
        good rows). Spark errors (a file it cannot decode, a value that does not fit its type)
        are raised here, so the table stops like a DuckDB read error stops it."""
        src = _source(self.spark, table, files, prefix_len)
        src.createOrReplaceTempView(_src_name(table.name))
        checked = self.spark.sql(validate_sql.checks_sql(table, now, _src_name(table.name)))
        checked = checked.localCheckpoint(eager=True)
        self.frames[table.name] = checked
        checked.createOrReplaceTempView(checked_name(table.name))
        self.spark.sql(validate_sql.clean_select(table)).createOrReplaceTempView(
            clean_name(table.name)
        )
        rows = self.spark.sql(validate_sql.counts_select(table)).collect()
        return {r[0]: r[1] for r in rows}

    def write_quarantine(self, table: Table, path: Path) -> None:
        """The bad rows to the Parquet file `path` with the columns and types DuckDB writes
        (contract columns, `_reason`, `_file`, `_row`), in read order. The rows come to this
        process: quarantined rows are the exception, and one file is what readers expect."""
        rows = self.spark.sql(validate_sql.quarantine_select(table)).toArrow()
        schema = pa.schema(
            [pa.field(c.name, ARROW_TYPE[c.kind]) for c in table.columns]
            + [pa.field("_reason", pa.string()), pa.field("_file", pa.string())]
            + [pa.field("_row", pa.int64())]
        )
        pq.write_table(rows.cast(schema), path)


def _src_name(table: str) -> str:
    return f"src_{table}"


def _column(name: str, kind: str, found: pa.DataType):
    """Contract column `name` read from a file where its Arrow type is `found`, cast to its
    canonical Spark type."""
    col = F.col(f"`{name}`")
    if kind == "timestamp" and pa.types.is_timestamp(found) and found.unit == "ns":
        # Read as nanoseconds since the epoch; truncated to microseconds as DuckDB's cast does.
        # The session zone is UTC, so the instant's UTC wall time is the local time written.
        micros = F.expr(f"`{name}` div 1000")
        return F.timestamp_micros(micros).cast("timestamp_ntz").alias(name)
    return col.cast(SPARK_TYPE[kind]).alias(name)


def _source(spark: SparkSession, table: Table, files: list[str], prefix_len: int) -> DataFrame:
    """The rows of every file: contract columns in canonical types, `_file` (the path from the
    exports folder) and `_row` (the row's index within its file, from 0). One read per file,
    so each file's own column types are cast and its name is exact (Spark's file_path is a
    URI, escaped)."""
    parts = []
    for path in files:
        schema = pq.read_schema(path)
        cols = [_column(c.name, c.kind, schema.field(c.name).type) for c in table.columns]
        frame = spark.read.parquet(path).select(
            *cols,
            F.lit(path[prefix_len:]).alias("_file"),
            F.col("_metadata.row_index").cast("bigint").alias("_row"),
        )
        parts.append(frame)
    return functools.reduce(DataFrame.unionAll, parts)


def validate(
    exports: Path,
    *,
    spark: SparkSession,
    now: datetime | None = None,
    quarantine: Path | None = None,
) -> ValidationResult:
    """dashboard.pipeline.validate.validate on Spark: same arguments, result, quarantine files
    and report; the session keeps `checked_<table>` and `clean_<table>` views."""
    return duck_validate.validate(
        exports, now=now, quarantine=quarantine, checker=SparkChecker(spark)
    )
