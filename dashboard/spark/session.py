"""The Spark Connect session, one per process, shared by ingest and the catalog."""

from __future__ import annotations

import contextlib
import os
import socket
import threading

from pyspark.sql import SparkSession

from dashboard.core import engine

_lock = threading.Lock()
_session: SparkSession | None = None

# Settings of every session: timestamps written as INT64 microseconds (what DuckDB writes and
# reads as TIMESTAMP), never the legacy INT96.
_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
}


def session() -> SparkSession:
    """The process's Spark Connect session to $GRIDDASH_SPARK_REMOTE, created on first use.

    The session time zone is UTC: export timestamps are local times without a zone (Spark reads
    them as TIMESTAMP_NTZ, as DuckDB reads TIMESTAMP), and a fixed zone keeps any conversion the
    same on every machine. `local[N]` starts a Spark Connect server in this process on a free
    port of the loopback interface (not the fixed 15002: two processes on one machine, such as
    a test run beside `griddash serve`, would otherwise meet on one server or fail to start)."""
    global _session
    with _lock:
        if _session is None or _session.is_stopped:
            remote = engine.spark_remote()
            if remote.startswith("local"):
                _session = _local_session(remote)
            else:
                builder = SparkSession.builder.remote(remote)
                for key, value in _CONF.items():
                    builder = builder.config(key, value)
                _session = builder.getOrCreate()
        return _session


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("localhost", 0))
        return sock.getsockname()[1]


def _local_session(master: str) -> SparkSession:
    """A Spark Connect server in this process (master `local[N]`) on a free port, and a session
    to it. What pyspark's own `remote("local[N]")` does, except for the port: it always binds
    15002 and connects there, to whatever server holds it."""
    from pyspark.sql.connect.session import SparkSession as ConnectSession

    # The client sends its token without TLS to `localhost` only (pyspark's rule).
    port = _free_port()
    opts = {
        **_CONF,
        "spark.connect.grpc.binding.address": "localhost",
        "spark.connect.grpc.binding.port": str(port),
        "spark.driver.memory": os.environ.get("GRIDDASH_SPARK_DRIVER_MEMORY", "2g"),
        "spark.ui.enabled": "false",
        # One machine: a few shuffle partitions, not the cluster default of 200 (with 200, the
        # tests' small tables spend their time scheduling empty tasks).
        "spark.sql.shuffle.partitions": "8",
    }
    os.environ["SPARK_LOCAL_REMOTE"] = "1"  # session.stop() then stops the server too
    ConnectSession._start_connect_server(master, opts)
    os.environ["SPARK_CONNECT_MODE_ENABLED"] = "1"
    builder = ConnectSession.builder.remote(f"sc://localhost:{port}")
    for key, value in _CONF.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


class Deadline:
    """Interrupts the operations tagged `tag` once `seconds` have passed, and again every second
    until `done()`: an interrupt that reaches the server before it has registered the operation
    (a slow client, a busy machine) finds nothing to stop, and a single one let a statement run
    on for minutes. `fired` tells whether the limit was reached."""

    def __init__(self, spark: SparkSession, tag: str, seconds: float):
        self._spark, self._tag, self._seconds = spark, tag, seconds
        self._done = threading.Event()
        self.fired = False
        threading.Thread(target=self._watch, daemon=True, name=f"deadline-{tag}").start()

    def _watch(self) -> None:
        if self._done.wait(self._seconds):
            return
        self.fired = True
        while not self._done.is_set():
            # The session may be closing: keep trying until the statement is over.
            with contextlib.suppress(Exception):
                self._spark.interruptTag(self._tag)
            self._done.wait(1.0)

    def done(self) -> None:
        self._done.set()
