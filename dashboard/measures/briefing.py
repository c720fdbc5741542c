"""Everything the morning-briefing page shows, assembled from dashboard.measures.metrics for one day and
one place — the page only lays it out.

Each tile has its value (the same as `griddash brief --json`), the value at a stated reference —
the same weekday last week for the day's figures, the previous 30 days for the 30-day rates, 30
days earlier for training coverage — and a small trend: daily for 30 days, or weekly (five points)
where each point needs its own Kaplan–Meier or 365-day computation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

from dashboard.data.catalog import Catalog
from dashboard.measures import metrics, talking_points


@dataclass
class Tile:
    key: str  # the brief key; also the i18n key of the label ("tile_<key>")
    value: float | int | None
    reference: float | int | None
    reference_label: str  # i18n key: "ref_last_week", "ref_prev_30d", "ref_30d_earlier"
    trend: list[float | None]
    trend_label: str  # i18n key: "trend_daily_30d" or "trend_weekly"
    unit: str  # "count", "share", "hours" or "expected" (a sum of probabilities)
    better: str  # "up", "down" or "neither": which change is good news
    # A second figure shown small under the value, in the same unit: (i18n key of its label,
    # value), e.g. grid coverage over the 7 days beside the day's.
    extra: tuple[str, float | None] | None = None
    extra_unit: str | None = None  # the extra figure's unit where it differs from the value's

    @property
    def change(self) -> float | None:
        if self.value is None or self.reference is None:
            return None
        return self.value - self.reference


@dataclass
class BriefingView:
    brief: metrics.Brief
    tiles: list[Tile]
    trend: pl.DataFrame  # day, new, closed, backlog, overdue (the 30 days)
    backlog_ages: pl.DataFrame
    late_cases: pl.DataFrame  # the most overdue first
    new_late_cases: pl.DataFrame  # went overdue on the day (昨日新增超期)
    overdue_units: pl.DataFrame  # overdue per handling unit, every unit with a case
    spikes: list[metrics.Spike] = field(default_factory=list)
    # 晨会要点, language-neutral: each point words itself with .text(lang)
    talking_points: list[talking_points.TalkingPoint] = field(default_factory=list)

    @property
    def at_risk(self) -> metrics.AtRisk:
        """预计超期: the cases due in the 24 hours after the day, by probability of missing."""
        return self.brief.at_risk

    @property
    def new_overdue(self) -> int:
        """How many cases went overdue on the day (the units' counts add up to it)."""
        return int(self.overdue_units["new_overdue"].sum())


def _rolling_on_time(days: pl.DataFrame, last30: list[date]) -> list[float | None]:
    """The 30-day on-time rate as of each of the given days (days holds the 59 before too)."""
    out = []
    for d in last30:
        window = days.filter(pl.col("day").is_between(d - timedelta(days=29), d))
        out.append(metrics.on_time_rate(window))
    return out


def build(cat: Catalog, as_of: date | None = None) -> BriefingView:
    """The briefing for the catalog's scope and the as-of day (default: the last full day)."""
    b = metrics.brief(cat, as_of)
    d = b.as_of
    first_day = metrics.data_days(cat)[0]
    week = d - timedelta(days=7)
    days = metrics.kpis_by_day(cat, d - timedelta(days=59), d)
    last30 = [d - timedelta(days=29 - i) for i in range(30)]
    trend = days.filter(pl.col("day") >= last30[0])
    at_week = days.filter(pl.col("day") == week)
    ref = at_week.row(0, named=True) if week >= first_day and at_week.height else {}

    prev = d - timedelta(days=30)
    prev_ok = prev - timedelta(days=29) >= first_day  # a full previous 30 days in the data
    prev_days = days.filter(pl.col("day").is_between(prev - timedelta(days=29), prev))
    weekly = [
        d - timedelta(days=7 * k) for k in (4, 3, 2, 1, 0) if d - timedelta(days=7 * k) >= first_day
    ]

    def km_median_as_of(day: date) -> float | None:
        cohort = metrics.resolution_cohort(cat, day - timedelta(days=29), day, day)
        return metrics.km_hours(cohort, 0.5)

    coverage = cat.query("grid_coverage_by_day", **{"from": last30[0], "to": d}, days=1)
    coverage_share = [p / g if g else None for p, g in coverage.select("patrolled", "grids").rows()]
    workers = cat.query("active_workers_by_day", **{"from": last30[0], "to": d})
    worker_at = dict(workers.rows())

    def count_tile(key: str, better: str) -> Tile:
        return Tile(
            key,
            getattr(b, key),
            ref.get(key),
            "ref_last_week",
            [float(x) for x in trend[key]],
            "trend_daily_30d",
            "count",
            better,
        )

    def expected_overdue(day: date) -> float:
        return metrics.at_risk(cat, day).expected_overdue_24h

    tiles = [
        count_tile("new", "neither"),
        count_tile("closed", "up"),
        count_tile("backlog", "down"),
        count_tile("overdue", "down"),
        Tile(
            "expected_overdue_24h",
            b.at_risk.expected_overdue_24h,
            expected_overdue(week) if week >= first_day else None,
            "ref_last_week",
            [expected_overdue(day) for day in weekly],
            "trend_weekly",
            "expected",
            "down",
            extra=("tile_extra_due_24h", b.at_risk.due_24h),
            extra_unit="count",
        ),
        Tile(
            "on_time_rate_30d",
            b.on_time_rate_30d,
            metrics.on_time_rate(prev_days) if prev_ok else None,
            "ref_prev_30d",
            _rolling_on_time(days, last30),
            "trend_daily_30d",
            "share",
            "up",
        ),
        Tile(
            "km_median_hours_30d",
            b.km_median_hours_30d,
            km_median_as_of(prev) if prev_ok else None,
            "ref_prev_30d",
            [km_median_as_of(day) for day in weekly],
            "trend_weekly",
            "hours",
            "down",
        ),
        Tile(
            "grid_coverage",
            b.grid_coverage,
            coverage_share[-8] if len(coverage_share) >= 8 and week >= first_day else None,
            "ref_last_week",
            coverage_share,
            "trend_daily_30d",
            "share",
            "up",
            extra=("tile_extra_coverage_7d", metrics.grid_coverage_7d(cat, d)),
        ),
        Tile(
            "active_workers",
            b.active_workers,
            worker_at.get(week),
            "ref_last_week",
            [float(x) for x in workers["active_workers"]],
            "trend_daily_30d",
            "count",
            "up",
        ),
        Tile(
            "training_coverage_365d",
            b.training_coverage_365d,
            metrics.workforce(cat, prev)[1] if prev >= first_day else None,
            "ref_30d_earlier",
            [metrics.workforce(cat, day)[1] for day in weekly],
            "trend_weekly",
            "share",
            "up",
        ),
    ]
    return BriefingView(
        brief=b,
        tiles=tiles,
        trend=trend.select("day", "new", "closed", "backlog", "overdue"),
        backlog_ages=metrics.backlog_by_age(cat, d),
        late_cases=metrics.late_cases(cat, d, limit=15),
        new_late_cases=metrics.late_cases_new(cat, d, limit=50),
        overdue_units=metrics.overdue_by_unit(cat, d),
        # Streets spike at city and district level; on drill-down below a street, grids do.
        spikes=metrics.spikes(cat, d, digits=16) if len(cat.scope) >= 9 else b.spikes,
        talking_points=talking_points.for_brief(cat, b),
    )
