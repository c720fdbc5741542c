"""Work shared between sessions: a view's data and its figures are computed once for everyone
who looks at the same place, version, window and language (dashboard.app.shell.cached, .figure)."""

from __future__ import annotations

import polars as pl
from apptest_pages import open_page

from dashboard.analysis import incident_map, km_figures, workload_map
from dashboard.app import shell


def test_frames_differing_in_one_middle_row_get_different_keys():
    # Streamlit's own Polars hashing missed this (it digests abbreviated printed hashes).
    a = pl.DataFrame(
        {"weekday": [d for d in range(1, 8) for _ in range(24)], "incidents": [0] * 168}
    )
    b = a.with_columns(
        pl.when(pl.int_range(pl.len()) == 83)
        .then(1)
        .otherwise(pl.col("incidents"))
        .alias("incidents")
    )
    assert shell.frame_key(a) != shell.frame_key(b)
    assert shell.frame_key(a) == shell.frame_key(a.clone())
    assert shell.frame_key(a) != shell.frame_key(a.rename({"incidents": "n"}))


def chart_builder(frame: pl.DataFrame, lang: str) -> dict:
    calls.append((frame.height, lang))
    return {"rows": frame["n"].to_list(), "lang": lang}


calls: list = []


def test_a_figure_is_built_once_per_distinct_arguments():
    calls.clear()
    shell._figure.clear()
    frame = pl.DataFrame({"n": list(range(100))})
    first = shell.figure(chart_builder, frame, "zh")
    assert shell.figure(chart_builder, frame.clone(), "zh") is first  # same content: shared
    assert calls == [(100, "zh")]
    other = frame.with_columns(
        pl.when(pl.col("n") == 50).then(-1).otherwise(pl.col("n")).alias("n")
    )
    assert shell.figure(chart_builder, other, "zh")["rows"][50] == -1
    assert shell.figure(chart_builder, frame, "en")["lang"] == "en"
    assert calls == [(100, "zh"), (100, "zh"), (100, "en")]


def test_a_second_session_draws_the_same_charts_without_building_them(
    monkeypatch, demo, demo_catalog
):
    built = []
    real = km_figures.km_segments

    def counted(*args, **kwargs):
        built.append(args[1])  # the language
        return real(*args, **kwargs)

    monkeypatch.setattr(km_figures, "km_segments", counted)
    shell._figure.clear()
    first = open_page(monkeypatch, demo.exports, demo_catalog, "resolution")
    assert built == ["zh"]
    second = open_page(monkeypatch, demo.exports, demo_catalog, "resolution")  # a new session
    assert built == ["zh"]
    assert [c.proto.spec for c in first.get("echarts_chart")] == [
        c.proto.spec for c in second.get("echarts_chart")
    ]
    open_page(monkeypatch, demo.exports, demo_catalog, "resolution", lang="en")
    assert built == ["zh", "en"]


def test_a_second_session_shares_the_workload_map(monkeypatch, demo, demo_catalog):
    built = []
    real = workload_map.place_deck  # the city's map colours its districts

    def counted(*args, **kwargs):
        built.append(args[3])  # the language
        return real(*args, **kwargs)

    monkeypatch.setattr(workload_map, "place_deck", counted)
    shell._figure.clear()
    first = open_page(monkeypatch, demo.exports, demo_catalog, "workload", section="map")
    # a new session
    second = open_page(monkeypatch, demo.exports, demo_catalog, "workload", section="map")
    assert built == ["zh"]
    assert [d.proto.json for d in first.get("bidi_component")] == [
        d.proto.json for d in second.get("bidi_component")
    ]


def test_a_second_session_draws_the_same_incident_map_without_building_it(
    monkeypatch, demo, demo_catalog
):
    built = []
    real = incident_map.deck

    def counted(*args, **kwargs):
        built.append(args[2])  # the map mode
        return real(*args, **kwargs)

    monkeypatch.setattr(incident_map, "deck", counted)
    shell._figure.clear()
    first = open_page(monkeypatch, demo.exports, demo_catalog, "incidents")
    second = open_page(monkeypatch, demo.exports, demo_catalog, "incidents")  # a new session
    assert built == ["heat"]
    # the heat map is SVG in the map component (dashboard.app.place_map), not deck.gl
    maps = [at.get("bidi_component")[0].proto.json for at in (first, second)]
    assert maps[0] == maps[1] and not first.get("deck_gl_json_chart")
