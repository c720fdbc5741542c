"""The weekly PDF report on the demo data: Chinese headings and the metrics' values in the text,
the CJK font embedded, five pages, scoped reports name no other district, and the same data gives
the same text."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta

import pytest
from conftest import DEMO_VALIDATED_AT

from dashboard import city, i18n, metrics, report
from dashboard.catalog import Catalog
from dashboard.ingest import ingest

NOW = datetime(2026, 11, 2, 7, 0)
WEEK = date(2026, 10, 19)  # 2026-W43: the demo ends on Saturday 2026-10-31


@pytest.fixture(scope="module")
def catalog(demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "catalog.duckdb"
    ingest(demo.exports, path, now=DEMO_VALIDATED_AT, progress=False)
    return path


def text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])


@pytest.fixture(scope="module")
def city_zh(catalog, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "city.pdf"
    report.generate(Catalog(catalog), out, lang="zh", now=NOW)
    return out


def test_default_week_is_the_last_full_iso_week(catalog):
    cat = Catalog(catalog)
    assert report.last_full_week(cat) == WEEK
    assert report.week_label(WEEK) == "2026-W43"
    assert report.parse_week("2026-W43") == WEEK
    with pytest.raises(report.ReportError, match="ISO week"):
        report.parse_week("2026-43")


def test_zh_report_headings_values_font_pages(catalog, city_zh):
    body = text(city_zh)
    for key in ("rep_title", "rep_kpis", "rep_trend", "rep_backlog", "rep_late", "rep_spikes",
                "rep_quality", "rep_appendix", "rep_fingerprint"):  # fmt: skip
        assert i18n.t(key, "zh") in body, key
    assert "太原市" in body and "2026-W43" in body and "2026-11-02 07:00" in body
    cat = Catalog(catalog)
    assert cat.data_version in body
    # The KPI values, computed here straight from dashboard.metrics for 2026-10-19 … 10-25.
    sunday = WEEK + timedelta(days=6)
    days = metrics.kpis_by_day(cat, WEEK, sunday)
    end = days.row(days.height - 1, named=True)
    cohort = metrics.resolution_cohort(cat, WEEK, sunday, sunday)
    expected = {
        "new": f"{int(days['new'].sum()):,}",
        "closed": f"{int(days['closed'].sum()):,}",
        "backlog": f"{int(end['backlog']):,}",
        "overdue": f"{int(end['overdue']):,}",
        "on_time_rate": f"{100 * metrics.on_time_rate(days):.1f}%",
        "km_median_hours": f"{metrics.km_hours(cohort, 0.5):.1f} 小时",
        "within_limit": f"{100 * metrics.within_limit(cat, WEEK, sunday, sunday):.1f}%",
    }
    lines: dict[str, str] = {}
    for ln in body.splitlines():  # the KPI table's rows come first (the appendix repeats labels)
        if ln.strip():
            lines.setdefault(ln.split()[0], ln)
    for key, value in expected.items():
        label = i18n.t(f"rep_k_{key}", "zh").split()[0]
        assert value in lines[label], (key, value, lines[label])
    fonts = subprocess.run(["pdffonts", str(city_zh)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]  # fmt: skip
    assert fonts and all("WenQuanYiMicroHei" in f and f.split()[-5] == "yes" for f in fonts)
    assert pages(city_zh) == report.PAGES


def test_same_data_same_text(catalog, city_zh, tmp_path):
    again = tmp_path / "again.pdf"
    report.generate(Catalog(catalog), again, lang="zh", now=NOW)
    assert text(again) == text(city_zh)


def test_district_report_names_no_other_district(catalog, tmp_path):
    out = tmp_path / "loufan.pdf"
    report.generate(Catalog(catalog, scope="140123"), out, lang="zh", now=NOW)
    body = text(out)
    assert "娄烦县" in body
    for d in city.DISTRICTS:
        if d.code != "140123":
            assert d.name_zh not in body and d.code not in body, d.name_zh


def test_english_report(catalog, tmp_path):
    out = tmp_path / "en.pdf"
    report.generate(Catalog(catalog), out, week="2026-W43", lang="en", now=NOW)
    body = text(out)
    for key in ("rep_kpis", "rep_late", "rep_appendix"):
        assert i18n.t(key, "en") in body
    assert pages(out) == report.PAGES
