"""The Spark ingest against the DuckDB one (issue 18, items 3 and 5): on the same exports, good and
bad, Spark's validation gives the same reasons, counts, quarantined rows, report and load errors,
and every warehouse table equals the DuckDB catalog's table (read back with DuckDB: same columns
and types, same rows; floats to 1e-9). DuckDB is the independent implementation here.

One Spark Connect server (`local[2]`) per test process, through dashboard.spark.session.
"""

from __future__ import annotations

import json
import math
import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import tiny_exports as tiny
from conftest import DEMO_VALIDATED_AT
from tiny_exports import G1, G3

from dashboard.commands import cli
from dashboard.core import contract
from dashboard.data import warehouse
from dashboard.pipeline.ingest import IngestError
from dashboard.pipeline.ingest import ingest as duck_ingest
from dashboard.pipeline.validate import validate as duck_validate

pytest.importorskip("pyspark")

from dashboard.spark import ingest as spark_ingest  # noqa: E402
from dashboard.spark import validate as spark_validate  # noqa: E402
from dashboard.spark.session import session  # noqa: E402

NOW = datetime(2024, 6, 5, 12, 0)


@pytest.fixture(scope="module")
def spark():
    return session()


def by_id(data, table, key, value):
    return next(r for r in data[table] if r[key] == value)


# -- bad inputs: each builds an exports folder (tests/test_validate.py's defects, combined) ----------


def _row_defects(out: Path) -> None:
    """One of every row defect, several files and hive folders, narrow and odd column types."""
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0003")["grid_code"] = "140105001001002"  # 15 digits
    by_id(data, "incidents", "incident_id", "E0004")["grid_code"] = "140105002001０001"
    by_id(data, "incidents", "incident_id", "E0005").update(lon=float("nan"), lat=37.8)
    by_id(data, "incidents", "incident_id", "E0008")["satisfaction"] = 6
    by_id(data, "incidents", "incident_id", "E0001")["closed_at"] = datetime(2024, 5, 31, 23)
    by_id(data, "incidents", "incident_id", "E0002")["urgency"] = None
    by_id(data, "grids", "grid_code", G3)["street_code"] = "140105999"
    data["patrols"][0]["grid_code"] = G1 + "\n"  # a 16-digit code and a newline
    data["patrols"][1]["worker_id"] = "W999"
    data["worker_grids"][1]["valid_to"] = date(2021, 12, 31)
    data["items"].append(dict(data["items"][0], item_code="I0301", category_code="C99"))
    data["training_attendance"].append(dict(data["training_attendance"][0], minutes_attended=5))
    data["training_attendance"][1]["person_id"] = "W999"
    data["training_attendance"][2]["person_id"] = "CADRE-99"
    data["trainings"][1]["starts_at"] = datetime(2099, 1, 1, 9)
    data["incident_events"].append(
        {"incident_id": "E9999", "step": "report", "at": datetime(2024, 6, 1), "unit": None}
    )
    inc = data.pop("incidents")
    events = data.pop("incident_events")
    tiny.write(out, data)
    tiny.write_part(out, "incidents", inc[:4], "year=2024/month=05/part-0.parquet")
    narrow = {
        "satisfaction": pa.int16(),
        "reported_at": pa.timestamp("ms"),
        "closed_at": pa.timestamp("ns"),
        "lon": pa.float32(),
        "source": pa.dictionary(pa.int8(), pa.string()),
    }
    later = inc[4:] + [dict(inc[6], handling_unit="LATER")]  # E0007 again: a duplicate
    tiny.write_part(out, "incidents", later, "year=2024/month=06/part 1.parquet", types=narrow)
    extra = tiny.arrow_table("incident_events", events)
    pq.write_table(extra.append_column("operator", pa.array(["x"] * len(events))), out / "ie.tmp")
    (out / "ie.tmp").rename(out / "incident_events.parquet")


def _load_errors(out: Path) -> None:
    """One of every load error, each in a table of its own: a value too large for its type
    (grids), data that does not decode behind a good footer (workers), a file that is not Parquet
    (items), a column of the wrong kind (incidents) or with a zone (trainings), a missing column
    (worker_grids), a missing table (patrols); and the tables checked against them."""
    tiny.write(out)
    big = [dict(r, households=2**64 - 1) for r in tiny.rows()["grids"]]
    tiny.write_part(out, "grids", big, types={"households": pa.uint64()})
    path = out / "workers" / "part-0.parquet"
    raw = bytearray(path.read_bytes())
    raw[4:200] = b"\xff" * 196  # the first data pages; the footer still reads
    path.write_bytes(bytes(raw))
    (out / "items" / "part-1.parquet").write_bytes(b"this is not parquet\n" * 10)
    rows = [dict(r, reported_at=r["reported_at"].isoformat(" ")) for r in tiny.rows()["incidents"]]
    tiny.write_part(out, "incidents", rows, types={"reported_at": pa.string()})
    zone = {"starts_at": pa.timestamp("us", tz="Asia/Shanghai")}
    tiny.write_part(out, "trainings", tiny.rows()["trainings"], types=zone)
    tiny.write_part(out, "worker_grids", tiny.rows()["worker_grids"], types={"role": None})
    shutil.rmtree(out / "patrols")


SCENARIOS = {"row_defects": _row_defects, "load_errors": _load_errors}


def _engine_neutral(errors: list[dict]) -> list[dict]:
    """Errors with the engine's own words cut: a table-level read error ("patrols: could not be
    read (Conversion Error …)") names the table and the failure the same way on both engines;
    the text in brackets is the engine's."""
    out = []
    for e in errors:
        message = e["message"]
        if e["file"] is None and ": could not be read (" in message:
            message = message.split(" (", 1)[0]
        out.append(dict(e, message=message))
    return out


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_spark_validation_equals_duckdb(scenario, spark, tmp_path):
    out = tmp_path / "exports"
    SCENARIOS[scenario](out)
    con = duckdb.connect()
    duck = duck_validate(out, con=con, now=NOW, quarantine=tmp_path / "qd")
    got = spark_validate.validate(out, spark=spark, now=NOW, quarantine=tmp_path / "qs")
    assert got.tables == duck.tables
    assert list(got.tables) == list(duck.tables)
    assert _engine_neutral(got.errors) == _engine_neutral(duck.errors)
    assert got.exit_code == duck.exit_code
    if scenario == "row_defects":  # the case meant to exercise every rule
        assert duck.exit_code == 1 and len([t for t in duck.tables.values() if t["reasons"]]) >= 7
    else:  # every load error kind, each named
        assert (
            duck.exit_code == 2 and len(duck.errors) >= 10 and list(duck.tables) == ["categories"]
        )
    # The same quarantine files (columns, types, rows in read order) and the same report.
    names = sorted(p.name for p in (tmp_path / "qd").iterdir())
    assert sorted(p.name for p in (tmp_path / "qs").iterdir()) == names
    for name in names:
        if name.endswith(".parquet"):
            want, have = (
                pq.read_table(tmp_path / "qd" / name),
                pq.read_table(tmp_path / "qs" / name),
            )
            assert [(f.name, f.type) for f in have.schema] == [
                (f.name, f.type) for f in want.schema
            ]
            assert _rows(have.to_pylist()) == _rows(want.to_pylist())
    reports = [json.loads((tmp_path / q / "report.json").read_text()) for q in ("qd", "qs")]
    for r in reports:
        r["errors"] = _engine_neutral(r["errors"])
    assert reports[1] == reports[0]
    # The same clean rows are left for the build.
    for name in duck.tables:
        names = contract.table(name).column_names
        cols = ", ".join(f'"{c}"' for c in names)
        want = con.execute(f"select {cols} from clean_{name}").fetchall()
        cols = ", ".join(f"`{c}`" for c in names)
        have = [tuple(r) for r in spark.sql(f"select {cols} from clean_{name}").collect()]
        assert _rows(have) == _rows(want), name


def _norm(value):
    if isinstance(value, float):
        return "nan" if math.isnan(value) else round(value, 9)
    return value


def _rows(rows) -> list:
    """Rows as sorted tuples, floats to 1e-9 (NaN comparable), for order-free comparison."""
    as_tuples = [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in rows]
    return sorted((tuple(_norm(v) for v in r) for r in as_tuples), key=repr)


# -- the warehouse against the catalog -------------------------------------------------------------------


def _warehouse_table(root: Path, entry: warehouse.TableEntry, version: str):
    path = warehouse.table_path(root, version, entry.name)
    cols = ", ".join(f'"{c}"' for c, _ in entry.columns)
    rel = duckdb.sql(
        f"select {cols} from read_parquet('{path}/**/*.parquet', hive_partitioning = false)"
    )
    return rel


def test_warehouse_equals_the_duckdb_catalog(spark, demo, demo_catalog, tmp_path):
    root = tmp_path / "warehouse"
    summary = spark_ingest.ingest(
        demo.exports, root, now=DEMO_VALIDATED_AT, progress=False, spark=spark
    )
    version = warehouse.read_current(root)
    assert version == summary.data_version
    manifest = warehouse.read_manifest(root)
    cat = duckdb.connect(str(demo_catalog), read_only=True)
    names = {r[0] for r in cat.execute("select table_name from duckdb_tables()").fetchall()}
    assert set(manifest.tables) == names
    for name, entry in manifest.tables.items():
        want_types = cat.execute(
            "select column_name, data_type from duckdb_columns() where table_name = ? "
            "order by column_index",
            [name],
        ).fetchall()
        assert list(entry.columns) == want_types, name
        rel = _warehouse_table(root, entry, version)
        assert [(c, str(t)) for c, t in zip(rel.columns, rel.types, strict=True)] == want_types
        have = rel.fetchall()
        assert len(have) == entry.rows, name
        if name == "catalog_info":
            continue
        want = cat.execute(f'select * from "{name}"').fetchall()
        assert len(have) == len(want), name
        assert _rows(have) == _rows(want), name
    # catalog_info: the same data version digest and time span; the build's own facts differ.
    info = dict(cat.execute("select key, value from catalog_info").fetchall())
    assert manifest.info["data_version"].split("-")[1] == info["data_version"].split("-")[1]
    for key in ("data_first", "data_cutoff", "exports", "griddash_version"):
        assert manifest.info[key] == info[key], key
    have_info = dict(_warehouse_table(root, manifest.tables["catalog_info"], version).fetchall())
    assert have_info == manifest.info
    # Partitioned by district and month where a table has a grid code and a time.
    assert manifest.tables["incidents"].partitioned_by == ("part_district", "part_month")
    assert manifest.tables["grids"].partitioned_by == ("part_district",)
    months = {p.name for p in Path(warehouse.table_path(root, version, "incidents")).glob("*/*")}
    assert months and all(m.startswith("part_month=2026-") for m in months)


def test_cli_exit_codes_and_a_load_error_publishes_nothing(spark, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GRIDDASH_ENGINE", "spark")
    data = tiny.rows()
    data["incidents"][3]["grid_code"] = "1401059999990001"  # unknown grid: one row + its event
    exports = tiny.write(tmp_path / "exports", data)
    root = tmp_path / "wh"
    assert cli.main(["ingest", str(exports), "--catalog", str(root), "--no-progress"]) == 1
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"griddash: catalog {root} built in ")
    assert line.endswith(": 45 rows loaded, 2 quarantined")  # 47 rows in the tiny dataset
    first = warehouse.read_current(root)
    # A table that cannot be loaded: DuckDB's message and exit code, nothing written.
    shutil.rmtree(exports / "grids")
    with pytest.raises(IngestError) as duck_error:
        duck_ingest(exports, tmp_path / "c.duckdb", progress=False)
    assert cli.main(["ingest", str(exports), "--catalog", str(root), "--no-progress"]) == 2
    assert capsys.readouterr().err == f"griddash: {duck_error.value}\n"
    assert "grids: no Parquet files under" in str(duck_error.value)
    assert warehouse.read_current(root) == first
    assert [p.name for p in (root / "v").iterdir()] == [first]
