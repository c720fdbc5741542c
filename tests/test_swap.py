"""A new catalog swapped in while a page runs: the run shows one data version throughout (its
header and its figures from the same catalog), and the next run shows the new one.

Two exports whose figures differ: the tiny dataset (A) and the same without two of its open
incidents (B), so B's backlog is smaller. Each is ingested into a file of its own; a swap puts a
copy of the other in place of the live catalog with os.replace, as `griddash ingest` does.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime

import pytest
import tiny_exports as tiny
from streamlit.testing.v1 import AppTest
from test_page_briefing import brief_json, expected_tiles, tile_values

from dashboard.core import i18n, paths
from dashboard.data import catalog
from dashboard.data.catalog import Catalog
from dashboard.measures import metrics
from dashboard.pipeline.ingest import ingest

NOW = datetime(2025, 1, 1)
REMOVED = {"E0004", "E0005"}  # open and dispatched at the end of the data: in A's backlog only


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """{'A': catalog file, 'B': catalog file} and their data versions."""
    root = tmp_path_factory.mktemp("swap")
    data = tiny.rows()
    smaller = {
        name: [r for r in table if r.get("incident_id") not in REMOVED]
        for name, table in data.items()
    }
    files = {}
    for name, rows in (("A", data), ("B", smaller)):
        exports = tiny.write(root / f"exports_{name}", rows)
        files[name] = root / f"catalog_{name}.duckdb"
        ingest(exports, files[name], now=NOW, progress=False)
    return files


def swap_in(source, live) -> None:
    """Replace the live catalog with a copy of `source`, atomically (as ingest does)."""
    tmp = live.with_name(f".{live.name}.swap")
    shutil.copyfile(source, tmp)
    os.replace(tmp, live)


def page_text(at: AppTest) -> str:
    """The header's HTML and every markdown element (the data-version badge is one)."""
    return " ".join([h.proto.body for h in at.get("html")] + [m.value for m in at.markdown])


def version_of(path) -> str:
    return Catalog(path).data_version


def test_the_two_exports_differ(versions, capsys):
    a, b = (brief_json(versions[k], capsys) for k in "AB")
    assert a["as_of"] == b["as_of"]
    assert a["backlog"] == b["backlog"] + len(REMOVED)
    assert version_of(versions["A"]) != version_of(versions["B"])


def test_a_pinned_catalog_keeps_its_version_across_a_swap(versions, tmp_path):
    live = tmp_path / "catalog.duckdb"
    swap_in(versions["A"], live)
    cat = Catalog(live)
    pinned = cat.pinned()
    swap_in(versions["B"], live)
    count = "select count(*) as n from incidents"
    assert pinned.data_version == version_of(versions["A"])
    assert pinned.sql(count)["n"][0] == 8
    assert pinned.pinned() is pinned
    # The shared catalog reopens on the new file; a catalog pinned now is B.
    assert cat.data_version == version_of(versions["B"])
    assert cat.pinned().sql(count)["n"][0] == 8 - len(REMOVED)
    assert pinned.sql(count)["n"][0] == 8  # the old version is still readable through the pin


@pytest.fixture
def publication(monkeypatch):
    """A fresh, process-wide publication state (the server gates its catalog; tests must not
    leave a gate behind for others)."""
    fresh = catalog._Publication()
    monkeypatch.setattr(catalog, "_publication", fresh)
    return fresh


def test_a_gated_catalog_stays_on_its_version_until_the_new_one_is_published(
    versions, tmp_path, publication
):
    """In the server (dashboard.app.startup), pages move to a swapped-in version only when the
    warm-up publishes it; the warm-up reads the new version meanwhile (newest()); the console
    is never held; a catalog opened for the first time reads the file as it is."""
    live = tmp_path / "catalog.duckdb"
    swap_in(versions["A"], live)
    a, b = version_of(versions["A"]), version_of(versions["B"])
    catalog.gate(live)
    page = Catalog(live)
    console = Catalog(live, console=True)
    assert (page.pinned().data_version, console.data_version) == (a, a)
    swap_in(versions["B"], live)
    assert page.pinned().data_version == a  # held: B is not published yet
    assert page.data_version == a and page.sql("select 1 as x")["x"][0] == 1
    assert page.newest().data_version == b  # what the warm-up builds from
    assert console.data_version == b  # an analyst's statement reads the file as it is
    assert Catalog(live).pinned().data_version == b  # nothing to stay on
    catalog.publish(live, catalog.file_stamp(live))
    assert page.pinned().data_version == b


def test_a_held_version_is_left_after_the_hold_limit(versions, tmp_path, publication, monkeypatch):
    """If the warm-up never publishes (it died, it hangs), pages move on after HOLD_LIMIT_S."""
    live = tmp_path / "catalog.duckdb"
    swap_in(versions["A"], live)
    catalog.gate(live)
    page = Catalog(live)
    assert page.pinned().data_version == version_of(versions["A"])
    swap_in(versions["B"], live)
    assert page.pinned().data_version == version_of(versions["A"])  # seen now, held
    monkeypatch.setattr(catalog, "HOLD_LIMIT_S", 0.0)
    assert page.pinned().data_version == version_of(versions["B"])


def test_an_ungated_catalog_follows_the_file(versions, tmp_path, publication):
    """Commands and a server without warm-up take a new version at once (another file being
    gated changes nothing)."""
    live = tmp_path / "catalog.duckdb"
    swap_in(versions["A"], live)
    catalog.gate(tmp_path / "other.duckdb")
    page = Catalog(live)
    assert page.pinned().data_version == version_of(versions["A"])
    swap_in(versions["B"], live)
    assert page.pinned().data_version == version_of(versions["B"])


def test_a_page_run_shows_one_version_when_a_swap_lands_mid_run(
    versions, tmp_path, monkeypatch, capsys
):
    live = tmp_path / "catalog.duckdb"
    swap_in(versions["A"], live)
    a, b = (brief_json(versions[k], capsys) for k in "AB")
    version_a, version_b = version_of(versions["A"]), version_of(versions["B"])
    monkeypatch.setenv("GRIDDASH_CATALOG", str(live))
    monkeypatch.setenv("GRIDDASH_DATA", str(tmp_path))
    real_data_days = metrics.data_days
    swaps = []

    def data_days_then_swap(cat):
        # Called once the page has its catalog and version, before its figures are computed.
        if not swaps:
            swap_in(versions["B"], live)
            swaps.append(cat.data_version)
        return real_data_days(cat)

    monkeypatch.setattr(metrics, "data_days", data_days_then_swap)
    at = AppTest.from_file(str(paths.PROJECT_ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert swaps == [version_a]  # the swap landed mid-run
    html = page_text(at)
    assert version_a in html and version_b not in html
    assert tile_values(at) == expected_tiles(a, "zh")
    assert expected_tiles(a, "zh") != expected_tiles(b, "zh")

    at.run()  # the next run: the new version, header and figures
    html = page_text(at)
    assert version_b in html and version_a not in html
    assert tile_values(at) == expected_tiles(b, "zh")


def test_a_console_result_from_before_a_swap_says_which_version_it_read(
    versions, monkeypatch, tmp_path
):
    """The console's result stays on the page across reruns; after a swap the header shows the
    new version, and the result says it read the old one until it is run again."""
    live = tmp_path / "catalog.duckdb"
    swap_in(versions["A"], live)
    monkeypatch.setenv("GRIDDASH_CATALOG", str(live))
    monkeypatch.setenv("GRIDDASH_DATA", str(tmp_path))
    a, b = version_of(versions["A"]), version_of(versions["B"])
    at = AppTest.from_file(str(paths.PROJECT_ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("views/sql.py")
    at.run()
    at.text_area(key="sql_text").set_value("select count(*) as n from incidents")
    at.button(key="sql_run").click()
    at.run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    swap_in(versions["B"], live)
    at.run()  # any rerun: the header is B's, the result still A's
    assert f"数据版本 {b}" in page_text(at)
    said = i18n.t("sql_other_version", "zh", ran=a, now=b)
    assert [w.value for w in at.warning] == [said]
    at.button(key="sql_run").click()
    at.run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
