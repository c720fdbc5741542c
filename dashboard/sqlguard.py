"""The SQL console's statement check: one SELECT, reading only the session's scoped views.

Two layers, both using DuckDB's own parser: `duckdb.extract_statements` must find exactly one
statement of type SELECT, and the statement's syntax tree (`json_serialize_sql`) may name only
the views of the session (see dashboard.catalog) or the CTEs in scope where it names them — no
other catalog or schema, no file, and no table function but range / generate_series / unnest.
The connection is locked down as well (read-only catalog, external access off, configuration
locked, limits), so this check is not the only wall; it is the one that keeps a scoped session
off the unscoped tables.
"""

from __future__ import annotations

import json

import duckdb

ALLOWED_TABLE_FUNCTIONS = frozenset({"range", "generate_series", "unnest"})
# Table reference kinds that hold nothing but other table references or values.
_PLAIN_REFS = frozenset({"JOIN", "SUBQUERY", "EXPRESSION_LIST", "EMPTY", "PIVOT", "DELIM_GET"})


class QueryRefused(Exception):
    """A statement the console will not run; the message is one line a person can act on."""


class QuerySyntaxError(QueryRefused):
    """The text does not parse. Still a QueryRefused (nothing ran), but `griddash query` reports
    it as a failure to run (exit 1, like DuckDB's own parser errors), not as a refusal (exit 2)."""


def check(con: duckdb.DuckDBPyConnection, sql: str, allowed: set[str]) -> str:
    """Return the one SELECT statement in `sql`, or raise QueryRefused.

    allowed: the table and view names the statement may read (the session's scoped views).
    """
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QuerySyntaxError(f"syntax error: {_first_line(exc)}") from None
    if len(statements) != 1:
        raise QueryRefused(f"expected one statement, found {len(statements)}")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise QueryRefused(f"only SELECT statements are allowed, found {kind.name}")
    text = statements[0].query
    cur = con.cursor()
    try:
        tree = json.loads(
            cur.execute("select json_serialize_sql($q)", {"q": text}).fetchall()[0][0]
        )
    finally:
        cur.close()
    if tree.get("error"):
        raise QueryRefused(f"only SELECT statements are allowed ({tree.get('error_message')})")
    _walk(tree, frozenset(name.lower() for name in allowed))
    return text


def _walk(node, names: frozenset[str]) -> None:
    if isinstance(node, list):
        for value in node:
            _walk(value, names)
        return
    if not isinstance(node, dict):
        return
    # A CTE's name is visible only inside the query node that declares it (its body, its sibling
    # CTEs, itself when recursive). Collecting CTE names over the whole tree let
    # `select * from (with duckdb_tables as (select 1) select 1), duckdb_tables` read DuckDB's
    # system views (the attached alias, every table's DDL and size), and would let any name
    # outside the CTE's reach resolve to whatever DuckDB finds under it.
    cte = node.get("cte_map")
    if isinstance(cte, dict) and cte.get("map"):
        names = names | {entry["key"].lower() for entry in cte["map"]}
    # Table references carry "sample" like query nodes do, but no "cte_map"; expressions carry
    # "class".
    if "sample" in node and "type" in node and "class" not in node and "cte_map" not in node:
        _check_ref(node, names)
    for value in node.values():
        _walk(value, names)


def _check_ref(ref: dict, names: frozenset[str]) -> None:
    kind = ref["type"]
    if kind == "BASE_TABLE":
        catalog, schema = ref.get("catalog_name", ""), ref.get("schema_name", "")
        table = ref.get("table_name", "")
        qualified = ".".join(p for p in (catalog, schema, table) if p)
        if catalog or schema not in ("", "main") or table.lower() not in names:
            raise QueryRefused(
                f"table {qualified!r} is not available here; expected one of "
                f"{', '.join(sorted(names))}"
            )
    elif kind == "TABLE_FUNCTION":
        function = ref.get("function", {})
        fname = function.get("function_name", "")
        if (
            function.get("catalog")
            or function.get("schema")
            or fname not in ALLOWED_TABLE_FUNCTIONS
        ):
            raise QueryRefused(
                f"table function {fname!r} is not allowed; expected one of "
                f"{', '.join(sorted(ALLOWED_TABLE_FUNCTIONS))} or a table"
            )
    elif kind == "SHOW_REF":
        # DESCRIBE / SUMMARIZE wrap a query, whose tables the walk checks. SHOW <table> names a
        # table directly; SHOW TABLES / SHOW DATABASES / SHOW ALL TABLES list the database,
        # attached catalog and unscoped tables included: refused.
        table = ref.get("table_name", "")
        if (
            ref.get("show_type") == "SHOW_SPECIAL"
            or ref.get("catalog_name")
            or (ref.get("schema_name") not in ("", "main"))
        ):
            raise QueryRefused("SHOW of the database is not allowed; the schema browser lists "
                               "the tables")  # fmt: skip
        if table and table.lower() not in names:
            raise QueryRefused(f"table {table!r} is not available here")
    elif kind not in _PLAIN_REFS:
        raise QueryRefused(f"{kind.lower().replace('_', ' ')} is not allowed in the console")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
