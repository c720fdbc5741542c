"""The /resolution page's figures, from the named queries and the metric functions: how long
incidents take to close (Kaplan–Meier by matter group, place or source, with time-limit
markers), where cases stall in the workflow, returns and escalations, the handling-unit league
table and satisfaction.

Every function takes a scoped `Catalog` and the window: `first` … `last` (inclusive days, the
report cohort) and `as_of`, whose end T is the censoring cut-off (DESIGN.md, metric
definitions). Kaplan–Meier figures come from stats/metrics (km_curve, km_hours,
naive_median_hours); nothing here re-derives a metric that metrics.py already defines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from dashboard.core import contract, stats
from dashboard.core.i18n import t
from dashboard.data import places
from dashboard.data.catalog import Catalog
from dashboard.measures import metrics

SPLITS = ("group", "place", "source")  # the KM curves' split; `group` = matter group
SOURCES = contract.SOURCES
STAGES = ("accept", "dispatch", "handle", "verify", "close")
MAX_CURVES = 8  # more lines than this cannot be told apart; the table lists every segment


def _window(first: date, last: date) -> dict:
    return {"from": first, "to": last}


# -- headline figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """The window's report cohort: incidents (cancelled left out), closed before T, the KM
    median and p90 and the naive closed-only median (hours; None where not reached), the
    within-limit probability and the on-time rate of the cases closed in the window (shares)."""

    incidents: int
    closed: int
    km_median_hours: float | None
    km_p90_hours: float | None
    naive_median_hours: float | None
    within_limit: float | None
    on_time_rate: float | None

    @property
    def still_open(self) -> int:
        return self.incidents - self.closed


def summary(
    cat: Catalog, first: date, last: date, as_of: date, cohort: pl.DataFrame | None = None
) -> Summary:
    """Headline figures of the window (metrics.resolution_cohort, km_hours, naive_median_hours,
    within_limit, on_time_rate — the briefing's definitions over this window). `cohort`: the
    window's resolution cohort when the caller has it already (cohort_of_segments)."""
    if cohort is None:
        cohort = metrics.resolution_cohort(cat, first, last, as_of)
    w = cohort["incidents"]
    return Summary(
        incidents=int(w.sum()),
        closed=int(cohort.filter(pl.col("closed"))["incidents"].sum()),
        km_median_hours=metrics.km_hours(cohort, 0.5),
        km_p90_hours=metrics.km_hours(cohort, 0.1),
        naive_median_hours=metrics.naive_median_hours(cohort),
        within_limit=metrics.within_limit(cat, first, last, as_of),
        on_time_rate=metrics.on_time_rate(metrics.kpis_by_day(cat, first, last)),
    )


# -- Kaplan–Meier by segment ---------------------------------------------------------------------


def segment_cohort(cat: Catalog, split: str, first: date, last: date, as_of: date) -> pl.DataFrame:
    """The KM input split by segment: columns segment (a code: group name in Chinese, place
    code or source), label_zh, label_en, minutes, closed, incidents. `place` splits one level
    below the catalog's scope (a grid splits into itself)."""
    window = {**_window(first, last), "cutoff": metrics.day_end(as_of)}
    if split == "group":
        frame = cat.query("resolution_minutes_by_group", **window)
        return frame.select(
            pl.col("group_zh").fill_null("").alias("segment"),
            pl.col("group_zh").alias("label_zh"),
            pl.col("group_en").alias("label_en"),
            "minutes",
            "closed",
            "incidents",
        )
    if split == "place":
        digits = places.child_digits(cat.scope) or 16
        frame = cat.query("resolution_minutes_by_place", **window, digits=digits)
        return frame.select(
            pl.col("place_code").alias("segment"),
            pl.coalesce("place_name", "place_code").alias("label_zh"),
            pl.coalesce("place_name", "place_code").alias("label_en"),  # places are named in zh
            "minutes",
            "closed",
            "incidents",
        )
    if split == "source":
        frame = cat.query("resolution_minutes_by_source", **window)
        return frame.select(
            pl.col("source").alias("segment"),
            pl.lit(None, pl.String).alias("label_zh"),  # labelled through i18n
            pl.lit(None, pl.String).alias("label_en"),
            "minutes",
            "closed",
            "incidents",
        )
    raise ValueError(f"split: expected one of {SPLITS}, found {split!r}")


def cohort_of_segments(frame: pl.DataFrame) -> pl.DataFrame:
    """A split's KM input (segment_cohort) summed over its segments: the window's whole cohort,
    the rows of metrics.resolution_cohort (minutes, closed, incidents, in that order) — every
    split counts the same incidents (queries/include/km_cohort.sql), so /resolution reads a
    year of incidents once for its headline and its default split, not twice."""
    return (
        frame.group_by("minutes", "closed")
        .agg(pl.col("incidents").sum())
        .sort("minutes", "closed")
        .select("minutes", "closed", "incidents")
    )


def segment_label(split: str, row: dict, lang: str) -> str:
    """A segment's name on screen in `lang` (sources and unknown groups through i18n)."""
    if split == "source":
        key = f"source_{row['segment']}"
        return t(key, lang) if row["segment"] in SOURCES else str(row["segment"])
    label = row.get(f"label_{lang}") or row.get("label_zh")
    return label or t("rep_group_unknown", lang)


@dataclass(frozen=True)
class SegmentKM:
    segment: str
    label_zh: str | None
    label_en: str | None
    incidents: int
    closed: int
    hours: np.ndarray  # stats.km_curve's event times, in hours
    survival: np.ndarray  # S just after each
    km_median_hours: float | None
    km_p90_hours: float | None
    naive_median_hours: float | None


def segment_km(frame: pl.DataFrame) -> list[SegmentKM]:
    """Per segment of a segment_cohort frame: the KM curve (stats.km_curve), KM median and
    p90 and the naive closed-only median (metrics.km_hours / naive_median_hours); largest
    segment first."""
    out = []
    for (segment,), part in frame.group_by("segment", maintain_order=True):
        times, surv = stats.km_curve(
            part["minutes"].to_numpy().astype(float),
            part["closed"].to_numpy(),
            part["incidents"].to_numpy(),
        )
        first = part.row(0, named=True)
        out.append(
            SegmentKM(
                segment=str(segment),
                label_zh=first["label_zh"],
                label_en=first["label_en"],
                incidents=int(part["incidents"].sum()),
                closed=int(part.filter(pl.col("closed"))["incidents"].sum()),
                hours=times / 60,
                survival=surv,
                km_median_hours=metrics.km_hours(part, 0.5),
                km_p90_hours=metrics.km_hours(part, 0.1),
                naive_median_hours=metrics.naive_median_hours(part),
            )
        )
    return sorted(out, key=lambda s: (-s.incidents, s.segment))


def segment_table(segments: list[SegmentKM], split: str, lang: str) -> pl.DataFrame:
    """One row per segment: name, incidents, closed, still open, KM median and p90 hours,
    naive closed-only median hours (rounded to 0.1 h)."""

    def r(x):
        return None if x is None else round(x, 1)

    rows = [
        {
            "segment": segment_label(
                split, {"segment": s.segment, "label_zh": s.label_zh, "label_en": s.label_en}, lang
            ),
            "incidents": s.incidents,
            "closed": s.closed,
            "still_open": s.incidents - s.closed,
            "km_median_hours": r(s.km_median_hours),
            "km_p90_hours": r(s.km_p90_hours),
            "naive_median_hours": r(s.naive_median_hours),
        }
        for s in segments
    ]
    schema = {
        "segment": pl.String,
        "incidents": pl.Int64,
        "closed": pl.Int64,
        "still_open": pl.Int64,
        "km_median_hours": pl.Float64,
        "km_p90_hours": pl.Float64,
        "naive_median_hours": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema)


def limit_markers(cat: Catalog, first: date, last: date) -> pl.DataFrame:
    """The cohort's time limits per urgency: urgency, incidents, median, min and max limit
    hours (resolution_limit_hours_by_urgency)."""
    return cat.query("resolution_limit_hours_by_urgency", **_window(first, last))


# -- where cases stall ---------------------------------------------------------------------------


def stages(cat: Catalog, first: date, last: date, as_of: date) -> pl.DataFrame:
    """Stage durations of the cohort (stage_minutes_by_stage) in hours: path (spot / case),
    stage, position, cases, median_hours, p90_hours."""
    frame = cat.query(
        "stage_minutes_by_stage", **_window(first, last), cutoff=metrics.day_end(as_of)
    )
    return frame.select(
        "path",
        "stage",
        "position",
        "cases",
        (pl.col("median_minutes") / 60).alias("median_hours"),
        (pl.col("p90_minutes") / 60).alias("p90_hours"),
    )


def open_by_last_step(cat: Catalog, as_of: date) -> pl.DataFrame:
    """The backlog at T by the last step reached (stage_open_cases_by_last_step): last_step,
    cases, overdue, median_age_hours."""
    return cat.query("stage_open_cases_by_last_step", cutoff=metrics.day_end(as_of))


# -- returns, escalations, units, satisfaction ---------------------------------------------------


def returns_by_level(cat: Catalog, first: date, last: date, as_of: date) -> pl.DataFrame:
    """The cohort's dispatched cases per escalation level with returned and escalated cases
    and their shares (resolution_returns_by_level)."""
    frame = cat.query(
        "resolution_returns_by_level", **_window(first, last), cutoff=metrics.day_end(as_of)
    )
    return frame.with_columns(
        (pl.col("returned_cases") / pl.col("cases")).alias("return_rate"),
        (pl.col("escalated_cases") / pl.col("cases")).alias("escalation_rate"),
    )


def league(cat: Catalog, first: date, last: date) -> pl.DataFrame:
    """The handling-unit league table (resolution_by_handling_unit) with the on-time rate
    (closed on time ÷ closed with a deadline, as metrics.on_time_rate) and the return count;
    one row per unit, most cases closed first."""
    frame = cat.query("resolution_by_handling_unit", **_window(first, last))
    return frame.select(
        "handling_unit",
        "closed",
        metrics.on_time_rate_expr().alias("on_time_rate"),
        pl.col("median_hours_closed").round(1),
        "returns",
        "open_at_end",
        "overdue_at_end",
    )


@dataclass(frozen=True)
class Satisfaction:
    """Ratings of the incidents closed in the window: by_score (score 1–5, on_time, late,
    no_limit counts, total), closed, rated, mean score overall and of the on-time and late
    ones (None without ratings)."""

    by_score: pl.DataFrame
    closed: int
    rated: int
    mean: float | None
    mean_on_time: float | None
    mean_late: float | None

    @property
    def share_rated(self) -> float | None:
        return self.rated / self.closed if self.closed else None


def satisfaction(cat: Catalog, first: date, last: date) -> Satisfaction:
    """resolution_satisfaction_by_score, one row per score 1–5 (zeros kept) split by whether
    the incident closed by its deadline."""
    raw = cat.query("resolution_satisfaction_by_score", **_window(first, last))
    scores = pl.DataFrame({"score": [1, 2, 3, 4, 5]}, schema={"score": pl.Int64})
    rated = raw.filter(pl.col("score").is_not_null())
    wide = rated.group_by("score").agg(
        pl.col("incidents").filter(pl.col("on_time") == True).sum().alias("on_time"),  # noqa: E712
        pl.col("incidents").filter(pl.col("on_time") == False).sum().alias("late"),  # noqa: E712
        pl.col("incidents").filter(pl.col("on_time").is_null()).sum().alias("no_limit"),
    )
    by_score = (
        scores.join(wide, on="score", how="left")
        .fill_null(0)
        .with_columns(total=pl.col("on_time") + pl.col("late") + pl.col("no_limit"))
    )

    def mean(col: str) -> float | None:
        n = by_score[col].sum()
        return float((by_score["score"] * by_score[col]).sum() / n) if n else None

    return Satisfaction(
        by_score,
        int(raw["incidents"].sum()),
        int(by_score["total"].sum()),
        mean("total"),
        mean("on_time"),
        mean("late"),
    )
