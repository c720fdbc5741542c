"""The weekly PDF snapshot: `griddash report`.

Every figure comes from dashboard.metrics (or a named query) and every chart from the same
dashboard.figures functions as the screen. Charts are exported as SVG by kaleido (Debian's
chromium, one session per report, no MathJax) and embedded as vectors by fpdf2, with the
WenQuanYi Micro Hei font embedded. The same data gives the same text: the only wall-clock value is
"generated at", which takes `now`.

Pages (always 7): cover · KPI table and daily trend · resolution (KM curves by matter group) ·
backlog by age and late cases · workload and training · the week's spikes and data quality ·
appendix (named query and parameters of every figure, and the data
fingerprint).
"""

from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from dashboard import figures, maps, metrics, paths, places, stats
from dashboard.catalog import Catalog
from dashboard.i18n import t

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
BROWSER = "/usr/bin/chromium"
PAGES = 7
KM_HEIGHT = 460  # the KM chart's SVG height (width 900)
MAP_HEIGHT = 520  # the incidents map's SVG height (width 900)
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
    _, last = metrics.data_days(cat)
    return last - timedelta(days=last.weekday() + 1) - timedelta(days=6)


def check_week(cat: Catalog, monday: date) -> None:
    first, last = metrics.data_days(cat)
    if monday < first or monday + timedelta(days=6) > last:
        raise ReportError(
            f"week {week_label(monday)}: expected a week inside the data's full days "
            f"{first} … {last}"
        )


KPI_KEYS = ("new", "closed", "backlog", "overdue", "on_time_rate", "km_median_hours",
            "within_limit", "grid_coverage", "participant_times")  # fmt: skip
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
    if now is None or before is None:
        return t("rep_no_reference", lang)
    d = now - before
    if key in RATE_KEYS:
        return f"{100 * d:+.1f} pp"
    if key == "km_median_hours":
        return f"{d:+.1f} {t('unit_hours', lang)}"
    return f"{d:+,}"


@dataclass
class ReportData:
    monday: date
    scope: str
    scope_name: str
    info: dict[str, str]
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
    map_features: list  # the scope's children's outlines (GeoJSON), from maps.outlines
    map_labels: list  # (name, lon, lat) of the children

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def collect(cat: Catalog, monday: date, lang: str) -> ReportData:
    """Every figure of the report, from dashboard.metrics and the named queries."""
    check_week(cat, monday)
    first, _ = metrics.data_days(cat)
    sunday = monday + timedelta(days=6)
    trend_from = max(first, sunday - timedelta(days=27))
    crumbs = places.breadcrumb(cat)
    scope_name = " · ".join([t("city", lang)] + [c.name for c in crumbs[1:]])
    week_days = [monday + timedelta(days=i) for i in range(7)]
    spikes = [(d, s) for d in week_days for s in metrics.spikes(cat, d)]
    shapes = maps.outlines(cat)
    return ReportData(
        monday=monday,
        scope=cat.scope,
        scope_name=scope_name,
        info=cat.info(),
        kpis=week_kpis(cat, monday),
        prev=week_kpis(cat, monday - timedelta(days=7)),
        trend=metrics.kpis_by_day(cat, trend_from, sunday),
        trend_from=trend_from,
        ages=metrics.backlog_by_age(cat, sunday),
        late=metrics.late_cases(cat, sunday, limit=15),
        spikes=spikes,
        quality=cat.query("data_quality"),
        by_group=cat.query(
            "resolution_minutes_by_group",
            **{"from": monday, "to": sunday},
            cutoff=metrics.day_end(sunday),
        ),
        workload=cat.query("workload_by_worker", **{"from": monday, "to": sunday}),
        training=cat.query("training_by_day", **{"from": monday, "to": sunday}),
        map_points=maps.heat_points(cat, sunday, window_days=7),
        map_features=list(shapes.children),
        map_labels=[(lb.text, lb.lon, lb.lat) for lb in shapes.labels],
    )


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
        out.append(Workload(col, n, int(x.sum()), float(x.mean()) if n else None,
                            float(np.median(x)) if n else None, int(x.max()) if n else None,
                            stats.gini(x)))  # fmt: skip
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
        out.append(GroupKM(group, int(w.sum()), int(w[e].sum()), times / 60, surv,
                           None if q50 is None else q50 / 60, None if q90 is None else q90 / 60))  # fmt: skip
    return sorted(out, key=lambda g: (-g.incidents, g.group))


def sources(data: ReportData) -> list[tuple[str, str, str]]:
    """(figure, named query, parameters) for every figure and table of the report."""
    m, s = data.monday, data.sunday
    week = f"from={m}, to={s}"
    cut = f"cutoff={s + timedelta(days=1)} 00:00"
    prev = f"from={m - timedelta(days=7)}, to={s - timedelta(days=7)}"
    return [
        ("rep_k_new / rep_k_closed / rep_k_backlog / rep_k_overdue / rep_k_on_time_rate",
         "kpis_by_day", f"{week}; {prev}"),
        ("rep_k_km_median_hours", "resolution_minutes_cohort", f"{week}, {cut}"),
        ("rep_k_within_limit", "within_limit_cohort", f"{week}, {cut}"),
        ("rep_k_grid_coverage", "grid_coverage", f"as_of={m} … {s} (7 runs)"),
        ("rep_k_participant_times", "training_by_day", f"{week}; {prev}"),
        ("rep_trend", "kpis_by_day", f"from={data.trend_from}, to={s}"),
        ("rep_resolution", "resolution_minutes_by_group", f"{week}, {cut}"),
        ("rep_backlog", "backlog_by_age", f"as_of={s}"),
        ("rep_workload", "workload_by_worker", week),
        ("rep_training", "training_by_day", week),
        ("rep_late", "late_cases_most_overdue", f"as_of={s}, limit=15"),
        ("rep_spikes", "spikes_by_place", f"as_of={m} … {s} (7 runs), digits=9"),
        ("rep_map", "map_grid_incidents", f"as_of={s}, days=7"),
        ("rep_quality", "data_quality", "–"),
    ]  # fmt: skip


# -- charts --------------------------------------------------------------------------------------


def export_svgs(figs: list, width: int = 900, height: int = 400) -> list[bytes]:
    """SVG of each Plotly figure, from one kaleido session on Debian's chromium, MathJax off.
    An item may be (figure, height) for a height other than `height`."""
    import kaleido

    path = os.environ.get("BROWSER_PATH", BROWSER)
    if not Path(path).exists():
        raise ReportError(f"{path}: no chromium found; install Debian's package `chromium`")

    async def run() -> list[bytes]:
        async with kaleido.Kaleido(path=path, mathjax=False) as k:
            out = []
            for item in figs:
                fig, h = item if isinstance(item, tuple) else (item, height)
                opts = {"format": "svg", "width": width, "height": h}
                out.append(await k.calc_fig(fig, opts=opts))
            return out

    svgs = asyncio.run(run())
    # fpdf2's SVG parser takes unitless lengths only ("3px" in plotly's style attributes).
    return [re.sub(rb"(\d)px", rb"\1", s) for s in svgs]


def charts(data: ReportData, lang: str) -> list[bytes]:
    trend = figures.trend_30d(data.trend, lang)
    trend.update_layout(title_text=t("rep_trend", lang))
    groups = km_by_group(data.by_group, lang)
    curves = {g.group: (g.hours, g.survival) for g in groups}
    # The axis ends where the slowest group reaches 90% closed (or at its last event), and at
    # most at the end of the week's censoring window.
    ends = [g.p90_hours if g.p90_hours is not None else (g.hours[-1] if g.hours.size else 0)
            for g in groups]  # fmt: skip
    x_max = min(max(ends, default=24) * 1.05, 7 * 24) or 24
    km = figures.km_curves(curves, lang, x_max=x_max)
    # The page's heading names the map; the figure needs no title of its own.
    where = figures.incident_map(data.map_features, data.map_points, lang, "",
                                 labels=data.map_labels)  # fmt: skip
    return export_svgs([trend, figures.backlog_by_age(data.ages, lang), (km, KM_HEIGHT),
                        (where, MAP_HEIGHT)])  # fmt: skip


# -- the report ----------------------------------------------------------------------------------


def generate(cat: Catalog, out: Path, *, week: str | None = None, lang: str = "zh",
             now: datetime | None = None) -> Path:  # fmt: skip
    """Write the report of `week` (default: the last full week) for the catalog's scope."""
    from dashboard.report_pdf import build

    if not FONT_PATH.exists():
        raise ReportError(
            f"{FONT_PATH}: CJK font missing; install Debian's package `fonts-wqy-microhei`"
        )
    monday = parse_week(week) if week else last_full_week(cat)
    data = collect(cat, monday, lang)
    # The centre's local time (the machine may run on UTC), as everything else on screen.
    now = now or datetime.now(paths.LOCAL_TZ)
    pdf = build(data, charts(data, lang), lang, now, sources(data))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))
    return out


# -- the folder of generated reports (the /reports page) -----------------------------------------

_NAME = re.compile(r"(\d{4}-W\d{2})(?:_(city|\d{6,16}))?(?:_(zh|en))?\.pdf")


@dataclass(frozen=True)
class Stored:
    """A report in the reports folder; week, scope and lang read from its name."""

    path: Path
    week: str | None
    scope: str | None  # '' the city; None unknown (a name not written by report_name)
    lang: str | None
    size: int
    modified: datetime  # in the centre's time zone (paths.LOCAL_TZ), as people read it


def report_name(monday: date, scope: str, lang: str) -> str:
    """'2026-W43_city_zh.pdf', '2026-W43_140123_en.pdf'."""
    return f"{week_label(monday)}_{scope or 'city'}_{lang}.pdf"


def stored_reports(folder: Path) -> list[Stored]:
    """The PDFs in `folder`, newest first (by modification time, then name)."""
    found = []
    for p in Path(folder).glob("*.pdf") if Path(folder).is_dir() else []:
        st = p.stat()
        m = _NAME.fullmatch(p.name)
        scope = None
        if m and m.group(2):
            scope = "" if m.group(2) == "city" else m.group(2)
        found.append(Stored(p, m.group(1) if m else None, scope, m.group(3) if m else None,
                            st.st_size, datetime.fromtimestamp(st.st_mtime, paths.LOCAL_TZ)))  # fmt: skip
    return sorted(found, key=lambda r: (-r.modified.timestamp(), r.path.name))


def main(args) -> int:
    import sys
    import time

    started = time.perf_counter()
    try:
        cat = Catalog(args.catalog, scope=args.scope)
        out = generate(cat, args.out, week=args.week, lang=args.lang)
    except (ReportError, metrics.MetricsError, ValueError) as exc:
        print(f"griddash report: {exc}", file=sys.stderr)
        return 2
    print(f"{out} ({time.perf_counter() - started:.1f} s)")
    return 0
