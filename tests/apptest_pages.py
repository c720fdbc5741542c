"""Opening a page of the app under AppTest, shared by the analysis pages' tests."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard import paths

APP = str(paths.PROJECT_ROOT / "app.py")


def open_page(monkeypatch, exports, catalog, page: str, **params) -> AppTest:
    """The app on views/<page>.py for the given exports and catalog, with URL parameters
    `params`, after its first run; fails the test on an exception or an error element."""
    monkeypatch.setenv("GRIDDASH_CATALOG", str(catalog))
    monkeypatch.setenv("GRIDDASH_DATA", str(exports))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(f"views/{page}.py")
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert_ok(at)
    return at


def assert_ok(at: AppTest) -> None:
    """No exception and no error element on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
