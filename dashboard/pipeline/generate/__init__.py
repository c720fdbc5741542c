"""`griddash generate`: demo exports for Taiyuan, following the export contract.

The same seed, end day, span and scale give the same data: every part draws from its own random
stream (geography, staff, trainings, each month of incidents and of patrols), so changing one part
does not shift the others. Big tables are written month by month as Hive partitions
(`year=YYYY/month=MM/part-0.parquet`), so memory stays bounded at any scale. The whole folder is
written beside the target and renamed into place at the end: an interrupted run leaves nothing
that looks complete.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl
from tqdm import tqdm

from dashboard.pipeline.generate import catalogue, geography, incidents, people

CHUNK_INCIDENTS = 400_000
PARTS = ("geography", "staff", "trainings", "incidents", "patrols")


def generate(
    out: Path,
    *,
    scale: float = 1.0,
    seed: int = 20240601,
    end: date,
    days: int = 730,
    divisions_csv: Path | None = None,
    boundaries_geojson: Path | None = None,
    progress: bool = True,
) -> dict[str, int]:
    """Write every table of the contract under `out`; return rows written per table.

    scale: incidents per day in units of 4,000 (workers, grids and trainings do not scale).
    end: the last day of data; days: how many days of history, ending on `end`.
    """
    if days < 1:
        raise ValueError(f"days: expected at least 1, found {days}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        counts = _write_all(
            tmp, scale, seed, end, days, divisions_csv, boundaries_geojson, progress
        )
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return counts


def _streams(seed: int) -> dict[str, np.random.SeedSequence]:
    children = np.random.SeedSequence(seed).spawn(len(PARTS))
    return dict(zip(PARTS, children, strict=True))


def _write_all(out, scale, seed, end, days, divisions_csv, boundaries_geojson, progress):
    streams = _streams(seed)
    start_date = end - timedelta(days=days - 1)
    start, stop = people.day_number(start_date), people.day_number(end)
    counts: dict[str, int] = {}

    def write(name: str, frame: pl.DataFrame, part: str = "part-0.parquet") -> None:
        target = out / name / part
        target.parent.mkdir(parents=True, exist_ok=True)
        frame.write_parquet(target, compression="zstd", statistics=True)
        counts[name] = counts.get(name, 0) + frame.height

    months = _months(start, stop)
    bar = tqdm(total=3 + len(months), desc="griddash generate", unit="step", disable=not progress)

    rng = np.random.default_rng(streams["geography"])
    outlines = geography.district_outlines(boundaries_geojson)
    communities = geography.build_communities(rng, outlines, divisions_csv)
    grids = geography.build_grids(rng, communities)
    write("grids", pl.DataFrame(grids).select(_GRID_COLUMNS))
    write("categories", _categories())
    write("items", _items())
    bar.update()

    staff = people.build_staff(np.random.default_rng(streams["staff"]), grids, start, stop)
    write("workers", staff.workers)
    write("worker_grids", staff.assignments)
    bar.update()

    trainings, attendance = people.build_trainings(
        np.random.default_rng(streams["trainings"]), staff, grids, start, stop
    )
    write("trainings", trainings)
    write("training_attendance", attendance)
    bar.update()

    ctx = incidents.prepare(
        np.random.default_rng(streams["incidents"]), grids, staff, scale, start, stop
    )
    incident_seeds = streams["incidents"].spawn(len(months))
    patrol_seeds = streams["patrols"].spawn(len(months))
    # At most ~CHUNK_INCIDENTS incidents in memory at once: big scales split a month by days.
    days_per_part = max(1, int(CHUNK_INCIDENTS // (incidents.BASE_PER_DAY * scale)))
    for (label, month_days), s_inc, s_pat in zip(months, incident_seeds, patrol_seeds, strict=True):
        pieces = [
            month_days[i : i + days_per_part] for i in range(0, len(month_days), days_per_part)
        ]
        width = len(str(len(pieces) - 1))
        for k, (piece, s_piece) in enumerate(zip(pieces, s_inc.spawn(len(pieces)), strict=True)):
            ctx.rng = np.random.default_rng(s_piece)
            inc, events = incidents.month_chunk(ctx, piece)
            part = f"{label}/part-{k:0{width}d}.parquet"
            write("incidents", inc, part)
            write("incident_events", events, part)
            del inc, events
        patrols = people.patrols_for_days(np.random.default_rng(s_pat), staff, grids, month_days)
        write("patrols", patrols, f"{label}/part-0.parquet")
        bar.update()
        bar.set_postfix(incidents=f"{counts['incidents']:,}")
    bar.close()
    return counts


_GRID_COLUMNS = [
    "grid_code",
    "grid_name",
    "grid_type",
    "district_code",
    "district_name",
    "street_code",
    "street_name",
    "community_code",
    "community_name",
    "households",
    "population",
    "area_km2",
    "center_lon",
    "center_lat",
    "boundary_wkt",
]


def _months(start: int, stop: int) -> list[tuple[str, np.ndarray]]:
    """Calendar months covering day numbers start … stop: (hive label, day numbers)."""
    all_days = np.arange(start, stop + 1)
    month_of = all_days.astype("datetime64[D]").astype("datetime64[M]")
    out = []
    for m in np.unique(month_of):
        d = all_days[month_of == m]
        y, mo = str(m).split("-")
        out.append((f"year={y}/month={mo}", d))
    return out


def _categories() -> pl.DataFrame:
    cats = catalogue.CATEGORIES
    return pl.DataFrame(
        {
            "category_code": [c.code for c in cats],
            "name_zh": [c.name_zh for c in cats],
            "name_en": [c.name_en for c in cats],
            "group_zh": [c.group[0] for c in cats],
            "group_en": [c.group[1] for c in cats],
            "limit_hours_urgent": [float(c.limit_hours_urgent) for c in cats],
            "limit_hours_normal": [float(c.limit_hours_normal) for c in cats],
        }
    )


def _items() -> pl.DataFrame:
    items = catalogue.ITEMS
    return pl.DataFrame(
        {
            "item_code": [i.code for i in items],
            "category_code": [i.category_code for i in items],
            "name_zh": [i.name_zh for i in items],
            "name_en": [i.name_en for i in items],
        }
    )


def default_end(today: date) -> date:
    """The default last day of demo data: yesterday."""
    return today - timedelta(days=1)
