"""Server-side time of the morning-briefing page, for the benchmark harness.

    .venv/bin/python benchmarks/page_time.py CATALOG EXPORTS [--repeat 5] [--scope PREFIX]

Prints one JSON object (milliseconds):
- `build_cold_ms`: in this fresh process, everything the page computes for a view — the briefing
  (dashboard.measures.briefing.build) and the map (dashboard.geo.maps.deck) — with nothing cached yet;
- `build_warm_ms`: the same computation again (DuckDB and the OS page cache warm, no result
  cache), median of --repeat runs;
- `script_first_ms` / `script_warm_ms`: the whole page script under Streamlit's AppTest — the
  first run (imports and caches empty) and later reruns (median), which is what a user waits for
  on the server when the view is already cached (st.cache_data keyed on the data version).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("catalog")
    ap.add_argument("exports")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--scope", default="")
    args = ap.parse_args()
    os.environ["GRIDDASH_CATALOG"] = args.catalog
    os.environ["GRIDDASH_DATA"] = args.exports

    from dashboard.data.catalog import Catalog
    from dashboard.geo import maps
    from dashboard.measures import briefing

    def build() -> float:
        start = time.perf_counter()
        cat = Catalog(args.catalog, scope=args.scope)
        view = briefing.build(cat)
        maps.deck(cat, view.brief.as_of, spikes=view.spikes)
        return (time.perf_counter() - start) * 1000

    cold = build()
    maps.clear_cache()  # the outlines cache would make "warm" look like a result cache
    warm = statistics.median(build() for _ in range(args.repeat))

    from streamlit.testing.v1 import AppTest

    from dashboard.core import paths

    at = AppTest.from_file(str(paths.PROJECT_ROOT / "app.py"), default_timeout=600)
    if args.scope:
        at.query_params["at"] = args.scope
    start = time.perf_counter()
    at.run()
    first = (time.perf_counter() - start) * 1000
    assert not at.exception, [e.value for e in at.exception]
    reruns = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        at.run()
        reruns.append((time.perf_counter() - start) * 1000)
    print(
        json.dumps(
            {
                "scope": args.scope,
                "build_cold_ms": round(cold, 1),
                "build_warm_ms": round(warm, 1),
                "script_first_ms": round(first, 1),
                "script_warm_ms": round(statistics.median(reruns), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
