"""A line per page run, for the load harness (benchmarks/load.py): how long the server spent on
each script run, which page and which data version it showed.

Off unless GRIDDASH_RUN_LOG names a file; then every run appends one JSON line
`{"t": epoch seconds, "page": url path, "ms": server time, "version": data version or null,
"pid": process}`. Appends of one short line are atomic on Linux, so several server processes
may share the file.
"""

from __future__ import annotations

import json
import os
import time

_VERSION_KEY = "_griddash_run_version"


def enabled() -> bool:
    return bool(os.environ.get("GRIDDASH_RUN_LOG"))


def note_version(state, version: str) -> None:
    """Remember the data version this run shows (`state`: the session state)."""
    if enabled():
        state[_VERSION_KEY] = version


def record(state, page: str, started: float) -> None:
    """Append this run's line; `started` is time.perf_counter() at the start of the run."""
    path = os.environ.get("GRIDDASH_RUN_LOG")
    if not path:
        return
    line = {
        "t": round(time.time(), 3),
        "page": page,
        "ms": round(1000 * (time.perf_counter() - started), 1),
        "version": state.pop(_VERSION_KEY, None),
        "pid": os.getpid(),
    }
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(line) + "\n")
