"""The analysis pages' data, cached and shared between sessions: one function per page view,
keyed on the pinned catalog (its file, place and data version) and the view's parameters. No
entry expires by time (nothing here reads the clock; a new version is a new key): what the
warm-up builds after the morning ingest is still there when the first visitor comes.

They live here, not in the page scripts, so that the server's warm-up (dashboard.app.startup) can
build the default first view of every page for each new catalog version through the very cache
the pages read; `default_views` names those views.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import polars as pl

from dashboard.analysis import incident_analysis as ia
from dashboard.analysis import resolution_analysis as ra
from dashboard.analysis import resolution_tables as rt
from dashboard.analysis import training_analysis as ta
from dashboard.analysis import workload_analysis as wa
from dashboard.app import shell
from dashboard.data.catalog import Pinned
from dashboard.measures import metrics

DEFAULT_WINDOW = 30  # days: the analysis pages' time window when the URL names none
DEFAULT_SPLIT = "group"  # /resolution's Kaplan–Meier split when the URL names none

# -- /incidents -----------------------------------------------------------------------------------


@shell.cached(max_entries=32)
def incident_reference(cat: Pinned) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(item names, grid places) of the catalog: one row per item, one per grid."""
    return ia.item_names(cat), ia.grid_places(cat)


# The unfiltered rows of a window are shared by every filter setting, so a filter change costs
# only Polars work and one grid-count query. cache_resource: nothing mutates the frames, and
# cache_data would copy them on every hit.
@shell.shared(max_entries=8)
def incident_rows(cat: Pinned, first: date, last: date) -> ia.WindowRows:
    """The window's incidents per day, item and source, unfiltered."""
    return ia.window_rows(cat, first, last)


@shell.cached(max_entries=64)
def incident_view(
    cat: Pinned, first: date, last: date, data_first: date, filters: ia.Filters
) -> ia.IncidentView:
    """/incidents' figures for the window first..last under `filters`."""
    names, places = incident_reference(cat)
    previous = ia.previous_count(cat, ia.previous_window(first, last, data_first), filters)
    return ia.build(
        incident_rows(cat, first, last),
        ia.grid_counts(cat, first, last, filters),
        previous,
        names,
        places,
        cat.scope,
        first,
        last,
        data_first,
        filters,
    )


@shell.shared(max_entries=8)
def incident_hours(cat: Pinned, first: date, last: date) -> pl.DataFrame:
    """The window's incidents per weekday × hour, item and source, unfiltered: read when the
    'when' section is opened (over a year, a scan of every incident of the window)."""
    return ia.hour_rows(cat, first, last)


@shell.cached(max_entries=64)
def incident_hour_weekday(
    cat: Pinned, first: date, last: date, filters: ia.Filters
) -> pl.DataFrame:
    """/incidents' weekday × hour matrix for the window under `filters` (ia.hour_weekday)."""
    names, _ = incident_reference(cat)
    return ia.hour_weekday(incident_hours(cat, first, last), names, filters)


@shell.cached(max_entries=64)
def incident_spikes(cat: Pinned, first: date, last: date) -> pl.DataFrame:
    """Spikes found on the days first..last: one row per grid and day."""
    return ia.spike_history(cat, first, last)


# -- /resolution ----------------------------------------------------------------------------------


# The default split's KM input: the headline sums it into the whole cohort (one read of the
# window's incidents for both). cache_resource: nothing mutates it.
@shell.shared(max_entries=16)
def resolution_group_cohort(cat: Pinned, first: date, as_of: date) -> pl.DataFrame:
    """The window's KM input by matter group (ra.segment_cohort, split 'group')."""
    return ra.segment_cohort(cat, "group", first, as_of, as_of)


@shell.cached(max_entries=64)
def resolution_headline(cat: Pinned, first: date, as_of: date) -> rt.Headline:
    """/resolution's headline for the window first..as_of: the summary and the time-limit
    markers."""
    cohort = ra.cohort_of_segments(resolution_group_cohort(cat, first, as_of))
    return rt.Headline(
        ra.summary(cat, first, as_of, as_of, cohort=cohort), ra.limit_markers(cat, first, as_of)
    )


# Each lower section's frames, computed only when the section is opened (the stage times read a
# window's workflow events: the slowest query of the page).
RESOLUTION_SECTIONS: dict[str, Callable[[Pinned, date, date], dict]] = {
    "stall": lambda cat, first, as_of: {
        "stages": ra.stages(cat, first, as_of, as_of),
        "open_steps": ra.open_by_last_step(cat, as_of),
    },
    "backlog": lambda cat, first, as_of: {
        "ages": metrics.backlog_by_age(cat, as_of),
        "returns": ra.returns_by_level(cat, first, as_of, as_of),
    },
    # 预计超期 looks ahead from the day's end: the window does not change it.
    "due": lambda cat, first, as_of: {"at_risk": metrics.at_risk(cat, as_of)},
    "league": lambda cat, first, as_of: {"league": ra.league(cat, first, as_of)},
    "sat": lambda cat, first, as_of: {"satisfaction": ra.satisfaction(cat, first, as_of)},
}


@shell.cached(max_entries=128)
def resolution_section(cat: Pinned, first: date, as_of: date, section: str) -> dict:
    """The frames of one of /resolution's lower sections (RESOLUTION_SECTIONS) for the window
    first..as_of."""
    return RESOLUTION_SECTIONS[section](cat, first, as_of)


@shell.cached(max_entries=64)
def resolution_segments(cat: Pinned, first: date, as_of: date, split: str) -> list:
    """Kaplan–Meier curves of the window's cohort, one per segment of `split`."""
    if split == "group":
        return ra.segment_km(resolution_group_cohort(cat, first, as_of))
    return ra.segment_km(ra.segment_cohort(cat, split, first, as_of, as_of))


# -- /workload and /training ----------------------------------------------------------------------


@shell.cached(max_entries=64)
def workload_view(cat: Pinned, first: date, last: date) -> wa.WorkloadView:
    """/workload's figures for the days first..last (days the data covers)."""
    return wa.build(cat, first, last)


# The patrol coverage section's frame, computed only when the section is opened: over a year it
# reads a row per patrolled grid-day of the window (patrols_by_grid_day, ≈ 2.4 M rows at 10M).
@shell.cached(max_entries=64)
def workload_coverage(cat: Pinned, first: date, last: date) -> pl.DataFrame:
    """/workload's patrol coverage per day first..last (workload_analysis.coverage_by_day)."""
    return wa.coverage_by_day(cat, first, last)


@shell.cached(max_entries=64)
def training_view(cat: Pinned, as_of: date, days: int) -> ta.TrainingView:
    """/training's figures as of `as_of` with a window of `days`."""
    return ta.build(cat, as_of, days)


# -- the default first views (what the warm-up builds) --------------------------------------------


def default_views(cat: Pinned) -> dict[str, Callable[[], object]]:
    """{page: build} for each analysis page's first view with nothing in its URL: the latest
    day of `cat`, the default window, no filters. Each build goes through the cache above."""
    data_first, as_of = shell.data_days(cat)
    first = as_of - timedelta(days=DEFAULT_WINDOW - 1)
    in_data = max(first, data_first)
    everything = ia.Filters(None, None, ())

    def incidents() -> None:
        incident_reference(cat)
        incident_view(cat, first, as_of, data_first, everything)
        incident_hour_weekday(cat, first, as_of, everything)  # its section, ready when opened
        checked = ia.spike_days(first, as_of, data_first)
        if checked is not None:
            incident_spikes(cat, *checked)

    def resolution() -> None:
        resolution_headline(cat, first, as_of)
        resolution_segments(cat, first, as_of, DEFAULT_SPLIT)
        for section in RESOLUTION_SECTIONS:  # a tab opened on the default view is ready too
            resolution_section(cat, first, as_of, section)

    return {
        "incidents": incidents,
        "resolution": resolution,
        "workload": lambda: (
            workload_view(cat, in_data, as_of),
            workload_coverage(cat, in_data, as_of),
        ),
        "training": lambda: training_view(cat, as_of, DEFAULT_WINDOW),
    }
