"""Proof of equality (issue 18, item 5): every named query, the brief, console statements and the
commands give the same figures on Spark (GRIDDASH_ENGINE=spark, a local Spark Connect server,
local[2]) as on DuckDB, over the same data: the demo catalog (tests/conftest.py) published as a
warehouse (dashboard.data.warehouse_publish). DuckDB and Spark are the independent pair: counts
must be equal, floats equal to 1e-9 relative, rows in the same order where the query orders
them (and the same rows otherwise).

One Spark server for the whole test process (dashboard.spark.session), one warehouse.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta

import pytest
import sqlglot
from polars.testing import assert_frame_equal
from sqlglot import exp

from dashboard.data import queries
from dashboard.data.catalog import Catalog
from dashboard.data.scoped_db import Limits
from dashboard.measures import metrics

SCOPES = ("", "140105")
# Limits with time to spare on a busy shared test machine (a Spark query of these kilobytes takes
# seconds there, a minute when other work shares the cores): the time limit has its own test.
SLOW_MACHINE = Limits(time_limit_s=600.0)
CONSOLE = Limits(
    time_limit_s=600.0, memory_limit="2GB"
)  # the city and one district, as the benchmark
NAMES = sorted(queries.registry())


@pytest.fixture(scope="session")
def warehouse_path(demo_catalog, tmp_path_factory):
    """The demo catalog as a warehouse version (made current)."""
    from dashboard.data.warehouse_publish import publish_catalog

    root = tmp_path_factory.mktemp("warehouse")
    publish_catalog(demo_catalog, root)
    return root


@pytest.fixture(scope="session")
def spark_catalogs(warehouse_path):
    """A SparkCatalog per scope (one Spark Connect session for the process: local[2])."""
    from dashboard.data.spark_catalog import SparkCatalog
    from dashboard.spark import session

    # A few shuffle partitions for kilobytes of data (Spark's default, 200, is for a cluster).
    session.session().conf.set("spark.sql.shuffle.partitions", "4")
    return {scope: SparkCatalog(warehouse_path, scope, SLOW_MACHINE) for scope in SCOPES}


@pytest.fixture(scope="session")
def duck_catalogs(demo_catalog):
    return {scope: Catalog(demo_catalog, scope=scope) for scope in SCOPES}


@pytest.fixture(scope="session")
def values(duck_catalogs):
    """Parameter values as the benchmark chooses them (benchmarks/probe.py, realistic_params):
    the last full day D, the 30 days D−29 … D, the cut-off T, streets, 20 rows; for the notice
    queries a case open at T in the district and a street of it."""
    cat = duck_catalogs["140105"]
    as_of = metrics.resolve_as_of(cat, None)
    cutoff = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    late = cat.query("late_cases_most_overdue", as_of=as_of, days=1, limit=1)
    assert late.height == 1, "expected an overdue case in the demo district"
    return {
        "as_of": as_of,
        "from": as_of - timedelta(days=29),
        "to": as_of,
        "cutoff": cutoff,
        "digits": 9,
        "limit": 20,
        "days": 30,
        "incident_id": late["incident_id"][0],
        "code": late["grid_code"][0][:9],
        "matter": "",  # incidents_by_grid without a filter: the ingest's aggregate
        "item": "",
        "sources": "",
    }


def order_columns(name: str) -> list[str] | None:
    """The output columns the named query orders its rows by (as far as they are output
    columns); None when it does not order them."""
    tree = sqlglot.parse_one(queries.get(name).sql, read="duckdb")
    order = tree.args.get("order")
    if order is None:
        return None
    outputs = set(tree.named_selects)
    return [
        o.this.name
        for o in order.expressions
        if isinstance(o.this, exp.Column) and o.this.name in outputs
    ]


def assert_same(duck, spark, ordered: list[str] | None, what: str) -> None:
    """Same columns, types and rows (floats to 1e-9 relative); for an ordered query the order
    columns in the same sequence too (rows tied on them may come in any order)."""
    assert duck.columns == spark.columns, f"{what}: columns {duck.columns} vs {spark.columns}"
    everything = duck.columns
    assert_frame_equal(
        duck.sort(everything, nulls_last=True),
        spark.sort(everything, nulls_last=True),
        rel_tol=1e-9,
        abs_tol=0.0,
    )
    if ordered:
        assert_frame_equal(duck.select(ordered), spark.select(ordered), rel_tol=1e-9, abs_tol=0.0)


@pytest.mark.parametrize("scope", SCOPES, ids=["city", "district"])
@pytest.mark.parametrize("name", NAMES)
def test_named_query_is_the_same_on_spark(name, scope, spark_catalogs, duck_catalogs, values):
    q = queries.get(name)
    params = {p: values[p] for p in q.params}
    duck = duck_catalogs[scope].query(name, **params)
    spark = spark_catalogs[scope].query(name, **params)
    assert_same(duck, spark, order_columns(name), f"{name} [{scope or 'city'}]")


@pytest.mark.parametrize(
    "filters",
    [{"matter": "C20"}, {"item": "C20-01", "sources": "patrol,hotline"}],
    ids=["matter", "item-sources"],
)
def test_filtered_grid_counts_are_the_same_on_spark(filters, spark_catalogs, duck_catalogs, values):
    """incidents_by_grid's other branch: with a filter it reads the incidents themselves."""
    params = {"from": values["from"], "to": values["to"], "matter": "", "item": "", "sources": ""}
    params.update(filters)
    duck = duck_catalogs[""].query("incidents_by_grid", **params)
    assert duck.height > 0
    spark = spark_catalogs[""].query("incidents_by_grid", **params)
    assert_same(duck, spark, ["grid_code"], f"incidents_by_grid {filters}")


def test_the_equality_check_sees_a_difference(spark_catalogs, duck_catalogs, values):
    # The comparison can fail: one day less on one side is another frame.
    window = {"from": values["from"], "to": values["to"]}
    duck = duck_catalogs[""].query(
        "incidents_by_day_source", **{**window, "to": values["to"] - timedelta(days=1)}
    )
    spark = spark_catalogs[""].query("incidents_by_day_source", **window)
    with pytest.raises(AssertionError):
        assert_same(duck, spark, order_columns("incidents_by_day_source"), "shifted")


def close(a, b, path="brief") -> None:
    """a and b (brief dicts) equal, floats to 1e-9 relative."""
    if isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=0.0), f"{path}: {a} vs {b}"
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), f"{path}: keys {sorted(a)} vs {sorted(b)}"
        for k in a:
            close(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), f"{path}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            close(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} vs {b!r}"


def test_brief_is_the_same_on_spark(spark_catalogs, duck_catalogs):
    # The city's here; the district's through `griddash brief` (test_commands_on_spark).
    duck = metrics.brief(duck_catalogs[""])
    spark = metrics.brief(spark_catalogs[""])
    assert duck.new > 0 and duck.at_risk.due_24h > 0, "expected a brief with figures to compare"
    close(duck.to_dict(), spark.to_dict())


def test_console_statement_is_the_same_on_spark(demo_catalog, spark_catalogs, warehouse_path):
    from dashboard.data.spark_catalog import SparkCatalog

    text = (
        "select source, count(*) as n, round(avg(epoch(closed_at - reported_at)) / 3600, 6) as h "
        "from incidents where closed_at is not null group by all order by n desc, source"
    )
    duck = Catalog(demo_catalog, "140105", CONSOLE, console=True)
    spark = SparkCatalog(warehouse_path, "140105", CONSOLE, console=True)
    with (
        duck.console_statement(text, max_rows=100) as a,
        spark.console_statement(text, max_rows=100) as b,
    ):
        import polars as pl

        left, right = pl.from_arrow(a.table()), pl.from_arrow(b.table())
    assert left.height > 1
    assert_same(left, right, ["n", "source"], "console")
    with spark.console_statement("select * from incidents", max_rows=3) as c:
        assert c.table().num_rows == 3 and c.cut == "rows"


def test_console_time_limit_interrupts_spark(warehouse_path):
    from dashboard.data.spark_catalog import SparkCatalog
    from dashboard.data.sql_sandbox import StatementFailed

    cat = SparkCatalog(warehouse_path, "", Limits(time_limit_s=1.0), console=True)
    # A long statement whose tasks stop when cancelled (joins read shuffled input, which checks
    # for it): a cross join's loop on the executors ran on after its job was cancelled, holding
    # local[2]'s two task slots, and the next test waited for them.
    text = (
        "select count(*) from patrols a join patrols b on a.grid_code = b.grid_code "
        "join patrols c on b.grid_code = c.grid_code"
    )
    with pytest.raises(StatementFailed) as failed, cat.console_statement(text) as statement:
        statement.table()
    assert failed.value.kind == "time_limit"


def test_console_on_spark_reads_the_scope_only(warehouse_path, duck_catalogs, spark_catalogs):
    from dashboard.data.spark_catalog import SparkCatalog

    spark = SparkCatalog(warehouse_path, "140105", CONSOLE, console=True)
    with spark.console_statement(
        "select count(*) as n, count(*) filter (where grid_code like '140105%') as own "
        "from incidents"
    ) as s:
        n, own = s.table().to_pylist()[0].values()
    city = duck_catalogs[""].sql("select count(*) as n from incidents")["n"][0]
    assert n == own and 0 < n < city


def _cli(capsys, argv):
    from dashboard.commands import cli

    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_commands_on_spark(monkeypatch, capsys, demo_catalog, warehouse_path, spark_catalogs):
    code, duck_out, err = _cli(
        capsys, ["brief", "--json", "--scope", "140105", "--catalog", str(demo_catalog)]
    )
    assert code == 0, err
    monkeypatch.setenv("GRIDDASH_ENGINE", "spark")
    monkeypatch.setenv("GRIDDASH_CATALOG", str(warehouse_path))
    from dashboard.data import spark_catalog

    monkeypatch.setattr(spark_catalog, "PAGE_LIMITS", SLOW_MACHINE)  # the command's catalog
    code, spark_out, err = _cli(capsys, ["brief", "--json", "--scope", "140105"])
    assert code == 0, err
    close(json.loads(duck_out), json.loads(spark_out))
    code, out, err = _cli(
        capsys,
        ["query", "select count(*) as n from incidents", "--format", "json", "--time-limit", "600"],
    )
    assert code == 0, err
    city = Catalog(demo_catalog).sql("select count(*) as n from incidents")["n"][0]
    assert json.loads(out) == [{"n": city}]
    code, _, err = _cli(capsys, ["query", "select * from read_csv('/etc/passwd')"])
    assert code == 2 and "refused" in err and "READ_CSV" in err


def test_spark_engine_on_a_duckdb_file_says_what_it_expected(monkeypatch, capsys, demo_catalog):
    monkeypatch.setenv("GRIDDASH_ENGINE", "spark")
    code, _, err = _cli(capsys, ["brief", "--catalog", str(demo_catalog)])
    assert code == 2
    assert "expected a griddash warehouse" in err and "found a file" in err


def test_console_on_spark_numbers_repeated_column_names(warehouse_path, spark_catalogs):
    from dashboard.data.spark_catalog import SparkCatalog

    spark = SparkCatalog(warehouse_path, "", CONSOLE, console=True)
    with spark.console_statement("select 1 as a, 2 as a") as s:
        table = s.table()
    assert table.column_names == ["a", "a_1"] and s.renamed == (("a", "a_1"),)


def test_console_schema_is_the_same_on_spark(demo_catalog, warehouse_path):
    # The console's schema browser: the session's tables and their columns, typed as DuckDB
    # types them (from the manifest on Spark: no query runs).
    from dashboard.analysis import console_schema
    from dashboard.data.spark_catalog import SparkCatalog

    for scope in SCOPES:
        duck = Catalog(demo_catalog, scope, CONSOLE, console=True)
        spark = SparkCatalog(warehouse_path, scope, CONSOLE, console=True)
        assert duck.columns().equals(spark.columns().sort("table_name", maintain_order=True))
        assert console_schema.schema(duck, "en") == console_schema.schema(spark, "en")
