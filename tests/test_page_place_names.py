"""Place names on the pages under AppTest: the English pages name places in pinyin
(dashboard/core/romanise.py), with the Chinese where the screen can show a tooltip; the Chinese
pages and every download keep the Chinese names, as the exports have them."""

from __future__ import annotations

import io
import re
from html import unescape

import polars as pl
import pytest
from apptest_pages import html_tables, open_page, shown_tables
from streamlit.runtime.media_file_manager import MediaFileManager

from dashboard.core import i18n

DISTRICT = "140105"  # 小店区
HAN = re.compile(r"[\u3400-\u9fff]")
# A romanised grid of the demo data: "<Pinyin>[ <Numeral>] Community|Village Grid N", or a
# dedicated grid "… Community School Grid".
GRID_EN = re.compile(
    r"[A-Z][a-z'ü]+( [A-Z][a-z'ü]+)* (Community|Village)( [A-Z][a-z]+)* Grid( \d+)?"
)
# A cell with a tooltip: <td class="…" title="Chinese">English</td> (dashboard.app.kiosk.Named)
TITLED = re.compile(r'<td class="[^"]*" title="([^"]*)">(?:<div[^>]*>)?([^<]*)(?:</div>)?</td>')


@pytest.fixture(scope="module")
def grids(demo) -> pl.DataFrame:
    return pl.read_parquet(demo.exports / "grids" / "**" / "*.parquet", hive_partitioning=False)


def crumbs(at) -> list:
    return [b for b in at.button if b.key and b.key.startswith("crumb_")]


def test_the_english_drill_bar_names_places_in_pinyin(monkeypatch, demo, demo_catalog):
    at = open_page(monkeypatch, demo.exports, demo_catalog, "briefing", at="140106", lang="en")
    assert [b.label for b in crumbs(at)] == ["City", "Yingze District"]
    assert crumbs(at)[1].proto.help == "迎泽区"  # the Chinese on hover
    city = open_page(monkeypatch, demo.exports, demo_catalog, "briefing", lang="en")
    pills = city.get("button_group")[0]
    shown = set(pills.proto.options_str if hasattr(pills.proto, "options_str") else [])
    shown |= {o.content for o in getattr(pills.proto, "options", [])}
    assert {"Xiaodian District", "Wanbailin District", "Gujiao City", "Loufan County"} <= shown
    # A district's streets by their names alone, as on the map; the crumb says it whole.
    district = open_page(
        monkeypatch, demo.exports, demo_catalog, "briefing", at="140105", lang="en"
    )
    pills = district.get("button_group")[0]
    streets = {o.content for o in getattr(pills.proto, "options", [])}
    assert {"Wucheng", "Wenmiao"} <= streets
    assert not any(x.endswith(("Subdistrict", "Town")) for x in streets)
    zh = open_page(monkeypatch, demo.exports, demo_catalog, "briefing", at="140106")
    assert [b.label for b in crumbs(zh)] == ["全市", "迎泽区"]
    assert not crumbs(zh)[1].proto.help


def test_the_briefing_lists_name_grids_and_units_in_english(monkeypatch, demo, demo_catalog, grids):
    at = open_page(monkeypatch, demo.exports, demo_catalog, "briefing", lang="en")
    html = " ".join(h.proto.body for h in at.get("html") if "kq-table" in h.proto.body)
    pairs = [(unescape(zh), unescape(en)) for zh, en in TITLED.findall(html)]
    assert pairs, "no named cells in the English lists"
    organisations = (
        "Bureau",
        "Sub-bureau",
        "Brigade",
        "Commission",
        "Office",
        "Centre",
        "Committee",
        "Station",
        "Squad",
        "Section",
        "Government",
        "Department",
    )
    for zh, en in pairs:
        assert HAN.search(zh) and not HAN.search(en), (zh, en)
        assert GRID_EN.fullmatch(en) or en.endswith(organisations) or "Subdistrict" in en, en
    # The grid column of every list: a romanised grid, its Chinese one of the data's grids
    grid_head = i18n.t("col_grid", "en")
    cells = [row[grid_head] for table in html_tables(at) for row in table if grid_head in row]
    assert cells and all(GRID_EN.fullmatch(c) for c in cells), cells
    titles = {en: zh for zh, en in pairs}
    assert {titles[c] for c in cells} <= set(grids["grid_name"])
    zh = open_page(monkeypatch, demo.exports, demo_catalog, "briefing")
    zh_html = " ".join(h.proto.body for h in zh.get("html") if "kq-table" in h.proto.body)
    assert not TITLED.search(zh_html)
    assert "Grid" not in zh_html and "District" not in zh_html


def test_english_tables_romanise_and_downloads_stay_chinese(monkeypatch, demo, demo_catalog, grids):
    files: dict[str, object] = {}
    real = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        files[file_name] = data_callable
        return real(self, data_callable, mimetype, coordinates, file_name=file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    at = open_page(monkeypatch, demo.exports, demo_catalog, "incidents", at=DISTRICT, lang="en")
    streets_zh = set(grids.filter(pl.col("district_code") == DISTRICT)["street_name"])
    heading = i18n.t("level_street", "en")
    shown = next(d for d in shown_tables(at) if heading in d.columns)[heading].tolist()
    assert shown and all(not HAN.search(s) for s in shown), shown
    assert all(s.endswith(("Subdistrict", "Town", "Township")) for s in shown), shown
    # The CSV of the same table holds the Chinese names of the data
    csv = next(f for name, f in files.items() if "incidents_by_street" in name and ".csv" in name)
    table = pl.read_csv(io.BytesIO(csv()))
    names = set(table[heading])
    assert names and names <= streets_zh, names - streets_zh
    # The Chinese page shows the Chinese names
    zh = open_page(monkeypatch, demo.exports, demo_catalog, "incidents", at=DISTRICT)
    heading_zh = i18n.t("level_street", "zh")
    shown_zh = next(d for d in shown_tables(zh) if heading_zh in d.columns)[heading_zh]
    assert set(shown_zh.tolist()) <= streets_zh
