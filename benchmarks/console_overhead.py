"""What the SQL console's worker process costs, and what it holds back (issue 12).

    .venv/bin/python benchmarks/console_overhead.py CATALOG [--repeat 30] [--pace 0.5]
                                                    [--scope 140106]

Prints one JSON object:
- `in_process_ms`: `select 1` on the page's own connection (Catalog.sql) — what a statement cost
  before it moved to a worker; p50 and p95;
- `worker_paced_ms`: `select 1` through console.run (a warm worker per statement, the pool topped
  up between statements) with --pace seconds between statements, as a person types; p50, p95;
- `worker_back_to_back_ms`: the same with no pause, so the pool drains and statements wait for
  a new process to start;
- `worker_cold_ms`: a worker started for the statement (what `griddash query` pays);
- `overhead_p50_ms`: worker_paced p50 − in_process p50;
- `scoped_copy_build_s`, `scoped_copy_mb`: building the copy of --scope's rows a district lead's
  statements read (dashboard.data.scope_extract), once per data version; `scoped_paced_ms`: `select 1`
  for that lead afterwards, paced;
- `bombs`: each hostile statement of tests/test_console_limits.py under 4 s / 1 GB: how it ended,
  seconds until it ended, the worker's peak RSS in MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def quantiles(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {
        "p50": round(statistics.median(values), 1),
        "p95": round(values[min(len(values) - 1, int(0.95 * len(values)))], 1),
        "n": len(values),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("catalog")
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--pace", type=float, default=0.5)
    ap.add_argument("--scope", default="140106")
    args = ap.parse_args()

    from test_console_limits import MEMORY_BOMBS, TIME_BOMBS

    from dashboard.analysis import console
    from dashboard.data import scope_extract, sql_sandbox
    from dashboard.data.catalog import CONSOLE_LIMITS, Catalog, Limits

    page = Catalog(args.catalog)
    page.sql("select 1")
    in_process = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        page.sql("select 1")
        in_process.append((time.perf_counter() - started) * 1000)

    cat = Catalog(args.catalog, limits=CONSOLE_LIMITS, console=True)

    def run_ms(cat=cat) -> float:
        started = time.perf_counter()
        result = console.run(cat, "select 1 as x")
        assert result.ok, result.failure
        return (time.perf_counter() - started) * 1000

    cold = [run_ms() for _ in range(5)]  # no pool yet: a new process each time
    sql_sandbox.keep_warm(2)
    pause = threading.Event()
    pause.wait(2)  # the pool's first workers start
    paced = []
    for _ in range(args.repeat):
        paced.append(run_ms())
        pause.wait(args.pace)
    back_to_back = [run_ms() for _ in range(args.repeat)]

    lead = Catalog(args.catalog, scope=args.scope, limits=CONSOLE_LIMITS, console=True)
    copy = scope_extract.extract_path(Path(args.catalog), lead.data_version, args.scope)
    copy.unlink(missing_ok=True)
    started = time.perf_counter()
    scope_extract.ensure(Path(args.catalog), args.scope, lead.data_version)
    build_s = time.perf_counter() - started
    scoped = []
    for _ in range(args.repeat):
        scoped.append(run_ms(lead))
        pause.wait(args.pace)

    bombs = []
    capped = Catalog(args.catalog, limits=Limits(time_limit_s=4, memory_limit="1GB"), console=True)
    for name, sql in MEMORY_BOMBS + TIME_BOMBS:
        started = time.perf_counter()
        with capped.console_statement(sql) as statement:
            try:
                statement.table()
                ended = "ran"
            except Exception as exc:  # noqa: BLE001 — how it ended is the measurement
                ended = getattr(exc, "kind", type(exc).__name__)
        bombs.append(
            {
                "name": name,
                "ended": ended,
                "seconds": round(time.perf_counter() - started, 2),
                "peak_rss_mb": round(statement.peak_rss_bytes / 2**20),
            }
        )
    sql_sandbox.POOL.close()
    result = {
        "in_process_ms": quantiles(in_process),
        "worker_paced_ms": quantiles(paced),
        "worker_back_to_back_ms": quantiles(back_to_back),
        "worker_cold_ms": quantiles(cold),
        "overhead_p50_ms": round(statistics.median(paced) - statistics.median(in_process), 1),
        "pace_s": args.pace,
        "scoped_copy_build_s": round(build_s, 2),
        "scoped_copy_mb": round(copy.stat().st_size / 2**20, 1),
        "catalog_mb": round(Path(args.catalog).stat().st_size / 2**20, 1),
        "scoped_paced_ms": quantiles(scoped),
        "bombs": bombs,
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
