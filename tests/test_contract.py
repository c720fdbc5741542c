"""The export contract: complete, consistent, and the generated docs kept in sync."""

from __future__ import annotations

import json
from pathlib import Path

from dashboard.commands import cli
from dashboard.core import contract

DOCS = Path(__file__).resolve().parents[1] / "docs" / "contract.md"

# DESIGN.md's export contract: the columns every table must have (more may be added).
DESIGN_COLUMNS = {
    "grids": "grid_code grid_name grid_type district_code district_name street_code street_name "
    "community_code community_name households population area_km2 center_lon center_lat "
    "boundary_wkt",
    "workers": "worker_id display_name employment hired_on left_on",
    "worker_grids": "worker_id grid_code role valid_from valid_to",
    "categories": "category_code name_zh name_en group_zh group_en limit_hours_urgent "
    "limit_hours_normal",
    "items": "item_code category_code name_zh name_en",
    "incidents": "incident_id grid_code item_code source urgency reported_at reporter_worker_id "
    "lon lat status accepted_at dispatched_at resolved_at closed_at deadline_at handling_unit "
    "escalation_level satisfaction",
    "incident_events": "incident_id step at unit",
    "patrols": "worker_id grid_code patrol_date minutes households_visited distance_km",
    "trainings": "session_id title topic level mode starts_at duration_minutes",
    "training_attendance": "session_id person_id person_type minutes_attended",
}


def test_contract_has_every_design_column():
    for name, columns in DESIGN_COLUMNS.items():
        assert set(columns.split()) <= set(contract.table(name).column_names), name
    assert set(contract.TABLE_NAMES) == set(DESIGN_COLUMNS)


def test_every_column_is_described_in_both_languages():
    for t in contract.TABLES:
        for c in t.columns:
            assert c.zh.strip() and c.en.strip(), (t.name, c.name)


def test_references_point_backwards_in_load_order():
    order = {n: i for i, n in enumerate(contract.TABLE_NAMES)}
    for t in contract.TABLES:
        for r in t.references:
            assert order[r.target] < order[t.name], (t.name, r.target)
            assert r.reason in contract.REASONS
            assert set(r.target_columns) <= set(contract.table(r.target).key)


def test_design_reasons_come_first_in_design_order():
    design = [
        "duplicate_id",
        "bad_grid_code",
        "unknown_grid",
        "unknown_item",
        "unknown_worker",
        "closed_before_reported",
        "future_timestamp",
        "outside_city",
        "null_required",
    ]
    positions = [contract.REASONS.index(r) for r in design]
    assert positions == sorted(positions)
    assert set(contract.REASON_TEXT) == set(contract.REASONS)


def test_docs_are_generated_from_the_contract():
    assert DOCS.read_text(encoding="utf-8") == contract.to_markdown(), (
        "docs/contract.md is stale: run `griddash schema --format markdown > docs/contract.md`"
    )


def test_schema_command_json(capsys):
    assert cli.main(["schema", "--format", "json"]) == 0
    tables = json.loads(capsys.readouterr().out)
    assert [t["name"] for t in tables] == list(contract.TABLE_NAMES)
