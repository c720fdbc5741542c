"""Run one measured child process: wall time, exit status, peak RSS, output.

Peak memory comes from os.wait4 on that very child (its own ru_maxrss), not from
getrusage(RUSAGE_CHILDREN), which is the largest of all children waited for so far and would
carry an earlier, bigger process's peak into every later measurement.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GRIDDASH = ROOT / ".venv" / "bin" / "griddash"
PROBE = Path(__file__).resolve().parent / "probe.py"


@dataclass
class Run:
    cmd: list[str]
    returncode: int
    wall_s: float
    peak_mb: float
    stdout: str
    stderr: str

    def json(self) -> dict:
        """The last line of standard output, parsed as JSON (the probe prints one object)."""
        lines = self.stdout.strip().splitlines()
        if self.returncode != 0 or not lines:
            raise ChildFailed(self)
        return json.loads(lines[-1])


class ChildFailed(Exception):
    def __init__(self, run: Run):
        tail = (run.stderr.strip().splitlines() or ["(no output)"])[-1]
        super().__init__(f"{' '.join(run.cmd[:4])} … exited {run.returncode}: {tail}")
        self.run = run


def run(cmd: list, *, env: dict | None = None) -> Run:
    """Start `cmd` from the project folder, wait for it, measure it (stdout/stderr kept)."""
    cmd = [str(c) for c in cmd]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB.
    return Run(cmd, child.returncode, wall, usage.ru_maxrss / 1024, stdout, stderr)


def probe(*args, env: dict | None = None) -> tuple[dict, Run]:
    """Run benchmarks/probe.py with `args` in a fresh interpreter; (its JSON, the run)."""
    r = run([PYTHON, PROBE, *args], env=env)
    return r.json(), r


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parallel_speedup() -> dict:
    """How many cores the machine gives right now: the same DuckDB computation (a hash sum over
    100 M integers of a table, ≈ 0.4 s on one core) on one thread and on two, best of three
    each; `speedup` ≈ 2 on an idle 2-core machine, ≈ 1 when the host holds it to one core.
    Until 2026-12-01 it summed over range(300 M) directly: DuckDB's range() is read by one
    thread, so it read ≈ 1 on any machine and could not tell (docs/performance.md)."""
    import duckdb

    con = duckdb.connect()
    con.execute("create table numbers as select i from range(100000000) as t(i)")
    best = {}
    for threads in (1, 2):
        con.execute(f"set threads = {threads}")
        samples = []
        for _ in range(3):
            t = time.perf_counter()
            con.execute("select sum(hash(i)) from numbers").fetchall()
            samples.append(time.perf_counter() - t)
        best[threads] = min(samples)
    con.close()
    return {
        "one_thread_s": round(best[1], 3),
        "two_threads_s": round(best[2], 3),
        "speedup": round(best[1] / best[2], 2),
    }
