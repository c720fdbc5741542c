"""The SQL console (`/sql`): the page under AppTest — a query typed and run, its result against a
Polars computation on the exports, the downloads' bytes, the `sql` and `at` URL parameters,
examples and history — and its execution path (dashboard.analysis.console.run) against the escape list
of tests/test_escape.py, the limits, and the named queries run with bind parameters.

Expected values come from the exports read with Polars or from the named queries run with bind
parameters, never from the console's own output.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date

import duckdb
import polars as pl
import pytest
import test_escape
from escapes import ESCAPE_IDS, ESCAPES
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from test_console_limits import MEMORY_BOMBS, TIME_BOMBS
from test_escape import (
    GUESSED_ALIAS,
    SCOPE,
    assert_nothing_leaks,
    disk_state,
    fill,
    read_export,
)

from dashboard.analysis import console, console_chart, console_schema, downloads
from dashboard.app import analysis_page
from dashboard.core import contract, i18n, paths
from dashboard.data import queries, sqlguard
from dashboard.data.catalog import CONSOLE_LIMITS, Catalog, Limits

# The escape list's expected figures, reused as they are (the places the escapes name are a
# conftest fixture).
expected = test_escape.expected

APP = str(paths.PROJECT_ROOT / "app.py")
PAGE = "views/sql.py"
BY_DISTRICT = (
    "select left(grid_code, 6) as district, count(*) as incidents, "
    "count(*) filter (where urgency = 'urgent') as urgent\n"
    "from incidents group by all order by district"
)


# -- the page -------------------------------------------------------------------------------------


def open_page(monkeypatch, catalog, demo, **params) -> AppTest:
    """The app on /sql with the given URL parameters, run once, with no exception or error."""
    monkeypatch.setenv("GRIDDASH_CATALOG", str(catalog))
    monkeypatch.setenv("GRIDDASH_DATA", str(demo.exports))
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    # The entry script runs first (as a browser's first visit does), so the page is switched to
    # through its navigation, with the language switch set up (AppTest keeps the parameters).
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def result_grid(at: AppTest, columns: list[str]):
    """The result grid: the dataframe with exactly these columns (the schema browser's tables are
    markdown, so the only other dataframes would be results)."""
    grids = [d.value for d in at.dataframe if list(d.value.columns) == columns]
    assert len(grids) == 1, [list(d.value.columns) for d in at.dataframe]
    return grids[0]


def badges(at: AppTest) -> list[str]:
    return [b.proto.body for b in at.get("badge")] if at.get("badge") else []


def texts(at: AppTest) -> str:
    """Every badge, caption and markdown text on the page, as one string."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [str(e.proto) for e in at.get("badge")]
    return "\n".join(parts)


def run_link(at: AppTest) -> AppTest:
    """Press Run on a page opened from a link (the link only fills the editor in)."""
    at.button(key="sql_run").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def by_district_expected(demo) -> pl.DataFrame:
    incidents = read_export(demo.exports, "incidents")
    return (
        incidents.group_by(pl.col("grid_code").str.slice(0, 6).alias("district"))
        .agg(
            pl.len().cast(pl.Int64).alias("incidents"),
            (pl.col("urgency") == "urgent").sum().cast(pl.Int64).alias("urgent"),
        )
        .sort("district")
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_query_typed_and_run(monkeypatch, demo_catalog, demo, lang):
    at = ok(open_page(monkeypatch, demo_catalog, demo, lang=lang))
    # Nothing runs until asked: the starter statement is in the editor.
    assert at.text_area(key="sql_text").value == console.STARTER
    assert "sql" not in at.query_params
    at.text_area(key="sql_text").set_value(BY_DISTRICT)
    at.button(key="sql_run").click()
    at.run()
    ok(at)
    want = by_district_expected(demo)
    got = result_grid(at, ["district", "incidents", "urgent"])
    assert got["district"].tolist() == want["district"].to_list()
    assert got["incidents"].tolist() == want["incidents"].to_list()
    assert got["urgent"].tolist() == want["urgent"].to_list()
    assert i18n.t("sql_rows", lang, rows=f"{want.height:,}") in texts(at)
    assert i18n.t("sql_more_rows", lang, rows=f"{console.MAX_ROWS:,}") not in texts(at)
    # The link shares the query; the statement that ran is shown highlighted.
    assert at.query_params["sql"] in (BY_DISTRICT, [BY_DISTRICT])
    assert any(c.value == BY_DISTRICT and c.language == "sql" for c in at.code)
    # A chart was drawn from it (bars of the first count per district, as first guess).
    assert len(at.get("echarts_chart")) == 1


def test_downloads_carry_the_result(monkeypatch, demo_catalog, demo):
    made: dict[str, object] = {}
    real = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[file_name.rsplit(".", 1)[1]] = (data_callable, mimetype)
        return real(self, data_callable, mimetype, coordinates, file_name=file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    run_link(ok(open_page(monkeypatch, demo_catalog, demo, sql=BY_DISTRICT)))
    want = by_district_expected(demo)
    assert set(made) == {"csv", "xlsx", "parquet"}

    csv_bytes = made["csv"][0]()
    assert csv_bytes.startswith(b"\xef\xbb\xbf")  # so that Excel reads the text as UTF-8
    assert made["csv"][1] == "text/csv"
    back = pl.read_csv(io.BytesIO(csv_bytes[3:]), schema_overrides={"district": pl.String})
    assert back.equals(want)

    parquet = pl.read_parquet(io.BytesIO(made["parquet"][0]()))
    assert parquet.equals(want)

    with zipfile.ZipFile(io.BytesIO(made["xlsx"][0]())) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        shared = book.read("xl/sharedStrings.xml").decode()
    assert f'<dimension ref="A1:C{want.height + 1}"/>' in sheet
    for district in want["district"]:
        assert district in shared
    assert f"<v>{want['incidents'][0]}</v>" in sheet


def test_shared_link_fills_in_and_runs_only_on_run(monkeypatch, demo_catalog, demo):
    sql = "select count(*) as n from grids"
    at = ok(open_page(monkeypatch, demo_catalog, demo, sql=sql, lang="en", panel="history"))
    assert at.text_area(key="sql_text").value == sql
    # Nothing ran: no result, no history, and the page says the statement waits for Run.
    assert not [d for d in at.dataframe if list(d.value.columns) == ["n"]]
    assert not [b for b in at.button if b.key and b.key.startswith("sql_history_")]
    assert [i.value for i in at.info] == [i18n.t("sql_from_link", "en")]
    ok(run_link(at))
    grids = read_export(demo.exports, "grids").height
    assert result_grid(at, ["n"])["n"].tolist() == [grids]
    # Reruns (a widget moved) do not run it again: one line in the history.
    at.run()
    history = [b for b in at.button if b.key and b.key.startswith("sql_history_")]
    assert [b.label for b in history] == [sql]


def test_scope_from_the_url_limits_the_console(monkeypatch, demo_catalog, demo, expected):
    at = ok(
        run_link(
            open_page(
                monkeypatch, demo_catalog, demo, at=SCOPE, sql="select count(*) as n from incidents"
            )
        )
    )
    assert result_grid(at, ["n"])["n"].tolist() == [expected.incidents]
    assert expected.incidents < expected.all_incidents


def test_more_rows_exist(monkeypatch, demo_catalog, demo):
    monkeypatch.setattr(console, "MAX_ROWS", 50)
    at = ok(
        run_link(
            open_page(
                monkeypatch,
                demo_catalog,
                demo,
                lang="en",
                sql="select incident_id from incidents order by incident_id",
            )
        )
    )
    assert len(result_grid(at, ["incident_id"])) == 50
    assert i18n.t("sql_more_rows", "en", rows="50") in texts(at)
    assert any(c.language == "bash" and "griddash query" in c.value for c in at.code)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_refusal_and_syntax_error_in_plain_words(monkeypatch, demo_catalog, demo, lang):
    at = run_link(
        open_page(
            monkeypatch, demo_catalog, demo, lang=lang, sql="select * from read_csv('/etc/passwd')"
        )
    )
    assert [e.value for e in at.error] == [i18n.t("sql_fail_refused", lang)]
    # The statement check's words in the page's language (DuckDB's own, below, stay English).
    detail = next(c.value for c in at.code if c.language == "text")
    if lang == "zh":
        assert detail.startswith("不允许表函数 'read_csv'；应为 ") and detail.endswith(
            "之一或一张表"
        )
    else:
        assert detail.startswith("table function 'read_csv' is not allowed; expected one of ")
    at.text_area(key="sql_text").set_value("selec count(*) from grids")
    at.button(key="sql_run").click()
    at.run()
    assert [e.value for e in at.error] == [i18n.t("sql_fail_syntax", lang)]
    # DuckDB's own message, on one line, with where it stopped.
    detail = 'Parser Error: syntax error at or near "selec" (line 1, column 1)'
    assert [c.value for c in at.code if c.language == "text"] == [detail]
    # A column not found: where, and the columns DuckDB suggests instead.
    at.text_area(key="sql_text").set_value("select grid_nam from grids")
    at.button(key="sql_run").click()
    at.run()
    [detail] = [c.value for c in at.code if c.language == "text"]
    assert detail.startswith('Binder Error: Referenced column "grid_nam" not found')
    assert "found in FROM clause! Candidate bindings: " in detail and '"grid_name"' in detail


@pytest.mark.parametrize(
    ("sql", "said"), [("select 1 as one", "1 row"), ("select * from range(2)", "2 rows")]
)
def test_the_row_count_badge_in_english(monkeypatch, demo_catalog, demo, sql, said):
    at = ok(run_link(open_page(monkeypatch, demo_catalog, demo, sql=sql, lang="en")))
    # st.badge is markdown: ":blue-badge[:material/table_rows: 1 row]".
    assert re.search(rf"badge\[[^\]]* {said}\]", texts(at)), texts(at)


def test_examples_load_and_history_reloads(monkeypatch, demo_catalog, demo):
    at = ok(
        run_link(open_page(monkeypatch, demo_catalog, demo, sql="select 1 as one", panel="history"))
    )
    at.text_area(key="sql_text").set_value("select 2 as two")
    at.button(key="sql_run").click()
    at.run()
    # Newest first; a click puts the statement back in the editor (without running it).
    history = [b for b in at.button if b.key and b.key.startswith("sql_history_")]
    assert [b.label for b in history] == ["select 2 as two", "select 1 as one"]
    history[1].click()
    at.run()
    assert at.text_area(key="sql_text").value == "select 1 as one"
    assert list(result_grid(at, ["two"])["two"]) == [2]
    # An example loads its SQL, parameters filled in, into the editor.
    at.query_params["panel"] = "examples"
    at.run()
    at.button(key="sql_example_kpis_by_day").click()
    at.run()
    text = at.text_area(key="sql_text").value
    assert text.startswith("-- kpis_by_day:")
    assert not [line for line in text.splitlines() if "$" in line and not line.startswith("--")]
    at.button(key="sql_run").click()
    at.run()
    ok(at)
    assert (
        len(
            result_grid(
                at,
                list(
                    Catalog(demo_catalog)
                    .query("kpis_by_day", **{"from": date(2026, 10, 2), "to": date(2026, 10, 31)})
                    .columns
                ),
            )
        )
        == 30
    )
    # A table of the schema browser loads a first look at it.
    at.query_params["panel"] = "tables"
    at.run()
    at.button(key="sql_table_patrols").click()
    at.run()
    assert at.text_area(key="sql_text").value == console_schema.table_sql("patrols")


def test_only_the_open_panel_is_laid_out(monkeypatch, demo_catalog, demo):
    def shown(at):
        tables = [e for e in at.expander if e.label.startswith("**incidents**")]
        examples = [b for b in at.button if b.key and b.key.startswith("sql_example_")]
        return bool(tables), len(examples)

    at = ok(open_page(monkeypatch, demo_catalog, demo))
    assert shown(at) == (True, 0)  # the tables, by default
    at.query_params["panel"] = "examples"
    at.run()
    assert shown(at) == (False, len(console_schema.examples(date(2026, 10, 31), "", "zh")))
    at.query_params["panel"] = "nonsense"  # a hand-edited link: the first panel
    at.run()
    assert shown(at) == (True, 0)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_schema_browser_on_the_page(monkeypatch, demo_catalog, demo, lang):
    at = ok(open_page(monkeypatch, demo_catalog, demo, lang=lang))
    labels = [e.label for e in at.expander]
    cat = Catalog(demo_catalog, limits=CONSOLE_LIMITS, console=True)
    for view in cat.views:
        assert any(label.startswith(f"**{view}**") for label in labels), view
    incidents = next(e for e in at.expander if e.label.startswith("**incidents**"))
    table = incidents.markdown[0].value
    deadline = contract.BY_NAME["incidents"].column("deadline_at")
    assert f"| `deadline_at` | timestamp | {i18n.pick(deadline.zh, deadline.en, lang)} |" in table
    # Searching narrows the list to what matches, expanded.
    at.text_input(key="sql_find").set_value("households_visited")
    at.run()
    found = [e.label for e in at.expander if e.label.startswith("**")]
    assert [x.split("**")[1] for x in found if "patrols" in x] == ["patrols"]
    assert not any(x.startswith("**incidents**") for x in found)


# -- the execution path: dashboard.analysis.console.run ----------------------------------------------------


@pytest.fixture(scope="module")
def console_cat(demo_catalog) -> Catalog:
    """A district session as the page opens it: the console's views, limits and scope."""
    return Catalog(demo_catalog, scope=SCOPE, limits=CONSOLE_LIMITS, console=True)


@pytest.mark.parametrize("name, sql, says", ESCAPES, ids=ESCAPE_IDS)
def test_escape_list_through_the_page_path(name, sql, says, console_cat, places, expected):
    text, says = fill(sql, places, GUESSED_ALIAS), fill(says, places, "catalog")
    before = disk_state(places["exports"], places["catalog"].parent, places["out"])
    result = console.run(console_cat, text)
    assert not result.ok and result.frame is None
    assert result.failure.kind == "refused"
    assert says in result.failure.detail and "\n" not in result.failure.detail
    assert_nothing_leaks(result.failure.detail, places, expected, typed=text)
    for lang in i18n.LANGS:  # plain words, in both languages
        assert result.failure.message(lang, console_cat.limits) == i18n.t("sql_fail_refused", lang)
    # The detail too, where it is the statement check's (sqlguard.REFUSALS): in Chinese, with
    # the names in it kept as typed.
    assert result.failure.detail_text("en") == result.failure.detail
    if sqlguard.refusal_of(result.failure.detail) is not None:
        zh = result.failure.detail_text("zh")
        assert zh != result.failure.detail and not re.search("[a-z]{3,} [a-z]{3,} [a-z]{3,}", zh)
    assert disk_state(places["exports"], places["catalog"].parent, places["out"]) == before
    assert list(places["out"].iterdir()) == []


def test_time_and_memory_limits_in_plain_words(demo_catalog):
    fast = Limits(time_limit_s=1)
    slow = console.run(Catalog(demo_catalog, limits=fast, console=True), TIME_BOMBS[0][1])
    assert slow.failure.kind == "time_limit"
    assert slow.failure.message("en", fast) == i18n.t(
        "sql_fail_time_limit", "en", seconds="1", memory="4GB"
    )
    assert "1 s" in slow.failure.message("en", fast)
    limits = Limits(memory_limit="500MB")
    big = console.run(Catalog(demo_catalog, limits=limits, console=True), MEMORY_BOMBS[0][1])
    assert big.failure.kind == "memory_limit"
    assert "500MB" in big.failure.message("zh", limits)
    assert big.failure.detail.startswith("Out of Memory Error")  # DuckDB's own words, one line
    assert "\n" not in big.failure.detail


def test_failures_of_other_kinds(console_cat):
    assert console.run(console_cat, "select nope from grids").failure.kind == "failed"
    syntax = console.run(console_cat, "select from from")
    assert syntax.failure.kind == "syntax"
    assert (
        syntax.failure.detail == 'Parser Error: syntax error at or near "from" (line 1, column 13)'
    )
    mistyped = console.run(console_cat, "select * from grids where grid_code = 1")
    assert mistyped.failure.kind == "failed" and "\n" not in mistyped.failure.detail
    assert console.run(console_cat, "select 1; select 2").failure.kind == "refused"


def test_run_reports_rows_time_and_truncation(console_cat):
    result = console.run(console_cat, "select x from range(25) t(x)", max_rows=10)
    assert result.ok and result.rows == 10 and result.truncated
    assert result.frame["x"].to_list() == list(range(10))
    exact = console.run(console_cat, "select x from range(10) t(x)", max_rows=10)
    assert exact.rows == 10 and not exact.truncated
    empty = console.run(console_cat, "select grid_code from grids where false")
    assert empty.ok and empty.rows == 0 and empty.frame.columns == ["grid_code"]


def test_a_result_names_the_data_version_it_read(demo_catalog, console_cat):
    """The worker reports the version of the file it read: the catalog's own for the city, the
    same for a district's copy of it."""
    with duckdb.connect(str(demo_catalog), read_only=True) as con:
        [(version,)] = con.execute(
            "select value from catalog_info where key = 'data_version'"
        ).fetchall()
    city = console.run(Catalog(demo_catalog, console=True), "select 1 as x")
    assert city.ok and city.version == version
    district = console.run(console_cat, "select count(*) as n from incidents")
    assert district.ok and district.version == version
    assert console.run(console_cat, "select nope").version is None  # failed: nothing read


def test_every_failure_kind_has_plain_words():
    for kind in console.FAILURE_KINDS:
        for lang in i18n.LANGS:
            message = console.Failure(kind, "x").message(lang, CONSOLE_LIMITS)
            assert message and "{" not in message
            assert i18n.t(f"sql_kind_{kind}", lang)


def test_error_kind_is_shared_with_the_command_line():
    from dashboard.commands import query_cli

    assert query_cli.error_kind is console.error_kind


# -- examples, schema, history, downloads, charts -------------------------------------------------


def test_examples_equal_the_named_queries_with_bind_parameters(demo_catalog):
    """Each example, its parameters written in as literals and run through the console, returns
    what the named query returns with the same values bound as parameters."""
    cat = Catalog(demo_catalog, limits=CONSOLE_LIMITS, console=True)
    as_of = date(2026, 10, 30)
    values = console_schema.example_values(as_of, "")
    examples = console_schema.examples(as_of, "", "en")
    assert [e.name for e in examples] == list(queries.registry())
    for ex in examples:
        q = queries.get(ex.name)
        assert [p for p, _, _ in ex.params] == list(q.params)
        result = console.run(cat, ex.sql, max_rows=1_000_000)
        assert result.ok, (ex.name, result.failure)
        bound = cat.query(ex.name, **{p: values[p] for p in q.params})
        assert result.frame.equals(bound), ex.name


def test_example_values_follow_the_data_and_scope():
    v = console_schema.example_values(date(2026, 10, 30), "140106")
    assert v["as_of"] == v["to"] == date(2026, 10, 30)
    assert v["from"] == date(2026, 10, 1)  # the 30 days ending on as_of
    assert str(v["cutoff"]) == "2026-10-31 00:00:00"
    assert v["digits"] == 9  # the streets of a district
    assert console_schema.example_values(date(2026, 10, 30), "")["digits"] == 6


def test_schema_lists_exactly_the_sessions_views(demo_catalog):
    cat = Catalog(demo_catalog, scope=SCOPE, limits=CONSOLE_LIMITS, console=True)
    for lang in i18n.LANGS:
        tables = console_schema.schema(cat, lang)
        assert {x.name for x in tables} == set(cat.views)
        for table in tables:
            assert table.title and all(c.description and c.kind for c in table.columns), table
            if table.name in contract.BY_NAME:
                spec = contract.BY_NAME[table.name]
                assert table.group == "export"
                assert [c.name for c in table.columns][: len(spec.columns)] == list(
                    spec.column_names
                )
                assert {c.name: c.kind for c in table.columns if c.name in spec.column_names} == {
                    c.name: c.kind for c in spec.columns
                }
    groups = {x.name: x.group for x in console_schema.schema(cat, "zh")}
    assert groups["incidents_by_grid_day"] == groups["open_spans"] == "aggregate"
    assert groups["catalog_info"] == "catalog"
    deadline = next(
        c
        for x in console_schema.schema(cat, "zh")
        if x.name == "incidents"
        for c in x.columns
        if c.name == "status"
    )
    assert "open / dispatched / resolved / closed / cancelled" in deadline.description


def test_find_narrows_tables_and_columns(demo_catalog):
    tables = console_schema.schema(Catalog(demo_catalog, limits=CONSOLE_LIMITS), "en")
    found = console_schema.find(tables, "HOUSEHOLDS_visited")
    assert [(x.name, [c.name for c in x.columns]) for x in found] == [
        ("patrols", ["households_visited"])
    ]
    assert console_schema.find(tables, "  ") == tables
    assert console_schema.find(tables, "no such thing anywhere") == []


def test_history_newest_first_without_repeats():
    at = paths.now_local()
    make = lambda sql: console.Run(sql, pl.DataFrame({"x": [1]}), False, 1.0, at)  # noqa: E731
    history: list[console.Entry] = []
    for sql in ("select 1", "select 2", "select 1"):
        history = console.remember(history, make(sql))
    assert [e.sql for e in history] == ["select 1", "select 2"]
    for i in range(60):
        history = console.remember(history, make(f"select {i + 10}"))
    assert len(history) == console.HISTORY_LENGTH
    failed = console.Run("selec", None, False, 1.0, at, console.Failure("syntax", "x"))
    assert console.remember([], failed)[0].failure == "syntax"
    assert console.Entry("-- note\nselect 1 -- one\nfrom t", 1, False, 1, at, None).first_line == (
        "select 1 from t"
    )


def xlsx_rows(data: bytes) -> list[list[str | None]]:
    """The first sheet's cells, row by row, as the file stores them (strings looked up in the
    shared-strings table)."""
    import xml.etree.ElementTree as ET

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    book = zipfile.ZipFile(io.BytesIO(data))
    shared = [
        si.findtext("m:t", namespaces=ns)
        for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", ns)
    ]
    sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
    out = []
    for row in sheet.find("m:sheetData", ns).findall("m:row", ns):
        cells = []
        for c in row.findall("m:c", ns):
            v = c.findtext("m:v", namespaces=ns)
            cells.append(shared[int(v)] if c.get("t") == "s" and v is not None else v)
        out.append(cells)
    return out


def test_downloads_round_trip_text_dates_and_lists():
    frame = pl.DataFrame(
        {
            "name": ["小店区", "迎泽区"],
            "day": [date(2026, 10, 1), None],
            "n": [1, 2],
            "codes": [["a", "b"], []],
        }
    )
    assert pl.read_parquet(io.BytesIO(downloads.download(frame, "parquet"))).equals(frame)
    back = pl.read_csv(io.BytesIO(downloads.download(frame, "csv")[3:]), try_parse_dates=True)
    assert back["name"].to_list() == ["小店区", "迎泽区"]
    assert back["day"].to_list() == [date(2026, 10, 1), None]
    assert back["codes"].to_list() == ['["a", "b"]', "[]"]
    # The workbook read back with the standard library (no Excel reader installed): shared
    # strings by index, numbers as written, a date as Excel's day serial — days since
    # 1899-12-30, so 2026-10-01 is 46,296 — and an empty cell for the missing day.
    rows = xlsx_rows(downloads.download(frame, "xlsx"))
    assert rows == [
        ["name", "day", "n", "codes"],
        ["小店区", "46296", "1", '["a", "b"]'],
        ["迎泽区", None, "2", "[]"],
    ]
    assert (date(2026, 10, 1) - date(1899, 12, 30)).days == 46296
    with pytest.raises(ValueError):
        downloads.download(frame, "xls")


def test_chart_guesses():
    days = pl.DataFrame({"day": [date(2026, 10, 1)], "new": [3], "closed": [2], "grid_name": ["x"]})
    c = console_chart.chart_columns(days)
    assert (c.kind, c.x, c.ys) == ("line", "day", ("new", "closed"))
    grids = pl.DataFrame(
        {"grid_name": ["a"], "center_lon": [112.5], "center_lat": [37.8], "population": [10]}
    )
    c = console_chart.chart_columns(grids)
    assert (c.kind, c.lon, c.lat, c.ys) == (
        "map",
        ("center_lon",),
        ("center_lat",),
        ("population",),
    )
    counts = pl.DataFrame({"district_code": ["1"], "district_name": ["a"], "n": [1]})
    c = console_chart.chart_columns(counts)
    assert (c.kind, c.x, c.ys) == ("bar", "district_name", ("n",))


def test_chart_guesses_a_series_and_the_results_key():
    # Monthly counts by matter type: the months repeat, so one line per type.
    monthly = pl.DataFrame(
        {
            "month": [date(2026, 9, 1), date(2026, 9, 1), date(2026, 10, 1), date(2026, 10, 1)],
            "category_zh": ["市容环境", "安全隐患", "市容环境", "安全隐患"],
            "incidents": [5, 2, 7, 1],
        }
    )
    c = console_chart.chart_columns(monthly)
    assert (c.kind, c.x, c.series, c.ys) == ("line", "month", "category_zh", ("incidents",))
    # The streets with most overdue cases: x is the street (its key), not its district.
    streets = pl.DataFrame(
        {
            "district_name": ["小店区", "小店区", "迎泽区"],
            "street_name": ["坞城街道", "平阳街道", "柳巷街道"],
            "overdue": [9, 4, 3],
        }
    )
    c = console_chart.chart_columns(streets)
    assert (c.kind, c.x, c.series, c.ys) == ("bar", "street_name", None, ("overdue",))


def _series(chart) -> list[tuple[str, list]]:
    """(name, [(x, y), ...]) per series of a quick chart's ECharts option."""
    return [(s["name"], [tuple(p) for p in s["data"]]) for s in chart.option["series"]]


def test_quick_chart_draws_one_line_per_series():
    monthly = pl.DataFrame(
        {
            "month": [date(2026, 10, 1), date(2026, 9, 1), date(2026, 10, 1), date(2026, 9, 1)],
            "type": ["b", "b", "a", "a"],
            "n": [1, 2, 7, 5],
        }
    )
    chart = console_chart.quick_chart(monthly, "line", "month", ["n"], "en", series="type")
    # Largest total first: a (12) then b (3); each sorted along the months, on a time axis.
    assert _series(chart) == [
        ("a", [("2026-09-01", 5.0), ("2026-10-01", 7.0)]),
        ("b", [("2026-09-01", 2.0), ("2026-10-01", 1.0)]),
    ]
    assert chart.option["xAxis"]["type"] == "time"
    # in numbers at every level (ECharts' month names are English only)
    assert "{MM}" in chart.option["xAxis"]["axisLabel"]["formatter"]["month"]
    assert chart.option["title"]["text"] == "n by month, one per type"
    assert chart.option["legend"]["show"]  # two series: a legend names them


def test_quick_chart_says_when_it_adds_rows_or_leaves_series_out():
    streets = pl.DataFrame({"district": ["x", "x", "y"], "n": [9, 4, 3]})
    chart = console_chart.quick_chart(streets, "bar", "district", ["n"], "zh")
    assert _series(chart) == [("n", [("x", 13.0), ("y", 3.0)])]
    assert chart.option["xAxis"]["data"] == ["x", "y"] and "legend" not in chart.option
    assert "横轴取值相同的行已相加：3 行 → 2 个点" in chart.option["title"]["subtext"]
    many = pl.DataFrame(
        {
            "day": [date(2026, 10, 1)] * 14,
            "kind": [f"k{i:02}" for i in range(14)],
            "n": list(range(14)),
        }
    )
    chart = console_chart.quick_chart(many, "line", "day", ["n"], "en", series="kind")
    assert [name for name, _ in _series(chart)] == [f"k{i:02}" for i in range(13, 1, -1)]
    assert "the 12 largest series of 14 are drawn" in chart.option["title"]["subtext"]
    assert "added up" not in chart.option["title"]["subtext"]


def test_quick_chart_names_null_categories_and_reads_decimals():
    """A null category is drawn as NULL (as the result grid shows it), not dropped; DuckDB's
    decimals (sum of a decimal column) become numbers ECharts can draw."""
    frame = pl.DataFrame(
        {"unit": ["a", None], "hours": [1.5, 2.25]},
        schema={"unit": pl.String, "hours": pl.Decimal(10, 2)},
    )
    chart = console_chart.quick_chart(frame, "bar", "unit", ["hours"], "en")
    assert _series(chart) == [("hours", [("a", 1.5), ("NULL", 2.25)])]
    json.dumps(chart.option)  # plain JSON, as st.echarts_chart sends it


def test_a_line_over_text_keeps_the_results_order():
    ranked = pl.DataFrame({"district": ["小店区", "万柏林区", "古交市"], "n": [9, 5, 1]})
    chart = console_chart.quick_chart(ranked, "line", "district", ["n"], "zh")
    assert chart.option["xAxis"]["data"] == ["小店区", "万柏林区", "古交市"]
    assert _series(chart) == [("n", [("小店区", 9.0), ("万柏林区", 5.0), ("古交市", 1.0)])]


@pytest.mark.parametrize("kind", ["line", "bar", "scatter"])
def test_quick_chart(kind):
    frame = pl.DataFrame({"day": [date(2026, 10, 2), date(2026, 10, 1)], "a": [1, 2], "b": [3, 4]})
    chart = console_chart.quick_chart(frame, kind, "day", ["a", "b"], "zh")
    assert [(s["name"], s["type"]) for s in chart.option["series"]] == [("a", kind), ("b", kind)]
    assert chart.option["title"]["text"] == i18n.t("sql_chart_title", "zh", y="a, b", x="day")
    if kind == "line":  # sorted along x
        assert _series(chart)[0][1] == [("2026-10-01", 2.0), ("2026-10-02", 1.0)]
    else:  # in the result's order
        assert _series(chart)[0][1] == [("2026-10-02", 1.0), ("2026-10-01", 2.0)]
    # points need no zero baseline; lines and bars start at zero
    assert chart.option["yAxis"]["scale"] is (kind == "scatter")


def test_quick_map_fetches_nothing(demo_catalog):
    import json

    cat = Catalog(demo_catalog, limits=CONSOLE_LIMITS)
    frame = cat.sql("select grid_name, center_lon, center_lat, population from grids limit 50")
    deck = console_chart.quick_map(cat, frame, "center_lon", "center_lat", "population", "en")
    text = deck.to_json()
    assert "http" not in text.lower()
    spec = json.loads(text)
    # map_style left at pydeck's default: Streamlit reads "__MAP_STYLE__" as "no basemap".
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec
    points = next(layer for layer in spec["layers"] if layer["@@type"] == "ScatterplotLayer")
    assert len(points["data"]) == 50


# -- a refusal's words in the interface language ----------------------------------------------


@pytest.mark.parametrize("key", list(sqlguard.REFUSALS))
def test_every_refusal_reads_back_and_has_both_languages(key):
    template = sqlguard.REFUSALS[key]
    names = re.findall(r"\{(\w+)\}", template)
    # values with the separators the templates use around them ("; ", " (", ": ")
    values = {n: f"'{n}; x (y): z'" for n in names}
    line = str(sqlguard.refuse(key, **values))
    assert sqlguard.refusal_of(line) == (key, values)
    assert i18n.t(f"sql_refusal_{key}", "en", **values) == line
    zh = i18n.t(f"sql_refusal_{key}", "zh", **values)
    assert all(v in zh for v in values.values()) and zh != line


def test_refusals_in_chinese_through_the_page_path(console_cat):
    cases = {
        "select 1; select 2": "应为一条语句，实际为 2 条",
        "select getenv('HOME')": "控制台不允许函数 'getenv'；应为计算类函数（数学、文本、日期、列表、"
        "结构体、正则、聚合、窗口）",
        "select * from duckdb_settings()": "不允许表函数 'duckdb_settings'；应为 "
        + ", ".join(sorted(sqlguard.TABLE_FUNCTIONS))
        + " 之一或一张表",
        "select $x": "此处不支持参数（$name、?）；请直接写入取值",
        "with grids as (select 1) select * from grids": "CTE 名称 'grids' 与数据库中的表或函数同名；"
        "请用自己的名称（例如 my_grids）",
    }
    for sql, zh in cases.items():
        failure = console.run(console_cat, sql).failure
        assert failure.kind == "refused", sql
        assert failure.detail_text("zh") == zh, sql
    # DuckDB's own messages are not the statement check's: as DuckDB wrote them
    failed = console.run(console_cat, "select nope from grids").failure
    assert failed.detail_text("zh") == failed.detail


def test_every_example_says_its_purpose_in_both_languages():
    # The header comment (English) is only a fallback: a Chinese page must not show it.
    for name, q in queries.registry().items():
        key = f"sqlquery_{name}"
        assert key in i18n.STRINGS, name
        assert i18n.t(key, "zh") != q.purpose and re.search("[\u4e00-\u9fff]", i18n.t(key, "zh"))


def test_large_numbers_in_the_result_grid_are_thousands_separated():
    frame = pl.DataFrame(
        {
            "year": [2025, 2026],  # below 10,000: stays 2026, not 2,026
            "cases": [9, 12_345],  # one value from 10,000: the column separated
            "share": [0.5, 0.25],
            "hours": [-10_000.5, 1.0],  # the size counts, not the sign
            "empty": pl.Series([None, None], dtype=pl.Float64),
            "nan": [float("nan"), 3.0],
            "name": ["a", "b"],
        }
    )
    formats = analysis_page.large_number_formats(frame)
    assert {c: f["type_config"]["format"] for c, f in formats.items()} == {
        "cases": "%,d",
        "hours": "localized",
    }
    assert analysis_page.large_number_formats(frame.clear()) == {}
