"""The weekly PDF snapshot (`griddash report`): its figures, collected once per week and scope.
Its sentences and sources are in report_text, its charts in report_charts, its layout in
report_pdf, and the command's file handling in report_file.

Every figure comes from dashboard.measures.metrics (or a named query) and every chart from the same
dashboard.charts.figures functions as the screen. Charts are exported as SVG by kaleido (Debian's
chromium, one session per report, no MathJax) and embedded as vectors by fpdf2, with the
WenQuanYi Micro Hei font embedded. The same data gives the same text: the only wall-clock value is
"generated at", which takes `now`.

Pages (always 6): summary (titled with the scope's place; 4–6 sentences written by fixed rules
from the figures shown, `talking_points`; the KPI table against the week before; the daily
trend) · backlog by age, the most overdue cases and those due on the Monday after (预计超期) ·
resolution (KM curves by matter group on a
log hours axis, reporting.report_charts.km_segments_plotly: as /resolution draws them, through
the same curve points) · where
incidents were (the places one level below the scope coloured by the week's incidents,
dashboard.reporting.report_map, and their table) · the week's spikes, workload and training · data
quality and the appendix (named query and parameters of every figure, the data version and its
fingerprint — no server path).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import polars as pl

from dashboard.core import paths, stats
from dashboard.core.i18n import t
from dashboard.core.romanise import path_name, place_name
from dashboard.data import places
from dashboard.data.catalog import Catalog
from dashboard.geo import maps, outlines
from dashboard.measures import metrics

FONT_PATH = paths.CJK_FONT
PAGES = 6
LATE_ROWS = 12  # the most overdue cases listed on page 2
PLACE_ROWS = 15  # rows of the places table under the map


_WEEK = re.compile(r"(\d{4})-W(\d{2})")


class ReportError(Exception):
    """The report cannot be made (bad week, missing font or browser); the message says why."""


# -- weeks and figures ---------------------------------------------------------------------------


def parse_week(text: str) -> date:
    """The Monday of an ISO week 'YYYY-Www'."""
    m = _WEEK.fullmatch(text.strip())
    try:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        raise ReportError(f"week: expected an ISO week like 2026-W43, found {text!r}") from None


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def last_full_week(cat: Catalog) -> date:
    """The Monday of the last ISO week whose seven days are all full days of the data."""
    return week_ending_by(metrics.data_days(cat)[1])


def week_ending_by(last: date) -> date:
    """The Monday of the last ISO week that ends on or before `last` (a Sunday's own week)."""
    sunday = last - timedelta(days=(last.weekday() + 1) % 7)
    return sunday - timedelta(days=6)


def check_week(cat: Catalog, monday: date) -> None:
    first, last = metrics.data_days(cat)
    if monday < first or monday + timedelta(days=6) > last:
        raise ReportError(
            f"week {week_label(monday)}: expected a week inside the data's full days "
            f"{first} … {last}"
        )


KPI_KEYS = (
    "new",
    "closed",
    "backlog",
    "overdue",
    "on_time_rate",
    "km_median_hours",
    "within_limit",
    "grid_coverage",
    "participant_times",
)
RATE_KEYS = {"on_time_rate", "within_limit", "grid_coverage"}


def week_kpis(cat: Catalog, monday: date) -> dict[str, float | int | None] | None:
    """The week's KPIs (see rep_kpi_notes); None when the week lies before the data."""
    first, _ = metrics.data_days(cat)
    sunday = monday + timedelta(days=6)
    if monday < first:
        return None
    days = metrics.kpis_by_day(cat, monday, sunday)
    end = days.filter(pl.col("day") == sunday).row(0, named=True)
    cohort = metrics.resolution_cohort(cat, monday, sunday, sunday)
    coverages = [metrics.grid_coverage(cat, monday + timedelta(days=i)) for i in range(7)]
    coverages = [c for c in coverages if c is not None]
    training = cat.query("training_by_day", **{"from": monday, "to": sunday})
    return {
        "new": int(days["new"].sum()),
        "closed": int(days["closed"].sum()),
        "backlog": int(end["backlog"]),
        "overdue": int(end["overdue"]),
        "on_time_rate": metrics.on_time_rate(days),
        "km_median_hours": metrics.km_hours(cohort, 0.5),
        "within_limit": metrics.within_limit(cat, monday, sunday, sunday),
        "grid_coverage": sum(coverages) / len(coverages) if coverages else None,
        "participant_times": int(training["participant_times"].sum()),
    }


def fmt_value(key: str, value, lang: str) -> str:
    if value is None:
        return "–"
    if key in RATE_KEYS:
        return f"{100 * value:.1f}%"
    if key == "km_median_hours":
        return f"{value:.1f} {t('unit_hours', lang)}"
    return f"{value:,}"


def fmt_change(key: str, now, before, lang: str) -> str:
    """This week − last week as the table shows it; a change that rounds to zero is written
    without a sign (no "-0.0")."""
    if now is None or before is None:
        return t("rep_no_reference", lang)
    d = now - before
    if key in RATE_KEYS:
        d = round(100 * d, 1)
        return f"{d:+.1f} pp" if d else "0.0 pp"
    if key == "km_median_hours":
        d = round(now, 1) - round(before, 1)  # the change of the values as printed
        return (
            f"{d:+.1f} {t('unit_hours', lang)}" if round(d, 1) else f"0.0 {t('unit_hours', lang)}"
        )
    return f"{d:+,}" if d else "0"


@dataclass
class ReportData:
    monday: date
    scope: str
    scope_name: str  # the whole chain: 太原市 · 迎泽区 · …
    title_name: str  # the place the report is about: 太原市, 迎泽区, 迎泽区 柳巷街道 …
    data_version: str  # catalog_info's data_version: ingest time and fingerprint, nothing else
    kpis: dict
    prev: dict | None
    trend: pl.DataFrame
    trend_from: date
    ages: pl.DataFrame
    late: pl.DataFrame
    spikes: list[tuple[date, metrics.Spike]]
    quality: pl.DataFrame
    by_group: pl.DataFrame  # resolution_minutes_by_group
    workload: pl.DataFrame  # workload_by_worker
    training: pl.DataFrame  # training_by_day
    map_points: pl.DataFrame  # maps.heat_points over the week: grid lon, lat, incidents
    map_features: list  # the scope's children's outlines (GeoJSON), from outlines.outlines
    map_labels: list  # (code, name, lon, lat) of the children, largest first
    child_digits: int  # the children's level: 6 districts, 9 streets, 12 communities, 16 grids
    places: pl.DataFrame  # place_counts: code, name, incidents, prev_incidents; most first
    at_risk: metrics.AtRisk  # 预计超期 at the end of Sunday: due on the Monday after the week

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def collect(cat: Catalog, monday: date, lang: str) -> ReportData:
    """Every figure of the report, from dashboard.measures.metrics and the named queries."""
    check_week(cat, monday)
    first, _ = metrics.data_days(cat)
    sunday = monday + timedelta(days=6)
    trend_from = max(first, sunday - timedelta(days=27))
    crumbs = places.breadcrumb(cat)
    # Places are named in the report's language (romanised in English: core.romanise).
    scope_name = " · ".join([t("city", lang)] + [place_name(c.name, lang) for c in crumbs[1:]])
    week_days = [monday + timedelta(days=i) for i in range(7)]
    spikes = [
        (d, replace(s, name=path_name(s.name, lang), own_name=place_name(s.own_name, lang)))
        for d in week_days
        for s in metrics.spikes(cat, d)
    ]
    shapes = outlines.outlines(cat, lang)
    points = maps.heat_points(cat, sunday, window_days=7)
    prev_points = maps.heat_points(cat, sunday - timedelta(days=7), window_days=7)
    has_prev = monday - timedelta(days=7) >= first  # last week lies inside the data
    return ReportData(
        monday=monday,
        scope=cat.scope,
        scope_name=scope_name,
        title_name=title_name([c.name for c in crumbs[1:]], lang),
        data_version=cat.data_version,
        kpis=week_kpis(cat, monday),
        prev=week_kpis(cat, monday - timedelta(days=7)),
        trend=metrics.kpis_by_day(cat, trend_from, sunday),
        trend_from=trend_from,
        ages=metrics.backlog_by_age(cat, sunday),
        late=places.in_language(metrics.late_cases(cat, sunday, limit=LATE_ROWS), lang),
        spikes=spikes,
        quality=cat.query("data_quality"),
        by_group=cat.query(
            "resolution_minutes_by_group",
            **{"from": monday, "to": sunday},
            cutoff=metrics.day_end(sunday),
        ),
        workload=cat.query("workload_by_worker", **{"from": monday, "to": sunday}),
        training=cat.query("training_by_day", **{"from": monday, "to": sunday}),
        map_points=points,
        map_features=list(shapes.children),
        # On one line: the page's map moves a label out on a leader line where it does not fit
        # (the screen's map writes an English district's name on two lines instead).
        map_labels=[(lb.code, lb.text.replace("\n", " "), lb.lon, lb.lat) for lb in shapes.labels],
        child_digits=shapes.child_digits,
        places=place_counts(
            shapes.children, shapes.child_digits, points, prev_points if has_prev else None
        ),
        at_risk=_at_risk_in(metrics.at_risk(cat, sunday), lang),
    )


def _at_risk_in(risk: metrics.AtRisk, lang: str) -> metrics.AtRisk:
    """`risk` with its cases' grids and units named in `lang` (romanised in English)."""
    return replace(risk, cases=places.in_language(risk.cases, lang))


def title_name(names: list[str], lang: str) -> str:
    """The report's place, as its title names it: the city, or the names from the district
    down to the scope (a name that repeats the one before it, as a grid's does its
    community's, stands alone); in English romanised, joined with " · "."""
    kept = [
        n for i, n in enumerate(names) if not (i + 1 < len(names) and names[i + 1].startswith(n))
    ]
    if not kept:
        return t("city", lang)
    return " ".join(kept) if lang == "zh" else " · ".join(place_name(n, lang) for n in kept)


def place_counts(
    children, digits: int, week: pl.DataFrame, prev: pl.DataFrame | None
) -> pl.DataFrame:
    """Per place one level below the scope (outlines.outlines' children: GeoJSON with code, name):
    incidents in the week (the grids' heat_points summed; 0 where none) and in the week before
    (null when that week lies before the data); most incidents first, then by code."""

    def per_place(points: pl.DataFrame) -> pl.DataFrame:
        return points.group_by(pl.col("grid_code").str.slice(0, digits).alias("code")).agg(
            pl.col("incidents").sum()
        )

    frame = pl.DataFrame(
        {
            "code": [f["properties"]["code"] for f in children],
            "name": [f["properties"]["name"] for f in children],
        },
        schema={"code": pl.String, "name": pl.String},
    )
    frame = frame.join(per_place(week), on="code", how="left").with_columns(
        pl.col("incidents").fill_null(0).cast(pl.Int64)
    )
    if prev is None:
        frame = frame.with_columns(pl.lit(None, dtype=pl.Int64).alias("prev_incidents"))
    else:
        before = per_place(prev).rename({"incidents": "prev_incidents"})
        frame = frame.join(before, on="code", how="left").with_columns(
            pl.col("prev_incidents").fill_null(0).cast(pl.Int64)
        )
    return frame.sort(["incidents", "code"], descending=[True, False])


WORKLOAD_COLUMNS = ("incidents_reported", "patrol_minutes")


@dataclass(frozen=True)
class Workload:
    column: str
    workers: int
    total: int
    mean: float | None
    median: float | None
    max: int | None
    gini: float | None  # stats.gini over the workers (zeros included)


def workload_summary(workload: pl.DataFrame) -> list[Workload]:
    """Per measure of workload_by_worker: total, mean, median, max and Gini over the workers."""
    out = []
    for col in WORKLOAD_COLUMNS:
        x = workload[col].to_numpy()
        n = int(x.size)
        out.append(
            Workload(
                col,
                n,
                int(x.sum()),
                float(x.mean()) if n else None,
                float(np.median(x)) if n else None,
                int(x.max()) if n else None,
                stats.gini(x),
            )
        )
    return out


@dataclass(frozen=True)
class GroupKM:
    group: str
    incidents: int
    closed: int
    hours: np.ndarray  # stats.km_curve's event times, in hours
    survival: np.ndarray
    median_hours: float | None
    p90_hours: float | None  # when 90% are closed: S ≤ 0.1


def km_by_group(by_group: pl.DataFrame, lang: str) -> list[GroupKM]:
    """stats.km_curve per matter group of a resolution_minutes_by_group result, largest first."""
    col = "group_zh" if lang == "zh" else "group_en"
    unknown = t("rep_group_unknown", lang)
    frame = by_group.with_columns(pl.col(col).fill_null(unknown).alias("g"))
    out = []
    for (group,), part in frame.group_by("g", maintain_order=True):
        m = part["minutes"].to_numpy().astype(float)
        e = part["closed"].to_numpy()
        w = part["incidents"].to_numpy()
        times, surv = stats.km_curve(m, e, w)
        q50, q90 = (stats.km_quantile(m, e, q, weights=w) for q in (0.5, 0.1))
        out.append(
            GroupKM(
                group,
                int(w.sum()),
                int(w[e].sum()),
                times / 60,
                surv,
                None if q50 is None else q50 / 60,
                None if q90 is None else q90 / 60,
            )
        )
    return sorted(out, key=lambda g: (-g.incidents, g.group))
