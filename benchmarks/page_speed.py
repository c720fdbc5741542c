"""Browser timing harness: each page ready in Chromium, first visit and warm, beside a blank page.

    .venv/bin/python benchmarks/page_speed.py --exports DIR --catalog PATH [--repeat 3]
        [--pages /,/incidents] [--lang zh] [--against REV] [--out results.json]

A benchmark, not a test. It starts `griddash serve` on DIR and PATH (ingesting DIR into PATH
first if PATH does not exist) and, as the yardstick, a blank Streamlit page (`st.write("")`, the
same Streamlit, its own server); then, --repeat times, for the blank page and each page in turn:
a fresh Chromium context at 1920×1080 loads the page (*first visit*: nothing in the browser's
cache), then loads it again in the same context (*warm*: the browser's cache and the server's
caches filled). The server's caches are shared by all sessions and filled by its warm-up (the
run starts when the server's log says the warm-up is over), so "first visit" is a first visit
of the browser, not of the server.

A load is *ready* as in benchmarks/load.py: the script run is over and the app connected, no
skeleton placeholder left, then 0.5 s without a DOM change; time to ready runs from the start of
the navigation to the start of that calm. Also recorded, as *seen* ("seen ×" in the table): the
time of the last change that can be seen, leaving out what is put inside a <canvas> (fallback
content, never painted: the data grid adds its table for screen readers there, up to a second
after it is drawn); same calm, same yardstick. Counted per load: bytes received over the websocket
(Streamlit's messages: the page's content) and over HTTP (the transfer size of every response,
0 for what came from the browser's cache), and the HTTP requests.

And as *painted* ("painted ×"): ready, or later if a frame was held after it. The readiness
check polls every 50 ms on the page's main thread, so a task that holds that thread (a map's
first frame in software WebGL: 1–2 s of shader set-up, docs/performance.md) is not seen when
the check had already started its calm before it: ready then says the page was done while its
map was still blank. FRAMES_JS notes every gap of ≥ 100 ms between animation frames; painted is
the later of ready and the end of the last such gap (the first frame after it).

With --against REV (a git revision, e.g. HEAD~1) the code of REV is served too, from a
temporary git worktree, by a second `griddash serve` (the same venv, `PYTHONPATH` at the
worktree) on the same catalog; each page is then visited on the working tree's server and on
REV's in turn ("/incidents" and "/incidents@REV"), so that both are measured in the same
minutes (REV must read the catalog as built by the working tree: against a revision from before
a change to the catalog's tables, its pages would time an error): on this shared machine runs of one server after the other were too noisy to compare
(docs/performance.md, "2026-12-02, late morning").

Reports medians per page (printed, and as JSON to --out, default
benchmarks/results/page_speed/<date>.json) and each page's time as a multiple of the blank
page's in the same run. Only this machine is contacted (load.py's Chromium settings).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.async_api import async_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402 — the load harness's Chromium settings and readiness check

PAGES = (*load.PAGES, "/?kiosk=1")
BLANK = 'import streamlit as st\n\nst.write("")\n'
READY_LIMIT_S = 90
LONG_FRAME_MS = 100
# Installed beside load.INIT_JS in this harness only (the load harness has many sessions and no
# use for it): when the last frame gap of LONG_FRAME_MS or more ended.
FRAMES_JS = (
    "if (window === window.top) {\n"
    "  window.__gdFrames = {last: null, gapEnd: 0};\n"
    "  const tick = () => {\n"
    "    const f = window.__gdFrames, now = Date.now();\n"
    f"    if (f.last !== null && now - f.last >= {LONG_FRAME_MS}) f.gapEnd = now;\n"
    "    f.last = now;\n"
    "    requestAnimationFrame(tick);\n"
    "  };\n"
    "  requestAnimationFrame(tick);\n"
    "}\n"
)
# After ready: two more frames, so a gap that ended just before is recorded, then its end.
GAP_END_JS = (
    "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() =>"
    " done(window.__gdFrames ? window.__gdFrames.gapEnd : null))))"
)
START_LIMIT_S = 180


def start(
    cmd: list[str], env: dict, cwd: Path, port: int, log: Path, said: tuple[str, ...] = ()
) -> subprocess.Popen:
    """A server in a process group of its own, once its health endpoint answers and its log
    (written to `log`) holds one of `said` (griddash serve: its warm-up is over, so what is
    measured is the pages, not the warm-up running beside them)."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + START_LIMIT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(
                f"{' '.join(cmd[:4])} … exited with status {proc.returncode}; its log: {log}"
            )
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                text = log.read_text(errors="replace")
                if not said or any(s in text for s in said):
                    return proc
        except OSError:
            pass
        time.sleep(0.5)  # polling the start, not timing it
    load.kill_group(proc.pid)
    raise SystemExit(f"{' '.join(cmd[:4])} …: not up within {START_LIMIT_S} s; its log: {log}")


async def visit(page, url: str) -> dict:
    """One navigation to `url` on `page` until ready: time, websocket and HTTP bytes."""
    counted = {"ws_bytes": 0, "http_bytes": 0, "requests": 0}

    def frame(payload) -> None:
        counted["ws_bytes"] += len(payload)

    def finished(event) -> None:
        counted["http_bytes"] += int(event.get("encodedDataLength", 0))
        counted["requests"] += 1

    page.on("websocket", lambda ws: ws.on("framereceived", frame))
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("Network.enable")
    cdp.on("Network.loadingFinished", finished)
    started = time.time()
    try:
        await page.goto(url, timeout=READY_LIMIT_S * 1000, wait_until="domcontentloaded")
        res = await asyncio.wait_for(
            page.evaluate(load.READY_JS, {"limitMs": READY_LIMIT_S * 1000, "extra": None}),
            READY_LIMIT_S + 10,
        )
        gap_end = await asyncio.wait_for(page.evaluate(GAP_END_JS), 30)
    except Exception as exc:  # noqa: BLE001 — a failed load (a time-out too) is a result
        return {**counted, "ttr_ms": None, "failed": f"{type(exc).__name__}: {exc}"[:200]}
    finally:
        await cdp.detach()
    if res.get("readyAt") is None:
        return {**counted, "ttr_ms": None, "failed": f"not ready: {res.get('state')}"}
    return {
        **counted,
        "ttr_ms": round(res["readyAt"] - started * 1000, 1),
        "visible_ms": res.get("visibleAt") and round(res["visibleAt"] - started * 1000, 1),
        "script_done_ms": res["doneAt"] and round(res["doneAt"] - started * 1000, 1),
        "painted_ms": round(max(res["readyAt"], gap_end or 0) - started * 1000, 1),
    }


async def first_and_warm(browser, url: str) -> dict:
    """A fresh context: the first visit, then the same URL again (warm)."""
    context = await browser.new_context(viewport=load.VIEWPORT)
    await context.add_init_script(load.INIT_JS)
    await context.add_init_script(FRAMES_JS)
    try:
        page = await context.new_page()
        first = await visit(page, url)
        await page.close()
        page = await context.new_page()
        warm = await visit(page, url)
        return {"first": first, "warm": warm}
    finally:
        await context.close()


async def measure(targets: dict[str, str], repeat: int) -> dict[str, list[dict]]:
    """{name: [first_and_warm per repeat]}, the targets interleaved within each repeat."""
    found: dict[str, list[dict]] = {name: [] for name in targets}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=load.CHROMIUM, args=load.CHROMIUM_ARGS)
        try:
            for r in range(repeat):
                for name, url in targets.items():
                    found[name].append(await first_and_warm(browser, url))
                    print(
                        f"  repeat {r + 1}/{repeat} {name}: "
                        f"{found[name][-1]['first'].get('ttr_ms')} / "
                        f"{found[name][-1]['warm'].get('ttr_ms')} ms",
                        flush=True,
                    )
        finally:
            await browser.close()
    return found


def summary(found: dict[str, list[dict]]) -> dict[str, dict]:
    """Medians per target and visit kind; × the blank page's median."""

    def median(runs: list[dict], key: str) -> float | None:
        values = [r[key] for r in runs if r.get(key) is not None]
        return statistics.median(values) if values else None

    rows = {}
    for name, runs in found.items():
        row = {}
        for kind in ("first", "warm"):
            visits = [r[kind] for r in runs]
            row[kind] = {
                k: median(visits, k)
                for k in (
                    "ttr_ms",
                    "visible_ms",
                    "painted_ms",
                    "ws_bytes",
                    "http_bytes",
                    "requests",
                )
            }
            row[kind]["failed"] = sum(1 for v in visits if v.get("ttr_ms") is None)
        rows[name] = row
    blank = rows["blank"]
    for row in rows.values():
        for kind in ("first", "warm"):
            a, b = row[kind]["ttr_ms"], blank[kind]["ttr_ms"]
            row[kind]["x_blank"] = round(a / b, 2) if a and b else None
            a = row[kind]["visible_ms"]  # × the same blank time: it has nothing unseen
            row[kind]["visible_x_blank"] = round(a / b, 2) if a and b else None
            a, b = row[kind]["painted_ms"], blank[kind]["painted_ms"]
            row[kind]["painted_x_blank"] = round(a / b, 2) if a and b else None
    return rows


def print_table(rows: dict[str, dict]) -> None:
    head = (
        "page",
        "first ms",
        "×blank",
        "seen ×",
        "painted ×",
        "warm ms",
        "×blank",
        "seen ×",
        "painted ×",
        "ws KB",
        "http KB",
        "requests",
        "failed",
    )
    print(" ".join(f"{h:>10}" if i else f"{h:<14}" for i, h in enumerate(head)))
    for name, row in rows.items():
        f, w = row["first"], row["warm"]

        def n(v, scale=1.0, digits=0):
            return "–" if v is None else f"{v / scale:,.{digits}f}"

        cells = (
            n(f["ttr_ms"]),
            n(f["x_blank"], digits=2),
            n(f["visible_x_blank"], digits=2),
            n(f["painted_x_blank"], digits=2),
            n(w["ttr_ms"]),
            n(w["x_blank"], digits=2),
            n(w["visible_x_blank"], digits=2),
            n(w["painted_x_blank"], digits=2),
            n(f["ws_bytes"], 1024),
            n(f["http_bytes"], 1024),
            n(f["requests"]),
            str(f["failed"] + w["failed"]),
        )
        print(f"{name:<14} " + " ".join(f"{c:>10}" for c in cells))


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--exports", type=Path, required=True)
    ap.add_argument("--catalog", type=Path, required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pages", default=",".join(PAGES), help="comma-separated paths")
    ap.add_argument("--lang", default="zh", choices=("zh", "en"))
    ap.add_argument(
        "--against", metavar="REV", help="also serve git revision REV and visit both in turn"
    )
    ap.add_argument("--out", type=Path)
    return ap.parse_args()


def worktree(rev: str, where: Path) -> Path:
    """A detached git worktree of `rev` at `where` (removed by drop_worktree)."""
    made = subprocess.run(
        ["git", "-C", str(load.ROOT), "worktree", "add", "--detach", str(where), rev],
        capture_output=True,
        text=True,
    )
    if made.returncode:
        raise SystemExit(f"git worktree add {rev}: expected a revision, found: {made.stderr}")
    return where


def drop_worktree(where: Path) -> None:
    subprocess.run(
        ["git", "-C", str(load.ROOT), "worktree", "remove", "--force", str(where)],
        capture_output=True,
    )
    subprocess.run(["git", "-C", str(load.ROOT), "worktree", "prune"], capture_output=True)


def main() -> None:
    args = parse_args()
    # The servers run in a temporary folder: relative paths would name nothing there (a run
    # then measured ten pages saying "no data", as load.py's resolve() already prevents).
    args.exports, args.catalog = args.exports.resolve(), args.catalog.resolve()
    if not args.catalog.exists():
        made = subprocess.run(
            [str(load.GRIDDASH), "ingest", str(args.exports), "--catalog", str(args.catalog)],
            capture_output=True,
            text=True,
        )
        if made.returncode:
            raise SystemExit(f"griddash ingest failed: {made.stderr[-2000:]}")
    tmp = Path(tempfile.mkdtemp(prefix="griddash-page-speed-"))
    (tmp / "blank.py").write_text(BLANK)
    port, blank_port = load.free_port(), load.free_port()
    env = dict(os.environ, GRIDDASH_DATA=str(args.exports), GRIDDASH_CATALOG=str(args.catalog))
    servers = []
    prev = None
    try:
        # the last line of a warm-up: the places' after the city's (dashboard.app.startup);
        # "nothing to warm" (no catalog) stops the run below rather than measure empty pages
        warmed = (
            "griddash: warmed the briefing of",
            "griddash: warming the places skipped",
            "griddash: warm-up skipped",
            "nothing to warm",
        )
        servers.append(
            start(
                [str(load.GRIDDASH), "serve", "--port", str(port)],
                env,
                tmp,
                port,
                tmp / "serve.log",
                warmed,
            )
        )
        said = (tmp / "serve.log").read_text(errors="replace")
        if "nothing to warm" in said or "warm-up skipped" in said:
            raise SystemExit(
                f"griddash serve: expected the catalog {args.catalog} warmed, found in its log "
                f"{tmp / 'serve.log'}: "
                + [line for line in said.splitlines() if line.startswith("griddash:")][-1]
            )
        servers.append(
            start(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    str(tmp / "blank.py"),
                    "--server.port",
                    str(blank_port),
                    "--server.headless",
                    "true",
                    "--server.address",
                    "127.0.0.1",
                    "--browser.gatherUsageStats",
                    "false",
                    "--server.fileWatcherType",
                    "none",
                ],
                env,
                tmp,
                blank_port,
                tmp / "blank.log",
            )
        )
        ports = {"": port}
        if args.against:
            prev = worktree(args.against, tmp / "against")
            ports[f"@{args.against}"] = load.free_port()
            servers.append(
                start(
                    [str(load.GRIDDASH), "serve", "--port", str(ports[f"@{args.against}"])],
                    {**env, "PYTHONPATH": str(prev)},  # REV's dashboard before the venv's
                    tmp,
                    ports[f"@{args.against}"],
                    tmp / "serve-against.log",
                    warmed,
                )
            )
        targets = {"blank": f"http://127.0.0.1:{blank_port}/"}
        for path in args.pages.split(","):
            sep = "&" if "?" in path else "?"
            for tag, p in ports.items():
                targets[path + tag] = f"http://127.0.0.1:{p}{path}{sep}lang={args.lang}"
        started = datetime.datetime.now()
        found = asyncio.run(measure(targets, args.repeat))
    finally:
        for proc in servers:
            load.kill_group(proc.pid)
        if prev is not None:
            drop_worktree(prev)
    rows = summary(found)
    facts = load.catalog_facts(args.catalog)
    print(
        f"\n== page speed: {facts[1]:,} incidents, data version {facts[0]}, "
        f"{args.repeat} repeats, medians, 1920×1080, lang {args.lang}"
    )
    print_table(rows)
    out = args.out or (
        load.ROOT / "benchmarks" / "results" / "page_speed" / f"{started:%Y-%m-%d-%H%M}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "params": {
            **vars(args),
            "exports": str(args.exports),
            "catalog": str(args.catalog),
            "out": str(out),
            "incidents": facts[1],
            "data_version": facts[0],
            "started": started.isoformat(timespec="seconds"),
            "loadavg": os.getloadavg(),
        },
        "summary": rows,
        "visits": found,
    }
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str))
    print(f"\nwritten: {out}")


if __name__ == "__main__":
    main()
