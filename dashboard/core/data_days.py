"""The data's last full day, and the windows whose Kaplan–Meier inputs the catalog stores as of it.

The briefing opens on the last full day D. Three of its figures count a report cohort censored at
T, the end of D: the 30-day resolution times, within-limit over the 30 days and at_risk's 90-day
history. At 50 M incidents those cohorts are 2–6 M rows to scan (about 270 ms of the brief on one
core), so both ingests store their inputs as of D for the city and each district
(queries/build/resolution_minutes_by_scope_group.sql, within_limit_by_scope.sql), and
dashboard.measures.metrics reads the stored rows when it is asked exactly those windows as of
that D in one of those scopes — otherwise it counts the incidents as before. The stored rows are
the same query's rows (the same include SQL), so the figures do not depend on the path taken.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

RECENT_DAYS = 30  # "the 30 days": D−29 … D
HISTORY_DAYS = 90  # at_risk's Kaplan–Meier history per matter group: D−89 … D
STORED_WINDOWS = (RECENT_DAYS, HISTORY_DAYS)
# An export cut at 23:59 still counts its last day as full.
GRACE = timedelta(hours=1)


def last_full_day(cutoff: datetime) -> date:
    """The last day whose end the data reaches, given its latest timestamp (reported or closed):
    the day before the one holding `cutoff + GRACE`."""
    return (cutoff + GRACE).date() - timedelta(days=1)


def day_end(as_of: date) -> datetime:
    """T, the end of the as-of day D (D + 1 day, 00:00): the censoring cut-off."""
    return datetime.combine(as_of + timedelta(days=1), datetime.min.time())


def window_first(as_of: date, days: int) -> date:
    """The first day of the `days` days ending on `as_of` (both included)."""
    return as_of - timedelta(days=days - 1)


# A catalog without incidents still gets the stored tables, empty: any day selects no rows.
_NO_DATA = date(1970, 1, 1)


def stored_build_params(name: str, cutoff: datetime | None) -> dict[str, date | datetime]:
    """The bind values of stored build `name` for data whose latest timestamp is `cutoff`
    (None: no incidents): its window ending on the last full day D and the cut-off T."""
    as_of = last_full_day(cutoff) if cutoff else _NO_DATA
    window = {"to": as_of, "cutoff": day_end(as_of)}
    if name == "resolution_minutes_by_scope_group":
        return {
            **window,
            "from": window_first(as_of, HISTORY_DAYS),
            "from_recent": window_first(as_of, RECENT_DAYS),
        }
    if name == "within_limit_by_scope":
        return {**window, "from": window_first(as_of, RECENT_DAYS)}
    raise KeyError(f"stored build: expected one of {STORED_BUILDS}, found {name!r}")


STORED_BUILDS = ("resolution_minutes_by_scope_group", "within_limit_by_scope")
