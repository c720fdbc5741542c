"""The Streamlit app under streamlit.testing.v1.AppTest: every state of the inventory page (/data) renders
without exceptions, in Chinese and in English, and the language follows the URL and the switch."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest
import tiny_exports as tiny
from apptest_pages import html_tables, page_text, tile_cards
from streamlit.testing.v1 import AppTest

from dashboard.core import contract, i18n, paths
from dashboard.pipeline import inventory
from dashboard.pipeline.validate import validate

APP = str(paths.PROJECT_ROOT / "app.py")


def run_app(monkeypatch, exports, lang: str | None = None) -> AppTest:
    """The app on its data inventory page (/data) for the exports folder `exports`."""
    monkeypatch.setenv("GRIDDASH_DATA", str(exports))
    at = AppTest.from_file(APP, default_timeout=60)
    if lang is not None:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page("views/inventory.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric_labels(at: AppTest) -> list[str]:
    return [c["label"] for c in tile_cards(at)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inventory_page_renders(monkeypatch, demo, lang):
    at = run_app(monkeypatch, demo.exports, lang)
    assert metric_labels(at) == [
        i18n.t(k, lang)
        for k in ("kpi_grids", "kpi_workers", "kpi_incidents", "kpi_quarantined", "kpi_range")
    ]
    grids = tile_cards(at)[0]["value"]
    assert grids == f"{demo.summary['grids'] - demo.result.tables['grids']['quarantined']:,}"
    # The workers count holds everyone ever employed, and says how many of them left (counted
    # here with Polars from the export files).
    left = pl.read_parquet(demo.exports / "workers").filter(pl.col("left_on").is_not_null()).height
    assert left > 0
    assert tile_cards(at)[1]["delta"] == i18n.t("kpi_workers_left", lang, n=f"{left:,}")
    assert i18n.t("section_tables", lang) in [s.value for s in at.subheader]
    # The tables' table is plain HTML (ten rows, no grid to load): its cells as shown.
    [tables] = html_tables(at)
    heading = {k: i18n.t(k, lang) for k in ("col_table", "col_name", "col_rows", "col_status")}
    assert [r[heading["col_table"]] for r in tables] == list(contract.TABLE_NAMES)
    pair = 0 if lang == "zh" else 1
    assert [r[heading["col_name"]] for r in tables] == [(t.zh, t.en)[pair] for t in contract.TABLES]
    assert [r[heading["col_rows"]] for r in tables] == [
        f"{demo.summary[n]:,}" for n in contract.TABLE_NAMES
    ]
    assert [r[heading["col_status"]] for r in tables] == [
        i18n.t("status_quarantined" if demo.result.tables[n]["quarantined"] else "status_ok", lang)
        for n in contract.TABLE_NAMES
    ]
    # The header says where we are and what data version this is.
    html = " ".join(h.proto.body for h in at.get("html"))
    assert f'class="gd-title">{i18n.t("nav_inventory", lang)}<' in html  # its own name
    assert i18n.t("city_centre", lang) in html
    assert not at.error  # demo data loads completely


def test_language_switch_follows_and_sets_the_url(monkeypatch, demo):
    at = run_app(monkeypatch, demo.exports)
    assert metric_labels(at)[0] == "网格"
    assert "lang" not in at.query_params  # Chinese is the default and needs no parameter
    switch = at.sidebar.button_group(key="_lang_switch")
    switch.set_value("en").run()
    assert not at.exception
    assert metric_labels(at)[0] == "Grids"
    assert at.query_params["lang"] == "en"
    at.sidebar.button_group(key="_lang_switch").set_value("zh").run()
    assert metric_labels(at)[0] == "网格" and "lang" not in at.query_params


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_not_validated_says_so(monkeypatch, tmp_path, lang):
    exports = tiny.write(tmp_path / "exports")
    at = run_app(monkeypatch, exports, lang)
    assert any(i18n.t("not_validated", lang) in w.value for w in at.warning)
    assert [c.value for c in at.code] == ["griddash validate"]  # reads GRIDDASH_DATA itself
    assert str(tmp_path) not in page_text(at)
    assert tile_cards(at)[3]["value"] == i18n.t("kpi_unknown", lang)
    assert tile_cards(at)[2]["value"] == f"{tiny.ROW_COUNTS['incidents']:,}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_errors_and_quarantine_are_shown(monkeypatch, tmp_path, lang):
    data = tiny.rows()
    data["incidents"][0]["grid_code"] = "14010500100100"  # 14 digits: bad_grid_code
    exports = tiny.write(tmp_path / "exports", data)
    (exports / "trainings" / "part-0.parquet").unlink()
    validate(exports, now=datetime(2025, 1, 1))
    at = run_app(monkeypatch, exports, lang)
    assert len(at.error) == 1  # trainings and, through it, training_attendance not loaded
    # E0001 itself, and its three workflow steps (report, accept, close) with it.
    assert tile_cards(at)[3]["value"] == "4"
    reasons = at.dataframe[-1].value
    assert reasons[["col_table", "col_reason_code", "col_rows"]].values.tolist() == [
        ["incidents", "bad_grid_code", 1],
        ["incident_events", "unknown_incident", 3],
    ]
    text = contract.REASON_TEXT["bad_grid_code"][lang == "en"]
    assert reasons.iloc[0]["col_reason"] == text
    # "no Parquet files under …": the folder named by its setting, not its path.
    assert str(tmp_path) not in page_text(at)
    assert "<GRIDDASH_DATA>/trainings" in page_text(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_data_tells_how_to_get_some(monkeypatch, tmp_path, lang):
    at = run_app(monkeypatch, tmp_path / "nothing", lang)
    assert any(i18n.t("no_data", lang) in i.value for i in at.info)
    # The commands name no folder: they read GRIDDASH_DATA as the server does.
    assert [c.value for c in at.code] == ["griddash generate --scale 1\ngriddash validate"]
    assert str(tmp_path) not in page_text(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_server_path_reaches_the_page(monkeypatch, demo, lang):
    # DESIGN.md: no server path reaches a page. The footer says where the data and the report
    # are by the setting's name and the report's place in the exports folder.
    at = run_app(monkeypatch, demo.exports, lang)
    text = page_text(at)
    assert str(demo.exports) not in text and str(demo.exports.resolve()) not in text
    assert "GRIDDASH_DATA" in text and "_quarantine/report.json" in text


def test_an_unreadable_report_is_named_without_its_path(monkeypatch, tmp_path):
    exports = tiny.write(tmp_path / "exports")
    validate(exports, now=datetime(2025, 1, 1))
    report = paths.quarantine_dir(exports) / inventory.REPORT_NAME

    def refused(self, *args, **kwargs):
        # As the operating system says it: the reason and the file's full path.
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(report), "read_text", refused)
    at = run_app(monkeypatch, exports, "en")
    [warning] = [w.value for w in at.warning]
    assert (
        "PermissionError: [Errno 13] Permission denied: '<GRIDDASH_DATA>/_quarantine/report.json'"
        in warning
    )
    assert str(tmp_path) not in page_text(at)


def test_server_paths_are_hidden_in_messages(monkeypatch, tmp_path):
    monkeypatch.setenv("GRIDDASH_DATA", str(tmp_path / "exports"))
    monkeypatch.setenv("GRIDDASH_CATALOG", str(tmp_path / "cat.duckdb"))
    hide = paths.without_server_paths
    assert hide(f"{tmp_path}/cat.duckdb: no catalog yet") == "<GRIDDASH_CATALOG>: no catalog yet"
    assert hide(f"no files under {tmp_path}/exports/workers") == (
        "no files under <GRIDDASH_DATA>/workers"
    )
    # Any other absolute path, as a reader or a file's own error writes it.
    assert hide("Failed to open local file '/srv/x/y.parquet'. Detail") == (
        "Failed to open local file '<path>'. Detail"
    )
    assert hide("/etc/griddash/auth.toml: expected TOML") == "<path>: expected TOML"
    # Not a path: slashes between words and numbers stay.
    assert (
        hide("3/4 of cases, km/h, a / b, s3a://bucket/x")
        == "3/4 of cases, km/h, a / b, s3a://bucket/x"
    )
    # A relative setting is matched as the path it stands for, never as the text "." or "data".
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRIDDASH_DATA", ".")
    assert hide(f"{tmp_path}/w: missing. See data.") == "<GRIDDASH_DATA>/w: missing. See data."
