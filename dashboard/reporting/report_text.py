"""The weekly report's words: the summary's sentences (`talking_points`, by fixed rules from the
figures the report shows), the spikes it lists and the appendix's sources (named query and
parameters of every figure). The figures themselves come from dashboard.reporting.report."""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.core.i18n import t
from dashboard.measures import metrics
from dashboard.reporting.report import (
    LATE_ROWS,
    RATE_KEYS,
    ReportData,
    fmt_value,
)

# -- the summary's sentences --------------------------------------------------------------------

# The figures the "largest change" sentence compares, in the KPI table's order (ties go to the
# first): counts and the resolution time, whose relative change means the same thing.
CHANGE_KEYS = ("new", "closed", "backlog", "overdue", "km_median_hours")


def _amount(key: str, value, lang: str) -> str:
    """A figure's value in a sentence: as the KPI table prints it, counts with their unit."""
    if key in RATE_KEYS or key == "km_median_hours":
        return fmt_value(key, value, lang)
    return t("rep_unit_incidents", lang, n=f"{value:,}")


def largest_change(kpis: dict, prev: dict | None) -> tuple[str, float, float] | None:
    """(key, this week, last week) of the CHANGE_KEYS figure whose value changed most relative
    to last week, comparing the values as the table prints them (hours to 0.1); None without a
    reference week or where nothing changed. Figures null either week, or 0 last week, are left
    out (no relative change)."""
    if prev is None:
        return None
    best, best_rel = None, 0.0
    for key in CHANGE_KEYS:
        now, before = kpis.get(key), prev.get(key)
        if now is None or before is None:
            continue
        if key == "km_median_hours":
            now, before = round(now, 1), round(before, 1)
        if before == 0:
            continue
        rel = abs(now - before) / before
        if rel > best_rel:
            best, best_rel = (key, now, before), rel
    return best


def talking_points(data: ReportData, lang: str) -> list[str]:
    """The summary's sentences (4–6), by fixed rules from the figures the report shows: the
    week's volume and backlog (KPI table); the largest change on last week (largest_change,
    when there is a reference week); resolution time (median), within-limit probability and
    on-time rate (KPI table); the week's spikes (the spikes table: how many, and the largest
    excess); the cases due on the Monday after the week and how many will probably go overdue
    (the 预计超期 table); the place one level down with most incidents (the map's table). Every number is
    formatted as where it is shown."""
    k, p = data.kpis, data.prev
    out = [
        t(
            "rep_s_volume",
            lang,
            **{key: f"{k[key]:,}" for key in ("new", "closed", "backlog", "overdue")},
        )
    ]
    change = largest_change(k, p)
    if change is not None:
        key, now, before = change
        d = now - before
        pct = f"{100 * d / before:+.1f}%"
        delta = _amount(key, round(abs(d), 1) if key == "km_median_hours" else abs(d), lang)
        out.append(
            t(
                "rep_s_change_up" if d > 0 else "rep_s_change_down",
                lang,
                figure=t(f"rep_f_{key}", lang),
                now=_amount(key, now, lang),
                before=_amount(key, before, lang),
                delta=delta,
                pct=pct,
            )
        )
    elif p is not None:
        out.append(t("rep_s_change_none", lang))
    out.append(
        t(
            "rep_s_resolution",
            lang,
            median=fmt_value("km_median_hours", k["km_median_hours"], lang),
            prev=fmt_value("km_median_hours", p["km_median_hours"] if p else None, lang),
            within=fmt_value("within_limit", k["within_limit"], lang),
            on_time=fmt_value("on_time_rate", k["on_time_rate"], lang),
        )
    )
    if data.spikes:
        day, top = top_spikes(data.spikes)[0]
        out.append(
            t(
                "rep_s_spikes",
                lang,
                n=len(data.spikes),
                day=day.isoformat(),
                name=top.name,
                count=f"{top.count:,}",
                baseline=f"{top.baseline:.2f}",
            )
        )
    else:
        out.append(t("rep_s_no_spikes", lang))
    risk, due_day = data.at_risk, metrics.due_day(data.sunday).isoformat()
    if risk.due_24h:
        out.append(
            t(
                "rep_s_at_risk",
                lang,
                day=due_day,
                due=f"{risk.due_24h:,}",
                expected=f"{risk.expected_overdue_24h:,.1f}",
            )
        )
    else:
        out.append(t("rep_s_no_at_risk", lang, day=due_day))
    if data.places.height and data.places["incidents"][0] > 0 and data.places.height > 1:
        row = data.places.row(0, named=True)
        share = f"{100 * row['incidents'] / k['new']:.1f}%" if k["new"] else "–"
        level = t(f"rep_level_{data.child_digits}", lang)
        said = {"level": level, "name": row["name"], "count": f"{row['incidents']:,}"}
        if row["prev_incidents"] is None:
            out.append(t("rep_s_top_place_no_ref", lang, **said, share=share))
        else:
            before = f"{row['prev_incidents']:,}"
            out.append(t("rep_s_top_place", lang, **said, share=share, before=before))
    return out


def top_spikes(spikes: list[tuple[date, metrics.Spike]], n: int = 15) -> list:
    """The n largest excesses of the week's spikes, largest first (then by day and code)."""
    return sorted(spikes, key=lambda ds: (-ds[1].excess, ds[0], ds[1].code))[:n]


def sources(data: ReportData, lang: str) -> list[tuple[str, str, str]]:
    """(figure, named query, parameters) for every figure and table of the report, in the
    order of the pages; a figure is named by its string keys (joined by " / ")."""
    m, s = data.monday, data.sunday
    week = f"from={m}, to={s}"
    cut = f"cutoff={s + timedelta(days=1)} 00:00"
    prev = f"from={m - timedelta(days=7)}, to={s - timedelta(days=7)}"
    return [
        (
            "rep_summary",
            "kpis_by_day, resolution_minutes_cohort, within_limit_cohort, "
            "spikes_by_place, at_risk_due_cases, map_grid_incidents",
            t("rep_params_below", lang),
        ),
        (
            "rep_k_new / rep_k_closed / rep_k_backlog / rep_k_overdue / rep_k_on_time_rate",
            "kpis_by_day",
            f"{week}; {prev}",
        ),
        ("rep_k_km_median_hours", "resolution_minutes_cohort", f"{week}, {cut}; {prev}"),
        ("rep_k_within_limit", "within_limit_cohort", f"{week}, {cut}; {prev}"),
        ("rep_k_grid_coverage", "grid_coverage_by_day", f"from = to = {m} … {s} (7 runs), days=1"),
        ("rep_k_participant_times", "training_by_day", f"{week}; {prev}"),
        ("rep_trend", "kpis_by_day", f"from={data.trend_from}, to={s}"),
        ("rep_backlog", "backlog_by_age", f"as_of={s}"),
        ("rep_late", "late_cases_most_overdue", f"as_of={s}, days=1, limit={LATE_ROWS}"),
        (
            "rep_at_risk",
            # the history's rows are read as stored at ingest when the Sunday is the data's
            # last full day (resolution_minutes_by_group_stored): the same rows
            "at_risk_due_cases, resolution_minutes_by_group / _stored",
            f"as_of={s}; history {s - timedelta(days=metrics.AT_RISK_HISTORY_DAYS - 1)} … {s}",
        ),
        ("rep_resolution", "resolution_minutes_by_group", f"{week}, {cut}"),
        (
            "rep_map",
            "map_grid_incidents",
            f"as_of={s}, days=7; as_of={s - timedelta(days=7)}, days=7",
        ),
        ("rep_spikes", "spikes_by_place", f"as_of={m} … {s} (7 runs), digits=9"),
        ("rep_workload", "workload_by_worker", week),
        ("rep_training", "training_by_day", week),
        ("rep_quality", "data_quality", "–"),
    ]
