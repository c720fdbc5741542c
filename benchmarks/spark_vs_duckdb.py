"""Each named query and the brief on Spark (SparkCatalog, GRIDDASH_SPARK_REMOTE, default a local
Spark Connect server, local[2]) against DuckDB (Catalog) on the same data: a DuckDB catalog file
and the warehouse published from it (dashboard.data.warehouse_publish). docs/spark.md.

    .venv/bin/python benchmarks/spark_vs_duckdb.py CATALOG WAREHOUSE [--scope S] [--out F.jsonl]

Parameters as benchmarks/run.py chooses them (probe.realistic_params of the last full day); the
notice queries are skipped as there. Per query: one untimed run per engine (Spark: its views and
the local cache are made then), then the median of --repeat timed runs; the load average beside
each. One JSON object per line to --out, a table on standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from probe import bind, realistic_params  # noqa: E402

from dashboard.data import queries  # noqa: E402
from dashboard.data.catalog import Catalog  # noqa: E402
from dashboard.measures import metrics  # noqa: E402


def timed(call, repeat: int) -> float:
    """Median seconds of `repeat` runs after an untimed one."""
    call()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("catalog", type=Path)
    parser.add_argument("warehouse")
    parser.add_argument("--scope", default="")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    from dashboard.data.spark_catalog import SparkCatalog
    from dashboard.spark import session

    started = time.perf_counter()
    spark = session.session()
    print(f"Spark session {time.perf_counter() - started:.1f} s", flush=True)
    if os.environ.get("GRIDDASH_SPARK_SHUFFLE_PARTITIONS"):
        spark.conf.set(
            "spark.sql.shuffle.partitions", os.environ["GRIDDASH_SPARK_SHUFFLE_PARTITIONS"]
        )
    duck = Catalog(args.catalog, scope=args.scope)
    sc = SparkCatalog(args.warehouse, scope=args.scope)
    values = realistic_params(metrics.resolve_as_of(duck, None))
    out = args.out.open("a", encoding="utf-8") if args.out else None
    jobs = [
        (name, lambda c, q=q: c.query(q.name, **bind(q.params, values, q.name, args.scope)))
        for name, q in queries.registry().items()
        if not set(q.params) - set(values)
    ] + [("(brief)", lambda c: metrics.brief(c))]
    for name, run in jobs:
        record = {"query": name, "scope": args.scope, "load_before": os.getloadavg()[0]}
        try:
            record["duckdb_s"] = timed(lambda run=run: run(duck), args.repeat)
            record["spark_s"] = timed(lambda run=run: run(sc), args.repeat)
        except Exception as exc:  # noqa: BLE001 — a failing query is a result here
            record["error"] = str(exc).splitlines()[0][:300]
        record["load_after"] = os.getloadavg()[0]
        line = json.dumps(record)
        print(line, flush=True)
        if out:
            out.write(line + "\n")
            out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
