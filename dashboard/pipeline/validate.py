"""Check the Parquet exports against the export contract and quarantine bad rows.

`validate(exports)` reads every contract table (`exports/<table>/**/*.parquet`, or a single
`exports/<table>.parquet`), checks each file's schema, gives every row of a loadable table its
quarantine reason in DuckDB, writes the bad rows to `<quarantine>/<table>.parquet` and a
`report.json`, and leaves `checked_<table>` tables and `clean_<table>` views in the connection for
the catalog build. `main(args)` is the `griddash validate` subcommand.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.core import paths
from dashboard.core.contract import REASONS, TABLES, Column, Table
from dashboard.core.usage import UsageError
from dashboard.pipeline.validate_sql import (
    checked_name,
    checked_sql,
    clean_name,
    clean_sql,
    counts_sql,
    literal,
    quarantine_sql,
)

KIND_WORDS = {
    "integer": "an integer",
    "floating": "a floating-point number",
    "string": "a string",
    "date": "a date",
    "timestamp": "a timestamp",
    "boolean": "a boolean",
}


@dataclass
class ValidationResult:
    """What `validate` found.

    tables: {name: {"rows": rows read, "quarantined": bad rows, "reasons": {reason: rows}}} for
        every table that was checked (reasons in contract order, non-zero only).
    errors: [{"table", "file", "message"}] for tables that could not be loaded or checked;
        "file" is relative to the exports folder, or None when no single file is to blame.
    quarantine: the folder the quarantine files and report.json were written to.
    quarantine_files: {name: path} of the quarantine files written in this run.
    """

    tables: dict[str, dict] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    quarantine: Path | None = None
    quarantine_files: dict[str, Path] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """2 when a table could not be loaded, else 1 when rows were quarantined, else 0."""
        if self.errors:
            return 2
        return 1 if any(t["quarantined"] for t in self.tables.values()) else 0

    def to_dict(self) -> dict:
        """The `validate --json` object: {"tables": {...}, "errors": [...]}."""
        return {"tables": self.tables, "errors": self.errors}

    def to_json(self, **dumps_kwargs) -> str:
        """`to_dict()` as JSON text (keyword arguments go to json.dumps)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **dumps_kwargs)


def table_files(exports: Path, name: str) -> list[Path]:
    """The Parquet files of table `name`, in sorted order of their path relative to `exports`.

    Files and folders starting with "_" or "." are skipped under the table folder (Hive-style
    markers such as _SUCCESS, hidden temporary files).
    """
    found = []
    single = exports / f"{name}.parquet"
    if single.is_file():
        found.append(single)
    folder = exports / name
    if folder.is_dir():
        for path in folder.rglob("*.parquet"):
            parts = path.relative_to(folder).parts
            if path.is_file() and not any(p.startswith(("_", ".")) for p in parts):
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(exports).as_posix())


def _is_string(t: pa.DataType) -> bool:
    if pa.types.is_dictionary(t):
        return _is_string(t.value_type)
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


_KIND_TEST = {
    "integer": pa.types.is_integer,
    # Integers widen to double without loss for the values exporters write.
    "floating": lambda t: (
        pa.types.is_floating(t) or pa.types.is_decimal(t) or pa.types.is_integer(t)
    ),
    "string": _is_string,
    "date": pa.types.is_date,
    "timestamp": lambda t: pa.types.is_timestamp(t) and t.tz is None,
    "boolean": pa.types.is_boolean,
}


def column_problem(col: Column, found: pa.DataType) -> str | None:
    """Why a column of Arrow type `found` cannot hold contract column `col`, or None if it can.

    An all-null column (Arrow type null, as some writers produce) is accepted for every kind:
    it holds no values of a wrong type, and null_required catches it when the column is required.
    """
    if pa.types.is_null(found) or _KIND_TEST[col.kind](found):
        return None
    if col.kind == "timestamp" and pa.types.is_timestamp(found):
        return f'column "{col.name}" should be a local timestamp without zone, found {found}'
    return f'column "{col.name}" should be {KIND_WORDS[col.kind]}, found {found}'


def schema_errors(table: Table, path: Path, rel: str) -> list[str]:
    """Messages (each starting with `rel`) for what is wrong with the schema of one file: not
    readable as Parquet, a contract column missing, duplicated or of the wrong kind. Reads only
    the file footer."""
    try:
        schema = pq.read_schema(path)
    except (OSError, pa.ArrowException) as exc:
        return [f"{rel}: not a readable Parquet file ({exc})"]
    messages = []
    for col in table.columns:
        where = schema.get_all_field_indices(col.name)
        if not where:
            messages.append(f'{rel}: column "{col.name}" is missing (expected {col.kind})')
        elif len(where) > 1:
            messages.append(f'{rel}: column "{col.name}" appears {len(where)} times')
        elif problem := column_problem(col, schema.field(where[0]).type):
            messages.append(f"{rel}: {problem}")
    return messages


def _depends_on(table: Table) -> list[str]:
    """Tables whose clean rows `table`'s rows are checked against."""
    deps = [r.target for r in table.references]
    if table.grid_code_columns and table.name != "grids":
        deps.append("grids")
    return list(dict.fromkeys(deps))


def _local(now: datetime | None) -> datetime:
    if now is None:
        return paths.now_local()
    if now.tzinfo is not None:  # exports are local wall-clock times without zone
        return now.astimezone(paths.LOCAL_TZ).replace(tzinfo=None)
    return now


# Only files this validator writes, so a --quarantine folder shared with other things is safe.
OUTPUT_NAMES = [f"{t.name}.parquet" for t in TABLES]


def _publish(staging: Path, quarantine: Path) -> None:
    """Move a run's files from `staging` into `quarantine`, each by an atomic rename, the report
    last; a table with no bad rows this run loses its old file. A reader (the /data page, during
    an ingest) sees the previous run's report until the new one is whole, never none at all."""
    for name in OUTPUT_NAMES:
        if (staging / name).exists():
            os.replace(staging / name, quarantine / name)
        else:
            (quarantine / name).unlink(missing_ok=True)
    os.replace(staging / "report.json", quarantine / "report.json")


class DuckDBChecker:
    """Runs the rules (dashboard.pipeline.validate_sql) in a DuckDB connection. Another engine
    (dashboard.pipeline.spark_validate) passes its own object with the same methods to `validate`."""

    read_errors: tuple[type[BaseException], ...] = (duckdb.Error,)

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.names: dict[str, list[str]] = {}  # table → its files relative to the exports

    def drop(self, name: str) -> None:
        """Forget table `name`'s checked_/clean_ objects: a caller's connection may hold them
        from an earlier run, and a table that fails now must not be left there looking loaded."""
        self.con.execute(f"DROP VIEW IF EXISTS {clean_name(name)}")
        self.con.execute(f"DROP TABLE IF EXISTS {checked_name(name)}")

    def check(
        self, table: Table, files: list[str], prefix_len: int, now: datetime
    ) -> dict[str | None, int]:
        """Build checked_<name> and clean_<name> from `files` (full paths, sorted; `_file` is a
        file's place among them, written out as its path without the first `prefix_len`
        characters); rows per reason, None = good rows."""
        # DuckDB 2.0's statistics propagation folds `x BETWEEN a AND b` to true when the
        # file's min/max (which leave NaN out) lie inside, and let a NaN coordinate through as
        # inside the city; the rules run without it.
        before = self.con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0]
        self.con.execute("SET disabled_optimizers = 'statistics_propagation'")
        try:
            self.con.execute(checked_sql(table, files, now))
            self.names[table.name] = [f[prefix_len:] for f in files]
        finally:
            self.con.execute(f"SET disabled_optimizers = {literal(before or '')}")
        self.con.execute(clean_sql(table))
        return dict(self.con.execute(counts_sql(table)).fetchall())

    def write_quarantine(self, table: Table, path: Path) -> None:
        """The bad rows of checked_<name> to the Parquet file `path`, in read order."""
        self.con.execute(quarantine_sql(table, str(path), self.names[table.name]))


def validate(
    exports: Path,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    now: datetime | None = None,
    quarantine: Path | None = None,
    checker=None,
) -> ValidationResult:
    """Validate the exports folder `exports` against the contract.

    con: DuckDB connection to leave `checked_<table>` (contract columns in canonical types,
        `_file`, `_row`, `_reason`) and `clean_<table>` (good rows) in; a new in-memory one if None.
    now: rows timed after this (local time; aware datetimes are converted to Asia/Shanghai) are
        future_timestamp; default the current local time.
    quarantine: folder for `<table>.parquet` bad-row files and report.json; default
        `paths.quarantine_dir(exports)`. An earlier run's files there are replaced when this run's
        report is written (until then a reader sees the earlier run's whole report).
    checker: what runs the rules (default a DuckDBChecker on `con`); the Spark engine passes
        dashboard.pipeline.spark_validate.SparkChecker, which keeps the same objects as Spark views.
    Returns the ValidationResult. Raises NotADirectoryError if `exports` is not a folder.
    """
    exports = Path(exports)
    if not exports.is_dir():
        raise NotADirectoryError(f"{exports}: not a folder")
    if checker is None:
        if con is None:
            con = duckdb.connect(config={"temp_directory": str(paths.duckdb_temp_dir())})
        checker = DuckDBChecker(con)
    now = _local(now)
    quarantine = Path(quarantine) if quarantine is not None else paths.quarantine_dir(exports)
    quarantine.mkdir(parents=True, exist_ok=True)
    # This run's files go to a folder of its own first (hidden: no reader lists it) and move in
    # when the report is written.
    staging = quarantine / f".validating-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        result = _validate_into(exports, checker, now, quarantine, staging)
        _publish(staging, quarantine)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _validate_into(
    exports: Path, checker, now: datetime, quarantine: Path, staging: Path
) -> ValidationResult:
    """The validation itself: the tables checked by `checker`, bad rows and the report written to
    `staging`, named in the result by where they will be (`quarantine`)."""
    result = ValidationResult(quarantine=quarantine)
    loaded: set[str] = set()

    for table in TABLES:
        checker.drop(table.name)
        if errors := _load_errors(table, exports, loaded):
            result.errors += errors
            continue
        files = table_files(exports, table.name)
        # Absolute paths, so that cutting the folder prefix off DuckDB's filename column gives
        # the relative path whatever form `exports` came in (".", "data/exports", ...).
        root = str(exports.absolute()).rstrip("/")
        full = [f"{root}/{f.relative_to(exports).as_posix()}" for f in files]
        try:
            counts = checker.check(table, full, len(root) + 1, now)
        except checker.read_errors as exc:
            # A file whose footer is fine but whose data is not (or a value that does not fit
            # its canonical type) stops the table like a schema problem does.
            checker.drop(table.name)
            result.errors += _read_errors(table, exports, files, exc)
            continue
        loaded.add(table.name)
        bad = {r: counts[r] for r in REASONS if counts.get(r)}
        result.tables[table.name] = {
            "rows": sum(counts.values()),
            "quarantined": sum(bad.values()),
            "reasons": bad,
        }
        if bad:
            name = f"{table.name}.parquet"
            checker.write_quarantine(table, staging / name)
            result.quarantine_files[table.name] = quarantine / name

    report = {"validated_at": now.isoformat(), "exports": str(exports), **result.to_dict()}
    (staging / "report.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return result


def _load_errors(table: Table, exports: Path, loaded: set[str]) -> list[dict]:
    """The load errors of `table`: it has no files, files with schema problems, or a table it is
    checked against was not loaded. Empty when the table can be read and checked.

    The table's own problems are reported even when a dependency failed, so that one run shows
    everything there is to fix.
    """
    files = table_files(exports, table.name)
    errors = []
    if not files:
        message = f"{table.name}: no Parquet files under {exports / table.name}"
        errors.append({"table": table.name, "file": table.name, "message": message})
    for path in files:
        rel = path.relative_to(exports).as_posix()
        errors += [
            {"table": table.name, "file": rel, "message": m}
            for m in schema_errors(table, path, rel)
        ]
    missing = [dep for dep in _depends_on(table) if dep not in loaded]
    if missing:
        names = " and ".join(filter(None, [", ".join(missing[:-1]), missing[-1]]))
        message = f"{table.name}: not checked because {names} could not be loaded"
        errors.append({"table": table.name, "file": None, "message": message})
    return errors


def _printable(text: str) -> str:
    """The first line of an error text, control characters replaced (they come from bad bytes)."""
    first = text.splitlines()[0] if text else ""
    return "".join(ch if ch.isprintable() else "?" for ch in first)


def _read_errors(table: Table, exports: Path, files: list[Path], exc: Exception) -> list[dict]:
    """Errors for a table DuckDB failed to read: the files pyarrow cannot decode either, each
    named; else (e.g. a value too large for its canonical type) one error for the table."""
    errors = []
    for path in files:
        rel = path.relative_to(exports).as_posix()
        try:  # streams batch by batch: only taken after a failure, and memory stays bounded
            for _ in pq.ParquetFile(path).iter_batches(columns=list(table.column_names)):
                pass
        except (OSError, pa.ArrowException) as file_exc:
            message = f"{rel}: could not be read ({_printable(str(file_exc))})"
            errors.append({"table": table.name, "file": rel, "message": message})
    if not errors:
        message = f"{table.name}: could not be read ({_printable(str(exc))})"
        errors.append({"table": table.name, "file": None, "message": message})
    return errors


def _reasons_text(reasons: dict[str, int]) -> str:
    return ", ".join(f"{r} {n:,}" for r, n in reasons.items())


def report_lines(result: ValidationResult) -> Iterable[tuple[bool, str]]:
    """The human report as (is_problem, line) pairs: problems go to stderr, the rest to stdout."""
    for err in result.errors:
        yield True, f"griddash: {err['message']}"
    for name, t in result.tables.items():
        if t["quarantined"]:
            where = result.quarantine_files.get(name, "")
            yield (
                True,
                f"griddash: {name}: {t['quarantined']:,} rows quarantined "
                f"({_reasons_text(t['reasons'])}) -> {where}",
            )
    if result.tables:
        yield False, f"{'table':<22}{'rows':>14}{'quarantined':>14}"
        for name, t in result.tables.items():
            yield False, f"{name:<22}{t['rows']:>14,}{t['quarantined']:>14,}"
    rows = sum(t["rows"] for t in result.tables.values())
    bad = sum(t["quarantined"] for t in result.tables.values())
    failed = len({e["table"] for e in result.errors})
    summary = f"{len(result.tables)} tables checked, {rows:,} rows, {bad:,} quarantined"
    if failed:
        summary += f"; {failed} {'table' if failed == 1 else 'tables'} not loaded"
    yield False, f"griddash: {summary} (report: {result.quarantine / 'report.json'})"


def main(args) -> int:
    """`griddash validate [DIR] [--json] [--quarantine Q]`: print the result (one JSON object
    with --json, else human lines) and return the exit code 0 / 1 / 2."""
    exports = args.dir if args.dir is not None else paths.exports_dir()
    if not exports.is_dir():
        raise UsageError(f"{exports}: no such exports folder")
    result = validate(exports, quarantine=args.quarantine)
    if args.json:
        print(result.to_json())
    else:
        for problem, line in report_lines(result):
            print(line, file=sys.stderr if problem else sys.stdout)
    return result.exit_code
