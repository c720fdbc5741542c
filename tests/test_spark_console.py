"""The SQL console's statement check on Spark (dashboard.data.spark_console.check, SQLGlot's
parser): the escape list every DuckDB console refuses (tests/escapes.py) is refused here too,
and ordinary analysts' statements pass. Running them on Spark: tests/test_spark_equality.py."""

from __future__ import annotations

import pytest
from escapes import ESCAPES

from dashboard.data import spark_console
from dashboard.data.scoped_db import REFERENCE_TABLES, SCOPE_RULES, scoped_selects
from dashboard.data.sqlguard import QueryRefused

TABLES = frozenset(set(SCOPE_RULES) | set(REFERENCE_TABLES))
VIEWS = frozenset(scoped_selects("wh", set(TABLES), "140105", console=True))
PLACES = {
    "alias": "catalog_0123456789abcdef",
    "catalog": "/srv/griddash/catalog.duckdb",
    "exports": "/srv/griddash/exports",
    "out": "/tmp/out",
}
# A CTE named like one of DuckDB's own objects, used where it is defined: on DuckDB the name
# could land on the object elsewhere; on Spark a name the statement defines resolves to its CTE
# wherever that is in scope, and every other name must be a view of the session.
HARMLESS_ON_SPARK = {"cte-recursive-settings", "cte-table-function", "cte-schema-name"}


@pytest.mark.parametrize(
    "sql",
    [e[1] for e in ESCAPES if e[0] not in HARMLESS_ON_SPARK],
    ids=[e[0] for e in ESCAPES if e[0] not in HARMLESS_ON_SPARK],
)
def test_every_escape_is_refused_on_spark(sql):
    with pytest.raises(QueryRefused):
        spark_console.check(sql.format(**PLACES), VIEWS, TABLES)


@pytest.mark.parametrize(
    "sql",
    [
        "select grid_code, count(*) as n from incidents group by all order by n desc",
        "with a as (select * from incidents), b as (select * from a) select count(*) from b",
        "select * from (with x as (select 1 as a) select * from x) as y",
        "select list_aggr([1, 2], 'sum') as s, date_trunc('day', reported_at) as d from incidents",
        "select epoch(closed_at - reported_at) / 3600 as h from incidents",
    ],
)
def test_ordinary_statements_pass(sql):
    spark_console.check(sql, VIEWS, TABLES)


def test_names_out_of_scope_or_unknown_say_what_was_expected():
    with pytest.raises(QueryRefused, match="or a CTE defined before it, found 'b'"):
        spark_console.check(
            "with a as (select * from b), b as (select 1) select * from a", VIEWS, TABLES
        )
    with pytest.raises(QueryRefused, match="found 'catalog_tables'"):
        spark_console.check("select * from catalog_tables", VIEWS, TABLES)  # city-only
    with pytest.raises(QueryRefused, match="expected an allow-listed function, found reflect"):
        spark_console.check("select reflect('java.lang.Runtime', 'getRuntime')", VIEWS, TABLES)
