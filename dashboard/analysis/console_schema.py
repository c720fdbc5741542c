"""The SQL console's schema browser (the session's views with their columns, described from
the export contract and the aggregates' headers) and its ready examples (the named queries with
values filled in for the data's last day and the session's scope)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dashboard.core import contract, i18n
from dashboard.data import queries, scoped_db
from dashboard.data.catalog import Catalog

# -- the schema browser -------------------------------------------------------------------------

# DuckDB's types by the contract's kinds, for the tables the contract does not describe.
_KIND_OF_TYPE = {
    "BIGINT": "integer",
    "INTEGER": "integer",
    "SMALLINT": "integer",
    "TINYINT": "integer",
    "HUGEINT": "integer",
    "UBIGINT": "integer",
    "UINTEGER": "integer",
    "DOUBLE": "floating",
    "FLOAT": "floating",
    "VARCHAR": "string",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "BOOLEAN": "boolean",
}
# Where a column of a table the contract does not describe takes its description from, when
# not from the i18n strings (sqlcol_<name>): the contract table it was copied from.
_SOURCE_TABLE = {
    "open_spans": "incidents",
    "incident_milestones": "incidents",
    "cases_handled_by_worker_day": "worker_grids",
    "returns_by_unit_grid_day": "incident_events",
    "time_limits_by_grid_day": "incidents",
    "patrols_by_grid_day": "patrols",
}


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class TableInfo:
    name: str
    group: str  # "export" (the export contract), "aggregate" (built at ingest), "catalog"
    title: str  # what it holds, in the interface language
    grain: str  # one row per …
    columns: tuple[ColumnInfo, ...]


def _kind(data_type: str) -> str:
    base = data_type.split("(")[0].upper()
    return _KIND_OF_TYPE.get(base, data_type.lower())


def _contract_column(table: str, column: str) -> contract.Column | None:
    for name in (table, _SOURCE_TABLE.get(table)):
        if name in contract.BY_NAME:
            try:
                return contract.BY_NAME[name].column(column)
            except KeyError:
                pass
    for t in contract.TABLES:  # a column named as in the contract (grid_code, item_code …)
        if column in t.column_names:
            return t.column(column)
    return None


# Columns whose name means something else in these tables than elsewhere in the catalog
# (incidents_by_grid_day's `closed` is a count; a cohort's is whether the incident closed).
_OWN_COLUMN_KEYS = {
    ("resolution_minutes_by_scope_group", "closed"): "sqlcol_cohort_closed",
    ("within_limit_by_scope", "closed"): "sqlcol_cohort_closed",
}


def _describe(table: str, column: str, lang: str) -> str:
    key = _OWN_COLUMN_KEYS.get((table, column), f"sqlcol_{column}")
    if key in i18n.STRINGS and table not in contract.BY_NAME:
        return i18n.t(key, lang)
    c = _contract_column(table, column)
    if c is None:
        return i18n.t("sqlcol_added", lang)
    text = i18n.pick(c.zh, c.en, lang)
    return f"{text} ({' / '.join(c.values)})" if c.values else text


def _build_header(name: str) -> queries.NamedQuery | None:
    path = queries.QUERIES_DIR / "build" / f"{name}.sql"
    return queries.parse(path) if path.exists() else None


def schema(cat: Catalog, lang: str) -> list[TableInfo]:
    """Every table the session may read (its scoped views, nothing else), with its columns as
    DuckDB has them and their kinds and descriptions from the export contract; the catalog's
    aggregates and bookkeeping tables described from queries/build/ and the i18n strings.
    Export tables first (contract order), then aggregates, then the catalog's own tables."""
    columns = cat.columns()
    by_table: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in columns.iter_rows():
        if table in cat.views:
            by_table.setdefault(table, []).append((column, data_type))
    out = []
    for name, cols in by_table.items():
        spec = contract.BY_NAME.get(name)
        if spec is not None:
            group, title = "export", i18n.pick(spec.zh, spec.en, lang)
            grain = i18n.pick(spec.grain_zh, spec.grain_en, lang)
            kinds = {c.name: c.kind for c in spec.columns}
        else:
            header = _build_header(name)
            group = "aggregate" if header else "catalog"
            title = i18n.t(f"sqltable_{name}", lang) if f"sqltable_{name}" in i18n.STRINGS else name
            grain = header.grain if header else ""
            kinds = {}
        out.append(
            TableInfo(
                name,
                group,
                title,
                grain,
                tuple(
                    ColumnInfo(c, kinds.get(c) or _kind(dt), _describe(name, c, lang))
                    for c, dt in cols
                ),
            )
        )
    order = {name: i for i, name in enumerate(contract.TABLE_NAMES)}
    groups = {"export": 0, "aggregate": 1, "catalog": 2}
    return sorted(out, key=lambda t: (groups[t.group], order.get(t.name, 0), t.name))


def find(tables: list[TableInfo], text: str) -> list[TableInfo]:
    """The tables, and within them the columns, whose name or description contain `text`
    (case-insensitive); a table whose own name or title matches keeps all its columns."""
    needle = text.strip().lower()
    if not needle:
        return tables
    found = []
    for table in tables:
        if needle in table.name.lower() or needle in table.title.lower():
            found.append(table)
            continue
        cols = tuple(
            c for c in table.columns if needle in c.name.lower() or needle in c.description.lower()
        )
        if cols:
            found.append(TableInfo(table.name, table.group, table.title, table.grain, cols))
    return found


def table_sql(name: str) -> str:
    """A first look at a table (name: one of the session's views, listed by `schema`)."""
    return f"select *\nfrom {name}\nlimit 100"


# -- the ready examples -------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    name: str
    purpose: str  # in the interface language where a translation exists, else the header's
    grain: str
    source: str
    params: tuple[tuple[str, str, str], ...]  # (name, declared type, value filled in)
    sql: str  # ready to run: the parameters written in as literals


_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def example_values(as_of: date, scope: str) -> dict[str, date | datetime | int | str]:
    """Sensible values for the named queries' parameters: the last full day of the data, the 30
    days ending on it, its end as the cut-off, the level below the scope, 15 rows, 7 days, the
    session's own place as a place code, and an empty incident id for the analyst to fill in
    (the supervision notice's queries), and no filter ('') for the /incidents page's matter, item
    and sources."""
    below = {0: 6, 6: 9, 9: 12, 12: 16, 16: 16}[len(scope)]
    return {
        "as_of": as_of,
        "from": as_of - timedelta(days=29),
        "to": as_of,
        "cutoff": datetime.combine(as_of + timedelta(days=1), datetime.min.time()),
        "digits": below,
        "limit": 15,
        "days": 7,
        "code": scope,
        "incident_id": "",
        "matter": "",
        "item": "",
        "sources": "",
    }


def _literal(value: date | datetime | int | str, declared: str) -> str:
    kind = declared.split(",")[0].strip()
    if kind == "text":
        return "'" + str(value).replace("'", "''") + "'"
    if kind == "timestamp":
        return f"timestamp '{value:%Y-%m-%d %H:%M:%S}'"
    if kind == "date":
        return f"date '{value:%Y-%m-%d}'"
    if kind == "integer":
        return str(int(value))
    raise ValueError(f"{declared}: expected a date, timestamp, integer or text parameter")


def fill(query: queries.NamedQuery, values: dict) -> tuple[str, dict[str, str]]:
    """The query's text with each $parameter replaced by a typed literal of its value (comments
    left as they are), ready to edit and run as the analyst's own statement; and the literals.

    The values are ours (dates, integers, a place code: example_values), never user input, and the text goes
    through the console's statement check like anything typed in the editor."""
    literals = {p: _literal(values[p], declared) for p, declared in query.params.items()}
    lines = []
    for line in query.sql.splitlines():
        code, dash, comment = line.partition("--")
        lines.append(_PARAM.sub(lambda m: literals[m.group(1)], code) + dash + comment)
    text = "\n".join(lines).rstrip()
    if literals:
        shown = ", ".join(f"${p} = {lit}" for p, lit in literals.items())
        header_end = next((i for i, ln in enumerate(lines) if not ln.startswith("--")), 0)
        text_lines = text.splitlines()
        text_lines.insert(header_end, f"-- filled in: {shown}")
        text = "\n".join(text_lines)
    return text, literals


def examples(as_of: date, scope: str, lang: str) -> list[Example]:
    """The named queries (dashboard.data.queries.registry) as ready examples. A scoped console
    leaves out those that read the catalog's city-wide counts (data_quality): its session has
    no such tables (scoped_db.CITY_ONLY_IN_CONSOLE), so the example could only be refused."""
    values = example_values(as_of, scope)
    out = []
    for q in queries.registry().values():
        if scope and set(re.findall(r"\w+", q.sql)) & set(scoped_db.CITY_ONLY_IN_CONSOLE):
            continue
        sql, literals = fill(q, values)
        key = f"sqlquery_{q.name}"
        purpose = i18n.t(key, lang) if key in i18n.STRINGS else q.purpose
        params = tuple((p, declared, literals[p]) for p, declared in q.params.items())
        out.append(Example(q.name, purpose, q.grain, q.source, params, sql))
    return out
