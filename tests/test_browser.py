"""The running app in a real browser: Debian's Chromium driven by Playwright (no downloads).

One `griddash serve` (shared with tests/test_browser_analysis.py: `demo_server` in conftest.py),
on a free port and from another working directory, against the demo exports and a catalog
ingested from them. Loads the morning briefing (`/`) in Chinese and in English, for one district,
and as the wall-screen kiosk at 1920×1080 and 3840×2160; drills down and back up by clicking;
loads the data inventory (`/data`) and switches its language. Each page must show no error
element, draw its map (the briefing's SVG with something on it), and make no request outside this
machine. Screenshots are kept in artifacts/.
"""

from __future__ import annotations

import io
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

from dashboard.app import day_picker
from dashboard.core import i18n, paths
from dashboard.geo import map_labels, map_layers, maps, outlines, wall_map

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
# Generous limits that only stop a hung run; nothing is timed. The first page pays for the
# server's first computation of the map outlines.
START_LIMIT_S = 120
RENDER_LIMIT_MS = 90_000
PAINT_SETTLE_MS = 300  # before a screenshot: lets deck.gl finish painting its last frame

HD = {"width": 1920, "height": 1080}
UHD = {"width": 3840, "height": 2160}
MAP_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'
BRIEFING_MAP = ".gd-map svg"  # the briefing's map: SVG in its component (place_map)
WALL_MAP = '[data-testid="stImage"] img'  # the kiosk's map: a picture (wall_map)
METRIC = ".gd-light .gd-tile"  # the briefing's tiles (dashboard.charts.tile_cards)
KIOSK_TILE = ".gd-dark .gd-tile"
ERRORS = (
    '[data-testid="stException"]',
    '[data-testid="stAlertContentError"]',
    '[data-testid="stEChartsChartError"]',  # an ECharts option the chart could not draw
    '[data-testid="stAlertContentWarning"]',  # e.g. "no catalog yet"
)
TILE_KEYS = (
    "new",
    "closed",
    "backlog",
    "overdue",
    "expected_overdue_24h",
    "on_time_rate_30d",
    "km_median_hours_30d",
    "grid_coverage",
    "active_workers",
    "training_coverage_365d",
)
DISTRICT, DISTRICT_NAME = "140105", "小店区"

expect.set_options(timeout=RENDER_LIMIT_MS)


# -- the server and the browser ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def griddash() -> list[str]:
    script = Path(sys.executable).with_name("griddash")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dashboard.commands.cli"]


@contextmanager
def serve_app(exports: Path, catalog: Path, cwd: Path):
    """`griddash serve --port P` run from `cwd` (a folder outside the project) on the given
    exports and catalog; yields the base URL once Streamlit says where it listens."""
    port = free_port()
    env = dict(
        os.environ,
        GRIDDASH_DATA=str(exports),
        GRIDDASH_CATALOG=str(catalog),
        # its own reports folder: not the PDFs someone left in the project's data/reports
        GRIDDASH_REPORTS=str(cwd / "reports"),
        PYTHONUNBUFFERED="1",
    )
    proc = subprocess.Popen(
        [*griddash(), "serve", "--port", str(port)],
        cwd=cwd,
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


@contextmanager
def opened(browser, url: str, viewport=HD):
    """A fresh page (its own browser context) at url; yields (page, every URL it asked for)."""
    page = browser.new_page(viewport=viewport)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.on("websocket", lambda ws: asked.append(ws.url))
    try:
        page.goto(url)
        yield page, asked
    finally:
        page.close()


# -- what every page must satisfy ----------------------------------------------------------------


def settled(page) -> None:
    """Until the script run is over and the fonts are in."""
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")
    page.wait_for_function("document.fonts.status === 'loaded'")


def assert_no_errors(page) -> None:
    for selector in ERRORS:
        assert page.locator(selector).count() == 0, selector


def assert_local(asked: list[str]) -> None:
    """Offline: every request and websocket went to this machine (data: and blob: are local)."""
    assert asked
    outside = [
        u
        for u in asked
        if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname not in LOCAL_HOSTS
    ]
    assert outside == []


def map_pixels(page) -> tuple[tuple[int, int, int], float]:
    """The map as painted: its most common colour and the share of pixels of other colours."""
    img = Image.open(io.BytesIO(page.locator(BRIEFING_MAP).screenshot())).convert("RGB")
    counts = img.getcolors(maxcolors=img.width * img.height)
    n, colour = max(counts)
    return colour, 1 - n / (img.width * img.height)


def wait_map_painted(page) -> None:
    """Until the briefing's map is drawn: its dark background with outlines, labels and heat
    on it, at its full size (no deck.gl canvas: the map is SVG)."""
    drawn_map = page.locator(BRIEFING_MAP)
    expect(drawn_map).to_have_count(1)
    expect(drawn_map).to_be_visible()
    assert page.locator(MAP_CANVAS).count() == 0
    deadline = time.monotonic() + RENDER_LIMIT_MS / 1000
    while True:
        box = drawn_map.bounding_box()
        sized = box["width"] > 600 and box["height"] > 300
        colour, drawn = map_pixels(page) if sized else (None, 0.0)
        if colour == tuple(map_layers.BACKGROUND[:3]) and drawn > 0.05:
            return
        assert time.monotonic() < deadline, f"map not painted: {box}, {colour}, {drawn:.1%} drawn"
        page.wait_for_timeout(250)  # poll the condition again


def wall_map_shown(page) -> None:
    """The wall's map is its picture (no deck.gl canvas), loaded, shown at the map's size and
    drawn at WALL_PIXEL_RATIO times its pixels (sharp on a 4K wall zoomed ×2)."""
    picture = page.locator(WALL_MAP)
    expect(picture).to_have_count(1)
    expect(picture).to_be_visible()
    assert page.locator(MAP_CANVAS).count() == 0
    page.wait_for_function(f"() => document.querySelector('{WALL_MAP}').complete")
    natural = picture.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert natural == list(wall_map.picture_size(maps.KIOSK_VIEWPORT))
    # its own width, before the wall's CSS zoom
    assert picture.evaluate("img => getComputedStyle(img).width") == f"{maps.KIOSK_VIEWPORT[0]}px"


def screenshot(page, name: str) -> None:
    """The viewport (not the full page) as the page opens, into artifacts/; after
    wait_map_painted, whose element screenshots may have scrolled the map into view."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator('[data-testid="stMain"]').evaluate("main => main.scrollTo(0, 0)")
    page.wait_for_timeout(PAINT_SETTLE_MS)
    page.screenshot(path=ARTIFACTS / name)


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def briefing_rendered(page, lang: str, paint: bool = True) -> None:
    """The normal (not kiosk) briefing is on screen, with its ten tiles and its map (painted,
    unless paint is False)."""
    page.wait_for_selector(METRIC)
    settled(page)
    expect(page.locator(METRIC)).to_have_count(len(TILE_KEYS))
    labels = page.locator(".gd-light .gd-tile-label").all_inner_texts()
    assert sorted(x.strip() for x in labels) == sorted(i18n.t(f"tile_{k}", lang) for k in TILE_KEYS)
    expect(page.locator(".gd-title")).to_have_text(i18n.t("app_name", lang))
    expect(page.get_by_text(i18n.t("section_map", lang), exact=True)).to_be_visible()
    if paint:
        wait_map_painted(page)
    else:
        expect(page.locator(BRIEFING_MAP)).to_have_count(1)
    assert_no_errors(page)


# -- the briefing --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_briefing_in_the_browser(demo_server, browser, lang):
    url = f"{demo_server}/" if lang == "zh" else f"{demo_server}/?lang=en"
    with opened(browser, url) as (page, asked):
        briefing_rendered(page, lang)
        expect(page.locator(".gd-sub")).to_contain_text(i18n.t("city", lang))
        expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()
        # The configuration was found from another working directory: no developer chrome.
        assert page.locator('[data-testid="stAppDeployButton"]').count() == 0
        screenshot(page, f"briefing-{lang}-1920.png")
        assert_local(asked)


def test_briefing_of_a_district_in_the_browser(demo_server, browser):
    with opened(browser, f"{demo_server}/?at={DISTRICT}") as (page, asked):
        briefing_rendered(page, "zh")
        expect(page.locator(".gd-sub")).to_contain_text(DISTRICT_NAME)
        expect(page.locator(f".st-key-crumb_{DISTRICT} button")).to_have_text(
            re.compile(DISTRICT_NAME)
        )
        screenshot(page, "briefing-district-1920.png")
        assert_local(asked)


@pytest.mark.parametrize("viewport", [HD, UHD], ids=["1920", "3840"])
def test_kiosk_in_the_browser(demo_server, browser, viewport):
    with opened(browser, f"{demo_server}/?kiosk=1", viewport) as (page, asked):
        page.wait_for_selector(KIOSK_TILE)
        settled(page)
        expect(page.locator(KIOSK_TILE)).to_have_count(10)
        labels = page.locator(".gd-dark .gd-tile-label").all_inner_texts()
        assert sorted(labels) == sorted(i18n.t(f"tile_{k}", "zh") for k in TILE_KEYS)
        # Nothing to click on the wall: no sidebar, no header, no drill-down pills.
        expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
        expect(page.locator('[data-testid="stHeader"]')).to_be_hidden()
        assert page.locator(METRIC).count() == 0
        assert page.locator('[data-testid="stButtonGroup"]').count() == 0
        wall_map_shown(page)
        assert_no_errors(page)
        screenshot(page, f"briefing-kiosk-{viewport['width']}.png")
        assert_local(asked)


# Every piece of text on the wall, with its computed size: the map's names are in its picture
# (their size checked in test_wall_map), the charts are pictures.
TEXT_SIZES_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] *')]
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
  .map(e => [e.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(e).fontSize)])"""


def test_the_wall_is_readable_from_five_metres(demo_server, browser):
    # The carousel's wall: its strip also names the next place.
    with opened(browser, f"{demo_server}/?kiosk=1&cycle=60", HD) as (page, asked):
        page.wait_for_selector(KIOSK_TILE)
        settled(page)
        expect(page.locator('[data-testid="kiosk-next"]')).to_contain_text("下一个")
        small = [(text, px) for text, px in page.evaluate(TEXT_SIZES_JS) if px < 24]
        assert small == []  # every word ≥ 24 px at 1920×1080
        # The bottom strip sits on the screen's last rows, under everything else.
        strip = page.locator('[data-testid="kiosk-strip"]').bounding_box()
        assert strip["y"] + strip["height"] == HD["height"] and strip["width"] == HD["width"]
        # One screen: the ten tiles (two rows of five) and the map end above the strip.
        boxes = [t.bounding_box() for t in page.locator(KIOSK_TILE).all()]
        assert len({round(b["y"]) for b in boxes}) == 2
        picture = page.locator(WALL_MAP).bounding_box()
        assert all(b["y"] + b["height"] <= strip["y"] for b in [*boxes, picture])
        assert page.locator('[data-testid="kiosk-snapshot"]').count() == 0  # following the data
        assert_no_errors(page)
    # A wall pinned to a day says so.
    with opened(browser, f"{demo_server}/?kiosk=1&as_of=2026-10-20", HD) as (page, asked):
        page.wait_for_selector(KIOSK_TILE)
        settled(page)
        expect(page.locator('[data-testid="kiosk-snapshot"]')).to_contain_text(
            "历史快照 · 2026-10-20"
        )


def test_the_map_drills_down_on_the_first_click(demo_server, browser, demo_catalog):
    from dashboard.data.catalog import Catalog

    shapes = outlines.outlines(Catalog(demo_catalog))
    view = map_layers.fit_view(shapes.bbox, maps.VIEWPORT)
    target = next(x for x in shapes.labels if x.code == DISTRICT)
    cx, cy = map_labels._pixels(view.longitude, view.latitude, view.zoom)
    x, y = map_labels._pixels(target.lon, target.lat, view.zoom)
    with opened(browser, f"{demo_server}/") as (page, asked):
        briefing_rendered(page, "zh", paint=False)
        wait_map_painted(page)
        box = page.locator(BRIEFING_MAP).bounding_box()
        scale = box["width"] / maps.VIEWPORT[0]  # the SVG is as wide as its column
        at = (
            box["x"] + (maps.VIEWPORT[0] / 2 + x - cx) * scale,
            box["y"] + (maps.VIEWPORT[1] / 2 + y - cy) * scale,
        )
        # Under the pointer, the district's tooltip: its name and code.
        page.mouse.move(*at)
        tip = page.locator(".gd-tip")
        expect(tip).to_be_visible()
        expect(tip).to_contain_text(DISTRICT_NAME)
        expect(tip).to_contain_text(DISTRICT)
        # One click on the district's label spot (the map centred on the view's centre).
        page.mouse.click(*at)
        page.wait_for_url(lambda u: parse_qs(urlsplit(u).query).get("at") == [DISTRICT])
        expect(page.locator(".gd-sub")).to_contain_text(f"› {DISTRICT_NAME}")
        assert_no_errors(page)
        # By keyboard: a street of the district, focused with Tab's focus and opened with Enter.
        wait_map_painted(page)
        street = page.locator(f'{BRIEFING_MAP} .pick[data-code^="{DISTRICT}"]').first
        code = street.get_attribute("data-code")
        street.focus()
        expect(tip).to_be_visible()
        page.keyboard.press("Enter")
        page.wait_for_url(lambda u: parse_qs(urlsplit(u).query).get("at") == [code])
        assert_no_errors(page)
        assert_local(asked)


def test_drill_down_by_clicking(demo_server, browser):
    with opened(browser, f"{demo_server}/") as (page, asked):
        briefing_rendered(page, "zh", paint=False)
        assert "at" not in query(page)
        pills = page.locator('[data-testid="stButtonGroup"] button[data-variant="pills"]')
        expect(pills).to_have_count(10)  # the ten districts
        pills.filter(has_text=re.compile(f"^{DISTRICT_NAME}$")).click()

        page.wait_for_url(lambda u: parse_qs(urlsplit(u).query).get("at") == [DISTRICT])
        expect(page.locator(".gd-sub")).to_contain_text(f"› {DISTRICT_NAME}")
        crumbs = page.locator('[class*="st-key-crumb_"] button')
        expect(crumbs).to_have_count(2)
        expect(crumbs.nth(1)).to_contain_text(DISTRICT_NAME)
        settled(page)
        assert_no_errors(page)

        city = crumbs.first
        expect(city).to_contain_text(i18n.t("level_city", "zh"))
        city.click()
        page.wait_for_url(lambda u: "at" not in parse_qs(urlsplit(u).query))
        expect(crumbs).to_have_count(1)
        expect(page.locator(".gd-sub")).not_to_contain_text(DISTRICT_NAME)
        expect(pills).to_have_count(10)
        settled(page)
        assert_no_errors(page)
        assert_local(asked)


def test_a_streets_communities_all_fit_in_the_drill_bar(demo_server, browser, demo_catalog):
    """Two dozen places one level down wrap onto more rows: every pill lies inside the page's
    main column, none behind a sideways scroll."""
    import duckdb

    with duckdb.connect(str(demo_catalog), read_only=True) as con:
        street, n = con.execute(
            "select left(grid_code, 9) as s, count(distinct left(grid_code, 12)) as n from grids"
            " group by s order by n desc, s limit 1"
        ).fetchone()
    assert n > 20, "a street with many communities"
    with opened(browser, f"{demo_server}/resolution?at={street}&lang=en") as (page, _):
        page.wait_for_selector(".gd-title")
        settled(page)
        pills = page.locator('[data-testid="stButtonGroup"] button[data-variant="pills"]')
        expect(pills).to_have_count(n)
        main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
        right = main["x"] + main["width"]
        boxes = [pills.nth(i).bounding_box() for i in range(n)]
        assert all(b["x"] + b["width"] <= right + 1 for b in boxes)
        assert len({round(b["y"]) for b in boxes}) >= 2  # more than one row
        for selector in ERRORS[:3]:  # (a warning of few incidents is the small demo's due)
            assert page.locator(selector).count() == 0, selector


# -- the data inventory --------------------------------------------------------------------------


def inventory_rendered(page, lang: str) -> None:
    page.wait_for_selector("table.kq-table")
    settled(page)
    expect(page.get_by_text(i18n.t("section_tables", lang), exact=True)).to_be_visible()
    expect(page.locator(".gd-title")).to_have_text(i18n.t("nav_inventory", lang))
    for selector in ERRORS[:3]:  # a stale-data warning is the inventory's to give
        assert page.locator(selector).count() == 0, selector


def test_inventory_in_the_browser(demo_server, browser, demo):
    with opened(browser, f"{demo_server}/data") as (page, asked):
        inventory_rendered(page, "zh")
        # Its table lists every exported table, with the rows the demo wrote to it: a plain
        # HTML table (heading row, then one row per table), so no data grid is loaded.
        table = page.locator("table.kq-table")
        expect(table).to_have_count(1)
        expect(table).to_be_visible()
        rows = table.locator("tr").all()
        assert len(rows) == 1 + len(demo.summary)
        assert page.locator('[data-testid="stDataFrame"]').count() == 0
        cells = [r.locator("td").all_inner_texts() for r in rows[1:]]
        assert {c[0]: int(c[3].replace(",", "")) for c in cells} == demo.summary
        screenshot(page, "inventory-zh-1920.png")
        assert_local(asked)


def test_the_day_is_chosen_from_the_list_behind_its_button(demo_server, browser):
    """The as-of day's list waits in a popover (its code loads when opened): the button names
    the day; typing a day in the list and choosing it puts it in the URL and on the button."""
    with opened(browser, f"{demo_server}/training") as (page, asked):
        settled(page)
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.locator('[data-testid="stSelectbox"]').count() == 0  # not before it opens
        button = sidebar.locator('[data-testid="stPopoverButton"]:visible')
        shown = re.search(r"\d{4}-\d{2}-\d{2}", button.inner_text()).group(0)
        latest = date.fromisoformat(shown)
        expected = i18n.t("day_chosen", "zh", label=i18n.t("analysis_as_of", "zh"), day="")
        assert f"{expected}{day_picker.day_label(latest, 'zh')}" in button.inner_text()
        button.click()
        box = page.locator('[data-testid="stSelectbox"] input')
        expect(box).to_be_visible()
        target = latest - timedelta(days=3)
        box.fill(target.strftime("%m-%d"))
        page.get_by_role("option", name=day_picker.day_label(target, "zh")).click()
        page.wait_for_url(
            lambda u: parse_qs(urlsplit(u).query).get("as_of") == [target.isoformat()]
        )
        settled(page)
        expect(sidebar.locator('[data-testid="stPopoverButton"]:visible')).to_contain_text(
            day_picker.day_label(target, "zh")
        )
        expect(page.locator(".gd-sub")).to_contain_text(target.isoformat())
        assert_no_errors(page)
        assert_local(asked)


def test_language_switch_in_the_browser(demo_server, browser):
    with opened(browser, f"{demo_server}/data") as (page, _):
        inventory_rendered(page, "zh")
        page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
        page.wait_for_url("**/data?lang=en")
        expect(page.get_by_text(i18n.t("section_tables", "en"), exact=True)).to_be_visible()
        inventory_rendered(page, "en")
