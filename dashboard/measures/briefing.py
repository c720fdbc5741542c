"""Everything the morning-briefing page shows, assembled from dashboard.measures.metrics for one day and
one place — the page only lays it out.

Each tile has its value (the same as `griddash brief --json`), the value at a stated reference —
the same weekday last week for the day's figures, the previous 30 days for the 30-day rates, 30
days earlier for training coverage — and a small trend: daily for 30 days, or weekly (five points)
where each point needs its own Kaplan–Meier or 365-day computation.

A weekend (Saturday and Sunday read together on a Monday, measures.period) is briefed the same
way: the counts of its two days, its end, and the same two days a week earlier as the reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

from dashboard.data.catalog import Catalog
from dashboard.measures import metrics, talking_points
from dashboard.measures.period import Period


@dataclass
class Tile:
    key: str  # the brief key; also the i18n key of the label ("tile_<key>")
    value: float | int | None
    reference: float | int | None
    # i18n key: "ref_last_week", "ref_prev_30d", "ref_30d_earlier" ("ref_last_weekend" for a
    # weekend's counts and coverage)
    reference_label: str
    trend: list[float | None]
    trend_label: str  # i18n key: "trend_daily_30d" or "trend_weekly"
    unit: str  # "count", "share", "hours" or "expected" (a sum of probabilities)
    better: str  # "up", "down" or "neither": which change is good news
    # A second figure shown small under the value, in the same unit: (i18n key of its label,
    # value), e.g. grid coverage over the 7 days beside the day's.
    extra: tuple[str, float | None] | None = None
    extra_unit: str | None = None  # the extra figure's unit where it differs from the value's
    # The day the extra figure is about, where its label names it (the cases due on the day
    # after the as-of day: "12-01 到期 41 件", not "today", which a past as-of day is not).
    extra_day: date | None = None

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
    new_late_cases: pl.DataFrame  # went overdue in the period (当日 / 周末新增超期)
    overdue_units: pl.DataFrame  # overdue per handling unit, every unit with a case
    spikes: list[metrics.Spike] = field(default_factory=list)  # the period's, day by day
    # 晨会要点, language-neutral: each point words itself with .text(lang)
    talking_points: list[talking_points.TalkingPoint] = field(default_factory=list)
    period: Period | None = None  # None: the day of brief.as_of

    @property
    def weekend(self) -> bool:
        return self.period is not None and self.period.kind == "weekend"

    @property
    def at_risk(self) -> metrics.AtRisk:
        """预计超期: the cases due in the 24 hours after the day, by probability of missing."""
        return self.brief.at_risk

    @property
    def due_day(self) -> date:
        """The day the at-risk cases fall due: the day after the as-of day."""
        return metrics.due_day(self.brief.as_of)

    @property
    def map_spikes(self) -> list[metrics.Spike]:
        """One spike per place for the map's rings: of a place that spiked on both days of a
        weekend, the day with the larger excess."""
        best: dict[str, metrics.Spike] = {}
        for s in self.spikes:
            if s.code not in best or s.excess > best[s.code].excess:
                best[s.code] = s
        return sorted(best.values(), key=lambda s: (-s.excess, s.code))

    @property
    def new_overdue(self) -> int:
        """How many cases went overdue in the period (the units' counts add up to it)."""
        return int(self.overdue_units["new_overdue"].sum())


def _rolling_on_time(days: pl.DataFrame, last30: list[date]) -> list[float | None]:
    """The 30-day on-time rate as of each of the given days (days holds the 59 before too)."""
    out = []
    for d in last30:
        window = days.filter(pl.col("day").is_between(d - timedelta(days=29), d))
        out.append(metrics.on_time_rate(window))
    return out


def build(cat: Catalog, as_of: date | None = None, kind: str = "day") -> BriefingView:
    """The briefing for the catalog's scope and the as-of day (default: the last full day), of
    the day or (kind "weekend", as of a Sunday) of the weekend ending on it."""
    b = metrics.brief(cat, as_of, kind)
    d = b.as_of
    p = Period(b.period, d)
    first_day = metrics.data_days(cat)[0]
    week = d - timedelta(days=7)
    days = metrics.kpis_by_day(cat, d - timedelta(days=59), d)
    last30 = [d - timedelta(days=29 - i) for i in range(30)]
    trend = days.filter(pl.col("day") >= last30[0])
    # The reference: the same day(s) a week earlier — counted as the period itself is.
    ref = metrics.period_counts(days, p.week_earlier()) if week >= first_day else {}
    ref_label = "ref_last_weekend" if p.kind == "weekend" else "ref_last_week"

    prev = d - timedelta(days=30)
    prev_ok = prev - timedelta(days=29) >= first_day  # a full previous 30 days in the data
    prev_days = days.filter(pl.col("day").is_between(prev - timedelta(days=29), prev))
    weekly = [
        d - timedelta(days=7 * k) for k in (4, 3, 2, 1, 0) if d - timedelta(days=7 * k) >= first_day
    ]

    def km_median_as_of(day: date) -> float | None:
        if day == d:  # the brief's own (a 30-day cohort read again costs 40 ms at 50M)
            return b.km_median_hours_30d
        cohort = metrics.resolution_cohort(cat, day - timedelta(days=29), day, day)
        return metrics.km_hours(cohort, 0.5)

    def trained_share_as_of(day: date) -> float | None:
        return b.training_coverage_365d if day == d else metrics.workforce(cat, day)[1]

    # The period's coverage (grids patrolled on at least one of its days) on each of the 30 days.
    coverage = cat.query("grid_coverage_by_day", **{"from": last30[0], "to": d}, days=p.days)
    coverage_share = [p / g if g else None for p, g in coverage.select("patrolled", "grids").rows()]
    workers = cat.query("active_workers_by_day", **{"from": last30[0], "to": d})
    worker_at = dict(workers.rows())

    def count_tile(key: str, better: str) -> Tile:
        return Tile(
            key,
            getattr(b, key),
            ref.get(key),
            ref_label,
            [float(x) for x in trend[key]],
            "trend_daily_30d",
            "count",
            better,
        )

    # 预计超期 of the day, a week earlier and the weekly points: each day once (the day's is the
    # brief's; a week earlier is also a weekly point). A Kaplan–Meier over 90 days each.
    at_risk_on = {d: b.at_risk}

    def expected_overdue(day: date) -> float:
        if day not in at_risk_on:
            at_risk_on[day] = metrics.at_risk(cat, day)
        return at_risk_on[day].expected_overdue_24h

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
            extra_day=metrics.due_day(d),
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
            ref_label,
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
            trained_share_as_of(prev) if prev >= first_day else None,
            "ref_30d_earlier",
            [trained_share_as_of(day) for day in weekly],
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
        late_cases=metrics.late_cases(cat, d, limit=15, days=p.days),
        new_late_cases=metrics.late_cases_new(cat, d, limit=50, days=p.days),
        overdue_units=metrics.overdue_by_unit(cat, d, days=p.days),
        # Streets spike at city and district level; on drill-down below a street, grids do.
        spikes=metrics.period_spikes(cat, p, digits=16) if len(cat.scope) >= 9 else b.spikes,
        talking_points=talking_points.for_brief(cat, b),
        period=p,
    )
