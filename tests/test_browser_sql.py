"""The SQL console in a real browser: Debian's Chromium driven by Playwright, as in
tests/test_browser.py (whose Chromium settings and checks are reused), against its own
`griddash serve` on the demo catalog.

A shared link `/sql?sql=…` opens the console with that statement in the editor, and it runs when
Run is pressed; a statement typed in the editor runs with Ctrl+Enter and the link follows it; a
refused statement is worded plainly; while a 2 MB statement, a memory bomb and a time bomb run in
three sessions, the server's health endpoint keeps answering within 1 s. No page shows an error
element it should not, and no request leaves this machine. Screenshots go to artifacts/.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import expect
from test_browser import (
    ERRORS,
    assert_local,
    assert_no_errors,
    serve_app,
    settled,
)

from dashboard.core import i18n, paths

ARTIFACTS = paths.PROJECT_ROOT / "artifacts"
RENDER_LIMIT_MS = 90_000
HD = {"width": 1920, "height": 1080}
GRID = '[data-testid="stDataFrame"]'
EDITOR = ".st-key-sql_text textarea"
SUMMARY = ".st-key-sql_summary"  # rows, time, downloads
COUNT_GRIDS = "select count(*) as n from grids"
BY_DISTRICT = (
    "select district_name, count(*) as incidents,\n"
    "       count(*) filter (where urgency = 'urgent') as urgent\n"
    "from incidents join grids using (grid_code)\n"
    "group by all order by incidents desc"
)

expect.set_options(timeout=RENDER_LIMIT_MS)


@pytest.fixture(scope="module")
def catalog(demo_catalog) -> Path:
    return demo_catalog


@pytest.fixture(scope="module")
def server(demo, catalog, tmp_path_factory):
    """The app served as in tests/test_browser.py. No warm-up visit to /: the first visit of a
    fresh server goes straight to /sql, as a shared link would (the page folder is views/, not
    pages/, so Streamlit's old-style multipage routing cannot answer it with "Page not found")."""
    with serve_app(demo.exports, catalog, tmp_path_factory.mktemp("elsewhere-sql")) as base:
        yield base


def opened(browser, url: str):
    page = browser.new_page(viewport=HD)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.on("websocket", lambda ws: asked.append(ws.url))
    page.goto(url)
    return page, asked


def result_cells(page, column: int) -> list[str]:
    """The result grid's cells of one column (glide-cell-<column>-<row>), as shown."""
    grid = page.locator(GRID).last
    return grid.locator(f'[data-testid^="glide-cell-{column}-"]').all_inner_texts()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name)


def test_shared_link_fills_in_and_runs_on_run(server, browser, demo):
    page, asked = opened(browser, f"{server}/sql?sql={quote(COUNT_GRIDS)}")
    try:
        page.wait_for_selector(EDITOR)
        settled(page)
        expect(page.locator(EDITOR)).to_have_value(COUNT_GRIDS)
        expect(page.get_by_text(i18n.t("sql_from_link", "zh"))).to_be_visible()
        assert page.locator(GRID).count() == 0  # nothing ran on opening the link
        page.get_by_role("button", name=i18n.t("sql_run", "zh")).click()
        page.wait_for_selector(GRID)
        settled(page)
        assert_no_errors(page)
        assert page.get_by_role("dialog").count() == 0
        expect(page.locator(EDITOR)).to_have_value(COUNT_GRIDS)
        grids = demo.summary["grids"]
        expect(page.locator(GRID).last.locator('[data-testid^="glide-cell-0-"]')).to_have_count(1)
        assert [c.replace(",", "") for c in result_cells(page, 0)] == [str(grids)]
        expect(page.locator(SUMMARY)).to_contain_text(i18n.t("sql_rows", "zh", rows="1"))
        # The app around it: the console's navigation entry, the language switch, the header.
        expect(page.locator(".gd-title")).to_have_text(i18n.t("sql_title", "zh"))
        expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(i18n.t("nav_sql", "zh"))
        assert parse_qs(urlsplit(page.url).query)["sql"] == [COUNT_GRIDS]
        screenshot(page, "sql-1920.png")
        assert_local(asked)
    finally:
        page.close()


def test_ctrl_enter_runs_and_charts(server, browser):
    page, asked = opened(browser, f"{server}/sql?lang=en")
    try:
        page.wait_for_selector(EDITOR)
        settled(page)
        editor = page.locator(EDITOR)
        editor.fill(BY_DISTRICT)
        editor.press("Control+Enter")
        page.wait_for_selector(GRID)
        page.wait_for_url(lambda u: parse_qs(urlsplit(u).query).get("sql") == [BY_DISTRICT])
        settled(page)
        assert_no_errors(page)
        expect(page.locator(SUMMARY)).to_contain_text(i18n.t("sql_rows", "en", rows="10"))
        # The quick chart: bars of incidents per district.
        chart = page.locator('[data-testid="stEChartsChart"]')
        expect(chart).to_have_count(1)
        expect(page.locator('[data-testid="stEChartsChartError"]')).to_have_count(0)
        # ECharts draws on a canvas; its description for screen readers names every bar
        expect(chart).to_have_attribute("aria-label", re.compile("Bar chart"))
        assert chart.get_attribute("aria-label").count("the data for") == 10
        for fmt in ("CSV", "Excel", "Parquet"):
            expect(
                page.get_by_role("button", name=i18n.t("sql_download", "en", fmt=fmt))
            ).to_be_visible()
        chart.scroll_into_view_if_needed()
        screenshot(page, "sql-chart-en-1920.png")
        assert_local(asked)
    finally:
        page.close()


def test_refusal_in_the_browser(server, browser, tmp_path):
    out = tmp_path / "out.csv"
    sql = f"copy (select * from incidents) to '{out}'"
    page, asked = opened(browser, f"{server}/sql?lang=en&sql={quote(sql)}")
    try:
        page.wait_for_selector(EDITOR)
        settled(page)
        page.get_by_role("button", name=i18n.t("sql_run", "en")).click()
        page.wait_for_selector('[data-testid="stAlertContentError"]')
        settled(page)
        expect(page.locator('[data-testid="stAlertContentError"] p')).to_have_text(
            i18n.t("sql_fail_refused", "en")
        )
        expect(page.get_by_text("only SELECT statements are allowed, found COPY")).to_be_visible()
        assert page.locator(ERRORS[0]).count() == 0  # no exception, only the plain words
        assert not out.exists()
        assert_local(asked)
    finally:
        page.close()


def test_server_answers_while_hostile_statements_run(server, browser, demo_catalog):
    """Three sessions at once: a 2 MB statement, a memory bomb and a time bomb (constant folding
    DuckDB's own limit does not stop). Each ends in plain words, and the health endpoint, asked
    every 0.2 s meanwhile, never takes more than a second to answer."""
    hostile = {
        "size": "select [" + ", ".join(["1"] * 700_000) + "]",
        "memory": "select len(list_transform(range(200000000), lambda x: x::varchar || 'aaaa'))",
        "time": "select len(list_distinct(range(30000000)))",
    }
    worst, done = [0.0], threading.Event()

    def ask_health() -> None:
        while not done.wait(0.2):
            started = time.perf_counter()
            with urlopen(f"{server}/_stcore/health", timeout=30) as answer:
                assert answer.status == 200
            worst[0] = max(worst[0], time.perf_counter() - started)

    pages = [opened(browser, f"{server}/sql?lang=en")[0] for _ in hostile]
    for page in pages:
        page.wait_for_selector(EDITOR)
        settled(page)
    asking = threading.Thread(target=ask_health, daemon=True)
    asking.start()
    try:
        for page, sql in zip(pages, hostile.values(), strict=True):
            page.locator(EDITOR).fill(sql)
            page.locator(EDITOR).press("Control+Enter")
        alerts = [p.locator('[data-testid="stAlertContentError"] p') for p in pages]
        expect(alerts[0]).to_have_text(i18n.t("sql_fail_refused", "en"))
        expect(pages[0].get_by_text("expected at most 100,000 bytes")).to_be_visible()
        expect(alerts[1]).to_have_text(i18n.t("sql_fail_memory_limit", "en", memory="2GB"))
        expect(alerts[2]).to_have_text(i18n.t("sql_fail_time_limit", "en", seconds="10"))
    finally:
        done.set()
        asking.join(60)
    for page in pages:
        assert page.locator(ERRORS[0]).count() == 0  # no exception, no traceback on the page
        assert "Traceback" not in page.content()
        page.close()
    assert 0 < worst[0] <= 1.0, worst[0]
