"""The data inventory: what is in an exports folder, and what validation made of it.

Reads the Parquet files of every contract table (row counts and time spans with DuckDB, from the
files' footers and statistics wherever they suffice) and the validation report
`DIR/_quarantine/report.json` written by `griddash validate DIR` (quarantined rows per reason,
load errors, when it was validated). Without a report it says so: quarantine figures are then
unknown, never zero.

Results are Polars frames; `fingerprint()` is the cache key (report + file names, sizes and
modification times), so a page recomputes only when the data changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from dashboard.core import contract, paths

REPORT_NAME = "report.json"

# The column that dates a table's rows; tables without one have no time span.
MAIN_TIME_COLUMN = {
    "incidents": "reported_at",
    "incident_events": "at",
    "patrols": "patrol_date",
    "trainings": "starts_at",
    "workers": "hired_on",
    "worker_grids": "valid_from",
}

STATUSES = ("ok", "quarantined", "error", "missing", "not_validated")

TABLES_SCHEMA = {
    "table": pl.String,
    "name_zh": pl.String,
    "name_en": pl.String,
    "grain_zh": pl.String,
    "grain_en": pl.String,
    "files": pl.Int64,
    "bytes": pl.Int64,
    "rows": pl.Int64,
    "quarantined": pl.Int64,
    "clean": pl.Int64,
    "time_column": pl.String,
    "time_kind": pl.String,
    "first": pl.Datetime("us"),
    "last": pl.Datetime("us"),
    "status": pl.String,
}
REASONS_SCHEMA = {
    "table": pl.String,
    "reason": pl.String,
    "reason_zh": pl.String,
    "reason_en": pl.String,
    "rows": pl.Int64,
}
ERRORS_SCHEMA = {"table": pl.String, "file": pl.String, "message": pl.String}


@dataclass(frozen=True)
class Inventory:
    exports: str
    tables: pl.DataFrame  # one row per contract table, TABLES_SCHEMA
    reasons: pl.DataFrame  # one row per table × reason with quarantined rows, REASONS_SCHEMA
    errors: pl.DataFrame  # load errors from the report, ERRORS_SCHEMA
    report_path: str
    report_found: bool  # a readable report exists
    report_error: str | None  # why an existing report could not be read
    validated_at: datetime | None  # the data version
    stale: bool  # some Parquet file is newer than the report
    # Worker rows with a leaving day (as exported): the workers count holds everyone who ever
    # worked, the briefing's 在岗网格员 those in post on the day. None: not readable.
    workers_left: int | None = None

    @property
    def validated(self) -> bool:
        return self.report_found and self.validated_at is not None

    @property
    def has_data(self) -> bool:
        return int(self.tables["files"].sum()) > 0

    def row(self, table: str) -> dict:
        return self.tables.filter(pl.col("table") == table).row(0, named=True)

    def count(self, table: str) -> int | None:
        """Rows that passed validation; rows in the files while not validated; None when the
        table has no files or could not be loaded."""
        r = self.row(table)
        if r["files"] == 0 or r["status"] == "error":
            return None
        return r["clean"] if r["clean"] is not None else r["rows"]

    def span(self, table: str) -> tuple[datetime | None, datetime | None]:
        r = self.row(table)
        return r["first"], r["last"]

    @property
    def quarantined_total(self) -> int | None:
        if not self.validated:
            return None
        return int(self.tables["quarantined"].fill_null(0).sum())

    @property
    def rows_total(self) -> int:
        return int(self.tables["rows"].fill_null(0).sum())


# -- files ----------------------------------------------------------------------------------


def table_files(exports: Path, table: str) -> list[Path]:
    """The Parquet files of a table, found exactly as the validator finds them."""
    from dashboard.pipeline.validate import table_files as validator_table_files

    return validator_table_files(exports, table)


def report_path(exports: Path) -> Path:
    return paths.quarantine_dir(exports) / REPORT_NAME


def fingerprint(exports: Path | str) -> str:
    """A cache key that changes whenever the report or any table's files change."""
    exports = Path(exports)
    h = hashlib.sha1(str(exports.resolve()).encode())
    for name in contract.TABLE_NAMES:
        for f in table_files(exports, name):
            st = f.stat()
            h.update(f"{f}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    rp = report_path(exports)
    if rp.is_file():  # small: its whole text, validated_at included
        st = rp.stat()
        h.update(f"report\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        h.update(rp.read_bytes())
    return h.hexdigest()


# -- the report -----------------------------------------------------------------------------


def _parse_time(text: object) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(paths.LOCAL_TZ).replace(tzinfo=None)
    return value


def read_report(exports: Path) -> tuple[dict | None, str | None]:
    """The validation report as a dict, or (None, why) when missing or unreadable."""
    rp = report_path(exports)
    if not rp.is_file():
        return None, None
    try:
        report = json.loads(rp.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    if not isinstance(report, dict) or not isinstance(report.get("tables", {}), dict):
        return None, "not a validation report (no 'tables' object)"
    return report, None


# -- DuckDB ---------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _rows(con: duckdb.DuckDBPyConnection, files: list[str]) -> int:
    (n,) = con.execute(
        "SELECT coalesce(sum(num_rows), 0) FROM parquet_file_metadata($files)", {"files": files}
    ).fetchone()
    return int(n)


def _span(
    con: duckdb.DuckDBPyConnection, files: list[str], column: str, cutoff: datetime
) -> tuple[datetime | None, datetime | None]:
    """Min and max of a time column, leaving out values after `cutoff`.

    Fast path: the row groups' Parquet statistics, when every row group with values has them and
    the maximum is not after the cutoff. Otherwise one scan of that column.
    """
    lo, hi, missing = con.execute(
        """
        SELECT min(try_cast(stats_min AS TIMESTAMP)),
               max(try_cast(stats_max AS TIMESTAMP)),
               count(*) FILTER (
                   WHERE num_values > coalesce(stats_null_count, 0)
                     AND (try_cast(stats_min AS TIMESTAMP) IS NULL
                          OR try_cast(stats_max AS TIMESTAMP) IS NULL))
        FROM parquet_metadata($files)
        WHERE path_in_schema = $column
        """,
        {"files": files, "column": column},
    ).fetchone()
    if not missing and (hi is None or hi <= cutoff):
        return lo, hi
    col = f"try_cast({_quote(column)} AS TIMESTAMP)"
    return con.execute(
        f"SELECT min({col}), max({col}) "
        "FROM read_parquet($files, hive_partitioning = false, union_by_name = true) "
        f"WHERE {col} <= $cutoff",
        {"files": files, "cutoff": cutoff},
    ).fetchone()


# -- the inventory --------------------------------------------------------------------------


def build(exports: Path | str | None = None) -> Inventory:
    """The inventory of an exports folder (default: `paths.exports_dir()`)."""
    exports = Path(exports) if exports is not None else paths.exports_dir()
    report, report_error = read_report(exports)
    validated_at = _parse_time(report.get("validated_at")) if report else None
    rp = report_path(exports)
    report_mtime = rp.stat().st_mtime_ns if report else None
    cutoff = validated_at or paths.now_local()

    rep_tables = (report or {}).get("tables", {}) or {}
    errors = [
        {
            "table": str(e.get("table") or ""),
            "file": str(e.get("file") or ""),
            "message": str(e.get("message") or ""),
        }
        for e in ((report or {}).get("errors") or [])
        if isinstance(e, dict)
    ]
    error_tables = {e["table"] for e in errors}

    con = duckdb.connect(":memory:")
    stale = False
    table_rows, reason_rows = [], []
    try:
        for spec in contract.TABLES:
            files = table_files(exports, spec.name)
            names = [str(f) for f in files]
            stats = [f.stat() for f in files]
            if report_mtime is not None and any(s.st_mtime_ns > report_mtime for s in stats):
                stale = True
            rows = _rows(con, names) if names else 0
            column = MAIN_TIME_COLUMN.get(spec.name)
            kind = spec.column(column).kind if column else None
            first = last = None
            if column and names:
                try:
                    first, last = _span(con, names, column, cutoff)
                except duckdb.Error:
                    first = last = None  # a missing or mistyped column: validation reports it
            rep = rep_tables.get(spec.name) if report else None
            quarantined = None
            if isinstance(rep, dict):  # a table that could not be loaded has no entry
                quarantined = int(rep.get("quarantined") or 0)
                if rep.get("rows") is not None and int(rep["rows"]) != rows:
                    stale = True  # the files hold other rows than the ones validated
                for reason, n in (rep.get("reasons") or {}).items():
                    if n:
                        zh, en = contract.REASON_TEXT.get(reason, (reason, reason))
                        reason_rows.append(
                            {
                                "table": spec.name,
                                "reason": reason,
                                "reason_zh": zh,
                                "reason_en": en,
                                "rows": int(n),
                            }
                        )
            if not names:
                status = "missing"
            elif spec.name in error_tables:
                status = "error"
            elif quarantined is None:
                status = "not_validated"
            elif quarantined:
                status = "quarantined"
            else:
                status = "ok"
            table_rows.append(
                {
                    "table": spec.name,
                    "name_zh": spec.zh,
                    "name_en": spec.en,
                    "grain_zh": spec.grain_zh,
                    "grain_en": spec.grain_en,
                    "files": len(files),
                    "bytes": sum(s.st_size for s in stats),
                    "rows": rows,
                    "quarantined": quarantined if names else None,
                    "clean": (
                        max(rows - quarantined, 0) if quarantined is not None and names else None
                    ),
                    "time_column": column,
                    "time_kind": kind,
                    "first": first,
                    "last": last,
                    "status": status,
                }
            )
        workers_left = _workers_left(con, [str(f) for f in table_files(exports, "workers")])
    finally:
        con.close()

    order = {r: i for i, r in enumerate(contract.REASONS)}
    reasons = pl.DataFrame(reason_rows, schema=REASONS_SCHEMA)
    reasons = (
        reasons.with_columns(
            pl.col("reason")
            .replace_strict(order, default=len(order), return_dtype=pl.Int64)
            .alias("_o"),
            pl.col("table")
            .replace_strict(
                {n: i for i, n in enumerate(contract.TABLE_NAMES)},
                default=99,
                return_dtype=pl.Int64,
            )
            .alias("_t"),
        )
        .sort("_o", "_t")
        .drop("_o", "_t")
    )
    return Inventory(
        exports=str(exports),
        tables=pl.DataFrame(table_rows, schema=TABLES_SCHEMA),
        reasons=reasons,
        errors=pl.DataFrame(errors, schema=ERRORS_SCHEMA),
        report_path=str(rp),
        report_found=report is not None,
        report_error=report_error,
        validated_at=validated_at,
        stale=stale,
        workers_left=workers_left,
    )


def _workers_left(con: duckdb.DuckDBPyConnection, files: list[str]) -> int | None:
    """Rows of the workers files with a leaving day; None without files or a readable column."""
    if not files:
        return None
    try:
        return int(
            con.execute(
                "SELECT count(*) FROM read_parquet($files, hive_partitioning = false, "
                "union_by_name = true) WHERE left_on IS NOT NULL",
                {"files": files},
            ).fetchone()[0]
        )
    except duckdb.Error:
        return None
