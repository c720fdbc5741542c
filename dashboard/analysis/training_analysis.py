"""The /training page's figures as frames: sessions and cumulative participant-times, training
coverage by place, topic and mode, never-trained and lapsed workers, hours per worker, and
coverage beside the on-time rate.

Definitions (DESIGN.md): D is the as-of day. A participant-time is one attendance row. Training
coverage (training_coverage_365d) is, of the active workers on D, the share with at least one
attendance as a grid worker in a session starting in D−364 … D; the place total is
metrics.workforce, the one the briefing shows, and the breakdown by place counts the workers by
the grids of their assignments valid on D. A worker is *lapsed* when trained before D−364 but not
since, *never trained* when no attendance is in the data up to D.

In a scoped session (a district, street …) the catalog shows the scope's grid workers' attendance
only: cadres carry no place in the exports (dashboard.data.catalog.SCOPE_RULES).

Every frame comes from a named query (queries/training_*.sql, places_under) or metrics; this
module only joins and divides. No I/O besides `cat.query`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from dashboard.data import places
from dashboard.data.catalog import Catalog
from dashboard.measures import metrics

SPANS = ("window", "365", "all")  # what the sessions timeline shows
COLOURS = ("topic", "mode", "level")  # what colours its markers
STATUSES = ("trained", "lapsed", "never")
COVERAGE_DAYS = 365


@dataclass(frozen=True)
class TrainingView:
    """Everything the page shows for one place, as-of day and time window (frames are small:
    sessions ≈ 100 rows, workers ≈ 9,000 at city level)."""

    as_of: date
    first: date  # first day of the time window
    sessions: pl.DataFrame  # session grain, up to D, with cumulative columns
    active_workers: int  # metrics.workforce
    coverage_365d: float | None  # metrics.workforce: training_coverage_365d of the place
    workers: pl.DataFrame  # worker grain: status, hours_365d, grids
    by_child: pl.DataFrame  # place grain, one level down
    by_street: pl.DataFrame  # place grain: streets (or the level below a street)
    by_topic: pl.DataFrame  # topic grain, 365 days
    by_mode: pl.DataFrame  # mode grain, 365 days
    on_time: pl.DataFrame  # place grain: coverage beside the on-time rate over the window
    on_time_digits: int  # depth of `on_time`'s places

    @property
    def coverage_first(self) -> date:
        """First day of the 365 days the coverage counts (D−364)."""
        return self.as_of - timedelta(days=COVERAGE_DAYS - 1)

    @property
    def totals(self) -> dict[str, int]:
        """Sessions and participant-times from the start of the data to D (grid workers and
        cadres apart)."""
        s = self.sessions
        return {
            "sessions": s.height,
            "participant_times": int(s["participant_times"].sum()),
            "grid_worker_times": int(s["grid_worker_times"].sum()),
            "cadre_times": int(s["cadre_times"].sum()),
        }

    def status_counts(self) -> dict[str, int]:
        """Active workers by status (trained / lapsed / never) on D."""
        counts = dict(self.workers.group_by("status").len().iter_rows())
        return {s: int(counts.get(s, 0)) for s in STATUSES}

    def window_sessions(self, span: str) -> pl.DataFrame:
        """The sessions the timeline shows: those in the time window ('window'), the 365 days
        ending on D ('365') or all up to D ('all')."""
        if span == "all":
            return self.sessions
        first = self.first if span == "window" else self.coverage_first
        return self.sessions.filter(pl.col("starts_at") >= first)


def sessions(cat: Catalog, as_of: date) -> pl.DataFrame:
    """Sessions starting up to the end of D (training_sessions) with the running totals
    cum_participant_times, cum_grid_worker_times and cum_cadre_times (participant-times from the
    first session to this one)."""
    frame = cat.query("training_sessions", to=as_of)
    return frame.with_columns(
        pl.col("participant_times").cum_sum().alias("cum_participant_times"),
        pl.col("grid_worker_times").cum_sum().alias("cum_grid_worker_times"),
        pl.col("cadre_times").cum_sum().alias("cum_cadre_times"),
    )


def worker_grids(cat: Catalog, as_of: date) -> pl.DataFrame:
    """Active worker × grid of a valid assignment on D, with the worker's attendance and status
    (training_by_worker_grid)."""
    return cat.query("training_by_worker_grid", as_of=as_of)


def workers(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per active worker: status, sessions (ever, 365 days), hours_365d (hours attended
    in sessions starting D−364 … D), last session day, and the grids (codes and names) of their
    assignments valid on D."""
    return (
        rows.group_by("worker_id", maintain_order=True)
        .agg(
            pl.col(
                "display_name",
                "employment",
                "hired_on",
                "status",
                "sessions_ever",
                "sessions_365d",
                "minutes_365d",
                "last_session_day",
            ).first(),
            pl.col("street_name").drop_nulls().unique(maintain_order=True).str.join("、"),
            pl.col("community_name").drop_nulls().unique(maintain_order=True).str.join("、"),
            pl.col("grid_code").drop_nulls().str.join(" ").alias("grid_codes"),
            pl.col("grid_name").drop_nulls().str.join("、").alias("grid_names"),
        )
        .with_columns((pl.col("minutes_365d") / 60).alias("hours_365d"))
        .drop("minutes_365d")
    )


def coverage_by_place(rows: pl.DataFrame, names: pl.DataFrame, digits: int) -> pl.DataFrame:
    """Per place at `digits` (6 district, 9 street, 12 community, 16 grid): active workers
    assigned there on D, of them trained in the 365 days, lapsed, never trained, and coverage
    (trained ÷ active). A worker covering grids in two places counts in each. `names`: the
    places_under frame (code, name, grids) at the same depth."""
    placed = rows.filter(pl.col("grid_code").is_not_null()).with_columns(
        pl.col("grid_code").str.slice(0, digits).alias("code")
    )
    per_place = (
        placed.unique(["code", "worker_id"])
        .group_by("code")
        .agg(
            pl.len().alias("active_workers"),
            (pl.col("status") == "trained").sum().alias("trained_365d"),
            (pl.col("status") == "lapsed").sum().alias("lapsed"),
            (pl.col("status") == "never").sum().alias("never_trained"),
        )
        .with_columns((pl.col("trained_365d") / pl.col("active_workers")).alias("coverage"))
    )
    return (
        names.select("code", "name")
        .join(per_place, on="code", how="left")
        .with_columns(
            pl.col("active_workers", "trained_365d", "lapsed", "never_trained")
            .fill_null(0)
            .cast(pl.Int64)
        )
        .sort("code")
    )


def reach(cat: Catalog, as_of: date, active_workers: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(by topic, by mode) for sessions starting D−364 … D: sessions, participant_times,
    workers_reached (distinct active grid workers who attended) and reached_share (÷ active
    workers on D). From training_reach_by_topic_mode."""
    frame = cat.query("training_reach_by_topic_mode", as_of=as_of).with_columns(
        (pl.col("workers_reached") / active_workers if active_workers else pl.lit(None))
        .cast(pl.Float64)
        .alias("reached_share")
    )

    def part(dimension: str) -> pl.DataFrame:
        return frame.filter(pl.col("dimension") == dimension).drop("dimension")

    return part("topic"), part("mode")


def on_time_digits(scope: str) -> int:
    """Depth of the places in the coverage–on-time comparison: streets at city and district
    level (enough of them to see a pattern), else one level down (grids under a grid)."""
    if len(scope) < 9:
        return 9
    return places.child_digits(scope) or 16


def on_time_vs_coverage(
    cat: Catalog, first: date, last: date, coverage: pl.DataFrame, digits: int
) -> pl.DataFrame:
    """Per place at `digits`: training coverage (365 days to D, from `coverage_by_place`) beside
    the on-time rate of incidents closed first … last (closed_on_time ÷ closed_with_deadline, as
    metrics.on_time_rate; training_on_time_by_place). Places with no closed case with a deadline
    have a null rate."""
    closed = cat.query("training_on_time_by_place", **{"from": first, "to": last}, digits=digits)
    return (
        coverage.join(closed, on="code", how="left")
        .with_columns(pl.col("new", "closed_with_deadline", "closed_on_time").fill_null(0))
        .with_columns(metrics.on_time_rate_expr().alias("on_time_rate"))
    )


def rated_places(frame: pl.DataFrame) -> pl.DataFrame:
    """The places of `on_time_vs_coverage` that have both a coverage and an on-time rate."""
    return frame.filter(pl.col("coverage").is_not_null() & pl.col("on_time_rate").is_not_null())


def on_time_by_coverage_half(frame: pl.DataFrame) -> dict[str, float | None] | None:
    """A descriptive summary of `on_time_vs_coverage`: the pooled on-time rate of the places at
    or above the median coverage ('high') and below it ('low'), with that median. None when
    fewer than four places have both figures."""
    rows = rated_places(frame)
    if rows.height < 4:
        return None
    median = float(rows["coverage"].median())

    def pooled(part: pl.DataFrame) -> float | None:
        total = int(part["closed_with_deadline"].sum())
        return int(part["closed_on_time"].sum()) / total if total else None

    return {
        "median_coverage": median,
        "high": pooled(rows.filter(pl.col("coverage") >= median)),
        "low": pooled(rows.filter(pl.col("coverage") < median)),
    }


def build(cat: Catalog, as_of: date, days: int) -> TrainingView:
    """The page's frames for the catalog's scope, as-of day D and a time window of `days` days
    ending on D (the window sets the on-time period and the 'window' timeline span)."""
    first = as_of - timedelta(days=days - 1)
    active, share = metrics.workforce(cat, as_of)
    rows = worker_grids(cat, as_of)
    child = places.child_digits(cat.scope) or len(cat.scope)
    by_child = coverage_by_place(rows, _names(cat, child), child)
    street = 9 if len(cat.scope) < 9 else child
    by_street = (
        by_child if street == child else coverage_by_place(rows, _names(cat, street), street)
    )
    digits = on_time_digits(cat.scope)
    coverage = {child: by_child, street: by_street}.get(digits)
    if coverage is None:
        coverage = coverage_by_place(rows, _names(cat, digits), digits)
    by_topic, by_mode = reach(cat, as_of, active)
    return TrainingView(
        as_of=as_of,
        first=first,
        sessions=sessions(cat, as_of),
        active_workers=active,
        coverage_365d=share,
        workers=workers(rows),
        by_child=by_child,
        by_street=by_street,
        by_topic=by_topic,
        by_mode=by_mode,
        on_time=on_time_vs_coverage(cat, first, as_of, coverage, digits),
        on_time_digits=digits,
    )


def _names(cat: Catalog, digits: int) -> pl.DataFrame:
    return cat.query("places_under", digits=digits)


# -- tables for the screen and the downloads ----------------------------------------------------


def _translate(column: str, prefix: str, lang: str) -> pl.Expr:
    """Enum values (mode, level, status, employment) as on-screen words."""
    from dashboard.core.i18n import STRINGS, t

    keys = [k.removeprefix(prefix) for k in STRINGS if k.startswith(prefix)]
    return pl.col(column).replace_strict({k: t(prefix + k, lang) for k in keys}, default=None)


def sessions_table(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Session grain, newest first, with mode and level in words."""
    return frame.sort("starts_at", descending=True).select(
        "session_id",
        "title",
        "topic",
        _translate("level", "tr_level_", lang),
        _translate("mode", "tr_mode_", lang),
        "starts_at",
        "duration_minutes",
        "participant_times",
        "grid_worker_times",
        "cadre_times",
    )


def places_table(frame: pl.DataFrame) -> pl.DataFrame:
    """Place grain, lowest coverage first, coverage in percent (1 decimal)."""
    return frame.sort("coverage", "code", nulls_last=True).select(
        "code",
        "name",
        (100 * pl.col("coverage")).round(1).alias("coverage"),
        "active_workers",
        "trained_365d",
        "lapsed",
        "never_trained",
    )


def reach_table(frame: pl.DataFrame, kind: str, lang: str) -> pl.DataFrame:
    """Topic or mode grain (`kind`), share reached in percent (1 decimal)."""
    value = pl.col("value") if kind == "topic" else _translate("value", "tr_mode_", lang)
    return frame.select(
        value.alias(kind),
        (100 * pl.col("reached_share")).round(1).alias("reached_share"),
        "participant_times",
        "workers_reached",
        "sessions",
    )


def worker_list(workers: pl.DataFrame, status: str, lang: str) -> pl.DataFrame:
    """The active workers with `status` ('never' or 'lapsed'), with their grids; the longest
    without training first (lapsed), or the longest in post first (never)."""
    rows = workers.filter(pl.col("status") == status)
    rows = (
        rows.sort("last_session_day", "worker_id")
        if status == "lapsed"
        else rows.sort("hired_on", "worker_id")
    )
    # Dates as ISO text: the data grid would show a date column as a midnight timestamp.
    return rows.select(
        "worker_id",
        "display_name",
        _translate("employment", "tr_employment_", lang),
        pl.col("hired_on").dt.to_string("%Y-%m-%d"),
        "street_name",
        "community_name",
        "grid_names",
        "grid_codes",
        "sessions_ever",
        pl.col("last_session_day").dt.to_string("%Y-%m-%d"),
    )


def on_time_table(frame: pl.DataFrame) -> pl.DataFrame:
    """Place grain: coverage and on-time rate in percent, with their counts."""
    return frame.sort("code").select(
        "code",
        "name",
        (100 * pl.col("coverage")).round(1).alias("coverage"),
        (100 * pl.col("on_time_rate")).round(1).alias("on_time_rate"),
        "active_workers",
        "trained_365d",
        "closed_with_deadline",
        "closed_on_time",
    )
