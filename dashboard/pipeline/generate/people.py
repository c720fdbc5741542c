"""Grid workers, their assignments and patrols, and training sessions with attendance.

Workers hold posts. A post covers one or more grids of one community (a few posts are extra
members of a large grid). Workers leave at about 12 % a year and a post stays vacant for three
weeks to five months (recruiting takes time) until the next hire, so at any day some 2–3 % of
posts and of grids are without a worker — from the first day to the last, as in a real city. There
are more posts than city.TOTAL_WORKERS by that vacancy share, and the last day is trimmed so that
exactly city.TOTAL_WORKERS workers are active on it, at any scale.

Workers patrol on a rota: Monday to Friday, plus every other weekend on duty, for which they
take a weekday of the next week off; so weekend coverage is about half of a weekday's.
Days are integers: days since 1970-01-01.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from dashboard.core import city
from dashboard.pipeline.generate.geography import _apportion

EPOCH = date(1970, 1, 1)
NEVER = 10**6  # "still active" as a day number

TURNOVER_PER_YEAR = 0.12  # share of workers who leave in a year
VACANCY_DAYS = (21, 150)  # a post stays vacant this long (uniform, days) until the next hire
# Expected share of posts vacant on a day: mean vacancy ÷ (mean tenure + mean vacancy).
_MEAN_VACANCY = (VACANCY_DAYS[0] + VACANCY_DAYS[1] - 1) / 2
VACANT_SHARE = _MEAN_VACANCY / (365 / TURNOVER_PER_YEAR + _MEAN_VACANCY)
BURN_IN_DAYS = 400  # turnover simulated this long before the first day, so vacancies are steady

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红燕建国志宏海波鹏辉晶晓慧"


def day_number(d: date) -> int:
    return (d - EPOCH).days


@dataclass
class Staff:
    """Workers, posts and assignments, as arrays for fast lookups and as export frames."""

    workers: pl.DataFrame
    assignments: pl.DataFrame
    # per holder (row of workers)
    holder_post: np.ndarray
    holder_from: np.ndarray  # hired_on, day number
    holder_to: np.ndarray  # left_on (exclusive) or NEVER
    holder_fulltime: np.ndarray
    holder_pace: np.ndarray  # personal productivity multiplier
    holder_propensity: np.ndarray  # willingness to attend training
    holder_rota: np.ndarray  # weekend duty group, 0 or 1: on duty in weeks of that parity
    worker_ids: np.ndarray
    # per grid
    grid_post: np.ndarray  # the post leading each grid
    # per assignment row
    asg_holder: np.ndarray
    asg_grid: np.ndarray
    asg_lead: np.ndarray

    def holder_at(self, posts: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Index of the worker holding each post on each day, or -1 where the post is vacant."""
        key_holder = self.holder_post.astype(np.int64) * NEVER * 4 + self.holder_from
        order = np.argsort(key_holder, kind="stable")
        sorted_keys = key_holder[order]
        keys = posts.astype(np.int64) * NEVER * 4 + days
        pos = np.searchsorted(sorted_keys, keys, side="right") - 1
        found = np.where(pos >= 0, order[np.clip(pos, 0, None)], -1)
        ok = (found >= 0) & (self.holder_post[found] == posts) & (self.holder_to[found] > days)
        return np.where(ok, found, -1)


def build_staff(rng: np.random.Generator, grids: dict, start: int, end: int) -> Staff:
    """Posts, workers (with hires and departures) and assignments for days start … end."""
    community = grids["community_code"]
    rural = grids["grid_type"] == "rural"
    comm_codes, comm_of_grid = np.unique(community, return_inverse=True)
    grids_per_comm = np.bincount(comm_of_grid)
    rural_comm = np.bincount(comm_of_grid, weights=rural) > 0
    weight = grids_per_comm * rng.lognormal(0, 0.3, len(comm_codes)) * np.where(rural_comm, 0.9, 1)
    # Enough posts that, with the usual share of them vacant, TOTAL_WORKERS are at work.
    total_posts = round(city.TOTAL_WORKERS / (1 - VACANT_SHARE))
    posts_per_comm = _apportion(total_posts, weight, minimum=1)

    grid_post = np.empty(len(community), dtype=np.int64)
    asg_post, asg_grid, asg_lead = [], [], []
    post = 0
    order = np.argsort(comm_of_grid, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(grids_per_comm)])
    for c in range(len(comm_codes)):
        g_idx = order[bounds[c] : bounds[c + 1]]
        p, g = int(posts_per_comm[c]), len(g_idx)
        for j, gi in enumerate(g_idx):
            lead = post + (j % p)
            grid_post[gi] = lead
            asg_post.append(lead)
            asg_grid.append(gi)
            asg_lead.append(True)
        for k in range(g, p):  # more posts than grids: extra members of the grids in turn
            asg_post.append(post + k)
            asg_grid.append(g_idx[(k - g) % g])
            asg_lead.append(False)
        post += p
    n_posts = post
    asg_post = np.array(asg_post)
    asg_grid = np.array(asg_grid)
    asg_lead = np.array(asg_lead)

    h_post, h_from, h_to = _holders(rng, n_posts, start, end)
    # Worker ids in hiring order.
    order = np.lexsort((h_post, h_from))
    h_post, h_from, h_to = h_post[order], h_from[order], h_to[order]
    n = len(h_post)
    worker_ids = np.array([f"W{i + 1:06d}" for i in range(n)])
    fulltime = rng.random(n) < 0.8
    names = [
        f"{_SURNAMES[a]}*{_GIVEN[b]}"
        for a, b in zip(
            rng.integers(0, len(_SURNAMES), n), rng.integers(0, len(_GIVEN), n), strict=True
        )
    ]
    workers = pl.DataFrame(
        {
            "worker_id": worker_ids,
            "display_name": names,
            "employment": np.where(fulltime, "full_time", "part_time"),
            "hired_on": _dates(h_from),
            "left_on": _dates(h_to),
        }
    )
    # Assignment rows: every holder of a post × every grid of the post.
    post_rows = np.argsort(asg_post, kind="stable")
    post_start = np.searchsorted(asg_post[post_rows], np.arange(n_posts))
    post_count = np.bincount(asg_post, minlength=n_posts)
    reps = post_count[h_post]
    a_holder = np.repeat(np.arange(n), reps)
    offsets = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
    a_row = post_rows[post_start[h_post[a_holder]] + offsets]
    assignments = pl.DataFrame(
        {
            "worker_id": worker_ids[a_holder],
            "grid_code": grids["grid_code"][asg_grid[a_row]],
            "role": np.where(asg_lead[a_row], "lead", "member"),
            "valid_from": _dates(h_from[a_holder]),
            "valid_to": _dates(h_to[a_holder]),
        }
    )
    propensity = np.where(rng.random(n) < 0.08, 0.1, np.clip(rng.lognormal(0, 0.2, n), 0, 1.3))
    rota = rng.integers(0, 2, n)
    return Staff(
        workers=workers,
        assignments=assignments,
        holder_post=h_post,
        holder_from=h_from,
        holder_to=h_to,
        holder_fulltime=fulltime,
        holder_pace=rng.lognormal(0, 0.3, n),
        holder_propensity=propensity,
        holder_rota=rota,
        worker_ids=worker_ids,
        grid_post=grid_post,
        asg_holder=a_holder,
        asg_grid=asg_grid[a_row],
        asg_lead=asg_lead[a_row],
    )


def _holders(
    rng: np.random.Generator, n_posts: int, start: int, end: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who holds each post when: (post, hired_on, left_on or NEVER) per holder, left_on exclusive.

    Turnover runs from BURN_IN_DAYS before `start`, so the first day already has its share of
    vacant posts; holders who had left before `start` are kept only where they were a post's last
    holder (the grid's "vacant since"). Then the last day is trimmed to exactly TOTAL_WORKERS
    active: a few recent departures more, or a few vacancies filled a little sooner.
    """
    t0 = start - BURN_IN_DAYS
    h_post, h_from, h_to = [], [], []
    current_post = np.arange(n_posts)
    current_from = t0 - rng.integers(30, 3650, n_posts)
    while len(current_post):
        tenure_left = rng.exponential(365 / TURNOVER_PER_YEAR, len(current_post)).astype(np.int64)
        leave = np.maximum(current_from, t0) + 1 + tenure_left
        leaves = leave <= end
        h_post.append(current_post)
        h_from.append(current_from)
        h_to.append(np.where(leaves, leave, NEVER))
        gap = rng.integers(VACANCY_DAYS[0], VACANCY_DAYS[1] + 1, leaves.sum())
        current_post = current_post[leaves]
        current_from = leave[leaves] + gap
        hired = current_from <= end  # a hire after the last day has not happened yet
        current_post, current_from = current_post[hired], current_from[hired]
    h_post = np.concatenate(h_post)
    h_from = np.concatenate(h_from)
    h_to = np.concatenate(h_to)
    # Keep holders hired in the window and, per post, the last one hired on or before `start`.
    order = np.lexsort((h_from, h_post))
    h_post, h_from, h_to = h_post[order], h_from[order], h_to[order]
    early = h_from <= start
    last_early = early & ~np.append(early[1:] & (h_post[1:] == h_post[:-1]), False)
    keep = ~early | last_early
    h_post, h_from, h_to = h_post[keep], h_from[keep], h_to[keep]

    active = (h_from <= end) & (h_to > end)
    excess = int(active.sum()) - city.TOTAL_WORKERS
    if excess > 0:  # some long-serving workers left in the last two months, not yet replaced
        settled = np.nonzero(active & (h_from < end - 90))[0]
        quit_ = rng.choice(settled, excess, replace=False)
        h_to[quit_] = end + 1 - rng.integers(1, 61, excess)
    elif excess < 0:  # some vacancies filled sooner: hired between the departure and the last day
        last = np.append(h_post[1:] != h_post[:-1], True)
        vacant = np.nonzero(last & (h_to <= end))[0]
        fill = np.sort(rng.choice(vacant, -excess, replace=False))
        h_post = np.concatenate([h_post, h_post[fill]])
        h_from = np.concatenate([h_from, h_to[fill] + rng.integers(0, end + 1 - h_to[fill])])
        h_to = np.concatenate([h_to, np.full(len(fill), NEVER)])
    return h_post, h_from, h_to


def _dates(days: np.ndarray) -> pl.Series:
    """Day numbers → a Date series, NEVER → null (NaT becomes null)."""
    arr = days.astype("datetime64[D]")
    arr[days >= NEVER] = np.datetime64("NaT")
    return pl.Series(arr)


def patrols_for_days(rng: np.random.Generator, staff: Staff, grids: dict, days: np.ndarray):
    """Patrol rows (worker × grid × day) for the given day numbers.

    Grid workers work a rota: Monday to Friday, and every other weekend on duty (two groups
    alternate week by week), taking one weekday of the following week off for it; off duty they
    seldom patrol at weekends. Leave and sick days are random absences, and turnout moves a little
    from day to day (weather, meetings), more at weekends. A worker covering several grids visits
    each on most working days, not all.
    """
    asg_from = staff.holder_from[staff.asg_holder]
    asg_to = staff.holder_to[staff.asg_holder]
    grids_of_holder = np.bincount(staff.asg_holder, minlength=len(staff.holder_post))
    multi = grids_of_holder[staff.asg_holder] > 1
    p_grid = np.where(staff.asg_lead, np.where(multi, 0.86, 0.96), 0.6)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    week = (days + 3) // 7  # weeks start on Monday
    # Turnout of the day: Saturday better than Sunday; a day's mood is shared by everyone.
    turnout = np.select([weekday < 5, weekday == 5], [1.0, 0.9], 0.8)
    turnout *= np.clip(rng.normal(1, np.where(weekday < 5, 0.02, 0.06)), 0.8, 1.05)
    holder = staff.asg_holder[:, None]
    group = staff.holder_rota[staff.asg_holder][:, None]
    on_duty = (week[None, :] + group) % 2 == 0  # this week's weekend is the group's
    # The weekday off after a weekend on duty (seven in ten take it; the others are paid for
    # it): fixed per worker and week by a hash, not drawn per month, so a week that spans two
    # months keeps one day off.
    mix = (holder * 7919 + week[None, :] * 104729) % 50
    was_on_duty = (week[None, :] - 1 + group) % 2 == 0
    off = (weekday[None, :] < 5) & was_on_duty & (mix // 5 < 7) & (mix % 5 == weekday[None, :])
    p_day = np.where(weekday[None, :] < 5, np.where(off, 0.0, 1.0), np.where(on_duty, 1.0, 0.05))
    p_day = p_day * turnout[None, :]
    active = (asg_from[:, None] <= days[None, :]) & (asg_to[:, None] > days[None, :])
    go = active & (rng.random(active.shape) < p_grid[:, None] * p_day)
    a_idx, d_idx = np.nonzero(go)
    holder = staff.asg_holder[a_idx]
    grid = staff.asg_grid[a_idx]
    n = len(a_idx)
    base = np.where(staff.holder_fulltime[holder], 1.0, 0.55) * staff.holder_pace[holder]
    base = base / np.where(multi[a_idx], 1.6, 1.0)
    minutes = np.clip(rng.gamma(6.0, 15.0, n) * base, 10, 480).round().astype(np.int64)
    is_rural = grids["grid_type"][grid] == "rural"
    households = rng.poisson(minutes * np.where(is_rural, 0.12, 0.25))
    households = np.minimum(households, grids["households"][grid] + 5)
    speed = np.where(is_rural, 4.5, 2.0) * rng.lognormal(0, 0.3, n)
    return pl.DataFrame(
        {
            "worker_id": staff.worker_ids[holder],
            "grid_code": grids["grid_code"][grid],
            "patrol_date": pl.Series(days[d_idx].astype(np.int32)).cast(pl.Date),
            "minutes": minutes,
            "households_visited": households.astype(np.int64),
            "distance_km": np.round(minutes / 60 * speed, 1),
        }
    )


_TOPICS = (
    ("矛盾纠纷多元化解", "resolving disputes"),
    ("网格化服务管理实务", "grid service practice"),
    ("反电信网络诈骗", "fighting telecom fraud"),
    ("消防安全隐患排查", "fire hazard inspection"),
    ("基层社会治理法治化", "rule of law in local governance"),
    ("心理健康与危机干预", "mental health and crisis intervention"),
    ("特殊人群服务管理", "serving special groups"),
    ("安全生产与应急处置", "work safety and emergency response"),
    ("群众工作方法", "working with residents"),
    ("网格信息系统操作", "using the grid information system"),
    ("燃气安全与冬季供暖", "gas safety and winter heating"),
    ("防汛防灾与避险转移", "flood prevention and evacuation"),
)
CADRES = 12000  # community, street and district cadres who attend alongside grid workers


def build_trainings(
    rng: np.random.Generator, staff: Staff, grids: dict, start: int, end: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Sessions and attendance between day numbers start and end.

    City-wide 综治大讲堂 lectures by video conference about monthly (thousands attend: workers and
    cadres), district courses on site about every 18 days, street courses about every 26 days.
    """
    days = end - start + 1
    weekdays = np.array([d for d in range(start, end + 1) if (d + 3) % 7 < 5])
    n_city = max(1, round(days / 30.4))
    n_district = max(1, round(days / 18))
    n_street = max(1, round(days / 26))
    # Lecture days spread evenly; courses on random working days.
    city_days = weekdays[np.linspace(0, len(weekdays) - 1, n_city + 2)[1:-1].round().astype(int)]
    levels = ["city"] * n_city + ["district"] * n_district + ["street"] * n_street
    sdays = np.concatenate([city_days, rng.choice(weekdays, n_district + n_street)])
    order = np.argsort(sdays, kind="stable")
    levels = [levels[i] for i in order]
    sdays = sdays[order]

    district_codes = np.array([d.code for d in city.DISTRICTS])
    street_codes = np.unique(grids["street_code"])
    street_names = dict(zip(grids["street_code"], grids["street_name"], strict=True))
    grid_district = grids["district_code"]
    grid_street = grids["street_code"]
    holder_grid = np.full(len(staff.holder_post), -1)
    holder_grid[staff.asg_holder] = staff.asg_grid  # any one grid of the worker's post
    cadre_district = rng.choice(district_codes, CADRES)

    sessions, att_sid, att_pid, att_type, att_min = [], [], [], [], []
    lecture_no = 0
    for i, (level, day) in enumerate(zip(levels, sdays, strict=True)):
        topic_zh, _topic_en = _TOPICS[rng.integers(len(_TOPICS))]
        active = (staff.holder_from <= day) & (staff.holder_to > day)
        if level == "city":
            lecture_no += 1
            title = f"综治大讲堂（第{lecture_no}期）：{topic_zh}"
            mode, hour, duration = "video", 14.5, int(rng.choice([90, 120, 150]))
            p_worker = np.where(active, 0.72 * staff.holder_propensity, 0)
            p_cadre = np.full(CADRES, 0.55)
        elif level == "district":
            dcode = rng.choice(district_codes)
            dname = city.DISTRICT_BY_CODE[dcode].name_zh
            title = f"{dname}网格员业务培训：{topic_zh}"
            mode, hour, duration = "onsite", 9.0, int(rng.choice([180, 210, 240]))
            in_place = grid_district[holder_grid] == dcode
            p_worker = np.where(active & in_place, 0.45 * staff.holder_propensity, 0)
            p_cadre = np.where(cadre_district == dcode, 0.06, 0)
        else:
            scode = rng.choice(street_codes)
            title = f"{street_names[scode]}网格员专题培训：{topic_zh}"
            mode, hour, duration = "onsite", 14.0, int(rng.choice([90, 120]))
            in_place = grid_street[holder_grid] == scode
            p_worker = np.where(active & in_place, 0.85 * staff.holder_propensity, 0)
            p_cadre = np.where(cadre_district == scode[:6], 0.01, 0)
        sid = f"T{i + 1:04d}"
        sessions.append(
            {
                "session_id": sid,
                "title": title,
                "topic": topic_zh,
                "level": level,
                "mode": mode,
                "starts_at": (np.datetime64(int(day), "D") + np.timedelta64(int(hour * 60), "m"))
                .astype("datetime64[ms]")
                .item(),
                "duration_minutes": duration,
            }
        )
        workers = np.nonzero(rng.random(len(p_worker)) < p_worker)[0]
        cadres = np.nonzero(rng.random(CADRES) < p_cadre)[0]
        k = len(workers) + len(cadres)
        share_low = 0.6 if mode == "video" else 0.85
        att_sid.append(np.full(k, sid))
        att_pid.append(
            np.concatenate([staff.worker_ids[workers], [f"GB{c + 1:05d}" for c in cadres]])
        )
        att_type.append(np.repeat(["grid_worker", "cadre"], [len(workers), len(cadres)]))
        att_min.append((duration * rng.uniform(share_low, 1.0, k)).round().astype(np.int64))
    trainings = pl.DataFrame(sessions, schema_overrides={"starts_at": pl.Datetime("ms")})
    attendance = pl.DataFrame(
        {
            "session_id": np.concatenate(att_sid),
            "person_id": np.concatenate(att_pid),
            "person_type": np.concatenate(att_type),
            "minutes_attended": np.concatenate(att_min),
        }
    )
    return trainings, attendance
