"""The running app in a real browser: Debian's Chromium driven by Playwright (no downloads).

Starts `griddash serve` on a free port from another working directory, against the demo dataset,
loads every page in Chinese and in English, looks for error elements, checks that every request
the page made stayed on this machine, and keeps screenshots in artifacts/.
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from dashboard import i18n, paths

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = paths.PROJECT_ROOT / "artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# How long the server may take to come up, and a page to render: generous limits that only
# stop a hung run; nothing is timed.
START_LIMIT_S = 120
RENDER_LIMIT_MS = 60_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def griddash() -> list[str]:
    script = Path(sys.executable).with_name("griddash")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dashboard.cli"]


@pytest.fixture(scope="module")
def server(demo, tmp_path_factory):
    """`griddash serve --port P` from a folder outside the project; yields the base URL."""
    port = free_port()
    env = dict(os.environ, GRIDDASH_DATA=str(demo.exports), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [*griddash(), "serve", "--port", str(port)],
        cwd=tmp_path_factory.mktemp("elsewhere"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: Streamlit goes down with it
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    log = []
    try:
        while True:  # until Streamlit says where it listens
            line = lines.get(timeout=START_LIMIT_S)
            if line is None:
                pytest.fail("griddash serve exited:\n" + "".join(log))
            log.append(line)
            if f"http://127.0.0.1:{port}" in line and "URL" in line:
                break
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def wait_rendered(page) -> None:
    """Until the script run is over and the page's main elements are on screen."""
    page.wait_for_selector('[data-testid="stMetric"]', timeout=RENDER_LIMIT_MS)
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=RENDER_LIMIT_MS)
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)
    page.wait_for_function("document.fonts.status === 'loaded'", timeout=RENDER_LIMIT_MS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inventory_page_in_the_browser(server, browser, demo, lang):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.on("websocket", lambda ws: urls.append(ws.url))
    page.goto(f"{server}/?lang={lang}")
    wait_rendered(page)

    page.get_by_text(i18n.t("app_name", lang), exact=True).first.wait_for()
    page.get_by_text(i18n.t("section_tables", lang), exact=True).wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"browser-inventory-{lang}.png")
    page.set_viewport_size({"width": 1920, "height": 2200})
    page.screenshot(path=ARTIFACTS / f"browser-inventory-{lang}-tall.png")

    assert page.locator('[data-testid="stException"]').count() == 0
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == (1 if demo.result.errors else 0)
    # The configuration was found from another working directory: no developer chrome.
    assert page.locator('[data-testid="stAppDeployButton"]').count() == 0
    # Offline: every request went to this machine.
    assert urls
    outside = [
        u
        for u in urls
        if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname not in LOCAL_HOSTS
    ]
    assert outside == []
    page.close()


def test_language_switch_in_the_browser(server, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(server)
    wait_rendered(page)
    page.get_by_text(i18n.t("section_tables", "zh"), exact=True).wait_for()
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    page.get_by_text(i18n.t("section_tables", "en"), exact=True).wait_for(timeout=RENDER_LIMIT_MS)
    page.wait_for_url("**/?lang=en", timeout=RENDER_LIMIT_MS)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
