"""The Spark warehouse's layout: versions, the current pointer and manifests (local folders)."""

import json

import pytest

from dashboard.data import warehouse
from dashboard.data.warehouse import Manifest, TableEntry, WarehouseError


def _manifest(version: str) -> Manifest:
    return Manifest(
        data_version=version,
        tables={
            "grids": TableEntry("grids", (("grid_code", "VARCHAR"), ("area_m2", "DOUBLE")), (), 3)
        },
        info={"built_at": "2026-11-30T06:00:00"},
    )


def test_publish_makes_a_version_current_and_keeps_the_old_one(tmp_path):
    warehouse.write_manifest(tmp_path, _manifest("20261130.0600-aaaa"))
    warehouse.publish(tmp_path, "20261130.0600-aaaa")
    warehouse.write_manifest(tmp_path, _manifest("20261130.0700-bbbb"))
    # Written but not published: readers still see the first version.
    assert warehouse.read_current(tmp_path) == "20261130.0600-aaaa"
    warehouse.publish(tmp_path, "20261130.0700-bbbb")
    assert warehouse.read_current(tmp_path) == "20261130.0700-bbbb"
    old = warehouse.read_manifest(tmp_path, "20261130.0600-aaaa")
    assert old.tables["grids"].columns == (("grid_code", "VARCHAR"), ("area_m2", "DOUBLE"))
    assert old.tables["grids"].rows == 3
    assert warehouse.table_path(tmp_path, "v1", "grids") == f"{tmp_path}/v/v1/grids"


def test_publishing_a_version_without_its_manifest_is_refused(tmp_path):
    with pytest.raises(WarehouseError, match="expected the version's manifest, found no file"):
        warehouse.publish(tmp_path, "20261130.0600-aaaa")
    assert not (tmp_path / warehouse.CURRENT).exists()


def test_a_folder_without_a_pointer_says_how_to_build_one(tmp_path):
    assert not warehouse.looks_like_warehouse(tmp_path)
    with pytest.raises(WarehouseError, match="griddash ingest DIR --catalog PATH"):
        warehouse.read_current(tmp_path)


def test_another_format_is_named(tmp_path):
    (tmp_path / warehouse.CURRENT).write_text(json.dumps({"format": 9, "data_version": "x"}))
    with pytest.raises(WarehouseError, match="expected format 1, found 9"):
        warehouse.read_current(tmp_path)


@pytest.mark.parametrize("version", ["../etc", "a/b", "", "x" * 81])
def test_versions_cannot_leave_the_warehouse(version, tmp_path):
    with pytest.raises(WarehouseError, match="expected a data version"):
        warehouse.version_path(tmp_path, version)


def test_uris_are_remote():
    assert warehouse.is_remote("s3a://bucket/griddash")
    assert warehouse.looks_like_warehouse("hdfs://nn:8020/griddash")
    assert not warehouse.is_remote("/srv/griddash")


def test_a_version_built_by_an_older_griddash_is_refused_with_the_tables_it_lacks(tmp_path):
    # As scoped_db refuses an old catalog file: a version without a table this griddash reads
    # (say, from before patrols_by_grid_day) would fail query after query instead.
    from dashboard.data.scoped_db import CatalogError
    from dashboard.data.spark_catalog import SparkCatalog

    warehouse.write_manifest(tmp_path, _manifest("20261130.0600-aaaa"))
    warehouse.publish(tmp_path, "20261130.0600-aaaa")
    with pytest.raises(CatalogError) as err:
        SparkCatalog(tmp_path).pinned()
    message = str(err.value)
    named = message.split("found none named ")[1].split(" in 20261130")[0].split(", ")
    assert named[0] == "backlog_by_grid_day" and "patrols_by_grid_day" in named
    assert "grids" not in named  # the one table this version has
    assert "20261130.0600-aaaa (built by an older griddash)" in message
    assert "GRIDDASH_ENGINE=spark griddash ingest" in message


def test_the_local_cache_of_an_older_griddash_is_not_opened(monkeypatch, tmp_path):
    # A cache file holds LOCAL_TABLES as they were when it was written; a griddash that caches
    # one more table (patrols_by_grid_day, 2026-11-30) would route a query to a file without it
    # ("Table with name patrols_by_grid_day does not exist"). So the set is in the file name,
    # and the newer griddash builds its own file for the same version.
    import duckdb
    import pyarrow as pa

    from dashboard.data import spark_cache

    monkeypatch.setenv("GRIDDASH_CACHE", str(tmp_path / "cache"))
    manifest = Manifest(
        data_version="20261130.0600-aaaa",
        tables={
            "grids": TableEntry("grids", (("grid_code", "VARCHAR"),), (), 1),
            "patrols_by_grid_day": TableEntry(
                "patrols_by_grid_day", (("grid_code", "VARCHAR"), ("patrols", "BIGINT")), (), 1
            ),
        },
        info={},
    )
    rows = {
        "grids": pa.table({"grid_code": ["1401050010010001"]}),
        "patrols_by_grid_day": pa.table({"grid_code": ["1401050010010001"], "patrols": [2]}),
    }
    monkeypatch.setattr(
        spark_cache, "LOCAL_TABLES", spark_cache.LOCAL_TABLES - {"patrols_by_grid_day"}
    )
    older = spark_cache.ensure(tmp_path / "wh", manifest, rows.get)
    monkeypatch.undo()
    monkeypatch.setenv("GRIDDASH_CACHE", str(tmp_path / "cache"))
    newer = spark_cache.ensure(tmp_path / "wh", manifest, rows.get)
    assert newer != older and older.is_file() and newer.parent == older.parent
    tables = {
        name: duckdb.connect(str(path), read_only=True)
        .execute("select table_name from duckdb_tables() order by 1")
        .fetchall()
        for name, path in (("older", older), ("newer", newer))
    }
    assert tables == {
        "older": [("grids",)],
        "newer": [("grids",), ("patrols_by_grid_day",)],
    }
