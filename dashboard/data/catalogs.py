"""Opening a catalog by engine: the one way pages, commands and the PDF get a catalog.

GRIDDASH_ENGINE=duckdb (the default): dashboard.data.catalog.Catalog on the catalog file.
GRIDDASH_ENGINE=spark: dashboard.data.spark_catalog.SparkCatalog on the warehouse that
GRIDDASH_CATALOG names (a local folder, hdfs:// or s3a://). Both have the same interface.

On the DuckDB path nothing here imports pyspark. On the Spark path `prepare()`, called when a
command or the server starts, imports the Spark modules and opens the session, so no request
waits for either.
"""

from __future__ import annotations

import os
from pathlib import Path

from dashboard.core import engine, paths
from dashboard.data.catalog import PAGE_LIMITS, Catalog
from dashboard.data.scoped_db import Limits


def location(path: str | Path | None = None) -> str:
    """The catalog's location as given: `path`, else $GRIDDASH_CATALOG as written (a URI keeps
    its `//`), else the default catalog file."""
    if path is not None:
        return str(path)
    return os.environ.get("GRIDDASH_CATALOG") or str(paths.catalog_file())


def prepare() -> None:
    """At start-up: with the Spark engine, import it and open the Spark Connect session (a
    local server starts here for local[N]); nothing with DuckDB."""
    if engine.engine() == "spark":
        from dashboard.data import spark_catalog  # noqa: F401 — imported now, not per request
        from dashboard.spark import session

        session.session()


def open_catalog(
    path: str | Path | None = None,
    scope: str = "",
    limits: Limits | None = None,
    *,
    console: bool = False,
    boundary: str | None = None,
):
    """A scoped, read-only catalog of the configured engine (Catalog or SparkCatalog), with the
    arguments of Catalog: path (default `location()`), scope, limits (default the engine's
    page limits), console, boundary."""
    where = location(path)
    if engine.engine() == "spark":
        from dashboard.data import spark_catalog

        return spark_catalog.SparkCatalog(
            where, scope, limits or spark_catalog.PAGE_LIMITS, console=console, boundary=boundary
        )
    return Catalog(Path(where), scope, limits or PAGE_LIMITS, console=console, boundary=boundary)
