"""A catalog built by an older griddash (without a table or column this version reads) is refused
at open with the missing names and what to run, not query by query."""

import shutil

import duckdb
import pytest

from dashboard.data.catalog import Catalog, CatalogError


@pytest.fixture
def old_catalog(demo_catalog, tmp_path):
    path = tmp_path / "old.duckdb"
    shutil.copy(demo_catalog, path)
    return path


def test_a_catalog_without_a_column_added_later_is_refused(old_catalog):
    with duckdb.connect(str(old_catalog)) as con:
        con.execute("alter table incidents_by_grid_day drop column closed_on_spot")
    with pytest.raises(CatalogError) as err:
        Catalog(old_catalog).query("backlog_by_age", as_of="2026-10-31")
    text = str(err.value)
    assert "incidents_by_grid_day.closed_on_spot" in text
    assert "expected a catalog with the columns this griddash reads" in text
    assert "run griddash ingest" in text


def test_a_catalog_without_the_workflow_steps_of_open_spans_is_refused(old_catalog):
    with duckdb.connect(str(old_catalog)) as con:
        con.execute("alter table open_spans drop column steps")
    with pytest.raises(CatalogError, match=r"none named open_spans\.steps .*run griddash ingest"):
        Catalog(old_catalog).query("backlog_by_age", as_of="2026-10-31")


@pytest.mark.parametrize(
    "table",
    [
        "open_spans",
        "incident_milestones",
        "cases_handled_by_worker_day",
        "returns_by_unit_grid_day",
        "time_limits_by_grid_day",
        "patrols_by_grid_day",
    ],
)
def test_a_catalog_without_a_table_is_refused(old_catalog, table):
    with duckdb.connect(str(old_catalog)) as con:
        con.execute(f"drop table {table}")
    with pytest.raises(CatalogError, match=rf"found none named {table} .*run griddash ingest"):
        Catalog(old_catalog).query("backlog_by_age", as_of="2026-10-31")


def test_the_current_catalog_opens(demo_catalog):
    assert Catalog(demo_catalog).query("data_quality").height > 0
