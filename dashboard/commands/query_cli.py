"""`griddash query SQL|- [--file F] [--scope PREFIX] [--format table|csv|json|parquet] [--out FILE]`.

The statement runs as on the console page: in a worker process of its own
(Catalog.console_statement, dashboard.data.sql_sandbox), checked there by dashboard.data.sqlguard, on a
read-only, locked connection of the session's scoped views, under a time limit and a memory limit
of the whole process. Table output shows at most --max-rows rows; the file formats stream every
row in Arrow batches, up to --max-bytes.
Exit status: 0 ran, 1 failed while running (syntax, time limit, memory limit, result size),
2 refused (or a bad argument), 130 interrupted. Every error is one line on standard error.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from dashboard.analysis.console import error_kind
from dashboard.data import catalogs, sql_sandbox
from dashboard.data.catalog import Catalog, CatalogError, Limits, check_scope
from dashboard.data.sql_sandbox import StatementFailed
from dashboard.data.sqlguard import MAX_STATEMENT_BYTES, QueryRefused, first_line
from dashboard.data.warehouse import WarehouseError

MIN_MEMORY = 256 << 20  # a worker needs about 130 MB before it reads a row
TABLE_CELLS = 200_000  # printed in table format at most (rows × columns)


class ResultTooLarge(StatementFailed):
    def __init__(self, limit: int, out: Path | None):
        written = "nothing was written" if out else "the output above is incomplete"
        super().__init__(
            "failed",
            f"the result is over the size limit of {limit:,} bytes (--max-bytes to change); "
            + written,
        )


def explain_error(exc: Exception, limits: Limits) -> str:
    """A one-line message for a failed statement, in plain words, the detail after."""
    kind = error_kind(exc)  # the same classification the SQL console words on its page
    detail = str(exc)
    if kind == "time_limit":
        return f"stopped after the time limit of {limits.time_limit_s:g} s (--time-limit to change)"
    if kind == "memory_limit":
        said = "" if detail.startswith("stopped at") else f": {detail}"
        return (
            f"stopped at the memory limit of {limits.memory_limit} (--memory-limit to change){said}"
        )
    if kind == "syntax":
        return detail if detail.startswith("syntax error") else f"syntax error: {detail}"
    if kind == "refused":
        return f"refused: {detail}"
    return f"query failed: {detail}"


def read_statement(args) -> str:
    """The statement: the argument, standard input (`-`) or --file; QueryRefused when none, or
    when it is over the size limit (read no further than that) or not UTF-8 text."""
    if args.file is not None:
        if args.sql is not None:
            raise QueryRefused("expected the statement as an argument or --file, found both")
        try:
            with open(args.file, "rb") as fh:
                return _text(fh.read(MAX_STATEMENT_BYTES + 1), f"--file {args.file}")
        except OSError as exc:
            raise QueryRefused(
                f"--file {args.file}: expected a readable file ({exc.strerror})"
            ) from None
    if args.sql == "-":
        return _text(sys.stdin.buffer.read(MAX_STATEMENT_BYTES + 1), "standard input")
    if args.sql is None:
        raise QueryRefused('expected a statement: griddash query "select …", - or --file F')
    return args.sql


def _text(data: bytes, where: str) -> str:
    if len(data) > MAX_STATEMENT_BYTES:
        raise QueryRefused(
            f"{where}: the statement is over {MAX_STATEMENT_BYTES:,} bytes; expected at most "
            f"{MAX_STATEMENT_BYTES:,} bytes"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryRefused(
            f"{where}: expected UTF-8 text, found a byte that is not (byte {exc.start + 1})"
        ) from None


def _flat_only(schema: pa.Schema) -> None:
    """CSV holds flat text values: say so before anything is written, not halfway."""
    for field in schema:
        kind = field.type
        if (
            pa.types.is_nested(kind)
            or pa.types.is_union(kind)
            or pa.types.is_binary(kind)
            or pa.types.is_large_binary(kind)
            or pa.types.is_fixed_size_binary(kind)
        ):
            raise StatementFailed(
                "failed",
                f"column {field.name!r} is a {field.type}; CSV holds flat values: use --format "
                "json or parquet, or cast it to varchar",
            )


@contextmanager
def _sink(out: Path | None, binary: bool):
    """Standard output, or `out` written through a temporary file that replaces it only when
    the statement succeeds: a refused or failed query leaves no empty or partial file."""
    if out is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    tmp = out.with_name(f".{out.name}.partial")
    try:
        with open(tmp, "wb" if binary else "w", encoding=None if binary else "utf-8") as fh:
            yield fh
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _note_renamed(statement: sql_sandbox.Statement) -> None:
    if statement.renamed:
        pairs = ", ".join(f"{old} -> {new}" for old, new in statement.renamed)
        print(f"griddash: note: repeated column names numbered: {pairs}", file=sys.stderr)


def _table(cat: Catalog, sql: str, max_rows: int, out: Path | None) -> None:
    with cat.console_statement(sql, max_rows=max_rows) as statement:
        table = statement.table()
    frame = pl.from_arrow(table)
    shown = min(frame.height, max(1, TABLE_CELLS // max(frame.width, 1)))
    with pl.Config(tbl_rows=shown, tbl_cols=-1, fmt_str_lengths=60, tbl_width_chars=200):
        text = str(frame.head(shown))
    note = f"{shown:,} rows"
    if shown < frame.height:
        note += (
            f" shown of {frame.height:,} (a table shows at most {TABLE_CELLS:,} cells; "
            "--format csv for every value)"
        )
    elif statement.cut == "rows":
        note += f" shown; more rows exist (--max-rows {max_rows}, or --format csv)"
    elif statement.cut == "size":
        note += (
            f" shown; the result is over {sql_sandbox.PAGE_MAX_BYTES >> 20} MB or "
            f"{sql_sandbox.PAGE_MAX_VALUES:,} values (--format csv)"
        )
    with _sink(out, binary=False) as fh:
        fh.write(text + "\n" + note + "\n")
    _note_renamed(statement)


def _write(cat: Catalog, sql: str, fmt: str, out: Path | None, max_bytes: int) -> int:
    """Stream every row of `sql` to `out` (or standard output); returns the row count."""
    rows = 0
    with cat.console_statement(sql, max_bytes=max_bytes, max_values=None) as statement:
        if fmt in ("parquet", "csv"):
            make = pq.ParquetWriter if fmt == "parquet" else pacsv.CSVWriter
            with _sink(out, binary=True) as fh:
                writer = None
                for batch in statement.batches():
                    if fmt == "csv" and writer is None:
                        _flat_only(statement.schema)
                    writer = writer or make(fh, statement.schema)
                    writer.write_batch(batch)
                    rows += batch.num_rows
                if statement.cut:
                    raise ResultTooLarge(max_bytes, out)
                (writer or make(fh, statement.schema)).close()  # no rows: still the columns
        else:
            with _sink(out, binary=False) as fh:  # json: one array of objects
                for batch in statement.batches():
                    for record in pa.Table.from_batches([batch]).to_pylist():
                        text = json.dumps(record, ensure_ascii=False, default=str)
                        fh.write(("," if rows else "[") + "\n" + text)
                        rows += 1
                if statement.cut:
                    raise ResultTooLarge(max_bytes, out)
                fh.write("\n]\n" if rows else "[\n]\n")
    _note_renamed(statement)
    return rows


def main(args) -> int:
    # The worker's tracebacks are for a server's log; here the one-line message says it all.
    logging.getLogger("griddash.sql").addHandler(logging.NullHandler())
    logging.getLogger("griddash.sql").propagate = bool(os.environ.get("GRIDDASH_DEBUG"))
    limits = Limits(time_limit_s=args.time_limit, memory_limit=args.memory_limit)
    try:
        if limits.memory_bytes < MIN_MEMORY:  # a bad size is a usage error, said before anything
            raise ValueError(
                f"--memory-limit: expected at least 256MB, found {args.memory_limit!r}"
            )
        machine = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        if limits.memory_bytes > machine:
            raise ValueError(
                f"--memory-limit: expected at most this machine's memory ({machine / 1e9:.0f}GB), "
                f"found {args.memory_limit!r}"
            )
        cat = catalogs.open_catalog(args.catalog, scope=check_scope(args.scope), limits=limits)
        sql = read_statement(args)
        if args.format == "parquet" and args.out is None:
            raise QueryRefused("--format parquet needs --out FILE (Parquet is binary)")
        if args.format == "table":
            _table(cat, sql, args.max_rows, args.out)
        else:
            _write(cat, sql, args.format, args.out, args.max_bytes or sql_sandbox.FILE_MAX_BYTES)
    except QueryRefused as exc:
        kind = error_kind(exc)
        print(f"griddash: {explain_error(exc, limits)}", file=sys.stderr)
        return 1 if kind == "syntax" else 2  # a syntax error failed to run, like DuckDB's own
    except pa.ArrowException as exc:  # a value this format cannot write: it ran, then failed
        print(f"griddash: query failed: {first_line(exc)}", file=sys.stderr)
        return 1
    except (ValueError, CatalogError, WarehouseError) as exc:
        print(f"griddash: {first_line(exc)}", file=sys.stderr)
        return 2
    except StatementFailed as exc:
        print(f"griddash: {explain_error(exc, limits)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "griddash: interrupted; the statement was stopped and nothing written", file=sys.stderr
        )
        return 130
    except BrokenPipeError:
        return 1  # the reader of standard output went away (| head): nothing more to say
    except BaseException as exc:  # a result this command cannot write, a bug: one line
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # SystemExit and the like; a Rust panic in Polars or Arrow is reported
        print(f"griddash: query failed: {first_line(exc)}", file=sys.stderr)
        return 1
    return 0
