"""The analyst SQL console (`/sql`): running a statement and its history. Its downloads are in
dashboard.analysis.downloads, its schema browser and examples in console_schema, its quick chart
and map in console_chart. No Streamlit here; views/sql.py lays it out.

Every statement runs in a worker process of its own (`Catalog.console_statement`,
dashboard.data.sql_sandbox) — the path `griddash query` takes too: checked there (dashboard.data.sqlguard:
one SELECT, the session's scoped views, allow-listed functions), on a read-only, locked
connection, under a time limit and a memory limit of the whole process (catalog.CONSOLE_LIMITS),
and at most MAX_ROWS rows come back, with a flag when more exist. `run` never raises for a bad
statement: it returns a `Run` whose `failure` says what kind of failure it was (the page words
it, i18n) and carries one line of detail — never a traceback or a path of the server.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import polars as pl

from dashboard.analysis.downloads import FORMATS
from dashboard.core import i18n, paths
from dashboard.data import sql_sandbox, sql_worker, sqlguard
from dashboard.data.catalog import Catalog, Limits
from dashboard.data.sql_sandbox import StatementFailed
from dashboard.data.sqlguard import QueryRefused

log = logging.getLogger("griddash.sql")

if TYPE_CHECKING:
    pass

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

    def detail_text(self, lang: str) -> str:
        """The detail in the interface language where it is a statement check's refusal
        (sqlguard.REFUSALS); DuckDB's own messages stay as DuckDB wrote them."""
        found = sqlguard.refusal_of(self.detail) if self.kind == "refused" else None
        if found is None:
            return self.detail
        key, values = found
        return i18n.t(f"sql_refusal_{key}", lang, **values)


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


def file_name(result: Run, fmt: str) -> str:
    return f"griddash-{result.at:%Y%m%d-%H%M%S}.{FORMATS[fmt][0]}"
