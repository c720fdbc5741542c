"""Every named query transpiles from DuckDB's dialect to Spark SQL (dashboard.spark.dialect), and
what comes out parses back as Spark SQL with no DuckDB-only construct left. That the figures are
the same is tests/test_spark_equality.py's part (on Spark local)."""

from __future__ import annotations

import re

import pytest
import sqlglot
from sqlglot import exp

from dashboard.data import queries, spark_queries
from dashboard.spark import dialect

NAMES = sorted(queries.registry())
# DuckDB functions Spark has not, or has with another meaning: none may reach Spark's text.
DUCKDB_ONLY = ("list_position", "epoch", "generate_series", "isodow", "unnest", "quantile_cont")


@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_transpiles_and_parses_back_as_spark(name):
    text = spark_queries.spark_sql(name)
    # SQLGlot's Spark reader takes no parameter named like a keyword (:from); Spark does.
    tree = sqlglot.parse_one(re.sub(r":([a-z_]+)", r"p_\1", text), read="spark")
    assert isinstance(tree, exp.Query), f"{name}: expected a query, found {type(tree).__name__}"
    words = set(re.findall(r"[a-z_]+", text.lower()))
    assert not words & set(DUCKDB_ONLY), (
        f"{name}: DuckDB-only functions left: {words & set(DUCKDB_ONLY)}"
    )
    # Each declared parameter is bound by name and cast to its declared type.
    for param, declared in queries.get(name).params.items():
        spark_type = dialect.PARAM_TYPES[dialect.param_kind(declared)]
        assert f"CAST(:{param} AS {spark_type})" in text, f"{name}: expected :{param} cast"


def test_overrides_name_a_query_and_say_why():
    for path in sorted(spark_queries.OVERRIDES_DIR.glob("*.sql")):
        assert path.stem in queries.registry(), f"{path}: expected a named query, found none"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(f"-- {path.stem} on Spark:"), f"{path}: expected a why-header"


def test_day_counts_become_datediff_and_date_arithmetic_stays():
    text = dialect.to_spark(
        # vacant_since is a date the query derives: the latest of two date columns
        "with l as (select max(least(valid_to, left_on)) as vacant_since from w) "
        "select ($as_of - l.vacant_since + 1)::bigint as a, $as_of - 28 as b, "
        "$as_of - interval 364 day as c from l",
        {"as_of": "date"},
    )
    assert "DATEDIFF(DAY, l.vacant_since, CAST(:as_of AS DATE))" in text
    assert "CAST(:as_of AS DATE) - 28" in text
    assert "INTERVAL '364' DAY" in text


def test_interval_seconds_become_microseconds_between():
    text = dialect.to_spark("select epoch(closed_at - reported_at) / 60 as m from incidents")
    assert "TIMESTAMPDIFF(MICROSECOND, reported_at, closed_at)" in text
    assert "UNIX_TIMESTAMP" not in text.upper()


def test_spark_args_send_dates_and_timestamps_as_text():
    q = queries.get("resolution_minutes_cohort")
    from datetime import date, datetime

    args = spark_queries.spark_args(
        q, {"from": date(2026, 10, 1), "to": date(2026, 10, 30), "cutoff": datetime(2026, 10, 31)}
    )
    assert args == {"from": "2026-10-01", "to": "2026-10-30", "cutoff": "2026-10-31 00:00:00"}
    with pytest.raises(queries.QueryError, match="expected parameters"):
        spark_queries.spark_args(q, {"from": date(2026, 10, 1)})


def test_the_duckdb_engine_never_imports_pyspark(demo_catalog):
    # A fresh interpreter: the brief through the catalog factory, then the server's preload.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from dashboard.commands import cli\n"
        f"assert cli.main(['brief', '--json', '--catalog', {str(demo_catalog)!r}]) == 0\n"
        "from dashboard.app import startup\n"
        "startup.preload()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pyspark'))\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k != "GRIDDASH_ENGINE"}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == "[]"
