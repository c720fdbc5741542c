"""The morning-briefing page under AppTest: it renders, its tiles equal `griddash brief --json`
for the same day and place, drill-down works through the widgets, and the view lives in the URL."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from html import escape
from urllib.parse import parse_qs

import duckdb
import polars as pl
import pytest
from apptest_pages import html_tables, page_text, tile_cards, tile_values
from streamlit.testing.v1 import AppTest

from dashboard.app import ui
from dashboard.commands import cli
from dashboard.core import i18n, paths
from dashboard.core.romanise import path_name

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

    hours = (
        "–"
        if b["km_median_hours_30d"] is None
        else (f"{b['km_median_hours_30d']:.1f} {i18n.t('unit_hours', lang)}")
    )
    return {
        i18n.t("tile_new", lang): f"{b['new']:,}",
        i18n.t("tile_closed", lang): f"{b['closed']:,}",
        i18n.t("tile_backlog", lang): f"{b['backlog']:,}",
        i18n.t("tile_overdue", lang): f"{b['overdue']:,}",
        i18n.t("tile_expected_overdue_24h", lang): f"{b['at_risk']['expected_overdue_24h']:,.1f}",
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
    # the map, to click on: SVG in a small component, not deck.gl (the wall's: a picture)
    assert len(at.get("bidi_component")) == 1 and not at.get("deck_gl_json_chart")
    # The header names the day; the spike of the last day is listed.
    html = " ".join(h.proto.body for h in at.get("html"))
    assert b["as_of"] in html
    assert b["spikes"], "the demo data has a burst on its last day"
    spikes, new, at_risk, units, longest = html_tables(at)
    # (in English romanised: the street first, then its district — core.romanise)
    assert spikes[0][i18n.t("col_place", lang)] == path_name(b["spikes"][0]["name"], lang)
    # 预计超期: the due cases most likely to miss first, as `brief --json` lists them, with the
    # chance in whole per cent; the tab names the due day and count.
    cases = b["at_risk"]["cases"][:8]
    assert [r[i18n.t("col_incident", lang)] for r in at_risk] == [c["incident_id"] for c in cases]
    assert [r[i18n.t("col_p_miss", lang)] for r in at_risk] == [
        f"{100 * c['p_miss']:.0f}%" for c in cases
    ]
    due_day = date.fromisoformat(b["as_of"]) + timedelta(days=1)  # named, not "today"
    tab = i18n.t(
        "late_tab_at_risk",
        lang,
        day=f"{due_day:%m-%d}",
        due=f"{b['at_risk']['due_24h']:,}",
        expected=f"{b['at_risk']['expected_overdue_24h']:,.1f}",
    )
    assert tab in [x.label for x in at.tabs]
    # 晨会要点: the same sentences as `brief --json --lang …`, in order, as a numbered list.
    points = brief_json(catalog, capsys, "--lang", lang)["talking_points"]
    listed = re.search(r'<ol class="gd-talking"[^>]*>(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", listed) == [escape(p) for p in points]
    assert 3 <= len(points) <= 6
    assert spikes[0][i18n.t("col_count", lang)] == f"{b['spikes'][0]['count']:,}"
    # The most overdue open cases, longest first, in days, as many as the page lists.
    days = [float(r[i18n.t("col_days_overdue", lang)].replace(",", "")) for r in longest]
    assert len(longest) == min(8, b["overdue"]) and days == sorted(days, reverse=True)
    # Per handling unit, the counts add up to the overdue tile when every unit is listed.
    counts = [int(r[i18n.t("col_overdue_cases", lang)].replace(",", "")) for r in units]
    assert counts == sorted(counts, reverse=True)
    assert len(units) == 8 or sum(counts) == b["overdue"]


def _overdue_by_polars(catalog, as_of: date) -> pl.DataFrame:
    """The overdue cases at the end of as_of, worked out with Polars from the catalog's clean
    incidents (not the named queries): open at T, past the deadline; new = due on the day."""
    with duckdb.connect(str(catalog), read_only=True) as con:
        inc = con.sql("select * from incidents").pl()
        grids = con.sql("select grid_code, grid_name from grids").pl()
    start = datetime.combine(as_of, datetime.min.time())
    end = start + timedelta(days=1)
    return (
        inc.filter(
            (pl.col("status") != "cancelled")
            & (pl.col("reported_at") < end)
            & (pl.col("closed_at").is_null() | (pl.col("closed_at") >= end))
            & (pl.col("deadline_at") < end)
        )
        .with_columns(new=pl.col("deadline_at") >= start)
        .join(grids, on="grid_code", how="left")
    )


def test_overdue_lists_match_an_independent_count(monkeypatch, catalog, demo, capsys):
    b = brief_json(catalog, capsys)
    as_of = date.fromisoformat(b["as_of"])
    late = _overdue_by_polars(catalog, as_of)
    assert late.height == b["overdue"]
    at = run(monkeypatch, catalog, demo)
    _, new, _, units, _ = html_tables(at)
    # The tab names how many went overdue on the day; the list shows them by deadline.
    fresh = late.filter("new").sort("deadline_at", "incident_id")
    tab = next(x.label for x in at.tabs if x.label.startswith("当日新增超期"))
    assert tab == f"当日新增超期 {fresh.height:,} 件"
    assert [r["事件编号"] for r in new] == fresh["incident_id"].head(8).to_list()
    assert [r["时限"] for r in new] == [d.strftime("%H:%M") for d in fresh["deadline_at"].head(8)]
    # Per unit: overdue and new counts, the not-yet-dispatched under their own name.
    by_unit = (
        late.group_by("handling_unit")
        .agg(n=pl.len(), new=pl.col("new").sum())
        .with_columns(pl.col("handling_unit").fill_null("（尚未派遣）"))
    )
    expected = {u: (n, k) for u, n, k in by_unit.rows()}
    shown = {r["承办单位"]: (int(r["超期件数"]), int(r["当日新增"])) for r in units}
    assert shown == {u: expected[u] for u in shown}
    top = sorted(expected.values(), key=lambda v: -v[0])[: len(units)]
    assert sorted((v[0] for v in shown.values()), reverse=True) == [v[0] for v in top]
    # A list cut to its first rows says how many there are in all (the overdue cases, those
    # new on the day, the units); one that shows everything says nothing.
    assert len(new) == min(8, fresh.height) and len(units) == min(8, by_unit.height)
    cut = {
        f"仅列前 8 行，共 {n:,} 行" for n in (fresh.height, late.height, by_unit.height) if n > 8
    }
    assert late.height > 8 and cut
    captions = {c.value for c in at.caption}
    assert cut <= captions
    assert (
        not {c for c in captions if c.startswith("仅列前")}
        - cut
        - {f"仅列前 8 行，共 {b['at_risk']['due_24h']:,} 行"}
    )


def test_the_kiosk_link_carries_no_day(monkeypatch, catalog, demo):
    at = run(monkeypatch, catalog, demo, as_of="2026-10-20", at="140106", lang="en", window="7")
    link = next(b for b in at.get("link_button")).proto.url
    query = parse_qs(link.lstrip("?"))
    assert query == {"at": ["140106"], "lang": ["en"], "window": ["7"], "kiosk": ["1"]}
    # The page pinned to a day says so in its header.
    badges = " ".join(m.value for m in at.markdown)
    assert "Historical snapshot" in badges


def test_the_kiosk_says_when_it_is_pinned_to_a_day(monkeypatch, catalog, demo, capsys):
    live = run(monkeypatch, catalog, demo, kiosk="1")
    html = " ".join(h.proto.body for h in live.get("html"))
    assert "kiosk-snapshot" not in html and "历史快照" not in html
    b = brief_json(catalog, capsys)
    # The bottom strip: the clock, the data's day and the cases that went overdue on it.
    assert 'data-testid="kiosk-strip"' in html
    assert f"数据截至 {b['as_of']} 24:00" in html
    n = _overdue_by_polars(catalog, date.fromisoformat(b["as_of"]))["new"].sum()
    assert (f"当日新增超期 {n:,} 件" if n else "当日无新增超期案件") in html
    pinned = run(monkeypatch, catalog, demo, kiosk="1", as_of="2026-10-20")
    html = " ".join(h.proto.body for h in pinned.get("html"))
    assert "历史快照 · 2026-10-20 · 不随新数据更新" in html
    assert "数据截至 2026-10-20 24:00" in html


def test_grid_coverage_shows_the_seven_days_beside_the_day(monkeypatch, catalog, demo, capsys):
    at = run(monkeypatch, catalog, demo, lang="en")
    card = next(c for c in tile_cards(at) if c["key"] == "grid_coverage")
    last = date.fromisoformat(brief_json(catalog, capsys)["as_of"])
    with duckdb.connect(str(catalog), read_only=True) as con:
        walked = con.execute(
            "select count(distinct grid_code) from patrols"
            " where patrol_date between $d::date - 6 and $d",
            {"d": last},
        ).fetchone()[0]
        grids = con.execute("select count(*) from grids").fetchone()[0]
    assert card["extra"] == f"7 days: {100 * walked / grids:.1f}%"


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
    code = (
        street.options[0]
        if isinstance(street.options[0], str) and street.options[0].isdigit()
        else None
    )
    street.set_value(code or "140105001").run()
    assert not at.exception
    crumbs = [x.label for x in at.button if x.key and x.key.startswith("crumb_")]
    at_street = at.query_params["at"]
    at_street = at_street[0] if isinstance(at_street, list) else at_street
    assert len(at_street) == 9 and at_street.startswith("140105")
    # The street's own tiles (`griddash brief --scope <street>`) and its name on the last crumb
    # (read from the grids export).
    grids = pl.read_parquet(demo.exports / "grids" / "**" / "*.parquet", hive_partitioning=False)
    name = grids.filter(pl.col("street_code") == at_street)["street_name"].unique().to_list()
    assert crumbs == ["全市", "小店区", *name]
    assert tile_values(at) == expected_tiles(
        brief_json(catalog, capsys, "--scope", at_street), "zh"
    )
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
    assert crumbs == ["City", "Yingze District"]


def test_kiosk_mode_renders_without_sidebar_widgets(monkeypatch, catalog, demo, capsys):
    at = run(monkeypatch, catalog, demo, kiosk="1")
    assert not at.sidebar.selectbox and not at.sidebar.button  # no fiddling on the wall
    assert not at.get("button_group")  # no drill-down pills either
    assert tile_values(at) == expected_tiles(brief_json(catalog, capsys), "zh")
    html = " ".join(h.proto.body for h in at.get("html"))
    assert 'class="gd-tiles gd-dark"' in html
    # The wall's map is a picture (dashboard.geo.wall_map), not a deck.gl map.
    assert len(at.get("image")) == 1 and not at.get("deck_gl_json_chart")
    assert not at.get("bidi_component")
    # The bottom strip's ticker runs the talking points first, numbered, as brief --json says.
    run_text = re.search(r'<span class="kq-run"[^>]*>(.*?)</span>', html, re.S).group(1)
    points = brief_json(catalog, capsys)["talking_points"]
    said = [f"{i18n.t('tp_heading', 'zh')} {i}. {p}" for i, p in enumerate(points, 1)]
    assert run_text.startswith(escape("  ·  ".join(said)))


def test_every_tile_says_what_it_counts_in_its_tooltip(monkeypatch, catalog, demo):
    at = run(monkeypatch, catalog, demo, lang="en")
    cards = tile_cards(at)
    assert len(cards) == 10
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
    assert [c.value for c in at.code] == ["griddash ingest"]  # reads the server's settings
    # The reason, with the catalog named by its setting: no server path on a page.
    assert [c.value for c in at.main.caption] == [
        "<GRIDDASH_CATALOG>: no catalog yet; expected one built by `griddash ingest`"
    ]
    assert str(tmp_path) not in page_text(at)


def test_the_day_is_chosen_in_the_pages_language(monkeypatch, catalog, demo, capsys):
    last = date.fromisoformat(brief_json(catalog, capsys)["as_of"])
    at = run(monkeypatch, catalog, demo)
    pick = at.sidebar.selectbox(key="as_of_input")
    # Newest first, each day with its weekday in Chinese (2026-10-31 was a Saturday).
    assert (
        pick.options[0] == f"{last.isoformat()} {'一二三四五六日'[last.weekday()].join(['周', ''])}"
    )
    assert not at.sidebar.date_input  # no English calendar
    # The day before: a snapshot, kept in the URL, the tiles those of that day.
    next(b for b in at.sidebar.button if b.key == "as_of_input_prev").click().run()
    before = last - timedelta(days=1)
    assert at.query_params["as_of"] in (before.isoformat(), [before.isoformat()])
    b = brief_json(catalog, capsys, "--as-of", before.isoformat())
    assert tile_values(at) == expected_tiles(b, "zh")
    # Picking a day from the list, then back to the latest: no day in the URL, it follows new data.
    at.sidebar.selectbox(key="as_of_input").set_value(last - timedelta(days=5)).run()
    assert at.query_params["as_of"] in (
        str(last - timedelta(days=5)),
        [str(last - timedelta(days=5))],
    )
    next(b for b in at.sidebar.button if b.key == "as_of_input_latest").click().run()
    assert "as_of" not in at.query_params
    assert tile_values(at) == expected_tiles(brief_json(catalog, capsys), "zh")
    en = run(monkeypatch, catalog, demo, lang="en")
    assert (
        en.sidebar.selectbox(key="as_of_input")
        .options[1]
        .endswith(
            ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[(last - timedelta(days=1)).weekday()]
        )
    )


def test_a_notice_is_made_only_when_asked(monkeypatch, catalog, demo, capsys, tmp_path):
    """督办单: the picker offers the listed spike and cases; nothing is rendered until the button
    is pressed; then the download carries the notice's PDF — the one `griddash notice` writes."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    from dashboard.reporting import notice_pdf

    stored: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, data, mimetype, kind, filename=None):
        file_id = original(self, data, mimetype, kind, filename)
        stored[file_id] = data if isinstance(data, bytes) else b""
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    built = []
    build = notice_pdf.build
    monkeypatch.setattr(notice_pdf, "build", lambda n, lang: built.append(n) or build(n, lang))
    at = run(monkeypatch, catalog, demo)
    b = brief_json(catalog, capsys)
    pick = at.selectbox(key="notice_pick")
    spike = b["spikes"][0]
    assert pick.options[0] == f"异常激增 · {spike['name']} · {spike['count']:,} 件"
    assert built == [] and not at.get("download_button")
    # The most likely to miss among the due cases: the at-risk tab's first row.
    case = b["at_risk"]["cases"][0]["incident_id"]
    value = f"case:{case}"
    pick.set_value(value).run()
    assert built == [] and not at.get("download_button")
    at.button(key="notice_make").click().run()
    assert not at.exception and not at.error
    assert len(built) == 1 and built[0].case["incident_id"] == case
    (button,) = at.get("download_button")
    pdf = next(data for file_id, data in stored.items() if file_id in button.proto.url)
    out = tmp_path / "cli.pdf"
    assert cli.main(["notice", "--catalog", str(catalog), "--case", case, "--out", str(out)]) == 0
    assert pdf == out.read_bytes()
    # Another run of the page (any widget) keeps the download, without making the PDF again.
    at.run()
    assert len(built) == 2 and len(at.get("download_button")) == 1  # the page's and the CLI's
    # Another choice: the download goes until that one is made.
    pick = at.selectbox(key="notice_pick")
    pick.set_value(f"spike:{spike['code']}").run()
    assert not at.get("download_button")


# -- the wall's carousel (kiosk=1&cycle=…) ------------------------------------------------------


def _wall_place(at: AppTest) -> str:
    """The place the wall names large in its header (.gd-title)."""
    html = " ".join(h.proto.body for h in at.get("html"))
    return html.split('<div class="gd-title">', 1)[1].split("</div>", 1)[0]


def _html(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def test_the_carousel_turns_from_the_city_through_the_districts(monkeypatch, catalog, demo, capsys):
    grids = pl.read_parquet(demo.exports / "grids" / "**" / "*.parquet", hive_partitioning=False)
    districts = grids.select("district_code", "district_name").unique().sort("district_code")
    first, second = districts.rows()[:2]
    at = run(monkeypatch, catalog, demo, kiosk="1", cycle="60")
    # Run 1: the city, the first district up next (the strip says so, with the seconds left).
    assert _wall_place(at) == "太原市"
    assert tile_values(at) == expected_tiles(brief_json(catalog, capsys), "zh")
    assert f"轮播 1/{districts.height + 1} · 下一个：{first[1]} " in _html(at)
    assert "--kq-left:60;" in _html(at)
    # Each run of the wall (every 60 s) turns one place on: the districts by code, each with
    # its own figures (`griddash brief --scope`).
    at.run()
    assert not at.exception
    assert _wall_place(at) == first[1]
    assert tile_values(at) == expected_tiles(brief_json(catalog, capsys, "--scope", first[0]), "zh")
    assert f"下一个：{second[1]} " in _html(at)
    at.run()
    assert _wall_place(at) == second[1]
    assert "at" not in at.query_params  # the link is left as it was: the round goes on
    assert not at.get("button_group") and not at.sidebar.button  # nothing to click


def test_a_longer_cycle_keeps_each_place_for_several_runs(monkeypatch, catalog, demo):
    # 120 s: two runs of 60 s a place (the wall still refreshes every minute).
    at = run(monkeypatch, catalog, demo, kiosk="1", cycle="120", lang="en")
    assert _wall_place(at) == "Taiyuan" and "--kq-left:120;" in _html(at)
    at.run()
    assert _wall_place(at) == "Taiyuan" and "--kq-left:60;" in _html(at)
    at.run()
    assert _wall_place(at) != "Taiyuan"


def test_a_bad_cycle_falls_back_to_a_minute_and_says_so(monkeypatch, catalog, demo):
    at = run(monkeypatch, catalog, demo, kiosk="1", cycle="5s")
    html = _html(at)
    assert 'data-testid="kiosk-notice"' in html
    assert "轮播间隔 cycle=5s 无效（应为 15–600 秒的整数），已按 60 秒轮播" in html
    assert "--kq-left:60;" in html and _wall_place(at) == "太原市"
    # Without kiosk=1 there is no carousel: the page says how to get one.
    page = run(monkeypatch, catalog, demo, cycle="60")
    assert "kiosk-next" not in _html(page) and "kiosk-notice" not in _html(page)
    assert [i.value for i in page.info] == [
        "链接中的 cycle=60 只在大屏模式下轮播：请在链接中加上 kiosk=1"
    ]
    assert not run(monkeypatch, catalog, demo).info  # no cycle, nothing said


def test_a_district_leads_carousel_stays_in_the_district(monkeypatch, catalog, demo, tmp_path):
    from test_access import access_file

    from dashboard.app import auth

    grids = pl.read_parquet(demo.exports / "grids" / "**" / "*.parquet", hive_partitioning=False)
    streets = (
        grids.filter(pl.col("district_code") == "140105")
        .select("street_code", "street_name")
        .unique()
        .sort("street_code")
    )
    others = set(grids.filter(pl.col("district_code") != "140105")["district_name"])
    monkeypatch.setenv("GRIDDASH_AUTH", access_file(tmp_path))
    monkeypatch.setenv("GRIDDASH_CATALOG", str(catalog))
    monkeypatch.setenv("GRIDDASH_DATA", str(demo.exports))
    at = AppTest.from_file(APP, default_timeout=120)
    at.user = {auth.USER_KEY: "lead"}  # test_access.ACCESS: 王磊, district lead of 140105
    at.query_params.update({"kiosk": "1", "cycle": "60"})  # a link to the city's carousel
    shown = []
    for _ in range(streets.height + 2):
        at.run()
        assert not at.exception and not at.error
        shown.append(_wall_place(at))
        assert not any(name in _html(at) for name in others)
    # Their district, then its streets by code, then the district again — never the city.
    assert shown == ["小店区", *streets["street_name"], "小店区"]


def test_the_sidebar_offers_the_carousel(monkeypatch, catalog, demo):
    at = run(monkeypatch, catalog, demo, at="140106", lang="en", period="weekend")
    links = [b.proto.url for b in at.get("link_button")]
    assert [parse_qs(u.lstrip("?")) for u in links] == [
        {"at": ["140106"], "lang": ["en"], "kiosk": ["1"]},
        {"at": ["140106"], "lang": ["en"], "kiosk": ["1"], "cycle": ["60"]},
    ]


# -- the weekend read together on a Monday (period=weekend) ---------------------------------------

SUNDAY = "2026-10-25"  # the demo's last full day is Saturday 2026-10-31


def _weekend_by_polars(catalog, sunday: date) -> dict[str, int]:
    """new and closed over Saturday and Sunday, worked out with Polars from the catalog's clean
    incidents (not the named queries)."""
    with duckdb.connect(str(catalog), read_only=True) as con:
        inc = con.sql("select * from incidents where status != 'cancelled'").pl()
    start = datetime.combine(sunday - timedelta(days=1), datetime.min.time())
    end = start + timedelta(days=2)
    return {
        "new": inc.filter(pl.col("reported_at").is_between(start, end, closed="left")).height,
        "closed": inc.filter(pl.col("closed_at").is_between(start, end, closed="left")).height,
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_weekend_view(monkeypatch, catalog, demo, capsys, lang):
    at = run(monkeypatch, catalog, demo, as_of=SUNDAY, period="weekend", lang=lang)
    b = brief_json(catalog, capsys, "--as-of", SUNDAY, "--period", "weekend")
    assert (b["period"], b["period_first"]) == ("weekend", "2026-10-24")
    assert tile_values(at) == expected_tiles(b, lang)
    by_hand = _weekend_by_polars(catalog, date.fromisoformat(SUNDAY))
    assert tile_values(at)[i18n.t("tile_new", lang)] == f"{by_hand['new']:,}"
    assert tile_values(at)[i18n.t("tile_closed", lang)] == f"{by_hand['closed']:,}"
    # The header names the two days; the definition is on screen; the counts' reference is
    # the weekend before.
    sub = i18n.t(
        "briefing_sub_weekend", lang, place=i18n.t("city", lang), first="2026-10-24", last=SUNDAY
    )
    assert ui.subtitle_html(sub) in _html(at)  # the window kept on one line
    # The daily trend's legend names its lines without Sunday's values: the tiles count both
    # days, and a second "new" beside them would read as a different figure.
    series = [i18n.t(k, lang) for k in ("series_new", "series_closed", "series_backlog")]
    trend_alt = f"{i18n.t('chart_trend_title', lang)}: " + "; ".join(series)
    assert f'alt="{escape(trend_alt)}"' in _html(at)
    assert i18n.t("weekend_note", lang) in [c.value for c in at.caption]
    new = next(c for c in tile_cards(at) if c["key"] == "new")
    assert i18n.t("ref_last_weekend", lang) in new["title"]
    assert at.sidebar.toggle(key="weekend_input").value is True
    went_overdue = i18n.STRINGS["late_tab_new_weekend"][lang].split("{n}")[0]
    assert any(x.label.startswith(went_overdue) for x in at.tabs)


def test_the_weekend_toggle_is_kept_in_the_url(monkeypatch, catalog, demo, capsys):
    at = run(monkeypatch, catalog, demo, as_of=SUNDAY)
    toggle = at.sidebar.toggle(key="weekend_input")
    assert toggle.value is False
    assert tile_values(at) == expected_tiles(brief_json(catalog, capsys, "--as-of", SUNDAY), "zh")
    toggle.set_value(True).run()
    assert at.query_params["period"] in ("weekend", ["weekend"])
    b = brief_json(catalog, capsys, "--as-of", SUNDAY, "--period", "weekend")
    assert tile_values(at) == expected_tiles(b, "zh")
    at.sidebar.toggle(key="weekend_input").set_value(False).run()
    assert "period" not in at.query_params
    # Not offered where it does not fit: the latest day is a Saturday.
    assert not run(monkeypatch, catalog, demo).sidebar.toggle


@pytest.mark.parametrize(
    ("asked", "notice"),
    [
        ("weekend", "周末合并仅适用于周日（2026-10-31 不是周日），已显示当日简报"),
        ("month", "链接中的 period=month 无法识别"),
    ],
)
def test_a_weekend_that_does_not_fit_falls_back_to_the_day(
    monkeypatch, catalog, demo, capsys, asked, notice
):
    at = run(monkeypatch, catalog, demo, period=asked)  # the latest day: Saturday 10-31
    assert tile_values(at) == expected_tiles(brief_json(catalog, capsys), "zh")
    assert any(notice in x.value for x in at.info)
    assert "period" not in at.query_params  # the URL says what is shown


def test_the_english_wall_heads_its_lists_in_one_line_words(monkeypatch, catalog, demo):
    """The wall's list columns are narrow at ≥ 24 px: its English headings are the short ones
    (the page keeps the whole words)."""
    wall = run(monkeypatch, catalog, demo, kiosk="1", lang="en")
    heads = re.findall(
        r"<th[^>]*>(.*?)</th>", " ".join(h.proto.body for h in wall.get("html")), re.S
    )
    assert {"28-d mean", "New"} <= set(heads)
    assert not {"28-day mean", "New on the day"} & set(heads)
    page = run(monkeypatch, catalog, demo, lang="en")
    heads = re.findall(r"<th[^>]*>(.*?)</th>", " ".join(h.proto.body for h in page.get("html")))
    assert {"28-day mean", "New on the day"} <= set(heads)
