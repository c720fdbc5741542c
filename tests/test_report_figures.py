"""Every figure of the weekly PDF — the city's report and a district's — against the exports.

The data: the demo exports plus, for this week, what the demo lacks: a burst of incidents on
one street of the district on Wednesday (a spike), a training session its grid workers attend
(with two cadres), a worker who moved to another district before the week, and rows that
validation must quarantine (unknown grid, closed before reported, patrols by an unknown
worker). One catalog is ingested from them and each report rendered once (zh, 2026-W43).

The expected values are worked out here from the Parquet files with Polars (the quarantined
rows' file left out: that is the whole of validation's effect, by construction), lifelines for
Kaplan–Meier and scipy for the spike rule, and formatted by this file's own rules — never with
dashboard.reporting.report*, dashboard.measures.metrics or a named query. Each page's text comes from pdftotext
(the chart's bar labels with their positions: `pdftotext -bbox`).
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import at_risk_oracle
import duckdb
import numpy as np
import polars as pl
import pytest
from lifelines import KaplanMeierFitter
from scipy.stats import poisson
from test_report_summary import flat, km_hours_as_printed, text

from dashboard.core import i18n
from dashboard.data.catalog import Catalog
from dashboard.reporting import report_file

NOW = datetime(2026, 11, 2, 7, 0)
VALIDATED_AT = datetime(2026, 11, 1, 8, 30)  # conftest.DEMO_VALIDATED_AT
WEEK = date(2026, 10, 19)  # 2026-W43: Monday … Sunday 2026-10-25
SUNDAY = WEEK + timedelta(days=6)
PREV = WEEK - timedelta(days=7)
DISTRICT = "140105"  # 小店区
BURST_DAY = date(2026, 10, 21)  # a Wednesday
BURST = 30  # incidents on one street that day, on top of its ordinary ones
SESSION = "T9001"  # a training session of the week, attended in the district
BAD = "quarantine-me.parquet"  # the rows validation must set aside, in files of this name
QUARANTINED = {  # (table, reason) → rows, as written below: the data-quality table's oracle
    ("incidents", "closed_before_reported"): 1,
    ("incidents", "unknown_grid"): 2,
    ("patrols", "unknown_worker"): 3,
}
SCOPES = {"city": "", "district": DISTRICT}
TABLES = (
    "incidents",
    "grids",
    "items",
    "categories",
    "workers",
    "worker_grids",
    "patrols",
    "trainings",
    "training_attendance",
)


def day_start(d: date) -> datetime:
    return datetime.combine(d, datetime.min.time())


END = day_start(SUNDAY + timedelta(days=1))  # the end of Sunday


# -- the data ------------------------------------------------------------------------------------


def read(exports: Path, table: str) -> pl.DataFrame:
    """A table's rows as validation keeps them: every file but the quarantined rows' ones."""
    files = sorted(p for p in (exports / table).rglob("*.parquet") if p.name != BAD)
    return pl.concat([pl.read_parquet(f, hive_partitioning=False) for f in files], how="diagonal")


def partition(exports: Path, table: str) -> Path:
    """The folder of 2026-10's files of a table (year=/month= partitions), or the table's."""
    folder = exports / table / "year=2026" / "month=10"
    return folder if folder.is_dir() else exports / table


def add_week_rows(exports: Path) -> str:
    """Write this week's additions into a copy of the demo exports (see the module's doc);
    the id of the worker who moved."""
    inc = read(exports, "incidents")
    grids = read(exports, "grids")
    street = grids.filter(pl.col("district_code") == DISTRICT)["street_code"].sort()[0]
    here = grids.filter(pl.col("street_code") == street).sort("grid_code")
    stamps = [
        "reported_at",
        "accepted_at",
        "dispatched_at",
        "resolved_at",
        "closed_at",
        "deadline_at",
    ]
    # The burst: the district's incidents of 10-05 … 10-14 moved onto BURST_DAY (same time of
    # day, same durations, deadlines and handling units), each into a grid of one street. Only
    # those whose moved times all lie before the validation clock's day.
    shift = pl.duration(days=(pl.lit(BURST_DAY) - pl.col("reported_at").dt.date()).dt.total_days())
    moved = (
        inc.filter(
            pl.col("grid_code").str.starts_with(DISTRICT)
            & pl.col("reported_at").dt.date().is_between(date(2026, 10, 5), date(2026, 10, 14))
        )
        .sort("incident_id")
        .with_columns([pl.col(c) + shift for c in stamps])
        .filter(pl.max_horizontal(stamps) < day_start(date(2026, 10, 31)))
        .head(BURST)
    )
    assert moved.height == BURST
    cells = here.head(BURST).select("grid_code", "center_lon", "center_lat")
    cells = pl.concat([cells] * (BURST // cells.height + 1)).head(BURST)
    burst = moved.with_columns(
        incident_id=pl.format("SJ20261021900{}", pl.int_range(1000, 1000 + BURST).cast(pl.String)),
        grid_code=cells["grid_code"],
        lon=cells["center_lon"],
        lat=cells["center_lat"],
    )
    burst.write_parquet(partition(exports, "incidents") / "burst.parquet")

    # Quarantined: two incidents in a grid that does not exist, one closed before reported,
    # three patrols by a worker who does not exist.
    bad = inc.filter(pl.col("reported_at").dt.date() == WEEK + timedelta(days=2)).head(3)
    bad = bad.with_columns(
        incident_id=pl.format("SJ20261021800{}", pl.int_range(1000, 1003).cast(pl.String)),
        grid_code=pl.Series(["1401059999990001", "1401059999990002", bad["grid_code"][2]]),
        closed_at=pl.Series([None, None, bad["reported_at"][2] - timedelta(hours=1)]).cast(
            inc["closed_at"].dtype
        ),
        resolved_at=pl.lit(None, dtype=inc["resolved_at"].dtype),
        status=pl.Series(["open", "open", "closed"]),
    )
    bad.write_parquet(partition(exports, "incidents") / BAD)
    patrols = read(exports, "patrols").filter(pl.col("patrol_date") == SUNDAY).head(3)
    patrols.with_columns(worker_id=pl.Series(["W999991", "W999992", "W999993"])).write_parquet(
        partition(exports, "patrols") / BAD
    )

    # A session on Friday: five grid workers of the district (in post and assigned there now,
    # the first five by id) and two cadres.
    sessions = read(exports, "trainings")
    sessions.head(1).with_columns(
        session_id=pl.lit(SESSION),
        starts_at=pl.lit(datetime(2026, 10, 23, 9, 0)).cast(sessions["starts_at"].dtype),
    ).write_parquet(exports / "trainings" / "extra.parquet")
    workers = read(exports, "workers").filter(pl.col("left_on").is_null())
    assigned = read(exports, "worker_grids").filter(
        pl.col("grid_code").str.starts_with(DISTRICT) & pl.col("valid_to").is_null()
    )
    people = sorted(set(assigned["worker_id"]) & set(workers["worker_id"]))[:5]
    attendance = read(exports, "training_attendance")
    pl.DataFrame(
        {
            "session_id": [SESSION] * 7,
            "person_id": [*people, "GB99991", "GB99992"],
            "person_type": ["grid_worker"] * 5 + ["cadre"] * 2,
            "minutes_attended": [90] * 7,
        },
        schema=attendance.schema,
    ).write_parquet(exports / "training_attendance" / "extra.parquet")

    # A move: the first of those five left the district's grid on 2026-10-12 for one in
    # 迎泽区 — in the week's workload of the city, not of the district (nor assigned there in
    # the week), but still one of the district's workers for its training figures.
    wg = pl.read_parquet(exports / "worker_grids" / "part-0.parquet")
    mover = people[0]
    other = grids.filter(pl.col("district_code") == "140106")["grid_code"].sort()[0]
    wg = wg.with_columns(
        valid_to=pl.when(pl.col("worker_id") == mover)
        .then(pl.lit(date(2026, 10, 12)))
        .otherwise(pl.col("valid_to"))
    )
    new = (
        wg.filter(pl.col("worker_id") == mover)
        .head(1)
        .with_columns(
            grid_code=pl.lit(other),
            valid_from=pl.lit(date(2026, 10, 12)),
            valid_to=pl.lit(None, dtype=pl.Date),
            role=pl.lit("member"),
        )
    )
    pl.concat([wg, new]).write_parquet(exports / "worker_grids" / "part-0.parquet")
    return mover


@dataclass
class Weekly:
    exports: Path
    catalog: Path
    pdf: dict[str, Path]
    tables: dict[str, pl.DataFrame]
    mover: str


@pytest.fixture(scope="module")
def weekly(demo, tmp_path_factory) -> Weekly:
    from dashboard.pipeline.ingest import ingest

    root = tmp_path_factory.mktemp("weekly")
    exports = root / "exports"
    shutil.copytree(demo.exports, exports, ignore=shutil.ignore_patterns("_quarantine"))
    mover = add_week_rows(exports)
    catalog = root / "catalog.duckdb"
    ingest(exports, catalog, now=VALIDATED_AT, progress=False)
    pdf = {
        name: report_file.generate(
            Catalog(catalog, scope=scope), root / f"{name}.pdf", week="2026-W43", lang="zh", now=NOW
        )
        for name, scope in SCOPES.items()
    }
    return Weekly(exports, catalog, pdf, {t: read(exports, t) for t in TABLES}, mover)


# -- the oracle: Polars over the exports, DESIGN.md's definitions as written ---------------------


def incidents(w: Weekly, prefix: str) -> pl.DataFrame:
    """The scope's incidents, cancelled left out (DESIGN.md)."""
    inc = w.tables["incidents"]
    return inc.filter(
        pl.col("grid_code").str.starts_with(prefix) & (pl.col("status") != "cancelled")
    )


def reported_in(inc: pl.DataFrame, monday: date) -> pl.DataFrame:
    start = day_start(monday)
    return inc.filter(
        pl.col("reported_at").is_between(start, start + timedelta(days=7), closed="left")
    )


def km_hours(cohort: pl.DataFrame, end: datetime, q: float) -> float | None:
    """The first time (hours, exact to the millisecond the exports hold) at which lifelines'
    Kaplan–Meier estimate is ≤ q: durations to closed_at, censored at `end` where not closed
    before it. None where never reached."""
    done = cohort["closed_at"].is_not_null() & (cohort["closed_at"] < end)
    until = cohort.select(
        pl.when(done).then(pl.col("closed_at")).otherwise(pl.lit(end)) - pl.col("reported_at")
    ).to_series()
    kmf = KaplanMeierFitter().fit(
        until.dt.total_milliseconds().to_numpy() / 3_600_000, done.to_numpy()
    )
    sf = kmf.survival_function_.iloc[:, 0]
    hit = sf[sf <= q + 1e-12]
    return None if hit.empty else float(hit.index[0])


def within_limit(cohort: pl.DataFrame, end: datetime) -> float | None:
    """1 − S(1), lifelines over (time to close, or to `end`) ÷ (deadline − reported), exact."""
    c = cohort.filter(pl.col("deadline_at") > pl.col("reported_at"))
    if c.is_empty():
        return None
    done = c["closed_at"].is_not_null() & (c["closed_at"] < end)
    until = c.select(
        pl.when(done).then(pl.col("closed_at")).otherwise(pl.lit(end)) - pl.col("reported_at")
    ).to_series()
    ratio = (
        until.dt.total_milliseconds()
        / (c["deadline_at"] - c["reported_at"]).dt.total_milliseconds()
    )
    kmf = KaplanMeierFitter().fit(ratio.to_numpy(), done.to_numpy())
    return 1 - float(kmf.survival_function_at_times(1.0).iloc[0])


def scope_workers(w: Weekly, prefix: str) -> set[str]:
    """The workers a scope sees: assigned to one of its grids at any time (README: Access control)."""
    wg = w.tables["worker_grids"]
    return set(wg.filter(pl.col("grid_code").str.starts_with(prefix))["worker_id"])


def attendance(w: Weekly, prefix: str, monday: date) -> pl.DataFrame:
    """Attendance rows of the sessions starting Monday … Sunday, with the session's day: every
    row for the city, grid workers of the scope only for a smaller scope (cadres carry no
    place)."""
    start = day_start(monday)
    sessions = w.tables["trainings"].filter(
        pl.col("starts_at").is_between(start, start + timedelta(days=7), closed="left")
    )
    rows = w.tables["training_attendance"].join(
        sessions.select("session_id", "starts_at"), on="session_id"
    )
    if prefix:
        rows = rows.filter(
            (pl.col("person_type") == "grid_worker")
            & pl.col("person_id").is_in(sorted(scope_workers(w, prefix)))
        )
    return rows.with_columns(day=pl.col("starts_at").dt.date())


def week_figures(w: Weekly, prefix: str, monday: date) -> dict:
    """The KPI table's column for one week: new and closed Monday–Sunday, backlog and overdue
    at the end of Sunday, on-time rate of the week's closed cases with a deadline, KM median
    and within-limit of the week's reported ones (censored at the end of Sunday), the mean of
    the seven daily grid coverages, participant-times."""
    inc = incidents(w, prefix)
    start, end = day_start(monday), day_start(monday + timedelta(days=7))
    closed = inc.filter(pl.col("closed_at").is_between(start, end, closed="left"))
    backlog = inc.filter(
        (pl.col("reported_at") < end)
        & (pl.col("closed_at").is_null() | (pl.col("closed_at") >= end))
    )
    due = closed.filter(pl.col("deadline_at").is_not_null())
    cohort = reported_in(inc, monday)
    grids = w.tables["grids"].filter(pl.col("grid_code").str.starts_with(prefix)).height
    patrols = w.tables["patrols"].filter(pl.col("grid_code").str.starts_with(prefix))
    daily = [
        patrols.filter(pl.col("patrol_date") == monday + timedelta(days=i))["grid_code"].n_unique()
        / grids
        for i in range(7)
    ]
    return {
        "new": cohort.height,
        "closed": closed.height,
        "backlog": backlog.height,
        "overdue": backlog.filter(pl.col("deadline_at") < end).height,
        "on_time_rate": (due["closed_at"] <= due["deadline_at"]).mean() if due.height else None,
        "km_median_hours": km_hours(cohort, end, 0.5),
        "within_limit": within_limit(cohort, end),
        "grid_coverage": sum(daily) / 7,
        "participant_times": attendance(w, prefix, monday).height,
    }


# -- this file's own formatting (the report's units and decimals, docs/report.md) --------------

RATES = ("on_time_rate", "within_limit", "grid_coverage")
HOURS = "小时"


def count(n: int) -> str:
    return f"{n:,}"


def rate(x: float) -> str:
    return f"{100 * x:.1f}%"


def signed(d: float, digits: int, unit: str = "") -> str:
    """A change: signed, and without a sign where it rounds to zero (docs/report.md)."""
    s = f"{d:+,.{digits}f}"
    if float(s) == 0:
        s = s[1:]
    return s + unit


def change(key: str, now, before, printed: tuple[str, str]) -> str:
    """This week − last week, as the KPI table's last column: counts as they are, rates in
    percentage points to 0.1; the KM median (printed to 0.1 h) as the difference of the two
    values the row shows, so that the row reads consistently."""
    if key in RATES:
        return signed(100 * (now - before), 1, " pp")
    if key == "km_median_hours":
        return signed(float(printed[0]) - float(printed[1]), 1, f" {HOURS}")
    return signed(now - before, 0)


# -- reading the PDF ---------------------------------------------------------------------------


def page(w: Weekly, name: str, n: int) -> str:
    return text(w.pdf[name], n, n)


def rows_after(body: str, heading: str, header_first: str) -> list[list[str]]:
    """The rows of the table under `heading` whose header row starts with `header_first`, each
    line split on whitespace: the lines after the header up to the first that is not a table
    row (a note or the page number: fewer than three columns two or more spaces apart)."""
    lines = body.splitlines()
    at = next(i for i, ln in enumerate(lines) if flat(ln) == flat(heading))
    head = next(i for i in range(at + 1, len(lines)) if lines[i].split()[:1] == [header_first])
    out = []
    for ln in lines[head + 1 :]:
        if not ln.strip():
            continue
        if len(re.split(r"\s{2,}", ln.strip())) < 3:
            break
        out.append(ln.split())
    return out


def kpi_rows(body: str) -> dict[str, list[str]]:
    """The KPI table: label → [this week, last week, change] (columns two or more spaces apart)."""
    out = {}
    for key in (
        "new",
        "closed",
        "backlog",
        "overdue",
        "on_time_rate",
        "km_median_hours",
        "within_limit",
        "grid_coverage",
        "participant_times",
    ):
        label = i18n.t(f"rep_k_{key}", "zh")
        line = next(ln for ln in body.splitlines() if ln.strip().startswith(label))
        out[key] = re.split(r"\s{2,}", line.strip())[1:]
    return out


@pytest.mark.parametrize("name", SCOPES)
def test_kpi_table_and_its_changes(weekly, name):
    prefix = SCOPES[name]
    now, before = week_figures(weekly, prefix, WEEK), week_figures(weekly, prefix, PREV)
    shown = kpi_rows(page(weekly, name, 1))
    for key, (this, last, delta) in shown.items():
        if key == "km_median_hours":
            assert this.removesuffix(f" {HOURS}") in km_hours_as_printed(now[key]), (key, this)
            assert last.removesuffix(f" {HOURS}") in km_hours_as_printed(before[key]), (key, last)
            assert delta == change(key, now[key], before[key], (this.split()[0], last.split()[0]))
            continue
        fmt = rate if key in RATES else count
        # (within-limit: the exact ratio's figure; the catalog's 1/10,000 steps do not move it
        # by 0.05 % on this data — test_brief_independent.within_step bounds the difference)
        assert (this, last) == (fmt(now[key]), fmt(before[key])), key
        assert delta == change(key, now[key], before[key], (this, last)), key
    # the week's session is in the participant-times: the district's five grid workers, and
    # for the city the two cadres too
    added = attendance(weekly, prefix, WEEK).filter(pl.col("session_id") == SESSION).height
    assert added == (5 if prefix else 7)


def test_the_weeks_quarantined_rows_by_reason(weekly):
    """The data-quality table (whole city, in both reports): the rows written to be set aside,
    per table and reason — and no other."""
    for name in SCOPES:
        rows = rows_after(
            page(weekly, name, 6), i18n.t("rep_quality", "zh"), i18n.t("rep_col_table", "zh")
        )
        assert {(r[0], r[1]): int(r[2].replace(",", "")) for r in rows} == QUARANTINED, name
        assert [tuple(r[:2]) for r in rows] == sorted(QUARANTINED)


# -- page 1: the header and the sentences ------------------------------------------------------


def data_version(catalog: Path) -> str:
    with duckdb.connect(str(catalog), read_only=True) as con:
        row = con.execute("select value from catalog_info where key = 'data_version'").fetchone()
    return row[0]


@pytest.mark.parametrize("name", SCOPES)
def test_header_appendix_and_page_numbers(weekly, name):
    version = data_version(weekly.catalog)
    first = flat(page(weekly, name, 1))
    assert flat(f"2026-W43（{WEEK} 至 {SUNDAY}）") in first
    scope = "太原市" + (f" · 小店区 ({DISTRICT})" if SCOPES[name] else "")
    meta = f"范围：{scope} · 生成时间：2026-11-02 07:00（北京时间） · 数据版本：{version}"
    assert flat(meta) in first
    last = page(weekly, name, 6)
    digest = version.rpartition("-")[2]
    assert re.fullmatch(r"[0-9a-f]{8}", digest)
    assert flat(f"{i18n.t('data_version', 'zh')} {version}") in flat(last)
    assert flat(f"{i18n.t('rep_fp_digest', 'zh')} {digest}") in flat(last)
    # Every date the appendix names is one of the week's: Monday and Sunday of this week and the
    # last, the cut-off (Monday 00:00 after), the trend's first day (four weeks back: Sunday − 27),
    # 预计超期's history's first day (90 days: Sunday − 89).
    appendix = last[last.index(i18n.t("rep_appendix", "zh")) :]
    cut = SUNDAY + timedelta(days=1)
    days = (WEEK, SUNDAY, PREV, SUNDAY - timedelta(days=7), cut, SUNDAY - timedelta(days=27))
    days += (SUNDAY - timedelta(days=89),)
    assert set(re.findall(r"\d{4}-\d{2}-\d{2}", appendix)) == {str(d) for d in days}
    for n in range(1, 7):
        assert flat(f"第 {n} 页，共 6 页") in flat(page(weekly, name, n)), n


def places(w: Weekly, prefix: str) -> pl.DataFrame:
    """The places one level below the scope (city → districts, district → streets), all of
    them, with their incidents this week and last (0 where none), most first, then by code."""
    digits, name = (9, "street_name") if prefix else (6, "district_name")
    names = (
        w.tables["grids"]
        .filter(pl.col("grid_code").str.starts_with(prefix))
        .select(pl.col("grid_code").str.slice(0, digits).alias("code"), pl.col(name).alias("name"))
        .unique()
    )
    inc = incidents(w, prefix)

    def per_place(monday: date, col: str) -> pl.DataFrame:
        return (
            reported_in(inc, monday)
            .group_by(pl.col("grid_code").str.slice(0, digits).alias("code"))
            .len(col)
        )

    return (
        names.join(per_place(WEEK, "n"), on="code", how="left")
        .join(per_place(PREV, "prev"), on="code", how="left")
        .with_columns(pl.col("n", "prev").fill_null(0))
        .sort(["n", "code"], descending=[True, False])
    )


def spikes(w: Weekly, prefix: str) -> list[tuple[date, str, str, int, float]]:
    """(day, code, name, count, 28-day mean) of the week's street spikes: a street's count on
    the day ≥ 10 and P(X ≥ count) < 1e-4 for X ~ Poisson(its mean over D−28 … D−1, days without
    incidents included) — largest excess first, then day, then code."""
    inc = incidents(w, prefix)
    grids = w.tables["grids"]
    names = dict(
        grids.select(pl.col("street_code"), pl.col("district_name") + pl.col("street_name"))
        .unique()
        .iter_rows()
    )
    daily = inc.group_by(
        pl.col("grid_code").str.slice(0, 9).alias("street"),
        pl.col("reported_at").dt.date().alias("day"),
    ).len()
    found = []
    for i in range(7):
        d = WEEK + timedelta(days=i)
        for street, _, n in daily.filter((pl.col("day") == d) & (pl.col("len") >= 10)).iter_rows():
            mean = (
                daily.filter(
                    (pl.col("street") == street)
                    & pl.col("day").is_between(d - timedelta(days=28), d - timedelta(days=1))
                )["len"].sum()
                / 28
            )
            if (poisson.sf(n - 1, mean) if mean > 0 else 0.0) < 1e-4:
                found.append((d, street, names[street], n, mean))
    return sorted(found, key=lambda s: (-(s[3] - s[4]), s[0], s[1]))


@pytest.mark.parametrize("name", SCOPES)
def test_the_weeks_sentences(weekly, name):
    """The summary's sentences, each figure worked out here: volume and backlog; the largest
    relative change among new, closed, backlog, overdue and the KM median as printed; the
    resolution figures; the spikes (how many, the largest excess); the busiest place below."""
    prefix = SCOPES[name]
    now, before = week_figures(weekly, prefix, WEEK), week_figures(weekly, prefix, PREV)
    body = page(weekly, name, 1)
    got = flat(body)
    t = i18n.t
    assert (
        flat(
            t(
                "rep_s_volume",
                "zh",
                **{k: count(now[k]) for k in ("new", "closed", "backlog", "overdue")},
            )
        )
        in got
    )
    # the KM median as the table prints it (its value checked against lifelines above)
    km = [x.split()[0] for x in kpi_rows(body)["km_median_hours"][:2]]
    shown = {k: (now[k], before[k]) for k in ("new", "closed", "backlog", "overdue")}
    shown["km_median_hours"] = (float(km[0]), float(km[1]))
    key = max(
        shown, key=lambda k: (abs(shown[k][0] - shown[k][1]) / shown[k][1], -list(shown).index(k))
    )
    a, b = shown[key]
    assert a != b, "the week differs from the last in some figure"

    def amount(v):
        return f"{v:.1f} {HOURS}" if key == "km_median_hours" else f"{v:,} 件"

    delta = round(abs(a - b), 1) if key == "km_median_hours" else abs(a - b)
    assert (
        flat(
            t(
                "rep_s_change_up" if a > b else "rep_s_change_down",
                "zh",
                figure=t(f"rep_f_{key}", "zh"),
                now=amount(a),
                before=amount(b),
                delta=amount(delta),
                pct=f"{100 * (a - b) / b:+.1f}%",
            )
        )
        in got
    )
    assert (
        flat(
            t(
                "rep_s_resolution",
                "zh",
                median=f"{km[0]} {HOURS}",
                prev=f"{km[1]} {HOURS}",
                within=rate(now["within_limit"]),
                on_time=rate(now["on_time_rate"]),
            )
        )
        in got
    )
    found = spikes(weekly, prefix)
    assert found, "the burst is a spike"
    d, _, street, n, mean = found[0]
    assert (
        flat(
            t(
                "rep_s_spikes",
                "zh",
                n=len(found),
                day=str(d),
                name=street,
                count=count(n),
                baseline=f"{mean:.2f}",
            )
        )
        in got
    )
    top = places(weekly, prefix).row(0, named=True)
    level = t(f"rep_level_{9 if prefix else 6}", "zh")
    assert (
        flat(
            t(
                "rep_s_top_place",
                "zh",
                level=level,
                name=top["name"],
                count=count(top["n"]),
                share=rate(top["n"] / now["new"]),
                before=count(top["prev"]),
            )
        )
        in got
    )


# -- page 2: backlog by age and the most overdue cases -----------------------------------------

AGES = ((0, 1), (1, 3), (3, 7), (7, 30), (30, None))  # days, DESIGN.md's buckets


def backlog_by_age(w: Weekly, prefix: str) -> list[tuple[int, int]]:
    """(within deadline, overdue) per age bucket of the backlog at the end of Sunday; age =
    end of Sunday − reported_at."""
    inc = incidents(w, prefix)
    backlog = inc.filter(
        (pl.col("reported_at") < END)
        & (pl.col("closed_at").is_null() | (pl.col("closed_at") >= END))
    ).with_columns(
        age=(pl.lit(END) - pl.col("reported_at")).dt.total_milliseconds() / 86_400_000,
        late=pl.col("deadline_at") < END,
    )
    out = []
    for lo, hi in AGES:
        part = backlog.filter((pl.col("age") >= lo) & (pl.col("age") < (hi or 1e9)))
        late = int(part["late"].fill_null(False).sum())
        out.append((part.height - late, late))
    return out


def bar_labels(pdf: Path, n: int) -> list[list[tuple[float, int]]]:
    """The backlog chart's bar labels on page n, per age bucket (by the x of the bucket's axis
    label), as (y, value) — y grows downwards."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(n), "-l", str(n), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = [
        (float(a), float(b), float(c), float(d), s)
        for a, b, c, d, s in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            xml,
        )
    ]
    top = next(w[3] for w in words if w[4] == i18n.t("rep_backlog", "zh"))
    bottom = next(w[1] for w in words if w[4] == i18n.t("rep_late", "zh"))
    axis_y = next(w[1] for w in words if w[4] == "天以上")  # the last bucket's label: 30 天以上
    axis = sorted(w for w in words if abs(w[1] - axis_y) < 1)
    labels = [i18n.t(f"age_{b}", "zh") for b in ("0-1d", "1-3d", "3-7d", "7-30d", "30d+")]
    centres, i = [], 0
    for label in labels:  # consecutive axis words that spell the bucket's label
        j = i
        while " ".join(w[4] for w in axis[i : j + 1]) != label:
            j += 1
        centres.append((axis[i][0] + axis[j][2]) / 2)
        i = j + 1
    out: list[list[tuple[float, int]]] = [[] for _ in labels]
    for x0, y0, x1, _, s in words:
        if top < y0 < axis_y - 1 and re.fullmatch(r"\d[\d,]*", s) and x0 > axis[0][0] - 10:
            k = min(range(len(centres)), key=lambda c: abs(centres[c] - (x0 + x1) / 2))
            out[k].append((y0, int(s.replace(",", ""))))
    assert bottom > axis_y
    return out


@pytest.mark.parametrize("name", SCOPES)
def test_backlog_by_age(weekly, name):
    """Each bar's labels: its within-deadline part below, its overdue part on top (a part of 0
    has no label); the buckets add up to the KPI table's backlog and overdue."""
    want = backlog_by_age(weekly, SCOPES[name])
    got = bar_labels(weekly.pdf[name], 2)
    for (within, late), labels in zip(want, got, strict=True):
        values = [v for _, v in sorted(labels, reverse=True)]  # bottom first
        assert values == [v for v in (within, late) if v], (want, got)
    figures = week_figures(weekly, SCOPES[name], WEEK)
    assert sum(a + b for a, b in want) == figures["backlog"]
    assert sum(b for _, b in want) == figures["overdue"] > 0


def late_cases(w: Weekly, prefix: str) -> pl.DataFrame:
    """Open at the end of Sunday and past their deadline, most overdue first (then by id), 12
    at most, with the grid's and item's names."""
    inc = incidents(w, prefix)
    late = inc.filter(
        (pl.col("reported_at") < END)
        & (pl.col("closed_at").is_null() | (pl.col("closed_at") >= END))
        & (pl.col("deadline_at") < END)
    ).with_columns(days=(pl.lit(END) - pl.col("deadline_at")).dt.total_milliseconds() / 86_400_000)
    return (
        late.sort(["days", "incident_id"], descending=[True, False])
        .head(12)
        .join(w.tables["grids"].select("grid_code", "grid_name"), on="grid_code", how="left")
        .join(w.tables["items"].select("item_code", "name_zh"), on="item_code", how="left")
        .sort(["days", "incident_id"], descending=[True, False])
    )


def fits(shown: str, whole: str | None) -> bool:
    """A table cell is the whole text, or its start cut with "…" where the column is narrow."""
    whole = whole or "–"
    return shown == whole or (shown.endswith("…") and whole.startswith(shown[:-1]))


@pytest.mark.parametrize("name", SCOPES)
def test_the_most_overdue_cases(weekly, name):
    want = late_cases(weekly, SCOPES[name])
    rows = rows_after(page(weekly, name, 2), i18n.t("rep_late", "zh"), i18n.t("rep_col_id", "zh"))
    assert [r[0] for r in rows] == want["incident_id"].to_list()
    for r, w in zip(rows, want.iter_rows(named=True), strict=True):
        assert len(r) == 5, r
        assert r[3] == f"{w['days']:,.1f}", (r, w["days"])
        assert fits(r[1], w["grid_name"]) and fits(r[2], w["name_zh"]), r
        assert fits(r[4], w["handling_unit"]), r
    assert len(rows) >= (4 if name == "city" else 1)


@pytest.mark.parametrize("name", SCOPES)
def test_due_on_monday_and_expected_to_go_overdue(weekly, name):
    """预计超期 at the end of Sunday, for the Monday after the week: the heading's counts and the
    sentence in the summary, and the eight likeliest cases in order with their chances (lifelines
    from the exports, tests/at_risk_oracle.py)."""
    tables = weekly.tables
    want = at_risk_oracle.due_cases(
        incidents(weekly, SCOPES[name]), tables["items"], tables["categories"], SUNDAY
    )
    # The small demo has one case due that Monday in the city, none in the district.
    assert want.height == (1 if name == "city" else 0)
    expected = f"{math.fsum(want['p_miss']):,.1f}"
    monday = (SUNDAY + timedelta(days=1)).isoformat()
    t = i18n.t
    heading = t("rep_at_risk_heading", "zh", day=monday, due=count(want.height), expected=expected)
    body = page(weekly, name, 2)
    if want.is_empty():
        assert flat(heading) in flat(body)
        sentence = t("rep_s_no_at_risk", "zh", day=monday)
        assert flat(sentence) in flat(page(weekly, name, 1))
        return
    rows = rows_after(body, heading, t("rep_col_id", "zh"))
    top = want.head(8)
    assert [r[0] for r in rows] == top["incident_id"].to_list()
    assert [r[4] for r in rows] == [f"{100 * p:.0f}%" for p in top["p_miss"]]
    assert [r[3] for r in rows] == [d.strftime("%H:%M") for d in top["deadline_at"]]
    sentence = t("rep_s_at_risk", "zh", day=monday, due=count(want.height), expected=expected)
    assert flat(sentence) in flat(page(weekly, name, 1))


# -- page 3: resolution by matter group --------------------------------------------------------


@pytest.mark.parametrize("name", SCOPES)
def test_resolution_by_matter_group(weekly, name):
    """Per matter group (incident → item → category's group): the week's reported incidents,
    those closed by the end of Sunday, and lifelines' median and P90 on exact durations (the
    catalog's whole minutes allowed for, as in the KPI table); largest group first."""
    cohort = (
        reported_in(incidents(weekly, SCOPES[name]), WEEK)
        .join(
            weekly.tables["items"].select("item_code", "category_code"), on="item_code", how="left"
        )
        .join(
            weekly.tables["categories"].select("category_code", "group_zh"),
            on="category_code",
            how="left",
        )
    )
    rows = rows_after(
        page(weekly, name, 3), i18n.t("rep_resolution", "zh"), i18n.t("rep_col_group", "zh")
    )
    groups = cohort.partition_by("group_zh", as_dict=True)
    assert sorted(r[0] for r in rows) == sorted(k[0] for k in groups)
    sizes = [int(r[1].replace(",", "")) for r in rows]
    assert sizes == sorted(sizes, reverse=True)
    for r in rows:
        part = groups[(r[0],)]
        closed = part.filter(pl.col("closed_at") < END).height
        assert [int(r[1].replace(",", "")), int(r[2].replace(",", ""))] == [part.height, closed]
        assert r[3] in km_hours_as_printed(km_hours(part, END, 0.5)), (r, km_hours(part, END, 0.5))
        assert r[4] in km_hours_as_printed(km_hours(part, END, 0.1)), (r, km_hours(part, END, 0.1))
    assert sum(sizes) == cohort.height


# -- page 4: where incidents were --------------------------------------------------------------


@pytest.mark.parametrize("name", SCOPES)
def test_places_table_and_map_labels(weekly, name):
    prefix = SCOPES[name]
    want = places(weekly, prefix)
    new = want["n"].sum()
    level = i18n.t(f"rep_level_{9 if prefix else 6}", "zh")
    body = page(weekly, name, 4)
    rows = rows_after(body, i18n.t("rep_places", "zh", level=level), i18n.t("rep_col_rank", "zh"))
    expected = [
        [
            str(i),
            p["name"],
            count(p["n"]),
            rate(p["n"] / new),
            count(p["prev"]),
            signed(p["n"] - p["prev"], 0),
        ]
        for i, p in enumerate(want.head(15).iter_rows(named=True), start=1)
    ]
    assert rows == expected
    assert new == week_figures(weekly, prefix, WEEK)["new"]
    # every place on the map is labelled with its name and count, or counted as left off
    drawn = body[: body.index(i18n.t("rep_map_note", "zh", level=level)[:5])]
    labels = dict(re.findall(r"(\S+) (\d[\d,]*)(?=\s|$)", drawn))
    named = {p["name"]: count(p["n"]) for p in want.iter_rows(named=True)}
    assert {k: v for k, v in labels.items() if k in named} == {
        k: named[k] for k in labels if k in named
    }
    left_off = re.search(r"(\d+)个" + level + "未标注", flat(body))
    labelled = sum(k in named for k in labels)
    assert labelled + (int(left_off.group(1)) if left_off else 0) == want.height


# -- page 5: spikes, workload, training --------------------------------------------------------


@pytest.mark.parametrize("name", SCOPES)
def test_spikes_table(weekly, name):
    """The week's 15 largest excesses, listed by day and then largest first: day, street (with
    its district's name), count, 28-day mean, excess."""
    found = spikes(weekly, SCOPES[name])[:15]
    rows = rows_after(
        page(weekly, name, 5), i18n.t("rep_spikes", "zh"), i18n.t("rep_col_day", "zh")
    )
    by_day = sorted(found, key=lambda s: (s[0], -(s[3] - s[4])))
    assert rows == [[str(d), n, count(k), f"{m:.2f}", f"{k - m:+.2f}"] for d, _, n, k, m in by_day]
    assert any(d == BURST_DAY and k >= BURST for d, _, _, k, _ in found)


def workload(w: Weekly, prefix: str) -> pl.DataFrame:
    """Per grid worker in post at some time in the week (hired by Sunday, not left before
    Monday) with an assignment to one of the scope's grids valid on a day of the week
    (valid_to exclusive): the scope's incidents they reported in the week (cancelled left out)
    and their patrol minutes in the scope's grids, zero where none."""
    assigned = w.tables["worker_grids"].filter(
        pl.col("grid_code").str.starts_with(prefix)
        & (pl.col("valid_from") <= SUNDAY)
        & (pl.col("valid_to").is_null() | (pl.col("valid_to") > WEEK))
    )["worker_id"]
    workers = w.tables["workers"].filter(
        pl.col("worker_id").is_in(assigned.implode())
        & (pl.col("hired_on") <= SUNDAY)
        & (pl.col("left_on").is_null() | (pl.col("left_on") > WEEK))
    )
    reported = (
        reported_in(incidents(w, prefix), WEEK)
        .group_by(pl.col("reporter_worker_id").alias("worker_id"))
        .len("reported")
    )
    minutes = (
        w.tables["patrols"]
        .filter(
            pl.col("grid_code").str.starts_with(prefix)
            & pl.col("patrol_date").is_between(WEEK, SUNDAY)
        )
        .group_by("worker_id")
        .agg(pl.col("minutes").sum())
    )
    return (
        workers.select("worker_id")
        .join(reported, on="worker_id", how="left")
        .join(minutes, on="worker_id", how="left")
        .with_columns(pl.col("reported", "minutes").fill_null(0))
    )


def gini(x: np.ndarray) -> float:
    """By definition: the mean absolute difference over all ordered pairs ÷ (2 × mean), the
    pairs summed a block of rows at a time (all 8,000² at once would take half a gigabyte)."""
    x = x.astype(float)
    pairs = sum(np.abs(x[i : i + 500, None] - x[None, :]).sum() for i in range(0, x.size, 500))
    return float(pairs / (2 * x.size**2 * x.mean()))


@pytest.mark.parametrize("name", SCOPES)
def test_workload_table(weekly, name):
    per_worker = workload(weekly, SCOPES[name])
    body = page(weekly, name, 5)
    rows = rows_after(body, i18n.t("rep_workload", "zh"), i18n.t("rep_col_measure", "zh"))
    for row, col in zip(rows, ("reported", "minutes"), strict=True):
        x = per_worker[col].to_numpy()
        assert row == [
            i18n.t(
                f"rep_w_{'incidents_reported' if col == 'reported' else 'patrol_minutes'}", "zh"
            ),
            f"{x.sum():,}",
            f"{x.mean():,.1f}",
            f"{np.median(x):,.1f}",
            f"{x.max():,}",
            f"{gini(x):.3f}",
        ], col
    assert flat(f"本周在岗网格员{per_worker.height:,}人") in flat(body)
    # the worker who moved before the week is the city's, not the district's
    assert (weekly.mover in per_worker["worker_id"]) == (not SCOPES[name])


@pytest.mark.parametrize("name", SCOPES)
def test_training_table(weekly, name):
    rows_ = attendance(weekly, SCOPES[name], WEEK)
    per_day = (
        rows_.group_by("day")
        .agg(pl.col("session_id").n_unique().alias("s"), pl.len().alias("n"))
        .sort("day")
    )
    rows = rows_after(
        page(weekly, name, 5), i18n.t("rep_training", "zh"), i18n.t("rep_col_day", "zh")
    )
    assert rows == [
        *([str(d), count(s), count(n)] for d, s, n in per_day.iter_rows()),
        [i18n.t("rep_total", "zh"), count(per_day["s"].sum()), count(rows_.height)],
    ]
    assert (SESSION in rows_["session_id"]) and rows_.height > 0
