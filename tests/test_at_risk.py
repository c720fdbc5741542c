"""预计超期 (at_risk): the cases due in the 24 hours after the day and the chance each misses its
deadline (DESIGN.md, Metric definitions) — on a hand-made fixture with every value worked out
below, and on the demo data against lifelines' Kaplan–Meier fitted from the Parquet exports with
Polars (no DuckDB, no catalog)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from datetime import date, datetime, timedelta

import at_risk_oracle
import polars as pl
import pytest
import tiny_exports as tiny
from tiny_exports import G1, G2, G3, G4, _incident

from dashboard.app import briefing_cells
from dashboard.data.catalog import Catalog
from dashboard.measures import metrics
from dashboard.pipeline.ingest import ingest

D = date(2024, 6, 10)  # T = 2024-06-11 00:00; due: T < deadline ≤ 2024-06-12 00:00


def _rows():
    """Two matter groups: 城市管理 (items I0101, I0102) and 平安建设 (I0201). History window
    D−89 … D = 2024-03-13 … 2024-06-10. Minutes from report to close, or to T where open."""
    data = tiny.rows()
    inc = _incident
    # fmt: off
    data["incidents"] = [
        # 城市管理 history, closed: H1 60, H2 120, H3 600 minutes, H4 2,880 (two days).
        inc("H1", G1, "I0101", "patrol", "normal", "2024-06-01 00:00:00", "closed",
            closed_at="2024-06-01 01:00:00"),
        inc("H2", G1, "I0102", "patrol", "normal", "2024-06-02 00:00:00", "closed",
            closed_at="2024-06-02 02:00:00"),
        inc("H3", G2, "I0101", "patrol", "normal", "2024-06-03 00:00:00", "closed",
            closed_at="2024-06-03 10:00:00"),
        inc("H4", G2, "I0101", "patrol", "normal", "2024-06-01 00:00:00", "closed",
            closed_at="2024-06-03 00:00:00"),
        # R9 closed on D before T (720 min): an event, and not due (closed).
        inc("R9", G1, "I0101", "resident", "normal", "2024-06-10 10:00:00", "closed",
            closed_at="2024-06-10 22:00:00", deadline_at="2024-06-11 10:00:00",
            handling_unit="U1"),
        # Due cases of 城市管理, open at T (censored at their age a):
        # R1 a = 240, limit l = 600. Unit U1.
        inc("R1", G1, "I0101", "resident", "normal", "2024-06-10 20:00:00", "dispatched",
            deadline_at="2024-06-11 06:00:00", handling_unit="U1"),
        # R2 reported 23:00:30: a = 59.5 → 60, l = 1,439.5 → 1,440 (whole minutes rounded up).
        inc("R2", G3, "I0102", "hotline", "normal", "2024-06-10 23:00:30", "dispatched",
            deadline_at="2024-06-11 23:00:00", handling_unit="U2"),
        # R6 due exactly at T + 24 h (still due): a = 1,080, l = 2,520. Not dispatched yet.
        inc("R6", G4, "I0101", "patrol", "normal", "2024-06-10 06:00:00", "open",
            deadline_at="2024-06-12 00:00:00"),
        # Not due, but in the cohort (censored): R3 due after T + 24 h (a = 720); R7 due exactly
        # at T (not after it; a = 360).
        inc("R3", G2, "I0101", "resident", "normal", "2024-06-10 12:00:00", "dispatched",
            deadline_at="2024-06-12 12:00:00", handling_unit="U1"),
        inc("R7", G2, "I0102", "resident", "normal", "2024-06-10 18:00:00", "dispatched",
            deadline_at="2024-06-11 00:00:00", handling_unit="U1"),
        # R8 cancelled, due in the window: in nothing.
        inc("R8", G1, "I0101", "resident", "normal", "2024-06-10 12:00:00", "cancelled",
            deadline_at="2024-06-11 12:00:00"),
        # 平安建设 history: H5 30 and H6 60 minutes, both closed.
        inc("H5", G3, "I0201", "resident", "normal", "2024-06-05 00:00:00", "closed",
            closed_at="2024-06-05 00:30:00"),
        inc("H6", G3, "I0201", "resident", "normal", "2024-06-06 00:00:00", "closed",
            closed_at="2024-06-06 01:00:00"),
        # R5 平安建设, reported 2024-03-01, before the history window, due 06-11 08:00:
        # a = 102 days = 146,880, l = 147,360. Unit U2.
        inc("R5", G4, "I0201", "department", "normal", "2024-03-01 00:00:00", "dispatched",
            deadline_at="2024-06-11 08:00:00", handling_unit="U2"),
    ]
    # fmt: on
    data["incident_events"] = [
        {"incident_id": r["incident_id"], "step": "report", "at": r["reported_at"], "unit": None}
        for r in data["incidents"]
    ]
    return data


@pytest.fixture(scope="module")
def cat(tmp_path_factory) -> Catalog:
    root = tmp_path_factory.mktemp("at_risk")
    tiny.write(root / "exports", _rows())
    report = ingest(
        root / "exports", root / "catalog.duckdb", now=datetime(2024, 6, 12, 8), progress=False
    )
    assert not any(report.quarantined.values()), report.quarantined
    return Catalog(root / "catalog.duckdb")


def test_due_cases_and_their_chance_of_missing(cat):
    # 城市管理's cohort, 10 incidents (minutes, E = closed, C = open at T):
    #   60 E (H1), 60 C (R2), 120 E (H2), 240 C (R1), 360 C (R7), 600 E (H3), 720 E (R9),
    #   720 C (R3), 1,080 C (R6), 2,880 E (H4).
    # S(60) = 9/10; S(120) = 9/10 · 7/8 = 63/80; S(600) = 63/80 · 4/5 = 63/100;
    # S(720) = 63/100 · 3/4 = 189/400 (R9 closes, R3 censored at 720 still at risk: 4);
    # S(2,880) = 0.
    # R1: S(600) / S(240) = (63/100) / (63/80) = 0.8.
    # R2: S(1,440) / S(60) = (189/400) / (9/10) = 0.525.
    # R6: S(2,520) / S(1,080) = (189/400) / (189/400) = 1.
    # 平安建设: 30 E, 60 E → S(60) = 0. R5 is older than the window, S(a) = 0 → p = 1 by rule.
    risk = metrics.at_risk(cat, D)
    assert risk.due_24h == 4
    assert risk.expected_overdue_24h == pytest.approx(1 + 1 + 0.8 + 0.525)
    cases = risk.cases
    # Highest p first; ties by deadline: R5 (06-11 08:00) before R6 (06-12 00:00).
    assert cases["incident_id"].to_list() == ["R5", "R6", "R1", "R2"]
    assert cases["p_miss"].to_list() == pytest.approx([1.0, 1.0, 0.8, 0.525])
    assert cases["age_minutes"].to_list() == [146_880, 1_080, 240, 60]
    assert cases["limit_minutes"].to_list() == [147_360, 2_520, 600, 1_440]
    assert cases["handling_unit"].to_list() == ["U2", None, "U1", "U2"]
    assert cases["group_zh"].to_list() == ["平安建设", "城市管理", "城市管理", "城市管理"]


def test_by_matter_group(cat):
    groups = metrics.at_risk(cat, D).by_group()
    assert groups.select("group_zh", "due").rows() == [("城市管理", 3), ("平安建设", 1)]
    assert groups["expected_overdue"].to_list() == pytest.approx([2.325, 1.0])


def test_nothing_due(cat):
    # On 06-12 nothing open is due in the 24 hours after 06-13 00:00.
    risk = metrics.at_risk(cat, date(2024, 6, 12))
    assert (risk.due_24h, risk.expected_overdue_24h, risk.cases.height) == (0, 0.0, 0)
    assert risk.by_group().is_empty()


def test_scope_counts_its_own_cases_against_its_own_history(cat):
    # 小店区 street 140105002 = G3 only: R2 due (城市管理) and H5, H6 (平安建设). Its 城市管理
    # cohort is R2 alone (60 C): no event, S ≡ 1 → p = S(1,440) / S(60) = 1.
    street = Catalog(cat.path, scope="140105002")
    risk = metrics.at_risk(street, D)
    assert risk.cases["incident_id"].to_list() == ["R2"]
    assert risk.cases["p_miss"].to_list() == [1.0]


def test_brief_json_carries_at_risk(cat):
    out = subprocess.run(
        [sys.executable, "-m", "dashboard.commands.cli", "brief", "--json", "--as-of", str(D)],
        env={**__import__("os").environ, "GRIDDASH_CATALOG": str(cat.path)},
        capture_output=True,
        text=True,
        check=True,
    )
    risk = json.loads(out.stdout)["at_risk"]
    assert risk["due_24h"] == 4
    assert risk["expected_overdue_24h"] == pytest.approx(3.325)
    first = risk["cases"][0]
    assert (first["incident_id"], first["deadline_at"], first["p_miss"]) == (
        "R5",
        "2024-06-11T08:00:00",
        1.0,
    )
    assert [c["incident_id"] for c in risk["cases"]] == ["R5", "R6", "R1", "R2"]


# The last full day in the city and a district reads the history the ingest stored; a street, or
# an earlier day, counts it from the incidents (dashboard/core/data_days.py): both against lifelines.
@pytest.mark.parametrize(
    ("prefix", "back"),
    [("", 0), ("140105", 0), ("street", 0), ("", 3)],
    ids=["city", "district", "street", "city-earlier"],
)
def test_demo_matches_lifelines(demo, demo_catalog, prefix, back):
    as_of = metrics.resolve_as_of(Catalog(demo_catalog), None) - timedelta(days=back)
    if prefix == "street":  # the street with the most of the city's due cases
        codes = metrics.at_risk(Catalog(demo_catalog), as_of).cases["grid_code"].str.slice(0, 9)
        prefix = codes.value_counts(sort=True)[0, 0]
    cat = Catalog(demo_catalog, scope=prefix)
    risk = metrics.at_risk(cat, as_of)

    def read(table):
        return pl.read_parquet(demo.exports / table / "**" / "*.parquet", hive_partitioning=False)

    want = at_risk_oracle.due_cases(
        read("incidents"), read("items"), read("categories"), as_of, prefix
    )
    expected = dict(want.select("incident_id", "p_miss").iter_rows())
    assert risk.due_24h == len(expected) > 0
    got = dict(zip(risk.cases["incident_id"], risk.cases["p_miss"], strict=True))
    assert got == pytest.approx(expected, abs=1e-12)
    assert risk.expected_overdue_24h == pytest.approx(math.fsum(expected.values()), abs=1e-9)
    # Some case has a chance strictly between 0 and 1, so the ratio is really exercised (a
    # street's few cases and short history may all come out 0 or 1).
    assert any(0 < p < 1 for p in expected.values()) or len(prefix) == 9


def test_the_briefing_tile(cat):
    from dashboard.measures import briefing

    tile = next(x for x in briefing.build(cat, D).tiles if x.key == "expected_overdue_24h")
    assert tile.value == pytest.approx(3.325)
    assert tile.extra == ("tile_extra_due_24h", 4)
    # The due day named, not "today": T = 06-11 00:00, due by 06-12 00:00.
    assert tile.extra_day == date(2024, 6, 11)
    assert briefing_cells.tile_extra(tile, "zh") == "06-11 到期 4 件"
    assert briefing_cells.tile_extra(tile, "en") == "due 06-11: 4"
    # A week earlier (T = 06-04 00:00) nothing open was due by 06-05 00:00, nor on the weekly
    # points before it: R5, the only case that old, is due 06-11.
    assert tile.reference == 0.0
    assert tile.trend == pytest.approx([0.0, 0.0, 0.0, 0.0, 3.325])
    assert (tile.unit, tile.better) == ("expected", "down")
