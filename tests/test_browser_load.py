"""Several people at once, on two server processes, while a new catalog is swapped in.

`griddash serve --processes 2` (two Streamlit processes behind our nginx, sticky sessions) on a
live catalog; four browser sessions load pages at the same time while the catalog is replaced by
one whose figures differ (the same exports ingested with an earlier validation clock, so its last
full day is earlier and every tile differs). Every load must show no error element and exactly
one data version, and on the briefing the day and the new-incidents tile of that same version;
loads started after the swap show the new version. Each session's images come from the process
that ran its script (the logo is a media file kept in that process's memory), and both processes
served sessions. Nothing is timed: the limits only stop a hung run.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import subprocess
import urllib.request
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from http.cookiejar import CookieJar

import pytest
from playwright.async_api import async_playwright
from test_browser import CHROMIUM, CHROMIUM_ARGS, free_port, griddash

from dashboard import briefing, i18n
from dashboard.catalog import Catalog
from dashboard.ingest import ingest

PAGES = ["/", "/incidents", "/resolution", "/workload", "/training", "/sql", "/reports"]
SESSIONS = 4
LOADS = 2  # per session: the swap lands while the first ones run, the second ones follow it
START_LIMIT_S = 180
LOAD_LIMIT_MS = 120_000
# Error elements; warnings are content here (/training's caveat on its on-time figure), and the
# one warning that is an error, "no catalog", would leave the page without a version badge.
ERRORS = ('[data-testid="stException"]', '[data-testid="stAlertContentError"]')
VERSION = re.compile(re.escape(i18n.t("data_version", "zh")) + r" (\S+)")


@pytest.fixture(scope="module")
def versions(demo, demo_catalog, tmp_path_factory):
    """{version: BriefingView} for the demo catalog (A) and the same exports ingested with the
    clock two days before A's last full day (B); returns (A's file, B's file, views)."""
    root = tmp_path_factory.mktemp("load")
    a = Catalog(demo_catalog).pinned()
    view_a = briefing.build(a)
    clock = datetime.combine(view_a.brief.as_of - timedelta(days=2), time(12))
    b_file = root / "catalog_b.duckdb"
    # A copy: ingest writes its validation report into the exports folder, which others share.
    exports = shutil.copytree(demo.exports, root / "exports")
    ingest(exports, b_file, now=clock, progress=False)
    b = Catalog(b_file).pinned()
    view_b = briefing.build(b)
    assert view_b.brief.as_of < view_a.brief.as_of
    assert view_a.brief.new != view_b.brief.new  # the tile the test reads tells them apart
    return demo_catalog, b_file, {a.data_version: view_a, b.data_version: view_b}


def swap_in(source, live) -> None:
    tmp = live.with_name(f".{live.name}.swap")
    shutil.copyfile(source, tmp)
    os.replace(tmp, live)


def backend_of(base: str, route: str) -> str | None:
    """Which process nginx sends the cookie `route` to, once that process answers health."""
    req = urllib.request.Request(f"{base}/_stcore/health",
                                 headers={"Cookie": f"griddash_route={route}"})  # fmt: skip
    try:
        with urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar())).open(
            req, timeout=5
        ) as r:
            return r.headers["X-Griddash-Backend"] if r.read() == b"ok" else None
    except OSError:
        return None


@contextmanager
def serve_two(exports, catalog, run_log, cwd):
    port = free_port()
    env = dict(os.environ, GRIDDASH_DATA=str(exports), GRIDDASH_CATALOG=str(catalog),
               GRIDDASH_RUN_LOG=str(run_log), PYTHONUNBUFFERED="1")  # fmt: skip
    proc = subprocess.Popen([*griddash(), "serve", "--port", str(port), "--processes", "2"],
                            cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        # Up when both processes answer through nginx (30 routes reach both, but for a chance
        # of 2⁻²⁹); polling the start, not timing it.
        deadline = datetime.now() + timedelta(seconds=START_LIMIT_S)
        while len({backend_of(base, f"r{i}") for i in range(30)} - {None}) < 2:
            assert proc.poll() is None, "griddash serve --processes 2 exited"
            assert datetime.now() < deadline, "the two processes did not come up"
            subprocess.run(["sleep", "0.5"])
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


# The script has run to its end on a connected session (Streamlit 1.67 marks both on stApp), its
# placeholders are filled, and the data-version badge is on the page.
DONE = """(re) => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.dataset.testScriptState === "notRunning"
        && app.dataset.testConnectionState === "CONNECTED"
        && !document.querySelector('[data-testid="stSkeleton"]')
        && new RegExp(re).test(document.body.innerText);
}"""


async def load(context, url: str) -> dict:
    """One page load until its script is done; what it showed."""
    page = await context.new_page()
    try:
        await page.goto(url, timeout=LOAD_LIMIT_MS)
        await page.wait_for_function(DONE, arg=VERSION.pattern, timeout=LOAD_LIMIT_MS)
        media = "[...document.querySelectorAll('img')].filter(i => i.src.includes('/media/'))"
        await page.wait_for_function(f"() => {media}.every(i => i.complete)",
                                     timeout=LOAD_LIMIT_MS)  # fmt: skip
        text = await page.inner_text("body")
        # An image another process was asked for would be a 404: complete, but empty.
        logo = await page.evaluate(f"() => {media}.map(i => i.naturalWidth > 0)")
        return {
            "url": url,
            "errors": {s: await page.locator(s).count() for s in ERRORS},
            "versions": VERSION.findall(text),
            "text": text,
            "media_loaded": logo,
            "tiles": await page.locator('[data-testid="stMetricValue"]').all_inner_texts(),
        }
    finally:
        await page.close()


async def session(browser, base, i, swapped: asyncio.Event, done_first: asyncio.Event):
    context = await browser.new_context(viewport={"width": 1920, "height": 1080})
    loads = []
    try:
        for k in range(LOADS):
            path = PAGES[(i + k) % len(PAGES)] if k < LOADS - 1 else "/"
            after_swap = swapped.is_set()
            result = await load(context, base + path)
            result["after_swap"] = after_swap
            loads.append(result)
            done_first.set()
        cookies = {c["name"]: c["value"] for c in await context.cookies()}
        return loads, cookies.get("griddash_route")
    finally:
        await context.close()


async def run_sessions(base, swap):
    swapped, done_first = asyncio.Event(), asyncio.Event()

    async def swapper():
        await done_first.wait()  # one load finished, the others are in flight
        await asyncio.to_thread(swap)
        swapped.set()

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            results = await asyncio.gather(
                *(session(browser, base, i, swapped, done_first) for i in range(SESSIONS)),
                swapper(),
            )
        finally:
            await browser.close()
    return results[:SESSIONS]


def test_four_sessions_on_two_processes_across_a_swap(versions, demo, tmp_path):
    a_file, b_file, views = versions
    version_a, version_b = list(views)
    live = tmp_path / "catalog.duckdb"
    swap_in(a_file, live)
    run_log = tmp_path / "runs.jsonl"
    with serve_two(demo.exports, live, run_log, tmp_path) as base:
        results = asyncio.run(run_sessions(base, lambda: swap_in(b_file, live)))
        backends = {route: backend_of(base, route) for _, route in results}

    loads = [x for session_loads, _ in results for x in session_loads]
    assert len(loads) == SESSIONS * LOADS
    for x in loads:
        assert x["errors"] == dict.fromkeys(ERRORS, 0), (x["url"], x["errors"], x["text"][-1500:])
        assert len(x["versions"]) == 1 and x["versions"][0] in views, (x["url"], x["versions"])
        assert x["media_loaded"] and all(x["media_loaded"]), x["url"]  # sticky: same process
        if x["after_swap"]:
            assert x["versions"] == [version_b], x["url"]
    briefings = [x for x in loads if x["url"].endswith("/")]
    for x in briefings:  # the day and the figures of the version the header names
        view = views[x["versions"][0]]
        assert view.brief.as_of.isoformat() in x["text"]
        assert x["tiles"][0] == f"{view.brief.new:,}"
    assert {x["versions"][0] for x in loads} == {version_a, version_b}
    # Both processes served sessions, and each session stayed on one.
    runs = [json.loads(line) for line in run_log.read_text().splitlines()]
    assert len({r["pid"] for r in runs}) == 2
    assert all(backends.values()), backends
    assert {r["version"] for r in runs if r["version"]} == {version_a, version_b}
