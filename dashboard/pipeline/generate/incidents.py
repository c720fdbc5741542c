"""Incidents and their workflow events, one calendar month at a time (bounded memory).

Volume: scale × 4,000 a day, with a weekly rhythm, a summer peak, a slow upward trend and an
hour-of-day pattern; grids draw incidents by population with persistent hot spots; a few bursts
(one street, one day) stand far above their baseline. Most incidents found on patrol are settled on
the spot; the rest go through the case workflow (accept → dispatch → handle → verify → close) to a
handling unit at community, street, district or city level (units.py), with returns and
escalations as often as the level and the units make them, and long-tailed handling times set by
each matter's time limit and the unit's own pace. Everything not closed by the end of the last day
stays open, some of it past its deadline; a case not yet dispatched has no handling unit.

Times are seconds since 1970-01-01, local time (Asia/Shanghai, without zone).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from dashboard.core import city
from dashboard.pipeline.generate import catalogue, units
from dashboard.pipeline.generate.people import Staff

DAY = 86400
HOUR = 3600
BASE_PER_DAY = 4000
DOW = np.array([1.12, 1.08, 1.06, 1.06, 1.04, 0.84, 0.80])  # Monday … Sunday
SOURCES = np.array(["patrol", "resident", "hotline", "video", "department"])
SOURCE_MIX = {  # by grid kind: urban (incl. dedicated), rural
    False: np.array([0.50, 0.22, 0.14, 0.09, 0.05]),
    True: np.array([0.66, 0.18, 0.10, 0.02, 0.04]),
}
# Hour-of-day profiles: grid workers patrol in working hours; residents and the hotline call
# from early morning to late evening; cameras and departments in between.
_HOURS_PATROL = np.array([0, 0, 0, 0, 0, 0, 0, 0.5, 4, 7, 8, 6, 2, 2, 6, 7, 6, 3, 1, 0, 0, 0, 0, 0])
_HOURS_PUBLIC = np.array(
    [
        0.4,
        0.2,
        0.1,
        0.1,
        0.1,
        0.3,
        0.9,
        2.0,
        4.0,
        5.5,
        5.8,
        5.0,
        3.5,
        3.4,
        4.6,
        5.0,
        4.8,
        4.2,
        3.5,
        3.4,
        3.0,
        2.2,
        1.4,
        0.8,
    ]
)
HOUR_PROFILES = np.stack([_HOURS_PATROL] + [_HOURS_PUBLIC] * 4).astype(float)
HOUR_PROFILES /= HOUR_PROFILES.sum(axis=1, keepdims=True)


@dataclass
class Burst:
    day: int  # day number
    street: str
    grids: np.ndarray  # grid indices the burst falls on
    item: int
    count: int
    hour: int


@dataclass
class Context:
    """Everything the monthly generator needs, prepared once."""

    rng: np.random.Generator
    grids: dict
    staff: Staff
    scale: float
    start: int  # first day number
    end: int  # last day number
    grid_weight: np.ndarray
    bursts: list[Burst]
    units: units.Units


def prepare(
    rng: np.random.Generator, grids: dict, staff: Staff, scale: float, start: int, end: int
) -> Context:
    """Grid weights (population, persistent hot spots) and the bursts of the whole period."""
    n = len(grids["grid_code"])
    kind = grids["grid_type"]
    w = (grids["population"] + 150.0) ** 0.85
    w *= np.select([kind == "rural", kind == "dedicated"], [0.75, 3.0], 1.0)
    w *= rng.lognormal(0, 0.35, n)
    hot = rng.random(n) < 0.03
    w[hot] *= rng.uniform(3, 6, hot.sum())
    w /= w.sum()
    # Bursts: about one every four months, the last on the final day so a briefing shows one.
    streets = grids["street_code"]
    street_codes, street_idx = np.unique(streets, return_inverse=True)
    street_share = np.bincount(street_idx, weights=w)
    days = end - start + 1
    n_bursts = max(2, round(days / 120))
    burst_days = np.sort(rng.choice(np.arange(start, end), n_bursts - 1, replace=False))
    bursts = []
    for day in [*burst_days.tolist(), end]:
        s = rng.choice(len(street_codes), p=street_share / street_share.sum())
        members = np.nonzero(street_idx == s)[0]
        hot_grids = rng.choice(members, min(len(members), int(rng.integers(1, 5))), replace=False)
        month = int(np.datetime64(int(day), "D").astype("datetime64[M]").astype(int) % 12) + 1
        item = _burst_item(month)
        mean_daily = BASE_PER_DAY * scale * street_share[s]
        count = int(max(25, 6 * mean_daily) * rng.uniform(1.0, 1.5))
        bursts.append(
            Burst(int(day), str(street_codes[s]), hot_grids, item, count, int(rng.integers(7, 18)))
        )
    # Handling units last (their draws do not shift the bursts of a given seed).
    return Context(rng, grids, staff, scale, start, end, w, bursts, units.build(rng, grids))


def _burst_item(month: int) -> int:
    """The item a burst is about: flooding in the rainy season, heating in winter, else a protest
    or a water outage."""
    codes = [i.name_zh for i in catalogue.ITEMS]
    if month in (6, 7, 8, 9):
        return codes.index("积水内涝")
    if month in (11, 12, 1, 2, 3):
        return codes.index("供暖不热")
    return codes.index("停水" if month % 2 else "群体聚集上访")


def month_chunk(ctx: Context, days: np.ndarray) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Incidents reported on `days` (consecutive day numbers within one month), and their events."""
    rng, g = ctx.rng, ctx.grids
    items = catalogue.item_arrays()
    month = int(np.datetime64(int(days[0]), "D").astype("datetime64[M]").astype(int) % 12)
    progress = (days - ctx.start) / max(1, ctx.end - ctx.start)
    season = 1 + 0.12 * np.sin(2 * np.pi * (month - 3) / 12)
    rate = BASE_PER_DAY * ctx.scale * DOW[(days + 3) % 7] * season * (0.95 + 0.1 * progress)
    per_day = rng.poisson(rate)
    day = np.repeat(days, per_day)
    n = len(day)
    grid = rng.choice(len(ctx.grid_weight), n, p=ctx.grid_weight)
    rural = g["grid_type"][grid] == "rural"
    # Items by grid kind and season.
    item = np.empty(n, dtype=np.int64)
    for is_rural in (False, True):
        m = rural == is_rural
        p = items["weight"] * items["season"][:, month] * (items["rural"] if is_rural else 1)
        item[m] = rng.choice(len(p), m.sum(), p=p / p.sum())
    source = np.empty(n, dtype=np.int64)
    for is_rural in (False, True):
        m = rural == is_rural
        source[m] = rng.choice(5, m.sum(), p=SOURCE_MIX[is_rural])
    # Visits and checks a worker makes on the round are found on patrol.
    proactive = items["on_spot"][item] >= 0.9
    source[proactive & (rng.random(n) < 0.95)] = 0
    hot_bursts = [b for b in ctx.bursts if days[0] <= b.day <= days[-1]]
    if hot_bursts:
        extra = [_burst_rows(rng, b) for b in hot_bursts]
        day = np.concatenate([day, *[e[0] for e in extra]])
        grid = np.concatenate([grid, *[e[1] for e in extra]])
        item = np.concatenate([item, *[e[2] for e in extra]])
        source = np.concatenate([source, *[e[3] for e in extra]])
        hours = np.concatenate([_hours(rng, source[:n]), *[e[4] for e in extra]])
        n = len(day)
    else:
        hours = _hours(rng, source)
    reported = day.astype(np.int64) * DAY + hours
    # Patrol reports need the grid's worker on that day; a vacant grid is reported by residents.
    reporter = ctx.staff.holder_at(ctx.staff.grid_post[grid], day.astype(np.int64))
    source[(source == 0) & (reporter < 0)] = 1
    reporter = np.where(source == 0, reporter, -1)

    order = np.argsort(reported, kind="stable")
    day, grid, item, source, reported, reporter = (
        a[order] for a in (day, grid, item, source, reported, reporter)
    )
    return _workflow(ctx, items, day, grid, item, source, reported, reporter)


def _hours(rng: np.random.Generator, source: np.ndarray) -> np.ndarray:
    """Seconds after midnight, by source's hour-of-day profile."""
    out = np.empty(len(source), dtype=np.int64)
    for s in range(5):
        m = source == s
        out[m] = rng.choice(24, m.sum(), p=HOUR_PROFILES[s]) * HOUR
    return out + rng.integers(0, HOUR, len(source))


def _burst_rows(rng: np.random.Generator, b: Burst):
    k = b.count
    grid = rng.choice(b.grids, k)
    source = rng.choice(5, k, p=[0.2, 0.35, 0.4, 0.05, 0.0])
    secs = (b.hour * HOUR + rng.gamma(2.0, 1.2 * HOUR, k)).astype(np.int64)
    secs = np.minimum(secs, DAY - 1)
    return np.full(k, b.day), grid, np.full(k, b.item), source, secs


def _workflow(ctx, items, day, grid, item, source, reported, reporter):
    rng, g = ctx.rng, ctx.grids
    n = len(day)
    end_ts = (ctx.end + 1) * DAY  # T: the end of the last day
    # A worker on the round settles most small matters at once; reports from elsewhere seldom can.
    p_spot = items["on_spot"][item]
    on_spot = rng.random(n) < np.where(source == 0, 1 - (1 - p_spot) ** 3, 0.6 * p_spot)
    urgent = rng.random(n) < items["urgent"][item]
    limit_h = np.where(urgent, items["limit_urgent_h"][item], items["limit_normal_h"][item])
    cat = items["category_index"][item]
    dept = units.DEPARTMENT_OF_CATEGORY[cat]
    district_name = g["district_name"][grid].astype(str)
    station = np.char.add(g["community_name"][grid].astype(str), "网格站")
    centre = np.char.add(district_name, "综治中心")

    # Who handles a case: the level its department sends it to (units.py), one level up when
    # escalated; first to a wrong unit when returned, as often as that unit tends to send back.
    u = ctx.units
    base = (rng.random(n)[:, None] > np.cumsum(u.split[dept], axis=1)[:, :-1]).sum(axis=1)
    escalated = (~on_spot) & (rng.random(n) < units.ESCALATE[base])
    final = base + escalated
    unit_base = u.at(base, grid, dept)
    unit_final = u.at(final, grid, dept)
    wrong_unit = u.wrong(base, grid, dept)
    returned = (~on_spot) & (rng.random(n) < units.RETURN[base] * u.returns[wrong_unit])

    # Self-resolved on the spot: minutes.
    quick = (rng.lognormal(np.log(25 * 60), 0.6, n)).astype(np.int64)
    # Cases: total time ~ lognormal around pace × time limit, slower or faster by the unit that
    # handles it and its level, then split into stages.
    total = rng.lognormal(np.log(items["pace"][item] * limit_h * HOUR), 0.75)
    total *= u.pace[unit_final] * units.LEVEL_PACE[final]
    stuck = (~on_spot) & (rng.random(n) < 0.012)
    total *= np.where(returned, 1.4, 1) * np.where(escalated, 1.8, 1)
    total *= np.where(stuck, rng.uniform(5, 20, n), 1)
    share = rng.dirichlet([1.0, 2.0, 12.0, 2.0], n)  # accept, dispatch, handle, verify
    t_accept = np.where(on_spot, rng.integers(60, 300, n), (share[:, 0] * total)).astype(np.int64)
    t_dispatch = (share[:, 1] * total).astype(np.int64)
    t_handle = (share[:, 2] * total).astype(np.int64)
    t_verify = np.where(on_spot, rng.integers(300, 3600, n), share[:, 3] * total).astype(np.int64)

    accepted = reported + t_accept
    dispatched = np.where(on_spot, -1, accepted + t_dispatch)
    resolved = np.where(on_spot, reported + quick, dispatched + t_handle)
    closed = np.where(on_spot, reported + quick + t_verify, resolved + t_verify)
    deadline = np.where(on_spot, -1, reported + (limit_h * HOUR).astype(np.int64))
    cancelled = (~on_spot) & (rng.random(n) < 0.015)
    cancel_at = accepted + rng.integers(HOUR, 48 * HOUR, n)
    cancelled &= cancel_at < end_ts

    # Cut at the end of the last day: whatever happens later has not happened yet.
    status = np.select(
        [cancelled, closed < end_ts, resolved < end_ts, (dispatched >= 0) & (dispatched < end_ts)],
        ["cancelled", "closed", "resolved", "dispatched"],
        "open",
    )
    dispatched = np.where((dispatched < end_ts) & ~cancelled, dispatched, -1)
    resolved = np.where((resolved < end_ts) & ~cancelled, resolved, -1)
    closed = np.where((closed < end_ts) & ~cancelled, closed, -1)
    accepted = np.where(accepted < end_ts, accepted, -1)

    # The unit holding the case at the cut: none before dispatch (nor on the spot); the wrong
    # unit until the case is dispatched again; the upper unit once escalated. The level is that
    # unit's (the planned one before dispatch; grid on the spot).
    first_dispatch_end = dispatched + (0.15 * t_handle).astype(np.int64)
    redispatch = first_dispatch_end + rng.integers(HOUR // 2, 3 * HOUR, n)
    escalate_at = dispatched + (0.4 * t_handle).astype(np.int64)
    is_dispatched = dispatched >= 0
    went_up = escalated & is_dispatched & (escalate_at < end_ts)
    unit_now = np.where(went_up, unit_final, unit_base)
    unit_now = np.where(returned & is_dispatched & (redispatch >= end_ts), wrong_unit, unit_now)
    level_now = np.where(is_dispatched, u.level[unit_now], base)
    level = np.where(on_spot, "grid", np.array(units.LEVELS)[level_now])
    handling_unit = pl.Series(u.name[unit_now]).set(pl.Series(~is_dispatched), None)

    # Satisfaction: residents and callers rate most closed cases; late cases score lower.
    is_closed = status == "closed"
    late = is_closed & (deadline >= 0) & (closed > deadline)
    asks = np.where(np.isin(source, [1, 2]), 0.7, 0.2)
    rated = is_closed & (rng.random(n) < asks)
    score = rng.choice([5, 4, 3, 2, 1], n, p=[0.62, 0.24, 0.09, 0.03, 0.02])
    score_late = rng.choice([5, 4, 3, 2, 1], n, p=[0.25, 0.3, 0.25, 0.12, 0.08])
    satisfaction = np.where(rated, np.where(late, score_late, score), -1)

    lon, lat = _jitter(rng, g, grid)
    ids = _ids(day)
    incidents = pl.DataFrame(
        {
            "incident_id": ids,
            "grid_code": g["grid_code"][grid],
            "item_code": np.array([i.code for i in catalogue.ITEMS])[item],
            "source": SOURCES[source],
            "urgency": np.where(urgent, "urgent", "normal"),
            "reported_at": _ts(reported),
            "reporter_worker_id": pl.Series(ctx.staff.worker_ids[np.maximum(reporter, 0)]).set(
                pl.Series(reporter < 0), None
            ),
            "lon": lon,
            "lat": lat,
            "status": status,
            "accepted_at": _ts(accepted),
            "dispatched_at": _ts(dispatched),
            "resolved_at": _ts(resolved),
            "closed_at": _ts(closed),
            "deadline_at": _ts(deadline),
            "handling_unit": handling_unit,
            "escalation_level": level,
            "satisfaction": pl.Series(satisfaction).set(pl.Series(satisfaction < 0), None),
        }
    )
    # Workflow events, consistent with the timestamps above. Verification comes 5 minutes to
    # 4 hours before the close (half the resolve-to-close time at most), spread by a hash of
    # the case rather than a draw from rng: the tables generated after these stay as they were.
    # (A fixed 30 minutes made the verify-to-close stage's median and p90 one value.)
    spread_s = 300 + (t_verify * 7919 + reported) % 14_100
    verify_to_close = np.minimum(t_verify // 2, spread_s)
    names = u.name
    parts = [
        (np.ones(n, bool), "report", reported, station),
        (accepted >= 0, "accept", accepted, centre),
        (is_dispatched, "dispatch", dispatched, names[np.where(returned, wrong_unit, unit_base)]),
        (
            returned & is_dispatched & (first_dispatch_end < end_ts),
            "return",
            first_dispatch_end,
            names[wrong_unit],
        ),
        (
            returned & is_dispatched & (redispatch < end_ts),
            "dispatch",
            redispatch,
            names[unit_base],
        ),
        # The escalate step names the unit that takes the case over.
        (went_up, "escalate", escalate_at, names[unit_final]),
        (resolved >= 0, "resolve", resolved, np.where(on_spot, station, names[unit_now])),
        ((closed >= 0) & ~on_spot, "verify", closed - verify_to_close, station),
        (closed >= 0, "close", closed, centre),
        (cancelled, "cancel", cancel_at, centre),
    ]
    idx = np.concatenate([np.nonzero(m)[0] for m, *_ in parts])
    steps = np.concatenate([np.full(m.sum(), s) for m, s, *_ in parts])
    at = np.concatenate([t[m] for m, _, t, _ in parts])
    acting = np.concatenate([np.asarray(who)[m] for m, _, _, who in parts])
    order = np.lexsort((at, idx))
    events = pl.DataFrame(
        {
            "incident_id": ids[idx[order]],
            "step": steps[order],
            "at": _ts(at[order]),
            "unit": pl.Series(acting[order]),
        }
    )
    return incidents, events


def _jitter(rng, g, grid):
    """Incident coordinates: near the grid centre, spread by the grid's size, inside the city."""
    spread = np.sqrt(g["area_km2"][grid]) / 111.0 * 0.3
    lon = g["center_lon"][grid] + rng.normal(0, 1, len(grid)) * spread
    lat = g["center_lat"][grid] + rng.normal(0, 1, len(grid)) * spread
    lon_min, lat_min, lon_max, lat_max = city.BBOX
    return (
        np.round(np.clip(lon, lon_min, lon_max), 6),
        np.round(np.clip(lat, lat_min, lat_max), 6),
    )


def _ids(day: np.ndarray) -> np.ndarray:
    """SJ + report date + 7-digit sequence within the day, in report order (day is sorted)."""
    starts = np.searchsorted(day, day, side="left")
    seq = np.arange(len(day)) - starts + 1
    dates = pl.Series(day.astype(np.int32)).cast(pl.Date).dt.strftime("%Y%m%d")
    return (
        pl.select(pl.lit("SJ") + dates + pl.Series(seq).cast(pl.String).str.zfill(7))
        .to_series()
        .to_numpy()
    )


def _ts(seconds: np.ndarray) -> pl.Series:
    """Seconds since epoch → Datetime(ms) series; negative means missing (NaT → null)."""
    arr = seconds.astype(np.int64).astype("datetime64[s]").astype("datetime64[ms]")
    arr[seconds < 0] = np.datetime64("NaT")
    return pl.Series(arr)
