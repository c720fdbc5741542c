"""The baseline: the morning-briefing figures in plain pandas, straight from the Parquet exports.

What a competent analyst would write without griddash: `pd.read_parquet` of the columns the
figures need (default dtypes: strings as Python objects, timestamps as datetime64), boolean masks,
`groupby`, and Kaplan–Meier written out in pandas/numpy. No catalog, no pre-built aggregates, no
DuckDB. The definitions are DESIGN.md's "Metric definitions", at the same resolution as the named
queries so the figures can be compared exactly: Kaplan–Meier durations in whole minutes rounded
up (queries/resolution_minutes_cohort.sql) and the within-limit ratio rounded up to 1/10,000 with
everything above 1 lumped at 1.0001 (queries/within_limit_cohort.sql).

`load` is the I/O (and the scope filter, done once at load as an analyst would); `compute` is the
arithmetic on frames already in memory. Nothing here imports `dashboard`: it is an independent
implementation, also used to check griddash's figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import poisson

SPIKE_P_MAX = 1e-4
SPIKE_MIN_COUNT = 10
# S(t) is a product of many factors; an exact 0.5 can come out as 0.5000000000001. The same slack
# as dashboard/core/stats.py, so that "closes exactly at the median" is found by both.
QUANTILE_TOLERANCE = 1e-12

COUNTS = ("new", "closed", "backlog", "overdue", "active_workers")
RATES = (
    "on_time_rate_30d",
    "km_median_hours_30d",
    "km_p90_hours_30d",
    "within_limit_30d",
    "grid_coverage",
    "training_coverage_365d",
)


@dataclass
class Exports:
    """The columns the brief needs, in memory, already limited to the scope."""

    scope: str
    data_cutoff: pd.Timestamp  # latest reported_at or closed_at in the whole city
    incidents: pd.DataFrame
    patrols: pd.DataFrame
    grids: pd.DataFrame
    workers: pd.DataFrame
    attendance: pd.DataFrame
    trainings: pd.DataFrame


def load(exports: Path, scope: str = "") -> Exports:
    """Read the needed columns of the exports; keep the rows inside the grid-code prefix `scope`
    (a worker is in scope when assigned to one of its grids at any time; in a scope only grid
    workers' attendance counts, as in dashboard/data/catalog.py)."""
    exports = Path(exports)

    def read(table: str, columns: list[str]) -> pd.DataFrame:
        return pd.read_parquet(exports / table, columns=columns)

    incidents = read(
        "incidents", ["grid_code", "status", "reported_at", "closed_at", "deadline_at"]
    )
    cutoff = max(incidents["reported_at"].max(), incidents["closed_at"].max())
    patrols = read("patrols", ["grid_code", "patrol_date"])
    patrols["patrol_date"] = pd.to_datetime(patrols["patrol_date"])
    grids = read("grids", ["grid_code", "district_name", "street_name"])
    workers = read("workers", ["worker_id", "hired_on", "left_on"])
    workers["hired_on"] = pd.to_datetime(workers["hired_on"])
    workers["left_on"] = pd.to_datetime(workers["left_on"])
    attendance = read("training_attendance", ["session_id", "person_id", "person_type"])
    trainings = read("trainings", ["session_id", "starts_at"])
    if scope:
        incidents = incidents[incidents["grid_code"].str.startswith(scope)]
        patrols = patrols[patrols["grid_code"].str.startswith(scope)]
        grids = grids[grids["grid_code"].str.startswith(scope)]
        assignments = read("worker_grids", ["worker_id", "grid_code"])
        mine = assignments.loc[assignments["grid_code"].str.startswith(scope), "worker_id"]
        workers = workers[workers["worker_id"].isin(mine)]
        attendance = attendance[
            (attendance["person_type"] == "grid_worker") & attendance["person_id"].isin(mine)
        ]
    return Exports(scope, cutoff, incidents, patrols, grids, workers, attendance, trainings)


def last_full_day(cutoff: pd.Timestamp) -> date:
    """The day before the one holding the latest timestamp, with an hour's grace (DESIGN.md)."""
    return (cutoff + pd.Timedelta(hours=1)).date() - timedelta(days=1)


def _seconds(delta: pd.Series) -> np.ndarray:
    """Elapsed seconds as floats, from whole microseconds (as DuckDB's epoch(interval))."""
    return delta.to_numpy().astype("timedelta64[us]").astype(np.int64) / 1e6


def km_curve(times: np.ndarray, closed: np.ndarray) -> pd.Series:
    """Kaplan–Meier S just after each event time (index: the event times, ascending)."""
    per_time = pd.DataFrame({"t": times, "e": closed}).groupby("t")["e"].agg(["size", "sum"])
    at_risk = per_time["size"][::-1].cumsum()[::-1]  # ties: events before censorings
    events = per_time["sum"]
    has_event = events > 0
    return (1.0 - events[has_event] / at_risk[has_event]).cumprod()


def km_first_below(curve: pd.Series, q: float) -> float | None:
    """Smallest event time with S ≤ q, or None when the curve never gets there."""
    reached = curve.index[curve.to_numpy() <= q + QUANTILE_TOLERANCE]
    return float(reached[0]) if len(reached) else None


def compute(data: Exports, as_of: date | None = None) -> dict:
    """The brief's figures for `as_of` (default: the last full day), keys as `brief --json`."""
    if as_of is None:
        as_of = last_full_day(data.data_cutoff)
    day = pd.Timestamp(as_of)
    end = day + pd.Timedelta(days=1)  # T
    first = day - pd.Timedelta(days=29)  # the 30 days: D−29 … D

    inc = data.incidents[data.incidents["status"] != "cancelled"]
    reported, closed_at, deadline = inc["reported_at"], inc["closed_at"], inc["deadline_at"]

    open_at_end = (reported < end) & (closed_at.isna() | (closed_at >= end))
    closed_30d = (closed_at >= first) & (closed_at < end) & deadline.notna()
    with_deadline = int(closed_30d.sum())
    on_time = int((closed_30d & (closed_at <= deadline)).sum())

    # Kaplan–Meier cohort: reported in the 30 days, censored at T.
    cohort = inc[(reported >= first) & (reported < end)]
    done = (cohort["closed_at"] < end).to_numpy()  # NaT compares False: still open
    ended = cohort["closed_at"].where(done, end)
    elapsed = _seconds(ended - cohort["reported_at"])
    curve = km_curve(np.ceil(elapsed / 60), done)
    median, p90 = km_first_below(curve, 0.5), km_first_below(curve, 0.1)

    limited = (cohort["deadline_at"] > cohort["reported_at"]).to_numpy()
    limit = _seconds(cohort["deadline_at"][limited] - cohort["reported_at"][limited])
    ratio = np.minimum(np.ceil(elapsed[limited] / limit * 10000) / 10000, 1.0001)
    within = None
    if ratio.size:
        ratio_curve = km_curve(ratio, done[limited])
        by_one = ratio_curve[ratio_curve.index <= 1.0]
        within = 1.0 - (float(by_one.iloc[-1]) if len(by_one) else 1.0)

    patrolled = data.patrols.loc[data.patrols["patrol_date"] == day, "grid_code"].nunique()
    grids = len(data.grids)

    w = data.workers
    active = w[(w["hired_on"] <= day) & (w["left_on"].isna() | (w["left_on"] > day))]
    t = data.trainings
    sessions = t.loc[(t["starts_at"] >= day - pd.Timedelta(days=364)) & (t["starts_at"] < end)]
    a = data.attendance
    trained = a.loc[
        (a["person_type"] == "grid_worker") & a["session_id"].isin(sessions["session_id"]),
        "person_id",
    ].unique()
    trained_active = int(active["worker_id"].isin(trained).sum())

    return {
        "as_of": as_of.isoformat(),
        "scope": data.scope,
        "new": int(((reported >= day) & (reported < end)).sum()),
        "closed": int(((closed_at >= day) & (closed_at < end)).sum()),
        "backlog": int(open_at_end.sum()),
        "overdue": int((open_at_end & (deadline < end)).sum()),
        "on_time_rate_30d": on_time / with_deadline if with_deadline else None,
        "km_median_hours_30d": None if median is None else median / 60,
        "km_p90_hours_30d": None if p90 is None else p90 / 60,
        "within_limit_30d": within,
        "grid_coverage": patrolled / grids if grids else None,
        "active_workers": len(active),
        "training_coverage_365d": trained_active / len(active) if len(active) else None,
        "spikes": spikes(inc, data.grids, day),
    }


def spikes(inc: pd.DataFrame, grids: pd.DataFrame, day: pd.Timestamp) -> list[dict]:
    """Streets whose count on the day is ≥ 10 and Poisson-improbable (p < 1e-4) against their
    mean over D−28 … D−1; largest excess first."""
    window = inc[
        (inc["reported_at"] >= day - pd.Timedelta(days=28))
        & (inc["reported_at"] < day + pd.Timedelta(days=1))
    ]
    counts = window.groupby(
        [
            window["grid_code"].str[:9].rename("code"),
            window["reported_at"].dt.floor("D").rename("day"),
        ]
    ).size()
    counts = counts.reset_index(name="n")
    today = counts[(counts["day"] == day) & (counts["n"] >= SPIKE_MIN_COUNT)].set_index("code")["n"]
    before = counts[counts["day"] < day].groupby("code")["n"].sum() / 28.0
    names = (
        (grids["district_name"] + grids["street_name"]).groupby(grids["grid_code"].str[:9]).first()
    )
    found = []
    for code, n in today.items():
        base = float(before.get(code, 0.0))
        p = float(poisson.sf(n - 1, base)) if base > 0 else 0.0
        if p < SPIKE_P_MAX:
            found.append(
                {
                    "code": code,
                    "name": names.get(code) or code,
                    "count": int(n),
                    "baseline": round(base, 2),
                    "excess": round(float(n - base), 2),
                    "p_value": p,
                }
            )
    return sorted(found, key=lambda s: (-s["excess"], s["code"]))


def compare(griddash: dict, baseline: dict, rel: float = 1e-9) -> list[str]:
    """Differences between griddash's `brief --json` figures and these: counts exactly, rates and
    hours to `rel` relative, spikes exactly (p-values to `rel`). Empty when they match."""
    diffs = []

    def close(a, b) -> bool:
        if a is None or b is None:
            return a is None and b is None
        return math.isclose(a, b, rel_tol=rel, abs_tol=0.0)

    for key in ("as_of", *COUNTS):
        if griddash.get(key) != baseline.get(key):
            diffs.append(f"{key}: griddash {griddash.get(key)!r}, pandas {baseline.get(key)!r}")
    for key in RATES:
        if not close(griddash.get(key), baseline.get(key)):
            diffs.append(f"{key}: griddash {griddash.get(key)!r}, pandas {baseline.get(key)!r}")
    g, p = griddash.get("spikes", []), baseline.get("spikes", [])
    if [s["code"] for s in g] != [s["code"] for s in p]:
        diffs.append(f"spikes: griddash {[s['code'] for s in g]}, pandas {[s['code'] for s in p]}")
    else:
        for a, b in zip(g, p, strict=True):
            for key in ("name", "count", "baseline", "excess"):
                if a[key] != b[key]:
                    diffs.append(f"spike {a['code']} {key}: griddash {a[key]!r}, pandas {b[key]!r}")
            if not close(a["p_value"], b["p_value"]):
                diffs.append(
                    f"spike {a['code']} p_value: griddash {a['p_value']!r}, pandas {b['p_value']!r}"
                )
    return diffs


def brief(exports: Path, scope: str = "", as_of: date | datetime | None = None) -> dict:
    """load + compute: the whole baseline, as a cold run does it."""
    return compute(load(exports, scope), as_of)
