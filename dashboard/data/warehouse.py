"""The Spark warehouse's layout (GRIDDASH_ENGINE=spark): where each catalog table lies, and which
version is current. One definition, used by the Spark ingest that writes it and the Spark catalog
that reads it.

A warehouse is a folder (a local path in tests; hdfs:// or s3a:// in production) that holds the
same tables as the DuckDB catalog file, same names, columns and types, as Parquet:

    PATH/_current.json                       {"format": 1, "data_version": V}: replaced last
    PATH/v/<V>/_manifest.json                the version's tables, columns, row counts and info
    PATH/v/<V>/<table>/part_district=140105/part_month=2026-11/part-*.parquet

A new ingest writes a new version folder beside the old ones and then replaces `_current.json`
(one small file, replaced atomically by rename on a local disk; on hdfs:// and s3a:// Spark
writes it, delete then write, and a reader in that moment finds no pointer and says so), so
readers never see a half-written version and a running reader keeps the version it has. Tables
with a grid code and a time are partitioned by district (the code's first 6 digits) and by
month; the partition columns are named `part_*` so they never collide with a table's own
columns, and readers select the manifest's columns only.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 1
CURRENT = "_current.json"
MANIFEST = "_manifest.json"
PARTITION_DISTRICT = "part_district"
PARTITION_MONTH = "part_month"
# How each table is partitioned in a version folder, by both engines' writers: its grid-code
# column (→ part_district, the code's first six digits) and its time column (→ part_month,
# yyyy-mm) or None. Tables not named here are one file.
PARTITIONS: dict[str, tuple[str, str | None]] = {
    "grids": ("grid_code", None),
    "worker_grids": ("grid_code", None),
    "incidents": ("grid_code", "reported_at"),
    "incident_events": ("grid_code", "at"),
    "patrols": ("grid_code", "patrol_date"),
    "incidents_by_grid_day": ("grid_code", "day"),
    "backlog_by_grid_day": ("grid_code", "day"),
    "open_spans": ("grid_code", "reported_at"),
    "incident_milestones": ("grid_code", "reported_at"),
    "cases_handled_by_worker_day": ("grid_code", "day"),
    "returns_by_unit_grid_day": ("grid_code", "day"),
    "time_limits_by_grid_day": ("grid_code", "day"),
    "patrols_by_grid_day": ("grid_code", "day"),
}
VERSION_PATTERN = re.compile(r"^[0-9A-Za-z._-]{1,80}$")


class WarehouseError(Exception):
    """The warehouse is missing, not complete or not of this format."""


@dataclass(frozen=True)
class TableEntry:
    """One table of a version: its columns as (name, DuckDB type) in order, the partition
    columns its folder carries beyond them, and its row count."""

    name: str
    columns: tuple[tuple[str, str], ...]
    partitioned_by: tuple[str, ...] = ()
    rows: int = 0


@dataclass(frozen=True)
class Manifest:
    """A version of the warehouse: what `catalog_info` holds in a DuckDB catalog, and its
    tables."""

    data_version: str
    tables: dict[str, TableEntry]
    info: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "data_version": self.data_version,
                "info": self.info,
                "tables": {
                    t.name: {
                        "columns": [list(c) for c in t.columns],
                        "partitioned_by": list(t.partitioned_by),
                        "rows": t.rows,
                    }
                    for t in self.tables.values()
                },
            },
            ensure_ascii=False,
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str, where: str) -> Manifest:
        try:
            raw = json.loads(text)
            if raw.get("format") != FORMAT:
                raise WarehouseError(
                    f"{where}: expected warehouse format {FORMAT}, found {raw.get('format')!r}"
                )
            tables = {
                name: TableEntry(
                    name=name,
                    columns=tuple((c[0], c[1]) for c in t["columns"]),
                    partitioned_by=tuple(t.get("partitioned_by", ())),
                    rows=int(t.get("rows", 0)),
                )
                for name, t in raw["tables"].items()
            }
            return cls(data_version=raw["data_version"], tables=tables, info=raw.get("info", {}))
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise WarehouseError(
                f"{where}: expected a griddash manifest, found unreadable JSON ({exc})"
            ) from exc


def is_remote(path: str | Path) -> bool:
    """True for a URI (hdfs://, s3a://, …) that only Spark can read and write."""
    return "://" in str(path)


def version_path(root: str | Path, version: str) -> str:
    """The folder of one version, as a string Spark and pathlib both take."""
    if not VERSION_PATTERN.match(version):
        raise WarehouseError(
            f"expected a data version of letters, digits, . _ -; found {version!r}"
        )
    return f"{str(root).rstrip('/')}/v/{version}"


def table_path(root: str | Path, version: str, table: str) -> str:
    return f"{version_path(root, version)}/{table}"


def looks_like_warehouse(path: str | Path) -> bool:
    """A local folder with `_current.json`, or any URI (checked when it is opened)."""
    return is_remote(path) or (Path(path) / CURRENT).is_file()


# -- local folders: the pointer and manifests through the file system ------------------------------
# On hdfs:// and s3a:// (and file:// URIs) the Spark side reads and writes these two small files
# through Spark (write_remote_text; read with `read.text(uri, wholetext=True)`); the layout is
# the same.


def read_current(root: str | Path) -> str:
    """The current data version of a local warehouse."""
    pointer = Path(root) / CURRENT
    if not pointer.is_file():
        raise WarehouseError(
            f"{root}: expected a griddash warehouse with {CURRENT}, found none "
            "(run `GRIDDASH_ENGINE=spark griddash ingest DIR --catalog PATH` first)"
        )
    try:
        raw = json.loads(pointer.read_text(encoding="utf-8"))
        version = raw["data_version"]
    except (ValueError, KeyError, TypeError) as exc:
        raise WarehouseError(f"{pointer}: expected {{'data_version': …}}, found {exc}") from exc
    if raw.get("format") != FORMAT:
        raise WarehouseError(f"{pointer}: expected format {FORMAT}, found {raw.get('format')!r}")
    return version


def read_current_or_none(root: str | Path) -> str | None:
    """The current data version of a local warehouse, or None when it has none (yet)."""
    try:
        return read_current(root)
    except WarehouseError:
        return None


def read_manifest(root: str | Path, version: str | None = None) -> Manifest:
    """The manifest of `version` (default the current one) of a local warehouse."""
    version = version or read_current(root)
    path = Path(version_path(root, version)) / MANIFEST
    if not path.is_file():
        raise WarehouseError(f"{path}: expected the version's manifest, found no file")
    return Manifest.from_json(path.read_text(encoding="utf-8"), str(path))


def write_manifest(root: str | Path, manifest: Manifest) -> None:
    """Write a version's manifest (after its tables, before `publish`)."""
    path = Path(version_path(root, manifest.data_version)) / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{MANIFEST}.{os.getpid()}")
    tmp.write_text(manifest.to_json(), encoding="utf-8")
    os.replace(tmp, path)


def publish(root: str | Path, version: str) -> None:
    """Make `version` current: replace `_current.json` atomically (its manifest must exist)."""
    read_manifest(root, version)
    pointer = Path(root) / CURRENT
    tmp = pointer.with_name(f".{CURRENT}.{os.getpid()}")
    tmp.write_text(remote_pointer(version), encoding="utf-8")
    os.replace(tmp, pointer)


def write_remote_text(spark, uri: str, text: str) -> None:
    """Write `text` at `uri` on a file system Spark reaches (hdfs://, s3a://, file://): a folder
    named `uri` holding one part file, which `spark.read.text(uri, wholetext=True)` reads back.
    `spark` is a SparkSession (this module does not import pyspark). Replacing the pointer this
    way is not atomic: a reader in between finds no pointer and says so; it reads the new one on
    its next query."""
    spark.createDataFrame([(text,)], "value string").coalesce(1).write.mode("overwrite").text(uri)


def remote_pointer(version: str) -> str:
    """The pointer's text for `version` (as `publish` writes it locally)."""
    return json.dumps({"format": FORMAT, "data_version": version})
