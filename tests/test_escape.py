"""The SQL console's escape list (DESIGN.md, "Security model"; issue 12): files, COPY, ATTACH,
settings, system tables and macros, CTE names that shadow system views, `stats()`, qualified
names, other districts' rows. Every attempt is made three ways:

- against the statement check itself (sqlguard, as the worker calls it) on a connection opened
  as the worker opens it, naming that connection's real alias — the attacker who knows it;
- through the console's execution path (Catalog.console: a worker process per statement), where
  the alias is random per statement and the attempt names a guess;
- through `griddash query` (exit 2, one line on standard error).

Each must be refused with a message naming what was refused, nothing may change on disk, and no
output may hold the catalog's alias, the catalog file's path or a grid code of another district.
Then the scope itself: a district session sees its own rows only, checked against the exports read
with Polars. Limits and the worker process are tested in tests/test_console_limits.py.

No timings are asserted here: only outcomes (exception, exit status, message).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest
from escapes import ESCAPE_IDS, ESCAPES

from dashboard.analysis import console
from dashboard.commands import cli
from dashboard.data import scope_extract, sql_worker
from dashboard.data.catalog import CONSOLE_LIMITS, Catalog
from dashboard.data.scoped_db import open_scoped
from dashboard.data.sql_sandbox import StatementFailed
from dashboard.data.sqlguard import QueryRefused

SCOPE = "140106"  # 迎泽区, a district of the demo data (checked in test_scope_district_has_rows)
GUESSED_ALIAS = "catalog_feedfacecafebeef"  # what an attacker without the real alias can write
ALIAS_PATTERN = re.compile(r"catalog_[0-9a-f]{16}")


def read_export(exports: Path, table: str) -> pl.DataFrame:
    """A table read straight from the exports' Parquet files (hive folders ignored)."""
    return pl.read_parquet(exports / table / "**" / "*.parquet", hive_partitioning=False)


def run_console(cat: Catalog, sql: str, max_rows: int) -> tuple[pl.DataFrame, bool]:
    """The first max_rows rows of `sql` run as the console runs it (Catalog.console_statement:
    a worker process), and whether it had more; raises as the worker says (QueryRefused,
    StatementFailed)."""
    with cat.console_statement(sql, max_rows=max_rows) as statement:
        table = statement.table()
    return pl.from_arrow(table), statement.cut is not None


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["query", *args])
    out, err = capsys.readouterr()
    return code, out, err


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
    grids = read_export(demo.exports, "grids")
    rows = {
        name: frame.filter(in_scope).height
        for name, frame in {
            "incidents": incidents,
            "grids": grids,
            "patrols": read_export(demo.exports, "patrols"),
            "worker_grids": worker_grids,
            "incident_events": events,
        }.items()
    }
    outside, inside = grids.filter(~in_scope), grids.filter(in_scope)
    units = incidents.group_by("handling_unit").agg(inside=in_scope.any())
    reporters = incidents.filter(~in_scope)["reporter_worker_id"].drop_nulls().unique().sort()
    return SimpleNamespace(
        incidents=rows["incidents"],
        rows=rows,
        workers=workers,
        attendance=set(attendance.select("session_id", "person_id").iter_rows()),
        sessions=set(attendance["session_id"]),
        all_incidents=incidents.height,
        # What another district's rows would show: their grid codes, street and community names.
        foreign=set(outside["grid_code"])
        | (set(outside["street_name"]) - set(inside["street_name"])),
        foreign_districts=set(outside["district_code"]),
        streets=sorted(set(inside["street_name"])),
        foreign_units=sorted(units.filter(~pl.col("inside"))["handling_unit"].drop_nulls())[:50],
        foreign_workers=[w for w in reporters if w not in workers][:50],
    )


@pytest.fixture(scope="module")
def scoped(demo_catalog) -> Catalog:
    """A district session as the console page opens it."""
    return Catalog(demo_catalog, scope=SCOPE, limits=CONSOLE_LIMITS, console=True)


@pytest.fixture(scope="module")
def extract(demo_catalog) -> Path:
    """The file a district session's statements read: the scope's copy of the catalog."""
    version = Catalog(demo_catalog).data_version
    return scope_extract.ensure(demo_catalog, SCOPE, version)


@pytest.fixture(scope="module")
def guard(extract):
    """A connection opened as the worker opens it, and the worker's check on it."""
    db = open_scoped(extract, "", CONSOLE_LIMITS, console=True)
    forbidden = sql_worker.static_forbidden()
    return SimpleNamespace(db=db, check=lambda sql: sql_worker.check_statement(db, sql, forbidden))


def disk_state(*roots: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under roots, with size and modification time."""
    state = {}
    for root in roots:
        for path in [root, *root.rglob("*")]:
            st = path.stat()
            state[str(path)] = (st.st_size, st.st_mtime_ns)
    return state


def fill(sql: str, places: dict[str, Path], alias: str) -> str:
    return sql.format(alias=alias, **{k: str(Path(v).absolute()) for k, v in places.items()})


def assert_nothing_leaks(text: str, places: dict[str, Path], expected, typed: str = "") -> None:
    """No alias, no catalog or exports path (unless the statement typed it, and the message
    echoes it), nothing of another district."""
    assert not ALIAS_PATTERN.search(text), text
    for place in ("catalog", "exports"):
        path = str(Path(places[place]).absolute())
        assert path in typed or path not in text, text
    assert not [word for word in expected.foreign if word in text], text


def test_escape_list_is_long_enough():
    assert len(ESCAPES) >= 120
    assert len(set(ESCAPE_IDS)) == len(ESCAPE_IDS)


@pytest.mark.parametrize("name, sql, says", ESCAPES, ids=ESCAPE_IDS)
def test_check_refuses_knowing_the_alias(name, sql, says, guard, places):
    """The worker's check, given the real alias of its connection."""
    text, says = fill(sql, places, guard.db.alias), fill(says, places, guard.db.alias)
    with pytest.raises(QueryRefused) as refused:
        guard.check(text)
    assert says in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("name, sql, says", ESCAPES, ids=ESCAPE_IDS)
def test_console_refuses(name, sql, says, scoped, places, expected):
    """Through a worker process, as the console page runs it; the alias is a guess, and the
    worker's messages name any alias as plain 'catalog'."""
    text, says = fill(sql, places, GUESSED_ALIAS), fill(says, places, "catalog")
    before = disk_state(places["exports"], places["catalog"].parent, places["out"])
    with pytest.raises(QueryRefused) as refused:
        run_console(scoped, text, max_rows=10)
    message = str(refused.value)
    assert says in message
    assert "\n" not in message
    assert_nothing_leaks(message, places, expected, typed=text)
    assert disk_state(places["exports"], places["catalog"].parent, places["out"]) == before
    assert list(places["out"].iterdir()) == []


@pytest.mark.parametrize("name, sql, says", ESCAPES, ids=ESCAPE_IDS)
def test_cli_refuses(name, sql, says, places, expected, capsys):
    text, says = fill(sql, places, GUESSED_ALIAS), fill(says, places, "catalog")
    before = disk_state(places["exports"], places["catalog"].parent, places["out"])
    code, out, err = run_cli(
        capsys, text, "--scope", SCOPE, "--catalog", str(places["catalog"]), "--format", "csv"
    )
    assert code == 2, err
    assert out == ""
    assert err.startswith("griddash: refused: ") and err.endswith("\n") and err.count("\n") == 1
    assert says in err
    assert "Traceback" not in err
    assert_nothing_leaks(err, places, expected, typed=text)
    assert disk_state(places["exports"], places["catalog"].parent, places["out"]) == before
    assert list(places["out"].iterdir()) == []


def test_no_cte_takes_the_alias(guard):
    """Knowing the alias, a CTE named after it would shadow the attached catalog."""
    with pytest.raises(QueryRefused, match="is the name of a table or function"):
        guard.check(f"with {guard.db.alias} as (select 1) select * from {guard.db.alias}")


def test_alias_is_random_per_connection(demo_catalog):
    one = open_scoped(demo_catalog, SCOPE, CONSOLE_LIMITS, console=True)
    two = open_scoped(demo_catalog, SCOPE, CONSOLE_LIMITS, console=True)
    assert one.alias != two.alias and ALIAS_PATTERN.fullmatch(one.alias)


# -- statements that run (or fail) and must still show nothing of the city -----------------------
# Each runs through the console and the command line; whatever comes back — rows or one line of
# error — holds no alias, no path and nothing of another district.
PROBES = [
    "select * from incidentz",
    "with a as (select * from b), b as (select 1) select * from a",
    "with foo as (select * from foo) select * from foo",
    "select * from catalog_info",
    "summarize incidents",
    "summarize grids",
    "describe incidents",
    "select min(grid_code), max(grid_code), count(distinct grid_code) from incidents",
    "select street_name, count(*) from grids group by all",
    "pivot grids on district_code using count(*)",
    "select * from workers join worker_grids using (worker_id)",
    "select distinct handling_unit from incidents",
    "select grid_code::int from grids",
    "select count(*) from grids where case when not starts_with(grid_code, '140106') "
    "then (grid_code || street_name)::int else 0 end > 0",
    "select count(*) from incidents where case when not starts_with(grid_code, '140106') "
    "then (grid_code || 'x')::int else 0 end > 0",
    "select count(*) from patrols where case when not starts_with(grid_code, '140106') "
    "then strptime(grid_code, '%Y') is null else false end",
    "select * from incident_events where (incident_id || unit)::int > 0",
    "select list_aggr([grid_code], 'max') from grids",
    "select * from trainings",
    "select * from training_attendance",
]


@pytest.mark.parametrize("sql", PROBES, ids=[f"probe{i}" for i in range(len(PROBES))])
def test_probes_show_nothing_of_the_city(sql, scoped, places, expected, capsys):
    try:
        frame, _ = run_console(scoped, sql, max_rows=100_000)
        text = frame.write_csv()
    except (QueryRefused, StatementFailed) as exc:
        text = str(exc)
        assert "\n" not in text
    assert_nothing_leaks(text, places, expected)
    code, out, err = run_cli(
        capsys, sql, "--scope", SCOPE, "--catalog", str(places["catalog"]), "--format", "json"
    )
    assert code in (0, 1, 2) and "Traceback" not in err and err.count("\n") <= 1
    assert_nothing_leaks(out + err, places, expected)


def test_console_views_hold_no_server_path_and_nothing_city_wide(scoped, demo_catalog):
    assert "catalog_tables" not in scoped.views and "catalog_files" not in scoped.views
    frame, _ = run_console(scoped, "select key, value from catalog_info", max_rows=100)
    assert "exports" not in frame["key"].to_list()
    assert "data_version" in frame["key"].to_list()
    city = Catalog(demo_catalog, limits=CONSOLE_LIMITS, console=True)
    assert {"catalog_tables", "catalog_files", "catalog_quarantine"} <= city.views


# -- blind oracles: nothing of another place reaches a statement ----------------------------------
# A condition true only for other places' rows guards a computation that runs out of memory: if
# DuckDB evaluated it on any such row (pushed into a scan, below a semi-join, into a column's
# dictionary), the statement would fail — one yes/no per statement, enough to read names out bit
# by bit. On the scope's own copy of the catalog there is no such row to evaluate it on.
# Costly only where the oracle's condition holds (a row of another place): DuckDB may work out a
# CASE branch on a constant vector even when no row takes it (a district's copy holds a single
# district_name), and that must cost nothing for the district's own rows.
BOMB = (
    "damerau_levenshtein({col} || repeat('a', 25000 * ({cond})::integer), "
    "repeat('b', 25000 * ({cond})::integer))"
)


def quoted(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def oracles(expected) -> list[tuple[str, str, str]]:
    """(table, column, condition true for other places' rows only)."""
    return [
        ("grids", "street_name", f"street_name not in ({quoted(expected.streets)})"),
        ("grids", "district_name", "district_name <> '迎泽区'"),
        ("grids", "grid_code", f"not starts_with(grid_code, '{SCOPE}')"),
        ("workers", "worker_id", f"worker_id not in ({quoted(sorted(expected.workers))})"),
        ("training_attendance", "person_id", "person_type <> 'grid_worker'"),
        ("trainings", "session_id", f"session_id not in ({quoted(sorted(expected.sessions))})"),
        ("incidents", "handling_unit", f"handling_unit in ({quoted(expected.foreign_units)})"),
        ("incident_events", "unit", f"unit in ({quoted(expected.foreign_units)})"),
        (
            "incidents",
            "reporter_worker_id",
            f"reporter_worker_id in ({quoted(expected.foreign_workers)})",
        ),
        ("patrols", "worker_id", f"worker_id in ({quoted(expected.foreign_workers)})"),
        ("open_spans", "grid_code", f"not starts_with(grid_code, '{SCOPE}')"),
        ("incident_milestones", "grid_code", f"not starts_with(grid_code, '{SCOPE}')"),
        ("cases_handled_by_worker_day", "grid_code", f"not starts_with(grid_code, '{SCOPE}')"),
        ("returns_by_unit_grid_day", "grid_code", f"not starts_with(grid_code, '{SCOPE}')"),
        ("time_limits_by_grid_day", "grid_code", f"not starts_with(grid_code, '{SCOPE}')"),
        ("patrols_by_grid_day", "grid_code", f"not starts_with(grid_code, '{SCOPE}')"),
        ("incidents_by_grid_day", "grid_code", f"not starts_with(grid_code, '{SCOPE}')"),
        # Stored per scope: the city's rows ('') are not the district's to see either.
        ("resolution_minutes_by_scope_group", "scope", f"scope <> '{SCOPE}'"),
        ("within_limit_by_scope", "scope", f"scope <> '{SCOPE}'"),
    ]


def test_blind_oracles_find_nothing(scoped, expected):
    assert expected.foreign_units and expected.foreign_workers and len(expected.streets) > 3
    for table, col, condition in oracles(expected):
        sql = (
            f"select count(*) as n from {table} "
            f"where (case when {condition} then {BOMB.format(col=col, cond=condition)} else 0 end) >= 0"
        )
        try:
            frame, _ = run_console(scoped, sql, max_rows=10)  # fails if another place's row is seen
        except StatementFailed as exc:
            pytest.fail(f"{table}.{col}: {exc}")
        plain, _ = run_console(scoped, f"select count(*) as n from {table}", max_rows=10)
        assert frame["n"].to_list() == plain["n"].to_list(), table
        # … and that count is the scope's own, worked out from the exports where they hold
        # the table (the derived tables have no export to count).
        own = {
            **expected.rows,
            "workers": len(expected.workers),
            "training_attendance": len(expected.attendance),
            "trainings": len(expected.sessions),
        }
        if table in own:
            assert plain["n"].to_list() == [own[table]], table


def test_the_scopes_copy_holds_its_rows_only(extract, expected):
    import duckdb

    con = duckdb.connect(str(extract), read_only=True)
    for table in BY_GRID:
        outside = con.execute(
            f"select count(*) from {table} where not starts_with(grid_code, $p)", {"p": SCOPE}
        ).fetchone()[0]
        assert outside == 0, table
    assert {r[0] for r in con.execute("select worker_id from workers").fetchall()} == (
        expected.workers
    )
    assert con.execute("select distinct person_type from training_attendance").fetchall() == [
        ("grid_worker",)
    ]
    tables = {r[0] for r in con.execute("show tables").fetchall()}
    assert not tables & {"catalog_tables", "catalog_files", "catalog_quarantine"}
    keys = {r[0] for r in con.execute("select key from catalog_info").fetchall()}
    assert "exports" not in keys and "data_version" in keys


def test_a_typed_path_is_echoed_whether_or_not_it_is_the_catalog(scoped, places):
    """The message must not tell a right guess of the catalog's path from a wrong one."""
    real = str(Path(places["catalog"]).absolute())
    messages = []
    for path in (real, real + "X", "/srv/griddash/catalog.duckdb"):
        with pytest.raises(QueryRefused) as refused:
            run_console(scoped, f'select * from "{path}"', max_rows=1)
        messages.append(str(refused.value).replace(path, "<typed>"))
    assert len(set(messages)) == 1 and "<typed>" in messages[0]


def test_a_computed_path_reads_the_same_whether_or_not_it_is_the_file(scoped, extract):
    """Built in the statement (not typed) and shown in an error, the file's real path and a
    made-up one come out alike, whatever is put around them."""
    for shape in ("({path})::int", "({path} || 'zzz')::int", "('x' || {path})::int"):
        messages = []
        for path in (str(extract.absolute()), "/srv/griddash/cache/140106.duckdb"):
            pieces = " || ".join(f"'{c}'" for c in path)  # never typed whole
            result = console.run(scoped, "select " + shape.format(path=pieces))
            # Echoed whole (the statement built it) or taken out: the same either way.
            messages.append(result.failure.detail.replace(path, "<built>"))
        assert messages[0] == messages[1], shape


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
    "incident_milestones",
    "cases_handled_by_worker_day",
    "returns_by_unit_grid_day",
    "time_limits_by_grid_day",
    "patrols_by_grid_day",
)


def scoped_rows(via: str, sql: str, catalog: Path, capsys) -> list[dict]:
    """Rows of `sql` in the district session, through the console or the command line."""
    if via == "console":
        cat = Catalog(catalog, scope=SCOPE, limits=CONSOLE_LIMITS, console=True)
        frame, more = run_console(cat, sql, max_rows=1_000_000)
        assert not more
        return frame.to_dicts()
    code, out, err = run_cli(
        capsys, sql, "--scope", SCOPE, "--format", "json", "--catalog", str(catalog)
    )
    assert code == 0, err
    return json.loads(out)


def test_scope_district_has_rows(expected):
    assert 0 < expected.incidents < expected.all_incidents
    assert SCOPE not in expected.foreign_districts and len(expected.foreign_districts) == 9


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
