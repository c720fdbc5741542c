"""Header sign-in end to end: `griddash serve` in header mode, Debian's Chromium sending (or not
sending) the proxy's X-Griddash-User header. Streamlit copies the header into st.user only
because serve configured it as trusted; a district lead sees their district, a request without
the header gets the refusal and no data."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_access import ACCESS, LEAD_DISTRICT
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

from dashboard import i18n


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


def test_district_lead_through_the_proxy_header(header_server, chromium):
    context, page, asked = visit(chromium, header_server + "/?at=140106",
                                 {"X-Griddash-User": "lead"}, METRIC)  # fmt: skip
    try:
        expect(page.locator(METRIC)).to_have_count(9)
        assert_no_errors(page)
        body = page.locator("body").inner_text()
        assert LEAD_DISTRICT in body and "王磊" in body
        assert "迎泽区" not in body  # the district the link asked for
        assert "at=140105" in page.url  # the URL now names the lead's own district
        page.screenshot(path=ARTIFACTS / "access-header-lead.png", full_page=True)
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
