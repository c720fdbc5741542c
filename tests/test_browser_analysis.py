"""The four analysis pages in Debian's Chromium: /incidents, /resolution, /workload and
/training load on a running `griddash serve`, in Chinese at city level and in English for a
district, with their title, at least one chart, no error element and no request leaving the
machine. Screenshots (full page) go to artifacts/. And every page's weight: the bytes the browser
receives over the websocket for one visit stay within PAGE_BUDGET_BYTES (issue 14)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from test_browser import (
    ARTIFACTS,
    DISTRICT,
    DISTRICT_NAME,
    ERRORS,
    assert_local,
    opened,
    settled,
)

from dashboard.core import i18n

PAGES = ("incidents", "resolution", "workload", "training")
# ERRORS (test_browser): an exception, an error or a warning element — none belongs on these
# pages over a good catalog.
# plotly's charts, or ECharts' (the pages that moved to Streamlit's ECharts element: /training)
CHART = '[data-testid="stPlotlyChart"], [data-testid="stEChartsChart"]'


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("lang, at", [("zh", ""), ("en", DISTRICT)])
def test_analysis_page_in_the_browser(demo_server, browser, page_name, lang, at):
    query = "&".join(
        x for x in (f"lang={lang}" if lang != "zh" else "", f"at={at}" if at else "") if x
    )
    url = f"{demo_server}/{page_name}" + (f"?{query}" if query else "")
    with opened(browser, url, viewport={"width": 1600, "height": 1000}) as (page, asked):
        expect(page.locator(".gd-title")).to_have_text(i18n.t(f"nav_{page_name}", lang))
        expect(page.locator(CHART).first).to_be_visible()
        settled(page)
        for selector in ERRORS:
            assert page.locator(selector).count() == 0, selector
        # The English header names the district in pinyin (test_romanise holds the rule).
        place = (
            ("Xiaodian District" if lang == "en" else DISTRICT_NAME) if at else i18n.t("city", lang)
        )
        expect(page.locator(".gd-sub")).to_contain_text(place)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{page_name}-{lang}-{at or 'city'}.png", full_page=True)
        assert_local(asked)


@pytest.mark.parametrize("lang, at", [("zh", ""), ("en", DISTRICT)])
def test_reports_page_in_the_browser(demo_server, browser, lang, at):
    """/reports: its heading, the week picker, no error element (exception, error or warning)
    once the script has run, nothing asked of the outside world."""
    query = "&".join(
        x for x in (f"lang={lang}" if lang != "zh" else "", f"at={at}" if at else "") if x
    )
    url = f"{demo_server}/reports" + (f"?{query}" if query else "")
    with opened(browser, url, viewport={"width": 1600, "height": 1000}) as (page, asked):
        # The heading is drawn by the app's script: the page has connected and run once.
        expect(page.locator(".gd-title")).to_have_text(i18n.t("nav_reports", lang))
        settled(page)
        for selector in ERRORS:
            assert page.locator(selector).count() == 0, selector
        expect(page.locator(".gd-sub")).to_contain_text(i18n.t("reports_sub", lang))
        expect(page.get_by_text(i18n.t("rep_week", lang), exact=True)).to_be_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"reports-{lang}-{at or 'city'}.png", full_page=True)
        assert_local(asked)


def test_a_lower_section_opens_on_a_click_and_stays_in_the_link(demo_server, browser):
    """Only the open section is drawn; a click on another tab draws that one instead and puts
    it in the URL, so a shared link opens the same section."""
    with opened(browser, f"{demo_server}/resolution", viewport={"width": 1600, "height": 1000}) as (
        page,
        asked,
    ):
        settled(page)
        expect(page.locator(CHART)).to_have_count(1)  # the Kaplan–Meier chart only
        page.get_by_role("tab", name=i18n.t("res_stall_heading", "zh")).click()
        expect(page).to_have_url(re.compile(r"[?&]section=stall\b"))
        settled(page)
        expect(page.locator(CHART)).to_have_count(2)  # stage durations, open cases by step
        assert page.get_by_role("tab", selected=True).inner_text() == i18n.t(
            "res_stall_heading", "zh"
        )
        for selector in ERRORS:
            assert page.locator(selector).count() == 0, selector
        assert_local(asked)


# What one visit of a page may bring over the websocket (Streamlit's messages: the page's data,
# charts and maps). The demo catalog has the whole city's 8,967 grids and 8,650 workers, so
# what grows with grids and workers (maps, worker tables) is as large here as at full scale.
PAGE_BUDGET_BYTES = 500_000
EVERY_PAGE = (
    "/",
    "/?kiosk=1",
    "/incidents",
    "/incidents?section=spikes",
    "/resolution",
    "/workload",
    "/workload?section=map",
    f"/workload?at={DISTRICT}&section=map",
    "/workload?section=workers",
    "/training",
    "/sql",
    "/reports",
    "/data",
)


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_every_page_stays_within_its_websocket_budget(demo_server, browser, path):
    received: list[int] = []

    def count(ws):
        ws.on("framereceived", lambda payload: received.append(len(payload)))

    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.on("websocket", count)
    try:
        page.goto(demo_server + path)
        page.wait_for_selector(".gd-title")
        settled(page)
        # (a stale-data warning is the inventory's to give)
        for selector in ERRORS[:3] if path == "/data" else ERRORS:
            assert page.locator(selector).count() == 0, selector
        total = sum(received)
        assert 0 < total <= PAGE_BUDGET_BYTES, f"{path}: {total:,} bytes over the websocket"
    finally:
        page.close()


# A point of the page where an SVG shape is the element under the pointer (inside its fill, not
# under a name or another shape): the middle of its box may lie outside a bent district.
INSIDE_JS = """el => {
  const box = el.getBBox(), ctm = el.getScreenCTM(), svg = el.ownerSVGElement;
  for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
    const p = svg.createSVGPoint();
    p.x = box.x + box.width * i / 20; p.y = box.y + box.height * j / 20;
    if (!el.isPointInFill(p)) continue;
    const s = p.matrixTransform(ctm);
    const root = el.getRootNode();
    if ((root.elementFromPoint ? root : document).elementFromPoint(s.x, s.y) === el) return [s.x, s.y];
  }
  throw new Error("no point of the shape is under the pointer");
}"""


@pytest.mark.parametrize(
    "path", ["/incidents", "/workload?section=map", f"/workload?at={DISTRICT}&section=map"]
)
def test_the_analysis_maps_are_svg_with_tooltips(demo_server, browser, path):
    """No deck.gl on these maps (dashboard.geo.deck_svg): the map is SVG, and a place under the
    pointer shows its tooltip with its code."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        page.goto(demo_server + path)
        page.wait_for_selector(".gd-map svg .pick")
        settled(page)
        assert page.locator('[data-testid="stDeckGlJsonChart"]').count() == 0
        place = page.locator(".gd-map .pick").first
        code = place.get_attribute("data-code")
        place.scroll_into_view_if_needed()
        page.mouse.move(*place.evaluate(INSIDE_JS))
        tip = page.locator(".gd-tip")
        expect(tip).to_be_visible()
        expect(tip).to_contain_text(code)
    finally:
        page.close()
