"""Measurements and report of the load harness (benchmarks/load.py).

- ProcSampler: a thread that reads /proc once a second — CPU ticks and RSS of the server's
  process tree and of the browser's (Playwright's driver and its Chromium), the largest VmHWM in
  the server's tree, and the 1-minute load average (no psutil: it is not installed).
- HealthPoller: a thread polling Streamlit's `/_stcore/health` every 0.5 s with urllib.
- read_run_log: the server's own time per script run (GRIDDASH_RUN_LOG, written by
  dashboard/core/runlog.py); match_runs: each load's own run in it (server time, version).
- build / print_summary: the JSON report and its readable summary.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024
# urllib would follow http_proxy from the environment even for 127.0.0.1.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http_get(url: str, timeout: float) -> bytes:
    """The body of a GET to a local URL, bypassing any proxy set in the environment."""
    with _OPENER.open(url, timeout=timeout) as r:
        return r.read()


def percentile(values, q: float) -> float | None:
    """The q-th percentile (0–100), interpolating between the closest ranks."""
    xs = sorted(values)
    if not xs:
        return None
    k = (len(xs) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def spread(values) -> dict:
    """n, p50, p95 and max of a list of milliseconds (rounded)."""
    values = list(values)
    if not values:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 1),
        "p95": round(percentile(values, 95), 1),
        "max": round(max(values), 1),
    }


# -- /proc ------------------------------------------------------------------------------------


def scan_proc() -> dict[int, tuple[int, str, int, int, int]]:
    """Every process: pid → (ppid, name, own CPU ticks, reaped children's CPU ticks, RSS pages)."""
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                data = f.read()
        except OSError:  # gone since listdir
            continue
        # The name may hold spaces and parentheses: the fields start after the last ")".
        comm = data[data.find(b"(") + 1 : data.rfind(b")")].decode(errors="replace")
        rest = data[data.rfind(b")") + 2 :].split()
        # rest[i] is field i+3 of proc(5): ppid 4, utime 14, stime 15, cutime 16, cstime 17, rss 24
        found[int(name)] = (
            int(rest[1]),
            comm,
            int(rest[11]) + int(rest[12]),
            int(rest[13]) + int(rest[14]),
            int(rest[21]),
        )
    return found


def descendants(procs: dict, roots) -> set[int]:
    """The roots and every process below them."""
    children = defaultdict(list)
    for pid, info in procs.items():
        children[info[0]].append(pid)
    tree, todo = set(), [r for r in roots if r in procs]
    while todo:
        pid = todo.pop()
        if pid not in tree:
            tree.add(pid)
            todo.extend(children[pid])
    return tree


def vm_hwm_kb(pid: int) -> int:
    """The process's peak resident set (VmHWM) in KiB; 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def driver_pids(procs: dict) -> list[int]:
    """Playwright's driver: a Node.js child of this process (named "node-MainThread")."""
    return [p for p, info in procs.items() if info[0] == os.getpid() and info[1].startswith("node")]


class Tree:
    """CPU and memory of one process tree across samples.

    CPU used = growth of Σ(utime+stime+cutime+cstime) over the live processes of the tree: a
    child that exits and is reaped by its parent in the tree moves its time into the parent's
    cutime/cstime, so it is neither lost nor counted twice."""

    def __init__(self, name: str):
        self.name = name
        self.first: int | None = None
        self.last = 0
        self.peak_rss = 0
        self.peak_procs = 0
        self.hwm_kb = 0
        self.hwm_proc = ""

    def sample(self, procs: dict, tree: set[int], hwm: bool) -> None:
        ticks = sum(procs[p][2] + procs[p][3] for p in tree)
        self.first = ticks if self.first is None else self.first
        self.last = ticks
        self.peak_rss = max(self.peak_rss, sum(procs[p][4] for p in tree) * PAGE_BYTES)
        self.peak_procs = max(self.peak_procs, len(tree))
        for p in tree if hwm else ():
            kb = vm_hwm_kb(p)
            if kb > self.hwm_kb:
                self.hwm_kb, self.hwm_proc = kb, f"{p} {procs[p][1]}"

    def report(self, wall_s: float, cores: int) -> dict:
        cpu = (self.last - (self.first or 0)) / CLK_TCK
        out = {
            "cpu_s": round(cpu, 1),
            "cpu_pct_of_machine": round(100 * cpu / (wall_s * cores), 1) if wall_s else None,
            "peak_rss_sum_mb": round(self.peak_rss / MB, 1),
            "peak_processes": self.peak_procs,
        }
        if self.hwm_kb:
            out["max_vmhwm_mb"] = round(self.hwm_kb / 1024, 1)
            out["max_vmhwm_process"] = self.hwm_proc
        return out


class ProcSampler(threading.Thread):
    """Once a second: the server's tree (rooted at server_pid), the browser's tree (the
    Playwright driver, a `node` child of this process, and its Chromium) and /proc/loadavg."""

    def __init__(self, server_pid: int, interval: float = 1.0):
        super().__init__(daemon=True)
        self.server_pid, self.interval = server_pid, interval
        self.server, self.browser = Tree("server"), Tree("browser")
        self.loadavg: list[float] = []
        self.samples = 0
        self.stopping = threading.Event()

    def sample(self) -> None:
        procs = scan_proc()
        self.server.sample(procs, descendants(procs, [self.server_pid]), hwm=True)
        self.browser.sample(procs, descendants(procs, driver_pids(procs)), hwm=False)
        with open("/proc/loadavg") as f:
            self.loadavg.append(float(f.read().split()[0]))
        self.samples += 1

    def run(self) -> None:
        while not self.stopping.is_set():
            started = time.monotonic()
            with contextlib.suppress(OSError, IndexError, ValueError):  # a process vanished
                self.sample()
            self.stopping.wait(max(0.0, self.interval - (time.monotonic() - started)))

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
        with contextlib.suppress(OSError, IndexError, ValueError):
            self.sample()  # the closing figures


class HealthPoller(threading.Thread):
    """`/_stcore/health` every `interval` seconds (a poll starts at once when the previous one
    took longer), in a thread of its own so a busy asyncio loop cannot delay it."""

    def __init__(self, url: str, interval: float = 0.5, timeout: float = 5.0):
        super().__init__(daemon=True)
        self.url, self.interval, self.timeout = url, interval, timeout
        self.polls: list[tuple[float, float, bool, str]] = []  # (epoch, seconds, ok, failure)
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            wall, started = time.time(), time.monotonic()
            failure = ""
            try:
                ok = http_get(self.url, self.timeout).strip() == b"ok"
                failure = "" if ok else "not ok"
            except Exception as exc:  # timeouts, refused connections, HTTP errors: all failures
                ok, failure = False, f"{type(exc).__name__}: {exc}"[:200]
            took = time.monotonic() - started
            self.polls.append((wall, took, ok, failure))
            self.stopping.wait(max(0.0, self.interval - took))

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=self.timeout + 1)

    def report(self, t0: float) -> dict:
        ms = [p[1] * 1000 for p in self.polls]
        worst = sorted(self.polls, key=lambda p: -p[1])[:5]
        failures = [p for p in self.polls if not p[2]]
        return {
            "polls": len(self.polls),
            "failures": len(failures),
            "failure_samples": [{"at_s": round(p[0] - t0, 1), "why": p[3]} for p in failures[:5]],
            "p50_ms": round(percentile(ms, 50), 1) if ms else None,
            "p99_ms": round(percentile(ms, 99), 1) if ms else None,
            "worst_ms": round(max(ms), 1) if ms else None,
            "worst5": [{"at_s": round(p[0] - t0, 1), "ms": round(p[1] * 1000, 1)} for p in worst],
        }


# -- the server's run log ---------------------------------------------------------------------


def read_run_log(path: Path, t0: float, t1: float, heavy_runs: list[dict]) -> dict | str:
    """Server time per page run from GRIDDASH_RUN_LOG, runs ending in [t0, t1]; "n/a" when the
    server wrote none. The heavy session's statement runs (a /sql run that started after its
    click and ended by its outcome) are reported apart, so they do not pass for page loads."""
    if not path.exists():
        return "n/a"
    runs = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            run = json.loads(line)
            if t0 <= float(run["t"]) <= t1 + 1:
                runs.append(run)
        except (ValueError, KeyError, TypeError):
            continue
    if not runs:
        return "n/a"
    heavy_ids = set()
    for h in heavy_runs:
        if h.get("click_t") is None or h.get("done_t") is None:
            continue
        fits = [
            i
            for i, r in enumerate(runs)
            if r.get("page") == "sql"
            and i not in heavy_ids
            and r["t"] - r["ms"] / 1000 >= h["click_t"] - 1
            and r["t"] <= h["done_t"] + 1
        ]
        if fits:
            heavy_ids.add(max(fits, key=lambda i: runs[i]["ms"]))
    pages = defaultdict(list)
    for i, r in enumerate(runs):
        if i not in heavy_ids:
            pages["/" + (r.get("page") or "")].append(float(r["ms"]))
    return {
        "runs": len(runs),
        "overall": spread(r["ms"] for i, r in enumerate(runs) if i not in heavy_ids),
        "per_page": {p: spread(v) for p, v in sorted(pages.items())},
        "heavy_statement_runs": spread(runs[i]["ms"] for i in heavy_ids),
        "runs_per_process": dict(Counter(str(r.get("pid")) for r in runs)),
        "versions": dict(Counter(str(r.get("version")) for r in runs)),
    }


def match_runs(loads: list[dict], path: Path, t0: float, slack_s: float = 0.5) -> None:
    """Give each load that finished its page run from the run log: the run of the same page
    that ended between the load's start and `slack_s` after the client saw it finish (the
    nearest such run not already given to another load). Sets `server_ms` and
    `server_version`, and `version` (with `version_from: run_log`) where the page showed none.
    With many sessions on one page at once the nearest run may be another session's."""
    if not path.exists():
        return
    runs = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        with contextlib.suppress(ValueError, KeyError, TypeError):
            run = json.loads(line)
            runs.append(("/" + (run.get("page") or ""), float(run["t"]) - t0, run))
    taken: set[int] = set()
    for x in sorted((x for x in loads if x.get("end_s") is not None), key=lambda x: x["end_s"]):
        page = x["page"].split(" ")[0]
        fits = [
            i
            for i, (p, t, _) in enumerate(runs)
            if p == page and i not in taken and x["start_s"] <= t <= x["end_s"] + slack_s
        ]
        if not fits:
            continue
        i = min(fits, key=lambda i: abs(runs[i][1] - x["end_s"]))
        taken.add(i)
        run = runs[i][2]
        x["server_ms"], x["server_version"] = run.get("ms"), run.get("version")
        x["server_candidates"] = len(fits)
        if x.get("version") is None and run.get("version"):
            x["version"], x["version_from"] = run["version"], "run_log"


# -- the report -------------------------------------------------------------------------------


def build(
    *,
    params: dict,
    loads: list[dict],
    heavy: list[dict],
    swaps: list[dict],
    blocked: list[dict],
    health: dict,
    sampler: ProcSampler,
    run_log: dict | str,
    wall_s: float,
    baseline: dict | None,
    notes: list[str],
) -> dict:
    """The whole report as one JSON-able dict."""
    cores = params["machine_cores"]
    cycling = [x for x in loads if x["session"] != "heavy"]
    by_page = defaultdict(list)
    for x in loads:
        by_page[x["page"]].append(x)
    errors = [
        dict(e, session=x["session"], page=x["page"], at_s=x["start_s"])
        for x in loads
        for e in x["errors"]
    ]
    failed = [
        {k: x[k] for k in ("session", "page", "start_s", "failed", "state")}
        for x in loads
        if x["failed"]
    ]
    warnings = Counter((x["page"], w) for x in loads for w in x["warnings"])
    ready = lambda xs: [x["ttr_ms"] for x in xs if x["ttr_ms"] is not None]  # noqa: E731
    proto = [x for x in loads if x.get("client") == "protocol"]
    proto_by_page = defaultdict(list)
    for x in proto:
        proto_by_page[x["page"]].append(x)
    got = lambda xs, k: [x[k] for x in xs if x.get(k) is not None]  # noqa: E731
    seen: dict[str, dict] = {}
    for x in sorted(loads, key=lambda x: x["start_s"]):
        if x["version"]:
            v = seen.setdefault(x["version"], {"first_s": x["start_s"], "loads": 0})
            v["last_s"], v["loads"] = x["start_s"], v["loads"] + 1
    server = sampler.server.report(wall_s, cores)
    report = {
        "params": params,
        "duration_s": round(wall_s, 1),
        "loads": {
            "total": len(cycling),
            "heavy_session_opens": len(loads) - len(cycling),
            # cut off by Ctrl-C or the hard deadline: neither ready nor failed
            "unfinished": sum(
                x["ttr_ms"] is None and x.get("done_ms") is None and not x["failed"] for x in loads
            ),
            "per_page": {p: len(v) for p, v in sorted(by_page.items())},
            "per_client": dict(Counter(x.get("client", "browser") for x in cycling)),
        },
        "errors": {"count": len(errors), "list": errors},
        "failed_loads": {"count": len(failed), "list": failed},
        "warnings": {
            "count": sum(warnings.values()),
            "distinct": [{"page": p, "text": w, "loads": n} for (p, w), n in warnings.items()],
        },
        "time_to_ready_ms": {
            "overall": spread(ready(cycling)),
            "per_page": {p: spread(ready(v)) for p, v in sorted(by_page.items())},
            # goto → the frontend first saying the script finished (the rest is drawing)
            "script_done_per_page": {
                p: spread(x["script_done_ms"] for x in v if x.get("script_done_ms"))
                for p, v in sorted(by_page.items())
            },
        },
        # protocol sessions: start of the load (page HTML, pings, websocket) → script_finished,
        # and rerun_script → script_finished; the finish statuses
        "protocol_ms": {
            "to_finished": {
                "overall": spread(got([x for x in proto if x["session"] != "heavy"], "done_ms")),
                "per_page": {
                    p: spread(got(v, "done_ms")) for p, v in sorted(proto_by_page.items())
                },
            },
            "rerun_to_finished_per_page": {
                p: spread(got(v, "run_ms")) for p, v in sorted(proto_by_page.items())
            },
            "finish_status": dict(Counter(str(x.get("finish_status")) for x in proto)),
            "messages_per_load": spread(got(proto, "messages")),
        },
        "server_time_ms": run_log,
        "health": health,
        "server_process_tree": server,
        "browser_process_tree": sampler.browser.report(wall_s, cores),
        "harness_cpu_s": round(sum(os.times()[:2]), 1),
        "loadavg_1min": {
            "max": max(sampler.loadavg, default=None),
            "mean": round(sum(sampler.loadavg) / len(sampler.loadavg), 2)
            if sampler.loadavg
            else None,
            "samples": len(sampler.loadavg),
        },
        "swaps": swaps,
        "heavy": {
            "runs": len(heavy),
            "outcomes": dict(Counter(h["outcome"] for h in heavy)),
            "list": heavy,
        },
        "external_requests_blocked": {"count": len(blocked), "list": blocked[:100]},
        "versions_per_page": {
            p: dict(Counter(str(x["version"]) for x in v)) for p, v in sorted(by_page.items())
        },
        "versions_seen": seen,
        "notes": notes,
        "per_load": loads,
    }
    report["checks"] = _checks(report, baseline)
    return report


def _checks(report: dict, baseline: dict | None) -> dict:
    """The issue's targets, as far as this run can tell."""
    worst = report["health"]["worst_ms"]
    checks = {
        "no_errors": report["errors"]["count"] == 0,
        "no_failed_loads": report["failed_loads"]["count"] == 0,
        "health_within_1s": worst is not None
        and worst <= 1000
        and report["health"]["failures"] == 0,
    }
    ours = report["server_time_ms"]
    theirs = (baseline or {}).get("server_time_ms")
    if isinstance(ours, dict) and isinstance(theirs, dict):
        ratios = {}
        for page, s in ours["per_page"].items():
            b = theirs["per_page"].get(page, {}).get("p95")
            if b and s["p95"] is not None:
                ratios[page] = round(s["p95"] / b, 2)
        b = theirs["overall"]["p95"]
        ratios["overall"] = round(ours["overall"]["p95"] / b, 2) if b else None
        checks["p95_ratio_to_baseline"] = ratios
        checks["p95_within_3x_baseline"] = all(r is not None and r <= 3 for r in ratios.values())
    return checks


def _row(cells, widths) -> str:
    return "  ".join(
        str(c).rjust(w) if i else str(c).ljust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    )


def _fmt(v) -> str:
    return "–" if v is None else f"{v:,.0f}"


def print_summary(r: dict) -> None:
    """The report in a few screens of text."""
    p = r["params"]
    print(
        f"\n== griddash load run: {p['sessions']} sessions ({_clients(p)}; +heavy: {p['heavy']}), "
        f"{p['processes']} process(es), {r['duration_s']:.0f} s, think {p['think']} s, "
        f"{p['incidents']:,} incidents, {p['machine_cores']} cores"
    )
    lo = r["loads"]
    print(
        f"loads {lo['total']} (+{lo['heavy_session_opens']} heavy-session opens, "
        f"{lo['unfinished']} unfinished) · "
        f"errors {r['errors']['count']} · failed loads {r['failed_loads']['count']} · "
        f"warnings {r['warnings']['count']} · external requests blocked "
        f"{r['external_requests_blocked']['count']}"
    )
    st = r["server_time_ms"]
    pr = r.get("protocol_ms") or {"to_finished": {"overall": {}, "per_page": {}}}
    fin = pr["to_finished"]["per_page"]
    widths = (14, 6, 8, 8, 8, 7, 7, 8, 6, 9, 9)
    head = ("page", "loads", "ready50", "ready95", "readyMax", "fin50", "fin95", "finMax")
    print("\n" + _row((*head, "runs", "server50", "server95"), widths))
    ttr = r["time_to_ready_ms"]
    for page, s in ttr["per_page"].items():
        srv = st["per_page"].get(page.split(" ")[0], {}) if isinstance(st, dict) else {}
        srv = {} if page.endswith("(heavy)") else srv
        f = fin.get(page, {})
        print(
            _row(
                (
                    page,
                    r["loads"]["per_page"][page],
                    _fmt(s["p50"]),
                    _fmt(s["p95"]),
                    _fmt(s["max"]),
                    _fmt(f.get("p50")),
                    _fmt(f.get("p95")),
                    _fmt(f.get("max")),
                    srv.get("n", "–"),
                    _fmt(srv.get("p50")),
                    _fmt(srv.get("p95")),
                ),
                widths,
            )
        )
    o, fo = ttr["overall"], pr["to_finished"]["overall"]
    so = st["overall"] if isinstance(st, dict) else {}
    print(
        _row(
            (
                "all (cycling)",
                r["loads"]["total"],
                _fmt(o["p50"]),
                _fmt(o["p95"]),
                _fmt(o["max"]),
                _fmt(fo.get("p50")),
                _fmt(fo.get("p95")),
                _fmt(fo.get("max")),
                so.get("n", "–"),
                _fmt(so.get("p50")),
                _fmt(so.get("p95")),
            ),
            widths,
        )
    )
    print(
        "ready: browser sessions, goto → ready; fin: protocol sessions, start of the load → "
        f"script_finished; loads per client {r['loads'].get('per_client')}; protocol finish "
        f"statuses {pr.get('finish_status', {})}"
    )
    if not isinstance(st, dict):
        print("server time per run: n/a (no GRIDDASH_RUN_LOG lines)")
    else:
        h = st["heavy_statement_runs"]
        print(
            f"server runs per process {st['runs_per_process']}; heavy statement runs "
            f"{h['n']}, p50 {_fmt(h['p50'])} ms, max {_fmt(h['max'])} ms"
        )
    he = r["health"]
    worst = ", ".join(f"{w['ms']:.0f} ms at {w['at_s']} s" for w in he["worst5"])
    print(
        f"\nhealth: {he['polls']} polls, {he['failures']} failures, p50 {he['p50_ms']} ms, "
        f"p99 {he['p99_ms']} ms, worst {he['worst_ms']} ms ({worst})"
    )
    for name in ("server_process_tree", "browser_process_tree"):
        t = r[name]
        hwm = (
            f", largest VmHWM {t['max_vmhwm_mb']} MB ({t['max_vmhwm_process']})"
            if "max_vmhwm_mb" in t
            else ""
        )
        print(
            f"{name.split('_')[0]}: CPU {t['cpu_s']} s = {t['cpu_pct_of_machine']} % of the "
            f"machine, peak RSS (sum over {t['peak_processes']} processes) "
            f"{t['peak_rss_sum_mb']:,.0f} MB{hwm}"
        )
    la = r["loadavg_1min"]
    print(
        f"load average (1 min): max {la['max']}, mean {la['mean']}; harness CPU "
        f"{r['harness_cpu_s']} s (the protocol sessions run in the harness)"
    )
    for s in r["swaps"]:
        print(
            f"swap at {s['start_s']} s: {s['duration_s']} s, exit {s['exit']}, "
            f"{s['version_before']} → {s['version_after']}, CPU {s['cpu_s']} s, "
            f"peak {s['peak_rss_mb']} MB"
        )
    hv = r["heavy"]
    if hv["runs"]:
        took = [h["run_s"] for h in hv["list"] if h.get("run_s") is not None]
        print(
            f"heavy console: {hv['runs']} runs, outcomes {hv['outcomes']}, "
            f"click → outcome {min(took, default=0):.1f}–{max(took, default=0):.1f} s"
        )
    print(
        "versions seen: "
        + "; ".join(
            f"{v} ×{s['loads']} ({s['first_s']}–{s['last_s']} s)"
            for v, s in r["versions_seen"].items()
        )
    )
    for e in r["errors"]["list"][:10]:
        print(f"  error {e['session']} {e['page']} @{e['at_s']}s {e['kind']}: {_one_line(e)}")
    for f in r["failed_loads"]["list"][:10]:
        print(f"  failed {f['session']} {f['page']} @{f['start_s']}s: {f['failed']} {f['state']}")
    for w in r["warnings"]["distinct"][:10]:
        print(f"  warning ×{w['loads']} {w['page']}: {_one_line({'text': w['text']})}")
    for n in r["notes"]:
        print(f"  note: {n}")
    print("checks: " + json.dumps(r["checks"], ensure_ascii=False))


def _clients(p: dict) -> str:
    """ "10 protocol", "2 browser + 8 protocol" or "10 browser" (reports before --client)."""
    n, b = p["sessions"], p.get("browser_sessions", p["sessions"])
    parts = [f"{b} browser"] if b else []
    parts += [f"{n - b} protocol"] if n - b else []
    return " + ".join(parts) or "none"


def _one_line(e: dict) -> str:
    return re.sub(r"\s+", " ", e.get("text", ""))[:160]
