"""The weekend read together on a Monday (周末合并, period=weekend), on a hand-made fixture, every
expected value worked out by hand below. The weekend: Saturday SAT = 2024-06-08 and Sunday
SUN = 2024-06-09, its end T = 2024-06-10 00:00. The reference: the same two days a week earlier,
2024-06-01 and 2024-06-02, ending T' = 2024-06-03 00:00."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import tiny_exports as tiny
from tiny_exports import G1, G2, G3, G4, _incident

from dashboard.data.catalog import Catalog
from dashboard.measures import briefing, metrics, period
from dashboard.pipeline.ingest import ingest

SAT, SUN = date(2024, 6, 8), date(2024, 6, 9)
SPIKE_STREET = G3[:9]  # 140105002


def _rows():
    data = tiny.rows()
    inc = _incident
    # fmt: off
    data["incidents"] = [
        # R0 on 05-20, closed within the hour: the data's first day; in no weekend.
        inc("R0", G4, "I0101", "resident", "normal", "2024-05-20 08:00:00", "closed",
            closed_at="2024-05-20 09:00:00", deadline_at="2024-05-21 08:00:00"),
        # -- the reference weekend
        # R1 new and closed on Saturday 06-01.
        inc("R1", G4, "I0101", "resident", "normal", "2024-06-01 10:00:00", "closed",
            closed_at="2024-06-01 12:00:00", deadline_at="2024-06-02 10:00:00"),
        # R2 new on Sunday 06-02, open at T' (closed 06-05), due 06-03 09:00 ≥ T': backlog, not
        # overdue.
        inc("R2", G4, "I0101", "resident", "normal", "2024-06-02 09:00:00", "closed",
            closed_at="2024-06-05 09:00:00", deadline_at="2024-06-03 09:00:00",
            handling_unit="U2"),
        # -- the weekend
        # W1 reported Friday, due Saturday 08:00, open: overdue at T and went overdue in the
        # weekend (not on Sunday alone). Unit U1: 40 h = 1.7 d overdue at T.
        inc("W1", G1, "I0101", "resident", "normal", "2024-06-07 08:00:00", "dispatched",
            dispatched_at="2024-06-07 09:00:00", deadline_at="2024-06-08 08:00:00",
            handling_unit="U1"),
        # W2 new Saturday, due Saturday 18:00, closed late on Sunday 10:00: new Sat, closed Sun;
        # not open at T, so neither overdue nor "went overdue" (still open at the end).
        inc("W2", G1, "I0102", "hotline", "normal", "2024-06-08 09:00:00", "closed",
            dispatched_at="2024-06-08 09:30:00", closed_at="2024-06-09 10:00:00",
            deadline_at="2024-06-08 18:00:00", handling_unit="U1"),
        # W3 new Sunday, due Sunday 19:00, open: overdue, went overdue (on Sunday too). Unit U2.
        inc("W3", G2, "I0201", "resident", "urgent", "2024-06-09 07:00:00", "dispatched",
            dispatched_at="2024-06-09 07:30:00", deadline_at="2024-06-09 19:00:00",
            handling_unit="U2"),
        # W4 new and closed Saturday.
        inc("W4", G3, "I0101", "resident", "normal", "2024-06-08 08:00:00", "closed",
            closed_at="2024-06-08 09:00:00", deadline_at="2024-06-09 08:00:00"),
        # W5 reported Wednesday, due Thursday 08:00, open: overdue at T (88 h = 3.7 d), not new
        # in the weekend. Unit U2. (Also the only incident of street 140105002 in the 28 days
        # before Saturday: its baseline 1/28.)
        inc("W5", G3, "I0101", "resident", "normal", "2024-06-05 08:00:00", "dispatched",
            dispatched_at="2024-06-05 09:00:00", deadline_at="2024-06-06 08:00:00",
            handling_unit="U2"),
        # W6 new Sunday 20:00, due 06-11: backlog, not overdue.
        inc("W6", G4, "I0101", "hotline", "normal", "2024-06-09 20:00:00", "open",
            deadline_at="2024-06-11 20:00:00"),
        # W7 cancelled on Saturday: left out of everything.
        inc("W7", G4, "I0102", "resident", "normal", "2024-06-08 10:00:00", "cancelled",
            deadline_at="2024-06-08 12:00:00"),
        # W8 on Monday 06-10: after T, in no figure; the data reaches past Sunday, so Sunday is
        # a full day.
        inc("W8", G4, "I0101", "resident", "normal", "2024-06-10 09:00:00", "closed",
            closed_at="2024-06-10 10:00:00", deadline_at="2024-06-11 09:00:00"),
    ] + [
        # S01 … S10: ten on Saturday in G3, closed within the hour: with W4, 11 incidents of
        # street 140105002 on Saturday against a 28-day mean of 1/28 — a spike on Saturday;
        # none on Sunday.
        inc(f"S{i:02}", G3, "I0101", "resident", "normal", f"2024-06-08 10:{i:02}:00", "closed",
            closed_at=f"2024-06-08 11:{i:02}:00", deadline_at="2024-06-09 10:00:00")
        for i in range(1, 11)
    ]
    data["incident_events"] = [
        {"incident_id": r["incident_id"], "step": "report", "at": r["reported_at"], "unit": None}
        for r in data["incidents"]
    ]
    data["patrols"] += [
        # The tiny exports patrol G1, G2 on 06-01 (the reference Saturday). Here: G1 on
        # Saturday, G3 on Sunday.
        {"worker_id": "W001", "grid_code": G1, "patrol_date": SAT, "minutes": 30,
         "households_visited": 3, "distance_km": 1.0},
        {"worker_id": "W002", "grid_code": G3, "patrol_date": SUN, "minutes": 30,
         "households_visited": 3, "distance_km": 1.0},
    ]
    # fmt: on
    return data


@pytest.fixture(scope="module")
def cat(tmp_path_factory) -> Catalog:
    root = tmp_path_factory.mktemp("weekend")
    tiny.write(root / "exports", _rows())
    report = ingest(
        root / "exports", root / "catalog.duckdb", now=datetime(2024, 6, 12, 8), progress=False
    )
    assert not any(report.quarantined.values()), report.quarantined
    return Catalog(root / "catalog.duckdb")


def test_the_weekend_counts(cat):
    b = metrics.brief(cat, SUN, "weekend")
    assert (b.period, b.period_first, b.as_of) == ("weekend", SAT, SUN)
    # new: Saturday W2, W4, S01–S10 = 12; Sunday W3, W6 = 2 → 14 (W7 cancelled).
    # closed: Saturday W4, S01–S10 = 11; Sunday W2 = 1 → 12.
    # backlog at T: W1, W3, W5, W6 → 4; overdue: W1, W3, W5 (W6 due after T) → 3.
    assert (b.new, b.closed, b.backlog, b.overdue) == (14, 12, 4, 3)
    # Grids patrolled on Saturday or Sunday: G1, G3 of four.
    assert b.grid_coverage == pytest.approx(2 / 4)
    # Spikes judged day by day: street 140105002 on Saturday (11 against 1/28), none Sunday.
    assert [(s.day, s.code, s.count, s.baseline) for s in b.spikes] == [
        (SAT, SPIKE_STREET, 11, round(1 / 28, 2))
    ]
    as_json = b.to_dict()
    assert (as_json["period"], as_json["period_first"]) == ("weekend", "2024-06-08")
    assert as_json["spikes"][0]["day"] == "2024-06-08"


def test_sunday_alone_is_still_the_day(cat):
    b = metrics.brief(cat, SUN)
    # new on Sunday: W3, W6; closed on Sunday: W2. Backlog and overdue: the same end, T.
    assert (b.new, b.closed, b.backlog, b.overdue) == (2, 1, 4, 3)
    assert b.grid_coverage == pytest.approx(1 / 4)  # G3 only
    assert b.spikes == []
    assert (b.period, b.to_dict()["period_first"]) == ("day", "2024-06-09")


def test_what_went_overdue_over_the_weekend(cat):
    # Due in [Sat 00:00, T) and still open at T, by deadline: W1 (Sat 08:00), W3 (Sun 19:00).
    # W2 was due Saturday too but closed on Sunday: not open at the end.
    new = metrics.late_cases_new(cat, SUN, days=2)
    assert new["incident_id"].to_list() == ["W1", "W3"]
    assert metrics.late_cases_new(cat, SUN)["incident_id"].to_list() == ["W3"]  # Sunday alone
    # Per unit at T: U2 W3 (new), W5 → 2, 1 new, longest 3.7 d; U1 W1 (new) → 1, 1, 1.7 d.
    units = metrics.overdue_by_unit(cat, SUN, days=2)
    assert units.rows() == [("U2", 2, 1, 3.7), ("U1", 1, 1, 1.7)]
    assert metrics.overdue_by_unit(cat, SUN).rows() == [("U2", 2, 1, 3.7), ("U1", 1, 0, 1.7)]
    late = metrics.late_cases(cat, SUN, days=2)
    assert dict(zip(late["incident_id"], late["new_overdue"], strict=True)) == {
        "W5": False,
        "W1": True,
        "W3": True,
    }


def test_the_reference_is_the_weekend_before(cat):
    view = briefing.build(cat, SUN, "weekend")
    tiles = {t.key: t for t in view.tiles}
    # The weekend before: new R1 (Sat), R2 (Sun) → 2; closed R1 → 1; at T' R2 open → backlog
    # 1, due after T' → overdue 0.
    assert {k: tiles[k].reference for k in ("new", "closed", "backlog", "overdue")} == {
        "new": 2,
        "closed": 1,
        "backlog": 1,
        "overdue": 0,
    }
    assert {tiles[k].reference_label for k in ("new", "closed", "backlog", "overdue")} == {
        "ref_last_weekend"
    }
    # Coverage over the reference weekend: G1, G2 on 06-01 → 2/4; the weekend's own 2/4.
    coverage = tiles["grid_coverage"]
    assert (coverage.value, coverage.reference) == (pytest.approx(0.5), pytest.approx(0.5))
    assert coverage.reference_label == "ref_last_weekend"
    # Figures as of Sunday keep their own reference (the Sunday before).
    assert tiles["active_workers"].reference_label == "ref_last_week"
    assert view.weekend and view.new_overdue == 2
    assert [s.day for s in view.spikes] == [SAT]


def test_a_weekend_ends_on_a_sunday_only(cat):
    with pytest.raises(period.PeriodError) as caught:
        metrics.brief(cat, SAT, "weekend")
    assert caught.value.key == "period_not_sunday"
    with pytest.raises(period.PeriodError) as caught:
        metrics.brief(cat, SUN, "month")
    assert caught.value.key == "period_unknown"


def test_the_period_itself():
    p = period.period("weekend", SUN)
    assert (p.days, p.first, p.dates) == (2, SAT, [SAT, SUN])
    assert p.week_earlier() == period.Period("weekend", date(2024, 6, 2))
    assert period.period(None, SAT) == period.Period("day", SAT)
    assert period.period("day", SAT).dates == [SAT]
    # Sunday is the only day that ends a weekend.
    assert [period.offers_weekend(date(2024, 6, d)) for d in range(3, 10)] == [
        False,
        False,
        False,
        False,
        False,
        False,
        True,
    ]
