"""The Spark ingest against the DuckDB one (issue 18, items 3 and 5): on the same exports, good and
bad, Spark's validation gives the same reasons, counts, quarantined rows, report and load errors,
and every warehouse table equals the DuckDB catalog's table (read back with DuckDB: same columns
and types, same rows; floats to 1e-9). DuckDB is the independent implementation here.

One Spark Connect server (`local[2]`) per test process, through dashboard.spark.session.
"""

from __future__ import annotations

import contextlib
import io
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
from tiny_exports import G1, G3

from dashboard.commands import cli
from dashboard.data import warehouse
from dashboard.pipeline.ingest import IngestError
from dashboard.pipeline.ingest import ingest as duck_ingest
from dashboard.pipeline.validate import validate as duck_validate

pytest.importorskip("pyspark")

from dashboard.pipeline import spark_validate  # noqa: E402
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


def _same_validation(duck, got, qd: Path, qs: Path) -> None:
    """The Spark validation result `got` equals DuckDB's `duck`: tables, reasons and counts, load
    errors, exit code, quarantine files (columns, types, rows) in `qs` against `qd`, report."""
    assert got.tables == duck.tables
    assert list(got.tables) == list(duck.tables)
    assert _engine_neutral(got.errors) == _engine_neutral(duck.errors)
    assert got.exit_code == duck.exit_code
    names = sorted(p.name for p in qd.iterdir())
    assert sorted(p.name for p in qs.iterdir()) == names
    for name in names:
        if name.endswith(".parquet"):
            want, have = pq.read_table(qd / name), pq.read_table(qs / name)
            assert [(f.name, f.type) for f in have.schema] == [
                (f.name, f.type) for f in want.schema
            ]
            assert _rows(have.to_pylist()) == _rows(want.to_pylist()), name
    reports = [json.loads((q / "report.json").read_text()) for q in (qd, qs)]
    for r in reports:
        r["errors"] = _engine_neutral(r["errors"])
        r.pop("exports"), r.pop("validated_at")
    assert reports[1] == reports[0]


def test_load_errors_equal_duckdb(spark, tmp_path):
    out = tmp_path / "exports"
    _load_errors(out)
    duck = duck_validate(out, now=NOW, quarantine=tmp_path / "qd")
    got = spark_validate.validate(out, spark=spark, now=NOW, quarantine=tmp_path / "qs")
    # Every load error kind, each named; only categories can be checked.
    assert duck.exit_code == 2 and len(duck.errors) >= 10 and list(duck.tables) == ["categories"]
    _same_validation(duck, got, tmp_path / "qd", tmp_path / "qs")


def _norm(value):
    if isinstance(value, float):
        return "nan" if math.isnan(value) else round(value, 9)
    if isinstance(value, list):  # lists built in no particular order (open_spans.steps …)
        return tuple(sorted((_norm(v) for v in value), key=repr))
    if isinstance(value, dict):
        return tuple((k, _norm(v)) for k, v in value.items())
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


@pytest.fixture(scope="module")
def both(spark, demo, tmp_path_factory):
    """The demo exports with tiny's bad rows added as files of their own (every rule has rows to
    catch; tiny's codes also meet the demo's), in two identical copies: one ingested by DuckDB
    into a catalog, one by Spark into a warehouse, both through `griddash ingest`."""
    base = tmp_path_factory.mktemp("both")
    defects = base / "defects"
    _row_defects(defects)
    copies = {}
    for engine in ("duckdb", "spark"):
        out = base / engine / "exports"
        shutil.copytree(demo.exports, out, ignore=shutil.ignore_patterns("_quarantine"))
        for path in sorted(defects.rglob("*.parquet")):
            rel = path.relative_to(defects)
            target = out / rel if len(rel.parts) == 1 else out / rel.parts[0] / "zz" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        copies[engine] = out
    codes, lines = {}, {}
    with pytest.MonkeyPatch.context() as mp:
        for engine, target in (("duckdb", base / "c.duckdb"), ("spark", base / "warehouse")):
            mp.setenv("GRIDDASH_ENGINE", engine)
            args = ["ingest", str(copies[engine]), "--catalog", str(target), "--no-progress"]
            with contextlib.redirect_stdout(io.StringIO()) as printed:
                codes[engine] = cli.main(args)
            lines[engine] = printed.getvalue().strip()
    return base, copies, codes, lines


def test_ingest_on_spark_equals_duckdb(spark, both):
    base, copies, codes, lines = both
    assert codes == {"duckdb": 1, "spark": 1}
    # The same output line, but for where, how long and the build minute.
    shape = [line.split(": ", 1)[1].split(" rows loaded")[0] for line in lines.values()]
    assert shape[0].split(" ")[-1] == shape[1].split(" ")[-1]
    assert lines["spark"].endswith(lines["duckdb"].rsplit(" rows loaded", 1)[1])
    # Validation: the same result, quarantine files and report as DuckDB's.
    duck_q, spark_q = (copies[e] / "_quarantine" for e in ("duckdb", "spark"))
    reports = [json.loads((q / "report.json").read_text()) for q in (duck_q, spark_q)]
    reasons = {r for t in reports[0]["tables"].values() for r in t["reasons"]}
    assert len(reasons) >= 10, reasons  # nearly every rule has rows to catch here
    _same_validation(_Result(reports[0]), _Result(reports[1]), duck_q, spark_q)
    # The warehouse: every table of the catalog, same columns and types, same rows.
    root = base / "warehouse"
    version = warehouse.read_current(root)
    manifest = warehouse.read_manifest(root)
    cat = duckdb.connect(str(base / "c.duckdb"), read_only=True)
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
        if name in ("catalog_info", "catalog_files"):
            continue
        want = cat.execute(f'select * from "{name}"').fetchall()
        assert len(have) == len(want), name
        assert _rows(have) == _rows(want), name
    assert cat.execute("select count(*) from backlog_by_grid_day").fetchone()[0] > 100
    # catalog_files: the same files, sizes and times (the copies keep them).
    files = _warehouse_table(root, manifest.tables["catalog_files"], version).fetchall()
    assert _rows(files) == _rows(cat.execute("select * from catalog_files").fetchall())
    # catalog_info: the same data version digest and time span; the build's own facts differ.
    info = dict(cat.execute("select key, value from catalog_info").fetchall())
    assert manifest.info["data_version"].split("-")[1] == info["data_version"].split("-")[1]
    for key in ("data_first", "data_cutoff", "griddash_version"):
        assert manifest.info[key] == info[key], key
    have_info = dict(_warehouse_table(root, manifest.tables["catalog_info"], version).fetchall())
    assert have_info == manifest.info
    # Partitioned by district and month where a table has a grid code and a time.
    assert manifest.tables["incidents"].partitioned_by == ("part_district", "part_month")
    assert manifest.tables["grids"].partitioned_by == ("part_district",)
    months = {p.name for p in Path(warehouse.table_path(root, version, "incidents")).glob("*/*")}
    assert {"part_month=2024-05", "part_month=2026-10"} <= months


class _Result:
    """A validation result read back from its report.json."""

    def __init__(self, report: dict) -> None:
        self.tables, self.errors = report["tables"], report["errors"]
        bad = any(t["quarantined"] for t in self.tables.values())
        self.exit_code = 2 if self.errors else 1 if bad else 0


def test_a_warehouse_at_a_uri_is_written_and_read_through_spark(spark, both):
    """hdfs:// and s3a:// warehouses are written and read through Spark, never the local file
    system; a file:// URI takes the same code path here. The version written is current, the
    Spark catalog finds it through its pointer, and its rows are the local warehouse's."""
    from dashboard.data.catalog import Catalog
    from dashboard.data.spark_catalog import SparkCatalog, read_manifest
    from dashboard.pipeline.spark_ingest import ingest as spark_ingest

    base, copies, _, _ = both
    uri = (base / "remote").as_uri()
    assert warehouse.is_remote(uri)
    summary = spark_ingest(copies["spark"], uri, progress=False, spark=spark)
    assert summary.catalog == uri
    manifest = read_manifest(uri)
    assert manifest.data_version == summary.data_version
    local = warehouse.read_manifest(base / "warehouse")
    assert {n: t.rows for n, t in manifest.tables.items()} == {
        n: t.rows for n, t in local.tables.items()
    }
    count = "select count(*) as n, count(distinct grid_code) as grids from incidents"
    got = SparkCatalog(uri).sql(count).rows()
    assert got == Catalog(base / "c.duckdb").sql(count).rows()
    assert got[0][0] > 1000


def test_a_load_error_publishes_nothing(spark, both, monkeypatch, capsys):
    base, copies, _, _ = both
    root = base / "warehouse"
    first = warehouse.read_current(root)
    for out in copies.values():
        shutil.rmtree(out / "grids")
    with pytest.raises(IngestError) as duck_error:
        duck_ingest(copies["duckdb"], base / "c.duckdb", progress=False)
    assert "grids: no Parquet files under" in str(duck_error.value)
    monkeypatch.setenv("GRIDDASH_ENGINE", "spark")
    args = ["ingest", str(copies["spark"]), "--catalog", str(root), "--no-progress"]
    assert cli.main(args) == 2
    want = str(duck_error.value).replace(str(copies["duckdb"]), str(copies["spark"]))
    assert capsys.readouterr().err == f"griddash: {want}\n"
    assert warehouse.read_current(root) == first
    assert [p.name for p in (root / "v").iterdir()] == [first]
