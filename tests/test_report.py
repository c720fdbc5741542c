"""The weekly PDF report on the demo data: Chinese headings and the metrics' values in the text,
the CJK font embedded, six pages, scoped reports name no other district, and the same data gives
the same text. (The summary page, the title, server paths, the KM axis and the map:
test_report_summary.py; every figure of a city and a district report, the workload and training
tables among them, against the exports: test_report_figures.py.)"""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime, timedelta

import numpy as np
import polars as pl
import pytest
from conftest import REPORT_NOW
from test_report_summary import _incidents, _week_counts, km_hours_as_printed

from dashboard.core import city, i18n
from dashboard.data.catalog import Catalog
from dashboard.reporting import report, report_file

NOW = REPORT_NOW  # city_report_zh's clock
WEEK = date(2026, 10, 19)  # 2026-W43: the demo ends on Saturday 2026-10-31


@pytest.fixture(scope="module")
def catalog(demo_catalog):
    return demo_catalog


def text(pdf) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])


def _grid_coverage_week_mean(cat: Catalog, monday: date) -> float:
    """The mean over the week's seven days of (distinct grids with a patrol ÷ all grids)."""
    patrols = cat.sql("select grid_code, patrol_date from patrols")
    grids = cat.sql("select count(*) as n from grids")["n"][0]
    days = [monday + timedelta(days=i) for i in range(7)]
    per_day = [
        patrols.filter(pl.col("patrol_date") == d)["grid_code"].n_unique() / grids for d in days
    ]
    return sum(per_day) / 7


def _participant_times(cat: Catalog, monday: date) -> int:
    """Attendance rows of the sessions starting Monday … Sunday (a scope sees its grid workers'
    rows only, as the catalog's views give them)."""
    sessions = cat.sql("select session_id, starts_at from trainings").filter(
        pl.col("starts_at").dt.date().is_between(monday, monday + timedelta(days=6))
    )
    attendance = cat.sql("select session_id from training_attendance")
    return attendance.join(sessions, on="session_id").height


@pytest.fixture(scope="module")
def city_zh(city_report_zh):
    """The city's report in Chinese for the default week (conftest.py: made once, shared with
    test_report_summary.py)."""
    return city_report_zh


def test_the_last_full_week_ends_on_the_last_full_day_when_that_is_a_sunday():
    # 2026-11-29 is a Sunday: its own week (Monday 11-23) is whole, not only the one before
    assert report.week_ending_by(date(2026, 11, 29)) == date(2026, 11, 23)
    assert report.week_ending_by(date(2026, 11, 30)) == date(2026, 11, 23)  # a Monday
    assert report.week_ending_by(date(2026, 11, 28)) == date(2026, 11, 16)  # a Saturday
    assert report.week_ending_by(date(2026, 11, 22)) == date(2026, 11, 16)  # the Sunday before


def test_a_folder_as_the_output_is_refused_with_what_was_expected(catalog, tmp_path):
    with pytest.raises(report.ReportError, match="expected the PDF file to write, found a folder"):
        report_file.generate(Catalog(catalog), tmp_path)


def test_default_week_is_the_last_full_iso_week(catalog):
    cat = Catalog(catalog)
    assert report.last_full_week(cat) == WEEK
    assert report.week_label(WEEK) == "2026-W43"
    assert report.parse_week("2026-W43") == WEEK
    with pytest.raises(report.ReportError, match="ISO week"):
        report.parse_week("2026-43")


def test_zh_report_headings_values_font_pages(catalog, city_zh):
    body = text(city_zh)
    for key in (
        "rep_title",
        "rep_kpis",
        "rep_trend",
        "rep_resolution",
        "chart_km_title",
        "rep_backlog",
        "rep_late",
        "rep_workload",
        "rep_training",
        "rep_spikes",
        "rep_quality",
        "rep_appendix",
        "rep_fingerprint",
        "rep_map",
        "rep_summary",
        "rep_rates_note",
    ):
        assert re.sub(r"\s+", "", i18n.t(key, "zh")) in re.sub(r"\s+", "", body), key
    assert "太原市" in body and "2026-W43" in body and "2026-11-02 07:00" in body
    cat = Catalog(catalog)
    assert cat.data_version in body
    # The KPI values for 2026-10-19 … 10-25, computed here from the catalog's raw rows in
    # Polars (and lifelines for the KM median: test_report_summary._week_counts), never with
    # the dashboard.measures.metrics calls report.week_kpis makes.
    week = _week_counts(_incidents(cat), WEEK)
    expected = {
        "new": f"{week['new']:,}",
        "closed": f"{week['closed']:,}",
        "backlog": f"{week['backlog']:,}",
        "overdue": f"{week['overdue']:,}",
        "on_time_rate": f"{100 * week['on_time_rate']:.1f}%",
        "within_limit": f"{100 * week['within_limit']:.1f}%",
        "grid_coverage": f"{100 * _grid_coverage_week_mean(cat, WEEK):.1f}%",
        "participant_times": f"{_participant_times(cat, WEEK):,}",
    }
    lines: dict[str, str] = {}
    # The KPI table's rows come first (the appendix repeats labels; the sentences above the table
    # start with other words)
    for ln in body.splitlines():
        if ln.strip():
            lines.setdefault(ln.split()[0], ln)
    for key, value in expected.items():
        label = i18n.t(f"rep_k_{key}", "zh").split()[0]
        assert value in lines[label], (key, value, lines[label])
    # the KM median within the catalog's minute of lifelines' on exact durations
    km = lines[i18n.t("rep_k_km_median_hours", "zh")].split()[1]
    assert km in km_hours_as_printed(week["km_median_hours"]), (km, week["km_median_hours"])
    fonts = subprocess.run(
        ["pdffonts", str(city_zh)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all("WenQuanYiMicroHei" in f and f.split()[-5] == "yes" for f in fonts)
    assert pages(city_zh) == report.PAGES == 6


def test_same_data_same_text(catalog, city_zh, tmp_path):
    again = tmp_path / "again.pdf"
    report_file.generate(Catalog(catalog), again, lang="zh", now=NOW)
    assert text(again) == text(city_zh)


def test_district_report_names_no_other_district(catalog, tmp_path):
    out = tmp_path / "loufan.pdf"
    report_file.generate(Catalog(catalog, scope="140123"), out, lang="zh", now=NOW)
    body = text(out)
    assert "娄烦县" in body
    for d in city.DISTRICTS:
        if d.code != "140123":
            assert d.name_zh not in body and d.code not in body, d.name_zh


def test_english_report(catalog, tmp_path):
    out = tmp_path / "en.pdf"
    report_file.generate(Catalog(catalog), out, week="2026-W43", lang="en", now=NOW)
    body = text(out)
    for key in ("rep_kpis", "rep_late", "rep_appendix"):
        assert i18n.t(key, "en") in body
    assert pages(out) == report.PAGES
    # The page's map names a district on one line (the screen's writes it on two).
    data = report.collect(Catalog(catalog), WEEK, "en")
    names = [name for _, name, _, _ in data.map_labels]
    assert "Xiaodian District" in names and not any("\n" in n for n in names)


def test_km_by_group_matches_the_cohort_and_lifelines(catalog):
    """The resolution section's curves: the groups together are the week's cohort (as many
    incidents as reported in the week, recounted in Polars, and the same median as lifelines
    over them), and one group's median equals an independent lifelines fit."""
    from lifelines import KaplanMeierFitter

    cat = Catalog(catalog)
    data = report.collect(cat, WEEK, "zh")
    week = _week_counts(_incidents(cat), WEEK)
    whole = data.by_group.group_by("minutes", "closed").agg(pl.col("incidents").sum())
    assert int(whole["incidents"].sum()) == week["new"]
    kmf = KaplanMeierFitter().fit(
        np.repeat(whole["minutes"].to_numpy(), whole["incidents"].to_numpy()),
        np.repeat(whole["closed"].to_numpy(), whole["incidents"].to_numpy()),
    )
    # the catalog's whole minutes (rounded up) against lifelines on exact durations: the same
    # median or at most a minute later (test_report_summary.km_hours_as_printed)
    assert -1e-9 <= kmf.median_survival_time_ / 60 - week["km_median_hours"] < 1 / 60
    # One group: report.km_by_group's curve and median against lifelines on one row per incident.
    groups = report.km_by_group(data.by_group, "zh")
    assert [g.incidents for g in groups] == sorted((g.incidents for g in groups), reverse=True)
    g = groups[0]
    rows = data.by_group.filter(pl.col("group_zh") == g.group)
    durations = np.repeat(rows["minutes"].to_numpy(), rows["incidents"].to_numpy())
    observed = np.repeat(rows["closed"].to_numpy(), rows["incidents"].to_numpy())
    kmf = KaplanMeierFitter().fit(durations, observed)
    assert g.median_hours == pytest.approx(kmf.median_survival_time_ / 60)
    at = g.hours * 60
    assert np.allclose(g.survival, kmf.survival_function_at_times(at).to_numpy())
    assert g.incidents == len(durations) and g.closed == int(observed.sum())


def test_incidents_map_shows_the_week_per_place(catalog):
    """The map's places add up to the week's new incidents (and its grids, one row per grid
    with any); at city level its places are the ten districts (and a district's map holds only
    its streets)."""
    cat = Catalog(catalog)
    data = report.collect(cat, WEEK, "zh")
    assert int(data.map_points["incidents"].sum()) == data.kpis["new"]
    assert int(data.places["incidents"].sum()) == data.kpis["new"]
    assert int(data.places["prev_incidents"].sum()) == data.prev["new"]
    assert data.map_points["grid_code"].is_unique().all()
    assert sorted(f["properties"]["code"] for f in data.map_features) == sorted(
        d.code for d in city.DISTRICTS
    )
    district = report.collect(Catalog(catalog, scope="140123"), WEEK, "zh")
    assert {f["properties"]["code"][:6] for f in district.map_features} == {"140123"}
    assert int(district.map_points["incidents"].sum()) == district.kpis["new"]
    assert int(district.places["incidents"].sum()) == district.kpis["new"]
    assert district.child_digits == 9 and set(district.places["code"].str.slice(0, 6)) == {"140123"}


def test_the_most_overdue_cases_are_listed_in_days(catalog, city_zh):
    """The late list's first rows: open at the end of Sunday and past their deadline, longest
    first, in days — worked out here with Polars from the catalog's incidents."""
    import duckdb

    end = datetime.combine(WEEK + timedelta(days=7), datetime.min.time())  # Sunday 24:00
    with duckdb.connect(str(catalog), read_only=True) as con:
        inc = con.sql("select * from incidents").pl()
    late = (
        inc.filter(
            (pl.col("status") != "cancelled")
            & (pl.col("reported_at") < end)
            & (pl.col("closed_at").is_null() | (pl.col("closed_at") >= end))
            & (pl.col("deadline_at") < end)
        )
        .with_columns(days=(end - pl.col("deadline_at")).dt.total_seconds() / 86400)
        .sort(["days", "incident_id"], descending=[True, False])
    )
    body = text(city_zh)
    assert re.sub(r"\s+", "", i18n.t("rep_col_days_overdue", "zh")) in re.sub(r"\s+", "", body)
    for iid, days in late.select("incident_id", "days").head(3).iter_rows():
        line = next(x for x in body.splitlines() if iid in x)
        assert f"{days:,.1f}" in line, (iid, days, line)
