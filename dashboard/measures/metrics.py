"""The figures of DESIGN.md's metric definitions, each defined once, here; the screen, the CLI
and the PDF all call these functions.

Let D be the as-of day and T its end (D + 1 day, 00:00). "The 30 days" are D−29 … D. Cancelled
incidents are left out of every figure. Every function takes a scoped `Catalog`, so it reports for
whatever district, street, community or grid the session is limited to.

Kaplan–Meier durations are counted in whole minutes, rounded up (resolution_minutes_cohort), and
the within-limit ratio in steps of 1/10,000 (within_limit_cohort): the estimates are exact for
data of that resolution, and a case closed exactly at its deadline still counts as within.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta

import numpy as np
import polars as pl

from dashboard.core import data_days as days_of_data
from dashboard.core import stats
from dashboard.core.data_days import day_end
from dashboard.data.catalog import Catalog
from dashboard.measures.period import Period, PeriodError, period

AGE_BUCKETS = ("0-1d", "1-3d", "3-7d", "7-30d", "30d+")
SPIKE_P_MAX = 1e-4
SPIKE_MIN_COUNT = 10


class MetricsError(Exception):
    """A figure was asked for a day or place the data cannot answer for."""


def data_days(cat: Catalog) -> tuple[date, date]:
    """(first day, last full day) of the data.

    The last full day is the last day whose end the data reaches: the day before the one holding
    the latest timestamp (reported or closed), plus an hour's grace so an export cut at 23:59
    still counts its last day as full.
    """
    info = cat.info()  # the whole city's span, recorded at ingest (a scan of incidents is slow)
    first, cutoff = info.get("data_first"), info.get("data_cutoff")
    if cutoff and not first:  # a catalog built before data_first was recorded
        first = cat.sql("select min(reported_at) as m from incidents")["m"][0]
        first = first.isoformat() if first else None
    if not first or not cutoff:
        raise MetricsError("the catalog holds no incidents: expected at least one day of data")
    last = days_of_data.last_full_day(datetime.fromisoformat(cutoff))
    return datetime.fromisoformat(first).date(), last


def resolve_as_of(cat: Catalog, as_of: date | None) -> date:
    """The as-of day: the given one, checked against the data, or the last full day."""
    first, last = data_days(cat)
    if as_of is None:
        return last
    if not first <= as_of <= last:
        raise MetricsError(
            f"as-of day: expected a day between {first} and {last} (the data's full days), "
            f"found {as_of}"
        )
    return as_of


@dataclass
class Spike:
    code: str
    name: str
    count: int
    baseline: float
    excess: float
    p_value: float
    own_name: str = ""  # the name without the level above (汇丰街道); not in `brief --json`
    day: date | None = None  # the day it spiked on (a weekend's spikes are judged day by day)


@dataclass(eq=False)
class AtRisk:
    """预计超期: the open cases due in the 24 hours after the day's end and how many will probably
    miss their deadline (DESIGN.md, at_risk)."""

    due_24h: int
    expected_overdue_24h: float  # Σ p over the due cases; shown to one decimal
    # One row per due case, highest p_miss first: at_risk_due_cases' columns and p_miss.
    cases: pl.DataFrame

    def __eq__(self, other: object) -> bool:
        # A frame's == compares element-wise; two results are equal when every row is.
        return (
            isinstance(other, AtRisk)
            and (self.due_24h, self.expected_overdue_24h)
            == (other.due_24h, other.expected_overdue_24h)
            and self.cases.equals(other.cases)
        )

    def by_group(self) -> pl.DataFrame:
        """Per matter group (null: unknown item or category): due, expected_overdue; most
        expected first."""
        return (
            self.cases.group_by("group_zh", "group_en")
            .agg(due=pl.len(), expected_overdue=pl.col("p_miss").sum())
            .sort(["expected_overdue", "due", "group_zh"], descending=[True, True, False])
        )

    def to_dict(self) -> dict:
        cases = self.cases.with_columns(
            pl.col("reported_at", "deadline_at").dt.strftime("%Y-%m-%dT%H:%M:%S")
        )
        return {
            "due_24h": self.due_24h,
            "expected_overdue_24h": self.expected_overdue_24h,
            "cases": cases.to_dicts(),
        }


@dataclass
class Brief:
    """The morning-briefing figures (keys as in DESIGN.md's `brief --json`) for the period
    `period` ("day", or "weekend": Saturday `period_first` and Sunday `as_of` together, as
    measures.period defines it)."""

    as_of: date
    scope: str
    data_version: str
    new: int
    closed: int
    backlog: int
    overdue: int
    on_time_rate_30d: float | None
    km_median_hours_30d: float | None
    km_p90_hours_30d: float | None
    within_limit_30d: float | None
    grid_coverage: float | None
    active_workers: int
    training_coverage_365d: float | None
    spikes: list[Spike] = field(default_factory=list)
    at_risk: AtRisk | None = None
    period: str = "day"
    period_first: date | None = None  # the period's first day (as_of for a day)

    def to_dict(self) -> dict:
        d = asdict(replace(self, at_risk=None))
        d["as_of"] = self.as_of.isoformat()
        d["period_first"] = (self.period_first or self.as_of).isoformat()
        for spike in d["spikes"]:
            del spike["own_name"]
            spike["day"] = spike["day"].isoformat() if spike["day"] else None
        d["at_risk"] = self.at_risk.to_dict() if self.at_risk else None
        return d


def kpis_by_day(cat: Catalog, first: date, last: date) -> pl.DataFrame:
    """Per day first … last: new, closed, backlog, overdue (counts at the day's end) and the
    on-time counts (closed_with_deadline, closed_on_time)."""
    return cat.query("kpis_by_day", **{"from": first, "to": last})


def on_time_rate(days: pl.DataFrame) -> float | None:
    """Of incidents closed on the given days that have a deadline, the share closed by it."""
    return days.select(on_time_rate_expr(pl.sum))[0, 0]


def on_time_rate_expr(over=lambda name: pl.col(name)) -> pl.Expr:
    """The on-time rate as a Polars expression over columns closed_on_time and
    closed_with_deadline — per row by default, or of their totals with `over=pl.sum`; null where
    nothing closed had a deadline. One definition for the briefing, the pages and the report."""
    with_deadline = over("closed_with_deadline")
    return pl.when(with_deadline > 0).then(over("closed_on_time") / with_deadline)


def stored_days(first: date, last: date, as_of: date) -> int | None:
    """The length of the window first … last censored at the end of as_of when the ingest may
    have stored its cohort (dashboard.core.data_days: 30 or 90 days ending on as_of), else
    None. Whether it did — as_of the data's last full day, the scope the city or a district —
    the stored query's rows tell: none means count the incidents."""
    days = (last - first).days + 1
    return days if last == as_of and days in days_of_data.STORED_WINDOWS else None


def resolution_cohort(cat: Catalog, first: date, last: date, as_of: date) -> pl.DataFrame:
    """KM input for incidents reported first … last, censored at the end of as_of:
    columns minutes, closed, incidents (resolution_minutes_cohort, or its stored rows)."""
    days = stored_days(first, last, as_of)
    if days:
        stored = cat.query("resolution_minutes_cohort_stored", as_of=as_of, days=days)
        if not stored.is_empty():
            return stored
    return cat.query(
        "resolution_minutes_cohort", **{"from": first, "to": last}, cutoff=day_end(as_of)
    )


def km_hours(cohort: pl.DataFrame, q: float) -> float | None:
    """Smallest time (hours) with Kaplan–Meier S ≤ q over a resolution cohort; None if never."""
    if cohort.is_empty():
        return None
    minutes = stats.km_quantile(
        cohort["minutes"].to_numpy().astype(float),
        cohort["closed"].to_numpy(),
        q,
        weights=cohort["incidents"].to_numpy(),
    )
    return None if minutes is None else minutes / 60


def naive_median_hours(cohort: pl.DataFrame) -> float | None:
    """Median of the closed cases only (hours) — biased low; shown only to explain KM."""
    if cohort.is_empty():
        return None
    m = stats.naive_median(
        cohort["minutes"].to_numpy().astype(float),
        cohort["closed"].to_numpy(),
        weights=cohort["incidents"].to_numpy(),
    )
    return None if m is None else m / 60


def within_limit(cat: Catalog, first: date, last: date, as_of: date) -> float | None:
    """1 − S(1), S the Kaplan–Meier estimate over elapsed ÷ time limit (DESIGN.md), over
    within_limit_cohort's rows or their stored copy."""
    cohort = None
    if stored_days(first, last, as_of) == days_of_data.RECENT_DAYS:
        cohort = cat.query("within_limit_cohort_stored", as_of=as_of)
    if cohort is None or cohort.is_empty():
        cohort = cat.query(
            "within_limit_cohort", **{"from": first, "to": last}, cutoff=day_end(as_of)
        )
    if cohort.is_empty():
        return None
    return stats.within_limit_probability(
        cohort["ratio"].to_numpy().astype(float),
        cohort["closed"].to_numpy(),
        weights=cohort["incidents"].to_numpy(),
    )


def spikes(cat: Catalog, as_of: date, digits: int = 9) -> list[Spike]:
    """Places (streets by default; 16 digits = grids) whose count on the day is far above their
    28-day mean: Poisson upper tail < 1e-4 and at least 10 incidents; largest excess first."""
    rows = cat.query("spikes_by_place", as_of=as_of, digits=digits)
    if rows.is_empty():
        return []
    counts = rows["count"].to_numpy()
    base = rows["baseline"].to_numpy().astype(float)
    p = np.atleast_1d(stats.poisson_upper_tail(counts, base))
    hit = np.atleast_1d(stats.is_spike(counts, base, SPIKE_P_MAX, SPIKE_MIN_COUNT))
    found = [
        Spike(
            str(c),
            str(n or c),
            int(k),
            round(float(b), 2),
            round(float(k - b), 2),
            float(pv),
            str(o or n or c),
            as_of,
        )
        for c, n, o, k, b, pv, h in zip(
            rows["code"], rows["name"], rows["own_name"], counts, base, p, hit, strict=True
        )
        if h
    ]
    return sorted(found, key=lambda s: (-s.excess, s.code))


AT_RISK_HISTORY_DAYS = days_of_data.HISTORY_DAYS  # the KM history per matter group: D−89 … D


def due_day(as_of: date) -> date:
    """The day the cases at risk on `as_of` fall due (T < deadline ≤ T + 24 h, T the end of
    as_of): the next day — "today" at the next morning's briefing."""
    return as_of + timedelta(days=1)


def at_risk(cat: Catalog, as_of: date) -> AtRisk:
    """The cases due in the 24 hours after the end of the day and the probability each misses
    its deadline (DESIGN.md, at_risk): per matter group g, S_g is the Kaplan–Meier estimate over
    the incidents of g reported in D−89 … D (whole minutes, censored at T); a due case of age a
    and limit l (minutes) misses with p = S_g(l) / S_g(a), or 1 where S_g(a) = 0."""
    due = cat.query("at_risk_due_cases", as_of=as_of)
    if due.is_empty():
        return AtRisk(0, 0.0, due.with_columns(p_miss=pl.lit(None, pl.Float64)))
    history = at_risk_history(cat, as_of)
    due = due.with_row_index("_row")
    p = np.ones(due.height)
    # One pass over the history (141 k rows at 50M): its groups, each curve evaluated once at
    # every due case's age and limit.
    by_group = history.partition_by("group_zh", as_dict=True, include_key=False)
    empty = history.clear()
    for (group,), cases in due.group_by("group_zh"):
        km = by_group.get((group,), empty)
        times = km["minutes"].to_numpy().astype(float)
        events, weights = km["closed"].to_numpy(), km["incidents"].to_numpy()
        ages = np.concatenate([cases["age_minutes"].to_numpy(), cases["limit_minutes"].to_numpy()])
        at_age, at_limit = np.split(stats.km_survival(times, events, ages, weights), 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            p[cases["_row"].to_numpy()] = np.where(at_age > 0, at_limit / at_age, 1.0)
    cases = (
        due.with_columns(p_miss=pl.Series(p))
        .sort(["p_miss", "deadline_at", "incident_id"], descending=[True, False, False])
        .drop("_row")
    )
    return AtRisk(cases.height, float(p.sum()), cases)


def at_risk_history(cat: Catalog, as_of: date) -> pl.DataFrame:
    """at_risk's Kaplan–Meier input: resolution_minutes_by_group over D−89 … D censored at T
    (or its stored rows, the same)."""
    stored = cat.query("resolution_minutes_by_group_stored", as_of=as_of, days=AT_RISK_HISTORY_DAYS)
    if not stored.is_empty():
        return stored
    return cat.query(
        "resolution_minutes_by_group",
        **{"from": days_of_data.window_first(as_of, AT_RISK_HISTORY_DAYS), "to": as_of},
        cutoff=day_end(as_of),
    )


def grid_coverage(cat: Catalog, as_of: date, days: int = 1) -> float | None:
    """Distinct grids with a patrol on at least one of the `days` days ending on D ÷ all grids
    in scope (grid_coverage_by_day)."""
    _, patrolled, grids = cat.query(
        "grid_coverage_by_day", **{"from": as_of, "to": as_of}, days=days
    ).row(0)
    return patrolled / grids if grids else None


def grid_coverage_7d(cat: Catalog, as_of: date) -> float | None:
    """Distinct grids with a patrol in D−6 … D ÷ all grids in scope."""
    return grid_coverage(cat, as_of, days=7)


def workforce(cat: Catalog, as_of: date) -> tuple[int, float | None]:
    """(active workers on the day, share of them trained as grid workers in D−364 … D)."""
    active, trained = cat.query("active_workers", as_of=as_of).row(0)
    return int(active), (trained / active if active else None)


def backlog_by_age(cat: Catalog, as_of: date) -> pl.DataFrame:
    """The backlog at the end of the day by age bucket, with overdue counts."""
    return cat.query("backlog_by_age", as_of=as_of)


def late_cases(cat: Catalog, as_of: date, limit: int = 20, days: int = 1) -> pl.DataFrame:
    """Open cases past their deadline at the end of the day, most overdue first (new_overdue:
    due in the `days` days ending on it)."""
    return cat.query("late_cases_most_overdue", as_of=as_of, days=days, limit=limit)


def late_cases_new(cat: Catalog, as_of: date, limit: int = 20, days: int = 1) -> pl.DataFrame:
    """The cases that went overdue in the period of `days` days ending on the day (due in it,
    still open at the day's end), by deadline: one day, or 2 for a weekend."""
    return cat.query("late_cases_new_on_day", as_of=as_of, days=days, limit=limit)


def overdue_by_unit(cat: Catalog, as_of: date, days: int = 1) -> pl.DataFrame:
    """Overdue cases at the end of the day per handling unit (null: not yet dispatched), every
    unit with one: overdue, new_overdue (went overdue in the `days` days ending on the day),
    max_days_overdue; most overdue first."""
    return cat.query("overdue_by_handling_unit", as_of=as_of, days=days)


def period_counts(days: pl.DataFrame, p: Period) -> dict[str, int]:
    """new, closed, backlog and overdue of a period from kpis_by_day rows: new and closed summed
    over its days, backlog and overdue at the end of its last day; {} when a day of it is not
    among the rows (before the data)."""
    rows = days.filter(pl.col("day").is_between(p.first, p.last))
    if rows.height != p.days:
        return {}
    end = rows.filter(pl.col("day") == p.last).row(0, named=True)
    return {
        "new": int(rows["new"].sum()),
        "closed": int(rows["closed"].sum()),
        "backlog": int(end["backlog"]),
        "overdue": int(end["overdue"]),
    }


def period_spikes(cat: Catalog, p: Period, digits: int = 9) -> list[Spike]:
    """The spikes of each day of the period, each judged against its own 28 days (a weekend is
    not one long day: its Saturday is compared with the 28 days before Saturday); by day, then
    largest excess first."""
    return [s for day in p.dates for s in spikes(cat, day, digits)]


def brief(cat: Catalog, as_of: date | None = None, kind: str = "day") -> Brief:
    """Every briefing figure for the as-of day (default: the last full day) in the catalog's
    scope; with kind "weekend" (as of a Sunday only, else PeriodError) for Saturday and Sunday
    together: new and closed summed over the two days, backlog and overdue at Sunday's end, grid
    coverage over both days, spikes judged day by day (measures.period). The 30-day, at-risk and
    workforce figures are as of the as-of day either way."""
    as_of = resolve_as_of(cat, as_of)
    p = period(kind, as_of)
    first30 = as_of - timedelta(days=29)
    days = kpis_by_day(cat, first30, as_of)
    counts = period_counts(days, p)
    if not counts:
        raise PeriodError(
            f"period {p.kind}: expected its days {p.first} … {p.last} in the data", "period_no_data"
        )
    cohort = resolution_cohort(cat, first30, as_of, as_of)
    active, trained_share = workforce(cat, as_of)
    return Brief(
        as_of=as_of,
        scope=cat.scope,
        data_version=cat.data_version,
        **counts,
        on_time_rate_30d=on_time_rate(days),
        km_median_hours_30d=km_hours(cohort, 0.5),
        km_p90_hours_30d=km_hours(cohort, 0.1),
        within_limit_30d=within_limit(cat, first30, as_of, as_of),
        grid_coverage=grid_coverage(cat, as_of, days=p.days),
        active_workers=active,
        training_coverage_365d=trained_share,
        spikes=period_spikes(cat, p),
        at_risk=at_risk(cat, as_of),
        period=p.kind,
        period_first=p.first,
    )
