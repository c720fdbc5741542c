"""The SQL console on Spark (GRIDDASH_ENGINE=spark): an analyst's statement, written in DuckDB's
dialect as on the DuckDB engine, checked with SQLGlot's parser by the same rules as
dashboard.data.sqlguard, then transpiled (dashboard.spark.dialect) onto the scope's console views
and run on Spark with a row limit and a time limit.

The check, in order: the size (sqlguard.check_size); exactly one statement, a query (SELECT,
UNION, …); every table an unqualified name of a console view of the session or one of the
statement's own CTEs, whose names are plain words naming no catalog table; no table function
but unnest; every function call one DuckDB's allow-list names (dashboard.data.sql_functions),
by the name DuckDB would print; no parameters. What Spark's own functions could reach (files,
reflection, settings) is thus out of reach by name, and the statement reads views of the scope
only: the transpiler renames every table it names, and a name it does not know is refused.

The statement runs in the server's Spark Connect session, not in a worker process: Spark's
executors hold the data, and the time limit interrupts the statement on the server by its tag
(SparkSession.interruptTag). Memory is the cluster's to limit.
"""

from __future__ import annotations

import re
import time
import uuid

import pyarrow as pa
import sqlglot
from sqlglot import exp

from dashboard.data import sql_functions, sql_result, sqlguard
from dashboard.data.sql_sandbox import PAGE_MAX_BYTES, StatementFailed
from dashboard.data.sqlguard import QueryRefused, QuerySyntaxError
from dashboard.spark import dialect
from dashboard.spark import session as spark_session

ALLOWED = (
    sql_functions.FUNCTIONS | sql_functions.AGGREGATE_FUNCTIONS | sql_functions.WINDOW_FUNCTIONS
)
STRUCTURAL = frozenset({"cast", "try_cast"})  # DuckDB prints these as calls; they compute only
_CALL = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(")
_CTE_NAME = re.compile(r"[^\W\d]\w*")


def check(text: str, views: frozenset[str], tables: frozenset[str]) -> exp.Expression:
    """The statement's syntax tree when it may run on `views` (the session's console views);
    `tables` are every table of the warehouse (a CTE may not take one's name). QuerySyntaxError
    when it does not parse, QueryRefused (saying what was expected and found) otherwise."""
    sqlguard.check_size(text)
    try:
        trees = [t for t in sqlglot.parse(text, read="duckdb") if t is not None]
    except sqlglot.errors.ParseError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "unreadable"
        raise QuerySyntaxError(
            f"expected one SQL statement, found a syntax error: {first}"
        ) from exc
    if len(trees) != 1:
        raise QueryRefused(f"expected exactly one statement, found {len(trees)}")
    tree = trees[0]
    if not isinstance(tree, exp.Query) or tree.find(exp.Into):
        raise QueryRefused(f"expected a SELECT statement, found {tree.key.upper()}")
    for cte in tree.find_all(exp.CTE):
        name = cte.alias_or_name
        if not _CTE_NAME.fullmatch(name) or name in tables:
            raise QueryRefused(
                f"CTE {name!r}: expected a plain word naming no table of the catalog"
            )
    for node in tree.walk():
        if isinstance(node, exp.Table):
            _check_table(node, views)
        elif isinstance(node, exp.Placeholder | exp.Parameter):
            raise QueryRefused("expected no parameters in a console statement, found one")
        elif isinstance(node, exp.Dot) and isinstance(node.expression, exp.Func):
            raise QueryRefused(f"expected an unqualified function, found {node.sql()!r}")
        elif isinstance(node, exp.Func) and not isinstance(node, exp.Unnest):
            _check_call(node)
    return tree


def _visible_ctes(node: exp.Expression) -> set[str]:
    """The CTE names a table reference at `node` can mean: those of each enclosing WITH that
    are in scope there (in a CTE's body, only the CTEs before it; in the query, all of them).
    Spark resolves any other name in its own catalog, so no other name may stand for a CTE."""
    visible: set[str] = set()
    child, parent = node, node.parent
    while parent is not None:
        if isinstance(child, exp.CTE) and isinstance(parent, exp.With):
            earlier = parent.expressions[: parent.expressions.index(child)]
            visible |= {c.alias_or_name for c in earlier}
        elif isinstance(parent, exp.Query) and parent.args.get("with_") is not None:
            with_ = parent.args["with_"]
            if child is not with_:
                visible |= {c.alias_or_name for c in with_.expressions}
        child, parent = parent, parent.parent
    return visible


def _check_table(node: exp.Table, views: frozenset[str]) -> None:
    if not isinstance(node.this, exp.Identifier):
        raise QueryRefused(
            f"expected tables of this session, found the table function {node.this.sql()!r}"
        )
    if node.db or node.catalog:
        raise QueryRefused(f"expected an unqualified table name, found {node.sql()!r}")
    if node.name not in views and node.name not in _visible_ctes(node):
        raise QueryRefused(
            f"expected a table of this session ({', '.join(sorted(views))}) or a CTE defined "
            f"before it, found {node.name!r}"
        )


def _check_call(node: exp.Func) -> None:
    match = _CALL.match(node.sql(dialect="duckdb"))
    if match is None:
        if isinstance(node, exp.Array | exp.Struct | exp.Tuple):
            return  # a list or row written as such: computes from its elements
        raise QueryRefused(f"expected an allow-listed function, found {node.sql_name().lower()}")
    name = match.group(1).lower()
    if name not in ALLOWED and name not in STRUCTURAL:
        raise QueryRefused(f"expected an allow-listed function, found {name}()")
    if name in sql_functions.BY_NAME:  # list_aggr(list, 'name') calls the function it names
        args = node.expressions if isinstance(node, exp.Anonymous) else node.args.values()
        named = [a for a in args if isinstance(a, exp.Literal) and a.is_string]
        if len(named) != 1 or named[0].name.lower() not in sql_functions.AGGREGATE_FUNCTIONS:
            raise QueryRefused(
                f"{name}(): expected the name of an allow-listed aggregate as a literal, found "
                f"{', '.join(repr(a.name) for a in named) or 'none'}"
            )


class SparkStatement:
    """A console statement on Spark, with the interface of sql_sandbox.Statement: batches(),
    table(), schema, rows, cut (None or 'rows'), renamed, version, elapsed_ms; a context
    manager (leaving it interrupts a statement still running)."""

    def __init__(self, text: str, limits, version: str, max_rows: int | None, max_bytes: int):
        self._text, self._limits, self.version = text, limits, version
        self._max_rows, self._max_bytes = max_rows, max_bytes
        self.schema: pa.Schema | None = None
        self.rows = 0
        self.cut: str | None = None
        self.renamed: tuple[tuple[str, str], ...] = ()
        self.elapsed_ms = 0.0
        self.peak_rss_bytes = 0
        self._tag = f"griddash-console-{uuid.uuid4().hex}"
        self._table: pa.Table | None = None

    def __enter__(self) -> SparkStatement:
        return self

    def __exit__(self, *exc) -> None:
        if self._table is None:
            spark_session.session().interruptTag(self._tag)

    def _run(self) -> pa.Table:
        spark = spark_session.session()
        started = time.perf_counter()
        spark.addTag(self._tag)
        deadline = spark_session.Deadline(spark, self._tag, self._limits.time_limit_s)
        try:
            frame = spark.sql(self._text)
            if self._max_rows is not None:
                frame = frame.limit(self._max_rows + 1)
            table = frame.toArrow()
        except Exception as exc:
            if deadline.fired:
                raise StatementFailed(
                    "time_limit", f"stopped after the time limit of {self._limits.time_limit_s:g} s"
                ) from exc
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StatementFailed("failed", f"Spark: {first}") from exc
        finally:
            deadline.done()
            spark.removeTag(self._tag)
            self.elapsed_ms = (time.perf_counter() - started) * 1000
        schema, renamed = sql_result.unique_names(table.schema)  # as the DuckDB worker does
        table, self.renamed = table.rename_columns(schema.names), tuple(map(tuple, renamed))
        if self._max_rows is not None and table.num_rows > self._max_rows:
            table, self.cut = table.slice(0, self._max_rows), "rows"
        if table.nbytes > self._max_bytes:
            raise StatementFailed(
                "failed",
                f"expected a result of at most {self._max_bytes >> 20} MB, found "
                f"{table.nbytes >> 20} MB: add a LIMIT or aggregate",
            )
        return table

    def batches(self):
        """The result's record batches; StatementFailed when it fails or hits the time limit."""
        if self._table is None:
            self._table = self._run()
        self.schema = self._table.schema
        self.rows = self._table.num_rows
        yield from self._table.to_batches()

    def table(self) -> pa.Table:
        """The whole (capped) result as one Arrow table."""
        batches = list(self.batches())
        return pa.Table.from_batches(batches, schema=self.schema)


def start(
    cat,
    text: str,
    *,
    max_rows: int | None = None,
    max_bytes: int = PAGE_MAX_BYTES,
    max_values: int | None = None,
    on_build=None,
) -> SparkStatement:
    """Check `text` for the SparkCatalog `cat` (its scope's console views) and prepare it to run;
    raises QueryRefused / QuerySyntaxError at once. max_values is the DuckDB console's cap of
    values and is not applied here beyond max_rows and max_bytes; on_build is not used (Spark
    needs no scoped copy)."""
    version = cat.pinned()
    tree = check(text, version.console_view_names(), version.table_names())
    ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
    read = frozenset(t.name for t in tree.find_all(exp.Table)) - ctes
    views = version.console_views_of(read)
    spark_text = dialect.to_spark(tree, tables={**views, **{c: c for c in ctes}})
    return SparkStatement(spark_text, cat.limits, version.data_version, max_rows, max_bytes)
