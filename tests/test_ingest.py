"""`griddash ingest`: the catalog's tables, aggregates and fingerprint; the atomic swap; refusal
to build from exports that cannot be loaded."""

from __future__ import annotations

import shutil
from datetime import datetime

import duckdb
import pytest
import tiny_exports as tiny

from dashboard.commands import cli
from dashboard.data.catalog import Catalog, CatalogError
from dashboard.pipeline.ingest import IngestError, ingest

NOW = datetime(2024, 7, 1, 8, 0)


def raw(path):
    return duckdb.connect(str(path), read_only=True)


def test_catalog_tables_aggregates_and_fingerprint(tmp_path):
    exports = tiny.write(tmp_path / "exports")
    summary = ingest(exports, tmp_path / "c.duckdb", now=NOW, progress=False)
    con = raw(tmp_path / "c.duckdb")
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert {
        "incidents",
        "grids",
        "incidents_by_grid_day",
        "backlog_by_grid_day",
        "open_spans",
        "incident_milestones",
        "cases_handled_by_worker_day",
        "returns_by_unit_grid_day",
        "time_limits_by_grid_day",
        "patrols_by_grid_day",
        "catalog_info",
        "catalog_files",
        "catalog_tables",
        "catalog_quarantine",
    } <= tables
    # Every clean row is loaded; nothing quarantined in the tiny dataset.
    loaded = dict(con.execute("select table_name, rows_loaded from catalog_tables").fetchall())
    assert loaded == tiny.ROW_COUNTS == summary.rows
    assert con.execute("select count(*) from incidents").fetchall()[0][0] == 8
    # Incidents sorted by reported_at.
    times = [r[0] for r in con.execute("select reported_at from incidents").fetchall()]
    assert times == sorted(times)
    # Events carry their incident's grid code, so a scope can filter them.
    assert con.execute(
        "select count(*) from incident_events e join incidents i using (incident_id) "
        "where e.grid_code <> i.grid_code"
    ).fetchall() == [(0,)]
    files = con.execute("select count(*), sum(bytes) from catalog_files").fetchall()[0]
    parquet = list(exports.rglob("*.parquet"))
    assert files == (len(parquet), sum(p.stat().st_size for p in parquet))
    info = dict(con.execute("select key, value from catalog_info").fetchall())
    assert info["data_version"] == summary.data_version
    assert info["data_cutoff"] == "2024-06-08T10:00:00"  # E0008 closed last
    # The new and closed per day add up to the raw table.
    assert con.execute("select sum(new), sum(closed) from incidents_by_grid_day").fetchall() == [
        (7, 4)
    ]  # 8 incidents but one cancelled; 4 closed


def test_quarantined_rows_are_counted_in_the_catalog(tmp_path, capsys):
    data = tiny.rows()
    data["incidents"][3]["grid_code"] = "1401059999990001"  # unknown grid
    exports = tiny.write(tmp_path / "exports", data)
    code = cli.main(
        ["ingest", str(exports), "--catalog", str(tmp_path / "c.duckdb"), "--no-progress"]
    )
    assert code == 1
    # The incident, and then its one event, whose incident is no longer among the clean rows.
    assert "2 quarantined" in capsys.readouterr().out
    con = raw(tmp_path / "c.duckdb")
    assert con.execute("select * from catalog_quarantine order by 1").fetchall() == [
        ("incident_events", "unknown_incident", 1),
        ("incidents", "unknown_grid", 1),
    ]
    assert con.execute("select count(*) from incidents").fetchall() == [(7,)]


def test_load_error_builds_nothing_and_keeps_the_old_catalog(tmp_path, capsys):
    exports = tiny.write(tmp_path / "exports")
    catalog = tmp_path / "c.duckdb"
    first = ingest(exports, catalog, now=NOW, progress=False)
    shutil.rmtree(exports / "grids")
    with pytest.raises(IngestError, match="grids: no Parquet files under"):
        ingest(exports, catalog, now=NOW, progress=False)
    assert Catalog(catalog).data_version == first.data_version
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left
    code = cli.main(["ingest", str(exports), "--catalog", str(catalog), "--no-progress"])
    assert code == 2
    assert "catalog not built" in capsys.readouterr().err


def test_readers_keep_working_and_see_the_new_version(tmp_path):
    exports = tiny.write(tmp_path / "exports")
    catalog = tmp_path / "c.duckdb"
    v1 = ingest(exports, catalog, now=NOW, progress=False).data_version
    cat = Catalog(catalog)
    before = cat.sql("select count(*) as n from incidents")["n"][0]
    old_cursor = cat.cursor()  # a reader in the middle of its work
    # New exports: one more incident, written to a new file.
    data = tiny.rows()
    extra = dict(data["incidents"][0], incident_id="E0099")
    tiny.write_part(exports, "incidents", [extra], "part-1.parquet")
    v2 = ingest(exports, catalog, now=NOW, progress=False).data_version
    assert v2 != v1
    # The running reader still reads the version it opened.
    assert old_cursor.execute("select count(*) from incidents").fetchall() == [(before,)]
    # The next query sees the new version, without a restart.
    assert cat.data_version == v2
    assert cat.sql("select count(*) as n from incidents")["n"][0] == before + 1


def test_scoped_catalog_reads_only_its_prefix(tmp_path):
    exports = tiny.write(tmp_path / "exports")
    ingest(exports, tmp_path / "c.duckdb", now=NOW, progress=False)
    cat = Catalog(tmp_path / "c.duckdb", scope="140106")
    grids = cat.sql("select grid_code from grids")["grid_code"].to_list()
    assert grids == [tiny.G4]
    assert cat.sql("select incident_id from incidents order by 1")["incident_id"].to_list() == [
        "E0006",
        "E0007",
    ]
    assert cat.sql("select worker_id from workers")["worker_id"].to_list() == ["W003"]
    # Cadres carry no place: a scoped session sees its grid workers' attendance only.
    att = cat.sql("select person_id from training_attendance order by 1")
    assert att["person_id"].to_list() == ["W003"]
    assert cat.sql("select session_id from trainings")["session_id"].to_list() == ["T02"]
    with pytest.raises(ValueError, match="expected a grid-code prefix of 6"):
        Catalog(tmp_path / "c.duckdb", scope="1401'; drop")


def test_named_queries_declare_what_they_use():
    from dashboard.data import queries

    reg = queries.registry()
    assert {"kpis_by_day", "resolution_minutes_cohort", "spikes_by_place"} <= set(reg)
    for q in reg.values():
        assert q.purpose and q.grain and q.source, q.name
    assert reg["kpis_by_day"].params == {"from": "date", "to": "date, inclusive"}
    with pytest.raises(queries.QueryError, match="expected parameters"):
        queries.bind(reg["kpis_by_day"], {"from": 1})


def test_missing_catalog_says_what_to_run(tmp_path, capsys):
    code = cli.main(["brief", "--catalog", str(tmp_path / "none.duckdb")])
    assert code == 2
    err = capsys.readouterr().err
    # One plain line naming the missing file and the command that builds it; nothing created.
    assert "griddash ingest" in err and str(tmp_path / "none.duckdb") in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_same_files_validated_at_another_clock_get_another_version(tmp_path):
    # The pages' caches are keyed on the data version: other kept rows, other version.
    exports = tiny.write(tmp_path / "exports")
    late = ingest(exports, tmp_path / "a.duckdb", now=NOW, progress=False)
    early = ingest(exports, tmp_path / "b.duckdb", now=datetime(2024, 6, 5), progress=False)
    assert sum(early.quarantined.values()) > sum(late.quarantined.values())
    assert early.data_version.split("-")[1] != late.data_version.split("-")[1]


def test_a_catalog_from_an_older_griddash_says_to_rebuild_it(tmp_path):
    exports = tiny.write(tmp_path / "exports")
    ingest(exports, tmp_path / "c.duckdb", now=NOW, progress=False)
    con = duckdb.connect(str(tmp_path / "c.duckdb"))
    con.execute("drop table open_spans")  # as a catalog built before the table existed
    con.close()
    with pytest.raises(CatalogError, match=r"open_spans.*older griddash.*griddash ingest"):
        Catalog(tmp_path / "c.duckdb").query(
            "kpis_by_day", **{"from": NOW.date(), "to": NOW.date()}
        )
