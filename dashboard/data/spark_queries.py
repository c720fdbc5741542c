"""The named queries as the Spark catalog runs them: their Spark SQL (dashboard.spark.dialect, or
an override), their bind values, and the tables each reads (which decides whether it runs on the
local aggregate cache or on Spark: dashboard.data.spark_catalog).

Nothing here imports pyspark.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path

import sqlglot
from sqlglot import exp

from dashboard.data import queries
from dashboard.spark import dialect

OVERRIDES_DIR = queries.QUERIES_DIR / "spark"


def override_path(name: str) -> Path:
    """Where a named query's Spark override would be (queries/spark/<name>.sql)."""
    return OVERRIDES_DIR / f"{name}.sql"


@lru_cache(maxsize=4096)  # queries × scopes × versions a server has seen lately
def spark_sql(name: str, tables: tuple[tuple[str, str], ...] | None = None) -> str:
    """The named query `name` as Spark SQL (cached per process): its override if it has one
    (Spark SQL, read with SQLGlot only to rename its tables), else its DuckDB text transpiled.
    tables: (catalog name, Spark view) pairs to read instead (one scope's views), or None.
    QueryError for an unknown name."""
    q = queries.get(name)
    renames = dict(tables) if tables is not None else None
    override = override_path(name)
    if override.is_file():
        text = override.read_text(encoding="utf-8")
        if renames is None:
            return text
        tree = dialect.rename_tables(sqlglot.parse_one(text, read="spark"), renames)
        return tree.sql(dialect="spark", comments=False)
    return dialect.to_spark(q.sql, q.params, renames)


def param_types(params: dict) -> dict[str, str]:
    """Declared types for the values of package SQL run on Spark (Catalog.sql): date,
    timestamp, integer or text, from the Python values."""
    kinds = {}
    for name, value in params.items():
        if isinstance(value, datetime):
            kinds[name] = "timestamp"
        elif isinstance(value, date):
            kinds[name] = "date"
        elif isinstance(value, bool) or not isinstance(value, int | str):
            raise queries.QueryError(
                f"parameter {name}: expected a date, timestamp, integer or text, "
                f"found {type(value).__name__}"
            )
        else:
            kinds[name] = "integer" if isinstance(value, int) else "text"
    return kinds


def as_text(values: dict) -> dict[str, object]:
    """Dates and timestamps as ISO text (the Spark SQL casts them), the rest as given."""
    out = {}
    for name, value in values.items():
        if isinstance(value, datetime):
            out[name] = value.isoformat(sep=" ")
        elif isinstance(value, date):
            out[name] = value.isoformat()
        else:
            out[name] = value
    return out


@cache
def tables_read(name: str) -> frozenset[str]:
    """The catalog tables the named query reads (its CTEs' own names left out)."""
    tree = sqlglot.parse_one(queries.get(name).sql, read="duckdb")
    ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
    return frozenset(t.name for t in tree.find_all(exp.Table) if t.name and t.name not in ctes)


def spark_args(query: queries.NamedQuery, params: dict) -> dict[str, object]:
    """The bind values for Spark: dates and timestamps as ISO text (the SQL casts them to the
    declared type), the rest as given; QueryError when they are not exactly the declared ones."""
    return as_text(queries.bind(query, params))
