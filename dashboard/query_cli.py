"""`griddash query "SQL" [--scope PREFIX] [--format table|csv|json|parquet] [--out FILE]`.

The statement runs through Catalog.console: one SELECT over the session's scoped views only,
a read-only catalog, external access off, configuration locked, a time and a memory limit. Table
output shows at most --max-rows rows; the file formats stream every row in Arrow batches.
Exit status: 0 ran, 1 failed while running (syntax, time limit, memory limit), 2 refused.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from dashboard.catalog import Catalog, CatalogError, Limits, check_scope
from dashboard.console import error_kind
from dashboard.sqlguard import QueryRefused, QuerySyntaxError


def explain_error(exc: duckdb.Error, limits: Limits) -> str:
    """A one-line message for a failed statement, in plain words, DuckDB's own first line after."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    kind = error_kind(exc)  # the same classification the SQL console words on its page
    if kind == "time_limit":
        return (
            f"stopped after the time limit of {limits.time_limit_s:g} s "
            f"(--time-limit to change): {first}"
        )
    if kind == "memory_limit":
        return (
            f"stopped at the memory limit of {limits.memory_limit} "
            f"(--memory-limit to change): {first}"
        )
    if kind == "syntax":
        return f"syntax error: {first}"
    if kind == "refused":
        return f"refused: {first}"
    return f"query failed: {first}"


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


def _empty_schema(cat: Catalog, sql: str) -> pa.Schema:
    """The columns of a statement that returned no rows (no batch carried its schema)."""
    frame, _ = cat.console(sql, max_rows=0)
    return frame.to_arrow(compat_level=pl.CompatLevel.oldest()).schema


def _write(cat: Catalog, sql: str, fmt: str, out: Path | None) -> int:
    """Stream every row of `sql` to `out` (or standard output); returns the row count."""
    rows = 0
    if fmt in ("parquet", "csv"):
        make = pq.ParquetWriter if fmt == "parquet" else pacsv.CSVWriter
        writer = None
        with _sink(out, binary=True) as fh:
            for batch in cat.console_batches(sql):
                if writer is None:
                    writer = make(fh, batch.schema)
                writer.write_batch(batch)
                rows += batch.num_rows
            if writer is None:  # no rows: still a valid file, with the columns
                writer = make(fh, _empty_schema(cat, sql))
            writer.close()
        return rows
    with _sink(out, binary=False) as fh:  # json: one array of objects
        fh.write("[")
        for batch in cat.console_batches(sql):
            for record in pa.Table.from_batches([batch]).to_pylist():
                fh.write(("," if rows else "") + "\n" + json.dumps(record, ensure_ascii=False,
                                                                  default=str))  # fmt: skip
                rows += 1
        fh.write("\n]\n")
    return rows


def main(args) -> int:
    limits = Limits(time_limit_s=args.time_limit, memory_limit=args.memory_limit)
    try:
        cat = Catalog(args.catalog, scope=check_scope(args.scope), limits=limits)
        if args.format == "parquet" and args.out is None:
            raise QueryRefused("--format parquet needs --out FILE (Parquet is binary)")
        if args.format == "table":
            frame, truncated = cat.console(args.sql, max_rows=args.max_rows)
            with pl.Config(tbl_rows=args.max_rows, tbl_cols=-1, fmt_str_lengths=60,
                           tbl_width_chars=200):  # fmt: skip
                text = str(frame)
            note = f"{frame.height:,} rows" + (
                f" shown; more rows exist (--max-rows {args.max_rows}, or --format csv)"
                if truncated
                else ""
            )
            with _sink(args.out, binary=False) as fh:
                fh.write(text + "\n" + note + "\n")
        else:
            _write(cat, args.sql, args.format, args.out)
    except QuerySyntaxError as exc:  # before QueryRefused, its base: exit 1 as documented
        print(f"griddash: {exc}", file=sys.stderr)
        return 1
    except QueryRefused as exc:
        print(f"griddash: refused: {exc}", file=sys.stderr)
        return 2
    except (ValueError, CatalogError) as exc:
        print(f"griddash: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"griddash: {explain_error(exc, limits)}", file=sys.stderr)
        return 1
    return 0
