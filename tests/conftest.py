"""Shared fixtures: a small generated demo dataset, validated once per test session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

# Validation's clock for the demo dataset: the morning after its last day, so that the result
# does not depend on the wall clock.
DEMO_END = date(2026, 10, 31)
DEMO_VALIDATED_AT = datetime(2026, 11, 1, 8, 30)


@dataclass(frozen=True)
class Demo:
    exports: Path
    result: object  # dashboard.pipeline.validate.ValidationResult
    summary: dict  # rows written per table, as generate() returns them


@pytest.fixture(scope="session", autouse=True)
def local_access(tmp_path_factory):
    """Every test runs with an access file of mode none (the local operator), whatever
    auth.toml a developer keeps in the project folder; access-control tests set their own."""
    path = tmp_path_factory.mktemp("access") / "auth.toml"
    path.write_text('[access]\nmode = "none"\n', encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GRIDDASH_AUTH", str(path))
        yield path


@pytest.fixture(scope="session", autouse=True)
def no_holidays(tmp_path_factory):
    """Every test counts working days Monday to Friday (a calendar covering no year), whatever
    calendar.toml a developer keeps in the project folder; calendar tests set their own."""
    path = tmp_path_factory.mktemp("calendar") / "calendar.toml"
    path.write_text("# no year covered\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GRIDDASH_CALENDAR", str(path))
        yield path


@pytest.fixture(scope="session", autouse=True)
def console_cache(tmp_path_factory):
    """The SQL console's scoped copies of the catalog go to a folder of this test session."""
    path = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GRIDDASH_CACHE", str(path))
        yield path


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Demo:
    """Demo exports from the generator (scale 0.01, 45 days up to 2026-10-31), validated."""
    from dashboard.pipeline.generate import generate
    from dashboard.pipeline.validate import validate

    exports = tmp_path_factory.mktemp("demo") / "exports"
    summary = generate(exports, scale=0.01, seed=7, end=DEMO_END, days=45, progress=False)
    result = validate(exports, now=DEMO_VALIDATED_AT)
    return Demo(exports=exports, result=result, summary=summary)


@pytest.fixture(scope="session")
def demo_catalog(demo, tmp_path_factory) -> Path:
    """The demo exports ingested into a catalog file (built once per test session)."""
    from dashboard.pipeline.ingest import ingest

    path = tmp_path_factory.mktemp("catalog") / "catalog.duckdb"
    ingest(demo.exports, path, now=DEMO_VALIDATED_AT, progress=False)
    return path


@pytest.fixture(scope="session")
def demo_server(demo, demo_catalog, tmp_path_factory):
    """`griddash serve` on the demo exports and catalog, run from a folder outside the project;
    its base URL. One per session, for the browser tests that only read from it
    (tests/test_browser.py, tests/test_browser_analysis.py); a test that needs a fresh server or
    other settings starts its own."""
    from test_browser import serve_app

    with serve_app(demo.exports, demo_catalog, tmp_path_factory.mktemp("elsewhere")) as base:
        yield base


# The weekly PDF's clock in the report tests: the Monday morning after the demo's last full week.
REPORT_NOW = datetime(2026, 11, 2, 7, 0)


@pytest.fixture(scope="session")
def city_report_zh(demo_catalog, tmp_path_factory) -> Path:
    """The city's weekly PDF in Chinese on the demo catalog, for the default week (no week
    given: the last full one, 2026-W43), made at REPORT_NOW. Made once for tests/test_report.py
    and tests/test_report_summary.py, which only read it; a test of making it again (the same
    text from the same data) makes its own."""
    from dashboard.data.catalog import Catalog
    from dashboard.reporting import report_file

    out = tmp_path_factory.mktemp("city_report") / "city.pdf"
    return report_file.generate(Catalog(demo_catalog), out, lang="zh", now=REPORT_NOW)


# Validation's clock for the tiny hand-worked dataset (tests/tiny_exports.py).
TINY_VALIDATED_AT = datetime(2024, 12, 1, 8, 0)


@pytest.fixture(scope="session")
def tiny_catalog(tmp_path_factory) -> Path:
    """tests/tiny_exports.py as written, ingested into a catalog file (once per test session);
    tests whose hand-worked rows differ build their own from tiny.rows()."""
    import tiny_exports as tiny

    from dashboard.pipeline.ingest import ingest

    root = tmp_path_factory.mktemp("tiny")
    path = root / "catalog.duckdb"
    ingest(tiny.write(root / "exports"), path, now=TINY_VALIDATED_AT, progress=False)
    return path


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright (sync), one per test module; every browser test that
    drives pages one at a time uses it (tests/test_browser_load.py runs its own, async)."""
    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def places(demo, demo_catalog, tmp_path) -> dict[str, Path]:
    """The files an escape attempt names (tests/escapes.py): the exports, the catalog, and a
    folder a statement might try to write to."""
    out = tmp_path / "out"
    out.mkdir()
    return {"exports": demo.exports, "catalog": demo_catalog, "out": out}


@pytest.fixture
def other_districts(demo):
    """The other districts' names, street names and codes, read from the grids export (a
    test_access.Foreign: finds any of them in a text)."""
    import polars as pl
    from test_access import LEAD_DISTRICT, LEAD_SCOPE, Foreign

    grids = pl.read_parquet(demo.exports / "grids" / "*.parquet")
    own = grids.filter(pl.col("district_code") == LEAD_SCOPE)
    others = grids.filter(pl.col("district_code") != LEAD_SCOPE)
    # A street name the lead's district also has (or one inside one of its names) is not foreign.
    own_text = " ".join(
        own["street_name"].unique().to_list()
        + own["community_name"].unique().to_list()
        + own["grid_name"].unique().to_list()
        + [LEAD_DISTRICT]
    )
    streets = [n for n in others["street_name"].unique().sort() if n not in own_text]
    names = others["district_name"].unique().sort().to_list()
    codes = others["district_code"].unique().sort().to_list()
    assert len(names) >= 5 and len(codes) == len(names) and len(streets) >= 20
    return Foreign(names + streets, codes)
