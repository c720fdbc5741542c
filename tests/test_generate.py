"""Generator invariants: counts, codes, referential integrity, determinism and realistic shares.

Expected values come from DESIGN.md's domain facts (8,967 grids, 8,650 workers, the district
table) and from independent recomputation with DuckDB/shapely over the written Parquet files.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest
import shapely

from dashboard.commands.cli import main as cli_main
from dashboard.core import city
from dashboard.pipeline.generate import generate

END = date(2025, 8, 31)  # a summer end: the final-day burst is about waterlogging
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


@pytest.fixture(scope="module")
def gen(tmp_path_factory) -> Path:
    """90 days at scale 0.05 (≈ 200 incidents a day): enough rows for shares to settle."""
    out = tmp_path_factory.mktemp("gen") / "exports"
    generate(out, scale=0.05, seed=11, end=END, days=90, progress=False)
    return out


def con_for(exports: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in (
        "grids",
        "workers",
        "worker_grids",
        "categories",
        "items",
        "incidents",
        "incident_events",
        "patrols",
        "trainings",
        "training_attendance",
    ):
        con.execute(
            f"create view {name} as select * from read_parquet("
            f"'{exports}/{name}/**/*.parquet', hive_partitioning=false)"
        )
    return con


def one(con, sql: str):
    return con.execute(sql).fetchone()[0]


def test_reference_counts(gen):
    con = con_for(gen)
    assert one(con, "select count(*) from grids") == 8967
    assert one(con, "select count(distinct grid_code) from grids") == 8967
    assert one(con, "select count(*) from categories") == 37
    assert one(con, "select count(*) from items") == 82
    last = END.isoformat()
    active = one(
        con,
        f"select count(*) from workers where hired_on <= date '{last}' "
        f"and (left_on is null or left_on > date '{last}')",
    )
    assert active == 8650
    # Turnover: some workers left during the window and were replaced.
    assert one(con, "select count(*) from workers where left_on is not null") > 20


def test_districts_streets_and_communities_match_design(gen):
    con = con_for(gen)
    rows = con.execute(
        "select district_code, any_value(district_name), count(distinct street_code), "
        "count(distinct community_code) filter (where substr(community_code, 10, 3) < '200'), "
        "count(distinct community_code) filter (where substr(community_code, 10, 3) >= '200'), "
        "sum(population) from grids group by 1 order by 1"
    ).fetchall()
    expected = [
        (d.code, d.name_zh, d.towns, d.communities, d.villages, d.population)
        for d in sorted(city.DISTRICTS, key=lambda d: d.code)
    ]
    assert rows == expected
    # Street and town names are unique across the city, so a name alone identifies the place.
    assert one(con, "select count(distinct street_name) = count(distinct street_code) from grids")
    assert (
        one(
            con,
            "select count(*) from grids where street_name like '%路镇' or street_name like '%路乡'",
        )
        == 0
    )


def test_grid_codes_are_valid_and_nested(gen):
    con = con_for(gen)
    bad = one(
        con,
        "select count(*) from grids where not regexp_full_match(grid_code, '[0-9]{16}') "
        "or district_code != grid_code[1:6] or street_code != grid_code[1:9] "
        "or community_code != grid_code[1:12]",
    )
    assert bad == 0
    # Urban communities (001–199) hold urban and dedicated grids, villages (200+) rural ones.
    mismatched = one(
        con,
        "select count(*) from grids where (substr(grid_code, 10, 3) >= '200') "
        "!= (grid_type = 'rural')",
    )
    assert mismatched == 0
    kinds = dict(con.execute("select grid_type, count(*) from grids group by 1").fetchall())
    assert set(kinds) == {"urban", "rural", "dedicated"}
    assert 0.01 < kinds["dedicated"] / 8967 < 0.06


def test_named_places_exist(gen):
    con = con_for(gen)
    names = {r[0] for r in con.execute("select distinct community_name from grids").fetchall()}
    assert {"万科城社区", "保利香槟社区", "黄陵社区", "圪嶛沟村", "滨体社区"} <= names
    streets = con.execute(
        "select distinct street_name from grids where community_name = '圪嶛沟村'"
    ).fetchall()
    assert streets == [("东社街道",)]


def test_grids_tile_each_district_without_overlap(gen):
    grids = pl.read_parquet(gen / "grids" / "part-0.parquet")
    for code in ("140106", "140123"):  # an urban district and a rural county
        d = grids.filter(pl.col("district_code") == code)
        polys = shapely.from_wkt(d["boundary_wkt"].to_numpy())
        union = shapely.union_all(polys)
        total = shapely.area(polys).sum()
        # Non-overlapping: the parts add up to the union (WKT rounding leaves slivers only).
        assert total == pytest.approx(union.area, rel=1e-3)
        # Every grid centre lies in its own grid.
        inside = shapely.contains_xy(polys, d["center_lon"].to_numpy(), d["center_lat"].to_numpy())
        assert inside.all()
        # ... at its centroid, where that lies inside (a grid's map centres its heat there)
        middle = shapely.centroid(polys)
        mine = shapely.contains(polys, middle)
        off = np.hypot(
            d["center_lon"].to_numpy() - shapely.get_x(middle),
            d["center_lat"].to_numpy() - shapely.get_y(middle),
        )
        assert mine.mean() > 0.95 and (off[mine] < 1e-5).all()
    urban = grids.filter(pl.col("grid_type") == "urban")["area_km2"].median()
    rural = grids.filter(pl.col("grid_type") == "rural")["area_km2"].median()
    assert rural > 10 * urban


def test_referential_integrity(gen):
    con = con_for(gen)
    orphans = {
        "incident grid": "select count(*) from incidents where grid_code not in "
        "(select grid_code from grids)",
        "incident item": "select count(*) from incidents where item_code not in "
        "(select item_code from items)",
        "item category": "select count(*) from items where category_code not in "
        "(select category_code from categories)",
        "reporter": "select count(*) from incidents where reporter_worker_id is not null and "
        "reporter_worker_id not in (select worker_id from workers)",
        "event incident": "select count(*) from incident_events where incident_id not in "
        "(select incident_id from incidents)",
        "patrol worker": "select count(*) from patrols where worker_id not in "
        "(select worker_id from workers)",
        "patrol grid": "select count(*) from patrols where grid_code not in "
        "(select grid_code from grids)",
        "assignment": "select count(*) from worker_grids where worker_id not in "
        "(select worker_id from workers) or grid_code not in (select grid_code from grids)",
        "attendance session": "select count(*) from training_attendance where session_id not in "
        "(select session_id from trainings)",
        "attendance worker": "select count(*) from training_attendance where "
        "person_type = 'grid_worker' and person_id not in (select worker_id from workers)",
    }
    found = {k: one(con, q) for k, q in orphans.items()}
    assert found == dict.fromkeys(orphans, 0)
    # A patrol report names the worker who held the grid that day.
    wrong_reporter = one(
        con,
        "select count(*) from incidents i where source = 'patrol' and not exists ("
        " select 1 from worker_grids a where a.worker_id = i.reporter_worker_id"
        " and a.grid_code = i.grid_code and a.valid_from <= i.reported_at::date"
        " and (a.valid_to is null or a.valid_to > i.reported_at::date))",
    )
    assert wrong_reporter == 0
    # Patrols happen only while the worker holds the grid.
    outside = one(
        con,
        "select count(*) from patrols p where not exists (select 1 from worker_grids a "
        "where a.worker_id = p.worker_id and a.grid_code = p.grid_code "
        "and a.valid_from <= p.patrol_date and (a.valid_to is null or a.valid_to > p.patrol_date))",
    )
    assert outside == 0


def test_assignments_cover_several_grids_and_leave_gaps(gen):
    con = con_for(gen)
    per_worker = dict(
        con.execute(
            "select n, count(*) from (select worker_id, count(*) n from worker_grids "
            "where valid_to is null group by 1) group by 1"
        ).fetchall()
    )
    assert per_worker[1] > 6000 and per_worker[2] > 300
    # Some grid goes without any active worker on some day (a post left vacant).
    uncovered = one(
        con,
        "with days as (select unnest(generate_series(date '2025-06-03', date '2025-08-31', "
        "interval 1 day))::date d) select count(*) from days, grids g where not exists ("
        "select 1 from worker_grids a where a.grid_code = g.grid_code and a.valid_from <= d "
        "and (a.valid_to is null or a.valid_to > d))",
    )
    assert uncovered > 0


def test_timestamps_are_consistent(gen):
    con = con_for(gen)
    assert (
        one(
            con,
            "select count(*) from incidents where closed_at < reported_at "
            "or resolved_at < reported_at or accepted_at < reported_at "
            "or dispatched_at < accepted_at or closed_at < resolved_at",
        )
        == 0
    )
    end_ts = f"timestamp '{END.isoformat()}' + interval 1 day"
    assert (
        one(
            con,
            f"select count(*) from incidents where reported_at >= {end_ts} "
            f"or closed_at >= {end_ts}",
        )
        == 0
    )
    # Status agrees with the timestamps.
    assert (
        one(
            con,
            "select count(*) from incidents where (status = 'closed') != (closed_at is not null)",
        )
        == 0
    )
    # Every incident has a report event at its reported_at, every closed one a close event.
    assert (
        one(
            con,
            "select count(*) from incidents i where not exists (select 1 from "
            "incident_events e where e.incident_id = i.incident_id and e.step = 'report' "
            "and e.at = i.reported_at)",
        )
        == 0
    )
    assert (
        one(
            con,
            "select count(*) from incidents i where status = 'closed' and not exists "
            "(select 1 from incident_events e where e.incident_id = i.incident_id "
            "and e.step = 'close' and e.at = i.closed_at)",
        )
        == 0
    )
    steps = {r[0] for r in con.execute("select distinct step from incident_events").fetchall()}
    assert {
        "report",
        "accept",
        "dispatch",
        "return",
        "escalate",
        "resolve",
        "verify",
        "close",
        "cancel",
    } <= steps


def test_shares_within_bands(gen):
    con = con_for(gen)
    n_days = 90
    total = one(con, "select count(*) from incidents")
    # ≈ 4,000 × scale a day, plus the bursts.
    assert 0.9 * 200 * n_days < total < 1.15 * 200 * n_days
    on_spot = one(
        con, "select avg((dispatched_at is null and status = 'closed')::int) from incidents"
    )
    assert 0.5 < on_spot < 0.7  # most are settled on the spot
    late = one(
        con,
        "select avg((closed_at > deadline_at)::int) from incidents "
        "where closed_at is not null and deadline_at is not null",
    )
    assert 0.05 <= late <= 0.15
    sources = dict(con.execute("select source, count(*) from incidents group by 1").fetchall())
    assert set(sources) == {"patrol", "resident", "hotline", "video", "department"}
    assert max(sources, key=sources.get) == "patrol"
    backlog, overdue = con.execute(
        "select count(*), count(*) filter (where deadline_at < "
        f"timestamp '{END.isoformat()}' + interval 1 day) from incidents "
        "where status not in ('closed', 'cancelled')"
    ).fetchone()
    assert backlog > 0 and overdue > 0
    weekday, weekend = con.execute(
        "select avg(n) filter (where dow < 5), avg(n) filter (where dow >= 5) from ("
        "select reported_at::date d, isodow(reported_at::date) - 1 dow, count(*) n "
        "from incidents group by all)"
    ).fetchone()
    assert weekday > 1.15 * weekend
    # Night hours are quiet.
    night = one(con, "select avg((hour(reported_at) between 1 and 5)::int) from incidents")
    assert night < 0.03
    sat = one(con, "select avg(satisfaction) from incidents where satisfaction is not null")
    assert 3.5 < sat < 4.8
    # Resolution times differ by matter: fire-lane blockages close faster than wage disputes.
    fast, slow = con.execute(
        "select median(epoch(closed_at - reported_at)) filter (where item_code = 'C13-01'),"
        " median(epoch(closed_at - reported_at)) filter (where item_code = 'C11-01') "
        "from incidents where closed_at is not null and dispatched_at is not null"
    ).fetchone()
    assert slow > 3 * fast


def test_final_day_has_a_spike(gen):
    """The last day carries a burst: one street far above its trailing 28-day mean."""
    con = con_for(gen)
    rows = con.execute(
        f"""
        with daily as (
            select g.street_code, i.reported_at::date as day, count(*) as n
            from incidents i join grids g using (grid_code) group by all
        ), base as (
            select street_code, sum(n) / 28.0 as mean28 from daily
            where day between date '{END}' - 28 and date '{END}' - 1 group by all
        )
        select d.street_code, d.n, coalesce(b.mean28, 0) from daily d
        left join base b using (street_code) where d.day = date '{END}'
        """
    ).fetchall()
    from scipy.stats import poisson

    spikes = [s for s, n, m in rows if n >= 10 and poisson.sf(n - 1, max(m, 0.1)) < 1e-4]
    assert spikes


def test_trainings_over_two_years(tmp_path):
    """80+ sessions and ≈ 320,000 participant-times over two years (trainings do not scale)."""
    from dashboard.pipeline.generate import geography, people

    rng = np.random.default_rng(3)
    grids = geography.build_grids(
        rng, geography.build_communities(rng, geography.district_outlines())
    )
    start, end = people.day_number(date(2024, 9, 1)), people.day_number(date(2026, 8, 31))
    staff = people.build_staff(rng, grids, start, end)
    sessions, attendance = people.build_trainings(rng, staff, grids, start, end)
    assert sessions.height >= 80
    assert set(sessions["level"]) == {"city", "district", "street"}
    lectures = sessions.filter(pl.col("level") == "city")
    assert lectures["mode"].unique().to_list() == ["video"]
    assert lectures["title"].str.starts_with("综治大讲堂").all()
    assert 290_000 <= attendance.height <= 350_000
    assert set(attendance["person_type"]) == {"grid_worker", "cadre"}
    per_session = attendance.group_by("session_id").len()
    biggest = per_session["len"].max()
    assert biggest > 5000  # a city-wide lecture reaches thousands
    assert attendance.select(pl.struct("session_id", "person_id").is_unique().all()).item()


def test_same_seed_same_data_and_other_seed_differs(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((a, 5), (b, 5), (c, 6)):
        generate(out, scale=0.01, seed=seed, end=date(2026, 3, 31), days=20, progress=False)
    files = sorted(p.relative_to(a) for p in a.rglob("*.parquet"))
    assert files == sorted(p.relative_to(b) for p in b.rglob("*.parquet"))
    for f in files:
        assert pl.read_parquet(a / f).equals(pl.read_parquet(b / f)), f
    last_month = [f for f in files if f.parts[0] == "incidents"][-1]
    assert not pl.read_parquet(a / last_month).equals(pl.read_parquet(c / last_month))


def test_cli_generate_refuses_a_non_empty_folder(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("x")
    assert cli_main(["generate", "--out", str(tmp_path), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "is not empty" in err and "--force" in err
    assert (tmp_path / "keep.txt").exists()


def test_cli_generate_writes_hive_partitions(tmp_path, capsys):
    out = tmp_path / "exports"
    code = cli_main(
        [
            "generate",
            "--out",
            str(out),
            "--scale",
            "0.01",
            "--days",
            "35",
            "--end",
            "2026-02-10",
            "--no-progress",
        ]
    )
    assert code == 0
    months = sorted(
        p.parent.relative_to(out / "incidents").as_posix()
        for p in (out / "incidents").rglob("*.parquet")
    )
    assert months == ["year=2026/month=01", "year=2026/month=02"]
    assert "incidents" in capsys.readouterr().out
    # No temporary folder is left beside the exports.
    assert [p.name for p in tmp_path.iterdir()] == ["exports"]


@pytest.mark.skipif(not REFERENCE.exists(), reason="../shared/reference not present")
def test_real_divisions_and_boundaries(tmp_path):
    """With the NBS division list and real outlines: real names and codes, grids inside."""
    out = tmp_path / "exports"
    generate(
        out,
        scale=0.01,
        seed=2,
        end=date(2026, 1, 31),
        days=10,
        progress=False,
        divisions_csv=REFERENCE / "taiyuan_divisions.csv",
        boundaries_geojson=REFERENCE / "taiyuan_140100_full.geojson",
    )
    grids = pl.read_parquet(out / "grids" / "part-0.parquet")
    assert grids.height == 8967
    real = pl.read_csv(
        REFERENCE / "taiyuan_divisions.csv",
        schema_overrides={"code": pl.String, "parent_code": pl.String},
    )
    names = dict(zip(real["code"], real["name"], strict=True))
    communities = grids.select("community_code", "community_name").unique()
    assert all(names[c] == n for c, n in communities.iter_rows())
    assert grids.filter(pl.col("street_code") == "140105001")["street_name"][0] == "坞城街道"
    # Every real committee of the 10 districts has at least one grid.
    wanted = real.filter(
        (pl.col("level") == "village")
        & pl.col("code").str.slice(0, 6).is_in([d.code for d in city.DISTRICTS])
    )
    assert set(wanted["code"]) <= set(communities["community_code"])
    import json

    features = json.loads((REFERENCE / "taiyuan_140100_full.geojson").read_text())["features"]
    outline = {
        str(f["properties"]["adcode"]): shapely.geometry.shape(f["geometry"]) for f in features
    }
    for code, group in grids.group_by("district_code"):
        poly = outline[code[0]]
        inside = shapely.contains_xy(
            poly, group["center_lon"].to_numpy(), group["center_lat"].to_numpy()
        )
        assert inside.all()
    assert math.isclose(grids["population"].sum(), sum(d.population for d in city.DISTRICTS))


# -- a city's spread (issue 15): rotas, handling levels, returns, units, vacancies -------------
#
# Bounds are worked out from the generator's parameters (people.py, units.py), with room for the
# sampling noise of the small fixture (90 days, ≈ 8,000 dispatched cases).


def test_weekend_patrols_cover_about_half_of_a_weekday(gen):
    # Weekdays: a lead patrols ~95 % of working days; 7 in 10 of the half on weekend duty take a
    # weekday off (−7 %); ~2.7 % of grids are vacant: 0.95 × 0.93 × 0.97 ≈ 0.86.
    # Weekends: half on duty at Saturday/Sunday turnout 0.9/0.8, the other half at 0.05:
    # 0.95 × (0.5 × 0.85 + 0.5 × 0.05) × 0.97 ≈ 0.41, about 0.48 of a weekday.
    con = con_for(gen)
    weekday, weekend, weekday_sd, weekend_min = con.execute(
        "with d as (select patrol_date, isodow(patrol_date) >= 6 as weekend, "
        "count(distinct grid_code) / (select count(*) from grids) as coverage "
        "from patrols group by all) "
        "select avg(coverage) filter (where not weekend), avg(coverage) filter (where weekend), "
        "stddev(coverage) filter (where not weekend), min(coverage) filter (where weekend) from d"
    ).fetchone()
    assert 0.78 < weekday < 0.92
    assert 0.35 < weekend / weekday < 0.60
    assert weekend_min > 0.25  # no weekend reads like a crisis
    # Turnout moves from day to day (sd 2 % of a weekday's): not a flat line.
    assert weekday_sd > 0.008


def test_dispatched_cases_are_handled_mostly_at_community_and_street_level(gen):
    # The departments' splits (units.py) weighted by the matter mix, after escalations (12 % of
    # community cases go to the street, 7 % of street cases to the district, 4 % of district
    # cases to the city): about 27 % community, 46 % street, 23 % district, 3 % city.
    con = con_for(gen)
    share = dict(
        con.execute(
            "select escalation_level, count(*) / sum(count(*)) over () from incidents "
            "where dispatched_at is not null and status <> 'cancelled' group by 1"
        ).fetchall()
    )
    assert set(share) == {"community", "street", "district", "city"}
    assert 0.18 < share["community"] < 0.38
    assert 0.35 < share["street"] < 0.56
    assert 0.14 < share["district"] < 0.32
    assert 0.01 < share["city"] < 0.06
    assert share["community"] + share["street"] > 0.6


def test_handling_unit_matches_its_level(gen):
    """A case's unit is the unit of its level in its own place; undispatched cases have none."""
    con = con_for(gen)
    mismatched = one(
        con,
        "select count(*) from incidents i join grids g using (grid_code) "
        "where i.dispatched_at is not null and not case i.escalation_level "
        " when 'community' then i.handling_unit like '%' || g.community_name || '_委会' "
        " when 'street' then starts_with(i.handling_unit, g.street_name) "
        " when 'district' then starts_with(i.handling_unit, g.district_name) "
        " when 'city' then i.handling_unit like '%太原市%' else false end",
    )
    assert mismatched == 0
    assert (
        one(
            con,
            "select count(*) from incidents where dispatched_at is null "
            "and handling_unit is not null",
        )
        == 0
    )
    # Directly dispatched city cases exist, so the city level is not escalations only.
    assert (
        one(
            con,
            "select count(*) from incidents where escalation_level = 'city' and "
            "incident_id not in (select incident_id from incident_events "
            "where step = 'escalate')",
        )
        > 0
    )


def test_return_rates_differ_by_level(gen):
    # units.RETURN is 4 / 9 / 16 / 22 % by level, times the wrong unit's readiness (mean ≈ 1).
    con = con_for(gen)
    rate = dict(
        con.execute(
            "with r as (select distinct incident_id from incident_events where step = 'return') "
            "select escalation_level, avg((r.incident_id is not null)::int) from incidents i "
            "left join r using (incident_id) "
            "where dispatched_at is not null and status <> 'cancelled' group by 1"
        ).fetchall()
    )
    assert 0.02 < rate["community"] < 0.07
    assert 0.06 < rate["street"] < 0.13
    assert 0.10 < rate["district"] < 0.24
    assert rate["community"] < rate["street"] < rate["district"]
    # The unit that sends a case back is never the one it is dispatched to next.
    assert (
        one(
            con,
            "select count(*) from incident_events r join incident_events d "
            "using (incident_id) where r.step = 'return' and d.step = 'dispatch' "
            "and d.at > r.at and d.unit = r.unit",
        )
        == 0
    )


def test_on_time_rate_differs_between_handling_units(gen):
    """Units keep a pace of their own: their on-time rates differ by far more than chance.

    With one rate for all, a χ² test of homogeneity over the units' on-time/late counts would
    give a p-value spread evenly over 0–1 and the rates' spread would be binomial noise only;
    units.py gives each a lasting pace (one in eight 1.5–2.1× slower), so the true rates spread
    from about 70 % to 98 %: a between-unit standard deviation of several points."""
    from scipy.stats import chi2_contingency

    con = con_for(gen)
    rows = con.execute(
        "select count(*), count(*) filter (where closed_at <= deadline_at) from incidents "
        "where closed_at is not null and deadline_at is not null and handling_unit is not null "
        "group by handling_unit having count(*) >= 20"
    ).fetchall()
    n = np.array([r[0] for r in rows], dtype=float)
    k = np.array([r[1] for r in rows], dtype=float)
    assert len(rows) >= 40
    _, p, _, _ = chi2_contingency(np.stack([k, n - k], axis=1))
    assert p < 1e-6
    rate = k / n
    between_sd = math.sqrt(max(rate.var(ddof=1) - np.mean(rate * (1 - rate) / n), 0))
    assert between_sd > 0.03


def test_some_grids_stay_vacant_every_day(gen):
    # 12 % a year leave and posts stay vacant 21–150 days: ≈ 85 / (3,042 + 85) ≈ 2.7 % of posts,
    # from the first day (turnover runs in before it) to the last.
    con = con_for(gen)
    for day in ("2025-06-03", "2025-07-17", "2025-08-31"):
        vacant = one(
            con,
            "select count(*) / (select count(*) from grids) from grids g where not exists ("
            "select 1 from worker_grids a join workers w using (worker_id) "
            f"where a.grid_code = g.grid_code and a.valid_from <= date '{day}' "
            f"and (a.valid_to is null or a.valid_to > date '{day}') "
            f"and w.hired_on <= date '{day}' and (w.left_on is null or w.left_on > date '{day}'))",
        )
        assert 0.01 < vacant < 0.05, day


def test_verification_comes_minutes_to_hours_before_the_close(gen):
    con = con_for(gen)
    gaps = con.sql(
        "select epoch(c.at - v.at) as gap, epoch(c.at - r.at) as resolve_to_close "
        "from incident_events v "
        "join incident_events c on c.incident_id = v.incident_id and c.step = 'close' "
        "join incident_events r on r.incident_id = v.incident_id and r.step = 'resolve' "
        "where v.step = 'verify'"
    ).pl()
    assert gaps.height > 1000
    # After the resolve, before the close; at most four hours.
    assert (gaps["gap"] >= 0).all() and (gaps["gap"] <= gaps["resolve_to_close"]).all()
    assert gaps["gap"].max() <= 4 * 3600
    # Spread out, not one fixed half hour: the stage's median and p90 differ by over an hour.
    long = gaps.filter(pl.col("resolve_to_close") >= 8 * 3600)["gap"]
    assert long.quantile(0.9) - long.quantile(0.5) > 3600
