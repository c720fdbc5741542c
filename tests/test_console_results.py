"""What a console statement brings back into the server or the command (dashboard.data.sql_result):
results bounded by values as well as bytes (a list of null structs weighs nothing in Arrow and
gigabytes in Python), the time limit covering the command's own writing, types that cannot be
shown refused with the column's name (nested infinite dates, intervals, unions, UHUGEINT), enums
as text, and the leftovers of killed commands cleaned up. Found by the second red-team run of
issue 12; each test is one of its findings.
"""

from __future__ import annotations

import os
import time

import pytest
from test_console_limits import griddash, run_query
from test_escape import SCOPE

from dashboard.analysis import console, downloads
from dashboard.core import paths
from dashboard.data import scope_extract, sql_sandbox
from dashboard.data.catalog import CONSOLE_LIMITS, Catalog

NULL_STRUCTS = "[{" + ", ".join(f"'f{i}': NULL" for i in range(40)) + "}]"


@pytest.fixture(scope="module")
def city(demo_catalog) -> Catalog:
    return Catalog(demo_catalog, limits=CONSOLE_LIMITS, console=True)


def test_a_light_result_of_many_values_is_cut_for_the_page(city):
    """Each row: the list, 10,000 structs of 40 null fields, and y — 410,002 values; the page
    takes at most 2,000,000, so 4 rows."""
    sql = f"select repeat({NULL_STRUCTS}, 10000) as x, 1 as y from range(50)"
    result = console.run(city, sql)
    assert result.ok and result.cut == "size" and result.truncated
    assert result.rows == sql_sandbox.PAGE_MAX_VALUES // (1 + 10_000 * 41 + 1)
    assert downloads.download(result.frame.head(1), "csv")  # bounded, so the page can offer it


@pytest.mark.parametrize(
    "sql",
    [
        "select range(4000) as l from range(8192)",  # wide rows: 260 MB of Arrow, one batch
        "select repeat([NULL], 100000) as x from range(500)",  # light Arrow, 50M values
    ],
    ids=["wide-rows", "many-nulls"],
)
def test_json_writing_is_held_to_the_time_limit(sql, demo_catalog, tmp_path, capsys):
    """JSON is written in this process, value by value: the limit covers that too."""
    started = time.perf_counter()
    code, out, err = run_query(
        capsys,
        sql,
        "--format",
        "json",
        "--time-limit",
        "2",
        "--out",
        str(tmp_path / "o.json"),
        "--catalog",
        str(demo_catalog),
    )
    assert time.perf_counter() - started <= 2 + 2
    assert (code, out) == (1, "")
    assert err == "griddash: stopped after the time limit of 2 s (--time-limit to change)\n"
    assert list(tmp_path.iterdir()) == []


def test_a_wide_table_prints_a_bounded_number_of_cells(demo_catalog, capsys):
    columns = ", ".join(f"true as c{i}" for i in range(2000))
    code, out, err = run_query(
        capsys,
        f"select {columns} from range(10000)",
        "--max-rows",
        "10000",
        "--catalog",
        str(demo_catalog),
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == (
        "100 rows shown of 1,000 (a table shows at most 200,000 cells; --format csv for every value)"
    )


@pytest.mark.parametrize(
    "sql, says",
    [
        ("select ['infinity'::date] as v", "holds a date beyond the years"),
        ("select {'a': '-infinity'::timestamp} as v", "holds a date beyond the years"),
        ("select ['infinity'::date, '2020-01-01'::date]::date[2] as v", "holds a date beyond"),
        ("select interval 1 day as v", "holds intervals (use epoch(…) for seconds"),
        ("select union_value(k := 1) as v", "holds a union (cast it to varchar)"),
        ("select 1::uhugeint as v", "is a UHUGEINT, which cannot be shown as it is"),
        ("select [1::uhugeint] as v", "is a UHUGEINT[], which cannot be shown as it is"),
        ("select ['a'::enum('a', 'b')] as v", "holds enums inside a list or struct"),
    ],
)
def test_values_that_cannot_be_shown_are_named(sql, says, city, demo_catalog, capsys):
    result = console.run(city, sql)
    assert result.failure.kind == "failed" and "'v'" in result.failure.detail
    assert says in result.failure.detail and "\n" not in result.failure.detail
    for fmt in ("table", "csv", "json"):
        code, out, err = run_query(capsys, sql, "--format", fmt, "--catalog", str(demo_catalog))
        assert (code, out) == (1, "") and err.count("\n") == 1 and says in err, (fmt, err)


def test_enums_arrive_as_text(city):
    result = console.run(city, "select 'b'::enum('a', 'b') as mood, 1 as n")
    assert result.ok and result.frame.rows() == [("b", 1)]


def test_binary_in_csv_fails_before_writing(demo_catalog, capsys):
    code, out, err = run_query(
        capsys, "select 'abc'::blob as b", "--format", "csv", "--catalog", str(demo_catalog)
    )
    assert (code, out) == (1, "")
    assert err.startswith("griddash: query failed: column 'b' is a binary; CSV holds flat values")


def test_the_console_shows_nothing_of_the_servers_clock_or_the_citys_span(demo_catalog):
    lead = Catalog(demo_catalog, scope=SCOPE, limits=CONSOLE_LIMITS, console=True)
    zone = console.run(lead, "select strftime(now(), '%Z') as z")
    assert zone.frame["z"].to_list() == ["Asia/Shanghai"]  # the data's, not the server's
    keys = console.run(lead, "select key from catalog_info order by key").frame["key"].to_list()
    assert keys == ["built_at", "data_version", "duckdb_version", "griddash_version"]


def test_command_line_numbers_are_checked(capsys):
    for args, says in (
        (["--max-rows", "-5"], "expected a whole number of 1 or more"),
        (["--time-limit", "inf"], "expected at most 86400 seconds"),
        (["--time-limit", "1e300"], "expected at most 86400 seconds"),
    ):
        with pytest.raises(SystemExit) as exited:
            run_query(capsys, "select 1", *args)
        assert exited.value.code == 2 and says in capsys.readouterr().err
    code, _, err = run_query(capsys, "select 1", "--memory-limit", "100TB", "--catalog", "x")
    assert code == 2 and "expected at most this machine's memory" in err


def test_leftovers_of_killed_commands_are_removed(demo_catalog, tmp_path):
    """A spill folder of a worker that is gone, and a half-built copy of a build that was
    killed, go when the next command runs; the folders are this user's only."""
    dead = 2**22 + 12_345  # above Linux's default pid_max: no process has it
    spill = paths.duckdb_temp_dir() / f"console-{dead}"
    spill.mkdir(parents=True)
    (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"x" * 1000)
    street = Catalog(demo_catalog, scope=SCOPE).sql("select min(street_code) as s from grids")["s"][
        0
    ]
    version = Catalog(demo_catalog).data_version
    copy = scope_extract.extract_path(demo_catalog, version, street)
    copy.parent.mkdir(parents=True, exist_ok=True)
    half = copy.with_name(f".{copy.name}.{dead}.partial")
    half.write_bytes(b"half a copy")
    copy.unlink(missing_ok=True)
    done = griddash(
        "query",
        "select count(*) as n from grids",
        "--scope",
        street,
        "--format",
        "csv",
        "--catalog",
        str(demo_catalog),
    )
    assert done.returncode == 0, done.stderr
    assert not spill.exists() and not half.exists() and copy.exists()
    for folder in (paths.duckdb_temp_dir(), paths.cache_dir() / "scopes"):
        assert oct(folder.stat().st_mode & 0o777) == oct(0o700), folder
    assert os.environ["GRIDDASH_CACHE"] in str(copy)  # the test session's own cache
