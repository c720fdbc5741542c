"""Briefing figures on a hand-made fixture of a dozen incidents, each expected value worked out by
hand in the comments below (as-of day D = 2024-06-10, T = 2024-06-11 00:00, the 30 days are
2024-05-12 … 2024-06-10)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import tiny_exports as tiny
from tiny_exports import G1, G2, G3, G4, _incident

from dashboard.data.catalog import Catalog
from dashboard.measures import metrics
from dashboard.pipeline.ingest import ingest

D = date(2024, 6, 10)


def _rows():
    data = tiny.rows()
    inc = _incident
    # fmt: off
    data["incidents"] = [
        # H01 new on D, closed on D after 120 min, on time.
        inc("H01", G1, "I0101", "patrol", "normal", "2024-06-10 08:00:00", "closed",
            reporter_worker_id="W001", closed_at="2024-06-10 10:00:00",
            deadline_at="2024-06-13 08:00:00"),
        # H02 new on D, still open at T, deadline 21:00 on D: overdue; censored at 900 min.
        inc("H02", G1, "I0102", "resident", "urgent", "2024-06-10 09:00:00", "dispatched",
            dispatched_at="2024-06-10 10:00:00", deadline_at="2024-06-10 21:00:00"),
        # H03 closed on D exactly at its deadline (1,440 min): on time, ratio exactly 1.
        inc("H03", G2, "I0201", "hotline", "normal", "2024-06-09 12:00:00", "closed",
            closed_at="2024-06-10 12:00:00", deadline_at="2024-06-10 12:00:00"),
        # H04 closed the day after D: in the backlog at T, overdue; censored at 3,720 min.
        inc("H04", G2, "I0201", "resident", "normal", "2024-06-08 10:00:00", "closed",
            closed_at="2024-06-11 09:00:00", deadline_at="2024-06-09 10:00:00"),
        # H05 closed on D, 7,200 min after report, 5 days late (limit 12 h).
        inc("H05", G3, "I0201", "video", "urgent", "2024-06-05 07:30:00", "closed",
            closed_at="2024-06-10 07:30:00", deadline_at="2024-06-05 19:30:00"),
        # H06 cancelled: left out of every figure.
        inc("H06", G3, "I0102", "department", "normal", "2024-06-06 11:00:00", "cancelled"),
        # H07 open for 21 days 15 h at T: overdue, age 7–30 d; censored at 31,140 min.
        inc("H07", G4, "I0101", "patrol", "normal", "2024-05-20 09:00:00", "open",
            reporter_worker_id="W003", deadline_at="2024-05-23 09:00:00"),
        # H08 reported before the 30 days, open: backlog and overdue, age > 30 d; not in cohort.
        inc("H08", G4, "I0101", "resident", "normal", "2024-05-01 08:00:00", "open",
            deadline_at="2024-05-04 08:00:00"),
        # H09 new on D at 23:30, closed 00:30 after T: backlog, not overdue; censored at 30 min.
        inc("H09", G1, "I0101", "hotline", "normal", "2024-06-10 23:30:00", "closed",
            closed_at="2024-06-11 00:30:00", deadline_at="2024-06-13 23:30:00"),
        # H10 settled on the spot in 60 min, no deadline.
        inc("H10", G2, "I0101", "patrol", "normal", "2024-06-01 09:00:00", "closed",
            reporter_worker_id="W001", closed_at="2024-06-01 10:00:00"),
        # H11 closed after 1,800 min, well within its 72 h limit.
        inc("H11", G3, "I0101", "patrol", "normal", "2024-06-03 10:00:00", "closed",
            reporter_worker_id="W002", closed_at="2024-06-04 16:00:00",
            deadline_at="2024-06-06 10:00:00"),
        # H12 new and closed on D after 360 min, limit 2 h: late.
        inc("H12", G1, "I0102", "resident", "urgent", "2024-06-10 14:00:00", "closed",
            closed_at="2024-06-10 20:00:00", deadline_at="2024-06-10 16:00:00"),
    ]
    data["incident_events"] = [
        {"incident_id": r["incident_id"], "step": "report", "at": r["reported_at"], "unit": None}
        for r in data["incidents"]
    ]
    data["workers"] += [
        # W004 hired on D: active. W005 hired after D: not. W006 left on D: not (left_on > D).
        {"worker_id": "W004", "display_name": "丁", "employment": "full_time",
         "hired_on": date(2024, 6, 10), "left_on": None},
        {"worker_id": "W005", "display_name": "戊", "employment": "full_time",
         "hired_on": date(2024, 6, 11), "left_on": None},
        {"worker_id": "W006", "display_name": "己", "employment": "part_time",
         "hired_on": date(2023, 2, 1), "left_on": date(2024, 6, 10)},
    ]
    data["worker_grids"] += [
        {"worker_id": "W004", "grid_code": G2, "role": "member",
         "valid_from": date(2024, 6, 10), "valid_to": None},
        {"worker_id": "W005", "grid_code": G1, "role": "member",
         "valid_from": date(2024, 6, 11), "valid_to": None},
        {"worker_id": "W006", "grid_code": G4, "role": "member",
         "valid_from": date(2023, 2, 1), "valid_to": date(2024, 6, 10)},
    ]
    data["patrols"] += [
        # Two of the four grids patrolled on D (G1 and G2); G3 the day before.
        {"worker_id": "W001", "grid_code": G1, "patrol_date": D, "minutes": 90,
         "households_visited": 12, "distance_km": 2.0},
        {"worker_id": "W001", "grid_code": G2, "patrol_date": D, "minutes": 45,
         "households_visited": 5, "distance_km": 1.0},
        {"worker_id": "W002", "grid_code": G3, "patrol_date": date(2024, 6, 9), "minutes": 100,
         "households_visited": 9, "distance_km": 6.0},
    ]
    # T03 starts the day before the 365-day window (D−364 = 2023-06-12): W004's attendance
    # there does not count.
    data["trainings"].append(
        {"session_id": "T03", "title": "新入职网格员培训", "topic": "入职", "level": "street",
         "mode": "onsite", "starts_at": datetime(2023, 6, 11, 9, 0), "duration_minutes": 60})
    data["training_attendance"].append(
        {"session_id": "T03", "person_id": "W004", "person_type": "grid_worker",
         "minutes_attended": 60})
    # fmt: on
    return data


@pytest.fixture(scope="module")
def hand_catalog(tmp_path_factory):
    root = tmp_path_factory.mktemp("hand")
    tiny.write(root / "exports", _rows())
    ingest(root / "exports", root / "catalog.duckdb", now=datetime(2024, 6, 12, 8), progress=False)
    return root / "catalog.duckdb"


def test_default_as_of_is_the_last_full_day(hand_catalog):
    # The latest timestamp is H04's close at 2024-06-11 09:00, so 06-11 is not full.
    assert metrics.data_days(Catalog(hand_catalog)) == (date(2024, 5, 1), D)


def test_brief_by_hand(hand_catalog):
    b = metrics.brief(Catalog(hand_catalog))
    assert b.as_of == D
    assert (b.new, b.closed) == (4, 4)  # new H01 H02 H09 H12; closed H01 H03 H05 H12
    assert (b.backlog, b.overdue) == (5, 4)  # H02 H04 H07 H08 H09; all but H09 overdue
    # Closed in the 30 days with a deadline: H01 H03 H05 H11 H12; on time H01 H03 H11.
    assert b.on_time_rate_30d == pytest.approx(3 / 5)
    # KM over H01 H02 H03 H04 H05 H07 H09 H10 H11 H12 (minutes, E = closed, C = censored):
    #   30C 60E 120E 360E 900C 1440E 1800E 3720C 7200E 31140C
    #   S: 60 → 8/9, 120 → 7/9, 360 → 6/9, 1440 → 6/9·4/5 = 0.533, 1800 → ·3/4 = 0.4,
    #   7200 → ·1/2 = 0.2; the median is 1,800 min = 30 h; S never reaches 0.1.
    assert b.km_median_hours_30d == pytest.approx(30.0)
    assert b.km_p90_hours_30d is None
    # Ratios (elapsed ÷ limit), H10 has no deadline: 0.0070C 0.0278E 0.4167E 1.0E, then above 1:
    #   H02 1.25C H04 2.58C H05 10E H07 7.2C H12 3E. S(1) = 7/8 · 6/7 · 5/6 = 0.625.
    assert b.within_limit_30d == pytest.approx(0.375)
    assert b.grid_coverage == pytest.approx(2 / 4)
    assert b.active_workers == 3  # W001, W002, W004
    assert b.training_coverage_365d == pytest.approx(2 / 3)  # W001, W002 trained; W004 not
    assert b.spikes == []


def test_backlog_by_age_and_late_cases(hand_catalog):
    cat = Catalog(hand_catalog)
    ages = metrics.backlog_by_age(cat, D)
    # H02 15 h, H09 0.5 h → 0–1 d; H04 62 h → 1–3 d; H07 519 h → 7–30 d; H08 976 h → >30 d.
    assert ages.rows() == [
        ("0-1d", 2, 1),
        ("1-3d", 1, 1),
        ("3-7d", 0, 0),
        ("7-30d", 1, 1),
        ("30d+", 1, 1),
    ]
    late = metrics.late_cases(cat, D, limit=3)
    # Hours past the deadline at T: H08 37 d 16 h = 904, H07 18 d 15 h = 447, H04 38, H02 3.
    assert late["incident_id"].to_list() == ["H08", "H07", "H04"]
    assert late["hours_overdue"].to_list() == [904.0, 447.0, 38.0]


def test_naive_median_is_biased_low(hand_catalog):
    cat = Catalog(hand_catalog)
    cohort = metrics.resolution_cohort(cat, date(2024, 5, 12), D, D)
    # Closed only: 60 120 360 1440 1800 7200 min → median (360 + 1440) / 2 = 900 min = 15 h.
    assert metrics.naive_median_hours(cohort) == pytest.approx(15.0)


def test_an_earlier_day_sees_only_what_was_known_then(hand_catalog):
    b = metrics.brief(Catalog(hand_catalog), date(2024, 6, 9))
    # On 06-09: new H03; closed none. Backlog at 06-10 00:00: H02? no (reported 06-10).
    #   H03 (closed 06-10), H04, H05 (closed 06-10), H07, H08 → 5; overdue: H04 (06-09 10:00),
    #   H05 (06-05), H07, H08 → 4.
    assert (b.new, b.closed, b.backlog, b.overdue) == (1, 0, 5, 4)
    # Closed 05-11 … 06-09 with a deadline: H11 only, on time.
    assert b.on_time_rate_30d == 1.0


def test_scoped_brief_by_hand(hand_catalog):
    b = metrics.brief(Catalog(hand_catalog, scope="140105"))  # 小店区: G1 G2 G3
    assert b.scope == "140105"
    assert (b.new, b.closed, b.backlog, b.overdue) == (4, 4, 3, 2)  # backlog H02 H04 H09
    assert b.grid_coverage == pytest.approx(2 / 3)
    assert b.active_workers == 3  # W001 W002 W004 (W003 and W006 worked in 迎泽区)
    other = metrics.brief(Catalog(hand_catalog, scope="140106"))  # 迎泽区: G4
    assert (other.new, other.backlog, other.overdue) == (0, 2, 2)  # H07 H08
    assert other.active_workers == 0 and other.training_coverage_365d is None


def test_as_of_outside_the_data_is_refused(hand_catalog):
    with pytest.raises(metrics.MetricsError, match="expected a day between 2024-05-01 and"):
        metrics.brief(Catalog(hand_catalog), date(2024, 6, 11))


def _spike_rows():
    """Street 140105001 (G1, G2): 28 incidents over the 28 days before D (mean 1) and 12 on D:
    P(X ≥ 12 | 1) ≈ 1e-9 → spike, excess 11. Street 140105002 (G3): 140 before (mean 5) and 10
    on D: P(X ≥ 10 | 5) = 0.032 → no. Street 140106001 (G4): 9 on D, none before → too few."""
    data = tiny.rows()
    rows, n = [], 0

    def add(grid, day, hour):
        nonlocal n
        n += 1
        t = f"{day} {hour:02d}:00:00"
        rows.append(
            _incident(
                f"S{n:04d}",
                grid,
                "I0101",
                "resident",
                "normal",
                t,
                "closed",
                closed_at=f"{day} {hour:02d}:30:00",
            )
        )

    for k in range(28):
        day = date.fromordinal(D.toordinal() - 28 + k).isoformat()
        add(G1, day, 9)
        for h in range(5):
            add(G3, day, 8 + h)
    for h in range(12):
        add(G2 if h % 2 else G1, D.isoformat(), 8 + h)
    for h in range(10):
        add(G3, D.isoformat(), 8 + h)
    for h in range(9):
        add(G4, D.isoformat(), 8 + h)
    data["incidents"] = rows
    data["incident_events"] = []
    return data


def test_a_grid_spike_names_its_community_once(tmp_path):
    """Grid names carry their community's name already: 龙城社区第一网格, not
    龙城社区龙城社区第一网格."""
    data = tiny.rows()
    rows, n = [], 0
    for k in range(29):
        day = date.fromordinal(D.toordinal() - 28 + k).isoformat()
        for h in range(12 if k == 28 else 1):
            n += 1
            rows.append(
                tiny._incident(
                    f"S{n:04d}",
                    tiny.G1,
                    "I0101",
                    "resident",
                    "normal",
                    f"{day} {8 + h:02d}:00:00",
                    "closed",
                    closed_at=f"{day} {8 + h:02d}:30:00",
                )
            )
    data["incidents"], data["incident_events"] = rows, []
    tiny.write(tmp_path / "exports", data)
    (tmp_path / "exports" / "incident_events").mkdir(exist_ok=True)
    tiny.write_part(tmp_path / "exports", "incident_events", [])
    ingest(tmp_path / "exports", tmp_path / "c.duckdb", now=datetime(2024, 6, 12), progress=False)
    found = metrics.spikes(Catalog(tmp_path / "c.duckdb"), D, digits=16)
    assert [(s.code, s.name, s.count) for s in found] == [(tiny.G1, "龙城社区第一网格", 12)]


def test_spikes_by_hand(tmp_path):
    tiny.write(tmp_path / "exports", _spike_rows())
    (tmp_path / "exports" / "incident_events").mkdir(exist_ok=True)
    tiny.write_part(tmp_path / "exports", "incident_events", [])
    ingest(tmp_path / "exports", tmp_path / "c.duckdb", now=datetime(2024, 6, 12), progress=False)
    found = metrics.spikes(Catalog(tmp_path / "c.duckdb"), D)
    assert [(s.code, s.count, s.baseline, s.excess) for s in found] == [
        ("140105001", 12, 1.0, 11.0)
    ]
    assert found[0].name == "小店区坞城街道"
    assert found[0].p_value < 1e-8
    grids = metrics.spikes(Catalog(tmp_path / "c.duckdb"), D, digits=16)
    # By grid: G1 has 6 on D against 1 a day → P(X ≥ 6 | 1) = 6e-4, and fewer than 10 anyway.
    assert grids == []


def test_seconds_past_a_whole_minute_and_a_deadline_by_hand(tmp_path):
    """Three cases of 2024-06-10 whose times are not whole minutes (T = 06-11 00:00, all
    closed on the day):
      R1 08:00:00 → 09:30:20, deadline 12:00 (limit 4 h): 90 min 20 s; ratio 5,420 / 14,400
         = 0.376 → within, on time.
      R2 10:00:00 → 12:00:00.5, deadline 12:00 (limit 2 h): 120 min 0.5 s; ratio 7,200.5 /
         7,200 = 1.00007 → half a second late: not within (a ratio in (1, 1.0001) must stay
         above 1), not on time.
      R3 11:00:00 → 13:00:59, deadline 13:00 (limit 2 h): 120 min 59 s; ratio 1.0082 → late.
    KM over 90m20s, 120m0.5s, 120m59s, all closed: S = 2/3, 1/3, 0. The median is the first
    time with S ≤ 0.5, R2's 120 min 0.5 s, which the catalog counts in whole minutes rounded
    up (docs/data.md): 121 min (rounded down it would be 120). p90: R3's 120 min 59 s → 121 min
    too. Within-limit: 1 − S(1) = 1 − 2/3 = 1/3 (R1 only). On-time rate: 1/3."""
    data = tiny.rows()
    inc = _incident
    # fmt: off
    data["incidents"] = [
        inc("R1", G1, "I0101", "patrol", "normal", "2024-06-10 08:00:00", "closed",
            closed_at="2024-06-10 09:30:20", deadline_at="2024-06-10 12:00:00"),
        inc("R2", G1, "I0101", "patrol", "normal", "2024-06-10 10:00:00", "closed",
            closed_at=datetime(2024, 6, 10, 12, 0, 0, 500_000), deadline_at="2024-06-10 12:00:00"),
        inc("R3", G2, "I0201", "hotline", "urgent", "2024-06-10 11:00:00", "closed",
            closed_at="2024-06-10 13:00:59", deadline_at="2024-06-10 13:00:00"),
        # R4 reported the next morning (so 06-10 is a full day of the data): after T, in nothing.
        inc("R4", G3, "I0101", "patrol", "normal", "2024-06-11 09:00:00", "open"),
    ]
    # fmt: on
    data["incident_events"] = [
        {"incident_id": r["incident_id"], "step": "report", "at": r["reported_at"], "unit": None}
        for r in data["incidents"]
    ]
    tiny.write(tmp_path / "exports", data)
    ingest(
        tmp_path / "exports", tmp_path / "c.duckdb", now=datetime(2024, 6, 12, 8), progress=False
    )
    b = metrics.brief(Catalog(tmp_path / "c.duckdb"), D)
    assert b.km_median_hours_30d == pytest.approx(121 / 60)
    assert b.km_p90_hours_30d == pytest.approx(121 / 60)
    assert b.within_limit_30d == pytest.approx(1 / 3)
    assert b.on_time_rate_30d == pytest.approx(1 / 3)
