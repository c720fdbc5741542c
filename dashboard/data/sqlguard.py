"""The SQL console's statement check: one SELECT, naming only the session's views, its own CTEs
and allow-listed pure functions. It runs in the statement's worker process
(dashboard.data.sql_worker), never in the web server.

In order, each step on DuckDB's own parser:

1. size: at most MAX_STATEMENT_BYTES, checked before anything parses the text (the server checks
   it too before it starts a worker);
2. `duckdb.extract_statements` must find exactly one statement, of type SELECT;
3. the statement's syntax tree (`json_serialize_sql`), walked without recursion:
   - every CTE name is a plain word and names nothing of the database (no table, view, schema,
     database, table function or macro — `forbidden_cte_names`), so wherever DuckDB resolves a
     name (a CTE's own body, an earlier sibling, `main.x`) it cannot land on a system object;
   - every table reference is unqualified and names a session view or one of the statement's
     CTEs; table functions only range / generate_series / unnest;
   - every function call is unqualified and on the allow-list (dashboard.data.sql_functions); every
     expression is of a kind listed in EXPRESSION_CLASSES.

The connection is locked down as well (dashboard.data.scoped_db: read-only catalog, external access
off, configuration locked) and the worker process has operating-system limits
(dashboard.data.sql_sandbox), so this check is not the only wall; it is the one that keeps a scoped
session off the unscoped tables and the database's own description.
"""

from __future__ import annotations

import json
import re
from collections.abc import Set

import duckdb

from dashboard.data.sql_functions import (
    AGGREGATE_FUNCTIONS,
    BY_NAME,
    FUNCTIONS,
    TABLE_FUNCTIONS,
    WINDOW_FUNCTIONS,
)

MAX_STATEMENT_BYTES = 100_000

# Table reference kinds that hold nothing but other table references or values.
_PLAIN_REFS = frozenset({"JOIN", "SUBQUERY", "EXPRESSION_LIST", "EMPTY", "PIVOT", "DELIM_GET"})
# Expression kinds that compute from their children only. FUNCTION and WINDOW are checked
# against the allow-list; TYPE must be unqualified; anything not named here is refused.
EXPRESSION_CLASSES = frozenset(
    {
        "BETWEEN",
        "CASE",
        "CAST",
        "COLLATE",
        "COLUMN_REF",
        "COMPARISON",
        "CONJUNCTION",
        "CONSTANT",
        "FUNCTION",
        "LAMBDA",
        "LAMBDA_REF",
        "OPERATOR",
        "POSITIONAL_REFERENCE",
        "STAR",
        "SUBQUERY",
        "TYPE",
        "WINDOW",
    }
)
CTE_NAME = re.compile(r"[^\W\d]\w*")  # a plain word (Chinese too), not a path or a dotted name


class QueryRefused(Exception):
    """A statement the console will not run; the message is one line a person can act on."""


class QuerySyntaxError(QueryRefused):
    """The text does not parse. Still a QueryRefused (nothing ran), but `griddash query` reports
    it as a failure to run (exit 1, like DuckDB's own parser errors), not as a refusal (exit 2)."""


# Each refusal's words, by key. `refuse` raises one; `refusal_of` finds the key and the values
# in a refusal's line again (it crosses the worker's pipe as text), so the console shows it in
# the interface's language (dashboard/core/strings/console.py, sql_refusal_<key>). The order
# matters to refusal_of: a template that another's text could also fit comes after it.
REFUSALS = {
    "chars": "the statement is {chars} characters; expected at most {max} bytes (write a shorter "
    "query: filter or join the tables instead of listing values)",
    "not_text": "the statement holds a character that is not text (at character {at}); "
    "expected UTF-8 text",
    "bytes": "the statement is {bytes} bytes; expected at most {max} (write a shorter query: "
    "filter or join the tables instead of listing values)",
    "statements": "expected one statement, found {n}",
    "not_select_error": "only SELECT statements are allowed ({error})",
    "not_select": "only SELECT statements are allowed, found {kind}",
    "nested": "the statement is nested too deeply; expected fewer levels",
    "cte_word": "CTE name {name}: expected a plain word (letters, digits, _)",
    "cte_taken": "CTE name {name} is the name of a table or function of the database; "
    "expected a name of your own (e.g. {suggest})",
    "parameters": "parameters ($name, ?) are not supported here; write the value in",
    "type_qualified": "types with a schema or catalog are not allowed here",
    "expression": "{kind} expressions are not allowed here",
    "function_qualified": "function {name}: expected a function name without schema or catalog",
    "function": "function {name} is not allowed in the console; expected a pure function "
    "(maths, text, dates, lists, structs, regexp, aggregates, windows)",
    "aggregate_literal": "{function}: expected the aggregate's name as a literal string",
    "aggregate": "{function}: aggregate {name} is not allowed in the console",
    "table_listed": "table {name} is not available here; expected one of {names}",
    "table_function": "table function {name} is not allowed; expected one of {names} or a table",
    "show": "SHOW of the database is not allowed; the schema browser lists the tables",
    "table": "table {name} is not available here",
    "kind": "{kind} is not allowed in the console",
}
_FIELD = re.compile(r"\{(\w+)\}")


def refuse(key: str, **values: object) -> QueryRefused:
    """The QueryRefused of REFUSALS[key] filled with `values` (raise it)."""
    return QueryRefused(REFUSALS[key].format(**values))


def _pattern(template: str) -> re.Pattern:
    parts = _FIELD.split(template)  # literal, name, literal, name, …, literal
    return re.compile(
        "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts)),
        re.DOTALL,
    )


_PATTERNS = {key: _pattern(text) for key, text in REFUSALS.items()}


def refusal_of(line: str) -> tuple[str, dict[str, str]] | None:
    """The key and values of a refusal's line (`refuse`'s words), or None for any other text."""
    for key, pattern in _PATTERNS.items():
        if found := pattern.fullmatch(line):
            return key, found.groupdict()
    return None


def check_size(sql: str) -> None:
    """Refuse a statement over MAX_STATEMENT_BYTES (UTF-8), or one that is not valid text (a
    lone surrogate), before anything parses it."""
    if len(sql) > MAX_STATEMENT_BYTES:  # over the limit whatever its characters
        raise refuse("chars", chars=f"{len(sql):,}", max=f"{MAX_STATEMENT_BYTES:,}")
    try:
        size = len(sql.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise refuse("not_text", at=exc.start + 1) from None
    if size > MAX_STATEMENT_BYTES:
        raise refuse("bytes", bytes=f"{size:,}", max=f"{MAX_STATEMENT_BYTES:,}")


def forbidden_cte_names(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Lower-cased names a CTE may not take: every table, view, schema and database the
    connection knows (system and attached ones included), every table function and macro, and
    every setting (SHOW of a name that is no table shows the setting)."""
    rows = con.execute(
        "select table_name from duckdb_tables() union select view_name from duckdb_views() "
        "union select schema_name from duckdb_schemas() "
        "union select database_name from duckdb_databases() "
        "union select function_name from duckdb_functions() "
        "where function_type in ('table', 'table_macro', 'macro') "
        "union select name from duckdb_settings()"
    ).fetchall()
    return frozenset(name.lower() for (name,) in rows) | {"system", "temp", "main", "memory"}


def check(con: duckdb.DuckDBPyConnection, sql: str, views: Set[str], forbidden: Set[str]) -> str:
    """Return the one SELECT statement in `sql`, or raise QueryRefused.

    views: the names the statement may read (the session's scoped views); forbidden: names a
    CTE may not take (forbidden_cte_names of the same connection, plus the catalog's tables).
    """
    check_size(sql)
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QuerySyntaxError(one_line(exc)) from None
    if len(statements) != 1:
        raise refuse("statements", n=len(statements))
    try:
        kind = statements[0].type.name
    except ValueError:  # a statement type the Python binding has no name for (UPDATE EXTENSIONS)
        kind = "another kind of statement"
    if kind != "SELECT":
        raise refuse("not_select", kind=kind)
    text = statements[0].query
    serialized = con.execute("select json_serialize_sql($q)", {"q": text}).fetchall()[0][0]
    try:
        tree = json.loads(serialized)
    except RecursionError:
        raise refuse("nested") from None
    if tree.get("error"):
        raise refuse("not_select_error", error=tree.get("error_message"))
    nodes = list(_nodes(tree))
    ctes = _cte_names(nodes, {name.lower() for name in forbidden} | {v.lower() for v in views})
    own = frozenset(v.lower() for v in views)
    readable = own | ctes
    for node in nodes:
        if "class" in node:
            _check_expression(node)
        elif "sample" in node and "type" in node and "cte_map" not in node:
            # Table references carry "sample" like query nodes do, but no "cte_map".
            _check_ref(node, readable, own)
    return text


def _nodes(tree) -> list[dict]:
    """Every object in the syntax tree, without recursion (a deep statement cannot overflow)."""
    stack, out = [tree], []
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            out.append(node)
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, dict | list))
    return out


def _cte_names(nodes: list[dict], taken: set[str]) -> frozenset[str]:
    names = set()
    for node in nodes:
        cte = node.get("cte_map")
        if not isinstance(cte, dict):
            continue
        for entry in cte.get("map") or []:
            name = entry["key"]
            if not CTE_NAME.fullmatch(name):
                raise refuse("cte_word", name=repr(name))
            if name.lower() in taken:
                raise refuse("cte_taken", name=repr(name), suggest="my_" + name.lower())
            names.add(name.lower())
    return frozenset(names)


def _check_expression(node: dict) -> None:
    kind = node["class"]
    if kind not in EXPRESSION_CLASSES:
        if kind == "PARAMETER":
            raise refuse("parameters")
        raise refuse("expression", kind=kind.lower().replace("_", " "))
    if kind in ("FUNCTION", "WINDOW"):
        name = node.get("function_name", "")
        allowed = FUNCTIONS if kind == "FUNCTION" else WINDOW_FUNCTIONS
        if node.get("catalog") or node.get("schema"):
            qualified = ".".join(p for p in (node.get("catalog"), node.get("schema"), name) if p)
            raise refuse("function_qualified", name=repr(qualified))
        if name.lower() not in allowed:
            raise refuse("function", name=repr(name))
        if name.lower() in BY_NAME:
            _check_aggregate_named(name, node.get("arguments") or [])
    elif kind == "TYPE" and (node.get("catalog") or node.get("schema")):
        raise refuse("type_qualified")


def _check_aggregate_named(function: str, arguments: list) -> None:
    """list_aggr(list, 'name', …) calls the aggregate it names: a literal on the allow-list."""
    named = arguments[1].get("expression", {}) if len(arguments) > 1 else {}
    literal = named.get("literal") or {}
    if named.get("class") != "CONSTANT" or literal.get("kind") != "STRING":
        raise refuse("aggregate_literal", function=function)
    if literal.get("text", "").lower() not in AGGREGATE_FUNCTIONS:
        raise refuse("aggregate", function=function, name=repr(literal.get("text")))


def _check_ref(ref: dict, names: frozenset[str], views: frozenset[str]) -> None:
    kind = ref["type"]
    if kind == "BASE_TABLE":
        catalog, schema = ref.get("catalog_name", ""), ref.get("schema_name", "")
        table = ref.get("table_name", "")
        qualified = ".".join(p for p in (catalog, schema, table) if p)
        if catalog or schema or table.lower() not in names:
            raise refuse("table_listed", name=repr(qualified), names=", ".join(sorted(names)))
    elif kind == "TABLE_FUNCTION":
        function = ref.get("function", {})
        fname = function.get("function_name", "")
        if function.get("catalog") or function.get("schema") or fname not in TABLE_FUNCTIONS:
            raise refuse(
                "table_function", name=repr(fname), names=", ".join(sorted(TABLE_FUNCTIONS))
            )
    elif kind == "SHOW_REF":
        # DESCRIBE / SUMMARIZE wrap a query, whose tables the walk checks. SHOW <table> names a
        # table directly; SHOW TABLES / SHOW DATABASES / SHOW ALL TABLES list the database,
        # attached catalog and unscoped tables included: refused.
        table = ref.get("table_name", "")
        if (
            ref.get("show_type") == "SHOW_SPECIAL"
            or ref.get("catalog_name")
            or ref.get("schema_name")
        ):
            raise refuse("show")
        # Not a CTE's name: SHOW of a name that is no table shows the setting of that name.
        if table and table.lower() not in views:
            raise refuse("table", name=repr(table))
    elif kind not in _PLAIN_REFS:
        raise refuse("kind", kind=kind.lower().replace("_", " "))


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type's name if it has none)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def one_line(exc: BaseException) -> str:
    """DuckDB's first line; for a syntax error, where it is (DuckDB shows it with a caret); for
    a column not found, the columns DuckDB suggests instead (its "Candidate bindings" line: of
    the tables the statement reads, which the analyst may see)."""
    text = str(exc).strip()
    if not text:
        return type(exc).__name__
    lines = text.splitlines()
    where = ""
    for i, line in enumerate(lines[:-1]):
        match = re.match(r"LINE (\d+): ", line)
        if match and "^" in lines[i + 1]:
            where = f" (line {match.group(1)}, column {lines[i + 1].index('^') - match.end() + 1})"
    hint = next((x.strip() for x in lines[1:] if x.startswith("Candidate bindings:")), "")
    return lines[0] + where + (f" {hint}" if hint else "")
