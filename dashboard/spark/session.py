"""The Spark Connect session, one per process, shared by ingest and the catalog."""

from __future__ import annotations

import threading

from pyspark.sql import SparkSession
from pyspark.sql.connect.session import SparkSession as ConnectSession

from dashboard.core import engine

_lock = threading.Lock()
_session: SparkSession | None = None


def session() -> SparkSession:
    """The process's Spark Connect session to $GRIDDASH_SPARK_REMOTE, created on first use.

    The session time zone is UTC: export timestamps are local times without a zone (Spark reads
    them as TIMESTAMP_NTZ, as DuckDB reads TIMESTAMP), and a fixed zone keeps any conversion the
    same on every machine."""
    global _session
    with _lock:
        if _session is None or _session.is_stopped:
            remote = engine.spark_remote()
            if remote.startswith("local"):
                remote = _start_local(remote)
            # The Spark Connect client's builder itself: pyspark's general one refuses a remote
            # session once a local server runs in this process (and would pick port 15002).
            _session = (
                ConnectSession.builder.remote(remote)
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate()
            )
        return _session


def _start_local(master: str) -> str:
    """Start the local Spark Connect server of `master` (local[N]) in this process on a port the
    system picks, and return its address. pyspark's own local mode binds 15002 and connects
    there, so two processes on one machine (two test runs, a test run beside a server) would
    fail to bind or reach each other's server; this keeps each on its own."""
    from pyspark.sql import SparkSession as ClassicSession

    if ClassicSession._instantiatedSession is None:
        # Sets SPARK_CONNECT_AUTHENTICATE_TOKEN, which the client sends.
        ConnectSession._start_connect_server(master, {"spark.connect.grpc.binding.port": "0"})
    jvm = ClassicSession._instantiatedSession._jvm
    service = getattr(
        getattr(jvm, "org.apache.spark.sql.connect.service.SparkConnectService$"), "MODULE$"
    )
    return f"sc://localhost:{service.localPort()}"
