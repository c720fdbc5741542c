"""The SQL console's worker process: runs one analyst's statement, then exits.

Started by dashboard.data.sql_sandbox as `python -m dashboard.data.sql_worker`, it imports what it needs and
waits (a warm worker) until one request arrives on standard input: one line of JSON with the
catalog file, the scope, the statement and the limits. Then, before it touches the statement:

- operating-system limits on itself: address space (RLIMIT_AS: what it holds now plus the
  memory limit, less what is already resident, so its peak RSS stays under the limit), CPU
  seconds (RLIMIT_CPU: the time limit on every thread, a backstop to the server's wall-clock
  kill), no core files, a lower priority (nice 10) so the pages stay first;
- a connection from dashboard.data.scoped_db (the session's views, read-only catalog, external access
  off, configuration locked) with DuckDB's memory_limit at DUCKDB_SHARE of the limit, so that a
  large sort or join spills or fails with DuckDB's own message before the process is killed;
- the statement check (dashboard.data.sqlguard) — here, so a huge or deeply nested text costs this
  process, not the web server.

It writes frames to standard output (see FRAME): the result's schema, Arrow record batches up to
the row and byte caps, then a summary; or one error. Error texts are one line, with the catalog's
alias and every path of this machine taken out; tracebacks go to standard error, which the server
writes to its log. It never serves a second statement.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import resource
import shutil
import signal
import struct
import sys
import traceback
from pathlib import Path

import duckdb
import pyarrow as pa

from dashboard.core import paths
from dashboard.data import sql_result, sqlguard
from dashboard.data.scoped_db import CatalogError, Limits, ScopedDB, open_scoped

# Standard output: READY once the worker is warm, then frames: one tag byte, a 4-byte big-endian
# length, the payload.
#   S  the result's schema (an Arrow IPC stream holding no batch)
#   B  one record batch (an Arrow IPC message, read against the schema)
#   D  done: JSON {"rows", "cut" (null | "rows" | "size"), "renamed": [[name, new name] …],
#      "version": the data version of the catalog file the statement read (null: none known)}
#   E  failed: JSON {"kind", "message"} (kind: console.FAILURE_KINDS)
READY = b"R"
FRAME = struct.Struct(">cI")
DUCKDB_SHARE = 0.6
PIECE_BYTES = (
    8 << 20
)  # Arrow bytes per frame, about  # DuckDB's own memory_limit as a share of the worker's memory limit
_PR_SET_PDEATHSIG = 1


def write_frame(out, tag: bytes, payload: bytes) -> None:
    out.write(FRAME.pack(tag, len(payload)))
    out.write(payload)


def die_with_parent() -> None:
    """Linux: SIGKILL this process when the thread that started it ends (no orphan runs on);
    exit at once if the server is gone already."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.environ.get("GRIDDASH_SERVER_PID", str(os.getppid())) != str(os.getppid()):
        os._exit(0)


def _status_bytes(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def limit_self(limits: Limits) -> None:
    """Operating-system limits on this process; set before the statement is looked at."""
    cap = limits.memory_bytes
    address_space = _status_bytes("VmSize") + max(cap - _status_bytes("VmRSS"), 64 << 20)
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    cpu = int(limits.time_limit_s * max(limits.threads, 1)) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.nice(10)


class Scrubber:
    """Takes the catalog's alias and every path of this machine out of a message, by pattern
    alone — except a path the analyst typed in the statement, which the message may echo. The
    real file's path and any other get the same word, whatever is around them: a statement that
    builds candidate paths and makes an error show them learns nothing of which is real."""

    def __init__(self, sql: str):
        self.sql = sql

    def _path(self, match: re.Match) -> str:
        return match.group(0) if match.group(0) in self.sql else "<path>"

    def __call__(self, text: str) -> str:
        text = re.sub(r"catalog_[0-9a-f]{16}", "catalog", text)
        return re.sub(r"(?<![\w.])/(?:[\w.@+-]+/)+[\w.@+-]*", self._path, text)


def failure_kind(exc: BaseException) -> str:
    """What went wrong, as one of console.FAILURE_KINDS."""
    if isinstance(exc, sqlguard.QuerySyntaxError | duckdb.ParserException):
        return "syntax"
    if isinstance(exc, sqlguard.QueryRefused | duckdb.PermissionException):
        return "refused"
    if isinstance(exc, duckdb.InterruptException):
        return "time_limit"
    if isinstance(exc, duckdb.OutOfMemoryException | MemoryError | pa.ArrowMemoryError):
        return "memory_limit"
    return "failed"


def stream(
    con: duckdb.DuckDBPyConnection,
    statement: str,
    out,
    *,
    max_rows: int | None,
    max_bytes: int,
    max_values: int | None,
    batch_rows: int,
    version: str | None = None,
) -> None:
    """Run `statement` and write S, B… and D frames; stop at max_rows rows, max_bytes of Arrow
    data or max_values values (sql_result.values). `version` (the data version read) goes into
    the D frame."""
    relation = con.sql(statement)
    sql_result.check_types(relation)
    reader = relation.to_arrow_reader(batch_rows)
    schema, renamed = sql_result.unique_names(sql_result.plain_schema(reader.schema))
    sink = pa.BufferOutputStream()
    pa.ipc.new_stream(sink, schema).close()
    write_frame(out, b"S", sink.getvalue().to_pybytes())
    rows, sent, counted, cut = 0, 0, 0, None
    for batch in reader:
        for name, column in zip(schema.names, batch.columns, strict=True):
            sql_result.check_dates(column, name)
        if max_rows is not None and rows + batch.num_rows > max_rows:
            batch, cut = batch.slice(0, max_rows - rows), "rows"
        batch = sql_result.plain(batch, schema)  # enums as text, repeated names numbered
        for piece in sql_result.pieces(batch):
            payload = piece.serialize().to_pybytes()
            weight = sql_result.batch_values(piece)
            if sent + len(payload) > max_bytes or (
                max_values is not None and counted + weight > max_values
            ):
                cut = "size"
                break
            if piece.num_rows:
                write_frame(out, b"B", payload)
                sent, counted, rows = sent + len(payload), counted + weight, rows + piece.num_rows
        if cut:
            break
    done = {"rows": rows, "cut": cut, "renamed": renamed, "version": version}
    write_frame(out, b"D", json.dumps(done).encode())


def temp_dir(pid: int) -> Path:
    """The folder where worker `pid` may spill (its own: DuckDB instances do not share one)."""
    return paths.duckdb_temp_dir() / f"console-{pid}"


def open_connection(request: dict) -> ScopedDB:
    """The connection a request's statement runs on: the console's views of the file it names
    (the catalog for a whole-city user, else a copy holding the user's scope only), filtered to
    the request's scope within it; DuckDB's memory at DUCKDB_SHARE of the limit, this worker's
    own spill folder, locked."""
    limits = Limits(**request["limits"])
    duckdb_memory = f"{int(limits.memory_bytes * DUCKDB_SHARE) // 2**20}MiB"
    return open_scoped(
        Path(request["catalog"]),
        request["scope"],
        limits,
        console=True,
        duckdb_memory=duckdb_memory,
        temp_dir=temp_dir(os.getpid()),
    )


def data_version(db: ScopedDB) -> str | None:
    """The data version of the file `db` opened (its catalog_info), None when it names none. The
    server may have pinned another version for the page by the time a statement runs; the
    console says so when they differ."""
    try:
        found = db.con.execute("select value from catalog_info where key = 'data_version'")
        rows = found.fetchall()
    except duckdb.Error:
        return None
    return rows[0][0] if rows else None


def static_forbidden() -> frozenset[str]:
    """Names no CTE may take, known before any catalog is open (DuckDB's own objects)."""
    return sqlguard.forbidden_cte_names(duckdb.connect(":memory:"))


def check_statement(db: ScopedDB, sql: str, forbidden_static: frozenset[str]) -> str:
    """sqlguard.check on `db`, CTE names kept off DuckDB's objects and the catalog's tables."""
    forbidden = forbidden_static | {db.alias} | {t.lower() for t in db.tables}
    return sqlguard.check(db.con, sql, db.views, forbidden)


def serve_one(request: dict, forbidden_static: frozenset[str], out) -> None:
    """Everything for one request; errors become an E frame (and a traceback on stderr)."""
    scrub = Scrubber(request["sql"])
    try:
        sqlguard.check_size(request["sql"])
        limit_self(Limits(**request["limits"]))
        db = open_connection(request)
        statement = check_statement(db, request["sql"], forbidden_static)
        stream(
            db.con,
            statement,
            out,
            max_rows=request["max_rows"],
            max_bytes=request["max_bytes"],
            max_values=request["max_values"],
            batch_rows=request["batch_rows"],
            version=data_version(db),
        )
    except CatalogError as exc:
        write_frame(out, b"E", _error("failed", scrub(str(exc))))
    except RecursionError:
        write_frame(out, b"E", _error("refused", "the statement is nested too deeply"))
    except Exception as exc:  # everything reaches the analyst as one line
        kind = failure_kind(exc)
        if kind == "failed" and not isinstance(exc, duckdb.Error | sql_result.NotShowable):
            traceback.print_exc(file=sys.stderr)
        write_frame(out, b"E", _error(kind, scrub(sqlguard.one_line(exc))))


def _error(kind: str, message: str) -> bytes:
    return json.dumps({"kind": kind, "message": message}, ensure_ascii=False).encode()


def main() -> None:
    die_with_parent()
    # Ctrl+C in a terminal reaches the whole process group: the command that started the worker
    # decides (it kills the worker), so the worker itself ignores it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What every request needs to know of DuckDB itself, worked out while the worker waits.
    forbidden_static = static_forbidden()
    sys.stdout.buffer.write(READY)  # warm: imported, tied to its parent, waiting for a request
    sys.stdout.buffer.flush()
    line = sys.stdin.buffer.readline(sqlguard.MAX_STATEMENT_BYTES * 8 + 4096)
    if not line.strip():
        os._exit(0)  # the server closed the pipe: it is shutting down or trimming its pool
    out = sys.stdout.buffer
    try:
        serve_one(json.loads(line), forbidden_static, out)
        out.flush()
    except BrokenPipeError:
        pass  # the server stopped reading (the page moved on): nothing to tell anyone
    finally:
        shutil.rmtree(temp_dir(os.getpid()), ignore_errors=True)
    # No interpreter shutdown (DuckDB's and Arrow's teardown): the answer is out, the server
    # reaps the process and reads its peak memory.
    os._exit(0)


if __name__ == "__main__":
    main()
