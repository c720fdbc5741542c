"""Ingest on DuckDB against ingest on Spark local (issue 18, item 6): wall time, peak memory of the
whole process tree (Python and, for Spark, the JVM it starts) and the seconds of each step.

    .venv/bin/python benchmarks/spark_ingest.py EXPORTS --engine spark|duckdb [--out PATH]

The ingest runs in a child process (what `griddash ingest` runs, with its step times printed);
this process samples the child tree's resident memory and CPU time from /proc every 0.2 s (os.wait4's
ru_maxrss would give the largest single process, not the JVM and Python together). The output
(catalog file or warehouse folder) is deleted afterwards. Prints one JSON object, with the load
average before and after: the machine is shared, so a number means little without it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import json, sys
from pathlib import Path
from dashboard.core.engine import engine
if engine() == "spark":
    from dashboard.pipeline.spark_ingest import ingest
else:
    from dashboard.pipeline.ingest import ingest
s = ingest(Path(sys.argv[1]), Path(sys.argv[2]), progress=False)
print(json.dumps({"seconds": s.seconds, "steps": s.step_seconds, "version": s.data_version,
                  "rows": sum(s.rows.values()), "quarantined": sum(s.quarantined.values())}))
"""


def _tree_rss_mb(pid: int, cpu: dict[int, float]) -> float:
    """Resident memory of `pid` and all its descendants, MB (from /proc); notes each one's CPU
    seconds so far (user + system) in `cpu`."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        cpu[p] = max(cpu.get(p, 0.0), times.get(p, 0.0))
        todo += children.get(p, [])
    return total / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exports", type=Path)
    parser.add_argument("--engine", choices=("duckdb", "spark"), required=True)
    parser.add_argument("--out", type=Path, help="catalog file or warehouse folder (deleted)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="griddash-bench-"))
    out = args.out or scratch / ("catalog.duckdb" if args.engine == "duckdb" else "warehouse")
    env = dict(os.environ, GRIDDASH_ENGINE=args.engine)
    load_before = os.getloadavg()
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(args.exports), str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    peak, cpu = 0.0, {}
    while child.poll() is None:
        peak = max(peak, _tree_rss_mb(child.pid, cpu))
        time.sleep(0.2)
    wall = time.perf_counter() - started
    lines = child.stdout.read().strip().splitlines()
    report = {
        "engine": args.engine,
        "exports": str(args.exports),
        "exit": child.returncode,
        "wall_s": round(wall, 1),
        "peak_tree_mb": round(peak),
        # CPU seconds of the tree (last sample): on a shared machine, steadier than wall time.
        "cpu_s": round(sum(cpu.values()), 1),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        **(json.loads(lines[-1]) if child.returncode == 0 and lines else {}),
    }
    if out.is_dir():
        shutil.rmtree(out, ignore_errors=True)
    else:
        out.unlink(missing_ok=True)
    shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(report))
    return child.returncode


if __name__ == "__main__":
    raise SystemExit(main())
