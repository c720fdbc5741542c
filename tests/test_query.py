"""`griddash query`: the output formats, the row cap, scope and the exit statuses, with expected
contents worked out from the demo exports with Polars (never through the catalog)."""

from __future__ import annotations

import json
from datetime import date, datetime

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_escape import SCOPE, read_export, run_cli

# The catalog fixture lives with the escape list; bound here so that pytest finds it.

BY_DISTRICT = (
    "select substr(grid_code, 1, 6) as district, count(*) as incidents "
    "from incidents group by district order by district"
)


@pytest.fixture(scope="module")
def incidents(demo) -> pl.DataFrame:
    return read_export(demo.exports, "incidents")


def by_district(incidents: pl.DataFrame) -> list[tuple[str, int]]:
    frame = (
        incidents.group_by(pl.col("grid_code").str.slice(0, 6).alias("district"))
        .len()
        .sort("district")
    )
    return list(frame.iter_rows())


# -- table ---------------------------------------------------------------------------------------


def test_table_row_cap_says_more_rows_exist(demo_catalog, capsys):
    code, out, err = run_cli(
        capsys, "select x from range(100) t(x)", "--max-rows", "5", "--catalog", str(demo_catalog)
    )
    assert code == 0, err
    assert err == ""
    lines = out.splitlines()
    cells = [
        line.strip("│ ") for line in lines[lines.index(next(x for x in lines if "╞" in x)) + 1 :]
    ]
    assert cells[:5] == ["0", "1", "2", "3", "4"]
    assert cells[5].startswith("└")
    assert lines[-1] == "5 rows shown; more rows exist (--max-rows 5, or --format csv)"


def test_table_without_cap_says_row_count(demo_catalog, incidents, capsys):
    code, out, err = run_cli(capsys, BY_DISTRICT, "--catalog", str(demo_catalog))
    assert code == 0, err
    expected = by_district(incidents)
    assert out.splitlines()[-1] == f"{len(expected)} rows"
    for district, count in expected:
        assert any(district in line and f" {count} " in line for line in out.splitlines())


def test_table_to_out_file(demo_catalog, tmp_path, capsys):
    out_file = tmp_path / "t.txt"
    code, out, err = run_cli(
        capsys, "select 42 as answer", "--out", str(out_file), "--catalog", str(demo_catalog)
    )
    assert (code, out, err) == (0, "", "")
    text = out_file.read_text(encoding="utf-8")
    assert "answer" in text and "42" in text and text.endswith("1 rows\n")


# -- files ---------------------------------------------------------------------------------------


def test_csv_incidents_by_district(demo_catalog, incidents, tmp_path, capsys):
    out_file = tmp_path / "by_district.csv"
    code, out, err = run_cli(
        capsys,
        BY_DISTRICT,
        "--format",
        "csv",
        "--out",
        str(out_file),
        "--catalog",
        str(demo_catalog),
    )
    assert (code, out, err) == (0, "", "")
    expected = by_district(incidents)
    assert len(expected) == 10  # the demo city's ten districts
    text = '"district","incidents"\n' + "".join(f'"{d}",{n}\n' for d, n in expected)
    assert out_file.read_text(encoding="utf-8") == text
    assert sum(n for _, n in expected) == incidents.height


def test_csv_to_standard_output(demo_catalog, incidents, capsys):
    code, out, err = run_cli(capsys, BY_DISTRICT, "--format", "csv", "--catalog", str(demo_catalog))
    assert code == 0, err
    frame = pl.read_csv(out.encode(), schema_overrides={"district": pl.String})
    assert list(frame.iter_rows()) == by_district(incidents)


def test_json_incidents_by_day(demo_catalog, incidents, tmp_path, capsys):
    sql = (
        "select cast(reported_at as date) as day, count(*) as n, min(incident_id) as first_id, "
        "max(reported_at) as last_reported from incidents group by day order by day"
    )
    out_file = tmp_path / "by_day.json"
    code, out, err = run_cli(
        capsys, sql, "--format", "json", "--out", str(out_file), "--catalog", str(demo_catalog)
    )
    assert (code, out, err) == (0, "", "")
    expected = (
        incidents.group_by(pl.col("reported_at").dt.date().alias("day"))
        .agg(
            n=pl.len(),
            first_id=pl.col("incident_id").min(),
            last_reported=pl.col("reported_at").max(),
        )
        .sort("day")
    )
    assert expected.height == 45  # one row a day of the demo's 45 days
    assert json.loads(out_file.read_text(encoding="utf-8")) == [
        {
            "day": row["day"].isoformat(),
            "n": row["n"],
            "first_id": row["first_id"],
            "last_reported": str(row["last_reported"]),
        }
        for row in expected.to_dicts()
    ]


def test_parquet_per_grid(demo_catalog, incidents, tmp_path, capsys):
    sql = (
        "select grid_code, count(*) as incidents, min(reported_at) as first_reported, "
        "max(closed_at) as last_closed, avg(lon) as mean_lon from incidents "
        f"where starts_with(grid_code, '{SCOPE}') group by grid_code order by grid_code"
    )
    out_file = tmp_path / "per_grid.parquet"
    code, out, err = run_cli(
        capsys, sql, "--format", "parquet", "--out", str(out_file), "--catalog", str(demo_catalog)
    )
    assert (code, out, err) == (0, "", "")
    table = pq.read_table(out_file)
    assert table.schema.field("incidents").type == pa.int64()
    assert pa.types.is_timestamp(table.schema.field("first_reported").type)
    expected = (
        incidents.filter(pl.col("grid_code").str.starts_with(SCOPE))
        .group_by("grid_code")
        .agg(
            incidents=pl.len(),
            first_reported=pl.col("reported_at").min(),
            last_closed=pl.col("closed_at").max(),
            mean_lon=pl.col("lon").mean(),
        )
        .sort("grid_code")
    )
    got = table.to_pylist()
    assert [r["grid_code"] for r in got] == expected["grid_code"].to_list()
    for mine, theirs in zip(got, expected.to_dicts(), strict=True):
        assert mine["incidents"] == theirs["incidents"]
        assert mine["first_reported"] == theirs["first_reported"]
        assert mine["last_closed"] == theirs["last_closed"]
        assert mine["mean_lon"] == pytest.approx(theirs["mean_lon"], rel=1e-12)


def test_parquet_without_out_is_refused(demo_catalog, capsys):
    code, out, err = run_cli(
        capsys, "select 1", "--format", "parquet", "--catalog", str(demo_catalog)
    )
    assert code == 2
    assert out == ""
    assert err == "griddash: refused: --format parquet needs --out FILE (Parquet is binary)\n"


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_empty_result_is_still_a_valid_file(fmt, demo_catalog, tmp_path, capsys):
    out_file = tmp_path / f"empty.{fmt}"
    sql = "select incident_id, reported_at, lon from incidents where false"
    code, out, err = run_cli(
        capsys, sql, "--format", fmt, "--out", str(out_file), "--catalog", str(demo_catalog)
    )
    assert (code, out, err) == (0, "", "")
    if fmt == "csv":
        assert out_file.read_text(encoding="utf-8") == '"incident_id","reported_at","lon"\n'
    elif fmt == "json":
        assert json.loads(out_file.read_text(encoding="utf-8")) == []
    else:
        table = pq.read_table(out_file)
        assert table.num_rows == 0
        assert table.column_names == ["incident_id", "reported_at", "lon"]


# -- scope ---------------------------------------------------------------------------------------


def test_scoped_query_returns_only_its_district(demo_catalog, incidents, tmp_path, capsys):
    out_file = tmp_path / "scoped.csv"
    code, out, err = run_cli(
        capsys,
        BY_DISTRICT,
        "--scope",
        SCOPE,
        "--format",
        "csv",
        "--out",
        str(out_file),
        "--catalog",
        str(demo_catalog),
    )
    assert (code, out, err) == (0, "", "")
    [(district, count)] = [(d, n) for d, n in by_district(incidents) if d == SCOPE]
    assert out_file.read_text(encoding="utf-8") == f'"district","incidents"\n"{district}",{count}\n'


def test_street_scope(demo_catalog, incidents, capsys):
    street = incidents.filter(pl.col("grid_code").str.starts_with(SCOPE))["grid_code"].min()[:9]
    code, out, err = run_cli(
        capsys,
        "select grid_code, count(*) as n from incidents group by grid_code order by grid_code",
        "--scope",
        street,
        "--format",
        "json",
        "--catalog",
        str(demo_catalog),
    )
    assert code == 0, err
    expected = (
        incidents.filter(pl.col("grid_code").str.starts_with(street))
        .group_by("grid_code")
        .len("n")
        .sort("grid_code")
    )
    assert json.loads(out) == expected.to_dicts()


@pytest.mark.parametrize("scope", ["12345", "1401061", "14010a", "140106 or 1=1"])
def test_bad_scope_is_refused(scope, demo_catalog, capsys):
    code, out, err = run_cli(capsys, "select 1", "--scope", scope, "--catalog", str(demo_catalog))
    assert code == 2
    assert out == ""
    assert err == (
        "griddash: scope: expected a grid-code prefix of 6 (district), 9 (street), "
        f"12 (community) or 16 (grid) digits, found {scope!r}\n"
    )


# -- failures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("sql", ["selec 1", "select * from incidents wher 1", "select (1"])
def test_syntax_error_exits_1(sql, demo_catalog, capsys):
    code, out, err = run_cli(capsys, sql, "--catalog", str(demo_catalog))
    assert code == 1
    assert out == ""
    assert err.startswith("griddash: syntax error: ") and err.count("\n") == 1


def test_unknown_column_exits_1(demo_catalog, capsys):
    code, out, err = run_cli(
        capsys, "select no_such_column from incidents", "--catalog", str(demo_catalog)
    )
    assert code == 1
    assert out == ""
    assert err.startswith("griddash: query failed: Binder Error: ") and err.count("\n") == 1
    assert "no_such_column" in err


def test_missing_catalog_exits_2(tmp_path, capsys):
    missing = tmp_path / "nowhere.duckdb"
    code, out, err = run_cli(capsys, "select 1", "--catalog", str(missing))
    assert code == 2
    assert out == ""
    assert err == f"griddash: {missing}: no catalog yet; expected one built by `griddash ingest`\n"


def test_values_survive_formats(demo_catalog, tmp_path, capsys):
    """Dates, timestamps, NULLs and Chinese text come out as written, in every format."""
    sql = (
        "select date '2026-10-31' as d, timestamp '2026-10-31 08:30:00' as t, "
        "null::varchar as missing, '迎泽区' as name"
    )
    code, out, err = run_cli(capsys, sql, "--format", "json", "--catalog", str(demo_catalog))
    assert code == 0, err
    assert json.loads(out) == [
        {"d": "2026-10-31", "t": "2026-10-31 08:30:00", "missing": None, "name": "迎泽区"}
    ]
    out_file = tmp_path / "v.parquet"
    code, _, err = run_cli(
        capsys, sql, "--format", "parquet", "--out", str(out_file), "--catalog", str(demo_catalog)
    )
    assert code == 0, err
    assert pq.read_table(out_file).to_pylist() == [
        {
            "d": date(2026, 10, 31),
            "t": datetime(2026, 10, 31, 8, 30),
            "missing": None,
            "name": "迎泽区",
        }
    ]
    out_file = tmp_path / "v.csv"
    code, _, err = run_cli(
        capsys, sql, "--format", "csv", "--out", str(out_file), "--catalog", str(demo_catalog)
    )
    assert code == 0, err
    assert out_file.read_text(encoding="utf-8") == (
        '"d","t","missing","name"\n2026-10-31,2026-10-31 08:30:00.000000,,"迎泽区"\n'
    )
