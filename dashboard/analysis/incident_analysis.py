"""The /incidents page's data: where, when, what and through which channel incidents were
reported in a time window, with the page's matter / item / source filters, and the history of
spikes.

Every count comes from the named queries `incidents_by_grid`, `incidents_by_hour_weekday` and
`incidents_by_day_source` (cancelled incidents left out, as DESIGN.md says). The last two keep
item and source in their grain (a year has at most 366 × 410 and 168 × 410 rows): the page
filters those rows here and sums them to the grain a panel shows — weekday × hour, day, item.
Per grid, item and source a year has millions of rows at 10M incidents, so the grid counts come
filtered from the database instead (`incidents_by_grid`, which reads the ingest's
`incidents_by_grid_day` when there is no filter). Spikes are `metrics.spikes`, the one
definition, run day by day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from dashboard.core import contract
from dashboard.data.catalog import Catalog
from dashboard.measures import metrics

SOURCES = contract.SOURCES
SPIKE_HISTORY_MAX_DAYS = (
    30  # metrics.spikes runs once per day and level (≈ 10–20 ms each at scale 1)
)
SPIKE_BASELINE_DAYS = 28  # a day is checked once its whole 28-day baseline lies in the data
WEEKLY_FROM_DAYS = 90  # windows this long show sources per week, shorter ones per day


@dataclass(frozen=True)
class Filters:
    """The page's filters: a matter type (category_code), one of its items (item_code), and
    sources (empty: all). None / empty means no filter."""

    matter: str | None = None
    item: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.matter or self.item or self.sources)


@dataclass(frozen=True)
class WindowRows:
    """The unfiltered rows of a window that the first view needs (window_rows)."""

    by_day: pl.DataFrame  # day, item_code, source, incidents


def window_rows(cat: Catalog, first: date, last: date) -> WindowRows:
    """The unfiltered day rows for the days first … last (inclusive)."""
    return WindowRows(cat.query("incidents_by_day_source", **{"from": first, "to": last}))


def hour_rows(cat: Catalog, first: date, last: date) -> pl.DataFrame:
    """Per weekday, hour, item and source, the incidents reported first … last, unfiltered
    (incidents_by_hour_weekday): read when the 'when' section is opened."""
    return cat.query("incidents_by_hour_weekday", **{"from": first, "to": last})


def previous_count(cat: Catalog, window: tuple[date, date] | None, f: Filters) -> int | None:
    """Incidents reported in `window` (previous_window) under the filters: the sum of its grid
    counts, so that without a filter it reads the ingest's aggregate, not a year of incidents;
    None without a window."""
    if window is None:
        return None
    return int(grid_counts(cat, *window, f)["incidents"].sum())


def grid_counts(cat: Catalog, first: date, last: date, f: Filters) -> pl.DataFrame:
    """Incidents per grid reported first … last under the filters (incidents_by_grid): grid_code,
    incidents; grids without any left out."""
    return cat.query(
        "incidents_by_grid",
        **{"from": first, "to": last},
        matter=f.matter or "",
        item=f.item or "",
        sources=",".join(f.sources),
    )


def item_names(cat: Catalog) -> pl.DataFrame:
    """Every item with its matter and group, named in zh and en (incidents_item_names)."""
    return cat.query("incidents_item_names")


def grid_places(cat: Catalog) -> pl.DataFrame:
    """Every grid in scope with its centre and place names (incidents_grid_places)."""
    return cat.query("incidents_grid_places")


def matters(names: pl.DataFrame) -> dict[str, tuple[str, str]]:
    """Matter type code → (name_zh, name_en), in code order."""
    rows = names.group_by("category_code").agg(
        pl.col("category_zh").first(), pl.col("category_en").first()
    )
    return {c: (zh, en) for c, zh, en in rows.sort("category_code").iter_rows()}


def items_of(names: pl.DataFrame, matter: str | None) -> list[str]:
    """The item codes of a matter type (all items for None)."""
    rows = names if matter is None else names.filter(pl.col("category_code") == matter)
    return rows["item_code"].to_list()


def filtered(rows: pl.DataFrame, names: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """The rows (with item_code and source) that pass the filters."""
    if f.item:
        rows = rows.filter(pl.col("item_code") == f.item)
    elif f.matter:
        rows = rows.filter(pl.col("item_code").is_in(items_of(names, f.matter)))
    if f.sources:
        rows = rows.filter(pl.col("source").is_in(list(f.sources)))
    return rows


# -- the panels ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    incidents: int  # in the window, filtered
    all_incidents: int  # in the window, unfiltered
    days_with_data: int  # days of the window inside the data (the per-day divisor)
    per_day: float | None
    previous: int | None  # the window of equal length before; None where it leaves the data
    change: float | None  # (incidents − previous) ÷ previous
    share_of_all: float | None  # filtered ÷ all incidents in the window (None without a filter)


def per_day_decimals(largest: float | None) -> int:
    """Decimals for incidents per day: 1, or 2 below 10 a day — a grid's one incident in 30
    days is 0.03 a day, not 0.0."""
    return 1 if largest is not None and largest >= 10 else 2


def headline(
    rows: WindowRows,
    previous: int | None,
    names: pl.DataFrame,
    f: Filters,
    days_with_data: int,
) -> Headline:
    """The window's filtered incidents, per day, change against the previous window of the same
    length (previous: its filtered count, previous_count; None when it is not wholly inside the
    data) and the share of all incidents of the window."""
    total = int(rows.by_day["incidents"].sum())
    n = int(filtered(rows.by_day, names, f)["incidents"].sum())
    prev = previous
    return Headline(
        incidents=n,
        all_incidents=total,
        days_with_data=days_with_data,
        per_day=n / days_with_data if days_with_data > 0 else None,
        previous=prev,
        change=(n - prev) / prev if prev else None,
        share_of_all=(n / total if total else None) if f.active else None,
    )


def hour_weekday(by_hour: pl.DataFrame, names: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """Incidents per weekday (1 Monday … 7 Sunday) × hour (0–23), all 168 cells (zeros kept):
    weekday, hour, incidents."""
    cells = pl.DataFrame({"weekday": list(range(1, 8))}, schema={"weekday": pl.Int32}).join(
        pl.DataFrame({"hour": list(range(24))}, schema={"hour": pl.Int32}), how="cross"
    )
    counts = (
        filtered(by_hour, names, f)
        .group_by("weekday", "hour")
        .agg(pl.col("incidents").sum())
        .with_columns(pl.col("weekday").cast(pl.Int32), pl.col("hour").cast(pl.Int32))
    )
    return (
        cells.join(counts, on=["weekday", "hour"], how="left")
        .with_columns(pl.col("incidents").fill_null(0).cast(pl.Int64))
        .sort("weekday", "hour")
    )


def weekday_days(first: date, last: date) -> dict[int, int]:
    """How many times each weekday (1 Monday … 7 Sunday) occurs in first … last."""
    out = dict.fromkeys(range(1, 8), 0)
    for i in range((last - first).days + 1):
        out[(first + timedelta(days=i)).isoweekday()] += 1
    return out


def by_item(rows: WindowRows, names: pl.DataFrame, f: Filters) -> pl.DataFrame:
    """Incidents per item with its matter and names (items without any left out), most first:
    category_code, category_zh, category_en, item_code, item_zh, item_en, incidents."""
    counts = filtered(rows.by_day, names, f).group_by("item_code").agg(pl.col("incidents").sum())
    return (
        names.join(counts, on="item_code", how="inner")
        .filter(pl.col("incidents") > 0)
        .select(
            "category_code",
            "category_zh",
            "category_en",
            "item_code",
            "item_zh",
            "item_en",
            "incidents",
        )
        .sort("incidents", "item_code", descending=[True, False])
    )


def by_matter(items: pl.DataFrame) -> pl.DataFrame:
    """by_item() summed per matter type, most first: category_code, category_zh, category_en,
    incidents."""
    return (
        items.group_by("category_code")
        .agg(
            pl.col("category_zh").first(), pl.col("category_en").first(), pl.col("incidents").sum()
        )
        .sort("incidents", "category_code", descending=[True, False])
    )


def top_entry(items: pl.DataFrame, f: Filters) -> tuple[str, str, str, int] | None:
    """The headline's 'top' tile: ("matter", zh, en, incidents) of the matter type with the most
    incidents — or, once a matter type is chosen, ("item", …) of its busiest item; None if
    there are no incidents."""
    if items.is_empty():
        return None
    if f.matter:
        _, _, _, _, zh, en, n = items.row(0)  # by_item() is sorted, most first
        return "item", zh, en, int(n)
    _, zh, en, n = by_matter(items).row(0)
    return "matter", zh, en, int(n)


def weekly(days: int) -> bool:
    """Whether a window this long shows sources per week (else per day)."""
    return days >= WEEKLY_FROM_DAYS


def by_source_over_time(
    rows: WindowRows, names: pl.DataFrame, f: Filters, per_week: bool
) -> pl.DataFrame:
    """Incidents per period and source: period (the day, or the Monday of the ISO week),
    source, incidents (periods × sources with none left out)."""
    rows = filtered(rows.by_day, names, f)
    period = pl.col("day").dt.truncate("1w") if per_week else pl.col("day")
    return (
        rows.group_by(period.alias("period"), "source")
        .agg(pl.col("incidents").sum())
        .sort("period", "source")
    )


def per_grid(counts: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
    """Incidents per grid with its centre and names, every grid in scope (zeros kept):
    grid_code, grid_name, community_name, street_name, district_name, lon, lat, incidents.
    `counts` is grid_counts()."""
    return (
        places.join(counts, on="grid_code", how="left")
        .with_columns(pl.col("incidents").fill_null(0).cast(pl.Int64))
        .rename({"center_lon": "lon", "center_lat": "lat"})
    )


# Name and parent-name columns of a place of each level, taken from its grids' rows.
PLACE_COLUMNS = {
    6: ("district_name", None),
    9: ("street_name", "district_name"),
    12: ("community_name", "street_name"),
    16: ("grid_name", "street_name"),
}


def top_levels(scope: str) -> tuple[int, ...]:
    """The levels (code digits) of the 'top places' lists for a scope: streets and grids from
    the city and a district, communities and grids in a street, grids below that."""
    return {0: (9, 16), 6: (9, 16), 9: (12, 16)}.get(len(scope), (16,))


def top_places(grids: pl.DataFrame, digits: int, days_with_data: int) -> pl.DataFrame:
    """Every place of the level `digits` in scope, most incidents first: rank, code, name,
    parent (the place above it), incidents, per_day, share_pct (% of the scope's filtered
    incidents). `grids` is per_grid()."""
    name, parent = PLACE_COLUMNS[digits]
    total = int(grids["incidents"].sum())
    out = grids.group_by(pl.col("grid_code").str.slice(0, digits).alias("code")).agg(
        pl.col(name).first().alias("name"),
        (pl.col(parent).first() if parent else pl.lit("")).alias("parent"),
        pl.col("incidents").sum(),
    )
    most = out["incidents"].max() if out.height else None
    per_day = per_day_decimals(most / days_with_data if most and days_with_data > 0 else None)
    out = out.sort("incidents", "code", descending=[True, False]).with_columns(
        (pl.col("incidents") / days_with_data if days_with_data > 0 else pl.lit(None))
        .cast(pl.Float64)
        .round(per_day)
        .alias("per_day"),
        (100 * pl.col("incidents") / total if total else pl.lit(None))
        .cast(pl.Float64)
        .round(2)
        .alias("share_pct"),
    )
    return out.with_row_index("rank", offset=1).select(
        pl.col("rank").cast(pl.Int64), "code", "name", "parent", "incidents", "per_day", "share_pct"
    )


# -- spikes --------------------------------------------------------------------------------------


def spike_days(first: date, last: date, data_first: date) -> tuple[date, date] | None:
    """The days checked for spikes: the window's last SPIKE_HISTORY_MAX_DAYS days, from the first
    day whose 28-day baseline lies wholly inside the data; None when no day qualifies."""
    start = max(
        first,
        last - timedelta(days=SPIKE_HISTORY_MAX_DAYS - 1),
        data_first + timedelta(days=SPIKE_BASELINE_DAYS),
    )
    return (start, last) if start <= last else None


def spike_history(cat: Catalog, first: date, last: date) -> pl.DataFrame:
    """metrics.spikes for every day first … last and every level of top_levels(scope) (the same levels as the top places): day,
    level (digits), code, name, count, baseline (28-day mean), excess, p_value; newest day
    first, then the largest excess."""
    rows = []
    for i in range((last - first).days + 1):
        day = last - timedelta(days=i)
        for digits in top_levels(cat.scope):
            for s in metrics.spikes(cat, day, digits):
                rows.append((day, digits, s.code, s.name, s.count, s.baseline, s.excess, s.p_value))
    schema = {
        "day": pl.Date,
        "level": pl.Int64,
        "code": pl.String,
        "name": pl.String,
        "count": pl.Int64,
        "baseline": pl.Float64,
        "excess": pl.Float64,
        "p_value": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


# -- everything the page shows -------------------------------------------------------------------


@dataclass(frozen=True)
class IncidentView:
    """The page's frames for one window and set of filters (see the functions above)."""

    headline: Headline
    weekday_days: dict[int, int]
    by_item: pl.DataFrame
    by_source: pl.DataFrame
    per_week: bool
    grids: pl.DataFrame
    tops: dict[int, pl.DataFrame]  # digits → top_places


def previous_window(first: date, last: date, data_first: date) -> tuple[date, date] | None:
    """The window of equal length just before first … last; None when it starts before the
    data (a partial window would make any change look like growth)."""
    n = (last - first).days + 1
    start, end = first - timedelta(days=n), first - timedelta(days=1)
    return (start, end) if start >= data_first else None


def days_with_data(first: date, last: date, data_first: date) -> int:
    """Days of first … last on or after the data's first day."""
    return max((last - max(first, data_first)).days + 1, 0)


def build(
    rows: WindowRows,
    counts: pl.DataFrame,
    previous: int | None,
    names: pl.DataFrame,
    places: pl.DataFrame,
    scope: str,
    first: date,
    last: date,
    data_first: date,
    f: Filters,
) -> IncidentView:
    """The page's frames from the window's rows (window_rows), its filtered grid counts
    (grid_counts), the previous window's count (previous_count; None when it leaves the data), the item names
    and the grid places."""
    n_days = days_with_data(first, last, data_first)
    grids = per_grid(counts, places)
    per_week = weekly((last - first).days + 1)
    return IncidentView(
        headline=headline(rows, previous, names, f, n_days),
        weekday_days=weekday_days(max(first, data_first), last),
        by_item=by_item(rows, names, f),
        by_source=by_source_over_time(rows, names, f, per_week),
        per_week=per_week,
        grids=grids,
        tops={d: top_places(grids, d, n_days) for d in top_levels(scope)},
    )
