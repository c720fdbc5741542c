"""Several people at once, on two server processes, while a new catalog is swapped in.

`griddash serve --processes 2` (two Streamlit processes behind our nginx, sticky sessions) on a
live catalog; four browser sessions load pages at the same time while the catalog is replaced by
one whose figures differ (the same exports ingested with an earlier validation clock, so its last
full day is earlier and every tile differs). Every load must show no error element and exactly
one data version, and on the briefing the day and the new-incidents tile of that same version;
loads started after both processes have warmed the new version and published it to their pages
(dashboard.app.startup) show the new version. Two sessions are routed to each process (by the
route cookie nginx keeps); each session's images come from the process that ran its script (the
logo is a media file kept in that process's memory); the frontend's own files come from nginx.
Nothing is timed: the limits only stop a hung run.
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
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from http.cookiejar import CookieJar

import pytest
from playwright.async_api import async_playwright
from test_browser import CHROMIUM, CHROMIUM_ARGS, free_port, griddash

from dashboard.commands import proxy
from dashboard.core import i18n
from dashboard.data.catalog import Catalog
from dashboard.measures import briefing
from dashboard.pipeline.ingest import ingest

PAGES = ["/", "/incidents", "/resolution", "/workload", "/training", "/sql", "/reports"]
SESSIONS = 4
LOADS = 2  # per session: the swap lands while the first ones run, the last ones follow it
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
    req = urllib.request.Request(
        f"{base}/_stcore/health", headers={"Cookie": f"griddash_route={route}"}
    )
    try:
        with urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar())).open(
            req, timeout=5
        ) as r:
            answered = r.headers["X-Griddash-Backend"] if r.read() == b"ok" else None
    except OSError:
        return None
    # "a, b": the route's own process did not answer and nginx passed the request on — the
    # route belongs to `a`, which is not ready yet: ask again later.
    return None if answered is None or "," in answered else answered


@contextmanager
def serve_two(exports, catalog, run_log, cwd):
    port = free_port()
    env = dict(
        os.environ,
        GRIDDASH_DATA=str(exports),
        GRIDDASH_CATALOG=str(catalog),
        GRIDDASH_RUN_LOG=str(run_log),
        PYTHONUNBUFFERED="1",
    )
    log = (cwd / "serve.log").open("wb")  # read when a load hangs
    proc = subprocess.Popen(
        [*griddash(), "serve", "--port", str(port), "--processes", "2"],
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
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
        log.close()


# Where a page is: script state and connection (Streamlit 1.67 marks both on stApp), skeleton
# placeholders left, and the data-version badge's text.
STATE = """(re) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const m = document.body.innerText.match(new RegExp(re));
    return {script: app && app.dataset.testScriptState,
            conn: app && app.dataset.testConnectionState,
            skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
            version: m && m[1]};
}"""
POLL_S = 0.25


def is_done(state) -> bool:
    """The script has run to its end on a connected session, its placeholders are filled and
    the data-version badge is on the page."""
    return (
        isinstance(state, dict)
        and state["script"] == "notRunning"
        and state["conn"] == "CONNECTED"
        and state["skeletons"] == 0
        and state["version"] is not None
    )


async def wait_done(page, url: str) -> None:
    """Poll STATE until done; past the limit, fail with what the page showed along the way (a
    renderer too busy to answer shows as "no answer")."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    seen: list[tuple[float, object]] = []
    while (now := loop.time() - start) < LOAD_LIMIT_MS / 1000:
        try:
            state = await asyncio.wait_for(page.evaluate(STATE, VERSION.pattern), 10)
        except TimeoutError:
            state = "no answer within 10 s"
        if is_done(state):
            return
        if not seen or seen[-1][1] != state:
            seen.append((round(now, 1), state))
        await asyncio.sleep(POLL_S)
    try:
        text = await asyncio.wait_for(page.inner_text("body"), 10)
    except TimeoutError:
        text = "(no answer)"
    raise AssertionError(
        f"{url} not ready within {LOAD_LIMIT_MS / 1000:.0f} s; states: {seen}; "
        f"page text: {text[-1500:]!r}"
    )


async def load(context, url: str) -> dict:
    """One page load until its script is done; what it showed."""
    page = await context.new_page()
    try:
        await page.goto(url, timeout=LOAD_LIMIT_MS)
        await wait_done(page, url)
        media = "[...document.querySelectorAll('img')].filter(i => i.src.includes('/media/'))"
        await page.wait_for_function(f"() => {media}.every(i => i.complete)", timeout=LOAD_LIMIT_MS)
        text = await page.inner_text("body")
        # An image another process was asked for would be a 404: complete, but empty.
        logo = await page.evaluate(f"() => {media}.map(i => i.naturalWidth > 0)")
        return {
            "url": url,
            "errors": {s: await page.locator(s).count() for s in ERRORS},
            "versions": VERSION.findall(text),
            "text": text,
            "media_loaded": logo,
            "tiles": await page.locator(".gd-tile-value").all_inner_texts(),
        }
    finally:
        await page.close()


async def session(browser, base, i, route, swapped: asyncio.Event, done_first: asyncio.Event):
    """Session i, its route cookie set beforehand (nginx keeps a cookie it is sent): the sessions
    land on both processes by construction, not by chance."""
    context = await browser.new_context(viewport={"width": 1920, "height": 1080})
    await context.add_cookies([{"name": proxy.ROUTE_COOKIE, "value": route, "url": base}])
    loads = []
    try:
        for k in range(LOADS):
            path = PAGES[(i + k) % len(PAGES)] if k < LOADS - 1 else "/"
            if k == LOADS - 1:  # the last load follows the new version's publication
                await swapped.wait()
            after_swap = swapped.is_set()
            result = await load(context, base + path)
            result["after_swap"] = after_swap
            loads.append(result)
            done_first.set()
        cookies = {c["name"]: c["value"] for c in await context.cookies()}
        return loads, cookies.get(proxy.ROUTE_COOKIE)
    finally:
        await context.close()


async def run_sessions(base, routes, swap, published):
    swapped, done_first = asyncio.Event(), asyncio.Event()

    async def swapper():
        await done_first.wait()  # one load finished, the others are in flight
        await asyncio.to_thread(swap)
        # Pages move to the new version once their process has warmed it (catalog.publish).
        deadline = asyncio.get_running_loop().time() + START_LIMIT_S
        while not published():
            assert asyncio.get_running_loop().time() < deadline, "the new version was not warmed"
            await asyncio.sleep(POLL_S)
        swapped.set()

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            results = await asyncio.gather(
                *(session(browser, base, i, r, swapped, done_first) for i, r in enumerate(routes)),
                swapper(),
            )
        finally:
            await browser.close()
    return results[: len(routes)]


def warmed(cwd, version: str) -> int:
    """How many processes logged that they warmed `version` (each logs it once published)."""
    said = (cwd / "serve.log").read_text(errors="replace")
    return said.count(f"(data version {version})")


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes


def frontend_script(base: str) -> tuple[str, Answer]:
    """The name of the page's main script (from the HTML) and nginx's answer for it."""
    with urllib.request.urlopen(f"{base}/", timeout=30) as r:
        script = re.search(r'src="\./static/js/([\w.-]+\.js)"', r.read().decode()).group(1)
    with urllib.request.urlopen(f"{base}/static/js/{script}", timeout=30) as r:
        return script, Answer(r.status, dict(r.headers), r.read())


def routes_to_both(base: str) -> list[str]:
    """SESSIONS route cookies, alternating between the two processes."""
    by_backend: dict[str, list[str]] = {}
    routes = [f"route{i}" for i in range(64)]  # all 64 on one process: a chance of 2⁻⁶³
    deadline = datetime.now() + timedelta(seconds=START_LIMIT_S)
    while routes and datetime.now() < deadline:  # until each route's own process answers
        unanswered = []
        for route in routes:
            backend = backend_of(base, route)
            if backend is None:
                unanswered.append(route)
            else:
                by_backend.setdefault(backend, []).append(route)
        routes = unanswered
        if routes:
            subprocess.run(["sleep", "0.5"])
    by_backend = {k: sorted(v, key=lambda r: int(r[5:])) for k, v in by_backend.items()}
    assert len(by_backend) == 2 and all(len(r) >= SESSIONS // 2 for r in by_backend.values()), (
        f"expected 64 routes spread over two processes, found {by_backend}"
    )
    first, second = by_backend.values()
    return [(first, second)[i % 2][i // 2] for i in range(SESSIONS)]


def test_four_sessions_on_two_processes_across_a_swap(versions, demo, tmp_path):
    a_file, b_file, views = versions
    version_a, version_b = list(views)
    live = tmp_path / "catalog.duckdb"
    swap_in(a_file, live)
    run_log = tmp_path / "runs.jsonl"
    with serve_two(demo.exports, live, run_log, tmp_path) as base:
        routes = routes_to_both(base)
        try:
            results = asyncio.run(
                run_sessions(
                    base,
                    routes,
                    lambda: swap_in(b_file, live),
                    lambda: warmed(tmp_path, version_b) == 2,
                )
            )
        except AssertionError as exc:  # a hung load: with what the servers ran meanwhile
            runs = run_log.read_text() if run_log.exists() else ""
            served = (tmp_path / "serve.log").read_text(errors="replace")
            raise AssertionError(
                f"{exc}\npage runs (run log):\n{runs[-4000:]}\n"
                f"griddash serve said:\n{served[-4000:]}"
            ) from None
        script, served = frontend_script(base)

    # The frontend's files come from nginx itself (no process named), as installed, with the
    # type a browser needs for a module script and a year's caching.
    assert served.status == 200 and "X-Griddash-Backend" not in served.headers, served.headers
    assert served.headers["Content-Type"] == "application/javascript"
    assert "immutable" in served.headers["Cache-Control"]
    assert served.body == (proxy.frontend_files() / "js" / script).read_bytes()

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
    assert [route for _, route in results] == routes  # nginx kept the cookie each session sent
    assert {r["version"] for r in runs if r["version"]} == {version_a, version_b}
