"""Running an analyst's statement in a worker process of its own, with operating-system limits.

The web server (and `griddash query`) never parses or runs an analyst's statement itself: it
checks the text's size, hands it to a worker process (dashboard.data.sql_worker) and reads back Arrow
record batches. One process per statement: each has its own memory budget, and nothing a statement
does — a memory bomb, constant folding that ignores DuckDB's time limit, a 100 KB statement that
takes long to parse — can stall or kill the server.

Limits, and who enforces them:

- time: the server kills the worker (SIGKILL) when the time limit has passed since the request,
  whatever it is doing; RLIMIT_CPU in the worker is the backstop;
- memory: RLIMIT_AS in the worker (its peak RSS stays under the limit); DuckDB's own
  memory_limit inside it is lower, so ordinary large queries spill or fail with DuckDB's message;
- result: at most `max_rows` rows, `max_bytes` bytes of Arrow data and `max_values` values come
  back (the worker stops there and says so; the server kills a worker that sends more bytes);
- fairness: at most PER_USER statements per user and TOTAL in all run at once in one server
  (`Slots`); the next one waits, and the page says so.

A few workers are kept warm (imported, waiting for a request) so a statement does not pay for
starting Python: `keep_warm`. Each serves one statement and exits.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

import pyarrow as pa

from dashboard.core import paths
from dashboard.data import sql_worker, sqlguard
from dashboard.data.scoped_db import Limits
from dashboard.data.sqlguard import QueryRefused, QuerySyntaxError

log = logging.getLogger("griddash.sql")

PAGE_MAX_BYTES = 64 << 20  # Arrow bytes a page may receive (its rows are capped anyway)
# Values (nested ones and nulls included) a page, a chart, a download or a printed table takes:
# what Python and Polars then hold is bounded, whatever the Arrow form weighs.
PAGE_MAX_VALUES = 2_000_000
FILE_MAX_BYTES = 4 << 30  # default of `griddash query --max-bytes` for the file formats
PER_USER = int(os.environ.get("GRIDDASH_CONSOLE_PER_USER", "2"))
TOTAL = int(os.environ.get("GRIDDASH_CONSOLE_WORKERS", "4"))


class StatementFailed(Exception):
    """The statement ran and failed, or was stopped at a limit. kind: console.FAILURE_KINDS."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Request:
    """One statement for a worker. catalog: the file it reads (absolute) — the catalog for a
    whole-city user, a copy holding the user's scope only otherwise (dashboard.data.scope_extract);
    scope: the place the statement is about, within that file (views filter it; what lies
    outside it in the file is the user's to see anyway); max_rows: None for every row;
    max_bytes: Arrow bytes at most; max_values: values at most (sql_result.values), None for
    no cap."""

    catalog: str
    scope: str
    sql: str
    limits: Limits
    max_rows: int | None = None
    max_bytes: int = PAGE_MAX_BYTES
    max_values: int | None = PAGE_MAX_VALUES
    batch_rows: int = 8192

    def line(self) -> bytes:
        body = asdict(self)
        return json.dumps(body, ensure_ascii=False).encode("utf-8") + b"\n"


# -- workers ----------------------------------------------------------------------------------


@dataclass
class _Worker:
    proc: subprocess.Popen
    stderr: object  # a temporary file: no pipe to fill up and block the worker
    ready: bool = False  # it said so (sql_worker.READY): imported and waiting

    def wait_ready(self) -> bool:
        """Block until the worker says it is ready; False if it died first."""
        if not self.ready:
            self.ready = self.proc.stdout.read(len(sql_worker.READY)) == sql_worker.READY
        return self.ready


def _spawn() -> _Worker:
    # A file, not a pipe, for standard error: a worker writing a long traceback never waits on
    # the server to read it.
    err = tempfile.TemporaryFile()  # noqa: SIM115 — closed when the worker is reaped
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard.data.sql_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=err,
        cwd=paths.PROJECT_ROOT,
        # Arrow on the system allocator: jemalloc reserves address space in large pieces,
        # which can fail under the worker's RLIMIT_AS though little is in use.
        env={
            **os.environ,
            "MALLOC_ARENA_MAX": "2",
            "ARROW_DEFAULT_MEMORY_POOL": "system",
            "GRIDDASH_SERVER_PID": str(os.getpid()),
        },
        # Forked, not vforked (a group given turns CPython's vfork off; setting our own group
        # changes nothing): a vforked child shares the server's memory until it execs, and
        # Linux then counts the server's peak resident size as the worker's own (ru_maxrss),
        # so a 1.5 GB server made every statement look as if it had reached a 1 GB cap.
        group=os.getgid(),
    )
    return _Worker(proc, err)


def _remove_stale_spill_folders() -> None:
    """Spill folders of workers that are gone (a server killed with its workers leaves them)."""
    for folder in paths.duckdb_temp_dir().glob("console-*"):
        pid = folder.name.removeprefix("console-")
        if pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
            shutil.rmtree(folder, ignore_errors=True)


class Pool:
    """Warm workers, ready for a request. take() hands one out (or starts one); a thread of the
    pool's own starts the replacements.

    Why a thread of its own: a worker dies with the thread that started it (PR_SET_PDEATHSIG
    follows the thread, not the process), and Streamlit runs each page in a thread that ends
    with the run — a worker started there for later would be killed with it."""

    def __init__(self):
        self._idle: deque[_Worker] = deque()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self.warm = 0

    def keep_warm(self, n: int) -> None:
        """Keep n workers waiting from now on (the server: 2; the command line: none)."""
        with self._cond:
            self.warm = n
            if self._thread is None and n > 0:
                _remove_stale_spill_folders()
                self._thread = threading.Thread(target=self._keep, name="sql-workers", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def take(self) -> _Worker:
        """A warm worker if one is ready, else a new one (it lives as long as the caller's
        thread, which waits for its statement anyway)."""
        worker = None
        with self._cond:
            while self._idle and worker is None:
                candidate = self._idle.popleft()
                if candidate.proc.poll() is None:
                    worker = candidate
                else:
                    candidate.stderr.close()
            self._cond.notify_all()  # one fewer waiting: the pool's thread starts another
        return worker or _spawn()

    def _keep(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: len(self._idle) < self.warm)
            worker = _spawn()
            if not worker.wait_ready():  # handed out only when really warm
                worker.proc.wait()
                worker.stderr.seek(0)
                log.warning(
                    "SQL console worker failed to start (exit %s): %s",
                    worker.proc.returncode,
                    worker.stderr.read(4_000).decode(errors="replace"),
                )
                worker.stderr.close()
                threading.Event().wait(5)  # a broken start would fail again at once: not a loop
                continue
            with self._cond:
                self._idle.append(worker)
                self._cond.notify_all()  # wakes whoever waits for a warm worker

    def close(self) -> None:
        """Stop the idle workers and start no more."""
        with self._cond:
            idle, self._idle, self.warm = list(self._idle), deque(), 0
        for worker in idle:
            worker.proc.kill()
            worker.proc.wait()
            worker.stderr.close()


POOL = Pool()


def keep_warm(n: int = 2) -> None:
    """Keep n workers ready in this process (called where the server opens the console)."""
    if POOL.warm != n:
        POOL.keep_warm(n)


# -- one statement ------------------------------------------------------------------------------


class Statement:
    """A statement running in its worker. Iterate batches(); afterwards `rows`, `cut` (None,
    'rows' or 'bytes'), `renamed` ((name, new name) of repeated column names), `version` (the
    data version of the file the worker read; None if it names none), `elapsed_ms`
    and `peak_rss_bytes` (the worker's, from the kernel) are known. Use as a context manager:
    leaving it kills a worker that is still running."""

    def __init__(self, request: Request, worker: _Worker, line: bytes):
        self.request = request
        self._worker = worker
        self._pid = worker.proc.pid
        self._lock = threading.Lock()
        self._exited = False
        self._timed_out = False
        self._received = 0
        self._done = False  # the worker sent its last frame (D or E)
        self.schema: pa.Schema | None = None
        self.rows = 0
        self.cut: str | None = None
        self.renamed: tuple[tuple[str, str], ...] = ()
        self.version: str | None = None
        self.peak_rss_bytes = 0
        self.exit_status: int | None = None
        self._start = time.perf_counter()
        self.elapsed_ms = 0.0
        self._timer = threading.Timer(request.limits.time_limit_s, self._time_up)
        self._timer.daemon = True
        self._timer.start()
        try:
            worker.proc.stdin.write(line)
            worker.proc.stdin.close()
        except BrokenPipeError:
            pass  # the worker died while waiting; reading says so

    def __enter__(self) -> Statement:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- the worker's life --

    def _time_up(self) -> None:
        with self._lock:
            if not self._exited:
                self._timed_out = True
                os.kill(self._pid, signal.SIGKILL)

    def _kill(self) -> None:
        with self._lock:
            if not self._exited:
                os.kill(self._pid, signal.SIGKILL)

    def close(self) -> None:
        """Stop the worker if it still runs, reap it, note its peak memory, log its stderr."""
        if self._exited:
            return
        if not self._done:  # still running, or stopped early by the reader: over
            self._kill()
        # Wait without reaping first: until the flag is set the pid stays the worker's, so the
        # timer can never signal a process that reused it.
        os.waitid(os.P_PID, self._pid, os.WEXITED | os.WNOWAIT)
        with self._lock:
            self._exited = True
        self._timer.cancel()
        _, status, usage = os.wait4(self._pid, 0)
        self._worker.proc.returncode = self.exit_status = os.waitstatus_to_exitcode(status)
        self.peak_rss_bytes = usage.ru_maxrss * 1024
        self.elapsed_ms = (time.perf_counter() - self._start) * 1000
        self._worker.proc.stdout.close()
        shutil.rmtree(sql_worker.temp_dir(self._pid), ignore_errors=True)
        err = self._worker.stderr
        err.seek(0)
        text = err.read(64_000).decode("utf-8", "replace").strip()
        err.close()
        if text:
            log.warning("SQL console worker %s (exit %s):\n%s", self._pid, self.exit_status, text)

    # -- reading --

    def _frame(self) -> tuple[bytes, bytes] | None:
        if not self._worker.wait_ready():
            return None
        out = self._worker.proc.stdout
        head = out.read(sql_worker.FRAME.size)
        if len(head) < sql_worker.FRAME.size:
            return None
        tag, size = sql_worker.FRAME.unpack(head)
        self._received += size
        if self._received > self.request.max_bytes + (1 << 20):
            self._kill()
            raise StatementFailed("failed", "the worker sent more than the result size limit")
        payload = out.read(size)
        if len(payload) < size:
            return None
        return tag, payload

    def batches(self) -> Iterator[pa.RecordBatch]:
        """The result's record batches, as they come; raises QueryRefused, QuerySyntaxError or
        StatementFailed when the statement is refused, fails or is stopped at a limit."""
        while (frame := self._frame()) is not None:
            tag, payload = frame
            if tag == b"S":
                self.schema = pa.ipc.open_stream(payload).schema
            elif tag == b"B":
                batch = pa.ipc.read_record_batch(pa.py_buffer(payload), self.schema)
                self.rows += batch.num_rows
                yield batch
                # The limit covers the reader too: a command writing slowly (JSON) is stopped.
                if time.perf_counter() - self._start > self.request.limits.time_limit_s:
                    self._timed_out = True
                    self.close()
                    raise self._why_it_stopped()
            elif tag == b"D":
                done = json.loads(payload)
                self.cut = done["cut"]
                self.renamed = tuple(tuple(pair) for pair in done["renamed"])
                self.version = done.get("version")
                self._done = True
                self.close()
                return
            elif tag == b"E":
                error = json.loads(payload)
                self._done = True
                self.close()
                raise _error(error["kind"], error["message"])
        self.close()
        raise self._why_it_stopped()

    def table(self) -> pa.Table:
        """The whole (capped) result as one Arrow table."""
        batches = list(self.batches())
        return pa.Table.from_batches(batches, schema=self.schema)

    def _why_it_stopped(self) -> StatementFailed:
        limits = self.request.limits
        if self._timed_out or self.exit_status == -signal.SIGXCPU:
            return StatementFailed(
                "time_limit", f"stopped after the time limit of {limits.time_limit_s:g} s"
            )
        if self.peak_rss_bytes >= 0.9 * limits.memory_bytes:
            return StatementFailed(
                "memory_limit", f"stopped at the memory limit of {limits.memory_limit}"
            )
        return StatementFailed(
            "failed", f"the statement's process stopped unexpectedly (exit {self.exit_status})"
        )


def _error(kind: str, message: str) -> Exception:
    if kind == "syntax":
        return QuerySyntaxError(message)
    if kind == "refused":
        return QueryRefused(message)
    return StatementFailed(kind, message)


def start(request: Request, *, pool: Pool | None = POOL) -> Statement:
    """Check the statement's size here (nothing else of it), then run it in a worker: a warm
    one from `pool` when there is one, else a new process. Raises QueryRefused for a text over
    sqlguard.MAX_STATEMENT_BYTES."""
    sqlguard.check_size(request.sql)
    line = request.line()  # before a worker is taken: nothing can fail after that but the worker
    if pool is None or not pool.warm:  # a command: what killed commands left behind goes now
        _remove_stale_spill_folders()
    worker = pool.take() if pool is not None else _spawn()
    return Statement(request, worker, line)


# -- fairness -----------------------------------------------------------------------------------


class Slots:
    """At most `per_user` statements per user and `total` in all, running at once."""

    def __init__(self, per_user: int = PER_USER, total: int = TOTAL):
        self.per_user, self.total = per_user, total
        self._running: dict[str, int] = {}
        self._cond = threading.Condition()

    def _free(self, user: str) -> bool:
        return (
            self._running.get(user, 0) < self.per_user and sum(self._running.values()) < self.total
        )

    @contextmanager
    def hold(
        self, user: str, *, on_wait: Callable[[str], None] | None = None, timeout: float = 60.0
    ):
        """A slot for `user` while the block runs. When none is free, on_wait(reason) is called
        once ('user': the user's own statements fill theirs; 'server': all are taken) and the
        call waits; after `timeout` seconds StatementFailed('busy')."""
        with self._cond:
            free = self._free(user)
            reason = "user" if self._running.get(user, 0) >= self.per_user else "server"
        if not free and on_wait is not None:
            on_wait(reason)
        with self._cond:
            if not self._cond.wait_for(lambda: self._free(user), timeout=timeout):
                raise StatementFailed(
                    "busy",
                    f"{self.per_user} statements of yours (or {self.total} in all) are still "
                    "running; expected one of them to finish first",
                )
            self._running[user] = self._running.get(user, 0) + 1
        try:
            yield
        finally:
            with self._cond:
                self._running[user] -= 1
                if not self._running[user]:
                    del self._running[user]
                self._cond.notify_all()


SLOTS = Slots()
