"""The named queries' DuckDB SQL as Spark SQL: SQLGlot's transpiler plus the few transforms where
its default output would fail on Spark or give other figures (docs/spark.md lists each, with why).

`queries/*.sql` stay in DuckDB's dialect, the single source. `to_spark(sql, params)` parses a
query with SQLGlot (read="duckdb"), applies TRANSFORMS in order on the syntax tree and writes
Spark SQL; bind parameters stay named (`:name`) and are cast to their declared type, so a value
goes to Spark as text and never depends on the client's time zone (`spark_args`).

A query no transform can carry has an override, `queries/spark/<name>.sql`, with a header saying
why (dashboard.data.spark_queries reads it). Nothing here imports pyspark or the data layer: this
is text to text, below the catalog that runs it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import sqlglot
from sqlglot import exp

from dashboard.core import contract

# Columns of type DATE in the catalog: the exports' (contract) and the aggregates' `day`.
DATE_COLUMNS = frozenset(
    {c.name for t in contract.TABLES for c in t.columns if c.kind == "date"} | {"day"}
)
# A declared parameter type (queries' headers) → the Spark type it is cast to.
PARAM_TYPES = {
    "date": "DATE",
    "timestamp": "TIMESTAMP_NTZ",
    "integer": "INT",
    "text": "STRING",
}


class DialectError(Exception):
    """A query cannot be written as Spark SQL."""


def param_kind(declared: str) -> str:
    """'date (inclusive)' → 'date': the declared parameter type's first word."""
    return declared.split(",")[0].split("(")[0].strip().lower()


# -- transforms ---------------------------------------------------------------------------------


def _seconds_between(node: exp.Expression) -> exp.Expression:
    """epoch(a - b), an interval's seconds in DuckDB (a double) → the microseconds between
    them ÷ 10^6. Spark's unix_timestamp takes no interval."""
    if isinstance(node, exp.TimeToUnix) and isinstance(node.this, exp.Sub):
        later, earlier = node.this.this, node.this.expression
        diff = exp.TimestampDiff(
            this=later.copy(), expression=earlier.copy(), unit=exp.var("MICROSECOND")
        )
        return exp.Paren(
            this=exp.Div(this=exp.cast(diff, "DOUBLE"), expression=exp.Literal.number(1_000_000))
        )
    return node


def _date_columns(tree: exp.Expression) -> set[str]:
    """DATE_COLUMNS and the names a query gives to dates it derives (max(ended) as vacant_since,
    least(valid_to, left_on) as ended), found by passing over its projections until none is
    added."""
    names = set(DATE_COLUMNS)
    while True:
        added = {
            a.alias
            for a in tree.find_all(exp.Alias)
            if a.alias not in names and _is_date(a.this, names, {})
        }
        if not added:
            return names
        names |= added


def _is_date(node: exp.Expression, names: set[str], params: dict[str, str]) -> bool:
    """Whether `node` is a DATE by its form: a date parameter or column, a cast to DATE, or
    least/greatest/coalesce/min/max of dates, or a date plus or minus a whole number of days."""
    if isinstance(node, exp.Paren):
        return _is_date(node.this, names, params)
    if isinstance(node, exp.Placeholder):
        return params.get(node.name) == "date"
    if isinstance(node, exp.Column):
        return node.name in names
    if isinstance(node, exp.Cast):
        return node.to.is_type(exp.DataType.Type.DATE)
    if isinstance(node, exp.Greatest | exp.Least | exp.Coalesce):
        return all(_is_date(a, names, params) for a in [node.this, *node.expressions])
    if isinstance(node, exp.Max | exp.Min | exp.AnyValue):
        return _is_date(node.this, names, params)
    if isinstance(node, exp.Add | exp.Sub):
        return _is_date(node.this, names, params) and _is_whole(node.expression)
    return False


def _is_whole(node: exp.Expression) -> bool:
    if isinstance(node, exp.Paren):
        return _is_whole(node.this)
    if isinstance(node, exp.Literal):
        return not node.is_string and node.is_int
    if isinstance(node, exp.Placeholder):
        return True  # only an integer parameter is ever added to a date in the queries
    if isinstance(node, exp.Add | exp.Sub):
        return _is_whole(node.this) and _is_whole(node.expression)
    return False


def _day_counts(tree: exp.Expression, params: dict[str, str]) -> exp.Expression:
    """date − date, a day count (BIGINT) in DuckDB → datediff(a, b). Spark makes it an
    interval, and an interval plus 1 fails."""
    names = _date_columns(tree)

    def swap(node: exp.Expression) -> exp.Expression:
        if (
            isinstance(node, exp.Sub)
            and _is_date(node.this, names, params)
            and _is_date(node.expression, names, params)
        ):
            return exp.DateDiff(
                this=node.this.copy(), expression=node.expression.copy(), unit=exp.var("DAY")
            )
        return node

    return tree.transform(swap)


def _generator_casts(node: exp.Expression) -> exp.Expression:
    """unnest(generate_series(a, b, interval 1 day))::date → explode(sequence(a, b, …)) with the
    bounds already dates: Spark refuses a generator nested in an expression (the cast)."""
    if (
        isinstance(node, exp.Cast)
        and isinstance(node.this, exp.Explode)
        and isinstance(node.this.this, exp.GenerateSeries)
        and node.to.is_type(exp.DataType.Type.DATE)
    ):
        series = node.this.this
        for key in ("start", "end"):
            bound = series.args.get(key)
            if bound is not None and not (
                isinstance(bound, exp.Cast) and bound.to.is_type(exp.DataType.Type.DATE)
            ):
                series.set(key, exp.cast(bound.copy(), "DATE"))
        return node.this
    return node


def _list_position(node: exp.Expression) -> exp.Expression:
    """list_position(list, x) (1-based; NULL when absent) → nullif(array_position(list, x), 0)
    (Spark: 0 when absent)."""
    if isinstance(node, exp.Anonymous) and node.name.lower() == "list_position":
        array, value = node.expressions
        position = exp.func("array_position", array.copy(), value.copy())
        return exp.Nullif(this=position, expression=exp.Literal.number(0))
    return node


def _struct_keys(node: exp.Expression) -> exp.Expression:
    """arg_max(x, (a, b)) orders by the row (a, b) → max_by(x, struct(a, b)); Spark reads a
    parenthesised list as something else."""
    if isinstance(node, exp.ArgMax | exp.ArgMin) and isinstance(node.expression, exp.Tuple):
        fields = [e.copy() for e in node.expression.expressions]
        node.set("expression", exp.Struct(expressions=fields))
    return node


def _iso_weekday(node: exp.Expression) -> exp.Expression:
    """isodow(t) (1 Monday … 7 Sunday) → weekday(t) + 1 (Spark's weekday: 0 Monday). SQLGlot's
    own (dayofweek(t) % 7) + 1 gives Monday 3."""
    if isinstance(node, exp.DayOfWeekIso):
        return exp.Paren(
            this=exp.Add(
                this=exp.func("weekday", node.this.copy()), expression=exp.Literal.number(1)
            )
        )
    return node


def _double_literals(node: exp.Expression) -> exp.Expression:
    """A literal with a decimal point (28.0) → a DOUBLE: DuckDB divides to a double, Spark keeps
    DECIMAL(p, s), which rounds to its scale (sum(n) / 28.0 had 6 decimals)."""
    number = isinstance(node, exp.Literal) and not node.is_string and not node.is_int
    if number and not isinstance(node.parent, exp.Cast):
        return exp.cast(node.copy(), "DOUBLE")
    return node


def _lateral_values(node: exp.Expression) -> exp.Expression:
    """from t, lateral (values (…), …) as v(c1, …) → from t lateral view inline(array(struct(…)))
    v as c1, …: Spark's inline tables take no column of the outer row."""
    if not isinstance(node, exp.Select):
        return node
    for join in list(node.args.get("joins") or ()):
        lateral = join.this
        if not (
            isinstance(lateral, exp.Lateral)
            and isinstance(lateral.this, exp.Subquery)
            and isinstance(lateral.this.this, exp.Values)
        ):
            continue
        alias = lateral.args.get("alias")
        if alias is None or not alias.columns:
            raise DialectError("expected lateral VALUES with named columns, found none")
        columns = [c.name for c in alias.columns]
        structs = [
            exp.Struct(
                expressions=[
                    exp.PropertyEQ(this=exp.to_identifier(name), expression=value.copy())
                    for name, value in zip(columns, row.expressions, strict=True)
                ]
            )
            for row in lateral.this.this.expressions
        ]
        view = exp.Lateral(
            this=exp.func("inline", exp.Array(expressions=structs)),
            view=True,
            alias=exp.TableAlias(
                this=exp.to_identifier(alias.name), columns=[exp.to_identifier(c) for c in columns]
            ),
        )
        join.pop()
        node.append("laterals", view)
    return node


def _quantiles(node: exp.Expression) -> exp.Expression:
    """quantile_cont(x, q) (interpolated) → percentile(x, q): Spark's percentile_cont is the
    WITHIN GROUP form; percentile interpolates the same way and takes an array of q too."""
    if isinstance(node, exp.PercentileCont) and not isinstance(node.parent, exp.WithinGroup):
        return exp.func("percentile", node.this.copy(), node.expression.copy())
    return node


def _params(tree: exp.Expression, params: dict[str, str]) -> exp.Expression:
    """Each `:name` cast to its declared type (values go as text: spark_args)."""

    def cast(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder) and not isinstance(node.parent, exp.Cast):
            kind = PARAM_TYPES.get(params.get(node.name, ""))
            if kind:
                return exp.cast(node.copy(), kind)
        return node

    return tree.transform(cast)


# Applied in this order, node by node (those taking the whole tree are marked).
NODE_TRANSFORMS: tuple[Callable[[exp.Expression], exp.Expression], ...] = (
    _seconds_between,
    _generator_casts,
    _list_position,
    _struct_keys,
    _iso_weekday,
    _double_literals,
    _lateral_values,
    _quantiles,
)


def rename_tables(tree: exp.Expression, tables: Mapping[str, str]) -> exp.Expression:
    """Every table the statement reads (not its own CTEs) renamed by `tables` (a catalog name →
    the Spark view of one scope and version), keeping the catalog name as its alias so that
    qualified columns (incidents.grid_code) still resolve; DialectError for a name not in it."""
    ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
    for table in list(tree.find_all(exp.Table)):
        name = table.name
        if not name or name in ctes and not table.db:
            continue
        if name not in tables:
            raise DialectError(f"expected a table of {sorted(tables)}, found {table.sql()!r}")
        alias = table.alias or name
        table.set("catalog", None)
        table.set("db", None)
        table.set("this", exp.to_identifier(tables[name]))
        table.set("alias", exp.TableAlias(this=exp.to_identifier(alias)))
    return tree


def parse_duckdb(sql: str) -> exp.Expression:
    """One statement in DuckDB's dialect as SQLGlot's tree; DialectError when it cannot."""
    try:
        return sqlglot.parse_one(sql, read="duckdb")
    except sqlglot.errors.ParseError as exc:
        raise DialectError(f"expected DuckDB SQL SQLGlot can read, found: {exc}") from exc


def to_spark(
    sql: str | exp.Expression,
    params: dict[str, str] | None = None,
    tables: Mapping[str, str] | None = None,
) -> str:
    """DuckDB SQL (text or a parsed tree, not changed) → Spark SQL. params: parameter name →
    declared type ('date', 'timestamp', 'integer', 'text'); tables: catalog names → Spark view
    names (rename_tables; default: left as they are). DialectError when SQLGlot cannot read
    the text."""
    kinds = {name: param_kind(kind) for name, kind in (params or {}).items()}
    tree = parse_duckdb(sql) if isinstance(sql, str) else sql.copy()
    if tables is not None:
        tree = rename_tables(tree, tables)
    # Day counts first: they read the query's own date-typed parameters and columns.
    tree = _day_counts(tree, kinds)
    for transform in NODE_TRANSFORMS:
        tree = tree.transform(transform)
    tree = _params(tree, kinds)
    return tree.sql(dialect="spark", comments=False)
