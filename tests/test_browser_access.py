"""Header sign-in end to end: `griddash serve` in header mode, Debian's Chromium sending (or not
sending) the proxy's X-Griddash-User header. Streamlit copies the header into st.user only
because serve configured it as trusted; a district lead sees their district on every page and
nothing of another's, a request without the header gets the refusal and no data."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_access import ACCESS, LEAD_DISTRICT, Foreign
from test_browser import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    HD,
    METRIC,
    assert_local,
    assert_no_errors,
    serve_app,
    settled,
)

from dashboard.core import i18n


@pytest.fixture(scope="module")
def header_server(demo, demo_catalog, tmp_path_factory):
    folder = tmp_path_factory.mktemp("header")
    access = folder / "auth.toml"
    access.write_text(ACCESS.format(mode="header", extra=""), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GRIDDASH_AUTH", str(access))
        with serve_app(demo.exports, demo_catalog, folder) as base:
            yield base


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def visit(chromium, url: str, headers: dict[str, str], ready: str):
    """The page at url, once the app's script has drawn `ready` (so it has connected and run:
    before that the status widget is absent too, and settled() alone would pass at once) and
    the run is over."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport=HD, extra_http_headers=headers)
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.on("websocket", lambda ws: asked.append(ws.url))
    page.goto(url)
    page.wait_for_selector(ready)
    settled(page)
    return context, page, asked


# (navigation key, the title its script draws) of the pages a district lead is offered besides
# the briefing; /data is not one of them
LEAD_PAGES = (
    ("nav_incidents", "nav_incidents"),
    ("nav_resolution", "nav_resolution"),
    ("nav_workload", "nav_workload"),
    ("nav_training", "nav_training"),
    ("nav_sql", "sql_title"),
    ("nav_reports", "nav_reports"),
)
NAV_LINK = '[data-testid="stSidebarNav"] a'


def shows_the_lead_their_own(page, foreign: Foreign, where: str) -> None:
    """No error element; the lead's district in the page's whole text (collapsed parts too)
    and in its URL; no other district's name, street name or code; no inventory, not even in
    the navigation."""
    assert_no_errors(page)
    whole = page.evaluate("document.body.textContent")
    assert LEAD_DISTRICT in whole, where
    assert foreign.found(whole) == [], where
    assert "at=140105" in page.url, (where, page.url)
    assert i18n.t("nav_inventory", "zh") not in whole, where


def test_district_lead_through_the_proxy_header(header_server, chromium, other_districts):
    """The lead's browser pass over every page, signed in by the proxy header: a link to 迎泽区's
    briefing opens 小店区's (ten tiles, the lead's name in the sidebar, the URL rewritten),
    then the sidebar to every other page (each draws its title), then /data typed in — not
    theirs: the briefing instead."""
    context, page, asked = visit(
        chromium, header_server + "/?at=140106", {"X-Griddash-User": "lead"}, METRIC
    )
    try:
        expect(page.locator(METRIC)).to_have_count(10)
        assert "王磊" in page.locator("body").inner_text()
        shows_the_lead_their_own(page, other_districts, "/")
        page.screenshot(path=ARTIFACTS / "access-header-lead.png", full_page=True)
        for nav, title in LEAD_PAGES:
            page.locator(NAV_LINK, has_text=i18n.t(nav, "zh")).click()
            expect(page.locator(".gd-title")).to_have_text(i18n.t(title, "zh"))
            settled(page)
            shows_the_lead_their_own(page, other_districts, nav)
            page.screenshot(path=ARTIFACTS / f"access-header-lead-{nav[4:]}.png", full_page=True)
        page.goto(f"{header_server}/data?at=140106")
        expect(page.locator(METRIC)).to_have_count(10)  # the briefing's tiles, not the inventory
        settled(page)
        shows_the_lead_their_own(page, other_districts, "/data")
        assert_local(asked)
    finally:
        context.close()


def test_no_header_no_data(header_server, chromium):
    refused = i18n.t("access_refused", "zh")
    context, page, _ = visit(chromium, header_server + "/", {}, f"text={refused}")
    try:
        expect(page.get_by_text(refused)).to_be_visible()
        assert page.locator(METRIC).count() == 0
        page.screenshot(path=ARTIFACTS / "access-header-refused.png", full_page=True)
    finally:
        context.close()
