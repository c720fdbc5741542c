"""The validator's and the catalog build's DuckDB SQL, transpiled to Spark SQL with SQLGlot.

The rules are defined once, in dashboard.pipeline.validate_sql (DuckDB's dialect). SQLGlot
translates most of the text as it is; three constructs need a rewrite of the syntax tree first,
each keeping DuckDB's meaning:

- `regexp_full_match(a, p)` (RE2, whole string): `a RLIKE '^(?:p)\\z'` (Java's `\\z` is the end
  of input; its `$` would also match before a final newline). `[0-9]` is ASCII in both.
- `hash(k…)` (DuckDB: 64 bits; Spark's `hash` has 32): `xxhash64(k…)`, so the duplicate-key
  pre-filter keeps its few candidates at a billion rows. Only a filter: `dup` checks exactly.
- `NOT EXISTS (SELECT 1 FROM clean_x t WHERE t.a = s.b …)` inside the reason CASE (Spark does
  not plan an EXISTS subquery in a projection): a LEFT JOIN of the distinct keys of clean_x,
  and `NOT (_eN._hit IS NOT NULL)` in its place — true where no clean row matches, also where
  s.b is null, as NOT EXISTS is.
"""

from __future__ import annotations

from datetime import datetime

import sqlglot
from sqlglot import exp

from dashboard.core.contract import Table
from dashboard.pipeline import validate_sql as rules


def to_spark(sql: str) -> str:
    """DuckDB SQL text (one statement) as Spark SQL, with the rewrites above."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    for node in list(tree.find_all(exp.RegexpFullMatch)):
        pattern = node.expression
        if not isinstance(pattern, exp.Literal):
            raise ValueError(f"expected a literal pattern in {node.sql('duckdb')}")
        whole = exp.Literal.string(f"^(?:{pattern.this})\\z")
        node.replace(exp.RegexpLike(this=node.this.copy(), expression=whole))
    for node in list(tree.find_all(exp.Anonymous)):
        if str(node.this).lower() == "hash":
            node.replace(exp.Anonymous(this="xxhash64", expressions=node.expressions))
    outer = tree if isinstance(tree, exp.Select) else tree.find(exp.Select)
    for i, node in enumerate(list(outer.find_all(exp.Exists))):
        _exists_to_join(outer, node, f"_e{i}")
    return tree.sql(dialect="spark")


def _exists_to_join(outer: exp.Select, node: exp.Exists, name: str) -> None:
    """Replace `node` (EXISTS (SELECT 1 FROM t AS a WHERE a.x = o.y AND …)) in `outer` by a
    LEFT JOIN of t's distinct (x, …) as `name` and `name._hit IS NOT NULL`."""
    inner = node.this
    source = inner.args["from"].this if "from" in inner.args else inner.args["from_"].this
    alias = source.alias_or_name
    where = inner.args["where"].this
    pairs = []
    for eq in where.flatten() if isinstance(where, exp.And) else [where]:
        if not isinstance(eq, exp.EQ):
            raise ValueError(f"expected equalities in {inner.sql('duckdb')}")
        left, right = eq.left, eq.right
        if isinstance(left, exp.Column) and left.table == alias:
            pairs.append((left.name, right))
        elif isinstance(right, exp.Column) and right.table == alias:
            pairs.append((right.name, left))
        else:
            raise ValueError(f"expected {alias}.column = outer value in {eq.sql('duckdb')}")
    keys = [exp.alias_(exp.column(col, quoted=True), f"_k{i}") for i, (col, _) in enumerate(pairs)]
    table = exp.Table(this=exp.to_identifier(source.name))
    sub = exp.select(*keys, exp.alias_(exp.true(), "_hit")).distinct().from_(table)
    on = exp.and_(
        *[
            exp.EQ(this=exp.column(f"_k{i}", table=name), expression=value.copy())
            for i, (_, value) in enumerate(pairs)
        ]
    )
    outer.join(
        exp.Subquery(this=sub, alias=exp.TableAlias(this=name)), on=on, join_type="left", copy=False
    )
    node.replace(exp.Not(this=exp.Is(this=exp.column("_hit", table=name), expression=exp.null())))


def checks_sql(table: Table, now: datetime, src: str) -> str:
    """The Spark SELECT giving every row of the view `src` its reason: `checks_sql` of the
    DuckDB validator (repeated keys found by grouping their hashes, not by sorting), transpiled. Columns: the contract's, `_file`, `_row`, `_reason`."""
    ctes, select = rules.checks_sql(table, now, src, repeats="group")
    return to_spark(f"WITH {ctes} {select}")


def clean_select(table: Table) -> str:
    """The Spark SELECT of clean_<name> (the good rows of checked_<name>)."""
    return to_spark(rules.clean_sql(table).split(" AS ", 1)[1])


def counts_select(table: Table) -> str:
    """Rows per reason of checked_<name> (reason NULL = good rows), in Spark SQL."""
    return to_spark(rules.counts_sql(table))


def quarantine_select(table: Table) -> str:
    """The bad rows of checked_<name> with _reason, _file, _row in read order, in Spark SQL:
    the SELECT of the DuckDB validator's COPY."""
    copy = sqlglot.parse_one(rules.quarantine_sql(table, "unused"), read="duckdb")
    return to_spark(copy.this.this.sql("duckdb"))
