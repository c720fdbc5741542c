"""The Spark Connect session, one per process, shared by ingest and the catalog."""

from __future__ import annotations

import threading

from pyspark.sql import SparkSession

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
            _session = (
                SparkSession.builder.remote(engine.spark_remote())
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate()
            )
        return _session
