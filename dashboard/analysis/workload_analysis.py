"""The /workload page's figures: how the work is spread over the grid workers of the place being
looked at, over the time window, and which grids have nobody.

Every number comes from a named query or a metric function:

- per worker: `workload_by_worker` (incidents reported, patrol minutes and days, households
  visited, households of the assigned grids, cases handled, days in post) with the names of the
  worker's grids from `workload_worker_grids`;
- spread: `stats.gini` and `stats.lorenz`; over- and under-loaded: more than twice or less than
  half the median (below: Tukey's lower fence is below zero for a measure that cannot be, so it
  never flags anyone as under-loaded);
- grids without an active worker: `workload_grids_without_worker` (on the as-of day) and
  `workload_grids_without_worker_by_day`; patrol coverage per day: `grid_coverage_by_day`, and on
  the as-of day `metrics.grid_coverage` (the briefing's tile).

Workers "in post in the window" are those hired on or before its last day and not gone before
its first (as in the weekly report); in a scoped catalog only the workers assigned to one of the
place's grids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from dashboard.core import stats
from dashboard.core.i18n import t
from dashboard.core.shared_cache import SharedCache
from dashboard.data.catalog import Catalog
from dashboard.geo import map_layers, outlines
from dashboard.measures import metrics

# The per-worker measures (columns of per_worker()), the first the default.
MEASURES = (
    "patrol_minutes_per_day",
    "incidents_reported",
    "cases_handled",
    "households_visited",
    "households_in_grids",
)
DEFAULT_MEASURE = MEASURES[0]
EMPLOYMENT = ("all", "full_time", "part_time")
# Decimals shown per measure: the shared ones (cases, households in grids) are fractions.
DECIMALS = {
    "patrol_minutes_per_day": 1,
    "incidents_reported": 0,
    "cases_handled": 1,
    "households_visited": 0,
    "households_in_grids": 1,
}
TUKEY_K = 1.5  # box-plot whiskers to the last value within Q1 − k·IQR … Q3 + k·IQR
# Over-loaded above LOAD_FACTOR × the median, under-loaded below the median ÷ LOAD_FACTOR: a
# ratio, symmetric on a log scale, because a workload is positive and skewed.
LOAD_FACTOR = 2.0
LORENZ_POINTS = 400  # the Lorenz curve is drawn from at most this many points (+ the ends)
# Above this many grids the map shows grid centres, not outlines (a city's 8,967 polygons would
# be several MB of JSON for the browser).
MAX_GRID_POLYGONS = 2500


@dataclass(frozen=True)
class WorkloadView:
    """Everything the page shows for one place and window (cached per data version)."""

    first: date
    last: date  # the as-of day
    workers: pl.DataFrame  # per_worker()
    assignments: pl.DataFrame  # workload_worker_grids
    without_worker: pl.DataFrame  # workload_grids_without_worker on `last`
    without_by_day: pl.DataFrame  # workload_grids_without_worker_by_day
    coverage_as_of: float | None  # metrics.grid_coverage on `last`


def per_worker(
    cat: Catalog, first: date, last: date, assignments: pl.DataFrame | None = None
) -> pl.DataFrame:
    """One row per worker in post in first … last (inclusive): the columns of workload_by_worker
    plus patrol_minutes_per_day (patrol minutes ÷ calendar days in post in the window, min/day),
    full_window (in post every day of it), and the names of the grids assigned in the window
    (grid_names, street_names, joined with 、). `assignments`: workload_worker_grids for the
    same window, when the caller has it already."""
    window = {"from": first, "to": last}
    rows = cat.query("workload_by_worker", **window)
    grids = cat.query("workload_worker_grids", **window) if assignments is None else assignments
    names = grids.group_by("worker_id", maintain_order=True).agg(
        pl.col("grid_name").unique(maintain_order=True).str.join("、").alias("grid_names"),
        pl.col("street_name").unique(maintain_order=True).str.join("、").alias("street_names"),
    )
    days = (last - first).days + 1
    return rows.join(names, on="worker_id", how="left").with_columns(
        (pl.col("patrol_minutes") / pl.col("days_in_post").clip(lower_bound=1)).alias(
            "patrol_minutes_per_day"
        ),
        (pl.col("days_in_post") >= days).alias("full_window"),
    )


def coverage_by_day(cat: Catalog, first: date, last: date) -> pl.DataFrame:
    """Per day first … last: patrolled grids, all grids (grid_coverage_by_day), the share and
    its trailing 7-day mean (over the days of the window that have 7 before them; null else)."""
    rows = cat.query("grid_coverage_by_day", **{"from": first, "to": last}, days=1)
    share = pl.when(pl.col("grids") > 0).then(pl.col("patrolled") / pl.col("grids"))
    return rows.with_columns(share.alias("share")).with_columns(
        pl.col("share").rolling_mean(7).alias("share_7d")
    )


def build(cat: Catalog, first: date, last: date) -> WorkloadView:
    """The page's data for the catalog's scope and the window first … last (inclusive); the
    coverage over time (coverage_by_day) is computed when its section is opened."""
    window = {"from": first, "to": last}
    assignments = cat.query("workload_worker_grids", **window)
    return WorkloadView(
        first=first,
        last=last,
        workers=per_worker(cat, first, last, assignments),
        assignments=assignments,
        without_worker=cat.query("workload_grids_without_worker", as_of=last),
        without_by_day=cat.query("workload_grids_without_worker_by_day", **window),
        coverage_as_of=metrics.grid_coverage(cat, last),
    )


def select(workers: pl.DataFrame, employment: str) -> pl.DataFrame:
    """The workers of one employment kind ('all', 'full_time', 'part_time')."""
    return workers if employment == "all" else workers.filter(pl.col("employment") == employment)


@dataclass(frozen=True)
class Spread:
    """How one measure is spread over the workers."""

    workers: int
    total: float
    mean: float | None
    median: float | None
    gini: float | None  # stats.gini (None: no workers, or all zero)
    population_share: np.ndarray  # the Lorenz curve (stats.lorenz), at most LORENZ_POINTS + 1
    value_share: np.ndarray


def spread(workers: pl.DataFrame, measure: str) -> Spread:
    """Mean, median, Gini coefficient and Lorenz curve of `measure` over the workers (no Gini
    for fewer than two: one worker's "0.000, all equal" says nothing of a spread)."""
    x = workers[measure].to_numpy().astype(float)
    pop, val = stats.lorenz(x)
    if pop.size > LORENZ_POINTS + 1:  # thin the curve for drawing; it stays exact at its points
        keep = np.unique(np.linspace(0, pop.size - 1, LORENZ_POINTS + 1).round().astype(int))
        pop, val = pop[keep], val[keep]
    n = int(x.size)
    return Spread(
        workers=n,
        total=float(x.sum()),
        mean=float(x.mean()) if n else None,
        median=float(np.median(x)) if n else None,
        gini=stats.gini(x) if n >= 2 else None,
        population_share=pop,
        value_share=val,
    )


@dataclass(frozen=True)
class Fences:
    """The bounds of normal load for a measure over the workers in post the whole window."""

    median: float
    low: float  # median ÷ LOAD_FACTOR
    high: float  # median × LOAD_FACTOR
    workers: int  # how many workers the bounds were computed over


def fences(values: np.ndarray) -> Fences | None:
    """Half and twice the median of `values`; None when empty."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return None
    median = float(np.median(x))
    return Fences(median, median / LOAD_FACTOR, median * LOAD_FACTOR, int(x.size))


@dataclass(frozen=True)
class BoxSummary:
    """What a box plot draws, computed here so the page sends five numbers and the outliers
    instead of every worker's value: quartiles as in `fences`, whiskers at the furthest values
    within the fences, the values beyond them."""

    q1: float
    median: float
    q3: float
    lower_whisker: float
    upper_whisker: float
    outliers: tuple[float, ...]


def box_summary(values: np.ndarray) -> BoxSummary | None:
    """The box plot of `values` (Tukey: whiskers to the last value within 1.5·IQR); None when
    empty."""
    x = np.asarray(values, dtype=float)
    if x.size == 0:
        return None
    q1, q3 = np.percentile(x, [25, 75])  # numpy's linear rule
    low, high = q1 - TUKEY_K * (q3 - q1), q3 + TUKEY_K * (q3 - q1)
    inside = x[(x >= low) & (x <= high)]
    return BoxSummary(
        float(q1),
        float(np.median(x)),
        float(q3),
        float(inside.min()),
        float(inside.max()),
        tuple(float(v) for v in np.sort(x[(x < low) | (x > high)])),
    )


LIST_COLUMNS = (
    "worker_id",
    "display_name",
    "employment",
    "value",
    "grids",
    "grid_names",
    "street_names",
)


def loaded(workers: pl.DataFrame, measure: str) -> tuple[Fences | None, pl.DataFrame, pl.DataFrame]:
    """Over- and under-loaded workers for `measure`: among the workers in post every day of the
    window (a part-window worker's totals are not comparable), those above twice the median
    (over, highest first) and below half of it (under, lowest first), with their grids; nobody
    when the median is 0 (no ratio to judge by). Returns (fences, over, under); columns
    LIST_COLUMNS, `value` the measure."""
    whole = workers.filter(pl.col("full_window"))
    found = fences(whole[measure].to_numpy())
    empty = whole.head(0).with_columns(pl.col(measure).alias("value")).select(LIST_COLUMNS)
    if found is None:
        return None, empty, empty
    if found.median <= 0:
        return found, empty, empty
    rows = whole.with_columns(pl.col(measure).round(DECIMALS[measure]).alias("value"))
    over = rows.filter(pl.col(measure) > found.high).sort(
        measure, "worker_id", descending=[True, False]
    )
    under = rows.filter(pl.col(measure) < found.low).sort(measure, "worker_id")
    return found, over.select(LIST_COLUMNS), under.select(LIST_COLUMNS)


def grid_values(workers: pl.DataFrame, assignments: pl.DataFrame, measure: str) -> pl.DataFrame:
    """Per grid with a worker assigned in the window (among `workers`): the mean of `measure`
    over those workers, and how many they are. Columns grid_code, value, workers."""
    return (
        assignments.select("worker_id", "grid_code")
        .unique()
        .join(workers.select("worker_id", measure), on="worker_id")
        .group_by("grid_code")
        .agg(pl.col(measure).mean().alias("value"), pl.len().alias("workers"))
        .sort("grid_code")
    )


def place_values(
    workers: pl.DataFrame, assignments: pl.DataFrame, measure: str, digits: int
) -> pl.DataFrame:
    """Per place of `digits` digits (6: districts, 9: streets) with a worker assigned in the
    window (among `workers`) to one of its grids: the mean of `measure` over those workers, each
    counted once, and how many they are. Columns code, value, workers."""
    return (
        assignments.select("worker_id", pl.col("grid_code").str.slice(0, digits).alias("code"))
        .unique()
        .join(workers.select("worker_id", measure), on="worker_id")
        .sort("code", "worker_id")
        # Rounded far below what is shown: a sum's last bit can differ between runs, and the
        # map is shared between sessions by the content of these rows (shell.figure).
        .group_by("code", maintain_order=True)
        .agg(pl.col(measure).mean().round(9).alias("value"), pl.len().alias("workers"))
    )


def map_by_place(scope: str) -> bool:
    """Whether the workload map of `scope` colours the places one level down (a city's
    districts, a district's streets: thousands of grid dots would be confetti) rather than
    each grid (a street and below)."""
    return len(scope) < 9


def map_values(
    workers: pl.DataFrame, assignments: pl.DataFrame, measure: str, scope: str
) -> pl.DataFrame:
    """What the workload map of `scope` colours: place_values one level down (columns code,
    value, workers) where map_by_place, else grid_values (grid_code, value, workers)."""
    if map_by_place(scope):
        return place_values(workers, assignments, measure, 6 if not scope else 9)
    return grid_values(workers, assignments, measure)


# -- grid shapes for the map ---------------------------------------------------------------------


@dataclass(frozen=True)
class GridShapes:
    """The scope's grids for the workload map: outlines (GeoJSON geometry per grid) where there
    are at most MAX_GRID_POLYGONS grids, else None and the map draws the centres."""

    grids: pl.DataFrame  # grid_code, grid_name, lon, lat
    geometry: dict[str, dict] | None  # grid_code → GeoJSON geometry (simplified), or None


_SHAPES: SharedCache[GridShapes] = SharedCache(16)


def grid_shapes(cat: Catalog) -> GridShapes:
    """The scope's grids (map_grids) with their outlines, computed once per data version and
    scope (kept in a small module-level cache, like outlines.outlines)."""
    return _SHAPES.get((cat.data_version, cat.scope), lambda: _grid_shapes(cat))


def _grid_shapes(cat: Catalog) -> GridShapes:
    rows = cat.query("map_grids")
    grids = rows.select(
        "grid_code",
        "grid_name",
        pl.col("center_lon").round(map_layers.COORD_DIGITS).alias("lon"),
        pl.col("center_lat").round(map_layers.COORD_DIGITS).alias("lat"),
    )
    geometry = None
    if 0 < rows.height <= MAX_GRID_POLYGONS:
        import shapely

        polygons = shapely.simplify(
            outlines.grid_polygons(rows), outlines.FINE_TOLERANCE, preserve_topology=True
        )
        geometry = {
            code: outlines.geojson(p) for code, p in zip(rows["grid_code"], polygons, strict=True)
        }
    return GridShapes(grids, geometry)


# -- tables as shown -------------------------------------------------------------------------------

VACANT_TABLE_COLUMNS = {
    "grid_code": "wl_col_grid_code",
    "grid_name": "wl_col_grid",
    "community_name": "wl_col_community",
    "street_name": "wl_col_street",
    "district_name": "wl_col_district",
    "households": "wl_col_households",
    "vacant_since": "wl_col_vacant_since",
    "days_vacant": "wl_col_days_vacant",
}
WORKER_TABLE_COLUMNS = {
    "worker_id": "wl_col_worker_id",
    "display_name": "wl_col_name",
    "employment": "wl_col_employment",
    "days_in_post": "wl_col_days_in_post",
    "grids": "wl_col_grids",
    "patrol_minutes_per_day": "wl_measure_patrol_minutes_per_day",
    "patrol_minutes": "wl_col_patrol_minutes",
    "patrol_days": "wl_col_patrol_days",
    "incidents_reported": "wl_measure_incidents_reported",
    # shared between a grid's workers, so halves and thirds: the heading says "shared" and
    # the page's definitions how
    "cases_handled": "wl_col_cases_handled_shared",
    "households_visited": "wl_measure_households_visited",
    "households_in_grids": "wl_col_households_in_grids_shared",
    "grid_names": "wl_col_grid_names",
    "street_names": "wl_col_streets",
}


def employment_words(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """`employment` codes (full_time, part_time) as words in the chosen language."""
    words = {k: t(f"wl_employment_{k}", lang) for k in EMPLOYMENT[1:]}
    return frame.with_columns(pl.col("employment").replace_strict(words, default=None))


def worker_table(workers: pl.DataFrame, lang: str) -> pl.DataFrame:
    """Every worker with every measure (WORKER_TABLE_COLUMNS), fractions rounded as shown,
    busiest patrol minutes a day first."""
    return employment_words(
        workers.select(list(WORKER_TABLE_COLUMNS)).with_columns(
            [pl.col(m).round(d) for m, d in DECIMALS.items() if d]
        ),
        lang,
    ).sort("patrol_minutes_per_day", "worker_id", descending=[True, False])
