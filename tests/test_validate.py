"""The validator against the tiny dataset: valid as written, then one defect kind per test.

Expected counts are worked out by hand from the rows in tests/tiny_exports.py.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import tiny_exports as tiny
from tiny_exports import G1, G2, G3, G4

from dashboard.commands import cli
from dashboard.core import contract
from dashboard.pipeline.validate import table_files, validate
from dashboard.pipeline.validate_sql import checks_sql, source_sql

TABLES_SQL = "select table_name from information_schema.tables"
COLS = list(contract.table("incidents").column_names)


def run(tmp_path, data=None, **kwargs):
    """Write `data` (default: the valid rows) under tmp_path/exports, validate it in a fresh
    connection; returns (result, connection, exports folder)."""
    out = tmp_path / "exports"
    if data is not None or not out.exists():
        tiny.write(out, data)
    con = duckdb.connect()
    return validate(out, con=con, **kwargs), con, out


def reasons(result, table):
    return result.tables[table]["reasons"]


def only_bad(result):
    """{table: reasons} for the tables with quarantined rows."""
    return {n: t["reasons"] for n, t in result.tables.items() if t["quarantined"]}


def by_id(data, table, key, value):
    return next(r for r in data[table] if r[key] == value)


def test_tiny_dataset_is_valid(tmp_path):
    result, con, out = run(tmp_path)
    assert result.errors == []
    assert result.exit_code == 0
    assert result.tables == {
        name: {"rows": n, "quarantined": 0, "reasons": {}} for name, n in tiny.ROW_COUNTS.items()
    }
    assert list(result.tables) == list(contract.TABLE_NAMES)
    for name, n in tiny.ROW_COUNTS.items():
        assert con.execute(f"select count(*) from clean_{name}").fetchone()[0] == n
    # Canonical types, and the bookkeeping columns on checked_*.
    types = dict(
        con.execute("select column_name, column_type from (describe checked_incidents)").fetchall()
    )
    assert types["reported_at"] == "TIMESTAMP" and types["satisfaction"] == "BIGINT"
    # The file as its place in the sorted list (its path is written out with a bad row only).
    assert types["_file"] == "UBIGINT" and types["_row"] == "BIGINT"
    assert [c[0] for c in con.execute("describe clean_incidents").fetchall()] == COLS
    assert sorted(p.name for p in (out / "_quarantine").iterdir()) == ["report.json"]


def test_duplicate_id_keeps_first_row_read(tmp_path):
    data = tiny.rows()
    inc = data.pop("incidents")
    early_dup = dict(by_id({"i": inc}, "i", "incident_id", "E0007"), handling_unit="FIRST READ")
    late_dup = dict(by_id({"i": inc}, "i", "incident_id", "E0005"), handling_unit="LATER")
    out = tiny.write(tmp_path / "exports", data)
    # part-1 is written first; sorted file order still reads part-0 first.
    tiny.write_part(out, "incidents", inc[4:] + [late_dup], "part-1.parquet")
    tiny.write_part(out, "incidents", inc[:4] + [early_dup], "part-0.parquet")
    result, con, _ = run(tmp_path)
    assert result.tables["incidents"] == {
        "rows": 10,
        "quarantined": 2,
        "reasons": {"duplicate_id": 2},
    }
    assert only_bad(result) == {"incidents": {"duplicate_id": 2}}
    kept = dict(con.execute("select incident_id, handling_unit from clean_incidents").fetchall())
    assert kept["E0007"] == "FIRST READ"  # part-0 row 4 beats part-1 row 2
    assert kept["E0005"] == "北格镇综治办"  # within one file, the earlier row wins
    bad = con.execute(
        "select incident_id, handling_unit, _file, _row from checked_incidents "
        "where _reason is not null order by _file, _row"
    ).fetchall()
    assert bad == [  # file 1: part-1, the second in sorted order
        ("E0007", None, 1, 2),
        ("E0005", "LATER", 1, 4),
    ]
    # Written out, the file's number is its path again.
    qdir = tmp_path / "exports" / "_quarantine"
    written = pq.read_table(qdir / "incidents.parquet").select(["incident_id", "_file", "_row"])
    assert written.to_pylist() == [
        {"incident_id": "E0007", "_file": "incidents/part-1.parquet", "_row": 2},
        {"incident_id": "E0005", "_file": "incidents/part-1.parquet", "_row": 4},
    ]


def test_key_seen_three_times_keeps_only_the_first(tmp_path):
    # Three rows of one key give its hash twice among the sorted candidates: still one key, its
    # first row kept, the two others quarantined.
    data = tiny.rows()
    first = data["training_attendance"][0]
    data["training_attendance"] += [
        dict(first, minutes_attended=5),
        dict(first, minutes_attended=6),
    ]
    result, con, _ = run(tmp_path, data)
    assert only_bad(result) == {"training_attendance": {"duplicate_id": 2}}
    rows = con.execute(
        "select minutes_attended, _reason from checked_training_attendance "
        "where session_id = 'T01' and person_id = 'W001' order by _row"
    ).fetchall()
    assert rows == [(90, None), (5, "duplicate_id"), (6, "duplicate_id")]


def test_repeated_keys_sorted_or_grouped_give_the_same_reasons(tmp_path):
    # DuckDB finds repeated key hashes by sorting them, Spark by grouping (validate_sql's
    # `repeats`): both forms, run here in DuckDB, must give every row the same reason.
    data = tiny.rows()
    inc = data["incidents"]
    inc += [dict(inc[2], handling_unit="x"), dict(inc[2]), dict(inc[5])]
    result, con, out = run(tmp_path, data)
    assert only_bad(result) == {"incidents": {"duplicate_id": 3}}
    table = contract.table("incidents")
    root = str(out.absolute())
    files = [f"{root}/{p.relative_to(out).as_posix()}" for p in table_files(out, "incidents")]
    src = source_sql(table, files)
    found = {}
    for repeats in ("sort", "group"):
        ctes, select = checks_sql(table, datetime(2026, 12, 1), "src", repeats=repeats)
        found[repeats] = con.execute(
            f"with src as ({src}), {ctes} select incident_id, _row, _reason "
            f"from ({select}) order by _file, _row"
        ).fetchall()
    assert found["sort"] == found["group"]
    assert [r for r in found["sort"] if r[2]] == [
        (inc[2]["incident_id"], len(inc) - 3, "duplicate_id"),
        (inc[2]["incident_id"], len(inc) - 2, "duplicate_id"),
        (inc[5]["incident_id"], len(inc) - 1, "duplicate_id"),
    ]


def test_duplicate_composite_key(tmp_path):
    data = tiny.rows()
    data["training_attendance"].append(dict(data["training_attendance"][0], minutes_attended=5))
    # Same session, other person: not a duplicate.
    data["training_attendance"].append(dict(data["training_attendance"][0], person_id="W003"))
    result, con, _ = run(tmp_path, data)
    assert only_bad(result) == {"training_attendance": {"duplicate_id": 1}}
    kept = con.execute(
        "select minutes_attended from clean_training_attendance "
        "where session_id = 'T01' and person_id = 'W001'"
    ).fetchall()
    assert kept == [(90,)]


def test_bad_grid_code(tmp_path):
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0003")["grid_code"] = "140105001001002"  # 15 digits
    # a full-width digit
    by_id(data, "incidents", "incident_id", "E0004")["grid_code"] = "140105002001０001"
    data["patrols"][0]["grid_code"] = "1401O50010010001"  # letter O
    result, *_ = run(tmp_path, data)
    # A quarantined incident is not in clean_incidents, so its events are unknown_incident.
    assert only_bad(result) == {
        "incidents": {"bad_grid_code": 2},
        "incident_events": {"unknown_incident": 2},
        "patrols": {"bad_grid_code": 1},
    }
    assert result.exit_code == 1


def test_events_carry_their_incidents_grid_code(tmp_path):
    # validate_sql.CARRIED: the events' clean rows take their incident's grid code while the
    # reference is checked; the quarantine file keeps the contract's columns only.
    data = tiny.rows()
    data["incident_events"].append(
        {"incident_id": "E9999", "step": "report", "at": datetime(2024, 6, 1, 9), "unit": None}
    )
    result, con, out = run(tmp_path, data)
    assert only_bad(result) == {"incident_events": {"unknown_incident": 1}}
    cols = [c[0] for c in con.execute("describe clean_incident_events").fetchall()]
    assert cols == [*contract.table("incident_events").column_names, "grid_code"]
    grids = dict(
        con.execute(
            "select distinct incident_id, grid_code from clean_incident_events "
            "where incident_id in ('E0001', 'E0006')"
        ).fetchall()
    )
    assert grids == {"E0001": G1, "E0006": G4}
    assert con.execute(
        "select grid_code from checked_incident_events where _reason is not null"
    ).fetchall() == [(None,)]
    bad = pq.read_table(out / "_quarantine" / "incident_events.parquet")
    assert bad.column_names == [
        *contract.table("incident_events").column_names,
        "_reason",
        "_file",
        "_row",
    ]


def test_grid_code_prefix_mismatch_quarantines_grid_and_its_dependants(tmp_path):
    data = tiny.rows()
    by_id(data, "grids", "grid_code", G4)["street_code"] = "140106999"
    result, con, _ = run(tmp_path, data)
    assert only_bad(result) == {
        "grids": {"bad_grid_code": 1},
        "worker_grids": {"unknown_grid": 1},  # W003's assignment to G4
        "incidents": {"unknown_grid": 2},  # E0006, E0007 are in G4
        "incident_events": {"unknown_incident": 2},  # their events
        "patrols": {"unknown_grid": 1},
    }
    bad = con.execute(
        "select incident_id from checked_incidents where _reason = 'unknown_grid' order by 1"
    ).fetchall()
    assert bad == [("E0006",), ("E0007",)]


def test_unknown_grid(tmp_path):
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0004")["grid_code"] = "1401099990010001"
    data["worker_grids"][1]["grid_code"] = "1401050010010009"
    result, *_ = run(tmp_path, data)
    assert only_bad(result) == {
        "worker_grids": {"unknown_grid": 1},
        "incidents": {"unknown_grid": 1},
        "incident_events": {"unknown_incident": 1},
    }


def test_unknown_item(tmp_path):
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0008")["item_code"] = "I9999"
    result, *_ = run(tmp_path, data)
    assert reasons(result, "incidents") == {"unknown_item": 1}
    assert result.tables["incidents"]["quarantined"] == 1


def test_unknown_worker(tmp_path):
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0004")["reporter_worker_id"] = "W999"
    data["worker_grids"][2]["worker_id"] = "W999"
    data["patrols"][2]["worker_id"] = "W999"
    data["training_attendance"][1]["person_id"] = "W999"  # a grid worker: checked
    data["training_attendance"][2]["person_id"] = "CADRE-99"  # a cadre: not a worker id
    result, *_ = run(tmp_path, data)
    assert only_bad(result) == {
        "worker_grids": {"unknown_worker": 1},
        "incidents": {"unknown_worker": 1},
        "incident_events": {"unknown_incident": 1},
        "patrols": {"unknown_worker": 1},
        "training_attendance": {"unknown_worker": 1},
    }


def test_unknown_category(tmp_path):
    data = tiny.rows()
    data["items"].append(
        {"item_code": "I0301", "category_code": "C99", "name_zh": "其他", "name_en": "Other"}
    )
    result, *_ = run(tmp_path, data)
    assert only_bad(result) == {"items": {"unknown_category": 1}}
    assert result.tables["items"]["rows"] == 4


def test_unknown_incident(tmp_path):
    data = tiny.rows()
    data["incident_events"].append(
        {"incident_id": "E9999", "step": "report", "at": datetime(2024, 6, 1), "unit": None}
    )
    result, *_ = run(tmp_path, data)
    assert only_bad(result) == {"incident_events": {"unknown_incident": 1}}


def test_unknown_session(tmp_path):
    data = tiny.rows()
    data["training_attendance"][0]["session_id"] = "T99"
    result, *_ = run(tmp_path, data)
    assert only_bad(result) == {"training_attendance": {"unknown_session": 1}}


def test_closed_before_reported(tmp_path):
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0001")["closed_at"] = datetime(2024, 5, 31, 23)
    data["worker_grids"][1]["valid_to"] = date(2021, 12, 31)  # before valid_from 2022-01-01
    result, *_ = run(tmp_path, data)
    assert only_bad(result) == {
        "worker_grids": {"closed_before_reported": 1},
        "incidents": {"closed_before_reported": 1},
        "incident_events": {"unknown_incident": 3},  # E0001's three steps
    }


def test_future_timestamp(tmp_path):
    data = tiny.rows()
    data["patrols"] += [
        {
            "worker_id": "W002",
            "grid_code": G3,
            "patrol_date": date(2024, 6, 6),
            "minutes": 30,
            "households_visited": 2,
            "distance_km": 1.0,
        },
        # now's own date is not in the future
        {
            "worker_id": "W001",
            "grid_code": G1,
            "patrol_date": date(2024, 6, 5),
            "minutes": 30,
            "households_visited": 2,
            "distance_km": 1.0,
        },
    ]
    result, *_ = run(tmp_path, data, now=datetime(2024, 6, 5, 12, 0))
    # E0006 (06-06) and E0008 (06-07) are reported after now; E0003/E0004/E0005's deadlines lie
    # after now too, which is allowed. Their events are unknown_incident, an earlier reason
    # than their own future_timestamp.
    assert only_bad(result) == {
        "incidents": {"future_timestamp": 2},
        "incident_events": {"unknown_incident": 2},
        "patrols": {"future_timestamp": 1},
    }


def test_future_timestamp_with_default_clock(tmp_path):
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0004")["deadline_at"] = datetime(2099, 1, 1)
    data["trainings"][1]["starts_at"] = datetime(2099, 1, 1, 9)
    result, *_ = run(tmp_path, data)
    assert only_bad(result) == {
        "trainings": {"future_timestamp": 1},
        "training_attendance": {"unknown_session": 2},
    }


def test_outside_city(tmp_path):
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0004").update(lon=116.40, lat=39.90)  # Beijing
    by_id(data, "incidents", "incident_id", "E0003").update(lon=None, lat=45.0)  # half a pair
    by_id(data, "incidents", "incident_id", "E0005").update(lon=float("nan"), lat=37.8)
    result, *_ = run(tmp_path, data)
    assert reasons(result, "incidents") == {"outside_city": 2}
    assert result.tables["incidents"]["quarantined"] == 2


def test_nan_coordinate_among_coordinates_inside_the_city(tmp_path):
    # Every other coordinate lies in the city, so the file's statistics do too: the NaN must
    # still be caught (DuckDB folded a bare BETWEEN to true on the statistics).
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0001").update(lon=float("nan"), lat=37.8)
    by_id(data, "grids", "grid_code", G3).update(center_lat=float("nan"))
    result, *_ = run(tmp_path, data)
    assert only_bad(result) == {
        "grids": {"outside_city": 1},
        "worker_grids": {"unknown_grid": 1},  # W002's assignment to G3
        "incidents": {"unknown_grid": 2, "outside_city": 1},  # E0004, E0005 in G3; E0001
        "incident_events": {"unknown_incident": 5},  # their 1 + 1 + 3 steps
        "patrols": {"unknown_grid": 1},
    }


def test_null_required(tmp_path):
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0002")["urgency"] = None
    extra = dict(by_id(data, "incidents", "incident_id", "E0008"), incident_id=None)
    data["incidents"].append(extra)
    data["incidents"].append(dict(extra))  # two null ids are not duplicates of each other
    result, *_ = run(tmp_path, data)
    assert only_bad(result) == {
        "incidents": {"null_required": 3},
        "incident_events": {"unknown_incident": 3},  # E0002's steps
    }


def test_bad_value(tmp_path):
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0001")["source"] = "wechat"
    by_id(data, "incidents", "incident_id", "E0008")["satisfaction"] = 6
    data["training_attendance"][3]["minutes_attended"] = 2000
    result, *_ = run(tmp_path, data)
    assert only_bad(result) == {
        "incidents": {"bad_value": 2},
        "incident_events": {"unknown_incident": 4},  # E0001: 3 steps, E0008: 1
        "training_attendance": {"bad_value": 1},
    }


def test_two_defects_counted_once_under_earlier_reason(tmp_path):
    data = tiny.rows()
    row = by_id(data, "incidents", "incident_id", "E0004")
    row.update(grid_code="1401099990010001", reported_at=datetime(2099, 1, 1), urgency="soon")
    result, con, _ = run(tmp_path, data)
    assert reasons(result, "incidents") == {"unknown_grid": 1}
    assert result.tables["incidents"]["quarantined"] == 1
    assert con.execute(
        "select _reason from checked_incidents where incident_id = 'E0004'"
    ).fetchall() == [("unknown_grid",)]


def test_missing_table(tmp_path):
    result, con, out = run(tmp_path)
    shutil.rmtree(out / "trainings")
    result = validate(out, con=con)
    assert result.errors == [
        {
            "table": "trainings",
            "file": "trainings",
            "message": f"trainings: no Parquet files under {out / 'trainings'}",
        },
        {
            "table": "training_attendance",
            "file": None,
            "message": "training_attendance: not checked because trainings could not be loaded",
        },
    ]
    assert result.exit_code == 2
    assert "trainings" not in result.tables and "training_attendance" not in result.tables
    assert len(result.tables) == 8
    # Nothing half-loaded is left in the connection from the earlier, valid run.
    names = {r[0] for r in con.execute(TABLES_SQL).fetchall()}
    assert "checked_trainings" not in names and "clean_training_attendance" not in names
    assert "clean_incidents" in names


def test_missing_column(tmp_path):
    out = tiny.write(tmp_path / "exports")
    tiny.write_part(out, "grids", tiny.rows()["grids"], types={"population": None})
    result = validate(out)
    assert result.errors == [
        {
            "table": "grids",
            "file": "grids/part-0.parquet",
            "message": 'grids/part-0.parquet: column "population" is missing (expected integer)',
        },
    ] + [
        {"table": t, "file": None, "message": f"{t}: not checked because {dep} could not be loaded"}
        for t, dep in [
            ("worker_grids", "grids"),
            ("incidents", "grids"),
            ("incident_events", "incidents"),
            ("patrols", "grids"),
        ]
    ]
    assert list(result.tables) == [
        "categories",
        "items",
        "workers",
        "trainings",
        "training_attendance",
    ]
    assert result.exit_code == 2


def test_own_problems_reported_with_failed_dependencies(tmp_path):
    out = tiny.write(tmp_path / "exports")
    shutil.rmtree(out / "items")
    shutil.rmtree(out / "workers")
    tiny.write_part(out, "incidents", tiny.rows()["incidents"], types={"urgency": None})
    result = validate(out)
    assert [e["message"] for e in result.errors if e["table"] == "incidents"] == [
        'incidents/part-0.parquet: column "urgency" is missing (expected string)',
        "incidents: not checked because items and workers could not be loaded",
    ]
    assert [e["message"] for e in result.errors if e["table"] == "training_attendance"] == [
        "training_attendance: not checked because workers could not be loaded"
    ]
    assert list(result.tables) == ["categories", "grids", "trainings"]


def _as_text(rows, column):
    return [dict(r, **{column: r[column].isoformat(" ")}) for r in rows]


def test_wrong_type(tmp_path):
    out = tiny.write(tmp_path / "exports")
    shutil.rmtree(out / "incidents")
    inc = tiny.rows()["incidents"]
    tiny.write_part(out, "incidents", inc[:4], "year=2024/month=05/part-0.parquet")
    tiny.write_part(
        out,
        "incidents",
        _as_text(inc[4:], "reported_at"),
        "year=2024/month=06/part-0.parquet",
        types={"reported_at": pa.string()},
    )
    result = validate(out)
    assert result.errors[0] == {
        "table": "incidents",
        "file": "incidents/year=2024/month=06/part-0.parquet",
        "message": 'incidents/year=2024/month=06/part-0.parquet: column "reported_at" should be '
        "a timestamp, found string",
    }
    assert result.errors[1]["message"] == (
        "incident_events: not checked because incidents could not be loaded"
    )
    assert len(result.errors) == 2
    assert result.exit_code == 2


def test_timestamp_with_zone_rejected(tmp_path):
    out = tiny.write(tmp_path / "exports")
    tiny.write_part(
        out,
        "trainings",
        tiny.rows()["trainings"],
        types={"starts_at": pa.timestamp("us", tz="Asia/Shanghai")},
    )
    result = validate(out)
    assert result.errors[0]["message"] == (
        'trainings/part-0.parquet: column "starts_at" should be a local timestamp without zone, '
        "found timestamp[us, tz=Asia/Shanghai]"
    )
    assert [e["table"] for e in result.errors] == ["trainings", "training_attendance"]


def test_unreadable_file(tmp_path):
    out = tiny.write(tmp_path / "exports")
    (out / "patrols" / "part-1.parquet").write_bytes(b"this is not parquet\n" * 10)
    result = validate(out)
    assert result.errors == [
        {
            "table": "patrols",
            "file": "patrols/part-1.parquet",
            "message": "patrols/part-1.parquet: not a readable Parquet file (Parquet magic bytes "
            "not found in footer. Either the file is corrupted or this is not a parquet file.)",
        }
    ]
    assert "patrols" not in result.tables
    assert result.exit_code == 2


def test_corrupt_data_behind_a_good_footer(tmp_path):
    out = tiny.write(tmp_path / "exports")
    path = out / "patrols" / "part-0.parquet"
    raw = bytearray(path.read_bytes())
    raw[4:200] = b"\xff" * 196  # the first data pages; the footer still reads
    path.write_bytes(bytes(raw))
    result = validate(out)
    assert [(e["table"], e["file"]) for e in result.errors] == [
        ("patrols", "patrols/part-0.parquet")
    ]
    assert result.errors[0]["message"].startswith("patrols/part-0.parquet: could not be read (")
    assert "patrols" not in result.tables and result.exit_code == 2


def test_value_too_large_for_its_canonical_type(tmp_path):
    out = tiny.write(tmp_path / "exports")
    row = dict(tiny.rows()["patrols"][0], patrol_date=date(2024, 6, 2), minutes=2**64 - 1)
    tiny.write_part(out, "patrols", [row], "part-1.parquet", types={"minutes": pa.uint64()})
    result = validate(out)
    assert len(result.errors) == 1
    assert result.errors[0]["file"] is None
    assert result.errors[0]["message"].startswith("patrols: could not be read (Conversion Error")


def test_narrow_and_other_acceptable_types(tmp_path):
    data = tiny.rows()
    out = tiny.write(tmp_path / "exports", data)
    tiny.write_part(
        out,
        "incidents",
        data["incidents"],
        types={
            "satisfaction": pa.int16(),
            "reported_at": pa.timestamp("ms"),
            "closed_at": pa.timestamp("ns"),
            "lon": pa.float32(),
            "handling_unit": pa.large_string(),
            "source": pa.dictionary(pa.int8(), pa.string()),
        },
    )
    for g in data["grids"]:
        g["area_km2"] = 1  # an integer where floating is expected widens losslessly
    tiny.write_part(
        out,
        "grids",
        data["grids"],
        types={
            "households": pa.uint32(),
            "population": pa.int32(),
            "area_km2": pa.int64(),
            "boundary_wkt": pa.null(),
        },  # all-null column as written by some tools
    )
    tiny.write_part(
        out, "patrols", data["patrols"], types={"minutes": pa.int16(), "patrol_date": pa.date64()}
    )
    con = duckdb.connect()
    result = validate(out, con=con)
    assert result.errors == [] and result.exit_code == 0
    assert result.tables["incidents"]["rows"] == 8
    got = con.execute(
        "select reported_at, satisfaction from clean_incidents where incident_id = 'E0001'"
    ).fetchone()
    assert got == (datetime(2024, 6, 1, 9, 10), 5)
    assert con.execute("select sum(area_km2) from clean_grids").fetchone()[0] == 4.0


def test_hive_partitions_and_single_file_tables(tmp_path):
    data = tiny.rows()
    inc = data.pop("incidents")
    events = data.pop("incident_events")
    out = tiny.write(tmp_path / "exports", data)
    for month in ("05", "06"):
        part = [r for r in inc if r["reported_at"].month == int(month)]
        tiny.write_part(out, "incidents", part, f"year=2024/month={month}/part-0.parquet")
    (out / "incidents" / "_SUCCESS").write_text("")
    # A single-file table, with a column the contract does not know (extra columns are fine).
    extra = tiny.arrow_table("incident_events", events)
    extra = extra.append_column("operator", pa.array(["x"] * len(events)))
    pq.write_table(extra, out / "incident_events.parquet")
    con = duckdb.connect()
    result = validate(out, con=con)
    assert result.errors == [] and result.exit_code == 0
    assert result.tables["incidents"]["rows"] == 8
    assert result.tables["incident_events"]["rows"] == 12
    files = con.execute(
        "select _file, count(*) from checked_incidents group by 1 order by 1"
    ).fetchall()
    assert files == [(0, 1), (1, 7)]  # month=05, then month=06
    assert con.execute("select distinct _file from checked_incident_events").fetchall() == [(0,)]


def test_quarantine_files_and_report(tmp_path):
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0008")["item_code"] = "I9999"
    by_id(data, "incidents", "incident_id", "E0002").update(lon=0.0, lat=0.0)
    out = tiny.write(tmp_path / "exports", data)
    qdir = tmp_path / "q"
    qdir.mkdir()
    (qdir / "patrols.parquet").write_text("stale from an earlier run")
    (qdir / "notes.txt").write_text("not ours")
    now = datetime(2025, 1, 1, 8, 30)
    result = validate(out, now=now, quarantine=qdir)
    assert sorted(p.name for p in qdir.iterdir()) == [
        "incident_events.parquet",
        "incidents.parquet",
        "notes.txt",
        "report.json",
    ]
    bad = pq.read_table(qdir / "incidents.parquet")
    assert bad.column_names == COLS + ["_reason", "_file", "_row"]
    assert bad.select(["incident_id", "_reason", "_file", "_row"]).to_pylist() == [
        {
            "incident_id": "E0002",
            "_reason": "outside_city",
            "_file": "incidents/part-0.parquet",
            "_row": 1,
        },
        {
            "incident_id": "E0008",
            "_reason": "unknown_item",
            "_file": "incidents/part-0.parquet",
            "_row": 7,
        },
    ]
    assert bad.schema.field("reported_at").type == pa.timestamp("us")
    report = json.loads((qdir / "report.json").read_text(encoding="utf-8"))
    assert report == {
        "validated_at": "2025-01-01T08:30:00",
        "exports": str(out),
        **result.to_dict(),
    }
    assert report["tables"]["incidents"]["reasons"] == {"unknown_item": 1, "outside_city": 1}
    # A clean rerun removes the earlier quarantine files.
    tiny.write(out)
    validate(out, quarantine=qdir)
    assert sorted(p.name for p in qdir.iterdir()) == ["notes.txt", "report.json"]


def test_a_rerun_keeps_the_earlier_report_whole_until_its_own_is(tmp_path, monkeypatch):
    """While a validation runs (an ingest under a serving /data page), the quarantine folder
    holds the earlier run's report and files, not none and not half of the new ones; the new
    run's are moved in at its end."""
    import dashboard.pipeline.validate as v

    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0008")["item_code"] = "I9999"
    out = tiny.write(tmp_path / "exports", data)
    qdir = out / "_quarantine"
    validate(out, now=datetime(2025, 1, 1, 8, 30))
    seen = {}
    real = v._publish

    def publish(staging, quarantine):
        # Everything of the second run is written; nothing of it is in place yet.
        seen["report"] = json.loads((quarantine / "report.json").read_text(encoding="utf-8"))
        seen["files"] = sorted(p.name for p in quarantine.iterdir() if not p.name.startswith("."))
        real(staging, quarantine)

    monkeypatch.setattr(v, "_publish", publish)
    tiny.write(out)  # the bad row fixed
    validate(out, now=datetime(2025, 1, 2, 8, 30))
    assert seen["report"]["validated_at"] == "2025-01-01T08:30:00"
    assert seen["files"] == ["incident_events.parquet", "incidents.parquet", "report.json"]
    # After: the second run's report, the fixed table's old file gone, no staging folder left.
    report = json.loads((qdir / "report.json").read_text(encoding="utf-8"))
    assert report["validated_at"] == "2025-01-02T08:30:00"
    assert sorted(p.name for p in qdir.iterdir()) == ["report.json"]


def test_a_failed_run_leaves_the_earlier_files(tmp_path, monkeypatch):
    import dashboard.pipeline.validate as v

    out = tiny.write(tmp_path / "exports")
    validate(out, now=datetime(2025, 1, 1, 8, 30))

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(v, "quarantine_sql", broken)
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0008")["item_code"] = "I9999"
    tiny.write(out, data)
    with pytest.raises(RuntimeError):
        validate(out, now=datetime(2025, 1, 2, 8, 30))
    qdir = out / "_quarantine"
    assert sorted(p.name for p in qdir.iterdir()) == ["report.json"]
    report = json.loads((qdir / "report.json").read_text(encoding="utf-8"))
    assert report["validated_at"] == "2025-01-01T08:30:00"


def test_cli_json_and_exit_codes(tmp_path, capsys):
    out = tiny.write(tmp_path / "exports")
    assert cli.main(["validate", str(out), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert set(got) == {"tables", "errors"} and got["errors"] == []
    assert got["tables"]["incidents"] == {"rows": 8, "quarantined": 0, "reasons": {}}

    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0001")["grid_code"] = G2[:-1] + "9"
    tiny.write(out, data)
    assert cli.main(["validate", str(out), "--json"]) == 1
    got = json.loads(capsys.readouterr().out)
    assert got["tables"]["incidents"] == {
        "rows": 8,
        "quarantined": 1,
        "reasons": {"unknown_grid": 1},
    }

    shutil.rmtree(out / "workers")
    assert cli.main(["validate", str(out), "--json"]) == 2
    captured = capsys.readouterr()
    got = json.loads(captured.out)
    assert got["errors"][0] == {
        "table": "workers",
        "file": "workers",
        "message": f"workers: no Parquet files under {out / 'workers'}",
    }
    assert captured.err == ""


def test_cli_human_output(tmp_path, capsys):
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0001")["grid_code"] = "1401099990010001"
    by_id(data, "incidents", "incident_id", "E0004")["reported_at"] = datetime(2099, 1, 1)
    out = tiny.write(tmp_path / "exports", data)
    shutil.rmtree(out / "training_attendance")
    assert cli.main(["validate", str(out), "--quarantine", str(tmp_path / "q")]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"griddash: training_attendance: no Parquet files under {out / 'training_attendance'}",
        "griddash: incidents: 2 rows quarantined (unknown_grid 1, future_timestamp 1) -> "
        f"{tmp_path / 'q' / 'incidents.parquet'}",
        "griddash: incident_events: 4 rows quarantined (unknown_incident 4) -> "
        f"{tmp_path / 'q' / 'incident_events.parquet'}",
    ]
    lines = captured.out.splitlines()
    assert lines[0].split() == ["table", "rows", "quarantined"]
    assert lines[6].split() == ["incidents", "8", "2"]
    assert lines[-1] == (
        "griddash: 9 tables checked, 42 rows, 6 quarantined; 1 table not loaded "
        f"(report: {tmp_path / 'q' / 'report.json'})"
    )


def test_cli_missing_folder(tmp_path, capsys):
    assert cli.main(["validate", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err == f"griddash: {tmp_path / 'nowhere'}: no such exports folder\n"


@pytest.mark.parametrize("name", contract.TABLE_NAMES)
def test_fixture_has_every_contract_column(name):
    assert all(set(r) == set(contract.table(name).column_names) for r in tiny.rows()[name])


def test_relative_exports_folder(tmp_path, monkeypatch):
    data = tiny.rows()
    by_id(data, "incidents", "incident_id", "E0008")["item_code"] = "I9999"
    tiny.write(tmp_path / "exports", data)
    monkeypatch.chdir(tmp_path / "exports")
    con = duckdb.connect()
    result = validate(Path("."), con=con)
    assert result.exit_code == 1
    # The bad row's file is named relative to the exports folder, whatever form it came in.
    bad = pq.read_table(tmp_path / "exports" / "_quarantine" / "incidents.parquet")
    assert bad.column("_file").to_pylist() == ["incidents/part-0.parquet"]
    assert (tmp_path / "exports" / "_quarantine" / "report.json").is_file()
