"""OIDC sign-in end to end: `griddash serve` in oidc mode against a local mock identity provider
(oidc-provider-mock, in a thread), Debian's Chromium doing the whole round trip — the sign-in
prompt, Streamlit's /auth/login, the provider's login form, /oauth2callback and its signed
cookie, and back in the app as the user the access file (or the ID token's claims) names.

Streamlit's [auth] secrets live in a temporary HOME (~/.streamlit/secrets.toml), never in the
project folder. Everything is on `localhost`: the redirect URI, the app URL the browser opens (the
auth cookie's origin must match the redirect URI's) and the provider."""

from __future__ import annotations

import json
import re
import secrets
import urllib.request
from contextlib import ExitStack

import oidc_provider_mock
import polars as pl
import pytest
from playwright.sync_api import expect
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

LEAD, LEAD_SCOPE, LEAD_DISTRICT = "lead@centre", "140105", "小店区"
VIEWER_SCOPE = "140106"  # a viewer whose role and scope come from the ID token's claims
ACCESS = f"""
[access]
mode = "oidc"
user_claim = "email"
role_claim = "griddash_role"
scope_claim = "griddash_scope"

[users."{LEAD}"]
name = "王磊"
role = "district_lead"
scope = "{LEAD_SCOPE}"
"""
# Streamlit fills in {port} from server.port, which `griddash serve --port` sets.
SECRETS = """
[auth]
redirect_uri = "http://localhost:{{port}}/oauth2callback"
cookie_secret = "{cookie_secret}"
client_id = "griddash-test"
client_secret = "not-a-secret"
server_metadata_url = "{issuer}/.well-known/openid-configuration"
"""
SIDEBAR = '[data-testid="stSidebar"]'
OUTSIDE = re.compile(r"^(?!(https?|wss?)://(localhost|127\.0\.0\.1)[:/]|data:|blob:)")


@pytest.fixture(scope="module")
def provider():
    """The mock identity provider's issuer URL (any client id and secret are accepted)."""
    with oidc_provider_mock.run_server_in_thread(port=0) as server:
        yield f"http://localhost:{server.server_port}"


def put_user(issuer: str, sub: str, claims: dict) -> None:
    """The claims the provider will put into `sub`'s ID token."""
    request = urllib.request.Request(
        f"{issuer}/users/{sub}",
        data=json.dumps(claims).encode(),
        headers={"Content-Type": "application/json"},
        method="PUT",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 204


@pytest.fixture(scope="module")
def app(demo, demo_catalog, provider, tmp_path_factory):
    """`griddash serve` in oidc mode; its base URL on localhost."""
    folder = tmp_path_factory.mktemp("oidc")
    home = folder / "home"
    (home / ".streamlit").mkdir(parents=True)
    (home / ".streamlit" / "secrets.toml").write_text(
        SECRETS.format(cookie_secret=secrets.token_hex(32), issuer=provider), encoding="utf-8"
    )
    access = folder / "auth.toml"
    access.write_text(ACCESS, encoding="utf-8")
    with ExitStack() as stack:
        with pytest.MonkeyPatch.context() as mp:  # only for the server's environment
            mp.setenv("HOME", str(home))
            mp.setenv("GRIDDASH_AUTH", str(access))
            base = stack.enter_context(serve_app(demo.exports, demo_catalog, folder))
        yield base.replace("127.0.0.1", "localhost")


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(chromium):
    """A fresh browser (no cookies). Requests beyond this machine are cut off and recorded in
    page.outside with the page that made them (the mock provider's own pages style themselves
    from a CDN); page.asked holds every URL asked for."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport=HD)
    page = context.new_page()
    page.asked, page.outside = [], []

    def cut_off(route) -> None:
        page.outside.append((route.request.frame.url, route.request.url))
        route.abort()

    context.route(OUTSIDE, cut_off)
    page.on("request", lambda r: page.asked.append(r.url))
    page.on("websocket", lambda ws: page.asked.append(ws.url))
    try:
        yield page
    finally:
        context.close()


def district_names(demo) -> dict[str, str]:
    grids = pl.read_parquet(demo.exports / "grids" / "*.parquet")
    pairs = grids.select("district_code", "district_name").unique().rows()
    return dict(pairs)


def sign_in_prompt(page) -> None:
    """The page asks to sign in (drawn by the app's script, so it has connected) and, once
    the run is over, shows no data."""
    expect(page.get_by_text(i18n.t("sign_in_needed", "zh"))).to_be_visible()
    settled(page)
    assert page.locator(METRIC).count() == 0


def sign_in(page, app: str, provider: str, sub: str) -> None:
    """From the sign-in prompt through the provider's form as `sub`, back into the app."""
    page.get_by_role("button", name=i18n.t("sign_in", "zh")).click()
    page.wait_for_url(f"{provider}/oauth2/authorize?**")
    page.locator('input[name="sub"]').fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(f"{app}/**")


def signed_in_briefing(page, name: str, role: str) -> str:
    """The briefing as `name` (`role`): tiles on screen, no error element; returns the page's
    text."""
    page.wait_for_selector(METRIC)
    settled(page)
    expect(page.locator(METRIC)).to_have_count(10)
    assert_no_errors(page)
    sidebar = page.locator(SIDEBAR)
    expect(sidebar).to_contain_text(name)
    expect(sidebar).to_contain_text(i18n.t(f"role_{role}", "zh"))
    return page.locator("body").inner_text()


def test_district_lead_signs_in_and_out(app, provider, page, demo):
    put_user(provider, LEAD, {"email": LEAD, "name": "王磊"})
    page.goto(app + "/")
    sign_in_prompt(page)
    page.screenshot(path=ARTIFACTS / "oidc-sign-in.png")

    sign_in(page, app, provider, LEAD)
    body = signed_in_briefing(page, "王磊", "district_lead")
    names = district_names(demo)
    assert LEAD_DISTRICT in body
    others = [n for code, n in names.items() if code != LEAD_SCOPE]
    assert len(others) >= 5 and [n for n in others if n in body] == []
    assert f"at={LEAD_SCOPE}" in page.url
    page.screenshot(path=ARTIFACTS / "oidc-lead.png")

    # Sign out: Streamlit clears its cookie and sends the browser to the provider's end-session
    # page, which returns it (through /oauth2callback) to the app, signed out.
    page.locator(SIDEBAR).get_by_role("button", name=i18n.t("sign_out", "zh")).click()
    page.wait_for_url(f"{provider}/oauth2/end_session?**")
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{app}/**")
    sign_in_prompt(page)
    assert not [c for c in page.context.cookies() if c["name"].startswith("_streamlit_user")]
    page.screenshot(path=ARTIFACTS / "oidc-signed-out.png")
    # Offline: the app asked nothing of the outside world (only the mock's pages tried to).
    assert [frame for frame, _ in page.outside if not frame.startswith(provider)] == []
    assert_local([u for u in page.asked if u not in {url for _, url in page.outside}])


def test_unknown_subject_is_refused(app, provider, page):
    put_user(provider, "mallory@elsewhere", {"email": "mallory@elsewhere", "name": "Mallory"})
    page.goto(app + "/")
    sign_in_prompt(page)
    sign_in(page, app, provider, "mallory@elsewhere")
    expect(page.get_by_text(i18n.t("access_refused", "zh"))).to_be_visible()
    settled(page)
    expect(page.get_by_text("mallory@elsewhere")).to_be_visible()  # the refusal names them
    assert page.locator(METRIC).count() == 0
    # … and offers to sign in as someone else.
    expect(page.get_by_role("button", name=i18n.t("sign_out", "zh"))).to_be_visible()
    page.screenshot(path=ARTIFACTS / "oidc-refused.png")


def test_role_and_scope_from_the_id_token(app, provider, page, demo):
    sub = "viewer@centre"  # not in the access file: the token's claims alone give role and scope
    put_user(
        provider,
        sub,
        {"email": sub, "name": "李娜", "griddash_role": "viewer", "griddash_scope": VIEWER_SCOPE},
    )
    page.goto(app + "/")
    sign_in_prompt(page)
    sign_in(page, app, provider, sub)
    body = signed_in_briefing(page, "李娜", "viewer")
    names = district_names(demo)
    assert names[VIEWER_SCOPE] in body and LEAD_DISTRICT not in body
    assert f"at={VIEWER_SCOPE}" in page.url
    page.screenshot(path=ARTIFACTS / "oidc-token-viewer.png")
