"""Overdue cases three ways (the briefing's 超期案件) and the 7-day grid coverage, on a hand-made
fixture, every expected value worked out by hand below. As-of day D = 2024-06-10, its end
T = 2024-06-11 00:00; "went overdue on the day" = due in [D 00:00, T) and still open at T."""

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
        # A1 open, due 06-06 08:00: overdue 4 d 16 h at T = 4.7 d; not new. Unit U1.
        inc("A1", G1, "I0101", "resident", "normal", "2024-06-05 08:00:00", "dispatched",
            dispatched_at="2024-06-05 09:00:00", deadline_at="2024-06-06 08:00:00",
            handling_unit="U1"),
        # A2 open, due on D at 09:00: went overdue on D; 15 h = 0.6 d. Unit U1.
        inc("A2", G1, "I0102", "hotline", "normal", "2024-06-09 10:00:00", "dispatched",
            dispatched_at="2024-06-09 11:00:00", deadline_at="2024-06-10 09:00:00",
            handling_unit="U1"),
        # A3 open, due on D at 20:00: new; 4 h = 0.2 d. Unit U2.
        inc("A3", G2, "I0201", "resident", "urgent", "2024-06-10 08:00:00", "dispatched",
            dispatched_at="2024-06-10 08:30:00", deadline_at="2024-06-10 20:00:00",
            handling_unit="U2"),
        # A4 late but closed on D at 22:00: not open at T, in no list.
        inc("A4", G2, "I0201", "resident", "normal", "2024-06-10 07:00:00", "closed",
            dispatched_at="2024-06-10 07:30:00", closed_at="2024-06-10 22:00:00",
            deadline_at="2024-06-10 12:00:00", handling_unit="U2"),
        # A5 open, due exactly at D 00:00: new (the day starts then); 24 h = 1.0 d; no unit yet.
        inc("A5", G3, "I0101", "patrol", "normal", "2024-06-09 09:00:00", "open",
            reporter_worker_id="W002", deadline_at="2024-06-10 00:00:00"),
        # A6 open, due exactly at T: not overdue at T.
        inc("A6", G3, "I0101", "hotline", "normal", "2024-06-10 09:00:00", "open",
            deadline_at="2024-06-11 00:00:00"),
        # A7 closed 06-11 03:00, after T; due 06-03 00:00: overdue 8.0 d at T; not new. Unit U2.
        inc("A7", G4, "I0101", "resident", "normal", "2024-06-01 00:00:00", "closed",
            dispatched_at="2024-06-01 01:00:00", closed_at="2024-06-11 03:00:00",
            deadline_at="2024-06-03 00:00:00", handling_unit="U2"),
        # A8 cancelled, due on D: left out of everything.
        inc("A8", G4, "I0102", "resident", "normal", "2024-06-09 10:00:00", "cancelled",
            deadline_at="2024-06-10 10:00:00"),
        # A9 open since May, due 05-02 00:00: 40.0 d at T. Unit U2.
        inc("A9", G4, "I0101", "resident", "normal", "2024-05-01 00:00:00", "dispatched",
            dispatched_at="2024-05-01 02:00:00", deadline_at="2024-05-02 00:00:00",
            handling_unit="U2"),
    ]
    data["incident_events"] = [
        {"incident_id": r["incident_id"], "step": "report", "at": r["reported_at"], "unit": None}
        for r in data["incidents"]
    ]
    data["patrols"] += [
        # G1 on D and on D−6, G2 on D−3, G3 on D−7 (worked out in the coverage test).
        {"worker_id": "W001", "grid_code": G1, "patrol_date": D, "minutes": 30,
         "households_visited": 3, "distance_km": 1.0},
        {"worker_id": "W001", "grid_code": G1, "patrol_date": date(2024, 6, 4), "minutes": 30,
         "households_visited": 3, "distance_km": 1.0},
        {"worker_id": "W001", "grid_code": G2, "patrol_date": date(2024, 6, 7), "minutes": 30,
         "households_visited": 3, "distance_km": 1.0},
        {"worker_id": "W002", "grid_code": G3, "patrol_date": date(2024, 6, 3), "minutes": 30,
         "households_visited": 3, "distance_km": 1.0},
    ]
    # fmt: on
    return data


@pytest.fixture(scope="module")
def cat(tmp_path_factory) -> Catalog:
    root = tmp_path_factory.mktemp("overdue")
    tiny.write(root / "exports", _rows())
    report = ingest(
        root / "exports", root / "catalog.duckdb", now=datetime(2024, 6, 12, 8), progress=False
    )
    assert not any(report.quarantined.values()), report.quarantined
    return Catalog(root / "catalog.duckdb")


def test_cases_that_went_overdue_on_the_day(cat):
    new = metrics.late_cases_new(cat, D)
    # Due in [D, T) and open at T, by deadline: A5 00:00, A2 09:00, A3 20:00.
    assert new["incident_id"].to_list() == ["A5", "A2", "A3"]
    assert new["hours_overdue"].to_list() == [24.0, 15.0, 4.0]
    assert new["handling_unit"].to_list() == [None, "U1", "U2"]
    assert metrics.late_cases_new(cat, D, limit=1)["incident_id"].to_list() == ["A5"]
    # The day before, A5 was due at its very end (D 00:00 = T of D−1): not yet overdue then.
    assert metrics.late_cases_new(cat, date(2024, 6, 9)).is_empty()


def test_overdue_per_handling_unit(cat):
    units = metrics.overdue_by_unit(cat, D)
    # U2: A3 (new), A7, A9 → 3, 1 new, longest 40.0 d; U1: A1, A2 (new) → 2, 1, 4.7 d;
    # not dispatched: A5 (new) → 1, 1, 1.0 d.
    assert units.rows() == [("U2", 3, 1, 40.0), ("U1", 2, 1, 4.7), (None, 1, 1, 1.0)]
    # Every unit is listed, so the counts add up to the day's totals: 6 overdue, 3 new.
    assert (units["overdue"].sum(), units["new_overdue"].sum()) == (6, 3)


def test_most_overdue_in_days_with_the_new_ones_marked(cat):
    late = metrics.late_cases(cat, D)
    assert late["incident_id"].to_list() == ["A9", "A7", "A1", "A5", "A2", "A3"]
    assert late["days_overdue"].to_list() == [40.0, 8.0, 4.7, 1.0, 0.6, 0.2]
    assert late["new_overdue"].to_list() == [False, False, False, True, True, True]


def test_grid_coverage_over_seven_days(cat):
    # Patrols: the tiny exports' G1, G2 on 06-01, G3 on 06-04, G4 on 05-20; this file's G1 on D
    # and 06-04, G2 on 06-07, G3 on 06-03. Four grids.
    # D−6 … D = 06-04 … 06-10: G1, G2, G3 → 3/4; on D itself G1 only → 1/4.
    assert metrics.grid_coverage_7d(cat, D) == pytest.approx(3 / 4)
    assert metrics.grid_coverage(cat, D) == pytest.approx(1 / 4)
    # 06-05 … 06-11: G1 (D), G2 (06-07); G3's 06-04 has dropped out → 2/4.
    assert metrics.grid_coverage_7d(cat, date(2024, 6, 11)) == pytest.approx(2 / 4)
    # 05-28 … 06-03: G1, G2 (06-01), G3 (06-03) → 3/4; G4's 05-20 is outside.
    assert metrics.grid_coverage_7d(cat, date(2024, 6, 3)) == pytest.approx(3 / 4)


def test_grid_coverage_by_day_over_a_range_of_days(cat):
    """The trend's form of the same query: one row per day, each with its own window (the
    range join must not let one day's patrols count for a day whose window they miss)."""
    window = {"from": date(2024, 6, 3), "to": date(2024, 6, 11)}
    rows = cat.query("grid_coverage_by_day", **window, days=7)
    patrolled = dict(zip(rows["day"], rows["patrolled"], strict=True))
    # Worked from the patrols above: 06-03 G1 G2 G3; 06-04 … 06-07 G1 G2 G3 (G4's 05-20 never);
    # 06-08 G1 G2 G3 (06-01 dropped out; G1 06-04, G2 06-07, G3 06-04); 06-09, 06-10 the same;
    # 06-11 G1 G2 (G3's 06-04 dropped out).
    assert [patrolled[date(2024, 6, d)] for d in range(3, 12)] == [3, 3, 3, 3, 3, 3, 3, 3, 2]
    assert set(rows["grids"]) == {4}
    daily = cat.query("grid_coverage_by_day", **{"from": date(2024, 6, 1), "to": D}, days=1)
    # One day's window: 06-01 G1 G2, 06-03 G3, 06-04 G1 G3, 06-07 G2, D G1; other days none.
    assert dict(zip(daily["day"], daily["patrolled"], strict=True)) == {
        date(2024, 6, 1): 2,
        date(2024, 6, 2): 0,
        date(2024, 6, 3): 1,
        date(2024, 6, 4): 2,
        date(2024, 6, 5): 0,
        date(2024, 6, 6): 0,
        date(2024, 6, 7): 1,
        date(2024, 6, 8): 0,
        date(2024, 6, 9): 0,
        date(2024, 6, 10): 1,
    }


def test_the_overdue_rule_is_written_once():
    """'Open at the end of the day and past its deadline' lives in one include; the list, the
    day's news, the units and the supervision notice's case all name it (so they cannot drift
    apart)."""
    from dashboard.data import queries

    rule = "deadline_at < $as_of + interval 1 day"
    marker = "{{ overdue_at_end_of_day }}"
    users = {n for n, q in queries.registry().items() if marker in q.path.read_text()}
    assert users == {
        "late_cases_most_overdue",
        "late_cases_new_on_day",
        "overdue_by_handling_unit",
        "notice_case",
    }
    assert [p.name for p in queries.QUERIES_DIR.rglob("*.sql") if rule in p.read_text()] == [
        "overdue_at_end_of_day.sql"
    ]
