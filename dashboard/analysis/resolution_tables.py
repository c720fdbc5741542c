"""What /resolution shows in words and tables beside its charts: the headline's hours and its
note on the Kaplan–Meier median against the naive one, the time-limit markers, and the tables of
the stall, backlog and league sections with their labels in the page's language. The frames come
from dashboard.analysis.resolution_analysis; views/resolution.py only lays these out."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboard.analysis.km_figures import hour_text
from dashboard.analysis.resolution_analysis import MAX_CURVES, SegmentKM, Summary, segment_label
from dashboard.core.i18n import share_text, t

URGENCIES = ("urgent", "normal")  # the urgencies whose median time limit the KM chart marks


@dataclass(frozen=True)
class Headline:
    """/resolution's headline for a window: the summary figures and the cohort's time limits
    per urgency (resolution_analysis.limit_markers)."""

    summary: Summary
    limits: pl.DataFrame


def hours_text(h: float | None, lang: str) -> str:
    """Hours as a tile shows them: one decimal under 100 h, whole hours above; – for none."""
    if h is None:
        return "–"
    unit = t("unit_hours", lang)
    return f"{h:.1f} {unit}" if h < 100 else f"{h:,.0f} {unit}"


# Below this many incidents in the window the figures describe those cases, not a pattern: the
# page says so (a grid's one incident gave a "median" of 54.9 h and 100 % within the limit).
FEW_INCIDENTS = 30


def few_note(s: Summary, lang: str) -> str | None:
    """A caution where the window has fewer than FEW_INCIDENTS incidents (but some); else None."""
    if 0 < s.incidents < FEW_INCIDENTS:
        key = "res_few_one" if s.incidents == 1 else "res_few"
        return t(key, lang, n=f"{s.incidents:,}", least=FEW_INCIDENTS)
    return None


def km_note(s: Summary, lang: str) -> str | None:
    """Why the Kaplan–Meier median differs from the median of the closed cases alone (the open
    cases are the slow ones), in figures; None when there is nothing to say."""
    if s.incidents and s.still_open == 0:
        return t("res_why_none", lang)
    if not s.incidents or s.km_median_hours is None or s.naive_median_hours is None:
        return None
    diff = s.km_median_hours - s.naive_median_hours
    figures = {
        "open": f"{s.still_open:,}",
        "share": share_text(s.still_open / s.incidents),
        "naive": hours_text(s.naive_median_hours, lang),
        "km": hours_text(s.km_median_hours, lang),
        # the note sits above the sections; its table is the first section's
        "section": t("res_km_heading", lang),
    }
    if abs(diff) < 0.05:  # the same as shown (to 0.1 h): not "why they differ"
        return t("res_why_agree", lang, **figures)
    if diff > 0:
        direction = t("res_why_lower", lang, diff=hours_text(diff, lang))
    else:  # possible when early censoring hides short cases: say so rather than "the same"
        direction = t("res_why_higher", lang, diff=hours_text(-diff, lang))
    return t("res_why", lang, **figures, direction=direction)


def median_limits(limits: pl.DataFrame) -> dict[str, float]:
    """The median time limit (hours) per urgency that has one."""
    found = dict(zip(limits["urgency"], limits["median_limit_hours"], strict=True))
    return {u: h for u, h in found.items() if h}


def km_markers(limits: pl.DataFrame, lang: str) -> list[tuple[str, float]]:
    """The KM chart's vertical markers: (label, hours) for the urgent and the normal median
    time limit."""
    median = median_limits(limits)
    return [
        (t(f"res_limit_{u}", lang, h=hour_text(median[u], lang)), median[u])
        for u in URGENCIES
        if u in median
    ]


def km_note_values(limits: pl.DataFrame, lang: str) -> dict[str, str]:
    """The urgent and normal median limits as the chart's note words them ("none in the
    cohort" where no incident of that urgency has a limit)."""
    median = median_limits(limits)
    none = t("res_limit_none", lang)
    return {u: hour_text(median[u], lang) if u in median else none for u in URGENCIES}


def km_curves(segments: list[SegmentKM], split: str, lang: str) -> list[tuple[str, SegmentKM]]:
    """The curves the KM chart draws: the first MAX_CURVES segments (largest first) with their
    names in `lang`; the table beside it lists every segment."""
    return [
        (
            segment_label(
                split, {"segment": g.segment, "label_zh": g.label_zh, "label_en": g.label_en}, lang
            ),
            g,
        )
        for g in segments[:MAX_CURVES]
    ]


def _labelled(frame: pl.DataFrame, column: str, prefix: str, lang: str) -> pl.Expr:
    """`column` with each value replaced by its string `prefix + value` in `lang`."""
    values = frame[column].unique().to_list()
    return pl.col(column).replace_strict({v: t(f"{prefix}{v}", lang) for v in values})


def stage_table(stages: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The stage durations as listed: path and stage in words, cases, median and p90 hours
    (two decimals)."""
    return stages.select(
        _labelled(stages, "path", "res_path_", lang),
        _labelled(stages, "stage", "res_stage_", lang),
        "cases",
        pl.col("median_hours").round(2),
        pl.col("p90_hours").round(2),
    )


def open_steps_table(open_steps: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The backlog by last step as listed: the step in words, cases, overdue, median age (h)."""
    return open_steps.select(
        _labelled(open_steps, "last_step", "res_step_", lang),
        "cases",
        "overdue",
        pl.col("median_age_hours").round(1),
    )


def returns_table(returns: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Returns and escalations per level as listed: the level in words, the counts, and the
    rates in percent (one decimal)."""
    return returns.select(
        _labelled(returns, "escalation_level", "res_level_", lang),
        "cases",
        "returned_cases",
        (pl.col("return_rate") * 100).round(1),
        "escalated_cases",
        (pl.col("escalation_rate") * 100).round(1),
        "returns",
        "escalations",
    )


def league_table(league: pl.DataFrame, min_closed: int) -> pl.DataFrame:
    """The league table as listed: units with at least `min_closed` cases closed in the
    window, the on-time rate in percent (one decimal)."""
    return league.filter(pl.col("closed") >= min_closed).with_columns(
        (pl.col("on_time_rate") * 100).round(1)
    )


def at_risk_groups(risk, lang: str) -> pl.DataFrame:
    """预计超期 by matter group as listed: the group in the page's language (unknown item or
    category: "unknown"), due today, expected to go overdue (one decimal) and that as a share of
    the due (percent, one decimal); most expected first."""
    groups = risk.by_group()
    name = "group_zh" if lang == "zh" else "group_en"
    return groups.select(
        pl.col(name).fill_null(t("rep_group_unknown", lang)).alias("group"),
        "due",
        pl.col("expected_overdue").round(1),
        (pl.col("expected_overdue") / pl.col("due") * 100).round(1).alias("expected_share"),
    )


def at_risk_cases(risk, lang: str) -> pl.DataFrame:
    """The due cases as listed, most likely to miss first: incident, grid, item, the chance of
    missing in percent (whole), due at (to the minute), the handling unit (not dispatched yet:
    said so), the group, and age and time limit in hours (one decimal)."""
    cases = risk.cases
    suffix = "zh" if lang == "zh" else "en"
    return cases.select(
        "incident_id",
        "grid_name",
        pl.col(f"item_{suffix}").alias("item"),
        (pl.col("p_miss") * 100).round(0).cast(pl.Int64).alias("p_miss_pct"),
        pl.col("deadline_at").dt.strftime("%Y-%m-%d %H:%M"),
        pl.col("handling_unit").fill_null(t("unit_not_dispatched", lang)),
        pl.col(f"group_{suffix}").fill_null(t("rep_group_unknown", lang)).alias("group"),
        (pl.col("age_minutes") / 60).round(1).alias("age_hours"),
        (pl.col("limit_minutes") / 60).round(1).alias("limit_hours"),
    )
