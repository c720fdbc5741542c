"""The analyst SQL console (`/sql`): running a statement, its history, downloads, the schema
browser, the ready examples and the quick map. No Streamlit here; views/sql.py lays it out.

Every statement runs in a worker process of its own (`Catalog.console_statement`,
dashboard.data.sql_sandbox) — the path `griddash query` takes too: checked there (dashboard.data.sqlguard:
one SELECT, the session's scoped views, allow-listed functions), on a read-only, locked
connection, under a time limit and a memory limit of the whole process (catalog.CONSOLE_LIMITS),
and at most MAX_ROWS rows come back, with a flag when more exist. `run` never raises for a bad
statement: it returns a `Run` whose `failure` says what kind of failure it was (the page words
it, i18n) and carries one line of detail — never a traceback or a path of the server.
"""

from __future__ import annotations

import io
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import polars as pl

from dashboard.core import contract, i18n, paths
from dashboard.data import queries, scoped_db, sql_sandbox, sql_worker, sqlguard
from dashboard.data.catalog import Catalog, Limits
from dashboard.data.sql_sandbox import StatementFailed
from dashboard.data.sqlguard import QueryRefused

log = logging.getLogger("griddash.sql")

if TYPE_CHECKING:
    import pydeck as pdk

MAX_ROWS = 10_000  # rows shown, charted and downloaded; the page says when more exist
HISTORY_LENGTH = 50  # entries kept per session
PAGE_SIZE = (  # the most a result may weigh on the page
    f"{sql_sandbox.PAGE_MAX_BYTES >> 20} MB / {sql_sandbox.PAGE_MAX_VALUES:,}"
)
PER_USER = sql_sandbox.SLOTS.per_user  # statements of one user running at once
LINK_MAX_CHARS = 4_000  # a longer statement is not put in the URL (proxies cut long links)
SHOWN_MAX_CHARS = 3_000  # of the statement that ran, shown highlighted above its result
STARTER = """-- 各区的网格、户数与人口 / grids, households and population per district
select district_code, district_name, count(*) as grids,
       sum(households) as households, sum(population) as population
from grids
group by all
order by population desc"""

# -- running ------------------------------------------------------------------------------------

FAILURE_KINDS = ("syntax", "refused", "time_limit", "memory_limit", "busy", "failed")


def error_kind(exc: BaseException) -> str:
    """What went wrong, in one of FAILURE_KINDS; shared with `griddash query`'s messages."""
    if isinstance(exc, StatementFailed):
        return exc.kind
    return sql_worker.failure_kind(exc)


@dataclass(frozen=True)
class Failure:
    kind: str  # one of FAILURE_KINDS
    detail: str  # one line: DuckDB's own message, or the statement check's, or the limit's

    def message(self, lang: str, limits: Limits) -> str:
        """What happened, in plain words in the interface language."""
        return i18n.t(
            f"sql_fail_{self.kind}",
            lang,
            seconds=f"{limits.time_limit_s:g}",
            memory=limits.memory_limit,
            per_user=sql_sandbox.SLOTS.per_user,
        )


@dataclass(frozen=True)
class Run:
    """One statement run in the console."""

    sql: str
    frame: pl.DataFrame | None  # None when it failed
    truncated: bool  # more rows exist than came back (see cut)
    elapsed_ms: float
    at: datetime  # local wall clock when it ran
    failure: Failure | None = None
    cut: str | None = None  # None, "rows" (at max_rows) or "size" (at the result size limit)
    renamed: tuple[tuple[str, str], ...] = ()  # repeated column names, numbered
    version: str | None = None  # the data version the statement read (None: unknown or failed)

    @property
    def ok(self) -> bool:
        return self.failure is None

    @property
    def rows(self) -> int:
        return 0 if self.frame is None else self.frame.height


def run(
    cat: Catalog,
    text: str,
    max_rows: int | None = None,
    *,
    user: str = "",
    on_wait: Callable[[str], None] | None = None,
) -> Run:
    """Run an analyst's statement on `cat` in a worker process (Catalog.console_statement, the
    path `griddash query` takes too): the first max_rows rows (default MAX_ROWS), whether more
    exist, and the time it took. At most sql_sandbox.SLOTS.per_user statements of one `user` run
    at once; when the next must wait, on_wait('user' or 'server') is called first, and
    on_wait('build') before the scope's copy of the catalog is first built. Never raises
    for a bad statement: the failure is in the Run, in one line."""
    at = paths.now_local()
    start = time.perf_counter()
    limit = MAX_ROWS if max_rows is None else max_rows
    try:
        slot = sql_sandbox.SLOTS.hold(user, on_wait=on_wait, timeout=cat.limits.time_limit_s + 5)
        build = (lambda: on_wait("build")) if on_wait else None
        with slot, cat.console_statement(text, max_rows=limit, on_build=build) as statement:
            table = statement.table()
        frame = pl.from_arrow(table)
        if not isinstance(frame, pl.DataFrame):  # a result of one column comes back a Series
            frame = frame.to_frame()
    except (QueryRefused, StatementFailed) as exc:
        elapsed = (time.perf_counter() - start) * 1000
        return Run(text, None, False, elapsed, at, Failure(error_kind(exc), str(exc)))
    except BaseException as exc:  # a result Polars cannot hold, a bug: one line, in the log too
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # Streamlit's stop and rerun; a Rust panic in Polars or Arrow is reported
        log.exception("SQL console: the result of a statement could not be shown")
        failure = Failure("failed", sqlguard.first_line(exc))
        return Run(text, None, False, (time.perf_counter() - start) * 1000, at, failure)
    elapsed = (time.perf_counter() - start) * 1000
    return Run(
        text,
        frame,
        statement.cut is not None,
        elapsed,
        at,
        cut=statement.cut,
        renamed=statement.renamed,
        version=statement.version,
    )


def shown_text(sql: str) -> tuple[str, int]:
    """The start of `sql` to show highlighted (a browser highlights megabytes slowly), and how
    many characters were left out."""
    return sql[:SHOWN_MAX_CHARS], max(len(sql) - SHOWN_MAX_CHARS, 0)


def link_text(sql: str) -> str | None:
    """The statement to put in the page's URL, or None when it is too long for a link."""
    return sql if len(sql) <= LINK_MAX_CHARS else None


# -- history ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A line of the session's history."""

    sql: str
    rows: int
    truncated: bool
    elapsed_ms: float
    at: datetime
    failure: str | None  # the failure kind, None when it ran

    @property
    def first_line(self) -> str:
        """The statement on one line, comments left out, for a list."""
        code = [ln.split("--", 1)[0].strip() for ln in self.sql.splitlines()]
        return " ".join(part for part in code if part) or self.sql.strip()


def remember(history: list[Entry], result: Run, keep: int = HISTORY_LENGTH) -> list[Entry]:
    """The history with `result` first; the same statement run again moves to the top."""
    entry = Entry(
        result.sql,
        result.rows,
        result.truncated,
        result.elapsed_ms,
        result.at,
        result.failure.kind if result.failure else None,
    )
    return [entry, *(e for e in history if e.sql != result.sql)][:keep]


# -- downloads ----------------------------------------------------------------------------------

FORMATS = {  # format → (file extension, MIME type)
    "csv": ("csv", "text/csv"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "parquet": ("parquet", "application/vnd.apache.parquet"),
}


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested columns (lists, structs, arrays) as JSON text: CSV and Excel hold flat values."""
    nested = [n for n, d in frame.schema.items() if d.is_nested()]
    if not nested:
        return frame
    return frame.with_columns(
        pl.Series(
            n,
            [
                None if v is None else json.dumps(v, ensure_ascii=False, default=str)
                for v in frame[n].to_list()
            ],
            dtype=pl.String,
        )
        for n in nested
    )


def download(frame: pl.DataFrame, fmt: str) -> bytes:
    """The result as a file: `csv` (UTF-8 with a byte-order mark, so Excel reads Chinese
    text), `xlsx` (one sheet) or `parquet` (types kept, nested columns too)."""
    buf = io.BytesIO()
    if fmt == "csv":
        buf.write(b"\xef\xbb\xbf")
        _flat(frame).write_csv(buf)
    elif fmt == "xlsx":
        _flat(frame).write_excel(buf, worksheet="result", autofit=frame.height <= 2_000)
    elif fmt == "parquet":
        frame.write_parquet(buf)
    else:
        raise ValueError(f"format: expected one of {', '.join(FORMATS)}, found {fmt!r}")
    return buf.getvalue()


def file_name(result: Run, fmt: str) -> str:
    return f"griddash-{result.at:%Y%m%d-%H%M%S}.{FORMATS[fmt][0]}"


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
_SOURCE_TABLE = {"open_spans": "incidents"}


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


def _describe(table: str, column: str, lang: str) -> str:
    key = f"sqlcol_{column}"
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
    columns = cat.sql(
        "select table_name, column_name, data_type from duckdb_columns() "
        "where database_name = current_database() and schema_name = 'main' "
        "order by table_name, column_index"
    )
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


def example_values(as_of: date, scope: str) -> dict[str, date | datetime | int]:
    """Sensible values for the named queries' parameters: the last full day of the data, the 30
    days ending on it, its end as the cut-off, the level below the scope, 15 rows, 7 days."""
    below = {0: 6, 6: 9, 9: 12, 12: 16, 16: 16}[len(scope)]
    return {
        "as_of": as_of,
        "from": as_of - timedelta(days=29),
        "to": as_of,
        "cutoff": datetime.combine(as_of + timedelta(days=1), datetime.min.time()),
        "digits": below,
        "limit": 15,
        "days": 7,
    }


def _literal(value: date | datetime | int, declared: str) -> str:
    kind = declared.split(",")[0].strip()
    if kind == "timestamp":
        return f"timestamp '{value:%Y-%m-%d %H:%M:%S}'"
    if kind == "date":
        return f"date '{value:%Y-%m-%d}'"
    if kind == "integer":
        return str(int(value))
    raise ValueError(f"{declared}: expected a date, timestamp or integer parameter")


def fill(query: queries.NamedQuery, values: dict) -> tuple[str, dict[str, str]]:
    """The query's text with each $parameter replaced by a typed literal of its value (comments
    left as they are), ready to edit and run as the analyst's own statement; and the literals.

    The values are ours (dates, integers: example_values), never user input, and the text goes
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


# -- the quick chart ----------------------------------------------------------------------------

CHART_KINDS = ("line", "bar", "scatter", "map")
MAP_SIZE = (1200, 520)  # pixels; the page gives st.pydeck_chart the same height


@dataclass(frozen=True)
class ChartColumns:
    """A result's columns as the quick chart offers them, and its first guess."""

    all: tuple[str, ...]
    numeric: tuple[str, ...]
    lon: tuple[str, ...]  # numeric columns named like a longitude
    lat: tuple[str, ...]
    kind: str  # line over a date or time, a map where there are coordinates, else bars
    x: str
    ys: tuple[str, ...]
    labels: tuple[str, ...] = ()  # text columns, names first: what a series can be
    series: str | None = None  # one line or bar colour per value of this column


def date_columns(frame: pl.DataFrame) -> list[str]:
    """Columns of dates (shown as dates, not as midnight timestamps)."""
    return [n for n, d in frame.schema.items() if d == pl.Date]


def _unique(frame: pl.DataFrame, cols: list[str]) -> bool:
    return frame.select(cols).is_unique().all()


def chart_columns(frame: pl.DataFrame) -> ChartColumns:
    """The quick chart's first guess: over the first date or time column a line, one per value
    of a text column when the dates repeat (monthly counts by matter type); else bars over the
    result's key — the first text column whose values do not repeat (the street, not its
    district) — or, with coordinates, a map."""
    schema = frame.schema
    numeric = tuple(n for n, d in schema.items() if d.is_numeric())
    lon = tuple(n for n in numeric if re.search(r"(^|_)(lon|lng|longitude)$", n.lower()))
    lat = tuple(n for n in numeric if re.search(r"(^|_)(lat|latitude)$", n.lower()))
    temporal = [n for n, d in schema.items() if d.is_temporal()]
    texts = [n for n, d in schema.items() if d == pl.String]
    labels = [n for n in texts if n.endswith(("name", "_zh", "_en"))]
    labels += [n for n in texts if n not in labels]  # names first
    series = None
    if temporal:
        kind, x = "line", temporal[0]
        if not _unique(frame, [x]):
            series = next((c for c in labels if _unique(frame, [x, c])), None)
    else:
        kind = "map" if lon and lat else "bar"
        keys = [c for c in labels if _unique(frame, [c])] or labels or list(schema)
        x = keys[0]
    values = [n for n in numeric if n != x and n not in lon + lat]
    ys = tuple(values[:3] if kind == "line" and series is None else values[:1])
    return ChartColumns(tuple(schema), numeric, lon, lat, kind, x, ys, tuple(labels), series)


def quick_map(
    cat: Catalog, frame: pl.DataFrame, lon: str, lat: str, value: str | None, lang: str
) -> pdk.Deck:
    """The result's rows as points on the scope's own outlines (maps.outlines), no basemap
    (map_layers.offline_deck): a pydeck ScatterplotLayer on lon/lat, sized by `value` when one
    is chosen."""
    # Imported here: the rest of this module is shared with `griddash query` (error_kind), which
    # should not pay for pydeck and shapely.
    import pydeck as pdk

    from dashboard.geo import map_layers, maps

    cols = [lon, lat] + ([value] if value else [])
    points = frame.select(cols).drop_nulls([lon, lat])
    points = points.filter(pl.col(lon).is_between(-180, 180) & pl.col(lat).is_between(-90, 90))
    weight = points[value].cast(pl.Float64).fill_null(0).abs() if value else None
    top = float(weight.max() or 0) if weight is not None and weight.len() else 0.0
    # Smaller points the more there are, so a few thousand still show where they lie.
    span = 11 if points.height <= 300 else 6 if points.height <= 3_000 else 3
    rows = [
        {
            "position": [float(x), float(y)],
            "radius": 2 + (span * (float(w) / top) ** 0.5 if top else span / 3),
            "value": "" if w is None or value is None else f"{value}: {w:,.6g}",
        }
        for x, y, w in zip(
            points[lon],
            points[lat],
            weight if weight is not None else [None] * points.height,
            strict=True,
        )
    ]
    shapes = maps.outlines(cat)
    layers = [
        map_layers.outline_layer("outlines", shapes.children, map_layers.FINE_OUTLINE, 1.2),
        pdk.Layer(
            "ScatterplotLayer",
            id="points",
            data=rows,
            get_position="position",
            get_radius="radius",
            radius_units=map_layers.literal("pixels"),
            get_fill_color=[230, 159, 0, 190],
            get_line_color=[255, 255, 255, 200],
            stroked=True,
            line_width_units=map_layers.literal("pixels"),
            get_line_width=0.6,
            pickable=True,
        ),
    ]
    if rows:
        xs, ys = points[lon], points[lat]
        bbox = (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
    else:
        bbox = shapes.bbox
    tooltip = map_layers.tooltip("{value}", font_size=13) if value else False
    return map_layers.offline_deck(layers, map_layers.fit_view(bbox, MAP_SIZE), tooltip)
