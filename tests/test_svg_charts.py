"""The glance charts drawn as SVG images (dashboard/charts/svg_charts.py): ticks, where each point and
bar lands, the figures written on them — against values worked out by hand — and, on the
briefing, that they show the same day as `griddash brief --json`."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from test_page_briefing import brief_json, run

from dashboard.charts import svg_charts
from dashboard.core import i18n

NS = "{http://www.w3.org/2000/svg}"


def svg_of(img: str) -> ET.Element:
    """The SVG inside an <img src="data:image/svg+xml;base64,…"> tag."""
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', img).group(1)
    return ET.fromstring(base64.b64decode(data))


def texts(svg: ET.Element) -> list[str]:
    return [t.text for t in svg.iter(f"{NS}text")]


def bottom_and_top(svg: ET.Element) -> tuple[float, float]:
    """The y of the zero grid line and of the top one (grid lines span the plot, 62 px from
    the left to 14 px from the right)."""
    right = str(int(svg.get("viewBox").split()[2]) - 14)
    ys = sorted(
        float(line.get("y1"))
        for line in svg.iter(f"{NS}line")
        if (line.get("x1"), line.get("x2")) == ("62", right)
    )
    return ys[-1], ys[0]


@pytest.mark.parametrize(
    ("value", "ticks"),
    [
        (0, [0, 1]),
        (3, [0, 1, 2, 3]),
        (7, [0, 2, 4, 6, 8]),
        (67, [0, 20, 40, 60, 80]),
        (135, [0, 50, 100, 150]),
        (236, [0, 50, 100, 150, 200, 250]),
        (1502, [0, 500, 1000, 1500, 2000]),
    ],
)
def test_axis_ticks_are_round_and_reach_the_top(value, ticks):
    assert svg_charts.axis_ticks(value) == ticks


def test_trend_chart_points_and_legend():
    days = [date(2026, 11, 1) + timedelta(days=i) for i in range(3)]
    img = svg_charts.trend_chart(
        days,
        [("new", "#111111", [10, 40, 30]), ("backlog", "#222222", [5, 0, 20])],
        "T",
        "count",
        theme="light",
        dashed=("backlog",),
        width=800,
    )
    svg = svg_of(img)
    assert svg.get("viewBox") == "0 0 800 360"
    zero, top = bottom_and_top(svg)
    assert texts(svg)[:1] == ["T"]
    # Ticks 0, 10, 20, 30, 40 (max 40): a value v lies (zero - top) * v / 40 above the zero line.
    assert [t for t in texts(svg) if t.isdigit()][:5] == ["0", "10", "20", "30", "40"]
    lines = list(svg.iter(f"{NS}polyline"))
    assert [p.get("stroke") for p in lines] == ["#111111", "#222222"]
    for line, values in zip(lines, ([10, 40, 30], [5, 0, 20]), strict=True):
        ys = [float(pt.split(",")[1]) for pt in line.get("points").split()]
        assert ys == pytest.approx([zero - (zero - top) * v / 40 for v in values], abs=0.06)
        xs = [float(pt.split(",")[0]) for pt in line.get("points").split()]
        assert xs == pytest.approx([62, 62 + (800 - 14 - 62) / 2, 800 - 14], abs=0.06)
    assert lines[1].get("stroke-dasharray") and not lines[0].get("stroke-dasharray")
    # What a hover would say is written: each series' last value, in the legend and the alt text.
    assert "new 30" in texts(svg) and "backlog 20" in texts(svg)
    assert 'alt="T: new 30; backlog 20"' in img


def test_stacked_bars_heights_and_counts():
    img = svg_charts.stacked_bars(
        ["a", "b", "c"],
        [("ok", "#0000ff", [30, 0, 8]), ("late", "#ff0000", [10, 5, 0])],
        "Ages",
        "cases",
        width=600,
    )
    svg = svg_of(img)
    zero, top = bottom_and_top(svg)
    assert [t for t in texts(svg) if t.isdigit()][:5] == ["0", "10", "20", "30", "40"]
    bars = [
        r for r in svg.iter(f"{NS}rect") if float(r.get("height")) > 0 and r.get("width") != "14"
    ]
    got = [(r.get("fill"), round(float(r.get("height")) / (zero - top) * 40, 1)) for r in bars]
    # Bottom up per bar; an empty part draws nothing.
    assert got == [("#0000ff", 30.0), ("#ff0000", 10.0), ("#ff0000", 5.0), ("#0000ff", 8.0)]
    # The late part sits on top of the ok part of the first bar.
    assert float(bars[1].get("y")) + float(bars[1].get("height")) == pytest.approx(
        float(bars[0].get("y"))
    )
    words = texts(svg)
    # Totals above the bars (40, 5, 8); parts written inside only when a bar has two.
    assert [w for w in words if w in {"40", "5", "8"}].count("40") >= 1
    inside = [w for w in words if w in {"30", "10"}]
    assert inside.count("30") == 2 and inside.count("10") == 2  # 30 and 10 inside, plus ticks
    assert words.count("5") == 1 and words.count("8") == 1  # one-part bars: the total only
    assert 'alt="Ages: a 40; b 5; c 8"' in img


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_briefing_charts_show_the_days_figures(monkeypatch, demo_catalog, demo, capsys, lang):
    at = run(monkeypatch, demo_catalog, demo, lang=lang)
    b = brief_json(demo_catalog, capsys)
    images = [
        h.proto.body
        for h in at.get("html")
        if "image/svg+xml" in h.proto.body and "gd-tile-spark" not in h.proto.body
    ]
    trend, ages = (svg_of(img) for img in images)
    words = texts(trend)
    assert f"{i18n.t('series_new', lang)} {b['new']:,}" in words
    assert f"{i18n.t('series_closed', lang)} {b['closed']:,}" in words
    assert f"{i18n.t('series_backlog', lang)} {b['backlog']:,}" in words
    # The age bars add up to the day's backlog tile.
    alt = re.search(r'alt="([^"]+)"', images[1]).group(1)
    totals = [int(x.replace(",", "")) for x in re.findall(r" ([\d,]+)(?:;|$)", alt)]
    assert sum(totals) == b["backlog"]
    assert texts(ages)[0] == i18n.t("chart_backlog_age_title", lang)


def test_the_walls_trend_is_taller_and_lighter(monkeypatch, demo_catalog, demo):
    """On the wall's dark background the new and closed lines are the lighter sky blue and
    green (the page's blue and green are one darkness there), and the drawing is as tall as the
    map beside it."""
    from dashboard.charts import figures

    at = run(monkeypatch, demo_catalog, demo, kiosk="1")
    images = [
        h.proto.body
        for h in at.get("html")
        if "image/svg+xml" in h.proto.body and "gd-tile-spark" not in h.proto.body
    ]
    title = i18n.t("chart_trend_title", "zh")
    trend = next(svg for svg in map(svg_of, images) if texts(svg)[:1] == [title])
    assert trend.get("viewBox") == "0 0 340 290"
    strokes = [p.get("stroke") for p in trend.iter(f"{NS}polyline")]
    assert strokes == [figures.SKY, figures.LIGHT_GREEN, figures.ORANGE]
