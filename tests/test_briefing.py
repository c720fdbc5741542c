"""The morning-briefing page under AppTest: it renders, its tiles equal `griddash brief --json`
for the same day and place, drill-down works through the widgets, and the view lives in the URL."""

from __future__ import annotations

import json

import pytest
from apptest_pages import html_tables, tile_cards, tile_values
from streamlit.testing.v1 import AppTest

from dashboard import cli, i18n, paths

APP = str(paths.PROJECT_ROOT / "app.py")


@pytest.fixture(scope="module")
def catalog(demo_catalog):
    return demo_catalog


def run(monkeypatch, catalog, demo, **params) -> AppTest:
    monkeypatch.setenv("GRIDDASH_CATALOG", str(catalog))
    monkeypatch.setenv("GRIDDASH_DATA", str(demo.exports))
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def brief_json(catalog, capsys, *args) -> dict:
    assert cli.main(["brief", "--json", "--catalog", str(catalog), *args]) == 0
    return json.loads(capsys.readouterr().out)


def expected_tiles(b: dict, lang: str) -> dict[str, str]:
    def pct(x):
        return "–" if x is None else f"{100 * x:.1f}%"

    hours = "–" if b["km_median_hours_30d"] is None else (
        f"{b['km_median_hours_30d']:.1f} {i18n.t('unit_hours', lang)}")  # fmt: skip
    return {
        i18n.t("tile_new", lang): f"{b['new']:,}",
        i18n.t("tile_closed", lang): f"{b['closed']:,}",
        i18n.t("tile_backlog", lang): f"{b['backlog']:,}",
        i18n.t("tile_overdue", lang): f"{b['overdue']:,}",
        i18n.t("tile_on_time_rate_30d", lang): pct(b["on_time_rate_30d"]),
        i18n.t("tile_km_median_hours_30d", lang): hours,
        i18n.t("tile_grid_coverage", lang): pct(b["grid_coverage"]),
        i18n.t("tile_active_workers", lang): f"{b['active_workers']:,}",
        i18n.t("tile_training_coverage_365d", lang): pct(b["training_coverage_365d"]),
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tiles_equal_brief_json(monkeypatch, catalog, demo, capsys, lang):
    at = run(monkeypatch, catalog, demo, lang=lang)
    b = brief_json(catalog, capsys)
    assert tile_values(at) == expected_tiles(b, lang)
    # The header names the day; the spike of the last day is listed.
    html = " ".join(h.proto.body for h in at.get("html"))
    assert b["as_of"] in html
    assert b["spikes"], "the demo data has a burst on its last day"
    spikes, late = html_tables(at)
    assert spikes[0][i18n.t("col_place", lang)] == b["spikes"][0]["name"]
    assert spikes[0][i18n.t("col_count", lang)] == f"{b['spikes'][0]['count']:,}"
    # The most overdue open cases, longest first, as many as the page lists.
    hours = [int(r[i18n.t("col_hours_overdue", lang)].replace(",", "")) for r in late]
    assert len(late) == min(10, b["overdue"]) and hours == sorted(hours, reverse=True)


def test_drill_down_through_the_widgets(monkeypatch, catalog, demo, capsys):
    at = run(monkeypatch, catalog, demo)
    drill = at.get("button_group")[0]  # st.pills
    assert len(drill.options) == 10  # the ten districts
    drill.set_value("140105").run()
    assert at.query_params["at"] == ["140105"] or at.query_params["at"] == "140105"
    assert not at.exception
    b = brief_json(catalog, capsys, "--scope", "140105")
    assert tile_values(at) == expected_tiles(b, "zh")
    crumbs = [x.label for x in at.button if x.key and x.key.startswith("crumb_")]
    assert crumbs == ["全市", "小店区"]
    # One more level: a street of 小店区.
    street = at.get("button_group")[0]
    code = street.options[0] if isinstance(street.options[0], str) and street.options[0].isdigit() \
        else None  # fmt: skip
    street.set_value(code or "140105001").run()
    assert not at.exception
    crumbs = [x.label for x in at.button if x.key and x.key.startswith("crumb_")]
    assert len(crumbs) == 3
    # Back to the city with one click on the first crumb.
    next(x for x in at.button if x.key == "crumb_city").click().run()
    assert not at.exception
    assert "at" not in at.query_params
    assert tile_values(at) == expected_tiles(brief_json(catalog, capsys), "zh")


def test_a_copied_link_reproduces_the_view(monkeypatch, catalog, demo, capsys):
    at = run(monkeypatch, catalog, demo, as_of="2026-10-20", at="140106", lang="en")
    b = brief_json(catalog, capsys, "--as-of", "2026-10-20", "--scope", "140106")
    assert tile_values(at) == expected_tiles(b, "en")
    crumbs = [x.label for x in at.button if x.key and x.key.startswith("crumb_")]
    assert crumbs == ["City", "迎泽区"]


def test_kiosk_mode_renders_without_sidebar_widgets(monkeypatch, catalog, demo, capsys):
    at = run(monkeypatch, catalog, demo, kiosk="1")
    assert not at.sidebar.date_input  # no fiddling on the wall
    assert not at.get("button_group")  # no drill-down pills either
    assert tile_values(at) == expected_tiles(brief_json(catalog, capsys), "zh")
    assert 'class="gd-tiles gd-dark"' in " ".join(h.proto.body for h in at.get("html"))


def test_every_tile_says_what_it_counts_in_its_tooltip(monkeypatch, catalog, demo):
    at = run(monkeypatch, catalog, demo, lang="en")
    cards = tile_cards(at)
    assert len(cards) == 9
    for card in cards:
        assert card["title"].startswith(i18n.t(f"help_{card['key']}", "en") + " · ")


def test_a_bad_link_falls_back_to_defaults(monkeypatch, catalog, demo, capsys):
    at = run(monkeypatch, catalog, demo, as_of="not-a-day", at="1401'", window="99")
    assert tile_values(at) == expected_tiles(brief_json(catalog, capsys), "zh")


def test_no_catalog_says_what_to_run(monkeypatch, demo, tmp_path):
    monkeypatch.setenv("GRIDDASH_CATALOG", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert any("griddash ingest" in c.value for c in at.code)
