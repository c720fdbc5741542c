"""The working-day calendar (dashboard.core.workdays) and the reply-by date it gives a 督办单.

The fixture calendar is 2024's National Day: 10-01 … 10-07 off, Sunday 09-29 and Saturday 10-12
worked (调休). Dates below are counted by hand on a 2024 calendar (10-01 was a Tuesday)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dashboard.core import workdays
from dashboard.reporting import notice

NATIONAL_DAY_2024 = """
[2024]
off = ["2024-10-01..2024-10-07"]
work = ["2024-09-29", "2024-10-12"]
"""


@pytest.fixture
def calendar(tmp_path) -> workdays.Calendar:
    path = tmp_path / "calendar.toml"
    path.write_text(NATIONAL_DAY_2024, encoding="utf-8")
    return workdays.load(path)


def test_working_days_follow_the_holiday_schedule(calendar):
    assert calendar.years == {2024} and calendar.source == "calendar.toml"
    assert calendar.is_working_day(date(2024, 9, 29))  # a Sunday worked
    assert not calendar.is_working_day(date(2024, 10, 1))  # a Tuesday off
    assert not calendar.is_working_day(date(2024, 10, 5))  # a Saturday in the holiday
    assert calendar.is_working_day(date(2024, 10, 8))  # back at work, Tuesday
    assert not calendar.is_working_day(date(2024, 10, 13))  # an ordinary Sunday


@pytest.mark.parametrize(
    ("as_of", "plain", "with_calendar"),
    [
        # D Fri 09-27, issued Sat 09-28. Monday to Friday: Mon 09-30, Tue 10-01, Wed 10-02.
        # With the calendar: Sun 09-29 (worked), Mon 09-30, then 10-01 … 10-07 off, Tue 10-08.
        (date(2024, 9, 27), date(2024, 10, 2), date(2024, 10, 8)),
        # D Mon 09-30, issued Tue 10-01 (a holiday): Tue 10-08, Wed 10-09, Thu 10-10.
        (date(2024, 9, 30), date(2024, 10, 4), date(2024, 10, 10)),
        # D Thu 10-10, issued Fri 10-11: Sat 10-12 (worked), Mon 10-14, Tue 10-15.
        (date(2024, 10, 10), date(2024, 10, 16), date(2024, 10, 15)),
    ],
)
def test_reply_by_three_working_days_after_issue(calendar, as_of, plain, with_calendar):
    assert notice.reply_by(as_of, urgent=False, calendar=workdays.Calendar()).day == plain
    reply = notice.reply_by(as_of, urgent=False, calendar=calendar)
    assert reply == notice.ReplyBy(with_calendar, "calendar.toml")


def test_an_urgent_case_is_due_the_day_after_issue_holiday_or_not(calendar):
    # D Mon 09-30, issued Tue 10-01: reply by Wed 10-02, inside the holiday.
    reply = notice.reply_by(date(2024, 9, 30), urgent=True, calendar=calendar)
    assert reply.day == date(2024, 10, 2)


def test_a_year_the_calendar_does_not_cover_counts_monday_to_friday(calendar, tmp_path):
    # D Mon 12-30, issued Tue 12-31; 2025 is not in the file: Wed 01-01 counts as a working day
    # (Thu 01-02, Fri 01-03 → 01-03), and the notice is told the holidays were not known.
    reply = notice.reply_by(date(2024, 12, 30), urgent=False, calendar=calendar)
    assert reply == notice.ReplyBy(date(2025, 1, 3), None)
    # With 2025's table (01-01 off): Thu 01-02, Fri 01-03, Mon 01-06.
    path = tmp_path / "two_years.toml"
    path.write_text(NATIONAL_DAY_2024 + '[2025]\noff = ["2025-01-01"]\n', encoding="utf-8")
    reply = notice.reply_by(date(2024, 12, 30), urgent=False, calendar=workdays.load(path))
    assert reply == notice.ReplyBy(date(2025, 1, 6), "two_years.toml")


def test_unquoted_toml_dates_are_days_too(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[2024]\noff = [2024-10-01]\nwork = [2024-10-12]\n", encoding="utf-8")
    cal = workdays.load(path)
    assert cal.off == {date(2024, 10, 1)} and cal.work == {date(2024, 10, 12)}


def test_no_file_at_the_default_place_means_no_calendar(tmp_path, monkeypatch):
    monkeypatch.delenv(workdays.ENV, raising=False)
    monkeypatch.setattr(workdays.paths, "PROJECT_ROOT", tmp_path)
    assert workdays.load() == workdays.Calendar()


def test_a_named_file_must_exist(tmp_path, monkeypatch):
    monkeypatch.setenv(workdays.ENV, str(tmp_path / "missing.toml"))
    with pytest.raises(workdays.CalendarError, match=r"missing.toml: expected a working-day"):
        workdays.load()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[2024\n", "expected a TOML file, found an unreadable one"),
        (
            'off = ["2024-10-01"]\n',
            "expected only tables named by a year, such as [2026], found 'off'",
        ),
        ("[24]\n", "found '24'"),
        (
            '[2024]\nholidays = ["2024-10-01"]\n',
            "[2024] expected the keys off and work, found holidays",
        ),
        ('[2024]\noff = "2024-10-01"\n', "[2024] off: expected a list of days, found str"),
        ('[2024]\noff = ["2024-10-32"]\n', "expected a day (2026-10-01) or a range of days"),
        ('[2024]\noff = ["1 Oct"]\n', "found '1 Oct'"),
        (
            '[2024]\noff = ["2024-10-07..2024-10-01"]\n',
            "expected a range from its first day to its last",
        ),
        ('[2024]\noff = ["2025-01-01"]\n', "[2024] off: expected days of 2024, found 2025-01-01"),
        ('[2024]\nwork = ["2024-10-08"]\n', "found 2024-10-08, a weekday (a working day anyway)"),
        (
            '[2024]\noff = ["2024-10-05"]\nwork = ["2024-10-05"]\n',
            "expected a day either off or worked, found 2024-10-05 in both",
        ),
    ],
)
def test_a_malformed_calendar_says_what_was_expected_and_found(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(workdays.CalendarError) as caught:
        workdays.load(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_the_example_calendar_reads(tmp_path):
    example = Path(__file__).resolve().parent.parent / "calendar.example.toml"
    cal = workdays.load(example)
    assert cal.years == {2025, 2026}
    assert all(d.weekday() >= 5 for d in cal.work)  # the parser's own check, kept visible


def test_a_calendar_path_that_is_a_folder_says_so(tmp_path):
    with pytest.raises(workdays.CalendarError, match=r": expected a readable file, found "):
        workdays.load(tmp_path)
