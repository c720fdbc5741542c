"""Where things live: the exports folder, the catalog file, and the local clock."""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
PROJECT_ROOT = Path(__file__).resolve().parents[2]  # dashboard/core/paths.py
# The CJK font (Debian's fonts-wqy-microhei, which make setup installs): the PDFs embed it, the
# wall's map picture writes its names in it.
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def exports_dir() -> Path:
    """The exports folder: $GRIDDASH_DATA, else data/exports under the project."""
    return Path(os.environ.get("GRIDDASH_DATA") or PROJECT_ROOT / "data" / "exports")


def catalog_file() -> Path:
    """The catalog file: $GRIDDASH_CATALOG, else data/catalog.duckdb under the project."""
    return Path(os.environ.get("GRIDDASH_CATALOG") or PROJECT_ROOT / "data" / "catalog.duckdb")


def reports_dir() -> Path:
    """Where the /reports page writes weekly PDFs: $GRIDDASH_REPORTS, else data/reports."""
    return Path(os.environ.get("GRIDDASH_REPORTS") or PROJECT_ROOT / "data" / "reports")


def cache_dir() -> Path:
    """What the server may rebuild at any time (the SQL console's scoped copies of the catalog):
    $GRIDDASH_CACHE, else data/cache under the project."""
    return Path(os.environ.get("GRIDDASH_CACHE") or PROJECT_ROOT / "data" / "cache")


def quarantine_dir(exports: Path) -> Path:
    """Where validation writes quarantined rows for an exports folder.

    Underscore-prefixed, so Hive-style readers skip it like any hidden folder.
    """
    return exports / "_quarantine"


def duckdb_temp_dir() -> Path:
    """Where DuckDB may spill: the system temp folder, never the working directory."""
    return Path(tempfile.gettempdir()) / "griddash-duckdb"


def now_local() -> datetime:
    """The wall clock in Asia/Shanghai, without zone (exports' timestamps are local)."""
    return datetime.now(LOCAL_TZ).replace(tzinfo=None)


def today_local() -> date:
    return now_local().date()


# An absolute path in a message (after a space, a quote, a bracket or a placeholder's ">"): what
# is left of one once the settings' own folders are named.
_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/~>-])/[^\s'\"`,;:)\]]+")


def without_server_paths(text: str) -> str:
    """`text` (an error's message, for a page) with the server's paths hidden: the catalog, the
    exports, the reports and the cache folders written as the settings that name them
    (<GRIDDASH_CATALOG>, <GRIDDASH_DATA> …), any other absolute path as <path>. DESIGN.md: no
    server path reaches a page."""
    settings = (
        ("GRIDDASH_CATALOG", os.environ.get("GRIDDASH_CATALOG") or str(catalog_file())),
        ("GRIDDASH_DATA", str(exports_dir())),
        ("GRIDDASH_REPORTS", str(reports_dir())),
        ("GRIDDASH_CACHE", str(cache_dir())),
    )
    known = {}
    for name, where in settings:
        if "://" in where:  # a warehouse URI, as written
            known[where] = f"<{name}>"
            continue
        for form in (Path(where).absolute(), Path(where).resolve()):
            if len(form.parts) > 1:  # never "/" itself
                known[str(form)] = f"<{name}>"
    for where in sorted(known, key=len, reverse=True):  # a folder's file before the folder
        text = text.replace(where, known[where])
    return _ABSOLUTE_PATH.sub("<path>", text)
