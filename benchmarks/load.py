"""Load harness: N real browser sessions against one `griddash serve`, for a bounded time.

    .venv/bin/python benchmarks/load.py --exports DIR --catalog PATH [--sessions 10]
        [--minutes 10] [--processes 1] [--swaps 2] [--think 5] [--no-heavy] [--port 0]
        [--out results.json] [--lang zh] [--block proxy|route] [--baseline single-user.json]
        [--browser-nice 10] [--client browser|protocol] [--browsers 0] [--navigate reload|click]

A benchmark, not a test. It ingests DIR into PATH if PATH does not exist, starts `griddash serve`
on 127.0.0.1 (its own process group; GRIDDASH_RUN_LOG set so the server logs its time per script
run), then drives Debian's Chromium with async Playwright: one browser context per session, each
cycling through the eight pages (a full `page.goto` per load, then think time ±50 %), sessions
started over the first 10 s. Unless --no-heavy, one more session keeps running a statement on
the SQL console that runs into its time limit. --swaps catalog swaps (`griddash ingest` of the
same exports) happen at equal intervals. The run stops after --minutes; everything is killed at
--minutes + 3 min at the latest, and on Ctrl-C.

Chromium runs at nice 10 (--browser-nice): in a centre the browsers are on other machines; here
they share the server's two cores and at equal priority take about half of them.

A load is *ready* when Streamlit's frontend says the script run is over and it is connected
(`[data-testid="stApp"]` has data-test-script-state="notRunning" and
data-test-connection-state="CONNECTED"), no skeleton placeholder is left (stSkeleton,
stAppSkeleton, stSkeletonElement), and the DOM then stays unchanged for 0.5 s (a
MutationObserver); time to ready runs from the start of goto to the start of that calm. A load
not ready within 60 s is a failed load.

Reports (printed, and as JSON to --out, default benchmarks/results/load-<N>s-<P>p-<date>.json):
loads per page; errors (exception and error elements, "Connection error" dialogs and connection
drops, navigation failures, page errors), failed loads and warnings; p50/p95/max time to ready;
the server's time per page run (p50/p95, from GRIDDASH_RUN_LOG, "n/a" without it); the health
endpoint's p99 and worst answer times; CPU seconds and peak memory of the server's and of the
browser's process trees; the 1-minute load average; the swaps with the data version before and
after; the heavy session's runs and outcomes; external requests blocked; the data version each
load showed (per load in the JSON, counted per page). With --baseline (an earlier report, e.g.
of `--sessions 1 --no-heavy --swaps 0`) also the ratio of p95 server times to it.

--client protocol: the sessions (and the heavy one) speak Streamlit's websocket protocol from
this process instead of driving Chromium (benchmarks/load_protocol.py): per load the page's
HTML, the frontend's pings, a new websocket session and a rerun_script request for the page,
done at `script_finished` (its status reported; exception and error elements are errors). They
measure the server and the websocket, not drawing: there is no time to ready, only the time from
the start of the load to script_finished and from the rerun request to it. --browsers K: K of
the sessions are Chromium all the same (the first K). --navigate click: a protocol session keeps
one websocket session and asks for the next page by its script hash, as the sidebar does,
instead of a fresh page load each time.

Only this machine is contacted: Chromium gets a proxy that does not exist for every host but
the loopback (which Chromium never proxies), so a request elsewhere fails inside the browser; it
is counted and reported. `--block route` aborts such requests with Playwright routing instead,
which also turns off Chromium's HTTP cache: every load then downloads Streamlit's whole frontend
again (~150 requests, ~13 MB), which real browsers would not.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from load_protocol import Connection, empty_findings, rerun_message
from load_report import (
    HealthPoller,
    ProcSampler,
    build,
    http_get,
    match_runs,
    print_summary,
    read_run_log,
)
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
GRIDDASH = ROOT / ".venv" / "bin" / "griddash"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Nothing leaves the machine: every host but the loopback goes to a proxy that is not there.
    "--proxy-server=http://127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1920, "height": 1080}
PAGES = ("/", "/incidents", "/resolution", "/workload", "/training", "/sql", "/reports", "/data")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
NON_LOCAL = re.compile(
    r"^(?!(?:https?|wss?)://(?:127\.0\.0\.1|localhost)(?::\d+)?/)(?!data:|blob:)"
)
READY_LIMIT_S = 60
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
SERVER_LIMIT_S = 180
GRACE_S = 180  # the hard deadline: --minutes plus this
STAGGER_S = 10
# A cross join of the incidents with a string comparison per pair: 600M pairs at 25k incidents
# (11 s alone on this machine), far more on real data. The equi-join on grid_code the issue
# suggests finishes in 0.5 s on the 25k demo (about 3 incidents per grid).
HEAVY_SQL = (
    "select count(*) from incidents a, incidents b "
    "where jaro_winkler_similarity(a.incident_id, b.incident_id) > 0.99"
)
RUN_BUTTON = ".st-key-sql_run button"
# After Run: the result's summary badges, or an error alert (time limit), or an exception.
OUTCOME = '.st-key-sql_summary, [data-testid="stAlertContentError"], [data-testid="stException"]'
VERSION = re.compile(r"(?:数据版本|Data version)\s+([0-9A-Za-z._:+-]+)")

# Installed in every page before its own scripts: when the DOM last changed, and every time the
# connection state left CONNECTED (a dropped websocket; Streamlit reconnects on its own).
INIT_JS = """
if (window === window.top) {
  window.__gd = {mut: Date.now(), vis: Date.now(), drops: []};
  // vis: the last change that can be seen. What is put inside a <canvas> is its fallback
  // content, never painted (the data grid adds its table for screen readers there, late).
  const painted = (r) => {
    const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
    if (!el) return true;
    if (el.parentElement && el.parentElement.closest('canvas')) return false;  // inside one
    return !(el.tagName === 'CANVAS' && r.type !== 'attributes');  // a canvas' own size counts
  };
  new MutationObserver((records) => {
    window.__gd.mut = Date.now();
    if (records.some(painted)) window.__gd.vis = window.__gd.mut;
    for (const r of records) {
      if (r.attributeName === 'data-test-connection-state' && r.oldValue === 'CONNECTED') {
        window.__gd.drops.push(r.target.getAttribute('data-test-connection-state'));
      }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        characterData: true, attributeOldValue: true});
}
"""
READY_JS = """
async ({limitMs, extra}) => {
  const SKELETONS = '[data-testid="stSkeleton"], [data-testid="stAppSkeleton"], ' +
                    '[data-testid="stSkeletonElement"]';
  const deadline = Date.now() + limitMs;
  let since = null, done = null;
  for (;;) {
    const app = document.querySelector('[data-testid="stApp"]');
    const script = app && app.getAttribute('data-test-script-state');
    const conn = app && app.getAttribute('data-test-connection-state');
    const skeletons = document.querySelectorAll(SKELETONS).length;
    const extraOk = !extra || document.querySelector(extra) !== null;
    const now = Date.now();
    const held = script === 'notRunning' && conn === 'CONNECTED' && skeletons === 0 && extraOk;
    since = held ? (since ?? now) : null;
    done = done ?? (script === 'notRunning' ? now : null);
    const mut = window.__gd ? window.__gd.mut : 0;
    if (held && now - Math.max(since, mut) >= 500) {
      const vis = window.__gd ? window.__gd.vis : 0;
      return {readyAt: Math.max(since, mut), visibleAt: Math.max(since, vis), doneAt: done};
    }
    if (now > deadline || conn === 'DISCONNECTED_FOREVER') {
      return {readyAt: null, state: {script, conn, skeletons, extraOk, quietMs: now - mut}};
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
"""
COLLECT_JS = """
() => {
  const texts = (sel) => [...document.querySelectorAll(sel)]
    .map((e) => (e.innerText || e.textContent || '').trim().slice(0, 2000));
  const app = document.querySelector('[data-testid="stApp"]');
  return {
    exceptions: texts('[data-testid="stException"]'),
    errors: texts('[data-testid="stAlertContentError"]'),
    warnings: texts('[data-testid="stAlertContentWarning"]'),
    dialogs: texts('[role="dialog"]'),
    badges: texts('.stMarkdownBadge'),
    summary: texts('.st-key-sql_summary'),
    drops: window.__gd ? window.__gd.drops.splice(0) : [],
    conn: app && app.getAttribute('data-test-connection-state'),
  };
}
"""


def console_failures() -> dict[str, re.Pattern]:
    """The console's failure messages (both languages, placeholders as wildcards) by kind."""
    sys.path.insert(0, str(ROOT))
    from dashboard.core import i18n

    found = {}
    for kind in ("time_limit", "memory_limit", "busy", "syntax", "refused", "failed"):
        texts = i18n.STRINGS[f"sql_fail_{kind}"].values()
        found[kind] = re.compile(
            "|".join(".*?".join(map(re.escape, re.split(r"\{[^}]*\}", t))) for t in texts)
        )
    return found


FAILURES = console_failures()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kill_group(pid: int, grace: float = 10, reap: bool = True) -> None:
    """SIGTERM to the process group led by pid, SIGKILL to what is left after `grace` s.
    `reap`: wait for the leader here (not when another thread is in os.wait4 for it)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                if reap:
                    os.waitpid(pid, os.WNOHANG)  # our own zombie leader: reap it
            if not group_alive(pid):
                return
            time.sleep(0.2)


def group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs. Zombies do not count: orphans reparented to
    an init that does not reap them (as in some containers) stay zombies for good."""
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != b"Z":
            return True
    return False


def catalog_facts(path: Path) -> tuple[str | None, int | None]:
    """(data version, incidents) of the catalog file, read-only; Nones if it cannot be read."""
    import duckdb

    try:
        with duckdb.connect(str(path), read_only=True) as con:
            version = con.execute(
                "select value from catalog_info where key = 'data_version'"
            ).fetchone()
            n = con.execute("select count(*) from incidents").fetchone()
        return version[0] if version else None, n[0]
    except duckdb.Error:
        return None, None


class Harness:
    """What the run collects, and the processes it must clean up."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.port = args.port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.tmp = Path(tempfile.mkdtemp(prefix="griddash-load-"))
        self.run_log = self.tmp / "runs.jsonl"
        self.env = dict(
            os.environ,
            GRIDDASH_DATA=str(args.exports),
            GRIDDASH_CATALOG=str(args.catalog),
            GRIDDASH_RUN_LOG=str(self.run_log),
            PYTHONUNBUFFERED="1",
        )
        self.loads: list[dict] = []
        self.heavy: list[dict] = []
        self.swaps: list[dict] = []
        self.blocked: list[dict] = []
        self.notes: list[str] = []
        self.groups: set[int] = set()  # process groups of running ingests
        self.server: subprocess.Popen | None = None
        self.t0 = self.t1 = 0.0  # epoch seconds: the load phase
        self.sampler: ProcSampler | None = None
        self.health = HealthPoller(f"{self.base}/_stcore/health")
        self.params: dict = {}

    # -- processes ------------------------------------------------------------------------

    def ingest(self, timeout: float) -> dict:
        """`griddash ingest` of the exports into the catalog, measured (os.wait4)."""
        cmd = [
            GRIDDASH,
            "ingest",
            self.args.exports,
            "--catalog",
            self.args.catalog,
            "--no-progress",
        ]
        with tempfile.TemporaryFile() as out:
            started = time.monotonic()
            child = subprocess.Popen(
                [str(c) for c in cmd],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.groups.add(child.pid)
            timer = threading.Timer(timeout, kill_group, (child.pid, 5, False))
            timer.start()
            try:
                _, status, usage = os.wait4(child.pid, 0)
            finally:
                timer.cancel()
                self.groups.discard(child.pid)
            child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
            out.seek(0)
            tail = out.read().decode(errors="replace").strip().splitlines()[-3:]
        return {
            "exit": child.returncode,
            "duration_s": round(time.monotonic() - started, 1),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "output_tail": tail,
        }

    def start_server(self) -> None:
        """`griddash serve` in its own process group; returns once health answers "ok"."""
        cmd = [str(GRIDDASH), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if self.args.processes > 1:
            cmd += ["--processes", str(self.args.processes)]
        log = (self.tmp / "server.log").open("wb")
        self.server = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + SERVER_LIMIT_S
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                tail = (self.tmp / "server.log").read_text(errors="replace")[-2000:]
                raise SystemExit(f"griddash serve exited {self.server.returncode}:\n{tail}")
            try:
                if http_get(f"{self.base}/_stcore/health", 2).strip() == b"ok":
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            raise SystemExit(f"griddash serve: no healthy answer within {SERVER_LIMIT_S} s")
        if self.args.processes > 1:
            self.wait_for_backends(deadline)

    def wait_for_backends(self, deadline: float) -> None:
        """With --processes N: until nginx has answered health from N different processes.
        nginx marks a process it could not reach during the start-up as down for 10 s; a
        session that opens its websocket meanwhile stays on another process for good."""
        seen: set[str] = set()
        while time.monotonic() < deadline and len(seen) < self.args.processes:
            with contextlib.suppress(OSError):
                req = urllib.request.Request(f"{self.base}/_stcore/health")
                with _NO_PROXY.open(req, timeout=2) as r:  # no cookie: a random process
                    seen.add(r.headers.get("X-Griddash-Backend", ""))
            time.sleep(0.2)
        self.notes.append(f"backends answering at the start: {len(seen)}")

    def cleanup(self) -> None:
        """Stop the measurements, the ingests and the server (idempotent)."""
        self.stop_measuring()
        for pid in list(self.groups):
            kill_group(pid, 5, reap=False)
        if self.server is not None:
            kill_group(self.server.pid)
            self.server = None

    def stop_measuring(self) -> None:
        if self.t0 and not self.t1:
            self.t1 = time.time()
        if self.sampler is not None and self.sampler.is_alive():
            self.sampler.stop()
        if self.health.is_alive():
            self.health.stop()

    def emergency_exit(self) -> None:
        """The watchdog's last resort, if the asyncio side did not stop by the hard deadline."""
        print("load.py: hard deadline passed, killing everything", file=sys.stderr, flush=True)
        from load_report import descendants, driver_pids, scan_proc

        procs = scan_proc()
        for pid in descendants(procs, driver_pids(procs)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for pid in [*self.groups, *([self.server.pid] if self.server else [])]:
            kill_group(pid, 2)
        os._exit(3)


# -- browser sessions -----------------------------------------------------------------------


class Session:
    """One browser context and its page, with what the page reported since the last look."""

    def __init__(self, h: Harness, name: str):
        self.h, self.name = h, name
        self.ctx = self.page = None
        self.page_errors: list[str] = []
        self.crashed = False

    async def open(self, browser) -> None:
        if self.ctx is None:
            self.ctx = await browser.new_context(viewport=VIEWPORT)
            await self.ctx.add_init_script(INIT_JS)
            if self.h.args.block == "route":
                await self.ctx.route(NON_LOCAL, lambda route: route.abort())
        if self.page is None or self.crashed:
            if self.page is not None:
                with contextlib.suppress(PlaywrightError, TimeoutError):
                    await asyncio.wait_for(self.page.close(), 20)
            self.crashed = False
            self.page = await self.ctx.new_page()
            self.page.on("pageerror", lambda exc: self.page_errors.append(str(exc)[:300]))
            self.page.on("crash", lambda _: setattr(self, "crashed", True))
            self.page.on("requestfailed", lambda r: self.outside(r.url, r.failure))
            self.page.on("websocket", lambda ws: self.outside(ws.url, "websocket"))

    def outside(self, url: str, why: str | None) -> None:
        """Count a request to another machine (it was blocked)."""
        if (
            urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).hostname not in LOCAL_HOSTS
        ):
            at = round(time.time() - self.h.t0, 1)
            self.h.blocked.append({"session": self.name, "at_s": at, "url": url[:300], "why": why})

    async def close(self) -> None:
        if self.ctx is not None:
            with contextlib.suppress(PlaywrightError, TimeoutError):
                await asyncio.wait_for(self.ctx.close(), 20)


async def wait_ready(page, limit_s: float, extra: str | None = None) -> dict:
    """READY_JS in the page, retried if the page's document is replaced meanwhile."""
    deadline = time.monotonic() + limit_s
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return {"readyAt": None, "state": "deadline"}
        try:
            return await asyncio.wait_for(
                page.evaluate(READY_JS, {"limitMs": left * 1000, "extra": extra}), left + 10
            )
        except TimeoutError:
            return {"readyAt": None, "state": "evaluate hung"}
        except PlaywrightError as exc:
            if "context was destroyed" not in str(exc) and "navigation" not in str(exc):
                raise
            await asyncio.sleep(0.1)


def note_findings(s: Session, rec: dict, found: dict, console: bool = False) -> str | None:
    """Add what the page shows to the load's record; for the heavy session's statement run,
    its outcome (an error alert with a console failure message is an outcome, not an error)."""
    errors, seen = rec["errors"], {e.get("text") for e in rec["errors"]}
    outcome = None

    def add(kind: str, text: str) -> None:
        if text[:300] not in seen:
            errors.append({"kind": kind, "text": text[:300]})
            seen.add(text[:300])

    for text in found.get("exceptions", []):
        add("exception", text)
        outcome = "exception"
    for text in found.get("errors", []):
        kind = next((k for k, p in FAILURES.items() if p.search(text)), None) if console else None
        if kind is None:
            add("error_alert", text)
        else:
            outcome = outcome or kind
            if kind != "time_limit":  # the one failure this statement is expected to meet
                add(f"console_{kind}", text)
    for text in found.get("dialogs", []):
        if "Connection error" in text:
            add("connection_error_dialog", text)
    for state in found.get("drops", []):
        add("connection_lost", f"connection state CONNECTED → {state}")
    if found.get("conn") not in (None, "CONNECTED") and not found.get("drops"):
        add("connection_lost", f"connection state {found['conn']}")
    for text in found.get("warnings", []):
        if text[:300] not in rec["warnings"]:
            rec["warnings"].append(text[:300])
    for text in s.page_errors:
        add("pageerror", text)
    s.page_errors.clear()
    if found.get("badges") and rec["version"] is None:
        m = VERSION.search(" ".join(found["badges"]))
        rec["version"] = m.group(1) if m else None
    if console and found.get("summary") and outcome is None:
        outcome = "result"
    return outcome


async def collect(s: Session) -> dict:
    try:
        return await asyncio.wait_for(s.page.evaluate(COLLECT_JS), 20)
    except (PlaywrightError, TimeoutError) as exc:
        return {"exceptions": [], "collect_failed": str(exc)[:200]}


async def load(s: Session, page_key: str, url: str) -> dict:
    """One full page load: goto, wait until ready (60 s at most), note what the page shows."""
    h = s.h
    rec = new_record(h, s.name, page_key, "browser")
    s.page_errors.clear()
    started = time.time()
    step = "navigation"
    try:
        await s.page.goto(url, timeout=READY_LIMIT_S * 1000, wait_until="domcontentloaded")
        step = "page"  # a crashed or closed page while waiting
        res = await wait_ready(s.page, READY_LIMIT_S - (time.time() - started))
    except PlaywrightError as exc:
        rec["failed"] = step
        rec["errors"].append({"kind": step, "text": str(exc)[:300]})
        s.crashed = s.crashed or step == "page"
        return rec
    if res["readyAt"] is None:
        rec["failed"], rec["state"] = f"not ready within {READY_LIMIT_S} s", res.get("state")
    else:
        rec["ttr_ms"] = round(res["readyAt"] - started * 1000, 1)
        # When the frontend first said the script had finished: the rest is drawing.
        rec["script_done_ms"] = res["doneAt"] and round(res["doneAt"] - started * 1000, 1)
        end_ms = rec["script_done_ms"] or rec["ttr_ms"]
        rec["end_s"] = round(rec["start_s"] + end_ms / 1000, 2)
    note_findings(s, rec, await collect(s))
    return rec


def new_record(h: Harness, session: str, page_key: str, client: str) -> dict:
    """A load's record, added to the run's loads."""
    rec = {
        "session": session,
        "client": client,
        "page": page_key,
        "start_s": round(time.time() - h.t0, 2),
        "end_s": None,  # when the script run was seen to finish (for the run log's match)
        "ttr_ms": None,
        "failed": None,
        "state": None,
        "errors": [],
        "warnings": [],
        "version": None,
    }
    h.loads.append(rec)
    return rec


async def after_think(s: Session, rec: dict | None) -> None:
    """What happened on the previous load's page while the user was reading it."""
    if rec is not None and s.page is not None and not s.crashed:
        found = await collect(s)
        keep = ("drops", "dialogs", "exceptions", "conn")
        note_findings(s, rec, {k: v for k, v in found.items() if k in keep})


async def think(rng: random.Random, seconds: float, end: float) -> None:
    await asyncio.sleep(max(0.0, min(seconds * rng.uniform(0.5, 1.5), end - time.monotonic())))


async def cycling_session(h: Harness, browser, i: int, end: float) -> None:
    """Session i: pages from offset i on, round and round, with think time, until `end`."""
    s, rng, prev = Session(h, f"s{i}"), random.Random(h.args.seed * 1000 + i), None
    await asyncio.sleep(i * STAGGER_S / h.args.sessions)
    try:
        k = i
        while time.monotonic() < end:
            path = PAGES[k % len(PAGES)]
            k += 1
            try:
                await s.open(browser)
                await after_think(s, prev)
                prev = await load(s, path, f"{h.base}{path}?{urlencode({'lang': h.args.lang})}")
            except PlaywrightError as exc:  # the page is gone: note it, start a new one
                h.notes.append(f"{s.name} @{time.time() - h.t0:.0f}s: {exc}"[:300])
                s.crashed, prev = True, None
            await think(rng, h.args.think, end)
        await after_think(s, prev)
    finally:
        await s.close()


async def heavy_session(h: Harness, browser, end: float) -> None:
    """The SQL console, again and again: open it with the heavy statement, press Run, wait for
    the result or the time-limit message."""
    s, rng, rec = Session(h, "heavy"), random.Random(h.args.seed * 1000 - 1), None
    url = f"{h.base}/sql?{urlencode({'lang': h.args.lang, 'sql': h.args.heavy_sql})}"
    await asyncio.sleep(STAGGER_S / 2)
    try:
        while time.monotonic() < end:
            try:
                await s.open(browser)
                await after_think(s, rec)
                rec = await load(s, "/sql (heavy)", url)
                run = {
                    "start_s": rec["start_s"],
                    "open_ms": rec["ttr_ms"],
                    "outcome": "not_opened",
                    "run_s": None,
                    "click_t": None,
                    "done_t": None,
                    "detail": "",
                }
                h.heavy.append(run)
                if rec["ttr_ms"] is not None:
                    await run_statement(s, rec, run)
            except PlaywrightError as exc:
                h.notes.append(f"{s.name} @{time.time() - h.t0:.0f}s: {exc}"[:300])
                s.crashed, rec = True, None
            await think(rng, h.args.think, end)
        await after_think(s, rec)
    finally:
        await s.close()


async def run_statement(s: Session, rec: dict, run: dict) -> None:
    run["click_t"] = time.time()
    try:
        await s.page.locator(RUN_BUTTON).click(timeout=10_000)
    except PlaywrightError as exc:
        run["outcome"] = "no_run_button"
        rec["errors"].append({"kind": "no_run_button", "text": str(exc)[:300]})
        return
    res = await wait_ready(s.page, READY_LIMIT_S, OUTCOME)
    run["done_t"] = time.time()
    if res["readyAt"] is None:
        rec["failed"], rec["state"] = f"statement not done within {READY_LIMIT_S} s", res["state"]
    else:
        run["done_t"] = res["readyAt"] / 1000
        run["run_s"] = round(run["done_t"] - run["click_t"], 2)
    found = await collect(s)
    run["outcome"] = note_findings(s, rec, found, console=True) or "none"
    if run["outcome"] == "none" and res["readyAt"] is None:
        run["outcome"] = "not_finished"
    run["detail"] = " ".join(found.get("summary") or found.get("errors") or [])[:200]


# -- protocol sessions (--client protocol) ----------------------------------------------------


class ProtoSession:
    """A session that speaks Streamlit's protocol (benchmarks/load_protocol.py): its cookies,
    as a browser keeps them, and the websocket session of its current page."""

    def __init__(self, h: Harness, name: str):
        self.h, self.name = h, name
        self.cookies: dict[str, str] = {}
        self.conn: Connection | None = None
        self.page_errors: list[str] = []  # read by note_findings; nothing puts anything here

    async def close(self) -> None:
        if self.conn is not None:
            await self.conn.close()
            self.conn = None


async def protocol_load(
    s: ProtoSession, page_key: str, path: str, query: str, fresh: bool = False
) -> dict:
    """One page load: the page's HTML and pings, a new websocket session, a rerun_script for
    the page, then messages until script_finished (60 s at most). With --navigate click and a
    live session that knows the page's script hash (and not `fresh`): only the rerun_script,
    by that hash."""
    from websockets.exceptions import ConnectionClosed, WebSocketException

    h = s.h
    rec = new_record(h, s.name, page_key, "protocol")
    started = time.monotonic()
    deadline = started + READY_LIMIT_S
    url = f"{h.base}{path}?{query}"
    conn = s.conn
    step = "connection"
    try:
        page_hash = conn.state.hashes.get(path) if conn and not conn.closed else None
        if h.args.navigate == "click" and page_hash and not fresh:
            conn.state.found = empty_findings()
            payload = rerun_message(query=query, page_hash=page_hash, url=url, lang=h.args.lang)
        else:
            await s.close()
            s.conn = conn = Connection(h.base, s.cookies)
            await conn.fetch_page(f"{path}?{query}", READY_LIMIT_S)
            await conn.connect(max(1.0, deadline - time.monotonic()))
            payload = rerun_message(query=query, page_name=path, url=url, lang=h.args.lang)
        step = "run"
        sent = time.monotonic()
        await conn.send(payload)
        status = await conn.until_finished(deadline)
    except (OSError, TimeoutError, ConnectionClosed, WebSocketException, ValueError) as exc:
        kind = "connection_lost" if step == "run" else step
        rec["failed"] = "connection lost" if step == "run" else step
        rec["errors"].append({"kind": kind, "text": f"{type(exc).__name__}: {exc}"[:300]})
        await s.close()
        return rec
    finished = time.monotonic()
    rec["finish_status"] = status
    rec["messages"], rec["bytes"] = conn.state.messages, conn.state.bytes
    if status is None:
        rec["failed"] = f"not finished within {READY_LIMIT_S} s"
        rec["state"] = {"statuses": conn.state.statuses}
    else:
        rec["done_ms"] = round((finished - started) * 1000, 1)  # start of the load → finished
        rec["run_ms"] = round((finished - sent) * 1000, 1)  # rerun_script → finished
        rec["end_s"] = round(rec["start_s"] + rec["done_ms"] / 1000, 2)
        if status != "FINISHED_SUCCESSFULLY":
            rec["errors"].append({"kind": "script_finished", "text": status})
    note_findings(s, rec, conn.state.found)
    conn.state.found = empty_findings()  # from here on: what comes while the user reads
    return rec


async def protocol_after_think(s: ProtoSession, rec: dict | None) -> None:
    """What the server sent, or whether it closed the socket, while the user was reading; the
    media files the page asked for (a failed one is a warning: the browser shows no error)."""
    if rec is None or s.conn is None:
        return
    await s.conn.drain()
    rec["media"], failures = await s.conn.media_done()
    rec["warnings"] += [f"media {f}" for f in failures if f"media {f}" not in rec["warnings"]]
    found = {"exceptions": s.conn.state.found["exceptions"]}
    found["drops"] = [s.conn.closed] if s.conn.closed else []
    note_findings(s, rec, found)
    s.conn.state.found = empty_findings()


async def protocol_session(h: Harness, i: int, end: float) -> None:
    """Protocol session i: pages from offset i on, round and round, with think time."""
    s, rng, prev = ProtoSession(h, f"p{i}"), random.Random(h.args.seed * 1000 + i), None
    query = urlencode({"lang": h.args.lang})
    await asyncio.sleep(i * STAGGER_S / h.args.sessions)
    try:
        k = i
        while time.monotonic() < end:
            path = PAGES[k % len(PAGES)]
            k += 1
            await protocol_after_think(s, prev)
            prev = await protocol_load(s, path, path, query)
            await think(rng, h.args.think, end)
        await protocol_after_think(s, prev)
    finally:
        await s.close()


async def protocol_heavy(h: Harness, end: float) -> None:
    """The heavy session over the protocol: open /sql with the statement, then press Run (a
    rerun with the editor's value and the button's trigger, as the frontend sends it) and
    read until the run is over."""
    s, rng, rec = ProtoSession(h, "heavy"), random.Random(h.args.seed * 1000 - 1), None
    query = urlencode({"lang": h.args.lang, "sql": h.args.heavy_sql})
    await asyncio.sleep(STAGGER_S / 2)
    try:
        while time.monotonic() < end:
            await protocol_after_think(s, rec)
            # a fresh session each time, as the browser's heavy session gets (the last
            # statement's outcome would otherwise still be on the page)
            rec = await protocol_load(s, "/sql (heavy)", "/sql", query, fresh=True)
            run = {
                "start_s": rec["start_s"],
                "open_ms": rec.get("done_ms"),
                "outcome": "not_opened",
                "run_s": None,
                "click_t": None,
                "done_t": None,
                "detail": "",
            }
            h.heavy.append(run)
            if rec.get("done_ms") is not None and s.conn is not None:
                await protocol_statement(s, rec, run, query)
            await think(rng, h.args.think, end)
        await protocol_after_think(s, rec)
    finally:
        await s.close()


async def protocol_statement(s: ProtoSession, rec: dict, run: dict, query: str) -> None:
    from websockets.exceptions import ConnectionClosed, WebSocketException

    st = s.conn.state
    button = next((w for w in st.buttons if w.endswith("-sql_run")), None)
    if button is None:
        run["outcome"] = "no_run_button"
        rec["errors"].append({"kind": "no_run_button", "text": "no sql_run button in the deltas"})
        return
    payload = rerun_message(
        query=query if st.query is None else st.query,
        page_hash=st.page_hash,
        url=f"{s.h.base}/sql",
        lang=s.h.args.lang,
        text_areas=st.text_areas,
        trigger=button,
    )
    run["click_t"] = time.time()
    try:
        await s.conn.send(payload)
        status = await s.conn.until_finished(time.monotonic() + READY_LIMIT_S)
    except (OSError, ConnectionClosed, WebSocketException) as exc:
        rec["failed"] = "connection lost"
        rec["errors"].append({"kind": "connection_lost", "text": str(exc)[:300]})
        status = None
    run["done_t"] = time.time()
    if status is None:
        rec["failed"] = rec["failed"] or f"statement not done within {READY_LIMIT_S} s"
    else:
        run["run_s"] = round(run["done_t"] - run["click_t"], 2)
    found = st.found
    run["outcome"] = note_findings(s, rec, found, console=True) or "none"
    if run["outcome"] == "none" and status is None:
        run["outcome"] = "not_finished"
    run["detail"] = " ".join(found.get("summary") or found.get("errors") or [])[:200]
    st.found = empty_findings()


async def swapper(h: Harness, start: float, span: float) -> None:
    """--swaps catalog swaps at equal intervals (1/3 and 2/3 of the run for two)."""
    n = h.args.swaps
    for k in range(1, n + 1):
        await asyncio.sleep(max(0.0, start + span * k / (n + 1) - time.monotonic()))
        before, _ = await asyncio.to_thread(catalog_facts, h.args.catalog)
        began = time.time()
        left = h.args.minutes * 60 + GRACE_S - (time.monotonic() - start)
        result = await asyncio.to_thread(h.ingest, max(10.0, left - 30))
        after, _ = await asyncio.to_thread(catalog_facts, h.args.catalog)
        h.swaps.append(
            {
                "start_s": round(began - h.t0, 1),
                "end_s": round(time.time() - h.t0, 1),
                "version_before": before,
                "version_after": after,
                **result,
            }
        )
        if result["exit"] not in (0, 1):
            h.notes.append(f"swap {k}: griddash ingest exited {result['exit']}")
        elif before == after:  # the version is the minute of the build and a digest of the data
            h.notes.append(f"swap {k}: same data version {after} (same exports, same minute)")


def browser_command(h: Harness) -> str:
    """Chromium, started at a lower priority (--browser-nice): in a centre the browsers run on
    other machines, here they share the server's two cores and would otherwise take half of
    them. A small script in the run's folder, since Playwright takes a program, not a command."""
    if not h.args.browser_nice:
        return CHROMIUM
    script = Path(tempfile.mkdtemp(prefix="griddash-load-browser-")) / "chromium"
    script.write_text(f'#!/bin/sh\nexec nice -n {h.args.browser_nice} {CHROMIUM} "$@"\n')
    script.chmod(0o755)
    return str(script)


async def drive(h: Harness) -> None:
    """The load phase: browser, sessions, heavy session and swaps, within the hard deadline."""
    args = h.args
    browsers = args.sessions if args.client == "browser" else min(args.browsers, args.sessions)
    heavy_browser = args.client == "browser"
    async with contextlib.AsyncExitStack() as stack:
        browser = None
        if browsers or (heavy_browser and args.heavy):
            p = await stack.enter_async_context(async_playwright())
            browser = await p.chromium.launch(
                executable_path=browser_command(h), args=CHROMIUM_ARGS
            )
            h.params["chromium"] = browser.version
            h.params["browser_nice"] = args.browser_nice
        h.params["browser_sessions"] = browsers
        h.params["protocol_sessions"] = args.sessions - browsers
        h.sampler = ProcSampler(h.server.pid)
        h.t0, start = time.time(), time.monotonic()
        h.sampler.start()
        h.health.start()
        end = start + args.minutes * 60
        jobs = [
            cycling_session(h, browser, i, end) if i < browsers else protocol_session(h, i, end)
            for i in range(args.sessions)
        ]
        if args.heavy:
            jobs += [heavy_session(h, browser, end) if heavy_browser else protocol_heavy(h, end)]
        jobs += [swapper(h, start, args.minutes * 60)] if args.swaps else []
        tasks = [asyncio.create_task(j) for j in jobs]
        try:
            done, pending = await asyncio.wait(tasks, timeout=args.minutes * 60 + GRACE_S)
            if pending:
                h.notes.append(f"hard deadline: {len(pending)} task(s) cancelled")
            for t in done:
                if t.exception() is not None:
                    h.notes.append(f"a session stopped early: {t.exception()!r}"[:300])
        finally:
            for t in tasks:
                t.cancel()
            for pid in list(h.groups):  # a swap's thread waits for its ingest: end it now
                kill_group(pid, 5, reap=False)
            await asyncio.gather(*tasks, return_exceptions=True)
            h.stop_measuring()
            if browser is not None:
                with contextlib.suppress(PlaywrightError, TimeoutError):
                    await asyncio.wait_for(browser.close(), 30)


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="griddash load harness (benchmark, not a test)")
    ap.add_argument("--exports", type=Path, required=True)
    ap.add_argument("--catalog", type=Path, required=True)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--swaps", type=int, default=2)
    ap.add_argument("--think", type=float, default=5, help="seconds between loads, ±50 %%")
    ap.add_argument("--no-heavy", dest="heavy", action="store_false")
    ap.add_argument("--heavy-sql", default=HEAVY_SQL)
    ap.add_argument("--port", type=int, default=0, help="0: a free port")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    ap.add_argument("--block", choices=("proxy", "route"), default="proxy")
    ap.add_argument("--baseline", type=Path, help="an earlier report to compare p95 with")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--browser-nice",
        type=int,
        default=10,
        help="niceness of Chromium (0: same priority as the server)",
    )
    ap.add_argument(
        "--client",
        choices=("browser", "protocol"),
        default="browser",
        help="browser: Chromium sessions; protocol: Streamlit's websocket protocol from Python",
    )
    ap.add_argument(
        "--browsers",
        type=int,
        default=0,
        help="with --client protocol: this many of the sessions are Chromium all the same",
    )
    ap.add_argument(
        "--navigate",
        choices=("reload", "click"),
        default="reload",
        help="protocol sessions: a new page load per page (reload, as the browser sessions do) "
        "or one session asking for each page by its script hash (click)",
    )
    args = ap.parse_args()
    if args.client == "browser" and args.browsers:
        ap.error("--browsers goes with --client protocol")
    args.exports, args.catalog = args.exports.resolve(), args.catalog.resolve()
    if args.out is None:
        day = datetime.date.today().isoformat()
        kind = "" if args.client == "browser" else f"-protocol{args.browsers or ''}"
        name = f"load-{args.sessions}s-{args.processes}p{kind}-{day}.json"
        args.out = ROOT / "benchmarks" / "results" / name
    return args


def main() -> None:
    args = parse_args()
    # Ctrl-C cleans up even when started where SIGINT is ignored (a background job of a
    # script); SIGTERM (e.g. from `timeout`) takes the same path.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: os.kill(os.getpid(), signal.SIGINT))
    h = Harness(args)
    baseline = json.loads(args.baseline.read_text()) if args.baseline else None
    watchdog = None
    try:
        if not args.catalog.exists():
            print(f"load.py: no catalog at {args.catalog}, ingesting {args.exports} …", flush=True)
            made = h.ingest(3600)
            if made["exit"] not in (0, 1):
                raise SystemExit(f"griddash ingest failed: {made}")
        version, incidents = catalog_facts(args.catalog)
        h.params = {k: v for k, v in vars(args).items() if k not in ("out", "baseline")}
        h.params |= {
            "exports": str(args.exports),
            "catalog": str(args.catalog),
            "port": h.port,
            "incidents": incidents,
            "data_version_at_start": version,
            "machine_cores": os.cpu_count(),
            "cpus_usable": len(os.sched_getaffinity(0)),
            "started_at": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "server_log": str(h.tmp / "server.log"),
            "run_log": str(h.run_log),
        }
        print(f"load.py: starting griddash serve on {h.base} (logs in {h.tmp})", flush=True)
        h.start_server()
        print(f"load.py: serving; {args.sessions} sessions for {args.minutes:g} min", flush=True)
        watchdog = threading.Timer(args.minutes * 60 + GRACE_S + 60, h.emergency_exit)
        watchdog.daemon = True
        watchdog.start()
        asyncio.run(drive(h))
    except KeyboardInterrupt:
        h.notes.append("interrupted (Ctrl-C)")
    finally:
        if watchdog is not None:
            watchdog.cancel()
        h.cleanup()
    if not h.t0 or h.sampler is None:
        sys.exit(1)
    match_runs(h.loads, h.run_log, h.t0)
    report = build(
        params=h.params,
        loads=h.loads,
        heavy=h.heavy,
        swaps=h.swaps,
        blocked=h.blocked,
        health=h.health.report(h.t0),
        sampler=h.sampler,
        run_log=read_run_log(h.run_log, h.t0, h.t1, h.heavy),
        wall_s=h.t1 - h.t0,
        baseline=baseline,
        notes=h.notes + server_log_notes(h),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    print_summary(report)
    print(f"\nwritten: {args.out}")


def server_log_notes(h: Harness) -> list[str]:
    """Tracebacks the server printed (its log is kept in the temporary folder)."""
    log = h.tmp / "server.log"
    text = log.read_text(errors="replace") if log.exists() else ""
    n = text.count("Traceback (most recent call last)")
    return [f"server log: {n} traceback(s), see {log}"] if n else []


if __name__ == "__main__":
    main()
