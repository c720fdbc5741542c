"""Server-side time of the four analysis pages, for the benchmark harness.

    .venv/bin/python benchmarks/analysis_page_time.py CATALOG EXPORTS [--repeat 3]

For each page (/incidents, /resolution, /workload, /training), place (the city, district 140105)
and time window (30 and 365 days), the whole page script under Streamlit's AppTest:
`first_ms` — the first run for that view in this process (its frames not cached yet; the
process, DuckDB and the OS page cache are warm after the first page) — and `rerun_ms`, the
median of --repeat reruns, which is what a user waits for when a widget moves. Prints one JSON
object: {page: {"city 30 d": {"first_ms", "rerun_ms"}, …}, "loadavg": {"start", "end"},
"parallel_speedup": {"start", "end"}} — the machine's 1-minute load average, since other work
on the two cores inflates every figure, and how many cores the host gave (proc.parallel_speedup).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

PAGES = ("incidents", "resolution", "workload", "training")
VIEWS = (
    ("city 30 d", "", 30),
    ("city 365 d", "", 365),
    ("district 30 d", "140105", 30),
    ("district 365 d", "140105", 365),
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("catalog")
    ap.add_argument("exports")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    os.environ["GRIDDASH_CATALOG"] = args.catalog
    os.environ["GRIDDASH_DATA"] = args.exports

    from streamlit.testing.v1 import AppTest

    from dashboard.core import paths

    def timed(at: AppTest) -> float:
        start = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - start) * 1000
        if at.exception:
            raise SystemExit(f"the page failed: {at.exception[0].value}")
        return elapsed

    import proc

    results: dict[str, dict] = {
        "loadavg": {"start": os.getloadavg()[0]},
        "parallel_speedup": {"start": proc.parallel_speedup()},
    }
    for page in PAGES:
        results[page] = {}
        for label, scope, days in VIEWS:
            at = AppTest.from_file(str(paths.PROJECT_ROOT / "app.py"), default_timeout=600)
            at.run()
            at.switch_page(f"views/{page}.py")
            if scope:
                at.query_params["at"] = scope
            if days != 30:
                at.query_params["days"] = str(days)
            first = timed(at)
            rerun = statistics.median(timed(at) for _ in range(args.repeat))
            results[page][label] = {"first_ms": round(first), "rerun_ms": round(rerun)}
            print(page, label, results[page][label], flush=True, file=__import__("sys").stderr)
    results["loadavg"]["end"] = os.getloadavg()[0]
    results["parallel_speedup"]["end"] = proc.parallel_speedup()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
