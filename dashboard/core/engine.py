"""Which engine runs ingest and queries: $GRIDDASH_ENGINE (duckdb, the default, or spark) and,
for Spark, $GRIDDASH_SPARK_REMOTE (a Spark Connect address, sc://host:15002, or local[2] to start
a local Spark Connect server in this process, as the tests do)."""

from __future__ import annotations

import os

ENGINES = ("duckdb", "spark")
DEFAULT_SPARK_REMOTE = "local[2]"


class EngineError(Exception):
    """The engine configuration is not one griddash knows."""


def engine() -> str:
    """'duckdb' or 'spark', from $GRIDDASH_ENGINE (default duckdb)."""
    value = (os.environ.get("GRIDDASH_ENGINE") or "duckdb").strip().lower()
    if value not in ENGINES:
        raise EngineError(f"GRIDDASH_ENGINE: expected one of {', '.join(ENGINES)}, found {value!r}")
    return value


def spark_remote() -> str:
    """The Spark Connect address, from $GRIDDASH_SPARK_REMOTE (default local[2])."""
    value = (os.environ.get("GRIDDASH_SPARK_REMOTE") or DEFAULT_SPARK_REMOTE).strip()
    if not (value.startswith("sc://") or value.startswith("local")):
        raise EngineError(
            "GRIDDASH_SPARK_REMOTE: expected a Spark Connect address (sc://host:15002) or "
            f"local[N], found {value!r}"
        )
    return value
