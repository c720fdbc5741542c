"""What /resolution says in words and tables (dashboard/analysis/resolution_tables.py), on hand-made
figures: the note on the two medians, the limit markers (and their query's median from counts),
the labelled tables, the league's minimum, and the URL's whole-number filter."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
from streamlit.testing.v1 import AppTest

from dashboard.analysis import resolution_tables as rt
from dashboard.analysis.resolution_analysis import Summary
from dashboard.data import queries


def summary(km: float | None, naive: float | None, incidents=100, closed=80) -> Summary:
    return Summary(incidents, closed, km, None, naive, None, None)


def test_a_window_of_few_incidents_says_so():
    assert rt.few_note(summary(54.9, 54.9, incidents=1, closed=1), "en") == (
        "Only one incident in the window: the times and rates below describe it, not a "
        "pattern; a longer window or the place above tells more."
    )
    assert rt.few_note(summary(5.0, 5.0, incidents=12, closed=10), "en") == (
        "Only 12 incidents in the window (fewer than 30): the times and rates below describe "
        "these few, not a pattern; a longer window or the place above tells more."
    )
    assert rt.few_note(summary(5.0, 5.0, incidents=29, closed=29), "zh").startswith(
        "窗口内只有 29 件事件（少于 30 件）"
    )
    assert rt.few_note(summary(5.0, 5.0, incidents=30, closed=29), "en") is None
    assert rt.few_note(summary(None, None, incidents=0, closed=0), "en") is None  # none: no rows


def test_the_note_on_the_two_medians():
    # 20 of 100 still open (20.0%); KM 30.0 h against the closed-only 20.0 h: 10.0 h too low.
    assert rt.km_note(summary(30.0, 20.0), "en") == (
        "Why the two medians differ: 20 incidents (20.0%) are still open at the end of the "
        "as-of day, and they are the slow ones; a median of the closed cases alone leaves them "
        "out, so it reads 20.0 h against the Kaplan–Meier median's 30.0 h (10.0 h too low). "
        "The gap grows for slow segments and in the tail: see the last three columns of the "
        "table under “Time to close”."  # the note is above every section: it names the table's
    )
    # Under 0.05 h apart the two read the same: the note says they agree, not why they differ.
    assert rt.km_note(summary(20.04, 20.0), "en") == (
        "The two medians agree here (20.0 h): 20 incidents (20.0%) are still open at the end of "
        "the as-of day, the slow ones, which a median of the closed cases alone leaves out; here "
        "they do not move the middle. The gap shows for slow segments and in the tail: see the "
        "last three columns of the table under “Time to close”."
    )
    assert "(here the former is 5.0 h higher)" in rt.km_note(summary(15.0, 20.0), "en")
    assert "1,250 h" in rt.km_note(summary(1250.0, 20.0), "en")  # whole hours from 100 h on
    assert rt.km_note(summary(30.0, 20.0, closed=100), "en") == rt.km_note(
        summary(None, None, closed=100), "en"
    )  # nothing open: the one sentence that says so, whatever the medians
    assert rt.km_note(summary(None, 20.0), "en") is None  # median not reached: nothing to say
    assert rt.km_note(summary(None, None, incidents=0, closed=0), "en") is None


def test_limit_markers_leave_out_urgencies_without_a_limit():
    limits = pl.DataFrame(
        {"urgency": ["normal", "urgent", "routine"], "median_limit_hours": [72.0, None, 168.0]}
    )
    assert rt.km_markers(limits, "en") == [("normal limit, median 3 d", 72.0)]  # 72 h read as days
    assert rt.km_note_values(limits, "en") == {"urgent": "none in the cohort", "normal": "3 d"}


def test_tables_carry_words_in_the_page_language():
    stages = pl.DataFrame(
        {
            "path": ["case", "spot"],
            "stage": ["dispatch", "close"],
            "position": [2, 5],
            "cases": [3, 4],
            "median_hours": [1.234, 2.0],
            "p90_hours": [5.678, 9.999],
        }
    )
    table = rt.stage_table(stages, "zh")
    assert table.columns == ["path", "stage", "cases", "median_hours", "p90_hours"]
    assert table.rows() == [
        ("派遣处置", "受理→派遣", 3, 1.23, 5.68),
        ("就地解决", "核查（或反馈）→结案", 4, 2.0, 10.0),
    ]
    league = pl.DataFrame(
        {"handling_unit": ["A", "B"], "closed": [9, 10], "on_time_rate": [0.5, 0.12345]}
    )
    assert rt.league_table(league, 10).rows() == [("B", 10, 12.3)]
    assert rt.league_table(league, 0).height == 2


def test_the_league_minimum_from_the_url():
    def run(value: str | None) -> int:
        at = AppTest.from_string(
            "import streamlit as st\n"
            "from dashboard.app import analysis_page\n"
            "st.text(analysis_page.url_int('min', default=0, minimum=0))\n"
        )
        if value is not None:
            at.query_params["min"] = value
        at.run()
        return int(at.text[0].value)

    assert [run(v) for v in (None, "25", "-5", "many")] == [0, 25, 0, 0]


def test_the_median_limit_is_taken_from_the_counts():
    # time_limits_by_grid_day rows: (day, grid, urgency, limit in seconds, incidents)
    con = duckdb.connect()
    con.execute(
        "create table time_limits_by_grid_day as select * from (values "
        # normal: 24 h once, 72 h once in the window → two values, median (24 + 72) / 2 = 48
        "(date '2026-11-02', 'g1', 'normal', 86400.0, 1), "
        "(date '2026-11-03', 'g2', 'normal', 259200.0, 1), "
        # urgent: 4 h once, 12 h twice (two grids) → three values, the middle one is 12
        "(date '2026-11-02', 'g1', 'urgent', 14400.0, 1), "
        "(date '2026-11-02', 'g2', 'urgent', 43200.0, 1), "
        "(date '2026-11-03', 'g1', 'urgent', 43200.0, 1), "
        # the day before the window: left out
        "(date '2026-11-01', 'g1', 'urgent', 86400.0, 7)"
        ") as t(day, grid_code, urgency, limit_seconds, incidents)"
    )
    sql = queries.get("resolution_limit_hours_by_urgency").sql
    got = con.execute(sql, {"from": date(2026, 11, 2), "to": date(2026, 11, 3)}).fetchall()
    # (urgency, incidents, median, min, max hours), by median
    assert got == [("urgent", 3, 12.0, 4.0, 12.0), ("normal", 2, 48.0, 24.0, 72.0)]
