"""预计超期's independent oracle: DESIGN.md's at_risk worked out with Polars over export frames
and lifelines' Kaplan–Meier — no DuckDB, no catalog, no dashboard code. Used by test_at_risk
(the demo) and test_report_figures (the weekly PDF)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
from lifelines import KaplanMeierFitter


def minutes_up(later: pl.Expr, earlier: pl.Expr) -> pl.Expr:
    """Whole minutes from earlier to later, rounded up (DESIGN.md: at_risk's a, l and S_g)."""
    return ((later - earlier).dt.total_microseconds() / 60_000_000).ceil()


def due_cases(
    incidents: pl.DataFrame,
    items: pl.DataFrame,
    categories: pl.DataFrame,
    as_of: date,
    prefix: str = "",
) -> pl.DataFrame:
    """The due cases of the scope with p (p_miss), highest first, then by deadline and id:
    incident_id, deadline_at, group_zh, handling_unit, a, l, p_miss."""
    t_end = datetime.combine(as_of + timedelta(days=1), datetime.min.time())
    groups = items.join(categories, on="category_code").select("item_code", "group_zh")
    inc = incidents.filter(
        pl.col("grid_code").str.starts_with(prefix) & (pl.col("status") != "cancelled")
    ).join(groups, on="item_code", how="left")
    open_at_t = (pl.col("reported_at") < t_end) & (
        pl.col("closed_at").is_null() | (pl.col("closed_at") >= t_end)
    )
    due = inc.filter(
        open_at_t
        & (pl.col("deadline_at") > t_end)
        & (pl.col("deadline_at") <= t_end + timedelta(days=1))
    ).with_columns(
        a=minutes_up(pl.lit(t_end), pl.col("reported_at")),
        l=minutes_up(pl.col("deadline_at"), pl.col("reported_at")),
    )
    closed = pl.col("closed_at").is_not_null() & (pl.col("closed_at") < t_end)
    cohort = inc.filter(
        pl.col("reported_at").dt.date().is_between(as_of - timedelta(days=89), as_of)
    ).with_columns(
        event=closed,
        minutes=minutes_up(
            pl.when(closed).then(pl.col("closed_at")).otherwise(pl.lit(t_end)),
            pl.col("reported_at"),
        ),
    )
    p = []
    for row in due.iter_rows(named=True):
        km = cohort.filter(pl.col("group_zh") == row["group_zh"])
        kmf = KaplanMeierFitter().fit(km["minutes"].to_numpy(), km["event"].to_numpy())
        s_a, s_l = (float(kmf.predict(x, interpolate=False)) for x in (row["a"], row["l"]))
        p.append(1.0 if s_a == 0 else s_l / s_a)
    return (
        due.with_columns(p_miss=pl.Series(p, dtype=pl.Float64))
        .sort(["p_miss", "deadline_at", "incident_id"], descending=[True, False, False])
        .select(
            "incident_id",
            "grid_code",
            "item_code",
            "deadline_at",
            "group_zh",
            "handling_unit",
            "a",
            "l",
            "p_miss",
        )
    )
