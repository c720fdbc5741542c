"""The weekly PDF for leaders: page 1 is the summary, titled with the scope's place, its
sentences citing figures recomputed here independently (Polars over the catalog's raw rows,
lifelines for Kaplan–Meier, scipy for the spike rule); no server path anywhere in the text; the
KM chart on a log hours axis (the /resolution page's figure function); the map colours the
places one level down and labels them without overlaps."""

from __future__ import annotations

import dataclasses
import math
import os
import re
import subprocess
from datetime import date, datetime, timedelta

import polars as pl
import pytest
from conftest import REPORT_NOW

from dashboard.analysis import km_figures
from dashboard.core import city, i18n
from dashboard.data.catalog import Catalog
from dashboard.measures import metrics
from dashboard.reporting import report, report_charts, report_file, report_map, report_text

NOW = REPORT_NOW  # city_report_zh's clock
WEEK = date(2026, 10, 19)  # 2026-W43, the demo's last full week
SUNDAY = WEEK + timedelta(days=6)
YINGZE = "140106"


def text(pdf, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def flat(s: str) -> str:
    """Text without any whitespace: pdftotext breaks and spaces lines as the page lays them."""
    return re.sub(r"\s+", "", s)


def title(pdf) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return next(x for x in info.stdout.splitlines() if x.startswith("Title:")).split(":", 1)[1]


@pytest.fixture(scope="module")
def pdfs(demo_catalog, city_report_zh, tmp_path_factory):
    """The city's and 迎泽区's reports of 2026-W43, in Chinese; the district's in English. The
    city's is conftest.py's, made for the default week, which is 2026-W43
    (test_report.test_default_week_is_the_last_full_iso_week), at the same NOW."""
    out = tmp_path_factory.mktemp("reports")
    made = {"city": city_report_zh}
    for name, scope, lang in (
        ("yingze", YINGZE, "zh"),
        ("yingze_en", YINGZE, "en"),
    ):
        made[name] = report_file.generate(
            Catalog(demo_catalog, scope=scope),
            out / f"{name}.pdf",
            week="2026-W43",
            lang=lang,
            now=NOW,
        )
    return made


# -- the title -----------------------------------------------------------------------------------


def test_district_report_is_titled_with_the_district(pdfs):
    assert next(d.name_zh for d in city.DISTRICTS if d.code == YINGZE) == "迎泽区"
    first_line = text(pdfs["yingze"], 1, 1).strip().splitlines()[0].strip()
    assert first_line == "迎泽区"
    assert title(pdfs["yingze"]).strip().startswith("迎泽区") and "太原市" not in title(
        pdfs["yingze"]
    )
    # the running header of the later pages names the district too
    assert text(pdfs["yingze"], 2, 2).strip().splitlines()[0].startswith("迎泽区")
    # in English, romanised (core.romanise)
    assert text(pdfs["yingze_en"], 1, 1).strip().splitlines()[0].strip() == "Yingze District"
    # and the city's report is titled with the city
    assert text(pdfs["city"], 1, 1).strip().splitlines()[0].strip() == "太原市"
    assert title(pdfs["city"]).strip().startswith("太原市")


# -- no server path ------------------------------------------------------------------------------


def test_no_server_path_in_the_pdf(pdfs, demo, demo_catalog):
    """Neither the exports nor the catalog folder, nor any absolute path of this machine, is in
    the text of a report (the appendix shows the data version and fingerprint only)."""
    forbidden = {
        str(demo.exports),
        str(demo.exports.parent),
        str(demo_catalog),
        str(demo_catalog.parent),
        os.getcwd(),
        "/tmp",
        "/home",
        "/work",
        "/srv",
        "/root",
        "/usr/",
        "/var/",
    }
    for name, pdf in pdfs.items():
        body = text(pdf) + title(pdf)
        for path in forbidden:
            assert path not in body, (name, path)
        for key in ("exports", "build_seconds", "duckdb_version", "griddash_version"):
            assert key not in body, (name, key)
    cat = Catalog(demo_catalog)
    assert cat.data_version in text(pdfs["city"])
    assert cat.data_version.rpartition("-")[2] in text(pdfs["city"], report.PAGES, report.PAGES)


# -- the summary's sentences against an independent computation ----------------------------------


def _incidents(cat: Catalog) -> pl.DataFrame:
    frame = cat.sql(
        "select incident_id, grid_code, status, reported_at, closed_at, deadline_at from incidents"
    )
    return frame.filter(pl.col("status") != "cancelled")


def _week_counts(inc: pl.DataFrame, monday: date) -> dict:
    """new, closed (Monday–Sunday), backlog and overdue at the end of Sunday, by hand in Polars."""
    start = datetime.combine(monday, datetime.min.time())
    end = start + timedelta(days=7)
    reported = inc.filter((pl.col("reported_at") >= start) & (pl.col("reported_at") < end))
    closed = inc.filter((pl.col("closed_at") >= start) & (pl.col("closed_at") < end))
    open_ = inc.filter(
        (pl.col("reported_at") < end)
        & (pl.col("closed_at").is_null() | (pl.col("closed_at") >= end))
    )
    with_deadline = closed.filter(pl.col("deadline_at").is_not_null())
    on_time = with_deadline.filter(pl.col("closed_at") <= pl.col("deadline_at")).height
    return {
        "new": reported.height,
        "closed": closed.height,
        "backlog": open_.height,
        "overdue": open_.filter(pl.col("deadline_at") < end).height,
        "on_time_rate": on_time / with_deadline.height,
        "km_median_hours": _km_median_hours(reported, end),
        "within_limit": _within_limit(reported, end),
    }


def _km_median_hours(cohort: pl.DataFrame, end: datetime) -> float | None:
    """lifelines' KM median over the cohort on exact durations, as DESIGN.md defines them:
    hours from reported_at to closed_at, or to the end of Sunday (censored) where not closed
    before it — not the catalog's whole minutes. The first time at which S ≤ 0.5; None where
    never reached."""
    from lifelines import KaplanMeierFitter

    closed = cohort["closed_at"].is_not_null() & (cohort["closed_at"] < end)
    ended = cohort.select(
        pl.when(closed).then(pl.col("closed_at")).otherwise(pl.lit(end)) - pl.col("reported_at")
    ).to_series()
    kmf = KaplanMeierFitter().fit(
        ended.dt.total_milliseconds().to_numpy() / 3_600_000, closed.to_numpy()
    )
    sf = kmf.survival_function_.iloc[:, 0]
    hit = sf[sf <= 0.5 + 1e-12]
    return None if hit.empty else float(hit.index[0])


def km_hours_as_printed(exact: float | None) -> set[str]:
    """What the report may print (hours to 0.1) for a Kaplan–Meier time whose exact value is
    `exact`. DESIGN.md's durations are exact; the catalog counts them in whole minutes rounded
    up (docs/data.md), which keeps their order, so its quantile lies in [exact, exact + 1 min)
    (test_brief_independent.rounded_up_to_the_minute bounds it the same way). That minute is
    the whole tolerance: printed to 0.1 h, the figure is one of these two neighbours (the same
    one unless a 0.05 boundary lies within the minute)."""
    if exact is None:
        return {"–"}
    return {f"{exact:.1f}", f"{exact + 1 / 60:.1f}"}


def kpi_shown(body: str, key: str) -> list[str]:
    """One row of the KPI table as printed: [this week, last week, change]."""
    label = i18n.t(f"rep_k_{key}", "zh")
    line = next(ln for ln in body.splitlines() if ln.strip().startswith(label))
    return re.split(r"\s{2,}", line.strip())[1:]


def _within_limit(cohort: pl.DataFrame, end: datetime) -> float:
    """1 − S(1) by lifelines over elapsed ÷ time limit, for the cohort's incidents with a
    deadline after their report."""
    from lifelines import KaplanMeierFitter

    c = cohort.filter(pl.col("deadline_at") > pl.col("reported_at"))
    closed = (c["closed_at"].is_not_null() & (c["closed_at"] < end)).to_numpy()
    ended = c.select(
        pl.when(pl.col("closed_at").is_not_null() & (pl.col("closed_at") < end))
        .then(pl.col("closed_at"))
        .otherwise(pl.lit(end))
        - pl.col("reported_at")
    ).to_series()
    limit = (c["deadline_at"] - c["reported_at"]).dt.total_seconds().to_numpy()
    ratio = ended.dt.total_seconds().to_numpy() / limit
    kmf = KaplanMeierFitter().fit(ratio, closed)
    return 1 - float(kmf.survival_function_at_times(1.0).iloc[0])


def _spikes(inc: pl.DataFrame) -> list[tuple[date, str, int, float]]:
    """(day, street, count, 28-day mean) of the week's street spikes: count ≥ 10 and
    P(X ≥ count) < 1e-4 for X ~ Poisson(mean of D−28 … D−1, zero days included)."""
    from scipy.stats import poisson

    daily = inc.group_by(
        pl.col("grid_code").str.slice(0, 9).alias("street"),
        pl.col("reported_at").dt.date().alias("day"),
    ).len()
    found = []
    for i in range(7):
        d = WEEK + timedelta(days=i)
        today = daily.filter((pl.col("day") == d) & (pl.col("len") >= 10))
        for street, count in today.select("street", "len").iter_rows():
            before = daily.filter(
                (pl.col("street") == street)
                & (pl.col("day") >= d - timedelta(days=28))
                & (pl.col("day") < d)
            )["len"].sum()
            mean = before / 28
            p = poisson.sf(count - 1, mean) if mean > 0 else 0.0
            if p < 1e-4:
                found.append((d, street, count, mean))
    return found


def test_summary_sentences_cite_independently_computed_figures(demo_catalog, pdfs):
    cat = Catalog(demo_catalog)
    inc = _incidents(cat)
    now = _week_counts(inc, WEEK)
    before = _week_counts(inc, WEEK - timedelta(days=7))
    page = flat(text(pdfs["city"], 1, 1))

    # 1 · volume and backlog
    assert (
        flat(
            f"本周新增事件 {now['new']:,} 件，结案 {now['closed']:,} 件；周日日末积压 "
            f"{now['backlog']:,} 件，其中超期 {now['overdue']:,} 件。"
        )
        in page
    )

    # 2 · the largest relative change among new, closed, backlog, overdue and the KM median
    # (hours as printed, to 0.1: the KPI table's figures, each within a minute of lifelines' on
    # exact durations — km_hours_as_printed)
    km = [v.removesuffix(" 小时") for v in kpi_shown(text(pdfs["city"], 1, 1), "km_median_hours")]
    assert km[0] in km_hours_as_printed(now["km_median_hours"]), (km, now["km_median_hours"])
    assert km[1] in km_hours_as_printed(before["km_median_hours"]), (km, before["km_median_hours"])
    names = {
        "new": "新增事件",
        "closed": "结案",
        "backlog": "积压",
        "overdue": "超期",
        "km_median_hours": "办结时长中位数",
    }
    shown = {
        k: (float(km[0]), float(km[1])) if k == "km_median_hours" else (now[k], before[k])
        for k in names
    }
    key = max(
        names, key=lambda k: (abs(shown[k][0] - shown[k][1]) / shown[k][1], -list(names).index(k))
    )
    a, b = shown[key]
    assert a != b
    unit = "小时" if key == "km_median_hours" else "件"
    amount = (
        (lambda v: f"{v:.1f}{unit}") if key == "km_median_hours" else (lambda v: f"{v:,}{unit}")
    )
    delta = round(abs(a - b), 1) if key == "km_median_hours" else abs(a - b)
    assert (
        flat(
            f"与上周相比变化最大的是{names[key]}：{amount(a)}，比上周的{amount(b)}"
            f"{'增加' if a > b else '减少'}{amount(delta)}（{100 * (a - b) / b:+.1f}%）。"
        )
        in page
    )

    # 3 · resolution time (median), within-limit probability, on-time rate
    assert (
        flat(
            f"本周上报事件的办结时长中位数为 {km[0]} 小时（上周 {km[1]} 小时），时限内办结概率 "
            f"{100 * now['within_limit']:.1f}%；本周结案事件的按期办结率 "
            f"{100 * now['on_time_rate']:.1f}%。"
        )
        in page
    )

    # 4 · spikes: how many, and the largest excess
    spikes = _spikes(inc)
    if spikes:
        d, street, count, mean = max(spikes, key=lambda s: s[2] - s[3])
        assert flat(f"本周街道异常激增 {len(spikes)} 次") in page
        assert (
            flat(f"{d:%Y-%m-%d}") in page
            and flat(f"{count:,} 件，前 28 天日均 {mean:.2f} 件") in page
        )
    else:
        assert "本周没有街道出现异常激增。" in page

    # 5 · the district with most incidents in the week, its share and last week's count
    start = datetime.combine(WEEK, datetime.min.time())

    def per_district(lo: datetime) -> pl.DataFrame:
        week = inc.filter(
            (pl.col("reported_at") >= lo) & (pl.col("reported_at") < lo + timedelta(days=7))
        )
        return week.group_by(pl.col("grid_code").str.slice(0, 6).alias("code")).len()

    this, last = per_district(start), per_district(start - timedelta(days=7))
    code, n = this.sort(["len", "code"], descending=[True, False]).row(0)
    name = next(d.name_zh for d in city.DISTRICTS if d.code == code)
    prev_n = last.filter(pl.col("code") == code)["len"].sum()
    assert (
        flat(
            f"本周事件最多的区县是{name}：{n:,} 件，占 {100 * n / now['new']:.1f}%（上周 "
            f"{prev_n:,} 件）。"
        )
        in page
    )

    # 4–6 sentences, every one of them on the page
    data = report.collect(cat, WEEK, "zh")
    sentences = report_text.talking_points(data, "zh")
    assert 4 <= len(sentences) <= 6
    assert all(flat(s) in page for s in sentences)


def test_spike_sentence_names_the_largest_excess(demo_catalog):
    """With spikes in the week, the sentence counts them all and names the largest excess
    (the spikes table's first row), whatever order they come in."""
    data = report.collect(Catalog(demo_catalog), WEEK, "zh")
    small = metrics.Spike("140105001", "小店区坞城街道", 12, 2.0, 10.0, 1e-6)
    large = metrics.Spike("140106002", "迎泽区柳巷街道", 30, 4.5, 25.5, 1e-12)
    other = metrics.Spike("140107003", "杏花岭区巨轮街道", 15, 1.0, 14.0, 1e-9)
    data = dataclasses.replace(
        data,
        spikes=[
            (WEEK, small),
            (WEEK + timedelta(days=2), large),
            (WEEK + timedelta(days=5), other),
        ],
    )
    said = [s for s in report_text.talking_points(data, "zh") if "异常激增" in s]
    assert said == [
        "本周街道异常激增 3 次，超出最多的是 2026-10-21 迎泽区柳巷街道：30 件，前 28 天日均 4.50 件。"
    ]


def test_zero_change_has_no_sign():
    assert report.fmt_change("km_median_hours", 1.42, 1.44, "zh") == "0.0 小时"
    assert report.fmt_change("km_median_hours", 1.46, 1.34, "zh") == "+0.2 小时"
    assert report.fmt_change("new", 7, 7, "zh") == "0"
    assert report.fmt_change("on_time_rate", 0.9, 0.9 + 1e-9, "zh") == "0.0 pp"
    assert report.fmt_change("on_time_rate", 0.9, 0.91, "zh") == "-1.0 pp"


# -- the KM chart --------------------------------------------------------------------------------


def test_km_chart_has_a_log_hours_axis_through_the_pages_curve_points(demo_catalog, monkeypatch):
    data = report.collect(Catalog(demo_catalog), WEEK, "zh")
    calls = []
    real = km_figures.km_drawn_together

    def counted(*args, **kwargs):
        calls.append((len(args[0]), *args[1:3]))  # (curves, x_min, x_max)
        return real(*args, **kwargs)

    monkeypatch.setattr(km_figures, "km_drawn_together", counted)
    fig = report_charts.km_figure(data, "zh")
    groups = report.km_by_group(data.by_group, "zh")
    # every group's curve through the points the page draws its own through, in one call,
    # from a minute to the end of the week (the cohort's longest possible time: 7 days)
    assert calls == [(len(groups), 1 / 60, 7 * 24)]
    assert fig.layout.xaxis.type == "log"
    lo, hi = fig.layout.xaxis.range
    assert lo == pytest.approx(math.log10(1 / 60)) and hi == pytest.approx(math.log10(7 * 24))
    assert [tr.name for tr in fig.data[: len(groups)]] == [g.group for g in groups]


# -- the map -------------------------------------------------------------------------------------


def test_map_colours_the_districts_by_the_weeks_incidents(demo_catalog):
    cat = Catalog(demo_catalog)
    data = report.collect(cat, WEEK, "zh")
    inc = _incidents(cat)
    start = datetime.combine(WEEK, datetime.min.time())
    week = inc.filter(
        (pl.col("reported_at") >= start) & (pl.col("reported_at") < start + timedelta(days=7))
    )
    by_hand = dict(week.group_by(pl.col("grid_code").str.slice(0, 6)).len().iter_rows())
    assert dict(zip(data.places["code"], data.places["incidents"], strict=True)) == {
        d.code: by_hand.get(d.code, 0) for d in city.DISTRICTS
    }
    fig = report_charts.map_figure(data, "zh")
    fills = [tr for tr in fig.data if tr.fill == "toself"]
    assert len(fills) == len(city.DISTRICTS)
    # the busiest district has the scale's darkest colour, an empty one would have its lightest
    top = max(by_hand.values())
    darkest = report_map.sample_colorscale(report_map.COLOURS, [1.0])[0]
    assert sum(tr.fillcolor == darkest for tr in fills) == sum(v == top for v in by_hand.values())
    # every district is labelled (ten fit on an A4 map) with its name and count, boxes apart
    labels = {a.text for a in fig.layout.annotations}
    for d in city.DISTRICTS:
        assert f"{d.name_zh} {by_hand.get(d.code, 0):,}" in labels


def test_labels_do_not_overlap_and_moved_ones_get_a_leader():
    """Eight labels on two spots: the first on each stays, the others move to free spots round
    it; no two boxes overlap, and no leader line runs through another label."""
    square = {
        "type": "Feature",
        "properties": {"code": "1", "name": "x"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [[112.0, 37.0], [112.2, 37.0], [112.2, 37.2], [112.0, 37.2], [112.0, 37.0]]
            ],
        },
    }
    frame = report_map.frame_for([square])
    labels = [(str(i), f"第{i}社区 {i * 111}", 112.07 + 0.06 * (i % 2), 37.1) for i in range(8)]
    placed = report_map.place_labels(labels, frame)
    assert [p.code for p in placed] == [str(i) for i in range(8)]
    assert not placed[0].moved and not placed[1].moved and all(p.moved for p in placed[2:])
    boxes, leaders = [], []
    for p in placed:
        x, y = frame.px(p.x, p.y)
        w = report_map.text_width(p.text, report_map.LABEL_SIZE) + 8
        h = report_map.LABEL_SIZE * 1.45 + 4
        boxes.append((x + p.dx - w / 2, y + p.dy - h / 2, x + p.dx + w / 2, y + p.dy + h / 2))
        leaders.append(((x, y), (x + p.dx, y + p.dy)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    for i, p in enumerate(placed):
        if not p.moved:
            continue
        (x0, y0), (x1, y1) = leaders[i]
        for k in range(101):  # the leader, point by point, against every other label's box
            x, y = x0 + (x1 - x0) * k / 100, y0 + (y1 - y0) * k / 100
            for j, b in enumerate(boxes):
                # (a label written over the leader's start point hides its first part)
                over_start = b[0] <= x0 <= b[2] and b[1] <= y0 <= b[3]
                assert j == i or over_start or not (b[0] < x < b[2] and b[1] < y < b[3]), (i, j)
