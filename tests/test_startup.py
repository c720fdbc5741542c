"""The server's start-up (dashboard.app.startup): every module a page uses is imported before the
first session, and the warm-up fills the shared cache the briefing reads.

Streamlit runs each session's script in a thread of one process; a module imported lazily by two
scripts at once broke pages ("partially initialized module 'pandas'"). So: after preload(), the
first run of every page, in every mode the tests know, must import nothing new; and what start-up
made is frozen out of the garbage collector's full collections. The warm-up builds every page's
default first view, so none of them is computed again by its first visitor.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from dashboard.core import paths

# Runs in a fresh interpreter: this test process has imported everything already.
FIRST_RUNS = r"""
import gc, json, sys, tempfile, pathlib
from dashboard.app import startup
startup.prepare()
frozen = gc.get_freeze_count()
from streamlit.testing.v1 import AppTest
# AppTest's own machinery, imported by a trivial script first.
trivial = pathlib.Path(tempfile.mkdtemp()) / "trivial.py"
trivial.write_text("import streamlit as st\nst.write(1)\n")
AppTest.from_file(str(trivial)).run()
app = sys.argv[1]
found = {}
for page, params in json.loads(sys.argv[2]):
    before = set(sys.modules)
    at = AppTest.from_file(app, default_timeout=120)
    at.run()
    at.switch_page(f"views/{page}.py")
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    errors = [e.value for e in at.exception] + [e.value for e in at.error]
    new = sorted(m for m in set(sys.modules) - before if not m.startswith("streamlit.testing"))
    found[f"{page} {params}"] = {"new": new, "errors": errors}
print(json.dumps({"frozen": frozen, "pages": found}))
"""

PAGES = [
    ("briefing", {}),
    ("briefing", {"kiosk": "1"}),
    ("briefing", {"lang": "en", "at": "140105"}),
    ("incidents", {}),
    ("resolution", {}),
    ("workload", {}),
    ("training", {}),
    ("sql", {"sql": "select grid_code, count(*) as n from incidents group by 1 limit 5"}),
    ("reports", {}),
    ("inventory", {}),
]


def test_no_page_imports_a_module_after_preload(demo, demo_catalog):
    env = dict(os.environ, GRIDDASH_CATALOG=str(demo_catalog), GRIDDASH_DATA=str(demo.exports))
    done = subprocess.run(
        [sys.executable, "-c", FIRST_RUNS, str(paths.PROJECT_ROOT / "app.py"), json.dumps(PAGES)],
        cwd=paths.PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    # What start-up made is out of the collector's view (a full collection of it held the GIL
    # ~0.2 s): more than the objects of the modules it imported, which number well over 100,000.
    assert out["frozen"] > 100_000, out["frozen"]
    found = out["pages"]
    assert list(found) == [f"{page} {params}" for page, params in PAGES]
    assert {k: v["errors"] for k, v in found.items() if v["errors"]} == {}
    new = {k: v["new"] for k, v in found.items() if v["new"]}
    assert new == {}, json.dumps(new, indent=1)


def test_warm_up_fills_the_cache_the_briefing_reads(monkeypatch, demo, demo_catalog):
    from dashboard.app import shell, startup
    from dashboard.data.catalog import Catalog
    from dashboard.measures import briefing

    monkeypatch.setenv("GRIDDASH_CATALOG", str(demo_catalog))
    shell.briefing_view.clear()
    said = startup.warm_up()
    expected = briefing.build(Catalog(demo_catalog), None)
    assert said.startswith(
        f"warmed the city's first views of {expected.brief.as_of} (data "
        f"version {Catalog(demo_catalog).data_version}) in "
    )
    assert "failed" not in said, said

    def not_again(*args, **kwargs):
        raise AssertionError("the briefing was computed again: the warm-up did not fill the cache")

    monkeypatch.setattr(briefing, "build", not_again)
    cat = shell._catalog(str(demo_catalog), "").pinned()
    view = shell.briefing_view(cat, None)
    assert view.brief == expected.brief
    # The page's map (SVG) and the wall's picture too, as the pages ask, in either language.
    from dashboard.geo import deck_svg, maps, wall_map

    monkeypatch.setattr(wall_map, "draw", not_again)
    monkeypatch.setattr(deck_svg, "svg", not_again)
    for lang in ("zh", "en"):
        drawn = maps.svg(cat, view.brief.as_of, window_days=1, lang=lang, spikes=view.map_spikes)
        assert drawn.startswith("<svg")
        png = wall_map.picture(
            cat,
            view.brief.as_of,
            window_days=1,
            lang=lang,
            spikes=view.map_spikes,
            size=maps.KIOSK_VIEWPORT,
        )
        assert png.startswith(b"\x89PNG")


def test_after_the_warm_up_no_page_computes_its_first_view(monkeypatch, demo, demo_catalog):
    """Every page opened with nothing in its URL finds its data in the cache the warm-up filled:
    with the builders made to fail, the pages still show without an error."""
    import streamlit as st
    from apptest_pages import open_page, open_section

    from dashboard.analysis import incident_analysis as ia
    from dashboard.analysis import resolution_analysis as ra
    from dashboard.analysis import training_analysis as ta
    from dashboard.analysis import workload_analysis as wa
    from dashboard.app import startup
    from dashboard.measures import briefing

    monkeypatch.setenv("GRIDDASH_CATALOG", str(demo_catalog))
    st.cache_data.clear()
    st.cache_resource.clear()
    said = startup.warm_up()
    assert "failed" not in said, said

    def not_again(*args, **kwargs):
        raise AssertionError("computed again: the warm-up did not fill the cache")

    builders = [
        (briefing, "build"),
        (ia, "item_names"),
        (ia, "window_rows"),
        (ia, "build"),
        (ia, "spike_history"),
        (ra, "summary"),
        (ra, "league"),
        (ra, "segment_cohort"),
        (ra, "stages"),
        (ra, "open_by_last_step"),
        (ra, "returns_by_level"),
        (ra, "satisfaction"),
        (wa, "build"),
        (ta, "build"),
    ]
    for module, name in builders:
        monkeypatch.setattr(module, name, not_again)
    sections = {
        "incidents": ("what", "sources", "spikes"),
        "resolution": ("stall", "backlog", "league", "sat"),
        "workload": ("loaded", "map", "coverage", "workers"),
        "training": ("coverage", "topics", "workers", "on_time"),
    }
    for page in ("briefing", "incidents", "resolution", "workload", "training"):
        at = open_page(monkeypatch, demo.exports, demo_catalog, page)  # fails on an error element
        for section in sections.get(page, ()):  # every tab of the default view is ready too
            open_section(at, section)


def test_the_places_are_warmed_after_the_city(monkeypatch, tmp_path, demo, demo_catalog):
    """After the city: the briefing of every district (the carousel's round, a director's first
    drill) and of each user's scope in the access file (a street here) — with the briefing's
    builder made to fail afterwards, every one of them comes from the cache. Not the analysis
    pages' views: some of their caches keep 8 views, and the city's must stay."""
    import streamlit as st

    from dashboard.app import shell, startup
    from dashboard.data import places
    from dashboard.data.catalog import Catalog
    from dashboard.data.scoped_db import file_stamp
    from dashboard.measures import briefing

    access = tmp_path / "auth.toml"
    access.write_text(
        '[access]\nmode = "header"\n[users."li.na"]\nname = "李娜"\nrole = "viewer"\n'
        'scope = "140105003"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("GRIDDASH_AUTH", str(access))
    monkeypatch.setenv("GRIDDASH_CATALOG", str(demo_catalog))
    st.cache_data.clear()
    st.cache_resource.clear()
    districts = [code for code, _ in places.tour(Catalog(demo_catalog))[1:]]
    assert len(districts) == 10 and all(len(code) == 6 for code in districts)
    city = shell._catalog(str(demo_catalog), "").newest()
    assert startup.places_to_warm(city) == [*districts, "140105003"]

    said = startup.warm_places(file_stamp(demo_catalog))
    assert said.startswith("warmed the briefing of 11 places in "), said
    assert said.endswith(": " + ", ".join([*districts, "140105003"])), said

    def not_again(*args, **kwargs):
        raise AssertionError("computed again: the places' warm-up did not fill the cache")

    monkeypatch.setattr(briefing, "build", not_again)
    for code in [*districts, "140105003"]:
        cat = shell._catalog(str(demo_catalog), code).pinned()
        assert shell.briefing_view(cat, None).brief.scope == code
    with pytest.raises(AssertionError, match="computed again"):  # a place not warmed
        shell.briefing_view(shell._catalog(str(demo_catalog), "140105001").pinned(), None)


def test_the_places_wait_for_no_old_catalog(monkeypatch, demo, demo_catalog):
    """A newer catalog landing while the places are warmed stops it: the next warm-up starts
    over on the new one."""
    from dashboard.app import startup

    monkeypatch.setenv("GRIDDASH_CATALOG", str(demo_catalog))
    said = startup.warm_places(object())  # not the file's stamp: a newer one has landed
    assert said.startswith("warmed the briefing of 0 places in "), said
    assert said.endswith(": stopped: a newer catalog landed"), said


def test_warm_up_without_a_catalog_says_so(monkeypatch, tmp_path):
    from dashboard.app import startup

    monkeypatch.setenv("GRIDDASH_CATALOG", str(tmp_path / "none.duckdb"))
    assert startup.warm_up() == f"no catalog at {tmp_path / 'none.duckdb'} yet: nothing to warm"


def test_no_catalog_is_said_once(monkeypatch, tmp_path, capsys):
    from dashboard.app import startup

    monkeypatch.setenv("GRIDDASH_CATALOG", str(tmp_path / "catalog.duckdb"))
    assert startup.warm_if_new(object()) is None  # never warmed, no catalog yet
    assert "nothing to warm" in capsys.readouterr().err
    assert startup.warm_if_new(None) is None  # still none: nothing said again
    assert capsys.readouterr().err == ""


def test_a_swapped_in_catalog_is_warmed(monkeypatch, tmp_path, capsys):
    """A new catalog is warmed when it lands; pages stay on the version they read until its
    first views are built, then move to it (the warm-up publishes it)."""
    import os
    from datetime import datetime

    import tiny_exports as tiny

    from dashboard.app import startup
    from dashboard.data import catalog
    from dashboard.measures import briefing
    from dashboard.pipeline.ingest import ingest

    files = []
    for name, drop in (("a", set()), ("b", {"E0004"})):
        rows = {
            t: [r for r in v if r.get("incident_id") not in drop] for t, v in tiny.rows().items()
        }
        files.append(tmp_path / f"{name}.duckdb")
        ingest(
            tiny.write(tmp_path / name, rows), files[-1], now=datetime(2025, 1, 1), progress=False
        )
    live = tmp_path / "catalog.duckdb"
    monkeypatch.setenv("GRIDDASH_CATALOG", str(live))
    monkeypatch.setattr(catalog, "_publication", catalog._Publication())
    catalog.gate(live)  # as startup.main does when the warm-up runs
    page = catalog.Catalog(live)  # a page's catalog, open on the version before the swap
    built, pages_saw = [], []
    real = briefing.build

    def build(cat, as_of=None, period="day"):
        if cat.scope == "":  # the city's; the places' come after publishing (other tests)
            built.append(cat.data_version)
            pages_saw.append(page.pinned().data_version)
        return real(cat, as_of, period)

    monkeypatch.setattr(briefing, "build", build)
    os.link(files[0], live)
    first = startup.warm_if_new(object())
    assert "warmed the city's first views" in capsys.readouterr().err and len(built) == 1
    assert startup.warm_if_new(first) == first  # the same file: not again
    assert capsys.readouterr().err == "" and len(built) == 1
    os.link(files[1], tmp_path / "new.duckdb")
    os.replace(tmp_path / "new.duckdb", live)  # as ingest swaps it in
    assert page.pinned().data_version == built[0]  # not published yet: the pages stay
    assert startup.warm_if_new(first) != first
    assert "warmed the city's first views" in capsys.readouterr().err
    assert len(built) == 2 and built[0] != built[1]  # the new version's briefing, computed now
    assert pages_saw[1] == built[0]  # while it was built, pages showed the previous version
    assert page.pinned().data_version == built[1]  # published: the pages move
