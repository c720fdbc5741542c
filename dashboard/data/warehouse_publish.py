"""Publish a DuckDB catalog file as a version of a Spark warehouse (dashboard.data.warehouse).

A migration tool and the tests' way to a warehouse: every table of the catalog file is copied as
Parquet into `PATH/v/<data version>/<table>/`, partitioned as the warehouse's layout says (tables
with a grid code and a time by district and month), then the manifest is written and the version
made current. The catalog's data version, `catalog_info` and row counts carry over unchanged, so
a Spark catalog on the warehouse and a DuckDB catalog on the file describe the same data.

DuckDB writes the files, so the warehouse must be a local folder here (hdfs:// and s3a:// are
written by the Spark ingest). Nothing here imports pyspark.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from dashboard.data import warehouse
from dashboard.data.scoped_db import CatalogError, file_stamp


def _quoted(path: Path) -> str:
    text = str(path.absolute())
    if "'" in text:
        raise warehouse.WarehouseError(f"{text}: expected a path without quotes")
    return f"'{text}'"


def publish_catalog(catalog: Path, root: Path, *, make_current: bool = True) -> warehouse.Manifest:
    """Copy every table of the DuckDB catalog file `catalog` into a new version of the local
    warehouse `root` (the catalog's data version; replaced if it exists) and, with
    make_current, publish it. Returns the version's manifest (tables, columns as DuckDB types,
    partition columns, rows; info = catalog_info)."""
    if warehouse.is_remote(root):
        raise warehouse.WarehouseError(
            f"{root}: expected a local folder (DuckDB writes the files here), found a URI; "
            "write hdfs:// or s3a:// warehouses with the Spark ingest"
        )
    file_stamp(Path(catalog))
    con = duckdb.connect(str(catalog), read_only=True)
    try:
        tables = [
            r[0] for r in con.sql("select table_name from duckdb_tables() order by 1").fetchall()
        ]
        if "catalog_info" not in tables:
            raise CatalogError(
                f"{catalog}: expected a griddash catalog with catalog_info, found none"
            )
        info = dict(con.sql("select key, value from catalog_info").fetchall())
        version = info["data_version"]
        folder = Path(warehouse.version_path(root, version))
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        entries = {}
        for table in tables:
            entries[table] = _copy_table(
                con, table, Path(warehouse.table_path(root, version, table))
            )
    finally:
        con.close()
    manifest = warehouse.Manifest(data_version=version, tables=entries, info=info)
    warehouse.write_manifest(root, manifest)
    if make_current:
        warehouse.publish(root, version)
    return manifest


def _copy_table(con: duckdb.DuckDBPyConnection, table: str, out: Path) -> warehouse.TableEntry:
    """One table as Parquet under `out`, partitioned as warehouse.PARTITIONS says."""
    columns = tuple(
        (name, kind)
        for name, kind in con.execute(
            "select column_name, data_type from duckdb_columns() where table_name = $t "
            "order by column_index",
            {"t": table},
        ).fetchall()
    )
    rows = con.execute(f'select count(*) from "{table}"').fetchone()[0]  # a catalog table name
    grid, month = warehouse.PARTITIONS.get(table, (None, None))
    out.mkdir(parents=True)
    if grid and rows:
        derived = [f"substr({grid}, 1, 6) as {warehouse.PARTITION_DISTRICT}"]
        parts: tuple[str, ...] = (warehouse.PARTITION_DISTRICT,)
        if month:
            derived.append(f"strftime(\"{month}\", '%Y-%m') as {warehouse.PARTITION_MONTH}")
            parts += (warehouse.PARTITION_MONTH,)
        select = f'select *, {", ".join(derived)} from "{table}"'
        con.execute(
            f"copy ({select}) to {_quoted(out)} (format parquet, partition_by "
            f"({', '.join(parts)}), filename_pattern 'part-{{i}}')"
        )
    else:
        con.execute(
            f'copy (select * from "{table}") to {_quoted(out / "part-0.parquet")} (format parquet)'
        )
        parts = ()
    return warehouse.TableEntry(table, columns, parts, int(rows))
