"""The SQL console's escape list (DESIGN.md, "Security model"): files, COPY, ATTACH, settings,
other districts' rows. Every attempt is run both through Catalog.console and through
`griddash query`, and each must be refused without anything happening on disk; the connection
must keep working afterwards. Then the scope itself (a district session sees its own rows only,
checked against the exports read with Polars) and the time and memory limits.

No timings are asserted: only outcomes (exception type, exit status, message).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import duckdb
import polars as pl
import pytest

import dashboard.catalog as catalog_module
from dashboard import cli
from dashboard.catalog import Catalog, Limits
from dashboard.sqlguard import QueryRefused

SCOPE = "140106"  # 迎泽区, a district of the demo data (checked in test_scope_district_has_rows)
# The attached catalog's alias is random per connection. For the command line (which opens its
# own Catalog) the tests fix the random part, so that the escapes can name the real alias.
FIXED_TOKEN = "feedfacecafebeef"
FIXED_ALIAS = f"catalog_{FIXED_TOKEN}"
NEVER_ENDS = "select sum(hash(x)) from range(10000000000) t(x)"
EATS_MEMORY = "select list(x) from range(500000000) t(x)"


def read_export(exports: Path, table: str) -> pl.DataFrame:
    """A table read straight from the exports' Parquet files (hive folders ignored)."""
    return pl.read_parquet(exports / table / "**" / "*.parquet", hive_partitioning=False)


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["query", *args])
    out, err = capsys.readouterr()
    return code, out, err


def attached_alias(cat: Catalog) -> str:
    """The catalog file's alias, learned from the connection's internals (a test may; the console
    may not: duckdb_databases() is one of the refused table functions)."""
    rows = cat.cursor().execute("select database_name, path from duckdb_databases()").fetchall()
    (alias,) = [name for name, path in rows if path == str(cat.path.absolute())]
    return alias


@pytest.fixture
def fixed_alias(monkeypatch):
    """Catalogs opened while this is active attach the file as FIXED_ALIAS."""
    monkeypatch.setattr(
        catalog_module, "secrets", SimpleNamespace(token_hex=lambda n: FIXED_TOKEN[: 2 * n])
    )
    return FIXED_ALIAS


@pytest.fixture(scope="module")
def expected(demo) -> SimpleNamespace:
    """Figures of the scope worked out from the exports with Polars, not through the catalog."""
    incidents = read_export(demo.exports, "incidents")
    in_scope = pl.col("grid_code").str.starts_with(SCOPE)
    worker_grids = read_export(demo.exports, "worker_grids")
    workers = set(worker_grids.filter(in_scope)["worker_id"])
    attendance = read_export(demo.exports, "training_attendance").filter(
        (pl.col("person_type") == "grid_worker") & pl.col("person_id").is_in(sorted(workers))
    )
    events = read_export(demo.exports, "incident_events").join(
        incidents.select("incident_id", "grid_code"), on="incident_id"
    )
    rows = {
        name: frame.filter(in_scope).height
        for name, frame in {
            "incidents": incidents,
            "grids": read_export(demo.exports, "grids"),
            "patrols": read_export(demo.exports, "patrols"),
            "worker_grids": worker_grids,
            "incident_events": events,
        }.items()
    }
    return SimpleNamespace(
        incidents=rows["incidents"],
        rows=rows,
        workers=workers,
        attendance=set(attendance.select("session_id", "person_id").iter_rows()),
        sessions=set(attendance["session_id"]),
        all_incidents=incidents.height,
    )


@pytest.fixture(scope="module")
def scoped(demo_catalog) -> Catalog:
    """One district session, shared by the console escapes: refusals must not break it."""
    return Catalog(demo_catalog, scope=SCOPE)


# -- the escape list ------------------------------------------------------------------------------
# (id, SQL, a part of what the refusal says). Placeholders: {alias} the attached catalog, {catalog} its file,
# {exports} the exports folder, {out} an empty folder outside both.
NOT_SELECT = "only SELECT statements are allowed, found"
ESCAPES = [
    # Files anywhere: the table functions that read them, and DuckDB's bare-path replacement scan.
    ("read_csv", "select * from read_csv('/etc/passwd')", "table function 'read_csv'"),
    ("read_text", "select * from read_text('/etc/passwd')", "table function 'read_text'"),
    ("read_blob", "select * from read_blob('/etc/passwd')", "table function 'read_blob'"),
    ("glob", "select * from glob('/etc/*')", "table function 'glob'"),
    ("bare-path", "select * from '/etc/passwd'", "table '/etc/passwd' is not available"),
    ("from-path", "from '/etc/passwd'", "table '/etc/passwd' is not available"),
    ("sniff_csv", "select * from sniff_csv('/etc/passwd')", "table function 'sniff_csv'"),
    # The exports themselves: reading them directly would bypass the scope.
    (
        "read_parquet-exports",
        "select count(*) from read_parquet('{exports}/incidents/**/*.parquet')",
        "table function 'read_parquet'",
    ),
    (
        "bare-path-exports",
        "select count(*) from '{exports}/incidents/**/*.parquet'",
        "/incidents/**/*.parquet' is not available",
    ),
    ("glob-exports", "select * from glob('{exports}/**')", "table function 'glob'"),
    # Writing files: COPY into the exports (a new partition the next ingest would load) and
    # outside them, EXPORT DATABASE, and COPY smuggled after a harmless SELECT.
    (
        "copy-into-exports",
        "copy (select * from incidents) to "
        "'{exports}/incidents/year=2026/month=10/part-9.parquet' (format parquet)",
        f"{NOT_SELECT} COPY",
    ),
    (
        "copy-outside",
        "copy (select * from incidents) to '{out}/incidents.csv'",
        f"{NOT_SELECT} COPY",
    ),
    ("copy-from", "copy incidents from '/etc/passwd'", f"{NOT_SELECT} COPY"),
    ("export-database", "export database '{out}/dump'", f"{NOT_SELECT} EXPORT"),
    (
        "smuggled-copy",
        "select 1; copy (select * from incidents) to '{out}/smuggled.csv'",
        "expected one statement, found 2",
    ),
    (
        "smuggled-set",
        "select 1; set enable_external_access = true",
        "expected one statement, found 2",
    ),
    # Other databases.
    ("attach-other", "attach '{out}/other.duckdb' as other", f"{NOT_SELECT} ATTACH"),
    ("attach-catalog", "attach '{catalog}' as again (read_only)", f"{NOT_SELECT} ATTACH"),
    ("detach", "detach {alias}", f"{NOT_SELECT} DETACH"),
    ("use-alias", "use {alias}", f"{NOT_SELECT} SET"),
    # Extensions (DuckDB reports INSTALL as a LOAD statement).
    ("install-httpfs", "install httpfs", f"{NOT_SELECT} LOAD"),
    ("load-httpfs", "load httpfs", f"{NOT_SELECT} LOAD"),
    # Settings.
    ("set-external-access", "set enable_external_access = true", f"{NOT_SELECT} SET"),
    ("reset-lock", "reset lock_configuration", f"{NOT_SELECT} SET"),
    ("set-memory", "set memory_limit = '100GB'", f"{NOT_SELECT} SET"),
    ("pragma-profiling", "pragma enable_profiling", f"{NOT_SELECT} PRAGMA"),
    ("call-settings", "call duckdb_settings()", f"{NOT_SELECT} CALL"),
    # Changing things.
    ("create-table", "create table t as select * from incidents", f"{NOT_SELECT} CREATE"),
    (
        "create-view",
        "create view v as select * from {alias}.main.incidents",
        f"{NOT_SELECT} CREATE",
    ),
    ("create-macro", "create macro m(x) as x", f"{NOT_SELECT} CREATE"),
    ("drop-view", "drop view incidents", f"{NOT_SELECT} DROP"),
    ("insert", "insert into incidents select * from incidents", f"{NOT_SELECT} INSERT"),
    ("update", "update incidents set status = 'closed'", f"{NOT_SELECT} UPDATE"),
    ("delete", "delete from incidents", f"{NOT_SELECT} DELETE"),
    # The unscoped tables, by the attached alias.
    ("alias-main", "select * from {alias}.main.incidents", "table '{alias}.main.incidents'"),
    ("alias-table", "select * from {alias}.incidents", "table '{alias}.incidents'"),
    (
        "alias-quoted",
        'select * from "{alias}"."main"."incidents"',
        "table '{alias}.main.incidents'",
    ),
    ("summarize-alias", "summarize {alias}.main.incidents", "table '{alias}.main.incidents'"),
    ("describe-alias", "describe {alias}.main.incidents", "table '{alias}.main.incidents'"),
    (
        "subquery-in-select",
        "select (select count(*) from {alias}.main.incidents) as n",
        "table '{alias}.main.incidents'",
    ),
    (
        "subquery-in-where",
        "select count(*) from grids where grid_code not in (select grid_code from {alias}.main.grids)",
        "table '{alias}.main.grids'",
    ),
    (
        "cte",
        "with every_incident as (select * from {alias}.main.incidents) "
        "select count(*) from every_incident",
        "table '{alias}.main.incidents'",
    ),
    (
        "cte-shadowing-view",
        "with incidents as (select * from {alias}.main.incidents) select count(*) from incidents",
        "table '{alias}.main.incidents'",
    ),
    (
        "join-alias",
        "select count(*) from grids g join {alias}.main.grids a using (grid_code)",
        "table '{alias}.main.grids'",
    ),
    (
        "lambda-subquery",
        "select list_transform([1], x -> (select count(*) from {alias}.main.incidents))",
        "table '{alias}.main.incidents'",
    ),
    (
        "unnest-subquery",
        "select * from unnest((select list(grid_code) from {alias}.main.incidents))",
        "table '{alias}.main.incidents'",
    ),
    # Table functions that run SQL of their own.
    (
        "query-function",
        "select * from query('select * from {alias}.main.incidents')",
        "table function 'query'",
    ),
    ("query_table", "select * from query_table('incidents')", "table function 'query_table'"),
    # System catalogs (they name the alias and every table).
    ("duckdb_settings", "select * from duckdb_settings()", "table function 'duckdb_settings'"),
    ("duckdb_databases", "select * from duckdb_databases()", "table function 'duckdb_databases'"),
    ("duckdb_tables()", "select * from duckdb_tables()", "table function 'duckdb_tables'"),
    ("duckdb_tables-view", "select * from duckdb_tables", "table 'duckdb_tables'"),
    (
        "system-qualified",
        "select * from system.main.duckdb_tables",
        "table 'system.main.duckdb_tables'",
    ),
    ("information_schema", "select * from information_schema.tables", "table 'information_schema"),
    ("pg_catalog", "select * from pg_catalog.pg_class", "table 'pg_catalog.pg_class'"),
    ("show databases", "show databases", "SHOW of the database is not allowed"),
    ("show tables", "show tables", "SHOW of the database is not allowed"),
    ("show all tables", "show all tables", "SHOW of the database is not allowed"),
    ("show a system view", "show duckdb_tables", "table 'duckdb_tables' is not available"),
    # A CTE's name reaches only the query that declares it. These got through before sqlguard
    # scoped CTE names (it collected them over the whole statement): the first read every table's
    # DDL and size, with the alias; the second would try a replacement scan of the file.
    (
        "cte-name-out-of-scope",
        "select * from (with duckdb_tables as (select 1) select 1) t, duckdb_tables",
        "table 'duckdb_tables'",
    ),
    (
        "cte-name-out-of-scope-file",
        """select * from (with "/etc/passwd" as (select 1) select 1) t, '/etc/passwd'""",
        "table '/etc/passwd'",
    ),
]
ESCAPE_IDS = [entry[0] for entry in ESCAPES]


def disk_state(*roots: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under roots, with size and modification time."""
    state = {}
    for root in roots:
        for path in [root, *root.rglob("*")]:
            st = path.stat()
            state[str(path)] = (st.st_size, st.st_mtime_ns)
    return state


@pytest.fixture
def places(demo, demo_catalog, tmp_path) -> dict[str, Path]:
    out = tmp_path / "out"
    out.mkdir()
    return {"exports": demo.exports, "catalog": demo_catalog, "out": out}


def fill(sql: str, places: dict[str, Path], alias: str) -> str:
    return sql.format(alias=alias, **{k: str(Path(v).absolute()) for k, v in places.items()})


@pytest.mark.parametrize("name, sql, says", ESCAPES, ids=ESCAPE_IDS)
def test_console_refuses(name, sql, says, scoped, places, expected):
    alias = attached_alias(scoped)
    text, says = fill(sql, places, alias), fill(says, places, alias)
    before = disk_state(places["exports"], places["catalog"].parent, places["out"])
    with pytest.raises(QueryRefused) as refused:
        scoped.console(text, max_rows=10)
    assert says in str(refused.value)
    assert "\n" not in str(refused.value)
    assert disk_state(places["exports"], places["catalog"].parent, places["out"]) == before
    assert list(places["out"].iterdir()) == []
    # The same connection still answers, and still in scope.
    frame, more = scoped.console("select count(*) as n from incidents", max_rows=10)
    assert frame["n"].to_list() == [expected.incidents] and not more
    assert attached_alias(scoped) == alias


@pytest.mark.parametrize("name, sql, says", ESCAPES, ids=ESCAPE_IDS)
def test_cli_refuses(name, sql, says, places, fixed_alias, capsys):
    text, says = fill(sql, places, fixed_alias), fill(says, places, fixed_alias)
    before = disk_state(places["exports"], places["catalog"].parent, places["out"])
    code, out, err = run_cli(
        capsys, text, "--scope", SCOPE, "--catalog", str(places["catalog"]), "--format", "csv"
    )
    assert code == 2, err
    assert out == ""
    assert err.startswith("griddash: refused: ") and err.endswith("\n") and err.count("\n") == 1
    assert says in err
    assert disk_state(places["exports"], places["catalog"].parent, places["out"]) == before
    assert list(places["out"].iterdir()) == []


def test_fixed_alias_is_the_real_one(demo_catalog, fixed_alias):
    """The command-line escapes above name the alias the command's own catalog really uses."""
    assert attached_alias(Catalog(demo_catalog, scope=SCOPE)) == fixed_alias


def test_alias_is_random_per_connection(demo_catalog):
    one, two = Catalog(demo_catalog), Catalog(demo_catalog)
    assert attached_alias(one) != attached_alias(two)


def test_escape_list_is_long_enough():
    assert len(ESCAPES) >= 20


# -- the second wall: the connection itself, without the statement check -------------------------

WALL = [
    ("select * from read_csv('/etc/passwd')", duckdb.PermissionException),
    ("select * from read_parquet('{exports}/incidents/**/*.parquet')", duckdb.PermissionException),
    ("copy (select 1 as x) to '{out}/x.csv'", duckdb.PermissionException),
    ("export database '{out}/dump'", duckdb.PermissionException),
    ("attach '{out}/other.duckdb' as other", duckdb.PermissionException),
    ("install httpfs", duckdb.PermissionException),
    ("load httpfs", duckdb.PermissionException),
    ("set enable_external_access = true", duckdb.InvalidInputException),
    ("reset lock_configuration", duckdb.InvalidInputException),
    ("set memory_limit = '100GB'", duckdb.InvalidInputException),
    ("pragma enable_profiling", duckdb.InvalidInputException),
    ("create table {alias}.main.t as select 1", duckdb.InvalidInputException),
    ("delete from {alias}.main.incidents", duckdb.InvalidInputException),
]


@pytest.mark.parametrize(
    "sql, error", WALL, ids=[w[0].split()[0] + str(i) for i, w in enumerate(WALL)]
)
def test_locked_connection_refuses_without_the_guard(sql, error, scoped, places, expected):
    """Catalog.sql (for the package's own SQL, unchecked) still cannot touch files or settings:
    external access is off, the configuration locked, the catalog read-only."""
    text = fill(sql, places, attached_alias(scoped))
    before = disk_state(places["exports"], places["catalog"].parent, places["out"])
    with pytest.raises(error):
        scoped.sql(text)
    assert disk_state(places["exports"], places["catalog"].parent, places["out"]) == before
    assert scoped.sql("select count(*) as n from incidents")["n"].to_list() == [expected.incidents]


# -- the scope ------------------------------------------------------------------------------------

BY_GRID = (
    "incidents",
    "grids",
    "patrols",
    "worker_grids",
    "incident_events",
    "incidents_by_grid_day",
    "backlog_by_grid_day",
    "open_spans",
)


def scoped_rows(via: str, sql: str, catalog: Path, capsys) -> list[dict]:
    """Rows of `sql` in the district session, through the console or the command line."""
    if via == "console":
        frame, more = Catalog(catalog, scope=SCOPE).console(sql, max_rows=1_000_000)
        assert not more
        return frame.to_dicts()
    code, out, err = run_cli(
        capsys, sql, "--scope", SCOPE, "--format", "json", "--catalog", str(catalog)
    )
    assert code == 0, err
    return json.loads(out)


def test_scope_district_has_rows(expected):
    assert 0 < expected.incidents < expected.all_incidents


@pytest.mark.parametrize("via", ["console", "cli"])
@pytest.mark.parametrize("table", BY_GRID)
def test_scope_hides_other_districts(table, via, demo_catalog, expected, capsys):
    sql = (
        f"select count(*) filter (where not starts_with(grid_code, '{SCOPE}')) as outside, "
        f"count(*) as inside from {table}"
    )
    [row] = scoped_rows(via, sql, demo_catalog, capsys)
    assert row["outside"] == 0
    assert row["inside"] > 0
    if table in expected.rows:
        assert row["inside"] == expected.rows[table]
    whole = Catalog(demo_catalog).sql(f"select count(*) as n from {table}")["n"][0]
    assert row["inside"] < whole


@pytest.mark.parametrize("via", ["console", "cli"])
def test_scope_workers_and_training(via, demo_catalog, expected, capsys):
    workers = scoped_rows(via, "select worker_id from workers", demo_catalog, capsys)
    assert {r["worker_id"] for r in workers} == expected.workers
    attendance = scoped_rows(
        via,
        "select session_id, person_id, person_type from training_attendance",
        demo_catalog,
        capsys,
    )
    assert {r["person_type"] for r in attendance} == {"grid_worker"}
    assert {(r["session_id"], r["person_id"]) for r in attendance} == expected.attendance
    trainings = scoped_rows(via, "select session_id from trainings", demo_catalog, capsys)
    assert {r["session_id"] for r in trainings} == expected.sessions


# -- limits ---------------------------------------------------------------------------------------


def test_cli_time_limit(demo_catalog, capsys):
    code, out, err = run_cli(
        capsys, NEVER_ENDS, "--time-limit", "1", "--catalog", str(demo_catalog)
    )
    assert code == 1
    assert out == ""
    assert err.startswith("griddash: stopped after the time limit of 1 s") and err.count("\n") == 1


def test_console_time_limit_then_still_works(demo_catalog, expected):
    cat = Catalog(demo_catalog, scope=SCOPE, limits=Limits(time_limit_s=1))
    with pytest.raises(duckdb.InterruptException):
        cat.console(NEVER_ENDS, max_rows=10)
    frame, _ = cat.console("select count(*) as n from incidents", max_rows=10)
    assert frame["n"].to_list() == [expected.incidents]


def test_cli_memory_limit(demo_catalog, capsys):
    code, out, err = run_cli(
        capsys, EATS_MEMORY, "--memory-limit", "300MB", "--catalog", str(demo_catalog)
    )
    assert code == 1
    assert out == ""
    assert err.startswith("griddash: stopped at the memory limit of 300MB") and err.count("\n") == 1


def test_console_memory_limit_then_still_works(demo_catalog, expected):
    cat = Catalog(demo_catalog, limits=Limits(memory_limit="300MB"))
    with pytest.raises(duckdb.OutOfMemoryException):
        cat.console(EATS_MEMORY, max_rows=10)
    frame, _ = cat.console("select count(*) as n from incidents", max_rows=10)
    assert frame["n"].to_list() == [expected.all_incidents]
